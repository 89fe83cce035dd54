// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Profiles} from "../src/Profiles.sol";
import {TaskMarket} from "../src/TaskMarket.sol";
import {Escrow} from "../src/utils/Escrow.sol";
import {MockERC20} from "./mocks/MockERC20.sol";
import {RevertingReceiver} from "./mocks/RevertingReceiver.sol";
import {Base} from "./utils/Base.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {console} from "forge-std/console.sol";

/// @notice Drives `TaskMarket` through random but valid sequences: one publisher, several
///         players (one of them a contract that can refuse ETH), an arbiter who is the
///         community's admin, and the system admin. Every action works on a task in the
///         state it needs, as the account allowed to act (publisher, claimer, arbiter), and
///         warps past the review, work, dispute or deadline window it waits for; when no
///         task is in that state it first drives one there (publish → claim → submit →
///         reject → dispute), so every action succeeds whenever it is picked and `calls`
///         counts the successes. Only starting something new while paused must fail. A call
///         that reverts otherwise is recorded as unexpected. Money flows are reconstructed
///         from the market's own events.
contract TaskMarketHandler is Test {
    address internal constant ETH = address(0);
    bytes32 internal constant SPEC = keccak256("spec");

    TaskMarket public immutable market;
    MockERC20 public immutable token;
    RevertingReceiver public immutable receiver;
    address public immutable publisher;
    address public immutable arbiter;
    address public immutable sysAdmin;
    uint64 public immutable reviewPeriod;
    uint64 public immutable workPeriod;
    uint64 public immutable disputePeriod;
    address[] internal players;

    /// @dev Tasks not terminal yet (what actions search), and terminal ones.
    uint256[] internal live;
    mapping(uint256 id => uint256 index) internal liveIndex; // index in `live` + 1
    uint256[] internal done;

    // ---- ghosts ----
    /// @dev Value that entered the market, per token.
    mapping(address token => uint256) public ghostIn;
    /// @dev Value that actually left the market, per token (pushed payouts + withdrawals).
    mapping(address token => uint256) public ghostOut;
    /// @dev Payouts that were credited instead of pushed, and withdrawals of those.
    mapping(address token => uint256) public ghostDeferred;
    mapping(address token => uint256) public ghostWithdrawn;
    /// @dev Sum of TaskPaid amounts per task.
    mapping(uint256 id => uint256) public ghostPaid;
    /// @dev Whether the task reached Completed / Cancelled / Expired.
    mapping(uint256 id => bool) public ghostTerminal;
    /// @dev TaskPaid events for a task that was already terminal before the call.
    uint256 public ghostPaidAfterTerminal;
    /// @dev Payout calls on terminal tasks that did not revert.
    uint256 public ghostTerminalCallSucceeded;
    /// @dev Calls that reverted though they should have succeeded, and the last revert.
    uint256 public ghostUnexpectedReverts;
    bytes public lastUnexpected;
    string public lastUnexpectedAction;
    /// @dev "Nothing new can start" calls that went through while paused.
    uint256 public ghostPauseBypass;

    /// @dev Successful calls per action (`afterInvariant` wants every one above zero).
    mapping(bytes32 action => uint256) public calls;
    /// @dev Actions run (calls into this handler).
    uint256 public steps;

    modifier step() {
        ++steps;
        _;
    }

    constructor(
        TaskMarket market_,
        MockERC20 token_,
        RevertingReceiver receiver_,
        address publisher_,
        address arbiter_,
        address sysAdmin_,
        address[] memory players_
    ) {
        market = market_;
        token = token_;
        receiver = receiver_;
        publisher = publisher_;
        arbiter = arbiter_;
        sysAdmin = sysAdmin_;
        reviewPeriod = market_.reviewPeriod();
        workPeriod = market_.workPeriod();
        disputePeriod = market_.disputePeriod();
        players = players_;
    }

    // ---------------------------------------------------------------------------------
    // bookkeeping
    // ---------------------------------------------------------------------------------

    /// @dev The first live task, scanning from a random start, that `ok` accepts (0 if
    ///      none).
    function _find(uint256 seed, function(TaskMarket.Task memory) view returns (bool) ok)
        internal
        view
        returns (uint256, TaskMarket.Task memory t)
    {
        uint256 n = live.length;
        if (n == 0) return (0, t);
        uint256 start = seed % n;
        for (uint256 i; i < n; ++i) {
            uint256 id = live[(start + i) % n];
            t = market.getTask(id);
            if (ok(t)) return (id, t);
        }
        return (0, t);
    }

    function _claimable(TaskMarket.Task memory t) internal view returns (bool) {
        return t.status == TaskMarket.Status.Open && block.timestamp <= t.deadline;
    }

    function _isClaimed(TaskMarket.Task memory t) internal pure returns (bool) {
        return t.status == TaskMarket.Status.Claimed;
    }

    function _submittable(TaskMarket.Task memory t) internal view returns (bool) {
        return t.status == TaskMarket.Status.Claimed && block.timestamp <= t.deadline;
    }

    function _isSubmitted(TaskMarket.Task memory t) internal pure returns (bool) {
        return t.status == TaskMarket.Status.Submitted;
    }

    function _disputable(TaskMarket.Task memory t) internal pure returns (bool) {
        return t.status == TaskMarket.Status.Claimed && t.rejected;
    }

    function _isDisputed(TaskMarket.Task memory t) internal pure returns (bool) {
        return t.status == TaskMarket.Status.Disputed;
    }

    function _isOpen(TaskMarket.Task memory t) internal pure returns (bool) {
        return t.status == TaskMarket.Status.Open;
    }

    function _isOpenOrClaimed(TaskMarket.Task memory t) internal pure returns (bool) {
        return t.status == TaskMarket.Status.Open || t.status == TaskMarket.Status.Claimed;
    }

    function _expirable(TaskMarket.Task memory t) internal view returns (bool) {
        if (!_isOpenOrClaimed(t)) return false;
        if (block.timestamp <= t.deadline) return false;
        return !(t.rejected && block.timestamp <= uint256(t.stamp) + reviewPeriod);
    }

    function _releasable(TaskMarket.Task memory t) internal view returns (bool) {
        if (t.status != TaskMarket.Status.Claimed) return false;
        if (block.timestamp <= uint256(t.claimedAt) + workPeriod) return false;
        return !(t.rejected && block.timestamp <= uint256(t.stamp) + reviewPeriod);
    }

    function _settleable(TaskMarket.Task memory t) internal view returns (bool) {
        return t.status == TaskMarket.Status.Disputed
            && block.timestamp > uint256(t.stamp) + disputePeriod;
    }

    function _finalizable(TaskMarket.Task memory t) internal view returns (bool) {
        return t.status == TaskMarket.Status.Submitted
            && block.timestamp > uint256(t.stamp) + reviewPeriod;
    }

    function _task(uint256 id) internal view returns (TaskMarket.Task memory) {
        return market.getTask(id);
    }

    function _terminal(TaskMarket.Status s) internal pure returns (bool) {
        return s == TaskMarket.Status.Completed || s == TaskMarket.Status.Cancelled
            || s == TaskMarket.Status.Expired;
    }

    /// @dev A player who may claim task `id` (its claim was never released), from a
    ///      random start; `address(0)` if none may.
    function _claimant(uint256 id, uint256 seed) internal view returns (address) {
        uint256 n = players.length;
        for (uint256 i; i < n; ++i) {
            address who = players[(seed % n + i) % n];
            if (!market.wasReleased(id, who)) return who;
        }
        return address(0);
    }

    /// @dev Moves time just past `t` (if it is not past already).
    function _warpPast(uint256 t) internal {
        if (block.timestamp <= t) vm.warp(t + 1);
    }

    /// @dev The system admin lifts a pause, so that something new can start.
    function _liftPause() internal {
        if (!market.paused()) return;
        vm.prank(sysAdmin);
        market.unpause();
        ++calls["togglePause"];
    }

    function _begin() internal {
        vm.recordLogs();
    }

    /// @dev Folds the market's events of the last call into the ghosts, then notes
    ///      whether task `id` (the one the call was about, 0 for none) became terminal.
    function _end(uint256 id) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 paidSig = TaskMarket.TaskPaid.selector;
        bytes32 deferredSig = Escrow.PayoutDeferred.selector;
        bytes32 withdrawnSig = Escrow.Withdrawn.selector;
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(market)) continue;
            bytes32 sig = log.topics[0];
            if (sig == paidSig) {
                uint256 paidId = uint256(log.topics[1]);
                (address tok, uint256 amount) = abi.decode(log.data, (address, uint256));
                if (ghostTerminal[paidId]) ++ghostPaidAfterTerminal;
                ghostPaid[paidId] += amount;
                ghostOut[tok] += amount; // corrected below if deferred
            } else if (sig == deferredSig) {
                address tok = address(uint160(uint256(log.topics[2])));
                uint256 amount = abi.decode(log.data, (uint256));
                ghostDeferred[tok] += amount;
                ghostOut[tok] -= amount;
            } else if (sig == withdrawnSig) {
                address tok = address(uint160(uint256(log.topics[2])));
                uint256 amount = abi.decode(log.data, (uint256));
                ghostWithdrawn[tok] += amount;
                ghostOut[tok] += amount;
            }
        }
        if (id == 0 || ghostTerminal[id] || !_terminal(_task(id).status)) return;
        ghostTerminal[id] = true;
        uint256 index = liveIndex[id];
        uint256 last = live[live.length - 1];
        live[index - 1] = last;
        liveIndex[last] = index;
        live.pop();
        delete liveIndex[id];
        done.push(id);
    }

    function _unexpected(string memory action, bytes memory err) internal {
        ++ghostUnexpectedReverts;
        lastUnexpected = err;
        lastUnexpectedAction = action;
    }

    /// @dev While paused, something new was attempted: it must revert with EnforcedPause.
    function _expectPaused(bool ok, bytes memory err) internal {
        // forge-lint: disable-next-line(unsafe-typecast)
        if (ok || bytes4(err) != Pausable.EnforcedPause.selector) ++ghostPauseBypass;
    }

    /// @dev Calls the market as `who` about task `id`. A call that `startsNew` must revert
    ///      with EnforcedPause while paused; any other must succeed. Counts a success under
    ///      `action`.
    function _call(
        string memory action,
        uint256 id,
        address who,
        uint256 value,
        bytes memory data,
        bool startsNew
    ) internal returns (bool ok, bytes memory ret) {
        bool paused = startsNew && market.paused();
        _begin();
        vm.prank(who);
        (ok, ret) = address(market).call{value: value}(data);
        if (paused) _expectPaused(ok, ret);
        else if (!ok) _unexpected(action, ret);
        if (ok) ++calls[bytes32(bytes(action))];
        _end(id);
    }

    // ---------------------------------------------------------------------------------
    // steps: one call each, and tasks driven to the state an action needs
    // ---------------------------------------------------------------------------------

    function _publish(bool eth, uint256 reward, uint256 duration) internal returns (uint256 id) {
        address tok = eth ? ETH : address(token);
        // forge-lint: disable-next-line(unsafe-typecast)
        uint64 deadline = uint64(block.timestamp + duration);
        if (eth) {
            vm.deal(publisher, publisher.balance + reward);
        } else {
            token.mint(publisher, reward);
            vm.prank(publisher);
            token.approve(address(market), reward);
        }
        (bool ok, bytes memory ret) = _call(
            eth ? "publishEth" : "publishToken",
            0,
            publisher,
            eth ? reward : 0,
            abi.encodeCall(TaskMarket.publishTask, (1, "a task", SPEC, tok, reward, deadline)),
            true
        );
        if (!ok) return 0;
        id = abi.decode(ret, (uint256));
        ghostIn[tok] += reward;
        live.push(id);
        liveIndex[id] = live.length;
    }

    /// @dev A fresh task with days to go, ETH or token by `seed` (lifting a pause).
    function _publishFresh(uint256 seed) internal returns (uint256) {
        _liftPause();
        return _publish(seed % 2 == 0, _bound(seed, 1, 1e24), _bound(seed >> 8, 8 days, 20 days));
    }

    function _claim(uint256 id, address who) internal returns (bool ok) {
        (ok,) = _call("claim", id, who, 0, abi.encodeCall(TaskMarket.claimTask, (id)), true);
    }

    /// @dev An open task someone may still claim (published if there is none).
    function _ensureClaimable(uint256 seed) internal returns (uint256 id) {
        (id,) = _find(seed, _claimable);
        if (id == 0 || _claimant(id, seed) == address(0)) id = _publishFresh(seed);
    }

    /// @dev A claimed task whose deadline has not passed (claimed if there is none).
    function _ensureClaimed(uint256 seed) internal returns (uint256 id) {
        (id,) = _find(seed, _submittable);
        if (id != 0) return id;
        id = _ensureClaimable(seed);
        if (id == 0) return 0;
        _liftPause();
        if (!_claim(id, _claimant(id, seed))) return 0;
    }

    /// @dev A submitted task (one driven there if there is none).
    function _ensureSubmitted(uint256 seed) internal returns (uint256 id) {
        (id,) = _find(seed, _isSubmitted);
        if (id != 0) return id;
        id = _ensureClaimed(seed);
        if (id == 0 || !_submitWork(id)) return 0;
    }

    /// @dev A rejected (disputable) task (one driven there if there is none).
    function _ensureRejected(uint256 seed) internal returns (uint256 id) {
        (id,) = _find(seed, _disputable);
        if (id != 0) return id;
        id = _ensureSubmitted(seed);
        if (id == 0) return 0;
        (bool ok,) = _call(
            "reject",
            id,
            publisher,
            0,
            abi.encodeCall(TaskMarket.rejectWork, (id, keccak256("reason"))),
            false
        );
        if (!ok) return 0;
    }

    /// @dev A disputed task (one driven there if there is none).
    function _ensureDisputed(uint256 seed) internal returns (uint256 id) {
        (id,) = _find(seed, _isDisputed);
        if (id != 0) return id;
        id = _ensureRejected(seed);
        if (id == 0) return 0;
        (bool ok,) = _call(
            "dispute",
            id,
            _task(id).claimer,
            0,
            abi.encodeCall(TaskMarket.openDispute, (id, keccak256("dispute"))),
            false
        );
        if (!ok) return 0;
    }

    function _submitWork(uint256 id) internal returns (bool ok) {
        (ok,) = _call(
            "submit",
            id,
            _task(id).claimer,
            0,
            abi.encodeCall(TaskMarket.submitWork, (id, keccak256(abi.encode(id, block.timestamp)))),
            false
        );
    }

    // ---------------------------------------------------------------------------------
    // actions
    // ---------------------------------------------------------------------------------

    function publishEth(uint256 reward, uint256 duration) external step {
        _publish(true, _bound(reward, 1, 1e24), _bound(duration, 1, 20 days));
    }

    function publishToken(uint256 reward, uint256 duration) external step {
        _publish(false, _bound(reward, 1, 1e30), _bound(duration, 1, 20 days));
    }

    /// @dev While paused a claim must fail; otherwise a player who may claims.
    function claim(uint256 taskSeed, uint256 playerSeed) external step {
        uint256 id;
        if (market.paused()) {
            (id,) = _find(taskSeed, _claimable);
            if (id != 0) _claim(id, players[playerSeed % players.length]);
            return;
        }
        id = _ensureClaimable(taskSeed);
        if (id != 0) _claim(id, _claimant(id, playerSeed));
    }

    function abandon(uint256 taskSeed) external step {
        (uint256 id,) = _find(taskSeed, _isClaimed);
        if (id == 0) id = _ensureClaimed(taskSeed);
        if (id == 0) return;
        _call(
            "abandon", id, _task(id).claimer, 0, abi.encodeCall(TaskMarket.abandonTask, (id)), false
        );
    }

    function submit(uint256 taskSeed) external step {
        uint256 id = _ensureClaimed(taskSeed);
        if (id != 0) _submitWork(id);
    }

    function approve(uint256 taskSeed) external step {
        uint256 id = _ensureSubmitted(taskSeed);
        if (id == 0) return;
        _call("approve", id, publisher, 0, abi.encodeCall(TaskMarket.approveWork, (id)), false);
    }

    function reject(uint256 taskSeed) external step {
        uint256 id = _ensureSubmitted(taskSeed);
        if (id == 0) return;
        _call(
            "reject",
            id,
            publisher,
            0,
            abi.encodeCall(TaskMarket.rejectWork, (id, keccak256("reason"))),
            false
        );
    }

    function dispute(uint256 taskSeed) external step {
        uint256 id = _ensureRejected(taskSeed);
        if (id == 0) return;
        _call(
            "dispute",
            id,
            _task(id).claimer,
            0,
            abi.encodeCall(TaskMarket.openDispute, (id, keccak256("dispute"))),
            false
        );
    }

    /// @dev The community's admin or the system admin splits a dispute.
    function resolve(uint256 taskSeed, uint256 bps, bool bySystemAdmin) external step {
        uint256 id = _ensureDisputed(taskSeed);
        if (id == 0) return;
        // forge-lint: disable-next-line(unsafe-typecast)
        uint16 share = uint16(_bound(bps, 0, 10_000));
        _call(
            "resolve",
            id,
            bySystemAdmin ? sysAdmin : arbiter,
            0,
            abi.encodeCall(TaskMarket.resolveDispute, (id, share)),
            false
        );
    }

    function cancel(uint256 taskSeed) external step {
        _cancel(taskSeed);
    }

    function _cancel(uint256 taskSeed) internal {
        (uint256 id,) = _find(taskSeed, _isOpen);
        if (id == 0) id = _publishFresh(taskSeed);
        if (id == 0) return;
        _call("cancel", id, publisher, 0, abi.encodeCall(TaskMarket.cancelTask, (id)), false);
    }

    /// @dev Anyone expires an open or claimed task past its deadline (waiting for it).
    function expire(uint256 taskSeed, uint256 callerSeed) external step {
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _expirable);
        if (id == 0) {
            (id, t) = _find(taskSeed, _isOpenOrClaimed);
            if (id == 0) {
                id = _publishFresh(taskSeed);
                if (id == 0) return;
                t = _task(id);
            }
            _warpPast(t.deadline);
            if (t.rejected) _warpPast(uint256(t.stamp) + reviewPeriod);
        }
        _call(
            "expire",
            id,
            players[callerSeed % players.length],
            0,
            abi.encodeCall(TaskMarket.expireTask, (id)),
            false
        );
    }

    /// @dev The publisher takes back a stale claim (waiting for it to go stale).
    function release(uint256 taskSeed) external step {
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _releasable);
        if (id == 0) {
            (id, t) = _find(taskSeed, _isClaimed);
            if (id == 0) {
                id = _ensureClaimed(taskSeed);
                if (id == 0) return;
                t = _task(id);
            }
            _warpPast(uint256(t.claimedAt) + workPeriod);
            if (t.rejected) _warpPast(uint256(t.stamp) + reviewPeriod);
        }
        _call("release", id, publisher, 0, abi.encodeCall(TaskMarket.releaseClaim, (id)), false);
    }

    /// @dev Anyone settles a dispute nobody resolved in time, 50/50 (waiting for it).
    function settle(uint256 taskSeed, uint256 callerSeed) external step {
        (uint256 id,) = _find(taskSeed, _settleable);
        if (id == 0) {
            id = _ensureDisputed(taskSeed);
            if (id == 0) return;
            _warpPast(uint256(_task(id).stamp) + disputePeriod);
        }
        _call(
            "settle",
            id,
            players[callerSeed % players.length],
            0,
            abi.encodeCall(TaskMarket.expireTask, (id)),
            false
        );
    }

    /// @dev The claimer collects an unreviewed submission (waiting out the review).
    function finalize(uint256 taskSeed) external step {
        (uint256 id,) = _find(taskSeed, _finalizable);
        if (id == 0) {
            id = _ensureSubmitted(taskSeed);
            if (id == 0) return;
            _warpPast(uint256(_task(id).stamp) + reviewPeriod);
        }
        _call(
            "finalize",
            id,
            _task(id).claimer,
            0,
            abi.encodeCall(TaskMarket.finalizeUnreviewed, (id)),
            false
        );
    }

    /// @dev A player with a credit withdraws it. The receiver is the only account whose
    ///      payouts get deferred; with no credit anywhere, it earns one first (a task it
    ///      claims, submits and is paid for while refusing ETH). While it refuses, its
    ///      withdrawal must fail and keep the credit; then it accepts and withdraws.
    function withdraw(uint256 whoSeed, bool eth) external step {
        address tok = eth ? ETH : address(token);
        address who = _owedPlayer(whoSeed, tok);
        if (who == address(0)) {
            tok = ETH;
            who = _owedPlayer(whoSeed, tok);
        }
        if (who == address(0)) who = _creditReceiver(whoSeed);
        if (who == address(0)) return;
        if (who == address(receiver) && tok == ETH && !receiver.accepting()) {
            uint256 owed = market.owed(who, tok);
            _begin();
            vm.prank(who);
            (bool ok, bytes memory err) =
                address(market).call(abi.encodeCall(Escrow.withdraw, (tok)));
            _end(0);
            // forge-lint: disable-next-line(unsafe-typecast)
            if (ok || bytes4(err) != Escrow.EscrowWithdrawFailed.selector) {
                _unexpected("withdraw while refusing", err);
            }
            if (market.owed(who, tok) != owed) _unexpected("withdraw lost the credit", "");
            receiver.setAccepting(true);
            ++calls["toggleReceiver"];
        }
        _call("withdraw", 0, who, 0, abi.encodeCall(Escrow.withdraw, (tok)), false);
    }

    function _owedPlayer(uint256 seed, address tok) internal view returns (address) {
        uint256 n = players.length;
        for (uint256 i; i < n; ++i) {
            address who = players[(seed % n + i) % n];
            if (market.owed(who, tok) != 0) return who;
        }
        return address(0);
    }

    /// @dev The receiver, refusing ETH, is paid for a fresh ETH task: credited.
    function _creditReceiver(uint256 seed) internal returns (address) {
        uint256 id = _publishFresh(seed << 1); // even: ETH
        if (id == 0) return address(0);
        receiver.setAccepting(false);
        ++calls["toggleReceiver"];
        if (!_claim(id, address(receiver)) || !_submitWork(id)) return address(0);
        (bool ok,) =
            _call("approve", id, publisher, 0, abi.encodeCall(TaskMarket.approveWork, (id)), false);
        return ok && market.owed(address(receiver), ETH) != 0 ? address(receiver) : address(0);
    }

    function toggleReceiver(bool accepting) external step {
        receiver.setAccepting(accepting);
        ++calls["toggleReceiver"];
    }

    /// @dev Pauses every other time (by `seed`), unpauses whenever called while paused.
    function togglePause(uint256 seed) external step {
        bool pause_ = !market.paused();
        if (pause_ && seed % 2 != 0) return;
        vm.prank(sysAdmin);
        if (pause_) market.pause();
        else market.unpause();
        ++calls["togglePause"];
    }

    function warp(uint256 dt) external step {
        vm.warp(block.timestamp + _bound(dt, 1, 8 days));
        ++calls["warp"];
    }

    /// @dev Tries every payout path on a terminal task (one cancelled first if there is
    ///      none), as the party that would be allowed to use it. Every attempt must revert.
    function attackTerminal(uint256 taskSeed, uint256 bps) external step {
        if (done.length == 0) _cancel(taskSeed);
        if (done.length == 0) return;
        uint256 id = done[taskSeed % done.length];
        TaskMarket.Task memory t = _task(id);
        // forge-lint: disable-next-line(unsafe-typecast)
        uint16 share = uint16(_bound(bps, 0, 10_000));
        address claimer = t.claimer == address(0) ? players[0] : t.claimer;
        _begin();
        vm.prank(t.publisher);
        try market.approveWork(id) {
            ++ghostTerminalCallSucceeded;
        } catch {}
        vm.prank(t.publisher);
        try market.cancelTask(id) {
            ++ghostTerminalCallSucceeded;
        } catch {}
        vm.prank(claimer);
        try market.expireTask(id) {
            ++ghostTerminalCallSucceeded;
        } catch {}
        vm.prank(claimer);
        try market.finalizeUnreviewed(id) {
            ++ghostTerminalCallSucceeded;
        } catch {}
        vm.prank(arbiter);
        try market.resolveDispute(id, share) {
            ++ghostTerminalCallSucceeded;
        } catch {}
        vm.prank(sysAdmin);
        try market.resolveDispute(id, share) {
            ++ghostTerminalCallSucceeded;
        } catch {}
        _end(id);
        ++calls["attackTerminal"];
    }

    // ---------------------------------------------------------------------------------
    // views for the invariants
    // ---------------------------------------------------------------------------------

    /// @dev The first task whose payouts disagree with its status (0 if none), and how.
    function badPayout() external view returns (uint256, string memory) {
        uint256 count = market.taskCount();
        for (uint256 id = 1; id <= count; ++id) {
            TaskMarket.Task memory t = _task(id);
            uint256 paid = ghostPaid[id];
            bool terminal = _terminal(t.status);
            if (paid > t.reward) return (id, "paid more than the reward");
            if (paid != (terminal ? t.reward : 0)) return (id, "paid != reward iff terminal");
            if (ghostTerminal[id] != terminal) return (id, "terminal is not final");
        }
        return (0, "");
    }

    function unfinishedRewards(address tok) external view returns (uint256 sum) {
        uint256 count = market.taskCount();
        for (uint256 id = 1; id <= count; ++id) {
            TaskMarket.Task memory t = _task(id);
            if (t.rewardToken == tok && !_terminal(t.status)) sum += t.reward;
        }
    }
}

/// @notice Invariants of `TaskMarket`'s escrow and task lifecycle. Each run is long enough
///         (depth 256) for the handler to reach every action, and `afterInvariant` fails a
///         run in which one never succeeded: the invariants are checked on tasks in every
///         state, disputes, resolutions, settlements and withdrawals included.
///         The handler makes every market call itself and never reverts: a revert of one
///         of its actions is a failure too.
/// forge-config: default.invariant.runs = 8
/// forge-config: default.invariant.depth = 256
/// forge-config: default.invariant.fail-on-revert = true
/// forge-config: ci.invariant.runs = 8
/// forge-config: ci.invariant.depth = 256
/// forge-config: ci.invariant.fail-on-revert = true
contract TaskMarketInvariantTest is StdInvariant, Base {
    TaskMarketHandler internal handler;
    MockERC20 internal token;
    RevertingReceiver internal receiver;

    function setUp() public override {
        super.setUp();
        token = new MockERC20("Mock Token", "MCK");
        address dave = _player("dave");
        receiver = new RevertingReceiver(false);
        receiver.act(
            address(profiles), abi.encodeCall(Profiles.register, ("receiver", keccak256("r")))
        );

        address[] memory players = new address[](4);
        players[0] = bob;
        players[1] = carol;
        players[2] = dave;
        players[3] = address(receiver);
        handler = new TaskMarketHandler(market, token, receiver, publisher, alice, admin, players);

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](19);
        selectors[0] = TaskMarketHandler.publishEth.selector;
        selectors[1] = TaskMarketHandler.publishToken.selector;
        selectors[2] = TaskMarketHandler.claim.selector;
        selectors[3] = TaskMarketHandler.abandon.selector;
        selectors[4] = TaskMarketHandler.submit.selector;
        selectors[5] = TaskMarketHandler.approve.selector;
        selectors[6] = TaskMarketHandler.reject.selector;
        selectors[7] = TaskMarketHandler.dispute.selector;
        selectors[8] = TaskMarketHandler.resolve.selector;
        selectors[9] = TaskMarketHandler.cancel.selector;
        selectors[10] = TaskMarketHandler.expire.selector;
        selectors[11] = TaskMarketHandler.finalize.selector;
        selectors[12] = TaskMarketHandler.withdraw.selector;
        selectors[13] = TaskMarketHandler.toggleReceiver.selector;
        selectors[14] = TaskMarketHandler.togglePause.selector;
        selectors[15] = TaskMarketHandler.warp.selector;
        selectors[16] = TaskMarketHandler.attackTerminal.selector;
        selectors[17] = TaskMarketHandler.release.selector;
        selectors[18] = TaskMarketHandler.settle.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function _checkBooks(address tok, uint256 balance) internal view {
        uint256 escrowed = market.escrowed(tok);
        uint256 owed = market.totalOwed(tok);
        assertEq(balance, escrowed + owed, "balance == escrowed + totalOwed");
        assertEq(balance, handler.ghostIn(tok) - handler.ghostOut(tok), "balance == in - out");
        assertEq(
            owed, handler.ghostDeferred(tok) - handler.ghostWithdrawn(tok), "totalOwed == credits"
        );
        assertEq(escrowed, handler.unfinishedRewards(tok), "escrowed == unfinished rewards");
    }

    function invariant_ethBooksBalance() public view {
        _checkBooks(address(0), address(market).balance);
    }

    function invariant_tokenBooksBalance() public view {
        _checkBooks(address(token), token.balanceOf(address(market)));
    }

    /// @dev Every exit pays out the whole reward, split or not; nothing leaves before; a
    ///      terminal task stays terminal.
    function invariant_noTaskPaidMoreThanItsReward() public view {
        (uint256 id, string memory what) = handler.badPayout();
        assertEq(id, 0, what);
    }

    function invariant_terminalTaskNeverPaidAgain() public view {
        assertEq(handler.ghostPaidAfterTerminal(), 0, "TaskPaid after terminal");
        assertEq(handler.ghostTerminalCallSucceeded(), 0, "payout call on terminal task");
    }

    function invariant_guardedActionsSucceed() public view {
        assertEq(handler.ghostUnexpectedReverts(), 0, handler.lastUnexpectedAction());
    }

    function invariant_pauseStopsNewWork() public view {
        assertEq(handler.ghostPauseBypass(), 0, "started something while paused");
    }

    /// @dev Every action the handler offers, by the name it counts successes under.
    function _actions() internal pure returns (string[19] memory) {
        return [
            "publishEth",
            "publishToken",
            "claim",
            "abandon",
            "submit",
            "approve",
            "reject",
            "dispute",
            "resolve",
            "cancel",
            "expire",
            "finalize",
            "withdraw",
            "release",
            "settle",
            "attackTerminal",
            "toggleReceiver",
            "togglePause",
            "warp"
        ];
    }

    /// @dev After each run: every action succeeded in it at least once. Runs shorter than
    ///      half the depth are let off: those are replays of a saved failure (after its fix)
    ///      and the shrinker's trials, not runs of the campaign.
    function afterInvariant() public view {
        if (handler.steps() < 128) return;
        string[19] memory names = _actions();
        for (uint256 i; i < names.length; ++i) {
            assertGt(
                handler.calls(bytes32(bytes(names[i]))),
                0,
                string.concat("never succeeded in this run: ", names[i])
            );
        }
    }

    /// @dev A long deterministic walk through the handler (the same actions the fuzzer
    ///      picks, with seeds from a hash chain): every action must succeed, and then the
    ///      invariants must hold.
    function test_walk_everyActionSucceedsAndBooksBalance() public {
        bytes32 seed = keccak256("walk");
        for (uint256 step; step < 600; ++step) {
            seed = keccak256(abi.encode(seed));
            uint256 r = uint256(seed);
            uint256 a = uint256(keccak256(abi.encode(seed, "a")));
            uint256 b = uint256(keccak256(abi.encode(seed, "b")));
            uint256 pick = r % 19;
            if (pick == 0) handler.publishEth(a, b);
            else if (pick == 1) handler.publishToken(a, b);
            else if (pick == 2) handler.claim(a, b);
            else if (pick == 3) handler.abandon(a);
            else if (pick == 4) handler.submit(a);
            else if (pick == 5) handler.approve(a);
            else if (pick == 6) handler.reject(a);
            else if (pick == 7) handler.dispute(a);
            else if (pick == 8) handler.resolve(a, b, a % 2 == 0);
            else if (pick == 9) handler.cancel(a);
            else if (pick == 10) handler.expire(a, b);
            else if (pick == 11) handler.finalize(a);
            else if (pick == 12) handler.withdraw(a, b % 2 == 0);
            else if (pick == 13) handler.toggleReceiver(a % 2 == 0);
            else if (pick == 14) handler.togglePause(a);
            else if (pick == 15) handler.warp(a);
            else if (pick == 16) handler.attackTerminal(a, b);
            else if (pick == 17) handler.release(a);
            else handler.settle(a, b);
        }
        console.log("tasks", market.taskCount());
        string[19] memory names = _actions();
        for (uint256 i; i < names.length; ++i) {
            uint256 n = handler.calls(bytes32(bytes(names[i])));
            console.log(names[i], n);
            assertGt(n, 0, string.concat("never succeeded: ", names[i]));
        }
        invariant_ethBooksBalance();
        invariant_tokenBooksBalance();
        invariant_noTaskPaidMoreThanItsReward();
        invariant_terminalTaskNeverPaidAgain();
        invariant_guardedActionsSucceed();
        invariant_pauseStopsNewWork();
    }
}
