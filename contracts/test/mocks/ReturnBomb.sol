// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Actor} from "./Actor.sol";

/// @notice A contract account that accepts ETH and answers every payment with `size`
///         bytes of return data (a "return bomb"), and that acts as a user of any contract
///         through `act` (test double).
contract ReturnBomb is Actor {
    uint256 public immutable size;

    constructor(uint256 size_) {
        size = size_;
    }

    receive() external payable {
        uint256 n = size;
        assembly {
            return(0, n)
        }
    }
}
