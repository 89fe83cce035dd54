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
    /// @notice Whether `account` is banned from community `id`.
    function isBanned(uint256 id, address account) external view returns (bool);
    /// @notice Membership, ban and admin standing in one call (cheaper for hot paths).
    /// @return member Whether `account` is a member.
    /// @return banned Whether `account` is banned.
    /// @return adminSince When `account` became an admin, 0 if it is not one.
    function standingOf(uint256 id, address account)
        external
        view
        returns (bool member, bool banned, uint64 adminSince);
    /// @notice Moves an account's standing everywhere to a new address (recovery).
    function moveAccount(address from, address to) external;
}
