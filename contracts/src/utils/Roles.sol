// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Roles
/// @notice The role identifiers shared by every contract. Roles live in `Profiles` only.
library Roles {
    /// @notice The system administrator (OpenZeppelin's default admin role).
    bytes32 internal constant SYSTEM_ADMIN = 0x00;
    /// @notice May mark users as verified (verified users create communities).
    bytes32 internal constant VERIFIER = keccak256("VERIFIER_ROLE");
    /// @notice May publish tasks in the task market.
    bytes32 internal constant TASK_PUBLISHER = keccak256("TASK_PUBLISHER_ROLE");
    /// @notice May pause and unpause every contract.
    bytes32 internal constant PAUSER = keccak256("PAUSER_ROLE");
}
