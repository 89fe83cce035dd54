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

/// @notice Drives `TaskMarket` through random but mostly valid sequences: one publisher,
///         several players (one of them a contract that can refuse ETH), an arbiter who
///         is the community's admin, and the system admin. Every action is guarded so it
///         should succeed; a guarded action that reverts anyway is recorded as unexpected.
///         Money flows are reconstructed from the market's own events.
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
    /// @dev Guarded actions that reverted anyway, and the last revert data.
    uint256 public ghostUnexpectedReverts;
    bytes public lastUnexpected;
    string public lastUnexpectedAction;
    /// @dev "Nothing new can start" calls that went through while paused.
    uint256 public ghostPauseBypass;

    mapping(bytes32 action => uint256) public calls;

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

    /// @dev The first task, scanning from a random start, that `ok` accepts (0 if none),
    ///      so that most calls find something to do.
    function _find(uint256 seed, function(TaskMarket.Task memory) view returns (bool) ok)
        internal
        view
        returns (uint256, TaskMarket.Task memory t)
    {
        uint256 count = market.taskCount();
        if (count == 0) return (0, t);
        uint256 start = seed % count;
        for (uint256 i; i < count; ++i) {
            uint256 id = 1 + (start + i) % count;
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

    function _expirable(TaskMarket.Task memory t) internal view returns (bool) {
        if (t.status != TaskMarket.Status.Open && t.status != TaskMarket.Status.Claimed) {
            return false;
        }
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

    function _isTerminal(TaskMarket.Task memory t) internal pure returns (bool) {
        return _terminal(t.status);
    }

    function _task(uint256 id) internal view returns (TaskMarket.Task memory) {
        return market.getTask(id);
    }

    function _terminal(TaskMarket.Status s) internal pure returns (bool) {
        return s == TaskMarket.Status.Completed || s == TaskMarket.Status.Cancelled
            || s == TaskMarket.Status.Expired;
    }

    function _begin() internal {
        vm.recordLogs();
    }

    /// @dev Folds the market's events of the last call into the ghosts, then refreshes
    ///      which tasks are terminal.
    function _end() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 paidSig = TaskMarket.TaskPaid.selector;
        bytes32 deferredSig = Escrow.PayoutDeferred.selector;
        bytes32 withdrawnSig = Escrow.Withdrawn.selector;
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(market)) continue;
            bytes32 sig = log.topics[0];
            if (sig == paidSig) {
                uint256 id = uint256(log.topics[1]);
                (address tok, uint256 amount) = abi.decode(log.data, (address, uint256));
                if (ghostTerminal[id]) ++ghostPaidAfterTerminal;
                ghostPaid[id] += amount;
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
        uint256 count = market.taskCount();
        for (uint256 id = 1; id <= count; ++id) {
            if (_terminal(_task(id).status)) ghostTerminal[id] = true;
        }
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

    // ---------------------------------------------------------------------------------
    // actions
    // ---------------------------------------------------------------------------------

    function publishEth(uint256 reward, uint256 duration) external {
        reward = _bound(reward, 1, 1e24);
        // forge-lint: disable-next-line(unsafe-typecast)
        uint64 deadline = uint64(block.timestamp + _bound(duration, 1, 20 days));
        vm.deal(publisher, publisher.balance + reward);
        uint256 cid = 1;
        _begin();
        vm.prank(publisher);
        try market.publishTask{value: reward}(cid, "eth task", SPEC, ETH, reward, deadline) {
            if (market.paused()) ++ghostPauseBypass;
            ghostIn[ETH] += reward;
            ++calls["publishEth"];
        } catch (bytes memory err) {
            if (market.paused()) _expectPaused(false, err);
            else _unexpected("publishEth", err);
        }
        _end();
    }

    function publishToken(uint256 reward, uint256 duration) external {
        reward = _bound(reward, 1, 1e30);
        // forge-lint: disable-next-line(unsafe-typecast)
        uint64 deadline = uint64(block.timestamp + _bound(duration, 1, 20 days));
        token.mint(publisher, reward);
        vm.prank(publisher);
        token.approve(address(market), reward);
        _begin();
        vm.prank(publisher);
        try market.publishTask(1, "token task", SPEC, address(token), reward, deadline) {
            if (market.paused()) ++ghostPauseBypass;
            ghostIn[address(token)] += reward;
            ++calls["publishToken"];
        } catch (bytes memory err) {
            if (market.paused()) _expectPaused(false, err);
            else _unexpected("publishToken", err);
        }
        _end();
    }

    function claim(uint256 taskSeed, uint256 playerSeed) external {
        (uint256 id,) = _find(taskSeed, _claimable);
        if (id == 0) return;
        address who = players[playerSeed % players.length];
        if (market.wasReleased(id, who)) return; // locked out of this task for good
        _begin();
        vm.prank(who);
        try market.claimTask(id) {
            if (market.paused()) ++ghostPauseBypass;
            ++calls["claim"];
        } catch (bytes memory err) {
            if (market.paused()) _expectPaused(false, err);
            else _unexpected("claim", err);
        }
        _end();
    }

    function abandon(uint256 taskSeed, uint256 gate) external {
        if (gate % 3 != 0) return; // rarer than progress
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _isClaimed);
        if (id == 0) return;
        _begin();
        vm.prank(t.claimer);
        try market.abandonTask(id) {
            ++calls["abandon"];
        } catch (bytes memory err) {
            _unexpected("abandon", err);
        }
        _end();
    }

    function submit(uint256 taskSeed) external {
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _submittable);
        if (id == 0) return;
        _begin();
        vm.prank(t.claimer);
        try market.submitWork(id, keccak256(abi.encode(id, block.timestamp))) {
            ++calls["submit"];
        } catch (bytes memory err) {
            // A step of a started task: it works while paused too.
            _unexpected("submit", err);
        }
        _end();
    }

    function approve(uint256 taskSeed, uint256 gate) external {
        if (gate % 2 != 0) return; // leave some submissions unreviewed
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _isSubmitted);
        if (id == 0) return;
        _begin();
        vm.prank(t.publisher);
        try market.approveWork(id) {
            ++calls["approve"];
        } catch (bytes memory err) {
            _unexpected("approve", err);
        }
        _end();
    }

    function reject(uint256 taskSeed, uint256 gate) external {
        if (gate % 2 != 0) return; // leave some submissions unreviewed
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _isSubmitted);
        if (id == 0) return;
        _begin();
        vm.prank(t.publisher);
        try market.rejectWork(id, keccak256("reason")) {
            ++calls["reject"];
        } catch (bytes memory err) {
            // A step of a started task: it works while paused too.
            _unexpected("reject", err);
        }
        _end();
    }

    function dispute(uint256 taskSeed) external {
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _disputable);
        if (id == 0) return;
        _begin();
        vm.prank(t.claimer);
        try market.openDispute(id, keccak256("dispute")) {
            ++calls["dispute"];
        } catch (bytes memory err) {
            // A step of a started task: it works while paused too.
            _unexpected("dispute", err);
        }
        _end();
    }

    function resolve(uint256 taskSeed, uint256 bps, bool bySystemAdmin) external {
        if (taskSeed % 4 != 0) return; // leave most disputes to run out (settle)
        (uint256 id,) = _find(taskSeed, _isDisputed);
        if (id == 0) return;
        // forge-lint: disable-next-line(unsafe-typecast)
        uint16 share = uint16(_bound(bps, 0, 10_000));
        _begin();
        vm.prank(bySystemAdmin ? sysAdmin : arbiter);
        try market.resolveDispute(id, share) {
            ++calls["resolve"];
        } catch (bytes memory err) {
            _unexpected("resolve", err);
        }
        _end();
    }

    function cancel(uint256 taskSeed, uint256 gate) external {
        if (gate % 3 != 0) return; // rarer than progress
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _isOpen);
        if (id == 0) return;
        _begin();
        vm.prank(t.publisher);
        try market.cancelTask(id) {
            ++calls["cancel"];
        } catch (bytes memory err) {
            _unexpected("cancel", err);
        }
        _end();
    }

    function expire(uint256 taskSeed, uint256 callerSeed) external {
        (uint256 id,) = _find(taskSeed, _expirable);
        if (id == 0) return;
        _begin();
        vm.prank(players[callerSeed % players.length]);
        try market.expireTask(id) {
            ++calls["expire"];
        } catch (bytes memory err) {
            _unexpected("expire", err);
        }
        _end();
    }

    /// @dev The publisher takes back a stale claim; works while paused.
    function release(uint256 taskSeed) external {
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _releasable);
        if (id == 0) return;
        _begin();
        vm.prank(t.publisher);
        try market.releaseClaim(id) {
            ++calls["release"];
        } catch (bytes memory err) {
            _unexpected("release", err);
        }
        _end();
    }

    /// @dev Anyone settles a dispute nobody resolved in time, 50/50; works while paused.
    function settle(uint256 taskSeed, uint256 callerSeed) external {
        (uint256 id,) = _find(taskSeed, _settleable);
        if (id == 0) return;
        _begin();
        vm.prank(players[callerSeed % players.length]);
        try market.expireTask(id) {
            ++calls["settle"];
        } catch (bytes memory err) {
            _unexpected("settle", err);
        }
        _end();
    }

    function finalize(uint256 taskSeed) external {
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _finalizable);
        if (id == 0) return;
        _begin();
        vm.prank(t.claimer);
        try market.finalizeUnreviewed(id) {
            ++calls["finalize"];
        } catch (bytes memory err) {
            _unexpected("finalize", err);
        }
        _end();
    }

    function withdraw(uint256 whoSeed, bool eth) external {
        address tok = eth ? ETH : address(token);
        // The receiver is the only account whose payouts get deferred.
        address who = whoSeed % 2 == 0 ? address(receiver) : players[whoSeed % players.length];
        if (market.owed(who, tok) == 0) return;
        bool shouldFail = who == address(receiver) && tok == ETH && !receiver.accepting();
        _begin();
        vm.prank(who);
        try market.withdraw(tok) {
            if (shouldFail) _unexpected("withdraw succeeded while rejecting", "");
            ++calls["withdraw"];
        } catch (bytes memory err) {
            // forge-lint: disable-next-line(unsafe-typecast)
            if (!shouldFail || bytes4(err) != Escrow.EscrowWithdrawFailed.selector) {
                _unexpected("withdraw", err);
            }
        }
        _end();
    }

    function toggleReceiver(bool accepting) external {
        receiver.setAccepting(accepting);
        ++calls["toggleReceiver"];
    }

    /// @dev Pauses now and then (1 in 6), unpauses whenever called while paused.
    function togglePause(uint256 seed) external {
        bool pause_ = !market.paused();
        if (pause_ && seed % 6 != 0) return;
        vm.prank(sysAdmin);
        if (pause_) market.pause();
        else market.unpause();
        ++calls["togglePause"];
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + _bound(dt, 1, 8 days));
        ++calls["warp"];
    }

    /// @dev Tries every payout path on a terminal task, as the party that would be
    ///      allowed to use it. Every attempt must revert.
    function attackTerminal(uint256 taskSeed, uint256 bps) external {
        (uint256 id, TaskMarket.Task memory t) = _find(taskSeed, _isTerminal);
        if (id == 0) return;
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
        _end();
        ++calls["attackTerminal"];
    }

    // ---------------------------------------------------------------------------------
    // views for the invariants
    // ---------------------------------------------------------------------------------

    function unfinishedRewards(address tok) external view returns (uint256 sum) {
        uint256 count = market.taskCount();
        for (uint256 id = 1; id <= count; ++id) {
            TaskMarket.Task memory t = _task(id);
            if (t.rewardToken == tok && !_terminal(t.status)) sum += t.reward;
        }
    }
}

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

    function invariant_noTaskPaidMoreThanItsReward() public view {
        uint256 count = market.taskCount();
        for (uint256 id = 1; id <= count; ++id) {
            TaskMarket.Task memory t = market.getTask(id);
            uint256 paid = handler.ghostPaid(id);
            assertLe(paid, t.reward, "paid <= reward");
            bool terminal = t.status == TaskMarket.Status.Completed
                || t.status == TaskMarket.Status.Cancelled || t.status == TaskMarket.Status.Expired;
            // Every exit pays out the whole reward, split or not; nothing leaves before.
            assertEq(paid, terminal ? t.reward : 0, "paid == reward iff terminal");
            assertEq(handler.ghostTerminal(id), terminal, "terminal is final");
        }
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

    /// @dev A long deterministic walk through the handler (the same actions the fuzzer
    ///      picks, with seeds from a hash chain): every action must succeed at least once,
    ///      so the invariants above are checked on tasks in every state, and then they
    ///      must hold. A fuzzer campaign alone reached disputes late and resolutions never.
    function test_walk_everyActionSucceedsAndBooksBalance() public {
        bytes32 seed = keccak256("walk");
        for (uint256 step; step < 1500; ++step) {
            seed = keccak256(abi.encode(seed));
            uint256 r = uint256(seed);
            uint256 a = uint256(keccak256(abi.encode(seed, "a")));
            uint256 b = uint256(keccak256(abi.encode(seed, "b")));
            uint256 pick = r % 19;
            if (pick == 0) handler.publishEth(a, b);
            else if (pick == 1) handler.publishToken(a, b);
            else if (pick == 2) handler.claim(a, b);
            else if (pick == 3) handler.abandon(a, b);
            else if (pick == 4) handler.submit(a);
            else if (pick == 5) handler.approve(a, b);
            else if (pick == 6) handler.reject(a, b);
            else if (pick == 7) handler.dispute(a);
            else if (pick == 8) handler.resolve(a, b, a % 2 == 0);
            else if (pick == 9) handler.cancel(a, b);
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
        string[15] memory names = [
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
            "settle"
        ];
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
