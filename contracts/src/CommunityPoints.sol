// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title CommunityPoints
/// @notice One community's points: an ERC-20 with ERC-2612 permit and zero decimals
///         (points are whole numbers). Only `Communities` mints; holders (the point mall
///         among them) burn their own. Accepts ERC-2771 meta-transactions from the
///         system's one trusted forwarder: a relayed `transfer`, `approve` or `burn`
///         moves the signer's points.
contract CommunityPoints is ERC20, ERC20Permit, ERC20Burnable, ERC2771Context {
    /// @notice Only `Communities` mints.
    error CommunityPointsOnlyMinter(address caller);

    /// @notice The community these points belong to.
    uint256 public immutable communityId;
    /// @notice The `Communities` contract, the only minter.
    address public immutable minter;

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param communityId_ The community's id.
    /// @param trustedForwarder_ The ERC-2771 forwarder every contract trusts.
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 communityId_,
        address trustedForwarder_
    ) ERC20(name_, symbol_) ERC20Permit(name_) ERC2771Context(trustedForwarder_) {
        communityId = communityId_;
        // `Communities` deploys the token itself, never through the forwarder: this is
        // the deploying contract.
        minter = _msgSender();
    }

    /// @notice Mints `amount` points to `to`. Only `Communities`.
    /// @param to The recipient.
    /// @param amount Whole points.
    function mint(address to, uint256 amount) external {
        address sender = _msgSender();
        if (sender != minter) revert CommunityPointsOnlyMinter(sender);
        _mint(to, amount);
    }

    /// @notice Points are whole numbers.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    /// @dev The signer of a request the trusted forwarder relays, else `msg.sender`.
    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return super._msgSender();
    }

    /// @dev The calldata without the signer the trusted forwarder appends.
    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return super._msgData();
    }

    /// @dev The 20 bytes of signer the trusted forwarder appends (ERC-2771).
    function _contextSuffixLength()
        internal
        view
        override(Context, ERC2771Context)
        returns (uint256)
    {
        return super._contextSuffixLength();
    }
}
