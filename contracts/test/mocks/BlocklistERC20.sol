// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice An ERC-20 whose `transfer` to a blocked address fails: it returns `false`
///         (`revertOnBlocked == false`) or reverts (`revertOnBlocked == true`) (test double).
contract BlocklistERC20 is ERC20 {
    error Blocked(address account);

    mapping(address account => bool) public blocked;
    bool public revertOnBlocked;

    constructor(bool revertOnBlocked_) ERC20("Blocklist Token", "BLK") {
        revertOnBlocked = revertOnBlocked_;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (blocked[to]) {
            if (revertOnBlocked) revert Blocked(to);
            return false;
        }
        return super.transfer(to, value);
    }
}
