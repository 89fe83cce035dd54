// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Communities} from "../src/Communities.sol";
import {CommunityPoints} from "../src/CommunityPoints.sol";
import {IProfiles} from "../src/interfaces/IProfiles.sol";
import {Managed} from "../src/utils/Managed.sol";
import {Base} from "./utils/Base.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice Unit and fuzz tests of `Communities`: creation, membership, admins, bans,
///         pinned posts, point tokens, awards, settings and pause.
contract CommunitiesTest is Base {
    bytes32 internal constant ADMIN_ROLE = 0x00;
    bytes32 internal constant PAUSER = keccak256("PAUSER_ROLE");
    bytes32 internal constant DESC = keccak256("description");

    address internal dave;

    function setUp() public override {
        super.setUp();
        dave = _player("dave");
    }

    // ------------------------------------------------------------------ helpers

    function _text(uint256 len) internal pure returns (string memory) {
        bytes memory b = new bytes(len);
        for (uint256 i; i < len; ++i) {
            b[i] = "x";
        }
        return string(b);
    }

    /// @dev A second community created by alice (1 member, no points).
    function _community2() internal returns (uint256 id) {
        vm.prank(alice);
        id = communities.createCommunity("Zelda Fans", "Zelda", DESC);
    }

    function _pause() internal {
        vm.prank(admin);
        communities.pause();
    }

    function _post(address author, uint256 id) internal returns (uint256 postId) {
        vm.prank(author);
        postId = posts.createPost(id, "A post", keccak256("body"));
    }

    function _notAdmin(uint256 id, address who) internal {
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesNotCommunityAdmin.selector, id, who)
        );
    }

    function _unknown(uint256 id) internal {
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesUnknownCommunity.selector, id)
        );
    }

    // ------------------------------------------------------------------ constructor & setup

    function test_constructor_setsThresholdAndEmits() public {
        vm.expectEmit(true, true, true, true);
        emit Communities.PopularityThresholdSet(5);
        Communities c = new Communities(IProfiles(address(profiles)), 5);
        assertEq(c.popularityThreshold(), 5);
        assertEq(address(c.profiles()), address(profiles));
        assertEq(c.communityCount(), 0);
        assertEq(c.posts(), address(0));
    }

    function test_constructor_revertsOnZeroProfiles() public {
        vm.expectRevert(Managed.ManagedZeroAddress.selector);
        new Communities(IProfiles(address(0)), 5);
    }

    function test_baseState() public view {
        assertEq(communities.communityCount(), 1);
        assertEq(communities.posts(), address(posts));
        assertEq(communities.popularityThreshold(), THRESHOLD);
        assertEq(communities.memberCount(cid), 3);
        assertEq(communities.pointsOf(cid), address(pts));
        assertTrue(communities.isCommunityAdmin(cid, alice));
        assertFalse(communities.isCommunityAdmin(cid, bob));
    }

    // ------------------------------------------------------------------ createCommunity

    function test_createCommunity_byVerifiedUser() public {
        vm.expectEmit(address(communities));
        emit Communities.CommunityCreated(2, alice, "Zelda Fans", "Zelda", DESC);
        vm.expectEmit(address(communities));
        emit Communities.MemberJoined(2, alice, 1);
        vm.expectEmit(address(communities));
        emit Communities.CommunityAdminSet(2, alice, true, alice);
        vm.prank(alice);
        uint256 id = communities.createCommunity("Zelda Fans", "Zelda", DESC);

        assertEq(id, 2);
        assertEq(communities.communityCount(), 2);
        assertTrue(communities.exists(2));
        assertTrue(communities.isMember(2, alice));
        assertTrue(communities.isCommunityAdmin(2, alice));
        assertEq(communities.memberCount(2), 1);
        assertEq(communities.pointsOf(2), address(0));
        assertFalse(communities.isMember(2, bob));
    }

    function test_createCommunity_bySystemAdminWithoutVerification() public {
        assertFalse(profiles.isVerified(admin));
        vm.expectEmit(address(communities));
        emit Communities.CommunityCreated(2, admin, "Official", "", bytes32(0));
        vm.prank(admin);
        uint256 id = communities.createCommunity("Official", "", bytes32(0));
        assertTrue(communities.isCommunityAdmin(id, admin));
        assertTrue(communities.isMember(id, admin));
    }

    function test_createCommunity_revertsForUnverified() public {
        vm.expectRevert(abi.encodeWithSelector(Communities.CommunitiesNotVerified.selector, bob));
        vm.prank(bob);
        communities.createCommunity("Bob's", "x", DESC);

        // A task publisher is not verified either.
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesNotVerified.selector, publisher)
        );
        vm.prank(publisher);
        communities.createCommunity("Pub", "x", DESC);

        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesNotVerified.selector, visitor)
        );
        vm.prank(visitor);
        communities.createCommunity("Visitor", "x", DESC);
        assertEq(communities.communityCount(), 1);
    }

    function test_createCommunity_revertsOnceVerificationRevoked() public {
        vm.prank(admin);
        profiles.setVerified(alice, false);
        vm.expectRevert(abi.encodeWithSelector(Communities.CommunitiesNotVerified.selector, alice));
        vm.prank(alice);
        communities.createCommunity("Zelda Fans", "Zelda", DESC);
    }

    function test_createCommunity_textLimits() public {
        vm.startPrank(alice);
        communities.createCommunity(_text(1), "", DESC);
        communities.createCommunity(_text(64), _text(64), DESC);
        vm.expectRevert(Communities.CommunitiesInvalidText.selector);
        communities.createCommunity("", "theme", DESC);
        vm.expectRevert(Communities.CommunitiesInvalidText.selector);
        communities.createCommunity(_text(65), "theme", DESC);
        vm.expectRevert(Communities.CommunitiesInvalidText.selector);
        communities.createCommunity("name", _text(65), DESC);
        vm.stopPrank();
        assertEq(communities.communityCount(), 3);
    }

    function testFuzz_createCommunity_textLengths(uint256 nameLen, uint256 themeLen) public {
        nameLen = bound(nameLen, 0, 150);
        themeLen = bound(themeLen, 0, 150);
        bool ok = nameLen >= 1 && nameLen <= 64 && themeLen <= 64;
        if (!ok) vm.expectRevert(Communities.CommunitiesInvalidText.selector);
        vm.prank(alice);
        communities.createCommunity(_text(nameLen), _text(themeLen), DESC);
        assertEq(communities.communityCount(), ok ? 2 : 1);
    }

    function test_createCommunity_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        communities.createCommunity("Zelda Fans", "Zelda", DESC);
    }

    // ------------------------------------------------------------------ updateCommunity

    function test_updateCommunity_byCommunityAdmin() public {
        bytes32 d2 = keccak256("d2");
        vm.expectEmit(address(communities));
        emit Communities.CommunityUpdated(cid, alice, "New name", "New theme", d2);
        vm.prank(alice);
        communities.updateCommunity(cid, "New name", "New theme", d2);
    }

    function test_updateCommunity_bySystemAdmin() public {
        vm.expectEmit(address(communities));
        emit Communities.CommunityUpdated(cid, admin, "Moderated", "", bytes32(0));
        vm.prank(admin);
        communities.updateCommunity(cid, "Moderated", "", bytes32(0));
    }

    function test_updateCommunity_reverts() public {
        _notAdmin(cid, bob);
        vm.prank(bob);
        communities.updateCommunity(cid, "n", "t", DESC);

        _unknown(99);
        vm.prank(alice);
        communities.updateCommunity(99, "n", "t", DESC);

        vm.startPrank(alice);
        vm.expectRevert(Communities.CommunitiesInvalidText.selector);
        communities.updateCommunity(cid, "", "t", DESC);
        vm.expectRevert(Communities.CommunitiesInvalidText.selector);
        communities.updateCommunity(cid, _text(65), "t", DESC);
        vm.expectRevert(Communities.CommunitiesInvalidText.selector);
        communities.updateCommunity(cid, "n", _text(65), DESC);
        vm.stopPrank();

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        communities.updateCommunity(cid, "n", "t", DESC);
    }

    // ------------------------------------------------------------------ join / leave

    function test_join_emitsCount() public {
        vm.expectEmit(address(communities));
        emit Communities.MemberJoined(cid, dave, 4);
        _join(dave, cid);
        assertTrue(communities.isMember(cid, dave));
        assertEq(communities.memberCount(cid), 4);
    }

    function test_join_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor));
        vm.prank(visitor);
        communities.join(cid);

        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesAlreadyMember.selector, cid, bob)
        );
        vm.prank(bob);
        communities.join(cid);

        _unknown(99);
        vm.prank(dave);
        communities.join(99);

        _unknown(0);
        vm.prank(dave);
        communities.join(0);

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(dave);
        communities.join(cid);
        assertEq(communities.memberCount(cid), 3);
    }

    function test_leave_emitsCountAndAllowsRejoin() public {
        vm.expectEmit(address(communities));
        emit Communities.MemberLeft(cid, bob, 2);
        vm.prank(bob);
        communities.leave(cid);
        assertFalse(communities.isMember(cid, bob));
        assertEq(communities.memberCount(cid), 2);

        vm.expectEmit(address(communities));
        emit Communities.MemberJoined(cid, bob, 3);
        _join(bob, cid);
    }

    function test_leave_adminGivesUpAdmin() public {
        vm.expectEmit(address(communities));
        emit Communities.CommunityAdminSet(cid, alice, false, alice);
        vm.expectEmit(address(communities));
        emit Communities.MemberLeft(cid, alice, 2);
        vm.prank(alice);
        communities.leave(cid);
        assertFalse(communities.isCommunityAdmin(cid, alice));
        assertFalse(communities.isMember(cid, alice));

        // Rejoining does not restore admin rights.
        _join(alice, cid);
        assertFalse(communities.isCommunityAdmin(cid, alice));
        _notAdmin(cid, alice);
        vm.prank(alice);
        communities.updateCommunity(cid, "n", "t", DESC);
    }

    function test_leave_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesNotMember.selector, cid, dave)
        );
        vm.prank(dave);
        communities.leave(cid);

        _unknown(99);
        vm.prank(bob);
        communities.leave(99);

        vm.prank(alice);
        communities.ban(cid, bob);
        vm.expectRevert(abi.encodeWithSelector(Communities.CommunitiesNotMember.selector, cid, bob));
        vm.prank(bob);
        communities.leave(cid);
    }

    function test_leave_worksWhilePaused() public {
        _pause();
        vm.expectEmit(address(communities));
        emit Communities.MemberLeft(cid, carol, 2);
        vm.prank(carol);
        communities.leave(cid);
        assertFalse(communities.isMember(cid, carol));
    }

    function testFuzz_joinLeave_memberCount(uint8 joiners, uint8 leavers) public {
        uint256 n = bound(joiners, 0, 12);
        uint256 m = bound(leavers, 0, n);
        address[] memory players = new address[](n);
        for (uint256 i; i < n; ++i) {
            players[i] = _player(string.concat("player", vm.toString(i)));
            _join(players[i], cid);
        }
        for (uint256 i; i < m; ++i) {
            vm.prank(players[i]);
            communities.leave(cid);
        }
        assertEq(communities.memberCount(cid), 3 + n - m);
    }

    // ------------------------------------------------------------------ setCommunityAdmin

    function test_setCommunityAdmin_grantAndRevoke() public {
        _verify(bob);
        vm.expectEmit(address(communities));
        emit Communities.CommunityAdminSet(cid, bob, true, alice);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, true);
        assertTrue(communities.isCommunityAdmin(cid, bob));

        // The new admin acts as one.
        vm.prank(bob);
        communities.updateCommunity(cid, "By bob", "", DESC);

        vm.expectEmit(address(communities));
        emit Communities.CommunityAdminSet(cid, bob, false, alice);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, false);
        assertFalse(communities.isCommunityAdmin(cid, bob));
        assertTrue(communities.isMember(cid, bob));
    }

    function test_setCommunityAdmin_bySystemAdmin() public {
        _verify(carol);
        vm.expectEmit(address(communities));
        emit Communities.CommunityAdminSet(cid, carol, true, admin);
        vm.prank(admin);
        communities.setCommunityAdmin(cid, carol, true);
        assertTrue(communities.isCommunityAdmin(cid, carol));
    }

    function test_setCommunityAdmin_reverts() public {
        _verify(dave);
        _verify(bob);
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesNotMember.selector, cid, dave)
        );
        vm.prank(alice);
        communities.setCommunityAdmin(cid, dave, true);

        _notAdmin(cid, bob);
        vm.prank(bob);
        communities.setCommunityAdmin(cid, bob, true);

        _unknown(99);
        vm.prank(alice);
        communities.setCommunityAdmin(99, bob, true);

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, true);
        assertFalse(communities.isCommunityAdmin(cid, bob));
    }

    // ------------------------------------------------------------------ ban / unban

    function test_ban_member() public {
        _verify(bob);
        vm.expectEmit(address(communities));
        emit Communities.MemberBanned(cid, bob, alice, 2);
        vm.prank(alice);
        communities.ban(cid, bob);
        assertTrue(communities.isBanned(cid, bob));
        assertFalse(communities.isMember(cid, bob));
        assertEq(communities.memberCount(cid), 2);

        // Banned accounts cannot rejoin, nor be banned twice.
        vm.expectRevert(abi.encodeWithSelector(Communities.CommunitiesBanned.selector, cid, bob));
        vm.prank(bob);
        communities.join(cid);
        vm.expectRevert(abi.encodeWithSelector(Communities.CommunitiesBanned.selector, cid, bob));
        vm.prank(alice);
        communities.ban(cid, bob);
        // Nor made admin.
        vm.expectRevert(abi.encodeWithSelector(Communities.CommunitiesNotMember.selector, cid, bob));
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, true);
    }

    function test_ban_nonMemberKeepsCount() public {
        vm.expectEmit(address(communities));
        emit Communities.MemberBanned(cid, dave, alice, 3);
        vm.prank(alice);
        communities.ban(cid, dave);
        assertEq(communities.memberCount(cid), 3);
        vm.expectRevert(abi.encodeWithSelector(Communities.CommunitiesBanned.selector, cid, dave));
        vm.prank(dave);
        communities.join(cid);
    }

    function test_ban_stripsAdmin() public {
        _verify(bob);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, true);

        vm.expectEmit(address(communities));
        emit Communities.CommunityAdminSet(cid, bob, false, alice);
        vm.expectEmit(address(communities));
        emit Communities.MemberBanned(cid, bob, alice, 2);
        vm.prank(alice);
        communities.ban(cid, bob);
        assertFalse(communities.isCommunityAdmin(cid, bob));

        _notAdmin(cid, bob);
        vm.prank(bob);
        communities.updateCommunity(cid, "n", "t", DESC);
    }

    function test_ban_bySystemAdmin() public {
        vm.expectEmit(address(communities));
        emit Communities.MemberBanned(cid, carol, admin, 2);
        vm.prank(admin);
        communities.ban(cid, carol);
    }

    function test_ban_reverts() public {
        _notAdmin(cid, bob);
        vm.prank(bob);
        communities.ban(cid, carol);

        _unknown(99);
        vm.prank(alice);
        communities.ban(99, carol);
        assertTrue(communities.isMember(cid, carol));
    }

    function test_unban_allowsRejoin() public {
        vm.prank(alice);
        communities.ban(cid, bob);

        vm.expectEmit(address(communities));
        emit Communities.MemberUnbanned(cid, bob, alice);
        vm.prank(alice);
        communities.unban(cid, bob);
        assertFalse(communities.isBanned(cid, bob));
        assertFalse(communities.isMember(cid, bob));
        assertEq(communities.memberCount(cid), 2);

        vm.expectEmit(address(communities));
        emit Communities.MemberJoined(cid, bob, 3);
        _join(bob, cid);
    }

    function test_unban_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesNotMember.selector, cid, dave)
        );
        vm.prank(alice);
        communities.unban(cid, dave);

        vm.prank(alice);
        communities.ban(cid, bob);
        _notAdmin(cid, carol);
        vm.prank(carol);
        communities.unban(cid, bob);

        _unknown(99);
        vm.prank(alice);
        communities.unban(99, bob);
        assertTrue(communities.isBanned(cid, bob));
    }

    // ------------------------------------------------------------------ pinPost

    function test_pinPost_pinAndUnpin() public {
        uint256 postId = _post(bob, cid);
        vm.expectEmit(address(communities));
        emit Communities.PostPinned(cid, postId, true, alice);
        vm.prank(alice);
        communities.pinPost(cid, postId, true);
        assertTrue(communities.isPinned(cid, postId));

        vm.expectEmit(address(communities));
        emit Communities.PostPinned(cid, postId, false, admin);
        vm.prank(admin);
        communities.pinPost(cid, postId, false);
        assertFalse(communities.isPinned(cid, postId));
    }

    function test_pinPost_revertsForPostOfAnotherCommunity() public {
        uint256 id2 = _community2();
        uint256 other = _post(alice, id2);
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesPostNotInCommunity.selector, cid, other)
        );
        vm.prank(alice);
        communities.pinPost(cid, other, true);

        // Nor a post that does not exist.
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesPostNotInCommunity.selector, cid, 99)
        );
        vm.prank(alice);
        communities.pinPost(cid, 99, true);
        assertFalse(communities.isPinned(cid, other));
    }

    function test_pinPost_revertsWithoutPostsContract() public {
        vm.prank(admin);
        Communities fresh = new Communities(IProfiles(address(profiles)), 1);
        vm.prank(alice);
        uint256 id = fresh.createCommunity("c", "t", DESC);
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesPostNotInCommunity.selector, id, 1)
        );
        vm.prank(alice);
        fresh.pinPost(id, 1, true);
    }

    function test_pinPost_reverts() public {
        uint256 postId = _post(bob, cid);
        _notAdmin(cid, bob);
        vm.prank(bob);
        communities.pinPost(cid, postId, true);

        _unknown(99);
        vm.prank(alice);
        communities.pinPost(99, postId, true);

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        communities.pinPost(cid, postId, true);
    }

    // ------------------------------------------------------------------ createPoints

    function test_createPoints_needsThreshold() public {
        uint256 id = _community2();
        vm.expectRevert(
            abi.encodeWithSelector(
                Communities.CommunitiesNotPopularEnough.selector, id, 1, THRESHOLD
            )
        );
        vm.prank(alice);
        communities.createPoints(id, "Zelda Points", "ZP");

        _join(bob, id);
        vm.expectRevert(
            abi.encodeWithSelector(
                Communities.CommunitiesNotPopularEnough.selector, id, 2, THRESHOLD
            )
        );
        vm.prank(alice);
        communities.createPoints(id, "Zelda Points", "ZP");

        _join(carol, id);
        address expected =
            vm.computeCreateAddress(address(communities), vm.getNonce(address(communities)));
        vm.expectEmit(address(communities));
        emit Communities.PointsCreated(id, expected, "Zelda Points", "ZP");
        vm.prank(alice);
        address token = communities.createPoints(id, "Zelda Points", "ZP");

        assertEq(token, expected);
        assertEq(communities.pointsOf(id), token);
        CommunityPoints p = CommunityPoints(token);
        assertEq(p.name(), "Zelda Points");
        assertEq(p.symbol(), "ZP");
        assertEq(p.decimals(), 0);
        assertEq(p.communityId(), id);
        assertEq(p.minter(), address(communities));
        assertEq(p.totalSupply(), 0);

        // Once only.
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesPointsExist.selector, id, token)
        );
        vm.prank(alice);
        communities.createPoints(id, "Again", "AG");
    }

    function test_createPoints_onceEvenIfMembersLeave() public {
        vm.prank(bob);
        communities.leave(cid);
        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesPointsExist.selector, cid, address(pts))
        );
        vm.prank(admin);
        communities.createPoints(cid, "Again", "AG");
    }

    function test_createPoints_baseToken() public view {
        assertEq(pts.name(), "Genshin Points");
        assertEq(pts.symbol(), "GP");
        assertEq(pts.decimals(), 0);
        assertEq(pts.communityId(), cid);
        assertEq(pts.minter(), address(communities));
    }

    function test_createPoints_textLimits() public {
        vm.prank(admin);
        communities.setPopularityThreshold(1);
        uint256 a = _community2();
        uint256 b = _community2();
        vm.startPrank(alice);
        vm.expectRevert(Communities.CommunitiesInvalidTokenText.selector);
        communities.createPoints(a, "", "S");
        vm.expectRevert(Communities.CommunitiesInvalidTokenText.selector);
        communities.createPoints(a, _text(65), "S");
        vm.expectRevert(Communities.CommunitiesInvalidTokenText.selector);
        communities.createPoints(a, "N", "");
        vm.expectRevert(Communities.CommunitiesInvalidTokenText.selector);
        communities.createPoints(a, "N", _text(17));
        address ta = communities.createPoints(a, _text(64), _text(16));
        address tb = communities.createPoints(b, "N", "S");
        vm.stopPrank();
        assertEq(CommunityPoints(ta).name(), _text(64));
        assertEq(CommunityPoints(ta).symbol(), _text(16));
        assertEq(CommunityPoints(tb).symbol(), "S");
    }

    function testFuzz_createPoints_textLengths(uint256 nameLen, uint256 symbolLen) public {
        vm.prank(admin);
        communities.setPopularityThreshold(0);
        uint256 id = _community2();
        nameLen = bound(nameLen, 0, 100);
        symbolLen = bound(symbolLen, 0, 40);
        bool ok = nameLen >= 1 && nameLen <= 64 && symbolLen >= 1 && symbolLen <= 16;
        if (!ok) vm.expectRevert(Communities.CommunitiesInvalidTokenText.selector);
        vm.prank(alice);
        communities.createPoints(id, _text(nameLen), _text(symbolLen));
        assertEq(communities.pointsOf(id) != address(0), ok);
    }

    function test_createPoints_reverts() public {
        uint256 id = _community2();
        _join(bob, id);
        _join(carol, id);

        _notAdmin(id, bob);
        vm.prank(bob);
        communities.createPoints(id, "N", "S");

        _unknown(99);
        vm.prank(alice);
        communities.createPoints(99, "N", "S");

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        communities.createPoints(id, "N", "S");
        assertEq(communities.pointsOf(id), address(0));
    }

    // ------------------------------------------------------------------ award

    function test_award_mintsAfterTransfer() public {
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(0), bob, 10);
        vm.expectEmit(address(communities));
        emit Communities.PointsAwarded(cid, bob, 10, "daily quest", alice);
        vm.prank(alice);
        communities.award(cid, bob, 10, "daily quest");
        assertEq(pts.balanceOf(bob), 10);
        assertEq(pts.totalSupply(), 10);
    }

    function test_award_bySystemAdminToNonMember() public {
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(0), dave, 7);
        vm.expectEmit(address(communities));
        emit Communities.PointsAwarded(cid, dave, 7, "bonus", admin);
        vm.prank(admin);
        communities.award(cid, dave, 7, "bonus");
        assertEq(pts.balanceOf(dave), 7);
    }

    function test_award_byAppointedAdmin() public {
        _verify(bob);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, true);
        vm.expectEmit(address(communities));
        emit Communities.PointsAwarded(cid, carol, 3, "event", bob);
        vm.prank(bob);
        communities.award(cid, carol, 3, "event");
        assertEq(pts.balanceOf(carol), 3);
    }

    function test_award_reverts() public {
        _notAdmin(cid, bob);
        vm.prank(bob);
        communities.award(cid, bob, 10, "self");

        vm.expectRevert(Communities.CommunitiesZeroAmount.selector);
        vm.prank(alice);
        communities.award(cid, bob, 0, "nothing");

        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor));
        vm.prank(alice);
        communities.award(cid, visitor, 1, "visitor");

        uint256 id = _community2();
        vm.expectRevert(abi.encodeWithSelector(Communities.CommunitiesNoPoints.selector, id));
        vm.prank(alice);
        communities.award(id, bob, 1, "no points");

        _unknown(99);
        vm.prank(alice);
        communities.award(99, bob, 1, "unknown");

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        communities.award(cid, bob, 1, "paused");
        assertEq(pts.totalSupply(), 0);
    }

    function testFuzz_award_mintsExactly(uint256 amount) public {
        amount = bound(amount, 1, type(uint128).max);
        _award(bob, amount);
        _award(carol, amount);
        assertEq(pts.balanceOf(bob), amount);
        assertEq(pts.totalSupply(), 2 * amount);
    }

    // ------------------------------------------------------------------ settings

    function test_setPopularityThreshold() public {
        vm.expectEmit(address(communities));
        emit Communities.PopularityThresholdSet(1);
        vm.prank(admin);
        communities.setPopularityThreshold(1);
        assertEq(communities.popularityThreshold(), 1);

        // A one-member community may now create points.
        uint256 id = _community2();
        vm.prank(alice);
        assertTrue(communities.createPoints(id, "Z", "Z") != address(0));
    }

    function test_setPopularityThreshold_revertsForNonAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, alice, ADMIN_ROLE)
        );
        vm.prank(alice);
        communities.setPopularityThreshold(1);
        assertEq(communities.popularityThreshold(), THRESHOLD);
    }

    function test_setPosts_onlyOnce() public {
        vm.expectRevert(Communities.CommunitiesPostsAlreadySet.selector);
        vm.prank(admin);
        communities.setPosts(address(0xBEEF));
        assertEq(communities.posts(), address(posts));
    }

    function test_setPosts_onFreshDeployment() public {
        vm.prank(admin);
        Communities fresh = new Communities(IProfiles(address(profiles)), 1);

        vm.expectRevert(
            abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, bob, ADMIN_ROLE)
        );
        vm.prank(bob);
        fresh.setPosts(address(posts));

        vm.expectRevert(Communities.CommunitiesPostsAlreadySet.selector);
        vm.prank(admin);
        fresh.setPosts(address(0));

        vm.expectEmit(address(fresh));
        emit Communities.PostsSet(address(posts));
        vm.prank(admin);
        fresh.setPosts(address(posts));
        assertEq(fresh.posts(), address(posts));

        vm.expectRevert(Communities.CommunitiesPostsAlreadySet.selector);
        vm.prank(admin);
        fresh.setPosts(address(0xBEEF));
    }

    // ------------------------------------------------------------------ pause

    function test_pause_onlyPauser() public {
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, bob, PAUSER));
        vm.prank(bob);
        communities.pause();

        vm.expectEmit(address(communities));
        emit Pausable.Paused(admin);
        vm.prank(admin);
        communities.pause();
        assertTrue(communities.paused());

        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, bob, PAUSER));
        vm.prank(bob);
        communities.unpause();

        vm.expectEmit(address(communities));
        emit Pausable.Unpaused(admin);
        vm.prank(admin);
        communities.unpause();
        assertFalse(communities.paused());
    }

    function test_pause_roleComesFromProfiles() public {
        vm.prank(admin);
        profiles.grantRole(PAUSER, carol);
        vm.expectEmit(address(communities));
        emit Pausable.Paused(carol);
        vm.prank(carol);
        communities.pause();
        vm.prank(admin);
        profiles.revokeRole(PAUSER, carol);
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, carol, PAUSER));
        vm.prank(carol);
        communities.unpause();
    }

    // ------------------------------------------------------------ admins and recovery

    /// @notice A lost wallet must not keep moderating: once recovery moves alice's account
    ///         to a new address, the old one is no community admin any more.
    function test_recoveredAwayAdminLosesCommunityRights() public {
        address newAlice = makeAddr("newAlice");
        vm.prank(newAlice);
        uint256 request = profiles.requestRecovery("alice", keccak256("evidence"));
        vm.prank(admin);
        profiles.approveRecovery(request);

        assertFalse(communities.isCommunityAdmin(cid, alice));
        _notAdmin(cid, alice);
        vm.prank(alice);
        communities.award(cid, bob, 5, "from a lost key");
        _notAdmin(cid, alice);
        vm.prank(alice);
        communities.ban(cid, bob);
    }

    function test_pinPost_refusesRemovedPostButAllowsUnpinning() public {
        uint256 postId = _post(bob, cid);
        vm.prank(alice);
        communities.pinPost(cid, postId, true);
        vm.prank(bob);
        posts.removePost(postId);

        vm.expectRevert(
            abi.encodeWithSelector(Communities.CommunitiesPostNotInCommunity.selector, cid, postId)
        );
        vm.prank(alice);
        communities.pinPost(cid, postId, true);

        vm.prank(alice);
        communities.pinPost(cid, postId, false);
        assertFalse(communities.isPinned(cid, postId));
    }

    /// @notice An award's source is short, searchable text: 1–64 bytes, so no admin can
    ///         make every indexer store an unbounded string.
    function test_award_revertsOnEmptyOrLongSource() public {
        vm.expectRevert(Communities.CommunitiesInvalidText.selector);
        vm.prank(alice);
        communities.award(cid, bob, 1, "");
        vm.expectRevert(Communities.CommunitiesInvalidText.selector);
        vm.prank(alice);
        communities.award(cid, bob, 1, _text(65));
        vm.prank(alice);
        communities.award(cid, bob, 1, _text(64));
        assertEq(pts.balanceOf(bob), 1);
    }
}
