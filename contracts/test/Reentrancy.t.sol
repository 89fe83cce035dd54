// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PointExchange} from "../src/PointExchange.sol";
import {PointMall} from "../src/PointMall.sol";
import {Profiles} from "../src/Profiles.sol";
import {TaskMarket} from "../src/TaskMarket.sol";
import {Escrow} from "../src/utils/Escrow.sol";
import {HostileERC20} from "./mocks/HostileERC20.sol";
import {HostileReceiver} from "./mocks/HostileReceiver.sol";
import {Base} from "./utils/Base.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Every function that moves value out of an escrow (or calls a token at all),
///         attacked from inside that call: ETH paid to a hostile contract
///         (`HostileReceiver`), tokens moved by a hostile ERC-20 (`HostileERC20`), each
///         reading the payer's state and re-entering it. Each test asserts both: the re-entry
///         hits the reentrancy guard (so removing a `nonReentrant` fails the test: without it
///         the inner call fails differently or succeeds), and the state the attacker saw was
///         already final (so moving a state write after the payout fails the test), and the
///         balances come out exact (nothing paid twice).
///
///         The functions, all `nonReentrant` (the only external calls in `contracts/src`
///         that carry value or reach a caller-chosen contract):
///         - `TaskMarket` (ETH or any ERC-20 reward): `approveWork`, `resolveDispute`,
///           `cancelTask`, `expireTask` (refund, and a stale dispute's 50/50 split) and
///           `finalizeUnreviewed` pay out; `publishTask` and `publishTaskWithPermit` pull
///           the reward in (and call the token's `permit`).
///         - `Escrow` (in `TaskMarket`, `PointMall`, `PointExchange`): `withdraw` and
///           `withdrawTo` pay a credited payout.
///         - `PointMall` (the community's points): `cancelOrder` refunds, `completeOrder`
///           burns, `payOrder`, `checkout` and `checkoutWithPermit` pull points in (the
///           last calls `permit` on a token the caller names).
///         - `PointExchange` (ETH or any ERC-20): `acceptOffer` pays the maker and the
///           taker, `cancelOffer` refunds, `createOffer` pulls the given side in.
///         Not here: `Communities.award` mints its own `CommunityPoints` (no hooks, no
///         value held), and `Forwarder.execute` is OpenZeppelin's `ERC2771Forwarder` (its
///         nonce is spent before the call).
contract ReentrancyTest is Base {
    bytes32 internal constant PROOF = keccak256("proof");
    address internal constant ETH = address(0);

    HostileReceiver internal hostile;
    HostileERC20 internal htk;

    function setUp() public override {
        super.setUp();
        htk = new HostileERC20();
        hostile = new HostileReceiver();
        hostile.act(address(profiles), abi.encodeCall(Profiles.register, ("hostile", bytes32(0))));
    }

    // ------------------------------------------------------------------ helpers

    function _reentryBlocked() internal view {
        assertTrue(hostile.paid(), "the hostile contract was paid");
        assertFalse(hostile.reenterOk(), "re-entry went through");
        assertEq(
            bytes4(hostile.reenterResult()),
            ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector,
            "re-entry not stopped by the guard"
        );
    }

    /// @dev Arms the hostile contract to read task `id` and re-enter `withdraw(ETH)`.
    /// @dev The hostile token's attack ran, and its re-entry hit the guard.
    function _tokenReentryBlocked() internal view {
        assertTrue(htk.attacked(), "the hostile token was called");
        assertFalse(htk.reenterOk(), "re-entry went through");
        assertEq(
            bytes4(htk.reenterResult()),
            ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector,
            "re-entry not stopped by the guard"
        );
    }

    /// @dev Arms the hostile token to attack `target` on `hook`: read `viewData`, re-enter
    ///      with `reenterData`.
    function _armToken(
        HostileERC20.Hook hook,
        address target,
        bytes memory viewData,
        bytes memory reenterData
    ) internal {
        htk.arm(hook, target, viewData, reenterData);
    }

    function _armTask(uint256 id) internal {
        hostile.arm(
            address(market),
            abi.encodeCall(TaskMarket.getTask, (id)),
            abi.encodeCall(Escrow.withdraw, (ETH))
        );
    }

    function _seenStatus() internal view returns (TaskMarket.Status) {
        return abi.decode(hostile.seen(), (TaskMarket.Task)).status;
    }

    function _as(bytes memory data) internal {
        hostile.act(address(market), data);
    }

    /// @dev A task claimed (and optionally submitted) by the hostile contract.
    function _hostileClaims(bool submit) internal returns (uint256 id) {
        id = _publishEth(1 ether);
        _as(abi.encodeCall(TaskMarket.claimTask, (id)));
        if (submit) _as(abi.encodeCall(TaskMarket.submitWork, (id, PROOF)));
    }

    function _hostileDisputes() internal returns (uint256 id) {
        id = _hostileClaims(true);
        vm.prank(publisher);
        market.rejectWork(id, keccak256("no"));
        _as(abi.encodeCall(TaskMarket.openDispute, (id, keccak256("yes"))));
    }

    /// @dev The hostile contract as a task publisher: it receives refunds.
    function _hostilePublishes() internal returns (uint256 id) {
        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        vm.prank(admin);
        profiles.grantRole(role, address(hostile));
        vm.deal(address(this), 1 ether);
        bytes memory ret = hostile.act{value: 1 ether}(
            address(market),
            abi.encodeCall(
                TaskMarket.publishTask,
                (cid, "t", keccak256("s"), ETH, 1 ether, uint64(block.timestamp + 7 days))
            )
        );
        id = abi.decode(ret, (uint256));
    }

    function _booksBalance() internal view {
        assertEq(address(market).balance, market.escrowed(ETH) + market.totalOwed(ETH));
    }

    // ------------------------------------------------------------------ TaskMarket

    function test_reentrancy_approveWork() public {
        uint256 id = _hostileClaims(true);
        _armTask(id);
        vm.prank(publisher);
        market.approveWork(id);
        _reentryBlocked();
        assertEq(uint8(_seenStatus()), uint8(TaskMarket.Status.Completed));
        _booksBalance();
    }

    function test_reentrancy_resolveDispute() public {
        uint256 id = _hostileDisputes();
        _armTask(id);
        vm.prank(alice);
        market.resolveDispute(id, 6000);
        _reentryBlocked();
        assertEq(uint8(_seenStatus()), uint8(TaskMarket.Status.Completed));
        assertEq(address(hostile).balance, 0.6 ether);
        _booksBalance();
    }

    function test_reentrancy_expireDispute() public {
        uint256 id = _hostileDisputes();
        vm.warp(block.timestamp + DISPUTE_PERIOD + 1);
        _armTask(id);
        market.expireTask(id);
        _reentryBlocked();
        assertEq(uint8(_seenStatus()), uint8(TaskMarket.Status.Expired));
        _booksBalance();
    }

    function test_reentrancy_finalizeUnreviewed() public {
        uint256 id = _hostileClaims(true);
        vm.warp(block.timestamp + REVIEW_PERIOD + 1);
        _armTask(id);
        _as(abi.encodeCall(TaskMarket.finalizeUnreviewed, (id)));
        _reentryBlocked();
        assertEq(uint8(_seenStatus()), uint8(TaskMarket.Status.Completed));
        _booksBalance();
    }

    function test_reentrancy_cancelTask() public {
        uint256 id = _hostilePublishes();
        _armTask(id);
        _as(abi.encodeCall(TaskMarket.cancelTask, (id)));
        _reentryBlocked();
        assertEq(uint8(_seenStatus()), uint8(TaskMarket.Status.Cancelled));
        _booksBalance();
    }

    function test_reentrancy_expireTask() public {
        uint256 id = _hostilePublishes();
        vm.warp(block.timestamp + 8 days);
        _armTask(id);
        market.expireTask(id);
        _reentryBlocked();
        assertEq(uint8(_seenStatus()), uint8(TaskMarket.Status.Expired));
        _booksBalance();
    }

    /// @dev A credit, then `withdraw` and `withdrawTo` re-entered from their own payout.
    function test_reentrancy_withdrawAndWithdrawTo() public {
        uint256 id = _hostileClaims(true);
        hostile.setRejecting(true);
        vm.prank(publisher);
        market.approveWork(id); // credited
        uint256 second = _hostileClaims(true);
        vm.prank(publisher);
        market.approveWork(second); // credited again
        hostile.setRejecting(false);
        assertEq(market.owed(address(hostile), ETH), 2 ether);

        hostile.arm(
            address(market),
            abi.encodeCall(Escrow.owed, (address(hostile), ETH)),
            abi.encodeCall(Escrow.withdraw, (ETH))
        );
        _as(abi.encodeCall(Escrow.withdraw, (ETH)));
        _reentryBlocked();
        assertEq(abi.decode(hostile.seen(), (uint256)), 0, "credit cleared before the payout");
        assertEq(address(hostile).balance, 2 ether);
        _booksBalance();

        // withdrawTo: the hostile contract is the destination of bob's credit.
        HostileReceiver bobWallet = new HostileReceiver();
        bobWallet.act(address(profiles), abi.encodeCall(Profiles.register, ("bobw", bytes32(0))));
        uint256 third = _publishEth(1 ether);
        bobWallet.setRejecting(true);
        bobWallet.act(address(market), abi.encodeCall(TaskMarket.claimTask, (third)));
        bobWallet.act(address(market), abi.encodeCall(TaskMarket.submitWork, (third, PROOF)));
        vm.prank(publisher);
        market.approveWork(third);
        hostile.arm(
            address(market),
            abi.encodeCall(Escrow.owed, (address(bobWallet), ETH)),
            abi.encodeCall(Escrow.withdrawTo, (ETH, address(hostile)))
        );
        bobWallet.act(address(market), abi.encodeCall(Escrow.withdrawTo, (ETH, address(hostile))));
        _reentryBlocked();
        assertEq(abi.decode(hostile.seen(), (uint256)), 0, "credit cleared before the payout");
        assertEq(address(hostile).balance, 3 ether);
        _booksBalance();
    }

    // ------------------------------------------------------------------ TaskMarket, token reward

    uint256 internal constant REWARD = 1000;

    /// @dev A task rewarded in the hostile token, published by `publisher`.
    function _tokenTask() internal returns (uint256 id) {
        htk.mint(publisher, REWARD);
        vm.startPrank(publisher);
        htk.approve(address(market), REWARD);
        id = market.publishTask(
            cid, "t", keccak256("s"), address(htk), REWARD, uint64(block.timestamp + 7 days)
        );
        vm.stopPrank();
    }

    /// @dev A hostile-token task claimed by bob, who submitted work.
    function _tokenSubmitted() internal returns (uint256 id) {
        id = _tokenTask();
        vm.prank(bob);
        market.claimTask(id);
        vm.prank(bob);
        market.submitWork(id, PROOF);
    }

    /// @dev A hostile-token task whose rejection bob disputes.
    function _tokenDisputed() internal returns (uint256 id) {
        id = _tokenSubmitted();
        vm.prank(publisher);
        market.rejectWork(id, keccak256("no"));
        vm.prank(bob);
        market.openDispute(id, keccak256("yes"));
    }

    /// @dev On the token's next payout from the market: read task `id`, re-enter with
    ///      `reenter`.
    function _armTokenTask(uint256 id, bytes memory reenter) internal {
        _armToken(
            HostileERC20.Hook.Transfer,
            address(market),
            abi.encodeCall(TaskMarket.getTask, (id)),
            reenter
        );
    }

    /// @dev The hostile token saw task status `status` and the token's escrow emptied.
    function _tokenSawFinal(TaskMarket.Status status) internal view {
        assertEq(uint8(abi.decode(htk.seen(), (TaskMarket.Task)).status), uint8(status), "status");
        assertEq(htk.seenEscrowed(), 0, "escrow booked out before the payout");
    }

    function _tokenBooksBalance() internal view {
        assertEq(
            htk.balanceOf(address(market)),
            market.escrowed(address(htk)) + market.totalOwed(address(htk))
        );
    }

    function test_reentrancy_token_publishTask() public {
        uint64 deadline = uint64(block.timestamp + 7 days);
        htk.mint(publisher, 2 * REWARD);
        vm.prank(publisher);
        htk.approve(address(market), 2 * REWARD);
        _armToken(
            HostileERC20.Hook.TransferFrom,
            address(market),
            abi.encodeCall(TaskMarket.taskCount, ()),
            abi.encodeCall(
                TaskMarket.publishTask,
                (cid, "again", keccak256("s"), address(htk), REWARD, deadline)
            )
        );
        vm.prank(publisher);
        market.publishTask(cid, "t", keccak256("s"), address(htk), REWARD, deadline);
        _tokenReentryBlocked();
        assertEq(market.taskCount(), 1);
        assertEq(market.escrowed(address(htk)), REWARD);
        assertEq(htk.balanceOf(publisher), REWARD);
        _tokenBooksBalance();
    }

    function test_reentrancy_token_publishTaskWithPermit() public {
        uint64 deadline = uint64(block.timestamp + 7 days);
        htk.mint(publisher, REWARD);
        vm.prank(publisher);
        htk.approve(address(market), REWARD); // the permit grants nothing
        _armToken(
            HostileERC20.Hook.Permit,
            address(market),
            abi.encodeCall(TaskMarket.taskCount, ()),
            abi.encodeCall(
                TaskMarket.publishTask,
                (cid, "again", keccak256("s"), address(htk), REWARD, deadline)
            )
        );
        vm.prank(publisher);
        market.publishTaskWithPermit(
            cid, "t", keccak256("s"), address(htk), REWARD, deadline, deadline, 27, 0, 0
        );
        _tokenReentryBlocked();
        assertEq(market.taskCount(), 1);
        assertEq(market.escrowed(address(htk)), REWARD);
        _tokenBooksBalance();
    }

    function test_reentrancy_token_approveWork() public {
        uint256 id = _tokenSubmitted();
        _armTokenTask(id, abi.encodeCall(TaskMarket.approveWork, (id)));
        vm.prank(publisher);
        market.approveWork(id);
        _tokenReentryBlocked();
        _tokenSawFinal(TaskMarket.Status.Completed);
        assertEq(htk.balanceOf(bob), REWARD);
        _tokenBooksBalance();
    }

    function test_reentrancy_token_resolveDispute() public {
        uint256 id = _tokenDisputed();
        _armTokenTask(id, abi.encodeCall(TaskMarket.resolveDispute, (id, 10_000)));
        vm.prank(alice);
        market.resolveDispute(id, 6000);
        _tokenReentryBlocked();
        _tokenSawFinal(TaskMarket.Status.Completed);
        assertEq(htk.balanceOf(bob), 600);
        assertEq(htk.balanceOf(publisher), 400);
        _tokenBooksBalance();
    }

    function test_reentrancy_token_expireDispute() public {
        uint256 id = _tokenDisputed();
        vm.warp(block.timestamp + DISPUTE_PERIOD + 1);
        _armTokenTask(id, abi.encodeCall(TaskMarket.expireTask, (id)));
        market.expireTask(id);
        _tokenReentryBlocked();
        _tokenSawFinal(TaskMarket.Status.Expired);
        assertEq(htk.balanceOf(bob), 500);
        assertEq(htk.balanceOf(publisher), 500);
        _tokenBooksBalance();
    }

    function test_reentrancy_token_finalizeUnreviewed() public {
        uint256 id = _tokenSubmitted();
        vm.warp(block.timestamp + REVIEW_PERIOD + 1);
        _armTokenTask(id, abi.encodeCall(TaskMarket.finalizeUnreviewed, (id)));
        vm.prank(bob);
        market.finalizeUnreviewed(id);
        _tokenReentryBlocked();
        _tokenSawFinal(TaskMarket.Status.Completed);
        assertEq(htk.balanceOf(bob), REWARD);
        _tokenBooksBalance();
    }

    function test_reentrancy_token_cancelTask() public {
        uint256 id = _tokenTask();
        _armTokenTask(id, abi.encodeCall(TaskMarket.cancelTask, (id)));
        vm.prank(publisher);
        market.cancelTask(id);
        _tokenReentryBlocked();
        _tokenSawFinal(TaskMarket.Status.Cancelled);
        assertEq(htk.balanceOf(publisher), REWARD);
        _tokenBooksBalance();
    }

    function test_reentrancy_token_expireTask() public {
        uint256 id = _tokenTask();
        vm.warp(block.timestamp + 8 days);
        _armTokenTask(id, abi.encodeCall(TaskMarket.expireTask, (id)));
        market.expireTask(id);
        _tokenReentryBlocked();
        _tokenSawFinal(TaskMarket.Status.Expired);
        assertEq(htk.balanceOf(publisher), REWARD);
        _tokenBooksBalance();
    }

    /// @dev Two credits of bob's (the token refused him), withdrawn with `withdraw` and
    ///      `withdrawTo`, each re-entered from its own payout.
    function test_reentrancy_token_withdrawAndWithdrawTo() public {
        htk.setRefused(bob);
        uint256 first = _tokenSubmitted();
        vm.prank(publisher);
        market.approveWork(first); // credited
        uint256 second = _tokenSubmitted();
        vm.prank(publisher);
        market.approveWork(second); // credited
        htk.setRefused(address(0));
        assertEq(market.owed(bob, address(htk)), 2 * REWARD);

        _armToken(
            HostileERC20.Hook.Transfer,
            address(market),
            abi.encodeCall(Escrow.owed, (bob, address(htk))),
            abi.encodeCall(Escrow.withdraw, (address(htk)))
        );
        vm.prank(bob);
        market.withdraw(address(htk));
        _tokenReentryBlocked();
        assertEq(abi.decode(htk.seen(), (uint256)), 0, "credit cleared before the payout");
        assertEq(htk.balanceOf(bob), 2 * REWARD);
        _tokenBooksBalance();

        htk.setRefused(bob);
        uint256 third = _tokenSubmitted();
        vm.prank(publisher);
        market.approveWork(third); // credited
        htk.setRefused(address(0));
        _armToken(
            HostileERC20.Hook.Transfer,
            address(market),
            abi.encodeCall(Escrow.owed, (bob, address(htk))),
            abi.encodeCall(Escrow.withdrawTo, (address(htk), carol))
        );
        vm.prank(bob);
        market.withdrawTo(address(htk), carol);
        _tokenReentryBlocked();
        assertEq(abi.decode(htk.seen(), (uint256)), 0, "credit cleared before the payout");
        assertEq(htk.balanceOf(carol), REWARD);
        assertEq(market.totalOwed(address(htk)), 0);
        _tokenBooksBalance();
    }

    // ------------------------------------------------------------------ PointExchange

    function _armOffer(uint256 offerId) internal {
        hostile.arm(
            address(exchange),
            abi.encodeCall(PointExchange.getOffer, (offerId)),
            abi.encodeCall(Escrow.withdraw, (ETH))
        );
    }

    function _seenOffer() internal view returns (PointExchange.OfferStatus) {
        return abi.decode(hostile.seen(), (PointExchange.Offer)).status;
    }

    /// @dev The hostile maker gives 1 ether for 10 points, or 10 points for 1 ether.
    function _hostileOffer(bool giveEth) internal returns (uint256 offerId) {
        uint64 expiry = uint64(block.timestamp + 1 days);
        bytes memory ret;
        if (giveEth) {
            vm.deal(address(this), 1 ether);
            ret = hostile.act{value: 1 ether}(
                address(exchange),
                abi.encodeCall(
                    PointExchange.createOffer, (ETH, 1 ether, address(pts), 10, address(0), expiry)
                )
            );
        } else {
            _award(address(hostile), 10);
            hostile.act(address(pts), abi.encodeCall(pts.approve, (address(exchange), 10)));
            ret = hostile.act(
                address(exchange),
                abi.encodeCall(
                    PointExchange.createOffer, (address(pts), 10, ETH, 1 ether, address(0), expiry)
                )
            );
        }
        offerId = abi.decode(ret, (uint256));
    }

    function test_reentrancy_acceptOffer_paysTheMaker() public {
        uint256 offerId = _hostileOffer(false);
        _armOffer(offerId);
        vm.deal(bob, 1 ether);
        vm.prank(bob);
        exchange.acceptOffer{value: 1 ether}(offerId);
        _reentryBlocked();
        assertEq(uint8(_seenOffer()), uint8(PointExchange.OfferStatus.Filled));
        assertEq(address(hostile).balance, 1 ether);
        assertEq(pts.balanceOf(bob), 10);
    }

    function test_reentrancy_cancelOffer() public {
        uint256 offerId = _hostileOffer(true);
        _armOffer(offerId);
        hostile.act(address(exchange), abi.encodeCall(PointExchange.cancelOffer, (offerId)));
        _reentryBlocked();
        assertEq(uint8(_seenOffer()), uint8(PointExchange.OfferStatus.Cancelled));
        assertEq(address(hostile).balance, 1 ether);
        assertEq(exchange.escrowed(ETH), 0);
    }

    /// @dev The hostile contract takes carol's offer of 1 ether for 10 points: the escrowed
    ///      ETH is paid to it, the taker.
    function test_reentrancy_acceptOffer_paysTheTaker() public {
        vm.deal(carol, 1 ether);
        vm.prank(carol);
        uint256 offerId = exchange.createOffer{value: 1 ether}(
            ETH, 1 ether, address(pts), 10, address(0), uint64(block.timestamp + 1 days)
        );
        _award(address(hostile), 10);
        hostile.act(address(pts), abi.encodeCall(pts.approve, (address(exchange), 10)));
        _armOffer(offerId);
        hostile.act(address(exchange), abi.encodeCall(PointExchange.acceptOffer, (offerId)));
        _reentryBlocked();
        assertEq(uint8(_seenOffer()), uint8(PointExchange.OfferStatus.Filled));
        assertEq(address(hostile).balance, 1 ether);
        assertEq(pts.balanceOf(carol), 10);
        assertEq(address(exchange).balance, 0);
        assertEq(exchange.escrowed(ETH), 0);
    }

    /// @dev bob offers `REWARD` hostile tokens for 1 ether.
    function _tokenOffer() internal returns (uint256 offerId) {
        htk.mint(bob, REWARD);
        vm.startPrank(bob);
        htk.approve(address(exchange), REWARD);
        offerId = exchange.createOffer(
            address(htk), REWARD, ETH, 1 ether, address(0), uint64(block.timestamp + 1 days)
        );
        vm.stopPrank();
    }

    function _armTokenOffer(HostileERC20.Hook hook, uint256 offerId, bytes memory reenter)
        internal
    {
        _armToken(
            hook, address(exchange), abi.encodeCall(PointExchange.getOffer, (offerId)), reenter
        );
    }

    function _tokenSawOffer(PointExchange.OfferStatus status) internal view {
        assertEq(
            uint8(abi.decode(htk.seen(), (PointExchange.Offer)).status), uint8(status), "status"
        );
    }

    function test_reentrancy_token_createOffer() public {
        uint64 expiry = uint64(block.timestamp + 1 days);
        htk.mint(bob, 2 * REWARD);
        vm.prank(bob);
        htk.approve(address(exchange), 2 * REWARD);
        _armToken(
            HostileERC20.Hook.TransferFrom,
            address(exchange),
            abi.encodeCall(PointExchange.offerCount, ()),
            abi.encodeCall(
                PointExchange.createOffer, (address(htk), REWARD, ETH, 1, address(0), expiry)
            )
        );
        vm.prank(bob);
        exchange.createOffer(address(htk), REWARD, ETH, 1 ether, address(0), expiry);
        _tokenReentryBlocked();
        assertEq(exchange.offerCount(), 1);
        assertEq(exchange.escrowed(address(htk)), REWARD);
        assertEq(htk.balanceOf(address(exchange)), REWARD);
    }

    /// @dev The escrowed side is the hostile token: its payout to the taker re-enters.
    function test_reentrancy_token_acceptOffer_paysTheTaker() public {
        uint256 offerId = _tokenOffer();
        _armTokenOffer(
            HostileERC20.Hook.Transfer,
            offerId,
            abi.encodeCall(PointExchange.acceptOffer, (offerId))
        );
        vm.deal(carol, 1 ether);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(offerId);
        _tokenReentryBlocked();
        _tokenSawOffer(PointExchange.OfferStatus.Filled);
        assertEq(htk.seenEscrowed(), 0, "escrow booked out before the payout");
        assertEq(htk.balanceOf(carol), REWARD);
        assertEq(bob.balance, 1 ether);
        assertEq(htk.balanceOf(address(exchange)), 0);
    }

    /// @dev The wanted side is the hostile token: pulling it from the taker to the maker
    ///      re-enters.
    function test_reentrancy_token_acceptOffer_paysTheMaker() public {
        vm.deal(carol, 1 ether);
        vm.prank(carol);
        uint256 offerId = exchange.createOffer{value: 1 ether}(
            ETH, 1 ether, address(htk), REWARD, address(0), uint64(block.timestamp + 1 days)
        );
        htk.mint(bob, REWARD);
        vm.prank(bob);
        htk.approve(address(exchange), REWARD);
        _armTokenOffer(
            HostileERC20.Hook.TransferFrom,
            offerId,
            abi.encodeCall(PointExchange.acceptOffer, (offerId))
        );
        vm.prank(bob);
        exchange.acceptOffer(offerId);
        _tokenReentryBlocked();
        _tokenSawOffer(PointExchange.OfferStatus.Filled);
        assertEq(htk.balanceOf(carol), REWARD);
        assertEq(bob.balance, 1 ether);
        assertEq(address(exchange).balance, 0);
        assertEq(exchange.escrowed(ETH), 0);
    }

    function test_reentrancy_token_cancelOffer() public {
        uint256 offerId = _tokenOffer();
        _armTokenOffer(
            HostileERC20.Hook.Transfer,
            offerId,
            abi.encodeCall(PointExchange.cancelOffer, (offerId))
        );
        vm.prank(bob);
        exchange.cancelOffer(offerId);
        _tokenReentryBlocked();
        _tokenSawOffer(PointExchange.OfferStatus.Cancelled);
        assertEq(htk.seenEscrowed(), 0, "escrow booked out before the payout");
        assertEq(htk.balanceOf(bob), REWARD);
        assertEq(htk.balanceOf(address(exchange)), 0);
    }

    /// @dev A refund the token refused is credited; `withdraw` and `withdrawTo` of it are
    ///      re-entered from their own payout.
    function test_reentrancy_exchange_withdrawAndWithdrawTo() public {
        htk.setRefused(bob);
        uint256 first = _tokenOffer();
        vm.prank(bob);
        exchange.cancelOffer(first); // credited
        htk.setRefused(address(0));
        _armToken(
            HostileERC20.Hook.Transfer,
            address(exchange),
            abi.encodeCall(Escrow.owed, (bob, address(htk))),
            abi.encodeCall(Escrow.withdraw, (address(htk)))
        );
        vm.prank(bob);
        exchange.withdraw(address(htk));
        _tokenReentryBlocked();
        assertEq(abi.decode(htk.seen(), (uint256)), 0, "credit cleared before the payout");
        assertEq(htk.balanceOf(bob), REWARD);

        vm.prank(bob);
        htk.transfer(carol, REWARD); // bob needs fresh tokens for the next offer
        htk.setRefused(bob);
        uint256 second = _tokenOffer();
        vm.prank(bob);
        exchange.cancelOffer(second); // credited
        htk.setRefused(address(0));
        _armToken(
            HostileERC20.Hook.Transfer,
            address(exchange),
            abi.encodeCall(Escrow.owed, (bob, address(htk))),
            abi.encodeCall(Escrow.withdrawTo, (address(htk), carol))
        );
        vm.prank(bob);
        exchange.withdrawTo(address(htk), carol);
        _tokenReentryBlocked();
        assertEq(abi.decode(htk.seen(), (uint256)), 0, "credit cleared before the payout");
        assertEq(htk.balanceOf(carol), 2 * REWARD);
        assertEq(htk.balanceOf(address(exchange)), 0);
        assertEq(exchange.totalOwed(address(htk)), 0);
    }

    // ------------------------------------------------------------------ PointMall

    /// @dev An item of `cid` priced in the hostile token, as if it were the community's
    ///      points. `Communities` only ever makes `CommunityPoints` (no hooks), so this
    ///      tests the mall's own guards, the defence that stays if that ever changes.
    function _hostileItem() internal returns (uint256 itemId) {
        vm.mockCall(
            address(communities),
            abi.encodeCall(communities.pointsOf, (cid)),
            abi.encode(address(htk))
        );
        itemId = _listItem(10, 50);
        vm.clearMockedCalls();
        assertEq(mall.getItem(itemId).token, address(htk));
    }

    /// @dev bob orders 3 units (30 tokens) of a hostile-token item; `pay` pays it too.
    function _hostileOrder(bool pay) internal returns (uint256 orderId) {
        uint256 itemId = _hostileItem();
        htk.mint(bob, 30);
        vm.startPrank(bob);
        htk.approve(address(mall), 30);
        orderId = mall.placeOrder(itemId, 3, 10);
        if (pay) mall.payOrder(orderId);
        vm.stopPrank();
    }

    function _armOrder(HostileERC20.Hook hook, uint256 orderId, bytes memory reenter) internal {
        _armToken(hook, address(mall), abi.encodeCall(PointMall.getOrder, (orderId)), reenter);
    }

    function _tokenSawOrder(PointMall.OrderStatus status) internal view {
        assertEq(uint8(abi.decode(htk.seen(), (PointMall.Order)).status), uint8(status), "status");
    }

    function test_reentrancy_mall_payOrder() public {
        uint256 orderId = _hostileOrder(false);
        _armOrder(
            HostileERC20.Hook.TransferFrom, orderId, abi.encodeCall(PointMall.payOrder, (orderId))
        );
        vm.prank(bob);
        mall.payOrder(orderId);
        _tokenReentryBlocked();
        assertEq(uint8(mall.getOrder(orderId).status), uint8(PointMall.OrderStatus.Paid));
        assertEq(mall.escrowed(address(htk)), 30);
        assertEq(htk.balanceOf(address(mall)), 30);
        assertEq(htk.balanceOf(bob), 0);
    }

    function test_reentrancy_mall_checkout() public {
        uint256 itemId = _hostileItem();
        uint256[] memory ids = new uint256[](1);
        ids[0] = itemId;
        uint32[] memory qs = new uint32[](1);
        qs[0] = 3;
        htk.mint(bob, 60);
        vm.prank(bob);
        htk.approve(address(mall), 60);
        _armToken(
            HostileERC20.Hook.TransferFrom,
            address(mall),
            abi.encodeCall(PointMall.orderCount, ()),
            abi.encodeCall(PointMall.checkout, (ids, qs, type(uint256).max))
        );
        vm.prank(bob);
        mall.checkout(ids, qs, 30);
        _tokenReentryBlocked();
        assertEq(mall.orderCount(), 1);
        assertEq(mall.escrowed(address(htk)), 30);
        assertEq(htk.balanceOf(address(mall)), 30);
        assertEq(htk.balanceOf(bob), 30);
    }

    /// @dev The permit's token is any contract the buyer names: here the hostile one, for a
    ///      cart of ordinary points.
    function test_reentrancy_mall_checkoutWithPermit() public {
        uint256 itemId = _listItem(10, 5);
        uint256[] memory ids = new uint256[](1);
        ids[0] = itemId;
        uint32[] memory qs = new uint32[](1);
        qs[0] = 1;
        _award(bob, 20);
        vm.prank(bob);
        pts.approve(address(mall), 20);
        _armToken(
            HostileERC20.Hook.Permit,
            address(mall),
            abi.encodeCall(PointMall.orderCount, ()),
            abi.encodeCall(PointMall.checkout, (ids, qs, type(uint256).max))
        );
        vm.prank(bob);
        mall.checkoutWithPermit(ids, qs, 10, address(htk), 20, block.timestamp, 27, 0, 0);
        _tokenReentryBlocked();
        assertEq(mall.orderCount(), 1);
        assertEq(mall.escrowed(address(pts)), 10);
        assertEq(pts.balanceOf(bob), 10);
    }

    function test_reentrancy_mall_completeOrder() public {
        uint256 orderId = _hostileOrder(true);
        uint256 supply = htk.totalSupply();
        _armOrder(
            HostileERC20.Hook.Burn, orderId, abi.encodeCall(PointMall.completeOrder, (orderId))
        );
        vm.prank(alice);
        mall.completeOrder(orderId);
        _tokenReentryBlocked();
        _tokenSawOrder(PointMall.OrderStatus.Completed);
        assertEq(htk.seenEscrowed(), 0, "escrow booked out before the burn");
        assertEq(htk.totalSupply(), supply - 30, "burned once");
        assertEq(htk.balanceOf(address(mall)), 0);
    }

    function test_reentrancy_mall_cancelOrder() public {
        uint256 orderId = _hostileOrder(true);
        _armOrder(
            HostileERC20.Hook.Transfer, orderId, abi.encodeCall(PointMall.cancelOrder, (orderId))
        );
        vm.prank(bob);
        mall.cancelOrder(orderId);
        _tokenReentryBlocked();
        _tokenSawOrder(PointMall.OrderStatus.Cancelled);
        assertEq(htk.seenEscrowed(), 0, "escrow booked out before the refund");
        assertEq(htk.balanceOf(bob), 30, "refunded once");
        assertEq(htk.balanceOf(address(mall)), 0);
    }

    /// @dev A refund the token refused is credited; `withdraw` and `withdrawTo` of it are
    ///      re-entered from their own payout.
    function test_reentrancy_mall_withdrawAndWithdrawTo() public {
        htk.setRefused(bob);
        uint256 first = _hostileOrder(true);
        vm.prank(bob);
        mall.cancelOrder(first); // credited
        uint256 second = _hostileOrder(true);
        vm.prank(bob);
        mall.cancelOrder(second); // credited
        htk.setRefused(address(0));
        assertEq(mall.owed(bob, address(htk)), 60);

        _armToken(
            HostileERC20.Hook.Transfer,
            address(mall),
            abi.encodeCall(Escrow.owed, (bob, address(htk))),
            abi.encodeCall(Escrow.withdraw, (address(htk)))
        );
        vm.prank(bob);
        mall.withdraw(address(htk));
        _tokenReentryBlocked();
        assertEq(abi.decode(htk.seen(), (uint256)), 0, "credit cleared before the payout");
        assertEq(htk.balanceOf(bob), 60);

        htk.setRefused(bob);
        uint256 third = _hostileOrder(true);
        vm.prank(bob);
        mall.cancelOrder(third); // credited
        htk.setRefused(address(0));
        _armToken(
            HostileERC20.Hook.Transfer,
            address(mall),
            abi.encodeCall(Escrow.owed, (bob, address(htk))),
            abi.encodeCall(Escrow.withdrawTo, (address(htk), carol))
        );
        vm.prank(bob);
        mall.withdrawTo(address(htk), carol);
        _tokenReentryBlocked();
        assertEq(abi.decode(htk.seen(), (uint256)), 0, "credit cleared before the payout");
        assertEq(htk.balanceOf(carol), 30);
        assertEq(htk.balanceOf(address(mall)), 0);
        assertEq(mall.totalOwed(address(htk)), 0);
    }
}
