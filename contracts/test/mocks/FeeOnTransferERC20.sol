// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice An ERC-20 that keeps `feeBps` (1% by default) of every transfer for itself:
///         the recipient gets `amount - amount * feeBps / 10_000` (test double).
contract FeeOnTransferERC20 is ERC20 {
    uint256 public feeBps = 100;

    constructor() ERC20("Fee Token", "FEE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setFeeBps(uint256 feeBps_) external {
        require(feeBps_ <= 10_000, "fee");
        feeBps = feeBps_;
    }

    /// @dev What arrives when `amount` is transferred.
    function afterFee(uint256 amount) public view returns (uint256) {
        return amount - amount * feeBps / 10_000;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = value * feeBps / 10_000;
        if (fee != 0) super._update(from, address(this), fee);
        super._update(from, to, value - fee);
    }
}
