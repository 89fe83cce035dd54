// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Communities} from "../../src/Communities.sol";
import {CommunityPoints} from "../../src/CommunityPoints.sol";
import {Forwarder} from "../../src/Forwarder.sol";
import {PointExchange} from "../../src/PointExchange.sol";
import {PointMall} from "../../src/PointMall.sol";
import {Posts} from "../../src/Posts.sol";
import {Profiles} from "../../src/Profiles.sol";
import {TaskMarket} from "../../src/TaskMarket.sol";
import {ICommunities} from "../../src/interfaces/ICommunities.sol";
import {IProfiles} from "../../src/interfaces/IProfiles.sol";
import {ITaskMarket} from "../../src/interfaces/ITaskMarket.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The whole system deployed as `scripts/deploy` does (the ERC-2771 `forwarder`
///         first), plus a cast of users: `admin` (system admin, every role), `publisher`
///         (TASK_PUBLISHER_ROLE), `alice` (verified player, admin of community `cid`, which
///         has points `pts`), `bob` and `carol` (players, members of `cid`), `visitor`
///         (unregistered), and `relayer` (an EOA with no account that pays for forwarded
///         requests). Each named account's key is in `keyOf`, so `_relay` can sign for it.
abstract contract Base is Test {
    uint256 internal constant THRESHOLD = 3;
    uint64 internal constant REVIEW_PERIOD = 3 days;
    uint64 internal constant WORK_PERIOD = 5 days;
    uint64 internal constant DISPUTE_PERIOD = 14 days;
    uint64 internal constant ORDER_TTL = 1 days;
    /// @notice The forwarder's request type (OpenZeppelin's `ERC2771Forwarder`).
    bytes32 internal constant FORWARD_REQUEST_TYPEHASH = keccak256(
        "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
    );
    /// @notice Gas a relayed request grants its call (ample for every action).
    uint256 internal constant FORWARD_GAS = 1_000_000;

    Forwarder internal forwarder;
    Profiles internal profiles;
    Communities internal communities;
    TaskMarket internal market;
    Posts internal posts;
    PointMall internal mall;
    PointExchange internal exchange;

    /// @notice The private key of every account made by `_account`.
    mapping(address account => uint256 key) internal keyOf;

    address internal admin = _account("admin");
    address internal publisher = _account("publisher");
    address internal alice = _account("alice");
    address internal bob = _account("bob");
    address internal carol = _account("carol");
    address internal visitor = _account("visitor");
    address internal relayer = _account("relayer");

    /// @notice Community with points, admin `alice`, members alice, bob, carol.
    uint256 internal cid;
    CommunityPoints internal pts;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        vm.startPrank(admin);
        forwarder = new Forwarder();
        profiles = new Profiles(admin, address(forwarder));
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

    /// @dev A labelled address whose key is kept in `keyOf`.
    function _account(string memory name) internal returns (address who) {
        uint256 key;
        (who, key) = makeAddrAndKey(name);
        keyOf[who] = key;
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
        who = _account(name);
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

    // ------------------------------------------------------------ ERC-2771 relaying

    /// @dev `from`'s request to call `to` with `data` and `value`, valid for an hour,
    ///      signed with `from`'s key for the forwarder `via`.
    function _request(Forwarder via, address from, address to, uint256 value, bytes memory data)
        internal
        view
        returns (ERC2771Forwarder.ForwardRequestData memory request)
    {
        request = ERC2771Forwarder.ForwardRequestData({
            from: from,
            to: to,
            value: value,
            gas: FORWARD_GAS,
            deadline: uint48(block.timestamp + 1 hours),
            data: data,
            signature: ""
        });
        request.signature = _sign(via, request, keyOf[from]);
    }

    /// @dev Signs `request` with `key` as the forwarder `via` verifies it: with the
    ///      signer's next nonce.
    function _sign(Forwarder via, ERC2771Forwarder.ForwardRequestData memory request, uint256 key)
        internal
        view
        returns (bytes memory)
    {
        require(key != 0, "no key for this signer: make it with _account");
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, _digest(via, request, via.nonces(request.from)));
        return abi.encodePacked(r, s, v);
    }

    /// @dev The EIP-712 digest of `request` with `nonce` for the forwarder `via`, in the
    ///      domain the relayer and the web sign in: name "Forwarder", version "1", this
    ///      chain, `via`'s address.
    function _digest(
        Forwarder via,
        ERC2771Forwarder.ForwardRequestData memory request,
        uint256 nonce
    ) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("Forwarder"),
                keccak256("1"),
                block.chainid,
                address(via)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                FORWARD_REQUEST_TYPEHASH,
                request.from,
                request.to,
                request.value,
                request.gas,
                nonce,
                request.deadline,
                keccak256(request.data)
            )
        );
        return MessageHashUtils.toTypedDataHash(domain, structHash);
    }

    /// @dev `relayer` submits `request` to `via`, paying its `value`; returns whether
    ///      the forwarder executed it.
    function _submit(Forwarder via, ERC2771Forwarder.ForwardRequestData memory request)
        internal
        returns (bool ok)
    {
        vm.deal(relayer, request.value);
        vm.prank(relayer);
        (ok,) = address(via).call{value: request.value}(abi.encodeCall(via.execute, (request)));
    }

    /// @dev `from` signs a request to call `to` with `data` and `value`; `relayer` submits
    ///      it to the trusted forwarder. Returns whether it was executed.
    function _relay(address from, address to, uint256 value, bytes memory data)
        internal
        returns (bool ok)
    {
        return _submit(forwarder, _request(forwarder, from, to, value, data));
    }
}
