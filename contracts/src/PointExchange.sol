// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProfiles} from "./interfaces/IProfiles.sol";
import {Escrow} from "./utils/Escrow.sol";
import {Managed} from "./utils/Managed.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title PointExchange
/// @notice Peer-to-peer point trades ("积分交易"): a maker escrows what it gives and names
///         what it wants; a taker (anyone, or the named counterparty) pays the maker and
///         receives the escrow. Registered users only.
/// @dev An open offer's escrow always has an exit: the maker cancels at any time, and
///      after expiry anyone may cancel it back to the maker. Cancelling works while paused.
contract PointExchange is Managed, Escrow {
    using SafeERC20 for IERC20;

    /// @notice Amounts are more than zero and the two sides differ.
    error PointExchangeInvalidOffer();
    /// @notice The expiry must lie in the future.
    error PointExchangeInvalidExpiry(uint64 expiry);
    /// @notice There is no open offer with this id.
    error PointExchangeNotOpen(uint256 offerId);
    /// @notice The offer has expired.
    error PointExchangeExpired(uint256 offerId, uint64 expiry);
    /// @notice The offer is reserved for another counterparty (or the caller made it).
    error PointExchangeNotCounterparty(uint256 offerId, address account);
    /// @notice Only the maker cancels an offer before it expires.
    error PointExchangeNotMaker(uint256 offerId, address account);

    /// @notice An offer was made; its given side is escrowed.
    /// @param offerId The offer's id.
    /// @param maker Who made it.
    /// @param giveToken What the maker gives (`address(0)` for ETH).
    /// @param giveAmount How much (what actually arrived in escrow).
    /// @param wantToken What the maker wants (`address(0)` for ETH).
    /// @param wantAmount How much.
    /// @param counterparty The only taker allowed, or `address(0)` for anyone.
    /// @param expiry Unix time after which it can no longer be accepted.
    event OfferCreated(
        uint256 indexed offerId,
        address indexed maker,
        address giveToken,
        uint256 giveAmount,
        address wantToken,
        uint256 wantAmount,
        address indexed counterparty,
        uint64 expiry
    );
    /// @notice A taker filled the offer.
    /// @param offerId The offer.
    /// @param maker The maker, paid `wantAmount` of `wantToken`.
    /// @param taker The taker, paid the escrowed `giveAmount` of `giveToken`.
    event OfferAccepted(uint256 indexed offerId, address indexed maker, address indexed taker);
    /// @notice The offer was cancelled and its escrow returned to the maker.
    /// @param offerId The offer.
    /// @param by The maker, or anyone after expiry.
    /// @param refunded The amount returned.
    event OfferCancelled(uint256 indexed offerId, address indexed by, uint256 refunded);

    /// @notice An offer's status.
    enum OfferStatus {
        None,
        Open,
        Filled,
        Cancelled
    }

    /// @notice An offer as stored.
    struct Offer {
        address maker;
        uint64 expiry;
        OfferStatus status;
        address giveToken;
        address wantToken;
        address counterparty;
        uint256 giveAmount;
        uint256 wantAmount;
    }

    mapping(uint256 offerId => Offer) private _offers;
    mapping(address token => uint256) private _escrowed;
    uint256 private _nextId = 1;

    /// @param profiles_ The `Profiles` contract.
    constructor(IProfiles profiles_) Managed(profiles_) {}

    /// @notice Offers `giveAmount` of `giveToken` for `wantAmount` of `wantToken` and
    ///         escrows the given side (ETH as `msg.value`, or an ERC-20 pulled).
    /// @param giveToken What the maker gives (`address(0)` for ETH).
    /// @param giveAmount How much.
    /// @param wantToken What the maker wants (`address(0)` for ETH).
    /// @param wantAmount How much.
    /// @param counterparty The only taker allowed, or `address(0)` for anyone.
    /// @param expiry Unix time, in the future.
    /// @return offerId The new offer's id.
    function createOffer(
        address giveToken,
        uint256 giveAmount,
        address wantToken,
        uint256 wantAmount,
        address counterparty,
        uint64 expiry
    ) external payable whenNotPaused nonReentrant returns (uint256 offerId) {
        address sender = _registeredSender();
        if (giveAmount == 0 || wantAmount == 0 || giveToken == wantToken || counterparty == sender)
        {
            revert PointExchangeInvalidOffer();
        }
        if (expiry <= block.timestamp) revert PointExchangeInvalidExpiry(expiry);
        uint256 received = _pullIn(giveToken, sender, giveAmount);
        offerId = _nextId++;
        _offers[offerId] = Offer({
            maker: sender,
            expiry: expiry,
            status: OfferStatus.Open,
            giveToken: giveToken,
            wantToken: wantToken,
            counterparty: counterparty,
            giveAmount: received,
            wantAmount: wantAmount
        });
        _escrowed[giveToken] += received;
        emit OfferCreated(
            offerId, sender, giveToken, received, wantToken, wantAmount, counterparty, expiry
        );
    }

    /// @notice Fills an open offer: the caller pays the maker `wantAmount` of `wantToken`
    ///         (ETH as `msg.value`, or an ERC-20 with an allowance for this contract) and
    ///         receives the escrow.
    /// @param offerId The offer.
    // slither-disable-next-line reentrancy-eth,arbitrary-send-erc20 -- offer state is final before any call; the only later write is a failed payout's credit, and every path that writes credits is nonReentrant; the payer is the caller (`_msgSender()`, a relayed request's signer), never a third party
    function acceptOffer(uint256 offerId) external payable whenNotPaused nonReentrant {
        address sender = _registeredSender();
        Offer storage offer = _offers[offerId];
        if (offer.status != OfferStatus.Open) revert PointExchangeNotOpen(offerId);
        if (block.timestamp > offer.expiry) revert PointExchangeExpired(offerId, offer.expiry);
        if (
            sender == offer.maker
                || (offer.counterparty != address(0) && offer.counterparty != sender)
        ) {
            revert PointExchangeNotCounterparty(offerId, sender);
        }
        offer.status = OfferStatus.Filled;
        _escrowed[offer.giveToken] -= offer.giveAmount;
        emit OfferAccepted(offerId, offer.maker, sender);

        address wantToken = offer.wantToken;
        if (wantToken == address(0)) {
            if (msg.value != offer.wantAmount) {
                revert EscrowWrongValue(msg.value, offer.wantAmount);
            }
            _payOut(address(0), offer.maker, msg.value);
        } else {
            if (msg.value != 0) revert EscrowWrongValue(msg.value, 0);
            IERC20(wantToken).safeTransferFrom(sender, offer.maker, offer.wantAmount);
        }
        _payOut(offer.giveToken, sender, offer.giveAmount);
    }

    /// @notice Cancels an open offer and returns its escrow to the maker. The maker at
    ///         any time; anyone once it has expired. Works while paused.
    /// @param offerId The offer.
    function cancelOffer(uint256 offerId) external nonReentrant {
        address sender = _msgSender();
        Offer storage offer = _offers[offerId];
        if (offer.status != OfferStatus.Open) revert PointExchangeNotOpen(offerId);
        if (sender != offer.maker && block.timestamp <= offer.expiry) {
            revert PointExchangeNotMaker(offerId, sender);
        }
        offer.status = OfferStatus.Cancelled;
        uint256 amount = offer.giveAmount;
        _escrowed[offer.giveToken] -= amount;
        emit OfferCancelled(offerId, sender, amount);
        _payOut(offer.giveToken, offer.maker, amount);
    }

    /// @notice An offer as stored.
    function getOffer(uint256 offerId) external view returns (Offer memory) {
        return _offers[offerId];
    }

    /// @notice The escrow of open offers in `token`.
    function escrowed(address token) external view returns (uint256) {
        return _escrowed[token];
    }

    /// @notice Offers made so far (ids are 1..count).
    function offerCount() external view returns (uint256) {
        return _nextId - 1;
    }

    /// @dev `Managed`'s ERC-2771 sender (the relayed request's signer), also for `Escrow`.
    function _msgSender() internal view override(Context, Managed) returns (address) {
        return super._msgSender();
    }

    /// @dev `Managed`'s ERC-2771 calldata (without the appended signer).
    function _msgData() internal view override(Context, Managed) returns (bytes calldata) {
        return super._msgData();
    }

    /// @dev `Managed`'s ERC-2771 suffix: the 20 bytes of signer.
    function _contextSuffixLength() internal view override(Context, Managed) returns (uint256) {
        return super._contextSuffixLength();
    }
}
