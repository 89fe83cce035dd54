// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Communities} from "../../src/Communities.sol";
import {CommunityPoints} from "../../src/CommunityPoints.sol";
import {PointExchange} from "../../src/PointExchange.sol";
import {PointMall} from "../../src/PointMall.sol";
import {Posts} from "../../src/Posts.sol";
import {Profiles} from "../../src/Profiles.sol";
import {TaskMarket} from "../../src/TaskMarket.sol";
import {ICommunities} from "../../src/interfaces/ICommunities.sol";
import {IProfiles} from "../../src/interfaces/IProfiles.sol";
import {ITaskMarket} from "../../src/interfaces/ITaskMarket.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The whole system deployed as `scripts/deploy` does, plus a cast of users:
///         `admin` (system admin, every role), `publisher` (TASK_PUBLISHER_ROLE),
///         `alice` (verified player, admin of community `cid`, which has points `pts`),
///         `bob` and `carol` (players, members of `cid`), `visitor` (unregistered).
abstract contract Base is Test {
    uint256 internal constant THRESHOLD = 3;
    uint64 internal constant REVIEW_PERIOD = 3 days;
    uint64 internal constant WORK_PERIOD = 5 days;
    uint64 internal constant DISPUTE_PERIOD = 14 days;
    uint64 internal constant ORDER_TTL = 1 days;

    Profiles internal profiles;
    Communities internal communities;
    TaskMarket internal market;
    Posts internal posts;
    PointMall internal mall;
    PointExchange internal exchange;

    address internal admin = makeAddr("admin");
    address internal publisher = makeAddr("publisher");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal visitor = makeAddr("visitor");

    /// @notice Community with points, admin `alice`, members alice, bob, carol.
    uint256 internal cid;
    CommunityPoints internal pts;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        vm.startPrank(admin);
        profiles = new Profiles(admin);
        communities = new Communities(IProfiles(address(profiles)), THRESHOLD);
        market = new TaskMarket(
            IProfiles(address(profiles)),
            ICommunities(address(communities)),
            REVIEW_PERIOD,
            WORK_PERIOD,
            DISPUTE_PERIOD
        );
        posts = new Posts(
            IProfiles(address(profiles)),
            ICommunities(address(communities)),
            ITaskMarket(address(market))
        );
        communities.setPosts(address(posts));
        profiles.setCommunities(address(communities));
        mall = new PointMall(
            IProfiles(address(profiles)), ICommunities(address(communities)), ORDER_TTL
        );
        exchange = new PointExchange(IProfiles(address(profiles)));
        vm.stopPrank();

        _register(admin, "admin");
        _register(publisher, "publisher");
        _register(alice, "alice");
        _register(bob, "bob");
        _register(carol, "carol");
        vm.startPrank(admin);
        profiles.grantRole(profiles.TASK_PUBLISHER_ROLE(), publisher);
        profiles.setVerified(alice, true);
        vm.stopPrank();

        vm.prank(alice);
        cid = communities.createCommunity("Genshin Lovers", "Genshin Impact", keccak256("desc"));
        _join(bob, cid);
        _join(carol, cid);
        vm.prank(alice);
        pts = CommunityPoints(communities.createPoints(cid, "Genshin Points", "GP"));
    }

    function _register(address who, string memory name) internal {
        vm.prank(who);
        profiles.register(name, keccak256(bytes(name)));
    }

    /// @dev Marks `who` verified (as the system admin): community admins must be.
    function _verify(address who) internal {
        vm.prank(admin);
        profiles.setVerified(who, true);
    }

    function _join(address who, uint256 id) internal {
        vm.prank(who);
        communities.join(id);
    }

    /// @dev Awards `amount` points of community `cid` to `to` (as its admin alice).
    function _award(address to, uint256 amount) internal {
        vm.prank(alice);
        communities.award(cid, to, amount, "test");
    }

    /// @dev A fresh registered player (not a member of anything).
    function _player(string memory name) internal returns (address who) {
        who = makeAddr(name);
        _register(who, name);
    }

    /// @dev Publishes an ETH task in `cid` as `publisher`, deadline in 7 days.
    function _publishEth(uint256 reward) internal returns (uint256 id) {
        vm.deal(publisher, reward);
        vm.prank(publisher);
        id = market.publishTask{value: reward}(
            cid,
            "Clear the abyss",
            keccak256("spec"),
            address(0),
            reward,
            uint64(block.timestamp + 7 days)
        );
    }

    /// @dev Publishes a task in `cid` rewarded in `pts`, as `publisher`.
    function _publishPoints(uint256 reward) internal returns (uint256 id) {
        _award(publisher, reward);
        vm.startPrank(publisher);
        pts.approve(address(market), reward);
        id = market.publishTask(
            cid,
            "Farm materials",
            keccak256("spec"),
            address(pts),
            reward,
            uint64(block.timestamp + 7 days)
        );
        vm.stopPrank();
    }

    /// @dev Lists an item in `cid` (as alice).
    function _listItem(uint256 price, uint32 stock) internal returns (uint256 itemId) {
        vm.prank(alice);
        itemId = mall.listItem(cid, "Primogem pack", keccak256("meta"), price, stock);
    }
}
