// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PointExchange} from "../../src/PointExchange.sol";
import {Profiles} from "../../src/Profiles.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice A smart-contract trader for `PointExchange` tests whose `receive` reverts
///         unless `accepting` is switched on.
contract ExchangeEthRejecter {
    /// @notice Plain ETH is refused.
    error ExchangeEthRejecterRefused();

    PointExchange public immutable exchange;
    /// @notice Whether plain ETH transfers are accepted.
    bool public accepting;

    constructor(PointExchange exchange_) {
        exchange = exchange_;
    }

    receive() external payable {
        if (!accepting) revert ExchangeEthRejecterRefused();
    }

    /// @notice Registers this contract as a user.
    function register(string calldata username) external {
        Profiles(address(exchange.profiles())).register(username, keccak256(bytes(username)));
    }

    /// @notice Switches ETH acceptance.
    function setAccepting(bool on) external {
        accepting = on;
    }

    /// @notice Approves `spender` for `amount` of `token`.
    function approve(IERC20 token, address spender, uint256 amount) external {
        token.approve(spender, amount);
    }

    /// @notice Makes an offer (ETH comes from `msg.value`).
    function createOffer(
        address giveToken,
        uint256 giveAmount,
        address wantToken,
        uint256 wantAmount,
        address counterparty,
        uint64 expiry
    ) external payable returns (uint256) {
        return exchange.createOffer{value: msg.value}(
            giveToken, giveAmount, wantToken, wantAmount, counterparty, expiry
        );
    }

    /// @notice Accepts an offer (ETH comes from `msg.value`).
    function acceptOffer(uint256 offerId) external payable {
        exchange.acceptOffer{value: msg.value}(offerId);
    }

    /// @notice Cancels an offer.
    function cancelOffer(uint256 offerId) external {
        exchange.cancelOffer(offerId);
    }

    /// @notice Withdraws a deferred payout.
    function withdraw(address token) external {
        exchange.withdraw(token);
    }
}
