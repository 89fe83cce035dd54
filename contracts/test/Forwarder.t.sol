// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Forwarder} from "../src/Forwarder.sol";
import {Posts} from "../src/Posts.sol";
import {Profiles} from "../src/Profiles.sol";
import {Escrow} from "../src/utils/Escrow.sol";
import {Managed} from "../src/utils/Managed.sol";
import {BlocklistERC20} from "./mocks/BlocklistERC20.sol";
import {Base} from "./utils/Base.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice Sponsored meta-transactions (ERC-2771): a player signs a request, `relayer` (an
///         EOA with no account and no role) pays for it through the one trusted
///         `Forwarder`, and the contracts act for the signer and nobody else. The role
///         table through the forwarder is in `RoleMatrix.t.sol`.
contract ForwarderTest is Base {
    bytes32 internal constant BODY = keccak256("body");

    /// @dev Bob's sponsored post in `cid`.
    function _postData() internal view returns (bytes memory) {
        return abi.encodeCall(posts.createPost, (cid, "Sponsored post", BODY));
    }

    /// @dev `relayer` submits `request` to the trusted forwarder (no value).
    function _execute(ERC2771Forwarder.ForwardRequestData memory request) internal {
        vm.prank(relayer);
        forwarder.execute(request);
    }

    // ------------------------------------------------------------------ the one forwarder

    /// @notice All seven contracts trust the deployed forwarder and nothing else, and its
    ///         EIP-712 domain is the one relayers and the web sign in.
    function test_everyContractTrustsTheOneForwarder() public view {
        address[7] memory targets = [
            address(profiles),
            address(communities),
            address(posts),
            address(market),
            address(mall),
            address(exchange),
            address(pts)
        ];
        for (uint256 i; i < targets.length; ++i) {
            ERC2771Context target = ERC2771Context(targets[i]);
            assertEq(target.trustedForwarder(), address(forwarder), vm.toString(targets[i]));
            assertTrue(target.isTrustedForwarder(address(forwarder)));
            assertFalse(target.isTrustedForwarder(relayer));
            assertFalse(target.isTrustedForwarder(address(0)));
        }
        (, string memory name, string memory version, uint256 chainId, address verifying,,) =
            forwarder.eip712Domain();
        assertEq(name, "Forwarder");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifying, address(forwarder));
    }

    /// @notice A relayed post is the signer's: the event, the author and the nonce say so.
    function test_aRelayedRequestActsAsItsSigner() public {
        ERC2771Forwarder.ForwardRequestData memory request =
            _request(forwarder, bob, address(posts), 0, _postData());
        assertTrue(forwarder.verify(request));
        vm.expectEmit(address(posts));
        emit Posts.PostCreated(1, cid, bob, "Sponsored post", BODY);
        vm.expectEmit(address(forwarder));
        emit ERC2771Forwarder.ExecutedForwardRequest(bob, 0, true);
        _execute(request);
        assertEq(posts.getPost(1).author, bob);
        assertEq(forwarder.nonces(bob), 1);
        assertEq(forwarder.nonces(relayer), 0);
    }

    // ------------------------------------------------------------------ refusals

    /// @notice An executed request cannot run again: its nonce is used, so the signature
    ///         no longer recovers to the signer.
    function test_replayOfAnExecutedRequestFails() public {
        ERC2771Forwarder.ForwardRequestData memory request =
            _request(forwarder, bob, address(posts), 0, _postData());
        _execute(request);
        assertFalse(forwarder.verify(request));
        address recovered = ECDSA.recover(_digest(forwarder, request, 1), request.signature);
        assertTrue(recovered != bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, recovered, bob
            )
        );
        _execute(request);
        assertEq(posts.postCount(), 1);
        assertEq(forwarder.nonces(bob), 1);
    }

    /// @notice A request runs until its deadline and not a second later.
    function test_expiredRequestFails() public {
        ERC2771Forwarder.ForwardRequestData memory request =
            _request(forwarder, bob, address(posts), 0, _postData());
        uint256 snapshot = vm.snapshotState();
        vm.warp(request.deadline);
        _execute(request);
        assertEq(posts.postCount(), 1);
        vm.revertToState(snapshot);

        vm.warp(uint256(request.deadline) + 1);
        assertFalse(forwarder.verify(request));
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771ForwarderExpiredRequest.selector, request.deadline
            )
        );
        _execute(request);
        assertEq(posts.postCount(), 0);
        assertEq(forwarder.nonces(bob), 0);
    }

    /// @notice A request signed by someone else than its `from`, or changed after it was
    ///         signed, is refused.
    function test_wrongSignerFails() public {
        ERC2771Forwarder.ForwardRequestData memory request =
            _request(forwarder, bob, address(posts), 0, _postData());
        request.signature = _sign(forwarder, request, keyOf[carol]);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, carol, bob
            )
        );
        _execute(request);

        // Bob's own signature, over another post than the one submitted.
        request.signature = _sign(forwarder, request, keyOf[bob]);
        request.data = abi.encodeCall(posts.createPost, (cid, "Not what bob signed", BODY));
        address recovered = ECDSA.recover(_digest(forwarder, request, 0), request.signature);
        assertTrue(recovered != bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, recovered, bob
            )
        );
        _execute(request);
        assertEq(posts.postCount(), 0);
    }

    /// @notice A second `Forwarder` is not trusted: it cannot execute for anyone, and what
    ///         it sends (even with a signer appended) is its own call, from an address with
    ///         no account and no points.
    function test_anotherForwarderCannotActForAnyone() public {
        Forwarder rogue = new Forwarder();
        ERC2771Forwarder.ForwardRequestData memory request =
            _request(rogue, bob, address(posts), 0, _postData());
        assertFalse(rogue.verify(request));
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771UntrustfulTarget.selector, address(posts), address(rogue)
            )
        );
        vm.prank(relayer);
        rogue.execute(request);

        _award(bob, 5);
        vm.startPrank(address(rogue));
        (bool ok, bytes memory ret) = address(posts).call(abi.encodePacked(_postData(), bob));
        assertFalse(ok);
        assertEq(ret, abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, address(rogue)));
        (ok, ret) = address(profiles)
            .call(abi.encodePacked(abi.encodeCall(profiles.updateProfile, (BODY)), bob));
        assertFalse(ok);
        assertEq(
            ret, abi.encodeWithSelector(Profiles.ProfilesNotRegistered.selector, address(rogue))
        );
        (ok, ret) =
            address(pts).call(abi.encodePacked(abi.encodeCall(pts.transfer, (carol, 5)), bob));
        assertFalse(ok);
        assertEq(
            ret,
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, address(rogue), 0, 5
            )
        );
        vm.stopPrank();
        assertEq(posts.postCount(), 0);
        assertEq(pts.balanceOf(bob), 5);
        assertEq(profiles.profileHashOf(bob), keccak256("bob"));
    }

    /// @notice The relayer cannot act for the signer without the signer's signature: not
    ///         by appending the signer to its own call, nor by signing for it, nor with no
    ///         signature; its own request acts as itself, a visitor.
    function test_relayerCannotActForTheSignerWithoutItsSignature() public {
        vm.prank(relayer);
        (bool ok, bytes memory ret) = address(posts).call(abi.encodePacked(_postData(), bob));
        assertFalse(ok);
        assertEq(ret, abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, relayer));

        ERC2771Forwarder.ForwardRequestData memory request =
            _request(forwarder, bob, address(posts), 0, _postData());
        request.signature = _sign(forwarder, request, keyOf[relayer]);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, relayer, bob
            )
        );
        _execute(request);

        request.signature = "";
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, address(0), bob
            )
        );
        _execute(request);

        // Signed by the relayer for itself: the post would be the relayer's, a visitor's.
        request = _request(forwarder, relayer, address(posts), 0, _postData());
        vm.expectRevert(Errors.FailedCall.selector);
        _execute(request);
        assertEq(posts.postCount(), 0);
        assertEq(forwarder.nonces(bob), 0);
    }

    /// @notice A request carrying ETH to a function that takes none fails as a whole: the
    ///         relayer keeps its ETH and the nonce stays unused. The relayer must send
    ///         exactly the value the signer asked for.
    function test_valueToANonPayableFunctionFails() public {
        ERC2771Forwarder.ForwardRequestData memory request =
            _request(forwarder, bob, address(posts), 1 wei, _postData());
        vm.deal(relayer, 1 wei);
        vm.expectRevert(Errors.FailedCall.selector);
        vm.prank(relayer);
        forwarder.execute{value: 1 wei}(request);
        assertEq(relayer.balance, 1 wei);
        assertEq(address(posts).balance, 0);
        assertEq(address(forwarder).balance, 0);
        assertEq(forwarder.nonces(bob), 0);
        assertEq(posts.postCount(), 0);

        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771ForwarderMismatchedValue.selector, 1 wei, 0
            )
        );
        _execute(request);
    }

    // ------------------------------------------------------------------ value moves

    /// @notice A relayed point transfer, approval and burn move the signer's points; the
    ///         relayer and the forwarder hold none.
    function test_pointsTransferThroughTheForwarderMovesTheSignersPoints() public {
        _award(bob, 50);
        ERC2771Forwarder.ForwardRequestData memory request =
            _request(forwarder, bob, address(pts), 0, abi.encodeCall(pts.transfer, (carol, 20)));
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, carol, 20);
        assertTrue(_submit(forwarder, request));
        assertEq(pts.balanceOf(bob), 30);
        assertEq(pts.balanceOf(carol), 20);

        assertTrue(_relay(bob, address(pts), 0, abi.encodeCall(pts.approve, (address(mall), 7))));
        assertEq(pts.allowance(bob, address(mall)), 7);
        assertEq(pts.allowance(relayer, address(mall)), 0);
        assertEq(pts.allowance(address(forwarder), address(mall)), 0);

        assertTrue(_relay(bob, address(pts), 0, abi.encodeCall(pts.burn, (10))));
        assertEq(pts.balanceOf(bob), 20);
        assertEq(pts.totalSupply(), 40);
        assertEq(pts.balanceOf(relayer), 0);
        assertEq(pts.balanceOf(address(forwarder)), 0);

        // More than the signer holds: refused, though the relayer is the one submitting.
        assertFalse(_relay(bob, address(pts), 0, abi.encodeCall(pts.transfer, (carol, 21))));
        assertEq(pts.balanceOf(bob), 20);
    }

    /// @notice An escrow credit is withdrawn by its owner's signed request, to where the
    ///         owner says; the relayer has no credit of its own to take.
    function test_escrowCreditIsWithdrawnForTheSigner() public {
        BlocklistERC20 token = new BlocklistERC20(true);
        token.mint(publisher, 100);
        vm.startPrank(publisher);
        token.approve(address(market), 100);
        uint256 id = market.publishTask(
            cid, "t", keccak256("spec"), address(token), 100, uint64(block.timestamp + 7 days)
        );
        vm.stopPrank();
        assertTrue(_relay(bob, address(market), 0, abi.encodeCall(market.claimTask, (id))));
        assertTrue(
            _relay(bob, address(market), 0, abi.encodeCall(market.submitWork, (id, keccak256("p"))))
        );
        token.setBlocked(bob, true);
        vm.prank(publisher);
        market.approveWork(id);
        assertEq(market.owed(bob, address(token)), 100);

        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, relayer, address(token))
        );
        vm.prank(relayer);
        market.withdrawTo(address(token), relayer);

        ERC2771Forwarder.ForwardRequestData memory request = _request(
            forwarder,
            bob,
            address(market),
            0,
            abi.encodeCall(market.withdrawTo, (address(token), carol))
        );
        vm.expectEmit(address(market));
        emit Escrow.WithdrawnTo(bob, address(token), carol, 100);
        assertTrue(_submit(forwarder, request));
        assertEq(token.balanceOf(carol), 100);
        assertEq(token.balanceOf(relayer), 0);
        assertEq(market.owed(bob, address(token)), 0);
    }
}
