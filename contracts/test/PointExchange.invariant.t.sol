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
///         predicted (success, or the exact revert data) from the ghost model. `succeeded`
///         counts the calls that went through, per action (`afterInvariant` wants every one
///         above zero); an action that finds nothing to work on first makes it (an open
///         offer, a credit).
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
    /// Successful calls per action, and actions run (calls into this handler).
    mapping(string action => uint256) public succeeded;
    uint256 public steps;

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

    /// @dev Records a surprise, or a success of `action` the model predicted.
    function _check(string memory action, bool ok, bytes memory reason, bytes memory expected)
        internal
    {
        if (expected.length == 0) {
            if (ok) succeeded[action]++;
            else unexpected++;
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

    /// @dev Mostly an open offer (unexpired, if `fresh`), searching from a random start; a
    ///      player makes one (lifting a pause) if there is none. Else (1 in 4) any id up to
    ///      one past the last (an unknown offer).
    function _pickOffer(uint256 seed, bool fresh) internal returns (uint256) {
        uint256 n = exchange.offerCount();
        uint256 start = (seed >> 2) % (n + 1);
        if (seed % 4 == 3) return 1 + start;
        for (uint256 k; k < n; ++k) {
            uint256 id = 1 + (start + k) % n;
            if (
                status[id] == PointExchange.OfferStatus.Open
                    && (!fresh || block.timestamp <= exchange.getOffer(id).expiry)
            ) return id;
        }
        _liftPause();
        bool giveEth = seed % 8 < 4;
        return _create(
            actors[(seed >> 3) % 3], // a player
            giveEth,
            giveEth ? 1 ether : 100,
            giveEth ? 100 : 1 ether,
            address(0),
            uint64(block.timestamp + 1 days)
        );
    }

    /// @dev The system admin lifts a pause (something new must start).
    function _liftPause() internal {
        if (!paused) return;
        vm.prank(admin);
        exchange.unpause();
        paused = false;
        succeeded["togglePause"]++;
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
        ++steps;
        _create(
            actors[makerSeed % actors.length],
            giveEth,
            giveEth ? _bound(giveSeed, 1, 100 ether) : _bound(giveSeed, 1, 1000),
            giveEth ? _bound(wantSeed, 1, 1000) : _bound(wantSeed, 1, 100 ether),
            // anyone (most often), or a named counterparty (possibly the maker itself)
            cpSeed % 3 == 2 ? actors[(cpSeed / 3) % actors.length] : address(0),
            uint64(block.timestamp + _bound(expirySeed, 0, 3 days))
        );
    }

    function _create(
        address maker,
        bool giveEth,
        uint256 give,
        uint256 want,
        address cp,
        uint64 expiry
    ) internal returns (uint256) {
        address giveToken = giveEth ? ETH : address(pts);
        address wantToken = giveEth ? address(pts) : ETH;

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
            _check("createOffer", true, "", expected);
            status[id] = PointExchange.OfferStatus.Open;
            openGive[giveToken] += give;
            return id;
        } catch (bytes memory reason) {
            _check("createOffer", false, reason, expected);
            return 0;
        }
    }

    function acceptOffer(uint256 offerSeed, uint256 takerSeed) external {
        ++steps;
        uint256 id = _pickOffer(offerSeed, true);
        PointExchange.Offer memory o = exchange.getOffer(id);
        address taker = actors[takerSeed % actors.length];
        if (takerSeed % 4 != 3) {
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
            _check("acceptOffer", true, "", expected);
            status[id] = PointExchange.OfferStatus.Filled;
            openGive[o.giveToken] -= o.giveAmount;
            if (makerRefuses) owedGhost[ETH] += o.wantAmount;
            if (takerRefuses) owedGhost[ETH] += o.giveAmount;
        } catch (bytes memory reason) {
            _check("acceptOffer", false, reason, expected);
        }
    }

    /// @dev The maker cancels, or someone else: who may only once the offer has expired
    ///      (which they wait for, if `wait`).
    function cancelOffer(uint256 offerSeed, uint256 callerSeed, bool byMaker, bool wait) external {
        ++steps;
        uint256 id = _pickOffer(offerSeed, false);
        PointExchange.Offer memory o = exchange.getOffer(id);
        address caller =
            byMaker && o.maker != address(0) ? o.maker : actors[callerSeed % actors.length];
        if (!byMaker && caller == o.maker) {
            caller = actors[(callerSeed % actors.length + 1) % actors.length];
        }
        if (
            wait && caller != o.maker && status[id] == PointExchange.OfferStatus.Open
                && block.timestamp <= o.expiry
        ) {
            vm.warp(uint256(o.expiry) + 1);
        }
        _cancel(id, caller);
    }

    /// @dev `caller` cancels offer `id`: counted as `cancelOffer` by its maker, else as
    ///      `cancelExpired`.
    function _cancel(uint256 id, address caller) internal {
        PointExchange.Offer memory o = exchange.getOffer(id);
        string memory action = caller == o.maker ? "cancelOffer" : "cancelExpired";
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
            _check(action, true, "", expected);
            status[id] = PointExchange.OfferStatus.Cancelled;
            openGive[o.giveToken] -= o.giveAmount;
            if (refused) owedGhost[ETH] += o.giveAmount;
        } catch (bytes memory reason) {
            _check(action, false, reason, expected);
        }
    }

    /// @dev Mostly an actor with a credit withdraws it (when there is none, the rejecter
    ///      earns one: it refuses the refund of an ETH offer it cancels), else (1 in 4) any
    ///      actor tries. The rejecter may start accepting ETH first (if `accept`).
    function withdraw(uint256 actorSeed, bool eth, bool accept) external {
        ++steps;
        address token = eth ? ETH : address(pts);
        address who = actors[actorSeed % actors.length];
        if (actorSeed % 4 != 3) {
            who = _owedActor(actorSeed, token);
            if (who == address(0)) {
                token = ETH; // point payouts never fail, so credits are in ETH
                who = _owedActor(actorSeed, token);
            }
            if (who == address(0)) who = _creditRejecter();
        }
        if (accept && who == address(rejecter) && !rejecter.accepting()) {
            rejecter.setAccepting(true);
            succeeded["toggleRejecter"]++;
        }
        uint256 amount = exchange.owed(who, token);
        bytes memory expected;
        if (amount == 0) {
            expected = abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, who, token);
        } else if (token == ETH && _ethRefused(who)) {
            expected =
                abi.encodeWithSelector(Escrow.EscrowWithdrawFailed.selector, who, token, amount);
        }
        vm.prank(who);
        try exchange.withdraw(token) {
            _check("withdraw", true, "", expected);
            owedGhost[token] -= amount;
        } catch (bytes memory reason) {
            _check("withdraw", false, reason, expected);
        }
    }

    function _owedActor(uint256 seed, address token) internal view returns (address) {
        uint256 n = actors.length;
        for (uint256 i; i < n; ++i) {
            address who = actors[(seed % n + i) % n];
            if (exchange.owed(who, token) != 0) return who;
        }
        return address(0);
    }

    /// @dev The rejecter, refusing ETH, makes an ETH offer and cancels it: credited.
    function _creditRejecter() internal returns (address) {
        _liftPause();
        if (rejecter.accepting()) {
            rejecter.setAccepting(false);
            succeeded["toggleRejecter"]++;
        }
        uint256 id =
            _create(address(rejecter), true, 1 ether, 100, address(0), uint64(block.timestamp + 1));
        if (id != 0) _cancel(id, address(rejecter));
        return address(rejecter);
    }

    function warp(uint256 seconds_) external {
        ++steps;
        vm.warp(block.timestamp + _bound(seconds_, 0, 1 days));
        succeeded["warp"]++;
    }

    function toggleRejecter() external {
        ++steps;
        rejecter.setAccepting(!rejecter.accepting());
        succeeded["toggleRejecter"]++;
    }

    function togglePause(uint8 seed) external {
        ++steps;
        if (!paused && seed % 2 != 0) return; // pause every other time, unpause at once
        vm.prank(admin);
        if (paused) exchange.unpause();
        else exchange.pause();
        paused = !paused;
        succeeded["togglePause"]++;
    }

    /// @dev Forgets the counts of the calls `setUp` made, so a run counts its own.
    function clearCounts() external {
        string[8] memory names = actions();
        for (uint256 i; i < names.length; ++i) {
            delete succeeded[names[i]];
        }
        steps = 0;
    }

    /// @dev Every action, by the name its successes are counted under.
    function actions() public pure returns (string[8] memory) {
        return [
            "createOffer",
            "acceptOffer",
            "cancelOffer",
            "cancelExpired",
            "withdraw",
            "warp",
            "toggleRejecter",
            "togglePause"
        ];
    }
}

/// @notice Invariants of `PointExchange`'s escrow for ETH and `pts`. Runs are long (depth
///         256) and `afterInvariant` fails one in which an action never succeeded.
/// forge-config: default.invariant.runs = 8
/// forge-config: default.invariant.depth = 256
/// forge-config: ci.invariant.runs = 8
/// forge-config: ci.invariant.depth = 256
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
        handler.clearCounts();

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

    /// @dev After each run: every action succeeded in it at least once (credits were
    ///      withdrawn, expired offers cancelled by strangers). Runs shorter than half the
    ///      depth are let off: those are replays of a saved failure (after its fix) and the
    ///      shrinker's trials, not runs of the campaign.
    function afterInvariant() public view {
        if (handler.steps() < 128) return;
        string[8] memory names = handler.actions();
        for (uint256 i; i < names.length; ++i) {
            assertGt(
                handler.succeeded(names[i]),
                0,
                string.concat("never succeeded in this run: ", names[i])
            );
        }
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
