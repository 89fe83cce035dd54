// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PointExchange} from "../src/PointExchange.sol";
import {Profiles} from "../src/Profiles.sol";
import {TaskMarket} from "../src/TaskMarket.sol";
import {Escrow} from "../src/utils/Escrow.sol";
import {HostileReceiver} from "./mocks/HostileReceiver.sol";
import {Base} from "./utils/Base.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Every function that pays ETH out, paid to a hostile contract that reads the
///         payer's state and re-enters it from inside the payout. Each test asserts both:
///         the re-entry hits the reentrancy guard (so removing a `nonReentrant` fails the
///         test: without it the inner call fails differently or succeeds), and the state
///         the hostile contract saw was already final (so moving a state write after the
///         payout fails the test).
contract ReentrancyTest is Base {
    bytes32 internal constant PROOF = keccak256("proof");
    address internal constant ETH = address(0);

    HostileReceiver internal hostile;

    function setUp() public override {
        super.setUp();
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
}
