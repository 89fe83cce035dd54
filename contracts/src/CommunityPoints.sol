// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title CommunityPoints
/// @notice One community's points: an ERC-20 with ERC-2612 permit and zero decimals
///         (points are whole numbers). Only `Communities` mints; holders (the point mall
///         among them) burn their own.
contract CommunityPoints is ERC20, ERC20Permit, ERC20Burnable {
    /// @notice Only `Communities` mints.
    error CommunityPointsOnlyMinter(address caller);

    /// @notice The community these points belong to.
    uint256 public immutable communityId;
    /// @notice The `Communities` contract, the only minter.
    address public immutable minter;

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param communityId_ The community's id.
    constructor(string memory name_, string memory symbol_, uint256 communityId_)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
    {
        communityId = communityId_;
        minter = msg.sender;
    }

    /// @notice Mints `amount` points to `to`. Only `Communities`.
    /// @param to The recipient.
    /// @param amount Whole points.
    function mint(address to, uint256 amount) external {
        if (msg.sender != minter) revert CommunityPointsOnlyMinter(msg.sender);
        _mint(to, amount);
    }

    /// @notice Points are whole numbers.
    function decimals() public pure override returns (uint8) {
        return 0;
    }
}
