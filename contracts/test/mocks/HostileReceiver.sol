// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Actor} from "./Actor.sol";

/// @notice A player contract that, when paid in ETH, first reads a view of the paying
///         contract (to see whether its state was final before the payout) and then tries
///         to re-enter it. It records both outcomes. It also acts as a user of any contract
///         through `act` (test double).
contract HostileReceiver is Actor {
    address public target;
    bytes public viewData;
    bytes public reenterData;
    bool public paid;
    bytes public seen;
    bool public reenterOk;
    bytes public reenterResult;
    bool public rejecting;

    /// @dev While rejecting, every ETH payment reverts (so the payer credits it).
    function setRejecting(bool rejecting_) external {
        rejecting = rejecting_;
    }

    /// @dev What to read and what to call back into on the next payment.
    function arm(address target_, bytes calldata viewData_, bytes calldata reenterData_) external {
        target = target_;
        viewData = viewData_;
        reenterData = reenterData_;
        paid = false;
    }

    receive() external payable {
        if (rejecting) revert("rejecting");
        if (target == address(0) || paid) return;
        paid = true;
        (, seen) = target.staticcall(viewData);
        (reenterOk, reenterResult) = target.call(reenterData);
    }
}
