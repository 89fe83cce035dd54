// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Actor} from "./Actor.sol";

/// @notice A contract account that can be told to reject ETH, and that can act as a user
///         of any contract through `act` (test double). Optionally, when it receives ETH it
///         calls `reenterTarget` with `reenterData` and records the outcome.
contract RevertingReceiver is Actor {
    error Rejected();

    bool public accepting;
    address public reenterTarget;
    bytes public reenterData;
    bool public reentered;
    bool public reenterOk;
    bytes public reenterResult;

    constructor(bool accepting_) {
        accepting = accepting_;
    }

    function setAccepting(bool accepting_) external {
        accepting = accepting_;
    }

    function setReenter(address target, bytes calldata data) external {
        reenterTarget = target;
        reenterData = data;
    }

    receive() external payable {
        if (!accepting) revert Rejected();
        if (reenterTarget != address(0) && !reentered) {
            reentered = true;
            (reenterOk, reenterResult) = reenterTarget.call(reenterData);
        }
    }
}
