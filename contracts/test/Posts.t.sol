// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Posts} from "../src/Posts.sol";
import {ICommunities} from "../src/interfaces/ICommunities.sol";
import {IProfiles} from "../src/interfaces/IProfiles.sol";
import {ITaskMarket} from "../src/interfaces/ITaskMarket.sol";
import {Managed} from "../src/utils/Managed.sol";
import {Base} from "./utils/Base.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice Unit and fuzz tests of `Posts`: posts, edits, removal, likes, comments, views
///         and pause.
contract PostsTest is Base {
    bytes32 internal constant PAUSER = keccak256("PAUSER_ROLE");
    bytes32 internal constant BODY = keccak256("body");
    bytes32 internal constant BODY2 = keccak256("body v2");
    bytes32 internal constant NOTE = keccak256("comment");

    uint8 internal constant TASK = 0;
    uint8 internal constant COMMUNITY = 1;
    uint8 internal constant POST = 2;

    address internal dave;

    function setUp() public override {
        super.setUp();
        dave = _player("dave");
    }

    // ------------------------------------------------------------------ helpers

    function _text(uint256 len) internal pure returns (string memory) {
        bytes memory b = new bytes(len);
        for (uint256 i; i < len; ++i) {
            b[i] = "t";
        }
        return string(b);
    }

    function _post(address author) internal returns (uint256 postId) {
        vm.prank(author);
        postId = posts.createPost(cid, "Hello", BODY);
    }

    function _remove(address by, uint256 postId) internal {
        vm.prank(by);
        posts.removePost(postId);
    }

    function _pause() internal {
        vm.prank(admin);
        posts.pause();
    }

    function _unknownPost(uint256 postId) internal {
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsUnknownPost.selector, postId));
    }

    function _unknownTarget(uint8 kind, uint256 id) internal {
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsUnknownTarget.selector, kind, id));
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_wiring() public view {
        assertEq(address(posts.profiles()), address(profiles));
        assertEq(address(posts.communities()), address(communities));
        assertEq(address(posts.taskMarket()), address(market));
        assertEq(posts.TARGET_TASK(), 0);
        assertEq(posts.TARGET_COMMUNITY(), 1);
        assertEq(posts.TARGET_POST(), 2);
        assertEq(posts.postCount(), 0);
        assertEq(posts.commentCount(), 0);
    }

    function test_constructor_revertsOnZeroAddresses() public {
        IProfiles p = IProfiles(address(profiles));
        ICommunities c = ICommunities(address(communities));
        ITaskMarket m = ITaskMarket(address(market));
        vm.expectRevert(Managed.ManagedZeroAddress.selector);
        new Posts(IProfiles(address(0)), c, m);
        vm.expectRevert(Managed.ManagedZeroAddress.selector);
        new Posts(p, ICommunities(address(0)), m);
        vm.expectRevert(Managed.ManagedZeroAddress.selector);
        new Posts(p, c, ITaskMarket(address(0)));
    }

    // ------------------------------------------------------------------ createPost

    function test_createPost_byMember() public {
        vm.expectEmit(address(posts));
        emit Posts.PostCreated(1, cid, bob, "Hello", BODY);
        vm.prank(bob);
        uint256 id = posts.createPost(cid, "Hello", BODY);
        assertEq(id, 1);

        Posts.Post memory p = posts.getPost(1);
        assertEq(p.author, bob);
        assertEq(p.communityId, cid);
        assertFalse(p.removed);
        assertEq(p.contentHash, BODY);
        assertEq(posts.communityOf(1), cid);
        assertEq(posts.postCount(), 1);

        vm.expectEmit(address(posts));
        emit Posts.PostCreated(2, cid, alice, unicode"原神攻略", BODY2);
        vm.prank(alice);
        assertEq(posts.createPost(cid, unicode"原神攻略", BODY2), 2);
        assertEq(posts.postCount(), 2);
    }

    function test_createPost_revertsForNonMembers() public {
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotMember.selector, cid, dave));
        vm.prank(dave);
        posts.createPost(cid, "Hi", BODY);

        // Visitors are refused before membership is even asked.
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor));
        vm.prank(visitor);
        posts.createPost(cid, "Hi", BODY);

        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotMember.selector, 99, bob));
        vm.prank(bob);
        posts.createPost(99, "Hi", BODY);

        // A member who left, or was banned, no longer posts.
        vm.prank(carol);
        communities.leave(cid);
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotMember.selector, cid, carol));
        vm.prank(carol);
        posts.createPost(cid, "Hi", BODY);
        vm.prank(alice);
        communities.ban(cid, bob);
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotMember.selector, cid, bob));
        vm.prank(bob);
        posts.createPost(cid, "Hi", BODY);
        assertEq(posts.postCount(), 0);
    }

    /// @dev BUG (Posts.createPost did not require registration): after a lost-wallet recovery the
    ///      old address is no longer registered (a visitor) but still a member of its
    ///      communities, so it can keep posting under no username. Visitors must not post.
    function test_createPost_revertsForUnregisteredFormerAccount() public {
        address newBob = makeAddr("newBob");
        vm.prank(newBob);
        uint256 req = profiles.requestRecovery("bob", keccak256("evidence"));
        vm.prank(admin);
        profiles.approveRecovery(req);
        assertFalse(profiles.isRegistered(bob));

        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, bob));
        vm.prank(bob);
        posts.createPost(cid, "Still here", BODY);
    }

    function test_createPost_titleLimits() public {
        vm.startPrank(bob);
        vm.expectRevert(Posts.PostsInvalidTitle.selector);
        posts.createPost(cid, "", BODY);
        vm.expectRevert(Posts.PostsInvalidTitle.selector);
        posts.createPost(cid, _text(201), BODY);
        assertEq(posts.createPost(cid, _text(1), BODY), 1);
        assertEq(posts.createPost(cid, _text(200), BODY), 2);
        vm.stopPrank();
    }

    function testFuzz_createPost_acceptsExactly1To200Bytes(uint256 len) public {
        len = bound(len, 0, 400);
        string memory title = _text(len);
        bool ok = len >= 1 && len <= 200;
        if (ok) {
            vm.expectEmit(address(posts));
            emit Posts.PostCreated(1, cid, bob, title, BODY);
        } else {
            vm.expectRevert(Posts.PostsInvalidTitle.selector);
        }
        vm.prank(bob);
        posts.createPost(cid, title, BODY);
        assertEq(posts.postCount(), ok ? 1 : 0);
    }

    function test_createPost_revertsOnZeroContentHash() public {
        vm.expectRevert(Posts.PostsEmptyContent.selector);
        vm.prank(bob);
        posts.createPost(cid, "Hello", bytes32(0));
    }

    function test_createPost_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        posts.createPost(cid, "Hello", BODY);
    }

    // ------------------------------------------------------------------ editPost

    function test_editPost_byAuthor() public {
        uint256 id = _post(bob);
        vm.expectEmit(address(posts));
        emit Posts.PostEdited(id, BODY2);
        vm.prank(bob);
        posts.editPost(id, BODY2);
        assertEq(posts.getPost(id).contentHash, BODY2);
        assertEq(posts.getPost(id).author, bob);
    }

    function test_editPost_reverts() public {
        uint256 id = _post(bob);

        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotAuthor.selector, id, carol));
        vm.prank(carol);
        posts.editPost(id, BODY2);

        // Not even the community admin or the system admin edits someone else's post.
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotAuthor.selector, id, alice));
        vm.prank(alice);
        posts.editPost(id, BODY2);
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotAuthor.selector, id, admin));
        vm.prank(admin);
        posts.editPost(id, BODY2);

        vm.expectRevert(Posts.PostsEmptyContent.selector);
        vm.prank(bob);
        posts.editPost(id, bytes32(0));

        _unknownPost(99);
        vm.prank(bob);
        posts.editPost(99, BODY2);
        _unknownPost(0);
        vm.prank(bob);
        posts.editPost(0, BODY2);

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        posts.editPost(id, BODY2);
        assertEq(posts.getPost(id).contentHash, BODY);
    }

    // ------------------------------------------------------------------ removePost

    function test_removePost_byAuthor() public {
        uint256 id = _post(bob);
        vm.expectEmit(address(posts));
        emit Posts.PostRemoved(id, bob);
        _remove(bob, id);
        Posts.Post memory p = posts.getPost(id);
        assertTrue(p.removed);
        // History stays.
        assertEq(p.author, bob);
        assertEq(p.contentHash, BODY);
        assertEq(posts.communityOf(id), cid);
        assertEq(posts.postCount(), 1);
    }

    function test_removePost_byCommunityAdmin() public {
        uint256 id = _post(bob);
        vm.expectEmit(address(posts));
        emit Posts.PostRemoved(id, alice);
        _remove(alice, id);
        assertTrue(posts.getPost(id).removed);
    }

    function test_removePost_reverts() public {
        uint256 id = _post(bob);

        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotAuthor.selector, id, carol));
        vm.prank(carol);
        posts.removePost(id);

        // The admin of another community cannot remove it.
        vm.prank(admin);
        profiles.setVerified(dave, true);
        vm.prank(dave);
        communities.createCommunity("Dave's", "x", bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotAuthor.selector, id, dave));
        vm.prank(dave);
        posts.removePost(id);

        _unknownPost(99);
        vm.prank(bob);
        posts.removePost(99);

        _remove(bob, id);
        _unknownPost(id);
        vm.prank(bob);
        posts.removePost(id);
    }

    function test_removePost_removedPostIsDead() public {
        uint256 id = _post(bob);
        vm.prank(carol);
        posts.like(id);
        _remove(alice, id);

        _unknownPost(id);
        vm.prank(bob);
        posts.editPost(id, BODY2);

        _unknownPost(id);
        vm.prank(dave);
        posts.like(id);

        _unknownTarget(POST, id);
        vm.prank(dave);
        posts.comment(POST, id, NOTE);

        // An existing like can still be taken back.
        vm.prank(carol);
        posts.unlike(id);
        assertFalse(posts.hasLiked(id, carol));
    }

    function test_removePost_worksWhilePaused() public {
        uint256 a = _post(bob);
        uint256 b = _post(carol);
        _pause();
        vm.expectEmit(address(posts));
        emit Posts.PostRemoved(a, bob);
        _remove(bob, a);
        vm.expectEmit(address(posts));
        emit Posts.PostRemoved(b, alice);
        _remove(alice, b);
        assertTrue(posts.getPost(a).removed);
        assertTrue(posts.getPost(b).removed);
    }

    // ------------------------------------------------------------------ like / unlike

    function test_like_andUnlike() public {
        uint256 id = _post(bob);
        vm.expectEmit(address(posts));
        emit Posts.PostLiked(id, carol);
        vm.prank(carol);
        posts.like(id);
        assertTrue(posts.hasLiked(id, carol));
        assertFalse(posts.hasLiked(id, dave));

        // Registered non-members may not (a like is community participation, and a ban
        // ends membership); they join first. The author may like too.
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotMember.selector, cid, dave));
        vm.prank(dave);
        posts.like(id);
        _join(dave, cid);
        vm.prank(dave);
        posts.like(id);
        vm.prank(bob);
        posts.like(id);
        assertTrue(posts.hasLiked(id, bob));

        vm.expectEmit(address(posts));
        emit Posts.PostUnliked(id, carol);
        vm.prank(carol);
        posts.unlike(id);
        assertFalse(posts.hasLiked(id, carol));

        // And like again.
        vm.expectEmit(address(posts));
        emit Posts.PostLiked(id, carol);
        vm.prank(carol);
        posts.like(id);
    }

    function test_like_reverts() public {
        uint256 id = _post(bob);
        vm.prank(carol);
        posts.like(id);

        vm.expectRevert(abi.encodeWithSelector(Posts.PostsAlreadyLiked.selector, id, carol));
        vm.prank(carol);
        posts.like(id);

        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotMember.selector, cid, visitor));
        vm.prank(visitor);
        posts.like(id);

        _unknownPost(99);
        vm.prank(carol);
        posts.like(99);

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(dave);
        posts.like(id);
        assertFalse(posts.hasLiked(id, dave));
    }

    function test_unlike_revertsWhenNotLiked() public {
        uint256 id = _post(bob);
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotLiked.selector, id, carol));
        vm.prank(carol);
        posts.unlike(id);

        vm.prank(carol);
        posts.like(id);
        vm.prank(carol);
        posts.unlike(id);
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotLiked.selector, id, carol));
        vm.prank(carol);
        posts.unlike(id);

        vm.expectRevert(abi.encodeWithSelector(Posts.PostsNotLiked.selector, 99, visitor));
        vm.prank(visitor);
        posts.unlike(99);
    }

    function test_unlike_worksWhilePaused() public {
        uint256 id = _post(bob);
        vm.prank(carol);
        posts.like(id);
        _pause();
        vm.expectEmit(address(posts));
        emit Posts.PostUnliked(id, carol);
        vm.prank(carol);
        posts.unlike(id);
        assertFalse(posts.hasLiked(id, carol));
    }

    // ------------------------------------------------------------------ comment

    function test_comment_onTask() public {
        uint256 taskId = _publishEth(1 ether);
        vm.expectEmit(address(posts));
        emit Posts.CommentCreated(1, TASK, taskId, bob, NOTE);
        vm.prank(bob);
        uint256 id = posts.comment(TASK, taskId, NOTE);
        assertEq(id, 1);
        Posts.Comment memory c = posts.getComment(id);
        assertEq(c.author, bob);
        assertEq(c.targetKind, TASK);
        assertEq(c.targetId, taskId);
        assertEq(c.contentHash, NOTE);
        assertEq(posts.commentCount(), 1);
    }

    function test_comment_onCommunity() public {
        // Registered non-members may comment.
        vm.expectEmit(address(posts));
        emit Posts.CommentCreated(1, COMMUNITY, cid, dave, NOTE);
        vm.prank(dave);
        uint256 id = posts.comment(COMMUNITY, cid, NOTE);
        Posts.Comment memory c = posts.getComment(id);
        assertEq(c.author, dave);
        assertEq(c.targetKind, COMMUNITY);
        assertEq(c.targetId, cid);
    }

    function test_comment_onPost() public {
        uint256 postId = _post(bob);
        vm.expectEmit(address(posts));
        emit Posts.CommentCreated(1, POST, postId, carol, NOTE);
        vm.prank(carol);
        assertEq(posts.comment(POST, postId, NOTE), 1);

        vm.expectEmit(address(posts));
        emit Posts.CommentCreated(2, POST, postId, bob, BODY2);
        vm.prank(bob);
        assertEq(posts.comment(POST, postId, BODY2), 2);
        assertEq(posts.commentCount(), 2);
        assertEq(posts.getComment(2).author, bob);
        assertEq(posts.getComment(2).contentHash, BODY2);
    }

    function test_comment_revertsForInvalidKind() public {
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsInvalidTargetKind.selector, 3));
        vm.prank(bob);
        posts.comment(3, cid, NOTE);
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsInvalidTargetKind.selector, 255));
        vm.prank(bob);
        posts.comment(255, 1, NOTE);
    }

    function testFuzz_comment_revertsForAnyInvalidKind(uint8 kind, uint256 targetId) public {
        kind = uint8(bound(kind, 3, type(uint8).max));
        vm.expectRevert(abi.encodeWithSelector(Posts.PostsInvalidTargetKind.selector, kind));
        vm.prank(bob);
        posts.comment(kind, targetId, NOTE);
    }

    function test_comment_revertsForUnknownTargets() public {
        uint256 postId = _post(bob);
        uint256 taskId = _publishEth(1 ether);
        vm.startPrank(carol);
        _unknownTarget(TASK, taskId + 1);
        posts.comment(TASK, taskId + 1, NOTE);
        _unknownTarget(TASK, 0);
        posts.comment(TASK, 0, NOTE);
        _unknownTarget(COMMUNITY, 99);
        posts.comment(COMMUNITY, 99, NOTE);
        _unknownTarget(COMMUNITY, 0);
        posts.comment(COMMUNITY, 0, NOTE);
        _unknownTarget(POST, postId + 1);
        posts.comment(POST, postId + 1, NOTE);
        _unknownTarget(POST, 0);
        posts.comment(POST, 0, NOTE);
        vm.stopPrank();

        _remove(bob, postId);
        _unknownTarget(POST, postId);
        vm.prank(carol);
        posts.comment(POST, postId, NOTE);
        assertEq(posts.commentCount(), 0);
    }

    function test_comment_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor));
        vm.prank(visitor);
        posts.comment(COMMUNITY, cid, NOTE);

        vm.expectRevert(Posts.PostsEmptyContent.selector);
        vm.prank(bob);
        posts.comment(COMMUNITY, cid, bytes32(0));

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        posts.comment(COMMUNITY, cid, NOTE);
        assertEq(posts.commentCount(), 0);
    }

    // ------------------------------------------------------------------ views

    function test_views_ofMissingIds() public view {
        Posts.Post memory p = posts.getPost(99);
        assertEq(p.author, address(0));
        assertEq(p.communityId, 0);
        assertFalse(p.removed);
        assertEq(p.contentHash, bytes32(0));
        Posts.Comment memory c = posts.getComment(99);
        assertEq(c.author, address(0));
        assertEq(c.targetKind, 0);
        assertEq(c.targetId, 0);
        assertEq(c.contentHash, bytes32(0));
        assertEq(posts.communityOf(99), 0);
        assertFalse(posts.hasLiked(99, bob));
    }

    function test_views_countAndCommunityOf() public {
        vm.prank(alice);
        uint256 id2 = communities.createCommunity("Zelda Fans", "Zelda", bytes32(0));
        uint256 a = _post(bob);
        vm.prank(alice);
        uint256 b = posts.createPost(id2, "Elsewhere", BODY);
        assertEq(posts.communityOf(a), cid);
        assertEq(posts.communityOf(b), id2);
        assertEq(posts.postCount(), 2);
        vm.prank(carol);
        posts.comment(POST, b, NOTE);
        vm.prank(carol);
        posts.comment(COMMUNITY, id2, NOTE);
        assertEq(posts.commentCount(), 2);
    }

    // ------------------------------------------------------------------ pause

    function test_pause_onlyPauser() public {
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, bob, PAUSER));
        vm.prank(bob);
        posts.pause();

        vm.expectEmit(address(posts));
        emit Pausable.Paused(admin);
        vm.prank(admin);
        posts.pause();
        assertTrue(posts.paused());

        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, bob, PAUSER));
        vm.prank(bob);
        posts.unpause();

        vm.expectEmit(address(posts));
        emit Pausable.Unpaused(admin);
        vm.prank(admin);
        posts.unpause();
        assertFalse(posts.paused());

        // Work resumes.
        assertEq(_post(bob), 1);
    }
}
