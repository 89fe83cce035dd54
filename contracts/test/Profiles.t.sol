// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Profiles} from "../src/Profiles.sol";
import {Base} from "./utils/Base.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice Unit and fuzz tests of `Profiles`: usernames, profiles, verification, roles,
///         lost-wallet recovery, pause and views.
contract ProfilesTest is Base {
    bytes32 internal constant ADMIN_ROLE = 0x00;
    bytes32 internal VERIFIER;
    bytes32 internal PUBLISHER;
    bytes32 internal PAUSER;

    address internal dave = makeAddr("dave");
    address internal newBob = makeAddr("newBob");
    bytes32 internal constant EVIDENCE = keccak256("evidence");

    function setUp() public override {
        super.setUp();
        VERIFIER = profiles.VERIFIER_ROLE();
        PUBLISHER = profiles.TASK_PUBLISHER_ROLE();
        PAUSER = profiles.PAUSER_ROLE();
    }

    // ------------------------------------------------------------------ helpers

    function _roles() internal view returns (bytes32[4] memory) {
        return [ADMIN_ROLE, VERIFIER, PUBLISHER, PAUSER];
    }

    function _repeat(bytes1 c, uint256 len) internal pure returns (string memory) {
        bytes memory b = new bytes(len);
        for (uint256 i; i < len; ++i) {
            b[i] = c;
        }
        return string(b);
    }

    /// @dev Reference model of the username rule: 3–32 bytes of [a-z0-9_].
    function _isValid(bytes memory b) internal pure returns (bool) {
        if (b.length < 3 || b.length > 32) return false;
        for (uint256 i; i < b.length; ++i) {
            bytes1 c = b[i];
            if (!((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_")) return false;
        }
        return true;
    }

    function _allowedChar(bytes1 c) internal pure returns (bool) {
        return (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_";
    }

    function _expectInvalid(address who, string memory name) internal {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesInvalidUsername.selector, name));
        vm.prank(who);
        profiles.register(name, keccak256("p"));
    }

    function _request(address from, string memory username) internal returns (uint256 id) {
        vm.prank(from);
        id = profiles.requestRecovery(username, EVIDENCE);
    }

    function _pause() internal {
        vm.prank(admin);
        profiles.pause();
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_grantsEveryRoleToAdmin() public view {
        bytes32[4] memory roles = _roles();
        for (uint256 i; i < roles.length; ++i) {
            assertTrue(profiles.hasRole(roles[i], admin));
            assertFalse(profiles.hasRole(roles[i], bob));
        }
        assertEq(VERIFIER, keccak256("VERIFIER_ROLE"));
        assertEq(PUBLISHER, keccak256("TASK_PUBLISHER_ROLE"));
        assertEq(PAUSER, keccak256("PAUSER_ROLE"));
    }

    function test_constructor_revertsOnZeroAdmin() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesZeroAddress.selector));
        new Profiles(address(0), address(forwarder));
    }

    function test_constructor_revertsOnZeroForwarder() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesZeroAddress.selector));
        new Profiles(admin, address(0));
    }

    function test_constructor_namesTheTrustedForwarder() public view {
        assertEq(profiles.trustedForwarder(), address(forwarder));
        assertTrue(profiles.isTrustedForwarder(address(forwarder)));
        assertFalse(profiles.isTrustedForwarder(relayer));
    }

    // ------------------------------------------------------------------ register

    function test_register_storesAndEmits() public {
        bytes32 h = keccak256("dave profile");
        vm.expectEmit(address(profiles));
        emit Profiles.UserRegistered(dave, "dave_99", h);
        vm.prank(dave);
        profiles.register("dave_99", h);

        assertTrue(profiles.isRegistered(dave));
        assertFalse(profiles.isVerified(dave));
        assertEq(profiles.usernameOf(dave), "dave_99");
        assertEq(profiles.addressOf("dave_99"), dave);
        assertEq(profiles.profileHashOf(dave), h);
        (bool registered, bool privileged) = profiles.standing(dave);
        assertTrue(registered);
        assertFalse(privileged);
    }

    function test_register_acceptsBoundaryLengthsAndEveryAllowedChar() public {
        vm.prank(dave);
        profiles.register("abc", bytes32(0));
        assertEq(profiles.addressOf("abc"), dave);

        string memory longest = "abcdefghijklmnopqrstuvwxyz_01234"; // 32
        assertEq(bytes(longest).length, 32);
        address e = makeAddr("e");
        vm.prank(e);
        profiles.register(longest, bytes32(0));
        assertEq(profiles.addressOf(longest), e);

        address f = makeAddr("f");
        vm.prank(f);
        profiles.register("56789___", bytes32(0));
        assertEq(profiles.usernameOf(f), "56789___");
    }

    function test_register_revertsOnInvalidUsernames() public {
        _expectInvalid(dave, "");
        _expectInvalid(dave, "a");
        _expectInvalid(dave, "ab");
        _expectInvalid(dave, _repeat("a", 33));
        _expectInvalid(dave, _repeat("z", 200));
        _expectInvalid(dave, "Dave");
        _expectInvalid(dave, "daVe");
        _expectInvalid(dave, "dave smith");
        _expectInvalid(dave, "dave-smith");
        _expectInvalid(dave, "dave.smith");
        _expectInvalid(dave, "dave@home");
        _expectInvalid(dave, unicode"dävé");
        _expectInvalid(dave, unicode"玩家一号");
        _expectInvalid(dave, unicode"abc🎮");
        _expectInvalid(dave, string(abi.encodePacked("abc", bytes1(0))));
        assertFalse(profiles.isRegistered(dave));
    }

    function testFuzz_register_rejectsBadLength(uint256 len) public {
        len = bound(len, 0, 300);
        vm.assume(len < 3 || len > 32);
        _expectInvalid(dave, _repeat("a", len));
    }

    function testFuzz_register_rejectsAnyForbiddenByte(uint256 len, uint256 pos, uint8 c) public {
        len = bound(len, 3, 32);
        pos = bound(pos, 0, len - 1);
        vm.assume(!_allowedChar(bytes1(c)));
        bytes memory b = bytes(_repeat("a", len));
        b[pos] = bytes1(c);
        _expectInvalid(dave, string(b));
    }

    function testFuzz_register_rejectsUppercase(uint256 len, uint256 pos, uint8 letter) public {
        len = bound(len, 3, 32);
        pos = bound(pos, 0, len - 1);
        bytes memory b = bytes(_repeat("x", len));
        b[pos] = bytes1(uint8(bytes1("A")) + letter % 26);
        _expectInvalid(dave, string(b));
    }

    function testFuzz_register_rejectsUnicode(uint256 len, uint256 which) public {
        string[6] memory glyphs =
            [unicode"é", unicode"ß", unicode"名", unicode"🎮", unicode"ａ", unicode"İ"];
        len = bound(len, 2, 28);
        string memory name = string.concat(_repeat("a", len), glyphs[which % glyphs.length]);
        _expectInvalid(dave, name);
    }

    /// @dev Any string: accepted iff the reference model says valid (and it is not taken).
    function testFuzz_register_matchesReferenceRule(string memory name) public {
        bytes32 h = keccak256(bytes(name));
        if (!_isValid(bytes(name))) {
            _expectInvalid(dave, name);
            return;
        }
        vm.assume(profiles.addressOf(name) == address(0));
        vm.expectEmit(address(profiles));
        emit Profiles.UserRegistered(dave, name, h);
        vm.prank(dave);
        profiles.register(name, h);
        assertEq(profiles.addressOf(name), dave);
        assertEq(profiles.usernameOf(dave), name);
    }

    function testFuzz_register_acceptsGeneratedValidNames(uint256 seed, uint256 len) public {
        bytes memory alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_";
        len = bound(len, 3, 32);
        bytes memory b = new bytes(len);
        for (uint256 i; i < len; ++i) {
            b[i] = alphabet[uint256(keccak256(abi.encode(seed, i))) % alphabet.length];
        }
        string memory name = string(b);
        vm.assume(profiles.addressOf(name) == address(0));
        vm.prank(dave);
        profiles.register(name, bytes32(seed));
        assertEq(profiles.addressOf(name), dave);
        assertEq(profiles.profileHashOf(dave), bytes32(seed));
    }

    function test_register_revertsWhenAlreadyRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesAlreadyRegistered.selector, alice));
        vm.prank(alice);
        profiles.register("alice_two", bytes32(0));
        assertEq(profiles.usernameOf(alice), "alice");
        assertEq(profiles.addressOf("alice_two"), address(0));
    }

    function test_register_revertsWhenUsernameTaken() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesUsernameTaken.selector, "alice"));
        vm.prank(dave);
        profiles.register("alice", bytes32(0));
        assertEq(profiles.addressOf("alice"), alice);
    }

    function test_register_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(dave);
        profiles.register("dave", bytes32(0));
    }

    // ------------------------------------------------------------------ updateProfile

    function test_updateProfile_storesAndEmits() public {
        bytes32 h = keccak256("new bob");
        vm.expectEmit(address(profiles));
        emit Profiles.ProfileUpdated(bob, h);
        vm.prank(bob);
        profiles.updateProfile(h);
        assertEq(profiles.profileHashOf(bob), h);
    }

    function test_updateProfile_revertsForVisitor() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesNotRegistered.selector, visitor));
        vm.prank(visitor);
        profiles.updateProfile(keccak256("x"));
    }

    function test_updateProfile_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        profiles.updateProfile(keccak256("x"));
    }

    // ------------------------------------------------------------------ setVerified

    function test_setVerified_setsAndClears() public {
        vm.expectEmit(address(profiles));
        emit Profiles.VerificationChanged(bob, true, admin);
        vm.prank(admin);
        profiles.setVerified(bob, true);
        assertTrue(profiles.isVerified(bob));

        vm.expectEmit(address(profiles));
        emit Profiles.VerificationChanged(bob, false, admin);
        vm.prank(admin);
        profiles.setVerified(bob, false);
        assertFalse(profiles.isVerified(bob));
    }

    function test_setVerified_byAnyVerifier() public {
        vm.prank(admin);
        profiles.grantRole(VERIFIER, bob);
        vm.expectEmit(address(profiles));
        emit Profiles.VerificationChanged(carol, true, bob);
        vm.prank(bob);
        profiles.setVerified(carol, true);
        assertTrue(profiles.isVerified(carol));
    }

    function test_setVerified_revertsWithoutVerifierRole() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, bob, VERIFIER
            )
        );
        vm.prank(bob);
        profiles.setVerified(carol, true);

        // Even the task publisher and a verified user cannot verify.
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, alice, VERIFIER
            )
        );
        vm.prank(alice);
        profiles.setVerified(carol, true);
        assertFalse(profiles.isVerified(carol));
    }

    function test_setVerified_revertsForUnregistered() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesNotRegistered.selector, visitor));
        vm.prank(admin);
        profiles.setVerified(visitor, true);
    }

    // ------------------------------------------------------------------ publisher

    function test_applyForPublisher_emits() public {
        bytes32 h = keccak256("application");
        vm.expectEmit(address(profiles));
        emit Profiles.PublisherApplied(bob, h);
        vm.prank(bob);
        profiles.applyForPublisher(h);
        // Applying grants nothing by itself.
        assertFalse(profiles.hasRole(PUBLISHER, bob));
    }

    function test_applyForPublisher_revertsForVisitor() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesNotRegistered.selector, visitor));
        vm.prank(visitor);
        profiles.applyForPublisher(keccak256("a"));
    }

    function test_applyForPublisher_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        profiles.applyForPublisher(keccak256("a"));
    }

    function test_grantRole_taskPublisherByAdmin() public {
        vm.prank(bob);
        profiles.applyForPublisher(keccak256("application"));

        vm.expectEmit(address(profiles));
        emit IAccessControl.RoleGranted(PUBLISHER, bob, admin);
        vm.prank(admin);
        profiles.grantRole(PUBLISHER, bob);
        assertTrue(profiles.hasRole(PUBLISHER, bob));
        (bool registered, bool privileged) = profiles.standing(bob);
        assertTrue(registered);
        assertTrue(privileged);

        vm.expectEmit(address(profiles));
        emit IAccessControl.RoleRevoked(PUBLISHER, bob, admin);
        vm.prank(admin);
        profiles.revokeRole(PUBLISHER, bob);
        (, privileged) = profiles.standing(bob);
        assertFalse(privileged);
    }

    function test_grantRole_revertsForNonAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, publisher, ADMIN_ROLE
            )
        );
        vm.prank(publisher);
        profiles.grantRole(PUBLISHER, bob);
        assertFalse(profiles.hasRole(PUBLISHER, bob));
    }

    // ------------------------------------------------------------------ recovery: request

    function test_requestRecovery_storesAndEmits() public {
        vm.expectEmit(address(profiles));
        emit Profiles.RecoveryRequested(1, "bob", bob, newBob, EVIDENCE);
        uint256 id = _request(newBob, "bob");
        assertEq(id, 1);

        Profiles.Recovery memory r = profiles.recoveryRequest(1);
        assertEq(r.oldAccount, bob);
        assertEq(r.newAccount, newBob);
        assertEq(uint8(r.status), uint8(Profiles.RecoveryStatus.Pending));
        assertEq(r.evidenceHash, EVIDENCE);

        // Ids count up; nothing moved yet.
        assertEq(_request(makeAddr("other"), "carol"), 2);
        assertEq(profiles.addressOf("bob"), bob);
        assertFalse(profiles.isRegistered(newBob));
    }

    function test_recoveryRequest_unknownIdIsEmpty() public view {
        Profiles.Recovery memory r = profiles.recoveryRequest(7);
        assertEq(r.oldAccount, address(0));
        assertEq(r.newAccount, address(0));
        assertEq(uint8(r.status), uint8(Profiles.RecoveryStatus.None));
    }

    function test_requestRecovery_revertsForUnknownUsername() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesUnknownUsername.selector, "nobody"));
        _request(newBob, "nobody");
    }

    function test_requestRecovery_revertsFromRegisteredAddress() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesAlreadyRegistered.selector, carol));
        _request(carol, "bob");
    }

    function test_requestRecovery_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _request(newBob, "bob");
    }

    // ------------------------------------------------------------------ recovery: approve

    function test_approveRecovery_movesUsernameProfileVerificationAndAllRoles() public {
        bytes32 profile = keccak256("bob v2");
        vm.prank(bob);
        profiles.updateProfile(profile);
        bytes32[4] memory roles = _roles();
        vm.startPrank(admin);
        for (uint256 i; i < roles.length; ++i) {
            profiles.grantRole(roles[i], bob);
        }
        profiles.setVerified(bob, true);
        vm.stopPrank();

        uint256 id = _request(newBob, "bob");

        for (uint256 i; i < roles.length; ++i) {
            vm.expectEmit(address(profiles));
            emit IAccessControl.RoleRevoked(roles[i], bob, admin);
            vm.expectEmit(address(profiles));
            emit IAccessControl.RoleGranted(roles[i], newBob, admin);
        }
        vm.expectEmit(address(profiles));
        emit Profiles.RecoveryApproved(id, bob, newBob, "bob", profile, true);
        vm.prank(admin);
        profiles.approveRecovery(id);

        for (uint256 i; i < roles.length; ++i) {
            assertFalse(profiles.hasRole(roles[i], bob), "old keeps a role");
            assertTrue(profiles.hasRole(roles[i], newBob), "new lacks a role");
        }
        assertEq(profiles.addressOf("bob"), newBob);
        assertEq(profiles.usernameOf(newBob), "bob");
        assertEq(profiles.usernameOf(bob), "");
        assertEq(profiles.profileHashOf(newBob), profile);
        assertEq(profiles.profileHashOf(bob), bytes32(0));
        assertTrue(profiles.isRegistered(newBob));
        assertFalse(profiles.isRegistered(bob));
        assertTrue(profiles.isVerified(newBob));
        assertFalse(profiles.isVerified(bob));
        (bool registered, bool privileged) = profiles.standing(bob);
        assertFalse(registered);
        assertFalse(privileged);
        (registered, privileged) = profiles.standing(newBob);
        assertTrue(registered);
        assertTrue(privileged);
        assertEq(
            uint8(profiles.recoveryRequest(id).status), uint8(Profiles.RecoveryStatus.Approved)
        );

        // The new address acts as bob; the old one is retired for good (attack 1: a lost
        // key that registers again must not regain anything).
        vm.prank(newBob);
        profiles.updateProfile(keccak256("bob v3"));
        assertEq(profiles.retiredTo(bob), newBob);
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesAddressRetired.selector, bob));
        vm.prank(bob);
        profiles.register("bob_old", bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesAddressRetired.selector, bob));
        vm.prank(bob);
        profiles.requestRecovery("bob", bytes32(0));
        assertEq(profiles.addressOf("bob_old"), address(0));
        assertEq(profiles.addressOf("bob"), newBob);
    }

    function test_approveRecovery_plainAccountMovesNoRoles() public {
        uint256 id = _request(newBob, "bob");
        vm.expectEmit(address(profiles));
        emit Profiles.RecoveryApproved(id, bob, newBob, "bob", keccak256("bob"), false);
        vm.prank(admin);
        profiles.approveRecovery(id);
        bytes32[4] memory roles = _roles();
        for (uint256 i; i < roles.length; ++i) {
            assertFalse(profiles.hasRole(roles[i], bob));
            assertFalse(profiles.hasRole(roles[i], newBob));
        }
        assertFalse(profiles.isVerified(newBob));
    }

    function test_approveRecovery_movesOnlyTheRolesHeld() public {
        address newPublisher = makeAddr("newPublisher");
        uint256 id = _request(newPublisher, "publisher");
        vm.prank(admin);
        profiles.approveRecovery(id);
        assertTrue(profiles.hasRole(PUBLISHER, newPublisher));
        assertFalse(profiles.hasRole(PUBLISHER, publisher));
        assertFalse(profiles.hasRole(ADMIN_ROLE, newPublisher));
        assertFalse(profiles.hasRole(VERIFIER, newPublisher));
        assertFalse(profiles.hasRole(PAUSER, newPublisher));
    }

    function test_approveRecovery_ofTheSystemAdminItself() public {
        address newAdmin = makeAddr("newAdmin");
        uint256 id = _request(newAdmin, "admin");
        vm.prank(admin);
        profiles.approveRecovery(id);
        bytes32[4] memory roles = _roles();
        for (uint256 i; i < roles.length; ++i) {
            assertFalse(profiles.hasRole(roles[i], admin));
            assertTrue(profiles.hasRole(roles[i], newAdmin));
        }
        // The new admin governs; the old one cannot.
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, admin, ADMIN_ROLE
            )
        );
        vm.prank(admin);
        profiles.grantRole(PUBLISHER, bob);
        vm.prank(newAdmin);
        profiles.grantRole(PUBLISHER, bob);
        assertTrue(profiles.hasRole(PUBLISHER, bob));
    }

    function test_approveRecovery_revertsWhenApprovedTwice() public {
        uint256 id = _request(newBob, "bob");
        vm.prank(admin);
        profiles.approveRecovery(id);
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesRecoveryNotPending.selector, id));
        vm.prank(admin);
        profiles.approveRecovery(id);
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesRecoveryNotPending.selector, id));
        vm.prank(admin);
        profiles.rejectRecovery(id);
    }

    function test_approveRecovery_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesRecoveryNotPending.selector, 0));
        vm.prank(admin);
        profiles.approveRecovery(0);
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesRecoveryNotPending.selector, 42));
        vm.prank(admin);
        profiles.approveRecovery(42);
    }

    function test_approveRecovery_revertsForNonAdmin() public {
        uint256 id = _request(newBob, "bob");
        // A verifier or pauser is not enough.
        vm.prank(admin);
        profiles.grantRole(VERIFIER, carol);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, carol, ADMIN_ROLE
            )
        );
        vm.prank(carol);
        profiles.approveRecovery(id);
        // The requester cannot approve itself either.
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, newBob, ADMIN_ROLE
            )
        );
        vm.prank(newBob);
        profiles.approveRecovery(id);
        assertEq(profiles.addressOf("bob"), bob);
    }

    function test_approveRecovery_revertsWhenNewAddressRegisteredMeanwhile() public {
        uint256 id = _request(newBob, "bob");
        vm.prank(newBob);
        profiles.register("newbob", bytes32(0));

        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesAlreadyRegistered.selector, newBob));
        vm.prank(admin);
        profiles.approveRecovery(id);
        assertEq(profiles.addressOf("bob"), bob);
        assertEq(profiles.usernameOf(newBob), "newbob");
        // Still pending: the admin can reject it.
        assertEq(uint8(profiles.recoveryRequest(id).status), uint8(Profiles.RecoveryStatus.Pending));
        vm.prank(admin);
        profiles.rejectRecovery(id);
    }

    function test_approveRecovery_revertsWhenUsernameAlreadyMoved() public {
        address other = makeAddr("other");
        uint256 first = _request(newBob, "bob");
        uint256 second = _request(other, "bob");
        vm.prank(admin);
        profiles.approveRecovery(first);

        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesRecoveryStale.selector, second));
        vm.prank(admin);
        profiles.approveRecovery(second);
        assertEq(profiles.addressOf("bob"), newBob);
        assertFalse(profiles.isRegistered(other));
    }

    /// @dev A request names a username; approval must not move whatever account the old
    ///      address holds *now*. After a first recovery of "bob" the old address is
    ///      retired (it cannot register "bob_again"), and a second, stale request for "bob"
    ///      is refused.
    function test_approveRecovery_staleRequestDoesNotMoveAnotherUsername() public {
        address other = makeAddr("other");
        uint256 first = _request(newBob, "bob");
        uint256 second = _request(other, "bob");
        vm.prank(admin);
        profiles.approveRecovery(first);
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesAddressRetired.selector, bob));
        vm.prank(bob);
        profiles.register("bob_again", bytes32(0));

        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesRecoveryStale.selector, second));
        vm.prank(admin);
        profiles.approveRecovery(second);
        assertEq(profiles.addressOf("bob"), newBob);
        assertFalse(profiles.isRegistered(other));
    }

    // ------------------------------------------------------------------ recovery: reject

    function test_rejectRecovery_emitsAndBlocksApproval() public {
        uint256 id = _request(newBob, "bob");
        vm.expectEmit(address(profiles));
        emit Profiles.RecoveryRejected(id, admin);
        vm.prank(admin);
        profiles.rejectRecovery(id);
        assertEq(
            uint8(profiles.recoveryRequest(id).status), uint8(Profiles.RecoveryStatus.Rejected)
        );

        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesRecoveryNotPending.selector, id));
        vm.prank(admin);
        profiles.rejectRecovery(id);
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesRecoveryNotPending.selector, id));
        vm.prank(admin);
        profiles.approveRecovery(id);
        assertEq(profiles.addressOf("bob"), bob);
        assertFalse(profiles.isRegistered(newBob));

        // The requester may try again with a new request.
        assertEq(_request(newBob, "bob"), id + 1);
    }

    function test_rejectRecovery_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(Profiles.ProfilesRecoveryNotPending.selector, 5));
        vm.prank(admin);
        profiles.rejectRecovery(5);
    }

    function test_rejectRecovery_revertsForNonAdmin() public {
        uint256 id = _request(newBob, "bob");
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, bob, ADMIN_ROLE
            )
        );
        vm.prank(bob);
        profiles.rejectRecovery(id);
    }

    // ------------------------------------------------------------------ pause

    function test_pause_onlyPauser() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, bob, PAUSER
            )
        );
        vm.prank(bob);
        profiles.pause();

        vm.expectEmit(address(profiles));
        emit Pausable.Paused(admin);
        vm.prank(admin);
        profiles.pause();
        assertTrue(profiles.paused());

        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, bob, PAUSER
            )
        );
        vm.prank(bob);
        profiles.unpause();

        vm.expectEmit(address(profiles));
        emit Pausable.Unpaused(admin);
        vm.prank(admin);
        profiles.unpause();
        assertFalse(profiles.paused());
    }

    function test_pause_byGrantedPauser() public {
        vm.prank(admin);
        profiles.grantRole(PAUSER, carol);
        vm.expectEmit(address(profiles));
        emit Pausable.Paused(carol);
        vm.prank(carol);
        profiles.pause();
        vm.prank(carol);
        profiles.unpause();
        assertFalse(profiles.paused());
    }

    /// @dev The NatSpec pauses registration, profile changes, applications and requests;
    ///      reviews of pending requests and verification go on.
    function test_pause_adminReviewsStillWork() public {
        uint256 a = _request(newBob, "bob");
        uint256 b = _request(makeAddr("other"), "carol");
        _pause();
        vm.prank(admin);
        profiles.approveRecovery(a);
        vm.prank(admin);
        profiles.rejectRecovery(b);
        vm.prank(admin);
        profiles.setVerified(carol, true);
        assertEq(profiles.addressOf("bob"), newBob);
        assertTrue(profiles.isVerified(carol));
    }

    // ------------------------------------------------------------------ views

    function test_views() public view {
        assertEq(profiles.usernameOf(visitor), "");
        assertEq(profiles.addressOf("visitor"), address(0));
        assertEq(profiles.addressOf(""), address(0));
        assertEq(profiles.addressOf("alice"), alice);
        assertEq(profiles.usernameOf(alice), "alice");
        assertFalse(profiles.isRegistered(visitor));
        assertTrue(profiles.isRegistered(bob));
        assertFalse(profiles.isVerified(visitor));
        assertFalse(profiles.isVerified(bob));
        assertTrue(profiles.isVerified(alice));
        assertEq(profiles.profileHashOf(alice), keccak256("alice"));

        (bool registered, bool privileged) = profiles.standing(visitor);
        assertFalse(registered);
        assertFalse(privileged);
        (registered, privileged) = profiles.standing(bob);
        assertTrue(registered);
        assertFalse(privileged);
        (registered, privileged) = profiles.standing(publisher);
        assertTrue(registered);
        assertTrue(privileged);
        (registered, privileged) = profiles.standing(admin);
        assertTrue(registered);
        assertTrue(privileged);
    }

    function test_standing_privilegedWithoutRegistration() public {
        // A role holder who never registered is privileged but not registered.
        vm.prank(admin);
        profiles.grantRole(PUBLISHER, visitor);
        (bool registered, bool privileged) = profiles.standing(visitor);
        assertFalse(registered);
        assertTrue(privileged);
    }
}
