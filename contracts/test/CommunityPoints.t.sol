// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Communities} from "../src/Communities.sol";
import {CommunityPoints} from "../src/CommunityPoints.sol";
import {Base} from "./utils/Base.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Unit and fuzz tests of `CommunityPoints`: metadata, minting, burning, transfers
///         and ERC-2612 permits.
contract CommunityPointsTest is Base {
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    address internal holder;
    uint256 internal holderKey;

    function setUp() public override {
        super.setUp();
        (holder, holderKey) = makeAddrAndKey("holder");
        _register(holder, "holder");
    }

    function _digest(address owner, address spender, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        return _digestFor(pts, owner, spender, value, nonce, deadline);
    }

    function _digestFor(
        CommunityPoints token,
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline)
        );
        return keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
    }

    // ------------------------------------------------------------------ metadata

    function test_metadata() public view {
        assertEq(pts.name(), "Genshin Points");
        assertEq(pts.symbol(), "GP");
        assertEq(pts.decimals(), 0);
        assertEq(pts.communityId(), cid);
        assertEq(pts.minter(), address(communities));
        assertEq(pts.totalSupply(), 0);
    }

    function test_eip712Domain() public view {
        (, string memory name, string memory version, uint256 chainId, address verifying,,) =
            pts.eip712Domain();
        assertEq(name, "Genshin Points");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifying, address(pts));
        bytes32 expected = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("Genshin Points"),
                keccak256("1"),
                block.chainid,
                address(pts)
            )
        );
        assertEq(pts.DOMAIN_SEPARATOR(), expected);
    }

    // ------------------------------------------------------------------ mint

    function test_mint_onlyMinter() public {
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(0), bob, 5);
        vm.prank(address(communities));
        pts.mint(bob, 5);
        assertEq(pts.balanceOf(bob), 5);
        assertEq(pts.totalSupply(), 5);
    }

    function test_mint_revertsForOthers() public {
        address[4] memory callers = [alice, admin, bob, address(this)];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    CommunityPoints.CommunityPointsOnlyMinter.selector, callers[i]
                )
            );
            vm.prank(callers[i]);
            pts.mint(callers[i], 1);
        }
        assertEq(pts.totalSupply(), 0);
    }

    function testFuzz_mint_revertsForAnyoneButMinter(address caller) public {
        vm.assume(caller != address(communities));
        // The trusted forwarder's calls speak for the signer they end with (Forwarder.t.sol).
        vm.assume(caller != address(forwarder));
        vm.expectRevert(
            abi.encodeWithSelector(CommunityPoints.CommunityPointsOnlyMinter.selector, caller)
        );
        vm.prank(caller);
        pts.mint(caller, 1);
    }

    function test_minterIsTheCreatingCommunitiesContract() public {
        // A token deployed by someone else is minted only by that deployer.
        CommunityPoints own = new CommunityPoints("Own", "OWN", 9, address(forwarder));
        assertEq(own.minter(), address(this));
        assertEq(own.communityId(), 9);
        own.mint(bob, 3);
        assertEq(own.balanceOf(bob), 3);
        vm.expectRevert(
            abi.encodeWithSelector(
                CommunityPoints.CommunityPointsOnlyMinter.selector, address(communities)
            )
        );
        vm.prank(address(communities));
        own.mint(bob, 3);
    }

    // ------------------------------------------------------------------ transfer / burn

    function test_transfer() public {
        _award(bob, 10);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, carol, 4);
        vm.prank(bob);
        assertTrue(pts.transfer(carol, 4));
        assertEq(pts.balanceOf(bob), 6);
        assertEq(pts.balanceOf(carol), 4);

        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, 6, 7)
        );
        vm.prank(bob);
        pts.transfer(carol, 7);
    }

    function test_burn_byHolder() public {
        _award(bob, 10);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, address(0), 4);
        vm.prank(bob);
        pts.burn(4);
        assertEq(pts.balanceOf(bob), 6);
        assertEq(pts.totalSupply(), 6);
    }

    function test_burn_revertsBeyondBalance() public {
        _award(bob, 3);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, 3, 4)
        );
        vm.prank(bob);
        pts.burn(4);
    }

    function test_burnFrom_needsAllowance() public {
        _award(bob, 10);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(mall), 0, 2
            )
        );
        vm.prank(address(mall));
        pts.burnFrom(bob, 2);

        vm.expectEmit(address(pts));
        emit IERC20.Approval(bob, address(mall), 5);
        vm.prank(bob);
        assertTrue(pts.approve(address(mall), 5));
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, address(0), 2);
        vm.prank(address(mall));
        pts.burnFrom(bob, 2);
        assertEq(pts.allowance(bob, address(mall)), 3);
        assertEq(pts.totalSupply(), 8);
    }

    function testFuzz_transferAndBurn_conserveSupply(uint256 minted, uint256 sent, uint256 burned)
        public
    {
        minted = bound(minted, 1, type(uint128).max);
        sent = bound(sent, 0, minted);
        burned = bound(burned, 0, sent);
        _award(bob, minted);
        vm.prank(bob);
        pts.transfer(carol, sent);
        vm.prank(carol);
        pts.burn(burned);
        assertEq(pts.balanceOf(bob), minted - sent);
        assertEq(pts.balanceOf(carol), sent - burned);
        assertEq(pts.totalSupply(), minted - burned);
    }

    // ------------------------------------------------------------------ permit

    function test_permit_setsAllowanceAndNonce() public {
        _award(holder, 50);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _digest(holder, bob, 30, 0, deadline));

        vm.expectEmit(address(pts));
        emit IERC20.Approval(holder, bob, 30);
        vm.prank(carol); // anyone may relay the permit
        pts.permit(holder, bob, 30, deadline, v, r, s);
        assertEq(pts.allowance(holder, bob), 30);
        assertEq(pts.nonces(holder), 1);

        vm.expectEmit(address(pts));
        emit IERC20.Transfer(holder, bob, 30);
        vm.prank(bob);
        assertTrue(pts.transferFrom(holder, bob, 30));
        assertEq(pts.allowance(holder, bob), 0);
        assertEq(pts.balanceOf(bob), 30);
        assertEq(pts.balanceOf(holder), 20);
    }

    function test_permit_atDeadlineWorks() public {
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _digest(holder, bob, 1, 0, deadline));
        pts.permit(holder, bob, 1, deadline, v, r, s);
        assertEq(pts.allowance(holder, bob), 1);
    }

    function test_permit_revertsWhenExpired() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _digest(holder, bob, 30, 0, deadline));
        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline)
        );
        pts.permit(holder, bob, 30, deadline, v, r, s);
        assertEq(pts.allowance(holder, bob), 0);
        assertEq(pts.nonces(holder), 0);
    }

    function test_permit_revertsWhenSignedByAnotherKey() public {
        (address mallory, uint256 malloryKey) = makeAddrAndKey("mallory");
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(malloryKey, _digest(holder, mallory, 30, 0, deadline));
        vm.expectRevert(
            abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, mallory, holder)
        );
        pts.permit(holder, mallory, 30, deadline, v, r, s);
        assertEq(pts.allowance(holder, mallory), 0);
    }

    function test_permit_revertsWhenTamperedOrReplayed() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 signed = _digest(holder, bob, 30, 0, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, signed);

        // A larger value than signed recovers some other signer.
        address recovered = ecrecover(_digest(holder, bob, 300, 0, deadline), v, r, s);
        vm.expectRevert(
            abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder)
        );
        pts.permit(holder, bob, 300, deadline, v, r, s);

        // Another spender than signed.
        recovered = ecrecover(_digest(holder, carol, 30, 0, deadline), v, r, s);
        vm.expectRevert(
            abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder)
        );
        pts.permit(holder, carol, 30, deadline, v, r, s);

        // The genuine permit works once; replaying it fails (the nonce moved on).
        pts.permit(holder, bob, 30, deadline, v, r, s);
        recovered = ecrecover(_digest(holder, bob, 30, 1, deadline), v, r, s);
        vm.expectRevert(
            abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder)
        );
        pts.permit(holder, bob, 30, deadline, v, r, s);
        assertEq(pts.nonces(holder), 1);
    }

    function test_permit_notValidOnAnotherCommunitysToken() public {
        vm.prank(admin);
        communities.setPopularityThreshold(1);
        vm.prank(alice);
        uint256 id = communities.createCommunity("Other", "Other", bytes32(0));
        vm.prank(alice);
        CommunityPoints other = CommunityPoints(communities.createPoints(id, "Other Points", "OP"));

        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _digest(holder, bob, 30, 0, deadline));
        // The domain differs, so the signature recovers some other signer.
        address recovered = ecrecover(_digestFor(other, holder, bob, 30, 0, deadline), v, r, s);
        assertTrue(recovered != holder);
        vm.expectRevert(
            abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder)
        );
        other.permit(holder, bob, 30, deadline, v, r, s);
        assertEq(other.allowance(holder, bob), 0);
    }
}

/// @notice Drives random awards, transfers and burns of community `cid`'s points among a
///         few registered actors, and counts what was minted and burned.
contract PointsHandler is Test {
    Communities internal immutable communities;
    CommunityPoints internal immutable pts;
    address internal immutable communityAdmin;
    uint256 internal immutable cid;
    address[] internal actors;

    uint256 public ghostMinted;
    uint256 public ghostBurned;
    uint256 public calls;

    constructor(
        Communities communities_,
        CommunityPoints pts_,
        address communityAdmin_,
        uint256 cid_,
        address[] memory actors_
    ) {
        communities = communities_;
        pts = pts_;
        communityAdmin = communityAdmin_;
        cid = cid_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actorAt(uint256 i) external view returns (address) {
        return actors[i];
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[bound(seed, 0, actors.length - 1)];
    }

    function award(uint256 toSeed, uint256 amount) external {
        address to = _actor(toSeed);
        amount = bound(amount, 1, 1e30);
        vm.prank(communityAdmin);
        communities.award(cid, to, amount, "invariant");
        ghostMinted += amount;
        ++calls;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        amount = bound(amount, 0, pts.balanceOf(from));
        vm.prank(from);
        pts.transfer(to, amount);
        ++calls;
    }

    function burn(uint256 fromSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, pts.balanceOf(from));
        vm.prank(from);
        pts.burn(amount);
        ghostBurned += amount;
        ++calls;
    }

    function burnFrom(uint256 ownerSeed, uint256 spenderSeed, uint256 amount) external {
        address owner = _actor(ownerSeed);
        address spender = _actor(spenderSeed);
        amount = bound(amount, 0, pts.balanceOf(owner));
        vm.prank(owner);
        pts.approve(spender, amount);
        vm.prank(spender);
        pts.burnFrom(owner, amount);
        ghostBurned += amount;
        ++calls;
    }
}

/// @notice Supply accounting of `CommunityPoints` under random awards, transfers and burns.
contract CommunityPointsInvariantTest is Base {
    PointsHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory actors = new address[](4);
        actors[0] = bob;
        actors[1] = carol;
        actors[2] = _player("dave");
        actors[3] = _player("erin");
        handler = new PointsHandler(communities, pts, alice, cid, actors);
        targetContract(address(handler));
    }

    function invariant_supplyIsMintedMinusBurned() public view {
        assertEq(pts.totalSupply(), handler.ghostMinted() - handler.ghostBurned());
    }

    function invariant_actorBalancesSumToSupply() public view {
        uint256 sum;
        for (uint256 i; i < handler.actorCount(); ++i) {
            sum += pts.balanceOf(handler.actorAt(i));
        }
        assertEq(sum, pts.totalSupply());
    }

    function invariant_tokenIdentityUnchanged() public view {
        assertEq(pts.decimals(), 0);
        assertEq(pts.minter(), address(communities));
        assertEq(pts.communityId(), cid);
        assertEq(communities.pointsOf(cid), address(pts));
    }
}
