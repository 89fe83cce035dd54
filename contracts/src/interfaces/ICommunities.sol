// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ICommunities
/// @notice What the other contracts ask of `Communities`.
interface ICommunities {
    /// @notice Whether community `id` exists.
    function exists(uint256 id) external view returns (bool);
    /// @notice Whether `account` is a member of community `id`.
    function isMember(uint256 id, address account) external view returns (bool);
    /// @notice Whether `account` is an admin of community `id`.
    function isCommunityAdmin(uint256 id, address account) external view returns (bool);
    /// @notice The point token of community `id` (`address(0)` before `createPoints`).
    function pointsOf(uint256 id) external view returns (address);
}
