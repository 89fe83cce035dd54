// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Communities} from "../src/Communities.sol";
import {PointExchange} from "../src/PointExchange.sol";
import {Posts} from "../src/Posts.sol";
import {Profiles} from "../src/Profiles.sol";
import {TaskMarket} from "../src/TaskMarket.sol";
import {Base} from "./utils/Base.sol";
import {Vm} from "forge-std/Vm.sol";

/// @notice The seed's table 6-1 (角色授权设计表), enforced on chain and tested cell by cell.
///
/// | role \ action    | publish task | claim task | create community | post | trade points | manage users | system settings |
/// |------------------|:---:|:---:|:---:|:---:|:---:|:---:|:---:|
/// | visitor          |  ×  |  ×  |  ×  |  ×  |  ×  |  ×  |  ×  |
/// | player           |  ×  |  √  |  ×  |  √  |  √  |  ×  |  ×  |
/// | task publisher   |  √  |  ×  |  ×  |  √  |  √  |  ×  |  ×  |
/// | community admin  |  ×  |  ×  |  √  |  √  |  √  |  ×  |  √  |
/// | system admin     |  √  |  ×  |  √  |  √  |  √  |  √  |  √  |
///
/// The table runs twice: each actor sending its own transaction, and each actor signing an
/// ERC-2771 request that a relayer with no account and no role submits to the trusted
/// forwarder (a sponsored meta-transaction). Both must give the same answer in every cell,
/// and what an accepted call creates must be the signer's.
///
/// Each cell is one real call, made from a fresh copy of the same state:
/// - publish task: `TaskMarket.publishTask` with an ETH reward in community `cid`;
/// - claim task: `TaskMarket.claimTask` on an open task of `cid` published by `publisher`;
/// - create community: `Communities.createCommunity`;
/// - post: `Posts.createPost` in `cid` (every registered actor is a member);
/// - trade points: `PointExchange.createOffer` giving points for ETH;
/// - manage users: `Profiles.setVerified` on another user;
/// - system settings: `Communities.updateCommunity` of `cid` (a community admin's
///   settings are its community's; the system-wide ones are checked separately below).
contract RoleMatrixTest is Base {
    enum Role {
        Visitor,
        Player,
        TaskPublisher,
        CommunityAdmin,
        SystemAdmin
    }

    /// @notice How the actor's call reaches the contract.
    enum Mode {
        Direct,
        Forwarded
    }

    enum Action {
        PublishTask,
        ClaimTask,
        CreateCommunity,
        Post,
        TradePoints,
        ManageUsers,
        SystemSettings
    }

    uint256 internal constant ROLES = 5;
    uint256 internal constant ACTIONS = 7;

    uint256 internal openTask;

    function setUp() public override {
        super.setUp();
        // Every registered actor is a member of `cid`; `publisher` and `admin` join it.
        _join(publisher, cid);
        _join(admin, cid);
        openTask = _publishEth(1 ether);
    }

    function _allowed() internal pure returns (bool[ACTIONS][ROLES] memory t) {
        // forgefmt: disable-start
        //                publish claim  create  post   trade  users  settings
        t[0] = [bool(false), false, false,  false, false, false, false]; // visitor
        t[1] = [bool(false), true,  false,  true,  true,  false, false]; // player
        t[2] = [bool(true),  false, false,  true,  true,  false, false]; // task publisher
        t[3] = [bool(false), false, true,   true,  true,  false, true ]; // community admin
        t[4] = [bool(true),  false, true,   true,  true,  true,  true ]; // system admin
        // forgefmt: disable-end
    }

    function _actor(Role role) internal view returns (address) {
        if (role == Role.Visitor) return visitor;
        if (role == Role.Player) return bob;
        if (role == Role.TaskPublisher) return publisher;
        if (role == Role.CommunityAdmin) return alice;
        return admin;
    }

    /// @dev The one call that performs `action`, and the event of `target` naming its
    ///      actor in topic `actorTopic`.
    function _call(Action action)
        internal
        view
        returns (
            address target,
            uint256 value,
            bytes memory data,
            bytes32 topic0,
            uint256 actorTopic
        )
    {
        if (action == Action.PublishTask) {
            return (
                address(market),
                1 ether,
                abi.encodeCall(
                    market.publishTask,
                    (
                        cid,
                        "Daily quest",
                        keccak256("s"),
                        address(0),
                        1 ether,
                        uint64(block.timestamp + 1 days)
                    )
                ),
                TaskMarket.TaskPublished.selector,
                3
            );
        }
        if (action == Action.ClaimTask) {
            return (
                address(market),
                0,
                abi.encodeCall(market.claimTask, (openTask)),
                TaskMarket.TaskClaimed.selector,
                2
            );
        }
        if (action == Action.CreateCommunity) {
            return (
                address(communities),
                0,
                abi.encodeCall(
                    communities.createCommunity, ("Elden Ring", "Souls", keccak256("d"))
                ),
                Communities.CommunityCreated.selector,
                2
            );
        }
        if (action == Action.Post) {
            return (
                address(posts),
                0,
                abi.encodeCall(posts.createPost, (cid, "Hello", keccak256("b"))),
                Posts.PostCreated.selector,
                3
            );
        }
        if (action == Action.TradePoints) {
            return (
                address(exchange),
                0,
                abi.encodeCall(
                    exchange.createOffer,
                    (
                        address(pts),
                        10,
                        address(0),
                        1 ether,
                        address(0),
                        uint64(block.timestamp + 1 days)
                    )
                ),
                PointExchange.OfferCreated.selector,
                2
            );
        }
        if (action == Action.ManageUsers) {
            return (
                address(profiles),
                0,
                abi.encodeCall(profiles.setVerified, (carol, true)),
                Profiles.VerificationChanged.selector,
                2
            );
        }
        return (
            address(communities),
            0,
            abi.encodeCall(
                communities.updateCommunity, (cid, "Renamed", "Genshin Impact", keccak256("d2"))
            ),
            Communities.CommunityUpdated.selector,
            2
        );
    }

    /// @dev `who` calls `target`: itself (paying `value`), or through the trusted
    ///      forwarder with a request it signed and `relayer` submits (and pays for).
    function _send(Mode mode, address who, address target, uint256 value, bytes memory data)
        internal
        returns (bool ok)
    {
        if (mode == Mode.Forwarded) return _relay(who, target, value, data);
        vm.deal(who, value);
        vm.prank(who);
        (ok,) = target.call{value: value}(data);
    }

    /// @dev Performs `action` as `who` in `mode`; returns whether the contract accepted
    ///      it. An accepted action is checked to be `who`'s: its event names `who`, and
    ///      what it created belongs to `who`, never to the relayer or the forwarder.
    function _try(Mode mode, address who, Action action) internal returns (bool ok) {
        if (action == Action.TradePoints) {
            // The points to offer, approved by their holder (through the forwarder too).
            deal(address(pts), who, 10);
            assertTrue(
                _send(
                    mode, who, address(pts), 0, abi.encodeCall(pts.approve, (address(exchange), 10))
                ),
                "approve"
            );
            assertEq(pts.allowance(who, address(exchange)), 10);
        }
        (address target, uint256 value, bytes memory data, bytes32 topic0, uint256 actorTopic) =
            _call(action);
        vm.recordLogs();
        ok = _send(mode, who, target, value, data);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        if (!ok) return ok;

        uint256 found;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == target && logs[i].topics[0] == topic0) {
                assertEq(address(uint160(uint256(logs[i].topics[actorTopic]))), who, "event actor");
                ++found;
            }
        }
        assertEq(found, 1, "the action's event");
        _assertOwnedBy(action, who);
    }

    /// @dev What an accepted `action` created or changed belongs to `who`.
    function _assertOwnedBy(Action action, address who) internal view {
        if (action == Action.PublishTask) {
            assertEq(market.getTask(market.taskCount()).publisher, who, "task publisher");
        } else if (action == Action.ClaimTask) {
            assertEq(market.getTask(openTask).claimer, who, "task claimer");
        } else if (action == Action.CreateCommunity) {
            uint256 created = communities.communityCount();
            assertTrue(communities.isCommunityAdmin(created, who), "community admin");
            assertFalse(communities.isMember(created, relayer), "relayer joined");
            assertFalse(communities.isMember(created, address(forwarder)), "forwarder joined");
        } else if (action == Action.Post) {
            assertEq(posts.getPost(posts.postCount()).author, who, "post author");
        } else if (action == Action.TradePoints) {
            assertEq(exchange.getOffer(exchange.offerCount()).maker, who, "offer maker");
            assertEq(pts.balanceOf(who), 0, "the maker's points are escrowed");
        } else if (action == Action.ManageUsers) {
            assertTrue(profiles.isVerified(carol), "verified");
        }
    }

    /// @dev Every cell of the table in `mode`, each from a fresh copy of the same state.
    function _checkTable(Mode mode) internal {
        bool[ACTIONS][ROLES] memory allowed = _allowed();
        for (uint256 r; r < ROLES; ++r) {
            for (uint256 a; a < ACTIONS; ++a) {
                uint256 snapshot = vm.snapshotState();
                bool ok = _try(mode, _actor(Role(r)), Action(a));
                assertEq(
                    ok,
                    allowed[r][a],
                    string.concat("role ", vm.toString(r), ", action ", vm.toString(a))
                );
                vm.revertToState(snapshot);
            }
        }
    }

    /// @notice All 35 cells of table 6-1, each actor sending its own transaction.
    function test_table6_1_everyCell() public {
        _checkTable(Mode.Direct);
    }

    /// @notice The same 35 cells with every action a sponsored meta-transaction: the
    ///         actor signs, `relayer` (no account, no role) submits it to the trusted
    ///         forwarder. Each cell comes out as when the actor sends it itself.
    function test_table6_1_everyCell_throughTheForwarder() public {
        _checkTable(Mode.Forwarded);
    }

    /// @notice A refused cell is refused for the same reason either way, naming the signer:
    ///         the call exactly as the forwarder relays it (the signer appended to the
    ///         calldata) reverts with the direct call's error, byte for byte. (`execute`
    ///         itself reverts `FailedCall` without the target's reason.)
    function test_table6_1_refusalsThroughTheForwarderNameTheSigner() public {
        bool[ACTIONS][ROLES] memory allowed = _allowed();
        uint256 refusals;
        for (uint256 r; r < ROLES; ++r) {
            address who = _actor(Role(r));
            for (uint256 a; a < ACTIONS; ++a) {
                if (allowed[r][a]) continue;
                (address target, uint256 value, bytes memory data,,) = _call(Action(a));
                if (Action(a) == Action.TradePoints) {
                    deal(address(pts), who, 10);
                    vm.prank(who);
                    pts.approve(address(exchange), 10);
                }
                uint256 snapshot = vm.snapshotState();
                vm.deal(who, value);
                vm.prank(who);
                (bool ok, bytes memory direct) = target.call{value: value}(data);
                assertFalse(ok);
                vm.revertToState(snapshot);
                vm.deal(address(forwarder), value);
                vm.prank(address(forwarder));
                (bool relayedOk, bytes memory relayed) =
                    target.call{value: value}(abi.encodePacked(data, who));
                assertFalse(relayedOk);
                vm.revertToState(snapshot);
                assertGt(direct.length, 4, "a named error");
                assertEq(
                    relayed,
                    direct,
                    string.concat("role ", vm.toString(r), ", action ", vm.toString(a))
                );
                ++refusals;
            }
        }
        assertEq(refusals, 19);
    }

    /// @notice A community admin's settings stop at its own community: it cannot change
    ///         another community, nor the system-wide settings.
    function test_communityAdminSettingsAreScopedToItsCommunity() public {
        vm.prank(admin);
        uint256 other = communities.createCommunity("Other", "Other game", keccak256("o"));
        vm.prank(alice);
        (bool ok,) = address(communities)
            .call(
                abi.encodeCall(
                    communities.updateCommunity, (other, "Taken over", "", keccak256("x"))
                )
            );
        assertFalse(ok, "admin of one community changed another");
        vm.prank(alice);
        (ok,) = address(communities).call(abi.encodeCall(communities.setPopularityThreshold, (1)));
        assertFalse(ok, "community admin changed a system setting");
        vm.prank(alice);
        (ok,) = address(market).call(abi.encodeCall(market.pause, ()));
        assertFalse(ok, "community admin paused the market");
    }

    /// @notice The system-wide settings are the system admin's alone.
    function test_systemSettingsAreTheSystemAdmins() public {
        for (uint256 r; r < ROLES; ++r) {
            address who = _actor(Role(r));
            uint256 snapshot = vm.snapshotState();
            vm.prank(who);
            (bool ok,) =
                address(communities).call(abi.encodeCall(communities.setPopularityThreshold, (10)));
            assertEq(ok, Role(r) == Role.SystemAdmin, vm.toString(r));
            vm.prank(who);
            (ok,) = address(market).call(abi.encodeCall(market.pause, ()));
            assertEq(ok, Role(r) == Role.SystemAdmin, vm.toString(r));
            vm.revertToState(snapshot);
        }
    }

    /// @notice Granting roles (user management) is the system admin's alone.
    function test_grantingRolesIsTheSystemAdmins() public {
        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        for (uint256 r; r < ROLES; ++r) {
            address who = _actor(Role(r));
            uint256 snapshot = vm.snapshotState();
            vm.prank(who);
            (bool ok,) = address(profiles).call(abi.encodeCall(profiles.grantRole, (role, carol)));
            assertEq(ok, Role(r) == Role.SystemAdmin, vm.toString(r));
            vm.revertToState(snapshot);
        }
    }

    /// @notice The community admin of table 6-1 is a verified player: an unverified member
    ///         cannot be appointed, and an admin (even with the publisher role) cannot
    ///         publish into the community it administers (it could pick the arbiter).
    function test_communityAdminIsVerifiedAndPublishesElsewhereOnly() public {
        vm.expectRevert();
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, true);
        assertFalse(communities.isCommunityAdmin(cid, bob));
        _verify(bob);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, true);
        assertTrue(communities.isCommunityAdmin(cid, bob));

        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        vm.prank(admin);
        profiles.grantRole(role, alice);
        assertFalse(_try(Mode.Direct, alice, Action.PublishTask));
        // Elsewhere it may.
        vm.prank(alice);
        uint256 other = communities.createCommunity("Elsewhere", "game", keccak256("d"));
        vm.prank(admin);
        uint256 third = communities.createCommunity("Third", "game", keccak256("d"));
        assertTrue(other != third);
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        market.publishTask{value: 1 ether}(
            third, "t", keccak256("s"), address(0), 1 ether, uint64(block.timestamp + 1 days)
        );
    }
}
