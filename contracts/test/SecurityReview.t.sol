// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Communities} from "../src/Communities.sol";
import {PointMall} from "../src/PointMall.sol";
import {Posts} from "../src/Posts.sol";
import {Profiles} from "../src/Profiles.sol";
import {TaskMarket} from "../src/TaskMarket.sol";
import {Escrow} from "../src/utils/Escrow.sol";
import {Managed} from "../src/utils/Managed.sol";
import {BlocklistERC20} from "./mocks/BlocklistERC20.sol";
import {ReturnBomb} from "./mocks/ReturnBomb.sol";
import {Base} from "./utils/Base.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice One named test per attack of the security review (issue 10). Each one ran
///         successfully as an attack on the contracts before the fix; here each asserts
///         what must hold instead.
contract SecurityReviewTest is Base {
    bytes32 internal constant SPEC = keccak256("spec");
    bytes32 internal constant PROOF = keccak256("proof");
    bytes32 internal constant REASON = keccak256("reason");
    bytes32 internal constant DISPUTE = keccak256("dispute");
    address internal constant ETH = address(0);

    address internal dave = makeAddr("dave");
    address internal newAlice = makeAddr("newAlice");

    function setUp() public override {
        super.setUp();
        _register(dave, "dave");
    }

    // ------------------------------------------------------------------ helpers

    function _in7() internal view returns (uint64) {
        return uint64(block.timestamp + 7 days);
    }

    function _claimed(address claimer, uint256 reward) internal returns (uint256 id) {
        id = _publishEth(reward);
        vm.prank(claimer);
        market.claimTask(id);
    }

    function _disputed(address claimer, uint256 reward) internal returns (uint256 id) {
        id = _claimed(claimer, reward);
        vm.prank(claimer);
        market.submitWork(id, PROOF);
        vm.prank(publisher);
        market.rejectWork(id, REASON);
        vm.prank(claimer);
        market.openDispute(id, DISPUTE);
    }

    function _recoverAlice() internal returns (uint256 request) {
        vm.prank(newAlice);
        request = profiles.requestRecovery("alice", keccak256("evidence"));
        vm.prank(admin);
        profiles.approveRecovery(request);
    }

    function _status(uint256 id) internal view returns (TaskMarket.Status) {
        return market.getTask(id).status;
    }

    // ------------------------------------------------- 1. recovered key and admin rights

    /// @notice A recovered-away key must not regain community-admin powers by
    ///         registering again: memberships and admin rights move, the address retires.
    function test_attack1_recoveredAwayKeyCannotRegainCommunityAdmin() public {
        _award(alice, 7);
        (,, uint64 since) = communities.standingOf(cid, alice);
        uint256 members = communities.memberCount(cid);

        vm.prank(newAlice);
        uint256 request = profiles.requestRecovery("alice", keccak256("evidence"));
        vm.expectEmit(address(communities));
        emit Communities.MembershipMoved(
            cid, alice, newAlice, Communities.Standing.Member, since, members
        );
        vm.prank(admin);
        profiles.approveRecovery(request);

        // The account's standing moved, since-when included; the count did not change.
        (bool member, bool banned, uint64 adminSince) = communities.standingOf(cid, newAlice);
        assertTrue(member);
        assertFalse(banned);
        assertEq(adminSince, since);
        assertTrue(communities.isCommunityAdmin(cid, newAlice));
        assertEq(communities.memberCount(cid), members);
        assertEq(communities.communitiesOf(alice).length, 0);
        assertEq(communities.communitiesOf(newAlice)[0], cid);

        // The old key: no longer anything, and it can never register again.
        assertFalse(communities.isMember(cid, alice));
        assertFalse(communities.isCommunityAdmin(cid, alice));
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesAddressRetired.selector, alice));
        vm.prank(alice);
        profiles.register("alice_again", keccak256("x"));
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesNotCommunityAdmin.selector, cid, alice)
        );
        vm.prank(alice);
        communities.award(cid, alice, 1_000_000, "mint");
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesNotCommunityAdmin.selector, cid, alice)
        );
        vm.prank(alice);
        communities.ban(cid, newAlice);

        // The recovered account acts as the admin; point balances stay with the key.
        vm.prank(newAlice);
        communities.award(cid, bob, 5, "event");
        assertEq(pts.balanceOf(bob), 5);
        assertEq(pts.balanceOf(alice), 7);
        assertEq(pts.balanceOf(newAlice), 0);
    }

    /// @notice A ban moves with the account: a recovery is no way around a ban, and a
    ///         ban already on the new address wins over the old address's membership.
    function test_attack1_recoveryCarriesBans() public {
        uint256 other = _communityOf(alice, "Second");
        _join(bob, other);
        vm.prank(alice);
        communities.ban(cid, bob);
        address newBob = makeAddr("newBob");
        vm.prank(alice);
        communities.ban(other, newBob); // a ban already on the new address
        uint256 otherMembers = communities.memberCount(other);

        vm.prank(newBob);
        uint256 request = profiles.requestRecovery("bob", keccak256("evidence"));
        vm.prank(admin);
        profiles.approveRecovery(request);

        assertTrue(communities.isBanned(cid, newBob));
        assertTrue(communities.isBanned(other, newBob));
        assertFalse(communities.isMember(other, newBob));
        assertEq(communities.memberCount(other), otherMembers - 1);
        assertFalse(communities.isBanned(cid, bob));
        assertEq(communities.communitiesOf(bob).length, 0);
    }

    /// @notice Only `Profiles` moves accounts.
    function test_attack1_onlyProfilesMovesAccounts() public {
        vm.expectRevert(abi.encodeWithSelector(Communities.CommunitiesNotProfiles.selector, bob));
        vm.prank(bob);
        communities.moveAccount(alice, bob);
        vm.expectRevert(Profiles.ProfilesCommunitiesAlreadySet.selector);
        vm.prank(admin);
        profiles.setCommunities(address(0xBEEF));
    }

    function _communityOf(address creator, string memory name) internal returns (uint256 id) {
        vm.prank(creator);
        id = communities.createCommunity(name, "game", keccak256("d"));
    }

    // ------------------------------------------------- 2. arbiter of one's own dispute

    /// @notice A verified publisher cannot publish into a community it administers (it
    ///         could appoint the arbiter of its own dispute).
    function test_attack2_publisherCannotPublishWhereItAdministers() public {
        _verify(publisher);
        uint256 own = _communityOf(publisher, "Publisher's own");
        vm.deal(publisher, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                TaskMarket.TaskMarketPublisherIsCommunityAdmin.selector, own, publisher
            )
        );
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(own, "t", SPEC, ETH, 1 ether, _in7());
    }

    /// @notice An admin appointed after the claim (a sock puppet) cannot resolve the
    ///         dispute; an unverified puppet cannot even be appointed.
    function test_attack2_adminAppointedAfterClaimCannotArbitrate() public {
        uint256 id = _disputed(bob, 1 ether);
        address puppet = makeAddr("puppet");
        _register(puppet, "puppet");
        _join(puppet, cid);
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesAdminNotVerified.selector, cid, puppet)
        );
        vm.prank(alice);
        communities.setCommunityAdmin(cid, puppet, true);

        // Even verified, an admin since after the claim is no arbiter of this task.
        _verify(puppet);
        vm.warp(block.timestamp + 1);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, puppet, true);
        assertFalse(market.isArbiter(id, puppet));
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotArbiter.selector, id, puppet)
        );
        vm.prank(puppet);
        market.resolveDispute(id, 0);

        // An admin from before the claim, and the system admin, are.
        assertTrue(market.isArbiter(id, alice));
        assertTrue(market.isArbiter(id, admin));
        assertFalse(market.isArbiter(id, bob));
        assertFalse(market.isArbiter(id, publisher));
        vm.prank(alice);
        market.resolveDispute(id, 4000);
        assertEq(bob.balance, 0.4 ether);
    }

    /// @notice Leaving and being re-appointed restarts "admin since": the old standing
    ///         does not carry over to a later appointment.
    function test_attack2_reappointedAdminIsNewAgain() public {
        _verify(carol);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, carol, true);
        uint256 id = _disputed(bob, 1 ether);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, carol, false);
        vm.warp(block.timestamp + 1);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, carol, true);
        assertFalse(market.isArbiter(id, carol));
    }

    // ------------------------------------------------- 3. a dispute open forever

    /// @notice After `disputePeriod()` anyone settles a dispute 50/50, the odd unit to
    ///         the claimer.
    function test_attack3_unresolvedDisputeExpiresFiftyFifty() public {
        uint256 reward = 1 ether + 1;
        uint256 id = _disputed(bob, reward);
        uint64 until = uint64(block.timestamp) + DISPUTE_PERIOD;
        assertEq(market.disputePeriod(), DISPUTE_PERIOD);

        vm.warp(until);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketDisputePending.selector, id, until)
        );
        vm.prank(dave);
        market.expireTask(id);

        vm.warp(until + 1);
        uint256 half = reward / 2;
        vm.expectEmit(address(market));
        emit TaskMarket.DisputeExpired(id, dave, reward - half, half);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPaid(id, publisher, bob, ETH, reward - half);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPaid(id, publisher, publisher, ETH, half);
        vm.prank(dave);
        market.expireTask(id);

        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Expired));
        assertEq(bob.balance, half + 1);
        assertEq(publisher.balance, half);
        assertEq(market.escrowed(ETH), 0);
        assertEq(address(market).balance, 0);
    }

    // ------------------------------------------------- 4. claim squatting

    /// @notice A claim with no submission for `workPeriod()` is released by the
    ///         publisher, and the squatter can never claim that task again.
    function test_attack4_staleClaimIsReleasedAndSquatterLockedOut() public {
        uint256 id = _claimed(dave, 1 ether);
        uint64 until = uint64(block.timestamp) + WORK_PERIOD;
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketWorkPending.selector, id, until)
        );
        vm.prank(publisher);
        market.releaseClaim(id);

        vm.warp(until + 1);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisher.selector, id, bob));
        vm.prank(bob);
        market.releaseClaim(id);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskClaimReleased(id, dave);
        vm.prank(publisher);
        market.releaseClaim(id);

        TaskMarket.Task memory task = market.getTask(id);
        assertEq(uint8(task.status), uint8(TaskMarket.Status.Open));
        assertEq(task.claimer, address(0));
        assertTrue(market.wasReleased(id, dave));
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketClaimReleased.selector, id, dave)
        );
        vm.prank(dave);
        market.claimTask(id);
        // Someone else can take it.
        vm.prank(bob);
        market.claimTask(id);
    }

    /// @notice A submitted task cannot be released, and after a rejection the claimer
    ///         keeps its review window to dispute or resubmit.
    function test_attack4_submittedOrJustRejectedClaimIsNotReleased() public {
        uint256 id = _claimed(bob, 1 ether);
        vm.warp(block.timestamp + WORK_PERIOD + 1);
        vm.prank(bob);
        market.submitWork(id, PROOF);
        vm.expectRevert(
            abi.encodeWithSelector(
                TaskMarket.TaskMarketWrongStatus.selector, id, TaskMarket.Status.Submitted
            )
        );
        vm.prank(publisher);
        market.releaseClaim(id);

        vm.prank(publisher);
        market.rejectWork(id, REASON);
        uint64 until = uint64(block.timestamp) + REVIEW_PERIOD;
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketWorkPending.selector, id, until)
        );
        vm.prank(publisher);
        market.releaseClaim(id);
        vm.warp(until + 1);
        vm.prank(publisher);
        market.releaseClaim(id);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Open));
    }

    // ------------------------------------------------- 5. a pause that picks a side

    /// @notice While paused nothing new starts, and every step of something already
    ///         started works, for both sides.
    function test_attack5_pauseStopsNewThingsOnly() public {
        uint256 toSubmit = _claimed(bob, 1 ether);
        uint256 toReject = _claimed(carol, 1 ether);
        vm.prank(carol);
        market.submitWork(toReject, PROOF);
        uint256 toDispute = _claimed(dave, 1 ether);
        vm.prank(dave);
        market.submitWork(toDispute, PROOF);
        vm.prank(publisher);
        market.rejectWork(toDispute, REASON);
        uint256 toRelease = _publishEth(1 ether);
        address eve = _player("eve");
        vm.prank(eve);
        market.claimTask(toRelease);
        uint256 toSettle = _disputed(bob, 2 ether);
        uint256 open = _publishEth(1 ether);
        uint256 itemId = _listItem(10, 5);
        vm.prank(bob);
        uint256 order = mall.placeOrder(itemId, 1, 10);
        uint256 postId = _post(bob);

        vm.startPrank(admin);
        market.pause();
        posts.pause();
        mall.pause();
        communities.pause();
        exchange.pause();
        vm.stopPrank();

        // Started things go on.
        vm.prank(bob);
        market.submitWork(toSubmit, PROOF);
        vm.prank(publisher);
        market.rejectWork(toReject, REASON);
        vm.prank(dave);
        market.openDispute(toDispute, DISPUTE);
        vm.warp(block.timestamp + DISPUTE_PERIOD + 1);
        vm.prank(publisher);
        market.releaseClaim(toRelease);
        market.expireTask(toSettle);
        vm.prank(bob);
        mall.cancelOrder(order);
        vm.prank(alice);
        posts.removePost(postId);
        assertEq(uint8(_status(toSubmit)), uint8(TaskMarket.Status.Submitted));
        assertEq(uint8(_status(toDispute)), uint8(TaskMarket.Status.Disputed));
        assertEq(uint8(_status(toRelease)), uint8(TaskMarket.Status.Open));
        assertEq(uint8(_status(toSettle)), uint8(TaskMarket.Status.Expired));

        // Nothing new starts.
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(carol);
        market.claimTask(open);
        vm.deal(publisher, 1 ether);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(cid, "t", SPEC, ETH, 1 ether, _in7());
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        posts.createPost(cid, "t", keccak256("c"));
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        mall.placeOrder(itemId, 1, 10);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(dave);
        communities.join(cid);
        vm.deal(bob, 1 ether);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        exchange.createOffer{value: 1 ether}(ETH, 1 ether, address(pts), 1, address(0), _in7());
    }

    function _post(address author) internal returns (uint256 id) {
        vm.prank(author);
        id = posts.createPost(cid, "Abyss 12 guide", keccak256("body"));
    }

    // ------------------------------------------------- 6. a ban that covers nothing

    /// @notice A ban covers the whole community: claim, post, edit, like, comment, order
    ///         and review.
    function test_attack6_banCoversTheWholeCommunity() public {
        uint256 postId = _post(bob);
        uint256 taskId = _publishEth(1 ether);
        uint256 itemId = _listItem(10, 5);
        _award(bob, 10);
        vm.prank(bob);
        pts.approve(address(mall), 10);
        uint256[] memory ids = new uint256[](1);
        ids[0] = itemId;
        uint32[] memory qs = new uint32[](1);
        qs[0] = 1;
        vm.prank(bob);
        uint256 order = mall.checkout(ids, qs, 10)[0];
        vm.prank(alice);
        mall.completeOrder(order);
        uint256 otherPost = _post(carol);

        vm.prank(alice);
        communities.ban(cid, bob);

        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketBanned.selector, taskId, bob));
        vm.prank(bob);
        market.claimTask(taskId);
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotMember.selector, cid, bob));
        vm.prank(bob);
        posts.createPost(cid, "t", keccak256("c"));
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsBanned.selector, cid, bob));
        vm.prank(bob);
        posts.editPost(postId, keccak256("new"));
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotMember.selector, cid, bob));
        vm.prank(bob);
        posts.like(otherPost);
        for (uint8 kind; kind < 3; ++kind) {
            uint256 target = kind == 0 ? taskId : (kind == 1 ? cid : otherPost);
            vm.expectRevert(abi.encodeWithSelector(Posts.PostsBanned.selector, cid, bob));
            vm.prank(bob);
            posts.comment(kind, target, keccak256("c"));
        }
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallBanned.selector, cid, bob));
        vm.prank(bob);
        mall.placeOrder(itemId, 1, 10);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallBanned.selector, cid, bob));
        vm.prank(bob);
        mall.review(order, 1, keccak256("1 star"));

        // Other communities are not affected.
        uint256 other = _communityOf(alice, "Other");
        _join(bob, other);
        vm.prank(bob);
        posts.createPost(other, "t", keccak256("c"));
    }

    /// @notice Moderators remove comments: the community's admins on the community, its
    ///         posts and its tasks; the system admin anywhere (and any post); nobody else.
    function test_attack6_moderatorsRemoveCommentsAndPosts() public {
        uint256 postId = _post(bob);
        uint256 taskId = _publishEth(1 ether);
        uint256[3] memory comments;
        for (uint8 kind; kind < 3; ++kind) {
            uint256 target = kind == 0 ? taskId : (kind == 1 ? cid : postId);
            vm.prank(carol);
            comments[kind] = posts.comment(kind, target, keccak256(abi.encode(kind)));
        }
        assertEq(posts.communityOfComment(comments[0]), cid);

        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotModerator.selector, comments[0], bob));
        vm.prank(bob);
        posts.removeComment(comments[0]);

        // An admin of another community is no moderator here.
        _verify(dave);
        uint256 other = _communityOf(dave, "Other");
        assertTrue(communities.isCommunityAdmin(other, dave));
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotModerator.selector, comments[1], dave));
        vm.prank(dave);
        posts.removeComment(comments[1]);

        vm.expectEmit(address(posts));
        emit Posts.CommentRemoved(comments[0], alice);
        vm.prank(alice);
        posts.removeComment(comments[0]);
        vm.prank(alice);
        posts.removeComment(comments[1]);
        vm.prank(admin);
        posts.removeComment(comments[2]);
        assertTrue(posts.getComment(comments[2]).removed);
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsUnknownComment.selector, comments[2]));
        vm.prank(admin);
        posts.removeComment(comments[2]);

        // The author removes its own; the system admin removes any post.
        vm.prank(carol);
        uint256 own = posts.comment(2, postId, keccak256("mine"));
        vm.prank(carol);
        posts.removeComment(own);
        vm.expectEmit(address(posts));
        emit Posts.PostRemoved(postId, admin);
        vm.prank(admin);
        posts.removePost(postId);
    }

    // ------------------------------------------------- 7. unpaid orders reserve forever

    /// @notice An unpaid order past `orderTtl()` is cancelled by anyone and the stock
    ///         returns; a paid one is not.
    function test_attack7_unpaidOrderExpiresAndAnyoneReturnsStock() public {
        uint256 itemId = _listItem(10, 3);
        vm.prank(bob);
        uint256 order = mall.placeOrder(itemId, 3, 10);
        assertEq(mall.getItem(itemId).stock, 0);
        uint64 expiresAt = uint64(block.timestamp) + ORDER_TTL;
        assertEq(mall.orderExpiresAt(order), expiresAt);

        vm.warp(expiresAt);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, order, dave));
        vm.prank(dave);
        mall.cancelOrder(order);

        vm.warp(expiresAt + 1);
        vm.expectEmit(address(mall));
        emit PointMall.OrderCancelled(order, dave, 0, 3);
        vm.prank(dave);
        mall.cancelOrder(order);
        assertEq(mall.getItem(itemId).stock, 3);

        // A paid order is the buyer's: strangers cannot cancel it, expired or not.
        _award(carol, 10);
        vm.prank(carol);
        pts.approve(address(mall), 10);
        vm.prank(carol);
        uint256 paid = mall.placeOrder(itemId, 1, 10);
        vm.prank(carol);
        mall.payOrder(paid);
        vm.warp(block.timestamp + ORDER_TTL + 1);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, paid, dave));
        vm.prank(dave);
        mall.cancelOrder(paid);
    }

    // ------------------------------------------------- 8. no price bound

    /// @notice A price raised between looking and buying (or front-running the buyer)
    ///         cannot charge a buyer with a standing allowance more than it agreed to.
    function test_attack8_buyerBoundsWhatItPays() public {
        uint256 itemId = _listItem(10, 5);
        _award(bob, 1000);
        vm.prank(bob);
        pts.approve(address(mall), type(uint256).max);

        vm.prank(alice);
        mall.updateItem(itemId, 500, 5, true); // the front-run
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallPriceAboveLimit.selector, itemId, 500, 10)
        );
        vm.prank(bob);
        mall.placeOrder(itemId, 1, 10);

        uint256[] memory ids = new uint256[](1);
        ids[0] = itemId;
        uint32[] memory qs = new uint32[](1);
        qs[0] = 2;
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallTotalAboveLimit.selector, 1000, 20)
        );
        vm.prank(bob);
        mall.checkout(ids, qs, 20);
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallTotalAboveLimit.selector, 1000, 20)
        );
        vm.prank(bob);
        mall.checkoutWithPermit(ids, qs, 20, address(pts), 0, 0, 0, bytes32(0), bytes32(0));
        assertEq(pts.balanceOf(bob), 1000);
        assertEq(mall.orderCount(), 0);

        // At the shown price it goes through.
        vm.prank(bob);
        mall.checkout(ids, qs, 1000);
        assertEq(pts.balanceOf(bob), 0);
    }

    // ------------------------------------------------- 9. return bombs

    /// @notice A recipient that answers a payout with megabytes of return data cannot
    ///         make the payout run out of gas: a dispute can be split any way.
    function test_attack9_returnBombCannotBlockADisputeSplit() public {
        ReturnBomb bomb = new ReturnBomb(2_000_000);
        bomb.act(address(profiles), abi.encodeCall(Profiles.register, ("bomber", keccak256("b"))));
        uint256 id = _publishEth(1 ether);
        bomb.act(address(market), abi.encodeCall(TaskMarket.claimTask, (id)));
        bomb.act(address(market), abi.encodeCall(TaskMarket.submitWork, (id, PROOF)));
        vm.prank(publisher);
        market.rejectWork(id, REASON);
        bomb.act(address(market), abi.encodeCall(TaskMarket.openDispute, (id, DISPUTE)));

        // Copying 2 MB back would need ~8M gas more than the arbiter gives.
        vm.prank(alice);
        market.resolveDispute{gas: 12_000_000}(id, 5000);
        assertEq(address(bomb).balance, 0.5 ether);
        assertEq(publisher.balance, 0.5 ether);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Completed));
    }

    // ------------------------------------------------- 10. smaller ones

    /// @notice A credited recipient on a token's blocklist sends its credit elsewhere.
    function test_attack10_withdrawToMovesACreditOffABlocklist() public {
        BlocklistERC20 token = new BlocklistERC20(true);
        token.mint(publisher, 100);
        vm.startPrank(publisher);
        token.approve(address(market), 100);
        uint256 id = market.publishTask(cid, "t", SPEC, address(token), 100, _in7());
        vm.stopPrank();
        vm.prank(bob);
        market.claimTask(id);
        vm.prank(bob);
        market.submitWork(id, PROOF);
        token.setBlocked(bob, true);
        vm.prank(publisher);
        market.approveWork(id);
        assertEq(market.owed(bob, address(token)), 100);

        vm.expectRevert(Escrow.EscrowZeroRecipient.selector);
        vm.prank(bob);
        market.withdrawTo(address(token), address(0));
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, carol, address(token))
        );
        vm.prank(carol);
        market.withdrawTo(address(token), carol);

        vm.expectEmit(address(market));
        emit Escrow.WithdrawnTo(bob, address(token), dave, 100);
        vm.prank(bob);
        market.withdrawTo(address(token), dave);
        assertEq(token.balanceOf(dave), 100);
        assertEq(market.owed(bob, address(token)), 0);
        assertEq(market.totalOwed(address(token)), 0);
    }

    /// @notice A task publisher (or system admin) must be a registered player.
    function test_attack10_unregisteredPublisherCannotPublish() public {
        address ghost = makeAddr("ghost");
        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        vm.prank(admin);
        profiles.grantRole(role, ghost);
        vm.deal(ghost, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, ghost));
        vm.prank(ghost);
        market.publishTask{value: 1 ether}(cid, "t", SPEC, ETH, 1 ether, _in7());
    }

    /// @notice A retired key is a visitor everywhere: the exchange refuses it too.
    function test_attack10_exchangeRefusesRetiredKey() public {
        _recoverAlice();
        vm.deal(alice, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, alice));
        vm.prank(alice);
        exchange.createOffer{value: 1 ether}(ETH, 1 ether, address(pts), 1, address(0), _in7());
        assertEq(exchange.offerCount(), 0);
    }
}
