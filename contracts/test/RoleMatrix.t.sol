// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Base} from "./utils/Base.sol";

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

    /// @dev Performs `action` as `who`; returns whether the contract accepted it.
    function _try(address who, Action action) internal returns (bool ok) {
        if (action == Action.PublishTask) {
            vm.deal(who, 1 ether);
            vm.prank(who);
            (ok,) = address(market).call{value: 1 ether}(
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
                )
            );
        } else if (action == Action.ClaimTask) {
            vm.prank(who);
            (ok,) = address(market).call(abi.encodeCall(market.claimTask, (openTask)));
        } else if (action == Action.CreateCommunity) {
            vm.prank(who);
            (ok,) = address(communities)
                .call(
                    abi.encodeCall(
                        communities.createCommunity, ("Elden Ring", "Souls", keccak256("d"))
                    )
                );
        } else if (action == Action.Post) {
            vm.prank(who);
            (ok,) = address(posts)
                .call(abi.encodeCall(posts.createPost, (cid, "Hello", keccak256("b"))));
        } else if (action == Action.TradePoints) {
            deal(address(pts), who, 10);
            vm.prank(who);
            pts.approve(address(exchange), 10);
            vm.prank(who);
            (ok,) = address(exchange)
                .call(
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
                    )
                );
        } else if (action == Action.ManageUsers) {
            vm.prank(who);
            (ok,) = address(profiles).call(abi.encodeCall(profiles.setVerified, (carol, true)));
        } else {
            vm.prank(who);
            (ok,) = address(communities)
                .call(
                    abi.encodeCall(
                        communities.updateCommunity,
                        (cid, "Renamed", "Genshin Impact", keccak256("d2"))
                    )
                );
        }
    }

    /// @notice All 35 cells of table 6-1.
    function test_table6_1_everyCell() public {
        bool[ACTIONS][ROLES] memory allowed = _allowed();
        for (uint256 r; r < ROLES; ++r) {
            for (uint256 a; a < ACTIONS; ++a) {
                uint256 snapshot = vm.snapshotState();
                bool ok = _try(_actor(Role(r)), Action(a));
                assertEq(
                    ok,
                    allowed[r][a],
                    string.concat("role ", vm.toString(r), ", action ", vm.toString(a))
                );
                vm.revertToState(snapshot);
            }
        }
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
        assertFalse(_try(alice, Action.PublishTask));
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
