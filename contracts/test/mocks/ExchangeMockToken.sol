// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A misbehaving ERC-20 for `PointExchange` tests: an optional transfer fee (burned),
///         a recipient blocklist (transfers to a blocked address revert) and a "hollow" mode
///         in which transfers report success but move nothing.
contract ExchangeMockToken is ERC20 {
    /// @notice Transfers to this address are refused.
    error ExchangeMockTokenBlocked(address to);

    /// @notice Fee in basis points, burned from every transfer between two accounts.
    uint256 public feeBps;
    /// @notice When true, transfers succeed without moving anything.
    bool public hollow;
    /// @notice Recipients whose incoming transfers revert.
    mapping(address account => bool) public blocked;

    constructor() ERC20("Mock", "MOCK") {}

    /// @notice Mints to anyone.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets the transfer fee.
    function setFeeBps(uint256 bps) external {
        feeBps = bps;
    }

    /// @notice Sets hollow mode.
    function setHollow(bool on) external {
        hollow = on;
    }

    /// @notice Blocks or unblocks a recipient.
    function setBlocked(address account, bool on) external {
        blocked[account] = on;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        if (blocked[to]) revert ExchangeMockTokenBlocked(to);
        if (hollow) return;
        uint256 fee = value * feeBps / 10_000;
        super._update(from, to, value - fee);
        if (fee != 0) super._update(from, address(0), fee);
    }
}
