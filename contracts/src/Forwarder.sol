// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title Forwarder
/// @notice The one trusted ERC-2771 forwarder of every contract: a relayer pays the gas of
///         a request a player signed, and the target sees the player (never the relayer)
///         as the caller. Every contract trusts exactly this forwarder, fixed at deployment
///         (`Profiles` is given it; the others read it from `Profiles`).
/// @dev OpenZeppelin's `ERC2771Forwarder` unchanged: a request is the EIP-712 typed data
///      `ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,
///      uint48 deadline,bytes data)` in the domain `name = "Forwarder"`, `version = "1"`,
///      this chain and this contract. A request runs once (its nonce is `nonces(from)` and
///      is used up), not after its deadline, and only when `from` signed it; `execute`
///      reverts `FailedCall` when the target reverts, and the relayer must send exactly
///      `value` (payable targets only).
contract Forwarder is ERC2771Forwarder {
    /// @notice Sets the EIP-712 domain: name "Forwarder", version "1".
    constructor() ERC2771Forwarder("Forwarder") {}
}
