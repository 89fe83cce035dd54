// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProfiles} from "../interfaces/IProfiles.sol";
import {Roles} from "./Roles.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title Managed
/// @notice Base for every contract but `Profiles`: asks `Profiles` for roles and
///         registration, and can be paused by `PAUSER_ROLE`. Accepts meta-transactions
///         from the one forwarder `Profiles` trusts (ERC-2771): every check is made
///         against `_msgSender()`, the request's signer, never the relayer.
abstract contract Managed is Pausable, ERC2771Context {
    /// @notice `account` lacks `role` (or the standing an action needs).
    error ManagedUnauthorized(address account, bytes32 role);
    /// @notice `account` has not registered a username: visitors cannot act.
    error ManagedNotRegistered(address account);
    /// @notice A constructor argument was the zero address.
    error ManagedZeroAddress();

    /// @notice The registry of accounts and roles.
    IProfiles public immutable profiles;

    /// @param profiles_ The `Profiles` contract; its `trustedForwarder()` becomes this
    ///        contract's trusted forwarder.
    constructor(IProfiles profiles_) ERC2771Context(_forwarderOf(profiles_)) {
        profiles = profiles_;
    }

    modifier onlyRole(bytes32 role) {
        _checkRole(role, _msgSender());
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

    /// @dev The caller (`_msgSender()`, the signer of a relayed request), which must have
    ///      registered: visitors cannot act.
    function _registeredSender() internal view returns (address sender) {
        sender = _msgSender();
        if (!profiles.isRegistered(sender)) revert ManagedNotRegistered(sender);
    }

    function _checkRole(bytes32 role, address account) internal view {
        if (!profiles.hasRole(role, account)) revert ManagedUnauthorized(account, role);
    }

    function _isSystemAdmin(address account) internal view returns (bool) {
        return profiles.hasRole(Roles.SYSTEM_ADMIN, account);
    }

    /// @dev The signer of a request the trusted forwarder relays, else `msg.sender`.
    function _msgSender()
        internal
        view
        virtual
        override(Context, ERC2771Context)
        returns (address)
    {
        return super._msgSender();
    }

    /// @dev The calldata without the signer the trusted forwarder appends.
    function _msgData()
        internal
        view
        virtual
        override(Context, ERC2771Context)
        returns (bytes calldata)
    {
        return super._msgData();
    }

    /// @dev The 20 bytes of signer the trusted forwarder appends (ERC-2771).
    function _contextSuffixLength()
        internal
        view
        virtual
        override(Context, ERC2771Context)
        returns (uint256)
    {
        return super._contextSuffixLength();
    }

    /// @dev Checks `profiles_` before anything asks it for its forwarder: the zero
    ///      address reverts `ManagedZeroAddress` rather than a call without an answer.
    function _forwarderOf(IProfiles profiles_) private view returns (address) {
        if (address(profiles_) == address(0)) revert ManagedZeroAddress();
        return profiles_.trustedForwarder();
    }
}
