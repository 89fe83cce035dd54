// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Communities} from "../src/Communities.sol";
import {CommunityPoints} from "../src/CommunityPoints.sol";
import {PointExchange} from "../src/PointExchange.sol";
import {Escrow} from "../src/utils/Escrow.sol";
import {Managed} from "../src/utils/Managed.sol";
import {ExchangeEthRejecter} from "./mocks/ExchangeEthRejecter.sol";
import {Base} from "./utils/Base.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

/// @notice Drives `PointExchange` with bounded calls in ETH and `pts`, among three players,
///         a smart-contract trader that may refuse ETH, and a visitor. Every call is
///         predicted (success, or the exact revert data) from the ghost model.
contract ExchangeHandler is CommonBase, StdUtils {
    address internal constant ETH = address(0);

    PointExchange internal immutable exchange;
    Communities internal immutable communities;
    CommunityPoints internal immutable pts;
    uint256 internal immutable cid;
    address internal immutable alice;
    address internal immutable admin;
    ExchangeEthRejecter internal immutable rejecter;
    address internal immutable visitor;
    /// Everyone who ever holds value: players, the rejecter, the visitor.
    address[] public actors;

    // ------------------------------------------------------------------ ghosts
    mapping(address token => uint256) public openGive;
    mapping(address token => uint256) public owedGhost;
    mapping(uint256 offerId => PointExchange.OfferStatus) public status;
    uint256 public ethDealt;
    uint256 public ptsMinted;
    uint256 public unexpected;
    bool public paused;
    mapping(string action => uint256) public succeeded;

    constructor(
        PointExchange exchange_,
        Communities communities_,
        CommunityPoints pts_,
        uint256 cid_,
        address alice_,
        address admin_,
        ExchangeEthRejecter rejecter_,
        address visitor_,
        address[] memory players
    ) {
        exchange = exchange_;
        communities = communities_;
        pts = pts_;
        cid = cid_;
        alice = alice_;
        admin = admin_;
        rejecter = rejecter_;
        visitor = visitor_;
        actors = players;
        actors.push(address(rejecter_));
        actors.push(visitor_);
        ptsMinted = pts_.totalSupply();
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    // ------------------------------------------------------------------ helpers

    function _check(bool ok, bytes memory reason, bytes memory expected) internal {
        if (expected.length == 0) {
            if (!ok) unexpected++;
        } else if (ok || keccak256(reason) != keccak256(expected)) {
            unexpected++;
        }
    }

    function _dealEth(address who, uint256 amount) internal {
        vm.deal(who, who.balance + amount);
        ethDealt += amount;
    }

    /// @dev Gives `who` `amount` pts (when registered) and the exchange an allowance.
    function _fundPts(address who, uint256 amount) internal {
        uint256 bal = pts.balanceOf(who);
        if (bal < amount && who != visitor) {
            vm.prank(alice);
            communities.award(cid, who, amount - bal, "handler");
            ptsMinted += amount - bal;
        }
        vm.prank(who);
        pts.approve(address(exchange), amount);
    }

    /// @dev Whether a push of ETH to `to` fails (and is credited instead).
    function _ethRefused(address to) internal view returns (bool) {
        return to == address(rejecter) && !rejecter.accepting();
    }

    /// @dev Mostly an open offer (searching from a random start), else any id up to one
    ///      past the last (an unknown offer).
    function _pickOffer(uint256 seed) internal view returns (uint256) {
        uint256 n = exchange.offerCount();
        uint256 start = (seed >> 2) % (n + 1);
        if (seed % 4 != 0) {
            for (uint256 k; k < n; ++k) {
                uint256 id = 1 + (start + k) % n;
                if (status[id] == PointExchange.OfferStatus.Open) return id;
            }
        }
        return 1 + start;
    }

    function _paused() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Pausable.EnforcedPause.selector);
    }

    // ------------------------------------------------------------------ actions

    function createOffer(
        uint256 makerSeed,
        bool giveEth,
        uint256 giveSeed,
        uint256 wantSeed,
        uint256 cpSeed,
        uint256 expirySeed
    ) external {
        address maker = actors[makerSeed % actors.length];
        address giveToken = giveEth ? ETH : address(pts);
        address wantToken = giveEth ? address(pts) : ETH;
        uint256 give = giveEth ? _bound(giveSeed, 1, 100 ether) : _bound(giveSeed, 1, 1000);
        uint256 want = giveEth ? _bound(wantSeed, 1, 1000) : _bound(wantSeed, 1, 100 ether);
        // anyone (most often), or a named counterparty (possibly the maker itself)
        address cp = cpSeed % 3 == 0 ? actors[(cpSeed / 3) % actors.length] : address(0);
        uint64 expiry = uint64(block.timestamp + _bound(expirySeed, 0, 3 days));

        uint256 value;
        if (giveEth) {
            _dealEth(maker, give);
            value = give;
        } else {
            _fundPts(maker, give);
        }

        bytes memory expected;
        if (paused) {
            expected = _paused();
        } else if (maker == visitor) {
            expected = abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor);
        } else if (cp == maker) {
            expected = abi.encodeWithSelector(PointExchange.PointExchangeInvalidOffer.selector);
        } else if (expiry <= block.timestamp) {
            expected =
                abi.encodeWithSelector(PointExchange.PointExchangeInvalidExpiry.selector, expiry);
        }
        vm.prank(maker);
        try exchange.createOffer{value: value}(
            giveToken, give, wantToken, want, cp, expiry
        ) returns (
            uint256 id
        ) {
            _check(true, "", expected);
            status[id] = PointExchange.OfferStatus.Open;
            openGive[giveToken] += give;
            succeeded["createOffer"]++;
        } catch (bytes memory reason) {
            _check(false, reason, expected);
        }
    }

    function acceptOffer(uint256 offerSeed, uint256 takerSeed) external {
        uint256 id = _pickOffer(offerSeed);
        PointExchange.Offer memory o = exchange.getOffer(id);
        address taker = actors[takerSeed % actors.length];
        if (takerSeed % 4 != 0) {
            // mostly someone allowed to take it
            if (o.counterparty != address(0)) {
                taker = o.counterparty;
            } else if (taker == o.maker || taker == visitor) {
                uint256 k = takerSeed % 3;
                taker = actors[(k + 1) % 3] == o.maker ? actors[(k + 2) % 3] : actors[(k + 1) % 3];
            }
        }

        uint256 value;
        if (o.wantToken == ETH) {
            _dealEth(taker, o.wantAmount);
            value = o.wantAmount;
        } else {
            _fundPts(taker, o.wantAmount);
        }

        bytes memory expected;
        if (paused) {
            expected = _paused();
        } else if (taker == visitor) {
            expected = abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor);
        } else if (status[id] != PointExchange.OfferStatus.Open) {
            expected = abi.encodeWithSelector(PointExchange.PointExchangeNotOpen.selector, id);
        } else if (block.timestamp > o.expiry) {
            expected =
                abi.encodeWithSelector(PointExchange.PointExchangeExpired.selector, id, o.expiry);
        } else if (taker == o.maker || (o.counterparty != address(0) && o.counterparty != taker)) {
            expected = abi.encodeWithSelector(
                PointExchange.PointExchangeNotCounterparty.selector, id, taker
            );
        }
        bool makerRefuses = o.wantToken == ETH && _ethRefused(o.maker);
        bool takerRefuses = o.giveToken == ETH && _ethRefused(taker);
        vm.prank(taker);
        try exchange.acceptOffer{value: value}(id) {
            _check(true, "", expected);
            status[id] = PointExchange.OfferStatus.Filled;
            openGive[o.giveToken] -= o.giveAmount;
            if (makerRefuses) owedGhost[ETH] += o.wantAmount;
            if (takerRefuses) owedGhost[ETH] += o.giveAmount;
            succeeded["acceptOffer"]++;
        } catch (bytes memory reason) {
            _check(false, reason, expected);
        }
    }

    function cancelOffer(uint256 offerSeed, uint256 callerSeed, bool byMaker) external {
        uint256 id = _pickOffer(offerSeed);
        PointExchange.Offer memory o = exchange.getOffer(id);
        address caller =
            byMaker && o.maker != address(0) ? o.maker : actors[callerSeed % actors.length];

        bytes memory expected;
        if (status[id] != PointExchange.OfferStatus.Open) {
            expected = abi.encodeWithSelector(PointExchange.PointExchangeNotOpen.selector, id);
        } else if (caller != o.maker && block.timestamp <= o.expiry) {
            expected =
                abi.encodeWithSelector(PointExchange.PointExchangeNotMaker.selector, id, caller);
        }
        bool refused = o.giveToken == ETH && _ethRefused(o.maker);
        vm.prank(caller);
        try exchange.cancelOffer(id) {
            _check(true, "", expected);
            status[id] = PointExchange.OfferStatus.Cancelled;
            openGive[o.giveToken] -= o.giveAmount;
            if (refused) owedGhost[ETH] += o.giveAmount;
            succeeded["cancelOffer"]++;
        } catch (bytes memory reason) {
            _check(false, reason, expected);
        }
    }

    function withdraw(uint256 actorSeed, bool eth) external {
        address who = actors[actorSeed % actors.length];
        address token = eth ? ETH : address(pts);
        uint256 amount = exchange.owed(who, token);
        bytes memory expected;
        if (amount == 0) {
            expected = abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, who, token);
        } else if (eth && _ethRefused(who)) {
            expected =
                abi.encodeWithSelector(Escrow.EscrowWithdrawFailed.selector, who, token, amount);
        }
        vm.prank(who);
        try exchange.withdraw(token) {
            _check(true, "", expected);
            owedGhost[token] -= amount;
            succeeded["withdraw"]++;
        } catch (bytes memory reason) {
            _check(false, reason, expected);
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 0, 1 days));
    }

    function toggleRejecter() external {
        rejecter.setAccepting(!rejecter.accepting());
    }

    function togglePause(uint8 seed) external {
        if (!paused && seed % 8 != 0) return; // pause rarely, unpause at once
        vm.prank(admin);
        if (paused) exchange.unpause();
        else exchange.pause();
        paused = !paused;
    }
}

/// @notice Invariants of `PointExchange`'s escrow for ETH and `pts`.
contract PointExchangeInvariantTest is Base {
    address internal constant ETH = address(0);

    ExchangeHandler internal handler;
    ExchangeEthRejecter internal rejecter;

    function setUp() public override {
        super.setUp();
        rejecter = new ExchangeEthRejecter(exchange);
        rejecter.register("rejecter");
        address[] memory players = new address[](3);
        players[0] = alice;
        players[1] = bob;
        players[2] = carol;
        handler = new ExchangeHandler(
            exchange, communities, pts, cid, alice, admin, rejecter, visitor, players
        );
        // start with a couple of open offers
        handler.createOffer(1, false, 100, 1 ether, 1, 1 days);
        handler.createOffer(2, true, 2 ether, 50, 1, 1 days);

        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = ExchangeHandler.createOffer.selector;
        selectors[1] = ExchangeHandler.createOffer.selector; // weighted
        selectors[2] = ExchangeHandler.acceptOffer.selector;
        selectors[3] = ExchangeHandler.acceptOffer.selector;
        selectors[4] = ExchangeHandler.cancelOffer.selector;
        selectors[5] = ExchangeHandler.withdraw.selector;
        selectors[6] = ExchangeHandler.warp.selector;
        selectors[7] = ExchangeHandler.toggleRejecter.selector;
        selectors[8] = ExchangeHandler.togglePause.selector;
        selectors[9] = ExchangeHandler.cancelOffer.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function _openSum(address token) internal view returns (uint256 sum) {
        uint256 n = exchange.offerCount();
        for (uint256 id = 1; id <= n; ++id) {
            PointExchange.Offer memory o = exchange.getOffer(id);
            if (o.status == PointExchange.OfferStatus.Open && o.giveToken == token) {
                sum += o.giveAmount;
            }
        }
    }

    /// ETH: balance == escrowed + totalOwed, escrowed == Σ giveAmount of open ETH offers.
    function invariant_ethEscrow() public view {
        uint256 escrowed = exchange.escrowed(ETH);
        uint256 owed = exchange.totalOwed(ETH);
        assertEq(address(exchange).balance, escrowed + owed, "ETH balance");
        assertEq(escrowed, _openSum(ETH), "ETH escrow != open offers");
        assertEq(escrowed, handler.openGive(ETH), "ETH ghost open");
        assertEq(owed, handler.owedGhost(ETH), "ETH ghost owed");
    }

    /// pts: balance == escrowed + totalOwed == Σ giveAmount of open pts offers.
    function invariant_pointsEscrow() public view {
        uint256 escrowed = exchange.escrowed(address(pts));
        uint256 owed = exchange.totalOwed(address(pts));
        assertEq(pts.balanceOf(address(exchange)), escrowed + owed, "pts balance");
        assertEq(owed, 0, "pts owed"); // point transfers never fail
        assertEq(escrowed, _openSum(address(pts)), "pts escrow != open offers");
        assertEq(escrowed, handler.openGive(address(pts)), "pts ghost open");
    }

    /// Value only moves between the actors and the exchange: nothing is created or lost.
    function invariant_valueIsConserved() public view {
        uint256 eth = address(exchange).balance;
        uint256 points = pts.balanceOf(address(exchange));
        uint256 n = handler.actorCount();
        for (uint256 i; i < n; ++i) {
            address a = handler.actors(i);
            eth += a.balance;
            points += pts.balanceOf(a);
        }
        assertEq(eth, handler.ethDealt(), "ETH conserved");
        assertEq(points, handler.ptsMinted(), "pts conserved");
        assertEq(pts.totalSupply(), handler.ptsMinted(), "pts supply");
    }

    /// Offers mirror the ghost model, and every call did what the model predicted.
    function invariant_offersMatchModel() public view {
        uint256 n = exchange.offerCount();
        for (uint256 id = 1; id <= n; ++id) {
            assertEq(uint8(exchange.getOffer(id).status), uint8(handler.status(id)), "offer status");
        }
        assertEq(handler.unexpected(), 0, "unexpected outcome");
    }
}
