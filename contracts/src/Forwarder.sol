// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title Forwarder
/// @notice The one trusted ERC-2771 forwarder: executes a player's signed request
///         (EIP-712 domain "Forwarder", version "1") on their behalf, so a relayer
///         can pay the gas while every contract sees the player as the caller.
contract Forwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("Forwarder") {}
}
