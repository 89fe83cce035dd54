// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IProfiles
/// @notice What the other contracts ask of `Profiles`.
interface IProfiles {
    /// @notice Whether `account` holds `role`.
    function hasRole(bytes32 role, address account) external view returns (bool);
    /// @notice Whether `account` has registered a username.
    function isRegistered(address account) external view returns (bool);
    /// @notice Whether `account` is a verified user.
    function isVerified(address account) external view returns (bool);
    /// @notice Whether `account` is a task publisher or the system admin (may publish).
    function isPrivileged(address account) external view returns (bool);
    /// @notice Registration and privilege in one call (cheaper for hot paths).
    /// @return registered Whether `account` registered a username.
    /// @return privileged Whether `account` is a task publisher or the system admin.
    function standing(address account) external view returns (bool registered, bool privileged);
    /// @notice The one ERC-2771 forwarder every contract trusts (fixed at deployment).
    function trustedForwarder() external view returns (address);
}
