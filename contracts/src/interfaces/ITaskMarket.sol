// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ITaskMarket
/// @notice What the other contracts ask of `TaskMarket`.
interface ITaskMarket {
    /// @notice Whether task `id` exists.
    function taskExists(uint256 id) external view returns (bool);
    /// @notice The community of task `id` (0 when the task does not exist).
    function communityOfTask(uint256 id) external view returns (uint256);
}
