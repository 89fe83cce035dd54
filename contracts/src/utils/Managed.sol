// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProfiles} from "../interfaces/IProfiles.sol";
import {Roles} from "./Roles.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title Managed
/// @notice Base for every contract but `Profiles`: asks `Profiles` for roles and
///         registration, and can be paused by `PAUSER_ROLE`.
abstract contract Managed is Pausable {
    /// @notice `account` lacks `role` (or the standing an action needs).
    error ManagedUnauthorized(address account, bytes32 role);
    /// @notice `account` has not registered a username: visitors cannot act.
    error ManagedNotRegistered(address account);
    /// @notice A constructor argument was the zero address.
    error ManagedZeroAddress();

    /// @notice The registry of accounts and roles.
    IProfiles public immutable profiles;

    /// @param profiles_ The `Profiles` contract.
    constructor(IProfiles profiles_) {
        if (address(profiles_) == address(0)) revert ManagedZeroAddress();
        profiles = profiles_;
    }

    modifier onlyRole(bytes32 role) {
        _checkRole(role, msg.sender);
        _;
    }

    modifier onlyRegistered() {
        if (!profiles.isRegistered(msg.sender)) revert ManagedNotRegistered(msg.sender);
        _;
    }

    /// @notice Stops every entry point that starts something new. Exits stay open.
    function pause() external onlyRole(Roles.PAUSER) {
        _pause();
    }

    /// @notice Lifts a pause.
    function unpause() external onlyRole(Roles.PAUSER) {
        _unpause();
    }

    function _checkRole(bytes32 role, address account) internal view {
        if (!profiles.hasRole(role, account)) revert ManagedUnauthorized(account, role);
    }

    function _isSystemAdmin(address account) internal view returns (bool) {
        return profiles.hasRole(Roles.SYSTEM_ADMIN, account);
    }
}
