// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Profiles} from "../src/Profiles.sol";
import {TaskMarket} from "../src/TaskMarket.sol";
import {Escrow} from "../src/utils/Escrow.sol";
import {Managed} from "../src/utils/Managed.sol";
import {BlocklistERC20} from "./mocks/BlocklistERC20.sol";
import {FeeOnTransferERC20} from "./mocks/FeeOnTransferERC20.sol";
import {MockERC20} from "./mocks/MockERC20.sol";
import {RevertingReceiver} from "./mocks/RevertingReceiver.sol";
import {Base} from "./utils/Base.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Vm} from "forge-std/Vm.sol";

/// @notice Unit and fuzz tests of `TaskMarket` (and the `Escrow` it inherits).
contract TaskMarketTest is Base {
    bytes32 internal constant SPEC = keccak256("spec");
    bytes32 internal constant PROOF = keccak256("proof");
    bytes32 internal constant REASON = keccak256("reason");
    bytes32 internal constant DISPUTE = keccak256("dispute");
    string internal constant ETH_TITLE = "Clear the abyss";
    string internal constant PTS_TITLE = "Farm materials";
    address internal constant ETH = address(0);
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    /// @dev A plain registered player who belongs to no community.
    address internal dave;
    MockERC20 internal token;

    function setUp() public override {
        super.setUp();
        dave = _player("dave");
        token = new MockERC20("Mock Token", "MCK");
    }

    // ---------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------

    function _in7() internal view returns (uint64) {
        return uint64(block.timestamp + 7 days);
    }

    function _publishToken(address tok, uint256 reward) internal returns (uint256 id) {
        MockERC20(tok).mint(publisher, reward);
        vm.startPrank(publisher);
        MockERC20(tok).approve(address(market), reward);
        id = market.publishTask(cid, "Token task", SPEC, tok, reward, _in7());
        vm.stopPrank();
    }

    function _claim(uint256 id, address who) internal {
        vm.prank(who);
        market.claimTask(id);
    }

    function _submit(uint256 id, address who) internal {
        vm.prank(who);
        market.submitWork(id, PROOF);
    }

    function _approve(uint256 id) internal {
        vm.prank(publisher);
        market.approveWork(id);
    }

    function _reject(uint256 id) internal {
        vm.prank(publisher);
        market.rejectWork(id, REASON);
    }

    function _dispute(uint256 id, address who) internal {
        vm.prank(who);
        market.openDispute(id, DISPUTE);
    }

    function _claimedEth(uint256 reward) internal returns (uint256 id) {
        id = _publishEth(reward);
        _claim(id, bob);
    }

    function _submittedEth(uint256 reward) internal returns (uint256 id) {
        id = _claimedEth(reward);
        _submit(id, bob);
    }

    function _rejectedEth(uint256 reward) internal returns (uint256 id) {
        id = _submittedEth(reward);
        _reject(id);
    }

    function _disputedEth(uint256 reward) internal returns (uint256 id) {
        id = _rejectedEth(reward);
        _dispute(id, bob);
    }

    function _disputedPoints(uint256 reward) internal returns (uint256 id) {
        id = _publishPoints(reward);
        _claim(id, bob);
        _submit(id, bob);
        _reject(id);
        _dispute(id, bob);
    }

    function _status(uint256 id) internal view returns (TaskMarket.Status) {
        return market.getTask(id).status;
    }

    function _wrongStatus(uint256 id, TaskMarket.Status st) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(TaskMarket.TaskMarketWrongStatus.selector, id, st);
    }

    function _expectPaid(uint256 id, address to, address tok, uint256 amount) internal {
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPaid(id, publisher, to, tok, amount);
    }

    function _pause() internal {
        vm.prank(admin);
        market.pause();
    }

    /// @dev A registered contract account that can reject ETH.
    function _receiverPlayer(string memory name, bool accepting)
        internal
        returns (RevertingReceiver rr)
    {
        rr = new RevertingReceiver(accepting);
        rr.act(address(profiles), abi.encodeCall(Profiles.register, (name, keccak256(bytes(name)))));
    }

    function _act(RevertingReceiver rr, bytes memory data) internal {
        rr.act(address(market), data);
    }

    function _signPermit(
        uint256 key,
        address owner,
        uint256 value,
        uint256 nonce,
        uint256 permitDeadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, address(market), value, nonce, permitDeadline)
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", pts.DOMAIN_SEPARATOR(), structHash));
        (v, r, s) = vm.sign(key, digest);
    }

    function _bytesOfLength(uint256 n) internal pure returns (string memory) {
        bytes memory b = new bytes(n);
        for (uint256 i; i < n; ++i) {
            b[i] = "a";
        }
        return string(b);
    }

    /// @dev Every payout path and every transition on a task in terminal status `st` must
    ///      revert with `WrongStatus(id, st)` and move nothing.
    function _assertSealed(uint256 id, TaskMarket.Status st, address claimer) internal {
        address tok = market.getTask(id).rewardToken;
        uint256 ethBefore = address(market).balance;
        uint256 tokBefore = tok == ETH ? 0 : MockERC20(tok).balanceOf(address(market));
        uint256 escBefore = market.escrowed(tok);
        bytes memory err = _wrongStatus(id, st);
        address someone = claimer == address(0) ? carol : claimer;

        vm.expectRevert(err);
        vm.prank(publisher);
        market.approveWork(id);
        vm.expectRevert(err);
        vm.prank(publisher);
        market.cancelTask(id);
        vm.expectRevert(err);
        vm.prank(someone);
        market.finalizeUnreviewed(id);
        vm.expectRevert(err);
        vm.prank(alice);
        market.resolveDispute(id, 5000);
        vm.expectRevert(err);
        vm.prank(admin);
        market.resolveDispute(id, 10_000);
        vm.expectRevert(err);
        vm.prank(publisher);
        market.rejectWork(id, REASON);
        vm.expectRevert(err);
        vm.prank(someone);
        market.submitWork(id, PROOF);
        vm.expectRevert(err);
        vm.prank(someone);
        market.openDispute(id, DISPUTE);
        vm.expectRevert(err);
        vm.prank(someone);
        market.abandonTask(id);
        vm.expectRevert(err);
        vm.prank(dave);
        market.claimTask(id);
        // Long after every deadline and review period.
        vm.warp(block.timestamp + 400 days);
        vm.expectRevert(err);
        vm.prank(visitor);
        market.expireTask(id);
        vm.expectRevert(err);
        vm.prank(someone);
        market.finalizeUnreviewed(id);

        assertEq(uint8(_status(id)), uint8(st));
        assertEq(address(market).balance, ethBefore);
        if (tok != ETH) assertEq(MockERC20(tok).balanceOf(address(market)), tokBefore);
        assertEq(market.escrowed(tok), escBefore);
    }

    // ---------------------------------------------------------------------------------
    // deployment
    // ---------------------------------------------------------------------------------

    function test_constructor_wiring() public view {
        assertEq(address(market.profiles()), address(profiles));
        assertEq(address(market.communities()), address(communities));
        assertEq(market.reviewPeriod(), REVIEW_PERIOD);
        assertEq(market.MAX_DURATION(), 365 days);
        assertEq(market.BPS(), 10_000);
        assertEq(market.taskCount(), 0);
        assertFalse(market.taskExists(0));
        assertFalse(market.taskExists(1));
    }

    // ---------------------------------------------------------------------------------
    // publishTask
    // ---------------------------------------------------------------------------------

    function test_publishTask_eth_escrowsAndEmits() public {
        uint256 reward = 1 ether;
        uint64 deadline = _in7();
        vm.deal(publisher, reward + 5);

        vm.expectEmit(address(market));
        emit TaskMarket.TaskPublished(1, cid, publisher, ETH_TITLE, SPEC, ETH, reward, deadline);
        vm.prank(publisher);
        uint256 id = market.publishTask{value: reward}(cid, ETH_TITLE, SPEC, ETH, reward, deadline);

        assertEq(id, 1);
        assertEq(publisher.balance, 5);
        assertEq(address(market).balance, reward);
        assertEq(market.escrowed(ETH), reward);
        assertEq(market.totalOwed(ETH), 0);
        assertEq(market.taskCount(), 1);
        assertTrue(market.taskExists(1));
        assertFalse(market.taskExists(2));

        TaskMarket.Task memory t = market.getTask(id);
        assertEq(t.publisher, publisher);
        assertEq(t.deadline, deadline);
        assertEq(uint8(t.status), uint8(TaskMarket.Status.Open));
        assertFalse(t.rejected);
        assertEq(t.claimer, address(0));
        assertEq(t.communityId, cid);
        assertEq(t.rewardToken, ETH);
        assertEq(t.stamp, 0);
        assertEq(t.reward, reward);
        assertEq(t.specHash, SPEC);

        // Ids count up.
        assertEq(_publishEth(2 ether), 2);
        assertEq(market.escrowed(ETH), 3 ether);
        assertEq(address(market).balance, 3 ether);
    }

    function test_publishTask_points_escrowsAndEmits() public {
        uint256 reward = 500;
        uint64 deadline = _in7();
        _award(publisher, reward + 7);
        vm.prank(publisher);
        pts.approve(address(market), reward);

        vm.expectEmit(address(market));
        emit TaskMarket.TaskPublished(
            1, cid, publisher, PTS_TITLE, SPEC, address(pts), reward, deadline
        );
        vm.prank(publisher);
        uint256 id = market.publishTask(cid, PTS_TITLE, SPEC, address(pts), reward, deadline);

        assertEq(id, 1);
        assertEq(pts.balanceOf(publisher), 7);
        assertEq(pts.balanceOf(address(market)), reward);
        assertEq(pts.allowance(publisher, address(market)), 0);
        assertEq(market.escrowed(address(pts)), reward);
        assertEq(market.escrowed(ETH), 0);
        assertEq(market.getTask(id).rewardToken, address(pts));
    }

    function test_publishTask_mockErc20() public {
        uint256 id = _publishToken(address(token), 1e24);
        assertEq(token.balanceOf(address(market)), 1e24);
        assertEq(token.balanceOf(publisher), 0);
        assertEq(market.escrowed(address(token)), 1e24);
        assertEq(market.getTask(id).reward, 1e24);
    }

    function test_publishTask_systemAdminMayPublish() public {
        vm.deal(admin, 1 ether);
        uint64 deadline = _in7();
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPublished(1, cid, admin, ETH_TITLE, SPEC, ETH, 1 ether, deadline);
        vm.prank(admin);
        market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, deadline);
        assertEq(market.getTask(1).publisher, admin);
    }

    function test_publishTask_revertsWithoutPublisherRole() public {
        vm.deal(visitor, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor));
        vm.prank(visitor);
        market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());
        address[3] memory nobodies = [alice, bob, dave];
        for (uint256 i; i < nobodies.length; ++i) {
            vm.deal(nobodies[i], 1 ether);
            vm.expectRevert(
                abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisherRole.selector, nobodies[i])
            );
            vm.prank(nobodies[i]);
            market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());
        }
    }

    function test_publishTask_roleGrantedThenRevoked() public {
        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        vm.prank(admin);
        profiles.grantRole(role, dave);
        vm.deal(dave, 2 ether);
        vm.prank(dave);
        uint256 id = market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());
        assertEq(market.getTask(id).publisher, dave);

        vm.prank(admin);
        profiles.revokeRole(role, dave);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisherRole.selector, dave)
        );
        vm.prank(dave);
        market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());
    }

    function test_publishTask_revertsUnknownCommunity() public {
        vm.deal(publisher, 2 ether);
        uint256[2] memory bad = [uint256(0), cid + 1];
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(TaskMarket.TaskMarketUnknownCommunity.selector, bad[i])
            );
            vm.prank(publisher);
            market.publishTask{value: 1 ether}(bad[i], ETH_TITLE, SPEC, ETH, 1 ether, _in7());
        }
    }

    function test_publishTask_revertsInvalidTitle() public {
        vm.deal(publisher, 3 ether);
        vm.expectRevert(TaskMarket.TaskMarketInvalidTitle.selector);
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(cid, "", SPEC, ETH, 1 ether, _in7());

        string memory tooLong = _bytesOfLength(201);
        vm.expectRevert(TaskMarket.TaskMarketInvalidTitle.selector);
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(cid, tooLong, SPEC, ETH, 1 ether, _in7());

        // The bounds themselves are fine.
        string memory longest = _bytesOfLength(200);
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(cid, longest, SPEC, ETH, 1 ether, _in7());
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(cid, "x", SPEC, ETH, 1 ether, _in7());
        assertEq(market.taskCount(), 2);
    }

    function test_publishTask_revertsZeroReward() public {
        vm.expectRevert(TaskMarket.TaskMarketZeroReward.selector);
        vm.prank(publisher);
        market.publishTask(cid, ETH_TITLE, SPEC, ETH, 0, _in7());

        vm.expectRevert(TaskMarket.TaskMarketZeroReward.selector);
        vm.prank(publisher);
        market.publishTask(cid, PTS_TITLE, SPEC, address(pts), 0, _in7());
    }

    function test_publishTask_revertsInvalidDeadline() public {
        vm.deal(publisher, 10 ether);
        uint64 nowTs = uint64(block.timestamp);
        uint64[4] memory bad = [uint64(0), nowTs - 1, nowTs, nowTs + 365 days + 1];
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(TaskMarket.TaskMarketInvalidDeadline.selector, bad[i])
            );
            vm.prank(publisher);
            market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, bad[i]);
        }
        // Just ahead and exactly a year ahead are fine.
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, nowTs + 1);
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, nowTs + 365 days);
        assertEq(market.taskCount(), 2);
    }

    function test_publishTask_revertsEthValueMismatch() public {
        vm.deal(publisher, 10 ether);
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 1 ether - 1, 1 ether)
        );
        vm.prank(publisher);
        market.publishTask{value: 1 ether - 1}(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());

        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 1 ether + 1, 1 ether)
        );
        vm.prank(publisher);
        market.publishTask{value: 1 ether + 1}(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());

        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 0, 1 ether));
        vm.prank(publisher);
        market.publishTask(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());
    }

    function test_publishTask_revertsEthSentWithErc20Reward() public {
        _award(publisher, 100);
        vm.deal(publisher, 1 ether);
        vm.startPrank(publisher);
        pts.approve(address(market), 100);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 1, 0));
        market.publishTask{value: 1}(cid, PTS_TITLE, SPEC, address(pts), 100, _in7());
        vm.stopPrank();
        assertEq(pts.balanceOf(publisher), 100);
        assertEq(address(market).balance, 0);
    }

    function test_publishTask_revertsNothingReceived() public {
        FeeOnTransferERC20 fot = new FeeOnTransferERC20();
        fot.setFeeBps(10_000); // the token keeps everything
        fot.mint(publisher, 1000);
        vm.startPrank(publisher);
        fot.approve(address(market), 1000);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowNothingReceived.selector, address(fot)));
        market.publishTask(cid, "t", SPEC, address(fot), 1000, _in7());
        vm.stopPrank();
    }

    function test_publishTask_revertsWithoutAllowance() public {
        _award(publisher, 100);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(market), 0, 100
            )
        );
        vm.prank(publisher);
        market.publishTask(cid, PTS_TITLE, SPEC, address(pts), 100, _in7());
    }

    function test_publishTask_feeOnTransfer_escrowsWhatArrived() public {
        FeeOnTransferERC20 fot = new FeeOnTransferERC20();
        uint256 sent = 10_000;
        uint256 received = 9900; // 1% kept by the token
        fot.mint(publisher, sent);
        vm.prank(publisher);
        fot.approve(address(market), sent);

        uint64 deadline = _in7();
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPublished(
            1, cid, publisher, "fee", SPEC, address(fot), received, deadline
        );
        vm.prank(publisher);
        uint256 id = market.publishTask(cid, "fee", SPEC, address(fot), sent, deadline);

        assertEq(market.getTask(id).reward, received);
        assertEq(market.escrowed(address(fot)), received);
        assertEq(fot.balanceOf(address(market)), received);

        _claim(id, bob);
        _submit(id, bob);
        vm.expectEmit(address(market));
        emit TaskMarket.WorkApproved(id, publisher);
        _expectPaid(id, bob, address(fot), received);
        _approve(id);

        // The market sends what it escrowed; the token keeps its fee again on the way out.
        assertEq(fot.balanceOf(bob), fot.afterFee(received));
        assertEq(fot.balanceOf(address(market)), 0);
        assertEq(market.escrowed(address(fot)), 0);
        assertEq(market.totalOwed(address(fot)), 0);
    }

    function test_publishTask_feeOnTransfer_refundPaysEscrow() public {
        FeeOnTransferERC20 fot = new FeeOnTransferERC20();
        fot.mint(publisher, 1000);
        vm.startPrank(publisher);
        fot.approve(address(market), 1000);
        uint256 id = market.publishTask(cid, "fee", SPEC, address(fot), 1000, _in7());
        vm.expectEmit(address(market));
        emit TaskMarket.TaskCancelled(id);
        _expectPaid(id, publisher, address(fot), 990);
        market.cancelTask(id);
        vm.stopPrank();
        assertEq(fot.balanceOf(address(market)), 0);
        assertEq(fot.balanceOf(publisher), fot.afterFee(990));
        assertEq(market.escrowed(address(fot)), 0);
    }

    function test_publishTask_revertsWhenPaused() public {
        _pause();
        vm.deal(publisher, 1 ether);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());
    }

    // ---------------------------------------------------------------------------------
    // publishTaskWithPermit
    // ---------------------------------------------------------------------------------

    function _permitPublisher(uint256 reward) internal returns (address signer, uint256 key) {
        (signer, key) = makeAddrAndKey("permitSigner");
        _register(signer, "permit_signer");
        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        vm.prank(admin);
        profiles.grantRole(role, signer);
        _award(signer, reward);
    }

    function test_publishTaskWithPermit_points() public {
        uint256 reward = 250;
        (address signer, uint256 key) = _permitPublisher(reward);
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, signer, reward, 0, permitDeadline);
        uint64 deadline = _in7();

        vm.expectEmit(address(pts));
        emit IERC20.Approval(signer, address(market), reward);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPublished(
            1, cid, signer, PTS_TITLE, SPEC, address(pts), reward, deadline
        );
        vm.prank(signer);
        uint256 id = market.publishTaskWithPermit(
            cid, PTS_TITLE, SPEC, address(pts), reward, deadline, permitDeadline, v, r, s
        );

        assertEq(id, 1);
        assertEq(pts.nonces(signer), 1);
        assertEq(pts.allowance(signer, address(market)), 0);
        assertEq(pts.balanceOf(signer), 0);
        assertEq(pts.balanceOf(address(market)), reward);
        assertEq(market.escrowed(address(pts)), reward);
        assertEq(market.getTask(id).publisher, signer);
    }

    function test_publishTaskWithPermit_frontRunPermitStillPublishes() public {
        uint256 reward = 300;
        (address signer, uint256 key) = _permitPublisher(reward);
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, signer, reward, 0, permitDeadline);

        // Someone watching the mempool submits the permit first.
        vm.prank(carol);
        pts.permit(signer, address(market), reward, permitDeadline, v, r, s);
        assertEq(pts.allowance(signer, address(market)), reward);

        uint64 deadline = _in7();
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPublished(
            1, cid, signer, PTS_TITLE, SPEC, address(pts), reward, deadline
        );
        vm.prank(signer);
        market.publishTaskWithPermit(
            cid, PTS_TITLE, SPEC, address(pts), reward, deadline, permitDeadline, v, r, s
        );
        assertEq(pts.balanceOf(address(market)), reward);
        assertEq(pts.allowance(signer, address(market)), 0);
        assertEq(market.escrowed(address(pts)), reward);
    }

    function test_publishTaskWithPermit_badPermitWithoutAllowanceReverts() public {
        uint256 reward = 300;
        (address signer, uint256 key) = _permitPublisher(reward);
        uint256 permitDeadline = block.timestamp + 1 hours;
        // Signed for a different amount: the permit fails, and there is no allowance.
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, signer, reward - 1, 0, permitDeadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(market), 0, reward
            )
        );
        vm.prank(signer);
        market.publishTaskWithPermit(
            cid, PTS_TITLE, SPEC, address(pts), reward, _in7(), permitDeadline, v, r, s
        );
    }

    function test_publishTaskWithPermit_checksRoleAndPause() public {
        (address signer, uint256 key) = makeAddrAndKey("noRole");
        _register(signer, "no_role");
        _award(signer, 10);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, signer, 10, 0, block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisherRole.selector, signer)
        );
        vm.prank(signer);
        market.publishTaskWithPermit(
            cid, PTS_TITLE, SPEC, address(pts), 10, _in7(), block.timestamp + 1, v, r, s
        );

        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(signer);
        market.publishTaskWithPermit(
            cid, PTS_TITLE, SPEC, address(pts), 10, _in7(), block.timestamp + 1, v, r, s
        );
    }

    // ---------------------------------------------------------------------------------
    // claimTask and the role rules (seed table 6-1)
    // ---------------------------------------------------------------------------------

    function test_claimTask_memberPlayer() public {
        uint256 id = _publishEth(1 ether);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskClaimed(id, bob, uint64(block.timestamp) + WORK_PERIOD);
        _claim(id, bob);
        TaskMarket.Task memory t = market.getTask(id);
        assertEq(uint8(t.status), uint8(TaskMarket.Status.Claimed));
        assertEq(t.claimer, bob);
        assertEq(t.communityId, cid); // shares a slot with the claimer
        assertEq(market.escrowed(ETH), 1 ether);
    }

    function test_roles_plainPlayerCanClaim() public {
        // dave is registered but a member of nothing.
        assertFalse(communities.isMember(cid, dave));
        uint256 id = _publishPoints(10);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskClaimed(id, dave, uint64(block.timestamp) + WORK_PERIOD);
        _claim(id, dave);
        assertEq(market.getTask(id).claimer, dave);
    }

    function test_roles_adminOfAnotherCommunityCanClaim() public {
        vm.prank(admin);
        profiles.setVerified(dave, true);
        vm.prank(dave);
        uint256 other = communities.createCommunity("Other", "Other game", keccak256("o"));
        assertTrue(communities.isCommunityAdmin(other, dave));
        uint256 id = _publishEth(1 ether);
        _claim(id, dave);
        assertEq(market.getTask(id).claimer, dave);
    }

    function test_roles_visitorCannotClaim() public {
        uint256 id = _publishEth(1 ether);
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor));
        vm.prank(visitor);
        market.claimTask(id);
    }

    function test_roles_publisherCannotClaimOwnTask() public {
        uint256 id = _publishEth(1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketCannotClaim.selector, id, publisher)
        );
        vm.prank(publisher);
        market.claimTask(id);

        // Even after losing the role, a publisher cannot claim its own task.
        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        vm.prank(admin);
        profiles.revokeRole(role, publisher);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketCannotClaim.selector, id, publisher)
        );
        vm.prank(publisher);
        market.claimTask(id);
    }

    function test_roles_otherTaskPublisherCannotClaim() public {
        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        vm.prank(admin);
        profiles.grantRole(role, carol);
        uint256 id = _publishEth(1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketCannotClaim.selector, id, carol)
        );
        vm.prank(carol);
        market.claimTask(id);
    }

    function test_roles_systemAdminCannotClaim() public {
        uint256 id = _publishEth(1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketCannotClaim.selector, id, admin)
        );
        vm.prank(admin);
        market.claimTask(id);
    }

    function test_roles_communityAdminCannotClaim() public {
        _verify(bob);
        uint256 id = _publishEth(1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketCannotClaim.selector, id, alice)
        );
        vm.prank(alice);
        market.claimTask(id);

        // A second admin appointed later is barred too; demoted, it may claim.
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, true);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketCannotClaim.selector, id, bob));
        vm.prank(bob);
        market.claimTask(id);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, false);
        _claim(id, bob);
    }

    function test_claimTask_revertsUnknownTask() public {
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 0));
        vm.prank(bob);
        market.claimTask(0);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 1));
        vm.prank(bob);
        market.claimTask(1);
    }

    function test_claimTask_revertsWrongStatus() public {
        uint256 id = _claimedEth(1 ether);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Claimed));
        vm.prank(carol);
        market.claimTask(id);
        _submit(id, bob);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Submitted));
        vm.prank(carol);
        market.claimTask(id);
    }

    function test_claimTask_deadlineBoundary() public {
        uint256 id = _publishEth(1 ether);
        uint64 deadline = market.getTask(id).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketDeadlinePassed.selector, id, deadline)
        );
        vm.prank(bob);
        market.claimTask(id);
        // At the deadline itself the task can still be claimed.
        vm.warp(deadline);
        _claim(id, bob);
    }

    function test_claimTask_revertsWhenPaused() public {
        uint256 id = _publishEth(1 ether);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        market.claimTask(id);
    }

    // ---------------------------------------------------------------------------------
    // abandonTask
    // ---------------------------------------------------------------------------------

    function test_abandonTask_reopens() public {
        uint256 id = _claimedEth(1 ether);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskAbandoned(id, bob);
        vm.prank(bob);
        market.abandonTask(id);
        TaskMarket.Task memory t = market.getTask(id);
        assertEq(uint8(t.status), uint8(TaskMarket.Status.Open));
        assertEq(t.claimer, address(0));
        assertEq(t.communityId, cid);
        assertEq(market.escrowed(ETH), 1 ether);
        _claim(id, carol);
        assertEq(market.getTask(id).claimer, carol);
    }

    function test_abandonTask_clearsRejection() public {
        uint256 id = _rejectedEth(1 ether);
        assertTrue(market.getTask(id).rejected);
        vm.prank(bob);
        market.abandonTask(id);
        assertFalse(market.getTask(id).rejected);
        _claim(id, carol);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotRejected.selector, id));
        _dispute(id, carol);
    }

    function test_abandonTask_reverts() public {
        uint256 id = _publishEth(1 ether);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Open));
        vm.prank(bob);
        market.abandonTask(id);
        _claim(id, bob);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotClaimer.selector, id, carol));
        vm.prank(carol);
        market.abandonTask(id);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotClaimer.selector, id, publisher)
        );
        vm.prank(publisher);
        market.abandonTask(id);
        _submit(id, bob);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Submitted));
        vm.prank(bob);
        market.abandonTask(id);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 9));
        market.abandonTask(9);
    }

    // ---------------------------------------------------------------------------------
    // submitWork
    // ---------------------------------------------------------------------------------

    function test_submitWork_recordsStamp() public {
        uint256 id = _claimedEth(1 ether);
        vm.warp(block.timestamp + 1 hours);
        vm.expectEmit(address(market));
        emit TaskMarket.WorkSubmitted(id, bob, PROOF);
        _submit(id, bob);
        TaskMarket.Task memory t = market.getTask(id);
        assertEq(uint8(t.status), uint8(TaskMarket.Status.Submitted));
        assertEq(t.stamp, block.timestamp);
        assertFalse(t.rejected);
    }

    function test_submitWork_afterRejectionClearsRejected() public {
        uint256 id = _rejectedEth(1 ether);
        vm.warp(block.timestamp + 1 hours);
        _submit(id, bob);
        TaskMarket.Task memory t = market.getTask(id);
        assertFalse(t.rejected);
        assertEq(t.stamp, block.timestamp);
        assertEq(uint8(t.status), uint8(TaskMarket.Status.Submitted));
    }

    function test_submitWork_reverts() public {
        uint256 id = _publishEth(1 ether);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Open));
        _submit(id, bob);
        _claim(id, bob);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotClaimer.selector, id, carol));
        _submit(id, carol);
        vm.expectRevert(TaskMarket.TaskMarketEmptyHash.selector);
        vm.prank(bob);
        market.submitWork(id, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 5));
        _submit(5, bob);
        _submit(id, bob);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Submitted));
        _submit(id, bob);
    }

    function test_submitWork_deadlineBoundary() public {
        uint256 id = _claimedEth(1 ether);
        uint64 deadline = market.getTask(id).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketDeadlinePassed.selector, id, deadline)
        );
        _submit(id, bob);
        vm.warp(deadline);
        _submit(id, bob);
    }

    /// @notice Attack 5: a pause must not stop the claimer while the publisher's timed
    ///         exits keep running.
    function test_submitWork_worksWhenPaused() public {
        uint256 id = _claimedEth(1 ether);
        _pause();
        _submit(id, bob);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Submitted));
    }

    // ---------------------------------------------------------------------------------
    // approveWork
    // ---------------------------------------------------------------------------------

    function test_approveWork_paysClaimerEth() public {
        uint256 id = _submittedEth(1 ether);
        uint256 before = bob.balance;
        vm.expectEmit(address(market));
        emit TaskMarket.WorkApproved(id, publisher);
        _expectPaid(id, bob, ETH, 1 ether);
        _approve(id);
        assertEq(bob.balance - before, 1 ether);
        assertEq(address(market).balance, 0);
        assertEq(market.escrowed(ETH), 0);
        assertEq(market.totalOwed(ETH), 0);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Completed));
    }

    function test_approveWork_paysClaimerPoints() public {
        uint256 id = _publishPoints(400);
        _claim(id, carol);
        _submit(id, carol);
        vm.expectEmit(address(market));
        emit TaskMarket.WorkApproved(id, publisher);
        _expectPaid(id, carol, address(pts), 400);
        _approve(id);
        assertEq(pts.balanceOf(carol), 400);
        assertEq(pts.balanceOf(address(market)), 0);
        assertEq(market.escrowed(address(pts)), 0);
    }

    function test_approveWork_onlyTheRightTaskMovesMoney() public {
        uint256 a = _submittedEth(1 ether);
        uint256 b = _publishEth(2 ether);
        _approve(a);
        assertEq(address(market).balance, 2 ether);
        assertEq(market.escrowed(ETH), 2 ether);
        assertEq(uint8(_status(b)), uint8(TaskMarket.Status.Open));
    }

    function test_approveWork_reverts() public {
        uint256 id = _claimedEth(1 ether);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Claimed));
        _approve(id);
        _submit(id, bob);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisher.selector, id, bob));
        vm.prank(bob);
        market.approveWork(id);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisher.selector, id, alice)
        );
        vm.prank(alice);
        market.approveWork(id);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisher.selector, id, admin)
        );
        vm.prank(admin);
        market.approveWork(id);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 2));
        _approve(2);
    }

    // ---------------------------------------------------------------------------------
    // rejectWork
    // ---------------------------------------------------------------------------------

    function test_rejectWork_backToClaimed() public {
        uint256 id = _submittedEth(1 ether);
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(address(market));
        emit TaskMarket.WorkRejected(id, publisher, REASON);
        _reject(id);
        TaskMarket.Task memory t = market.getTask(id);
        assertEq(uint8(t.status), uint8(TaskMarket.Status.Claimed));
        assertTrue(t.rejected);
        assertEq(t.stamp, block.timestamp);
        assertEq(t.claimer, bob);
        assertEq(market.escrowed(ETH), 1 ether);
        assertEq(address(market).balance, 1 ether);
    }

    function test_rejectWork_reverts() public {
        uint256 id = _claimedEth(1 ether);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Claimed));
        _reject(id);
        _submit(id, bob);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisher.selector, id, bob));
        vm.prank(bob);
        market.rejectWork(id, REASON);
        vm.expectRevert(TaskMarket.TaskMarketEmptyHash.selector);
        vm.prank(publisher);
        market.rejectWork(id, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 3));
        _reject(3);
    }

    /// @notice Attack 5: the publisher's review is a step of a started task.
    function test_rejectWork_worksWhenPaused() public {
        uint256 id = _submittedEth(1 ether);
        _pause();
        _reject(id);
        assertTrue(market.getTask(id).rejected);
    }

    // ---------------------------------------------------------------------------------
    // openDispute
    // ---------------------------------------------------------------------------------

    function test_openDispute_afterRejection() public {
        uint256 id = _rejectedEth(1 ether);
        vm.expectEmit(address(market));
        emit TaskMarket.DisputeOpened(id, bob, DISPUTE, uint64(block.timestamp) + DISPUTE_PERIOD);
        _dispute(id, bob);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Disputed));
        assertEq(market.escrowed(ETH), 1 ether);
    }

    function test_openDispute_afterDeadlineAndReviewPeriod() public {
        // No time limit on the claimer as long as nobody expired the task.
        uint256 id = _rejectedEth(1 ether);
        vm.warp(block.timestamp + 30 days);
        _dispute(id, bob);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Disputed));
    }

    function test_openDispute_reverts() public {
        uint256 id = _claimedEth(1 ether);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotRejected.selector, id));
        _dispute(id, bob);
        _submit(id, bob);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Submitted));
        _dispute(id, bob);
        _reject(id);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotClaimer.selector, id, carol));
        _dispute(id, carol);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotClaimer.selector, id, publisher)
        );
        _dispute(id, publisher);
        vm.expectRevert(TaskMarket.TaskMarketEmptyHash.selector);
        vm.prank(bob);
        market.openDispute(id, bytes32(0));
        _dispute(id, bob);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Disputed));
        _dispute(id, bob);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 4));
        _dispute(4, bob);
    }

    /// @notice Attack 5: a pause in the dispute window must not cost the claimer its
    ///         dispute (and let `expireTask` refund the publisher).
    function test_openDispute_worksWhenPaused() public {
        uint256 id = _rejectedEth(1 ether);
        _pause();
        _dispute(id, bob);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Disputed));
    }

    // ---------------------------------------------------------------------------------
    // resolveDispute
    // ---------------------------------------------------------------------------------

    function test_resolveDispute_communityAdminSplitsEth() public {
        uint256 id = _disputedEth(1 ether);
        uint256 bobBefore = bob.balance;
        uint256 pubBefore = publisher.balance;
        vm.expectEmit(address(market));
        emit TaskMarket.DisputeResolved(id, alice, 3000, 0.3 ether, 0.7 ether);
        _expectPaid(id, bob, ETH, 0.3 ether);
        _expectPaid(id, publisher, ETH, 0.7 ether);
        vm.prank(alice);
        market.resolveDispute(id, 3000);
        assertEq(bob.balance - bobBefore, 0.3 ether);
        assertEq(publisher.balance - pubBefore, 0.7 ether);
        assertEq(address(market).balance, 0);
        assertEq(market.escrowed(ETH), 0);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Completed));
    }

    function test_resolveDispute_systemAdminSplitsPoints() public {
        uint256 id = _disputedPoints(1001);
        // 1001 * 5000 / 10000 = 500 (rounded down); the publisher gets the odd point.
        vm.expectEmit(address(market));
        emit TaskMarket.DisputeResolved(id, admin, 5000, 500, 501);
        _expectPaid(id, bob, address(pts), 500);
        _expectPaid(id, publisher, address(pts), 501);
        vm.prank(admin);
        market.resolveDispute(id, 5000);
        assertEq(pts.balanceOf(bob), 500);
        assertEq(pts.balanceOf(publisher), 501);
        assertEq(pts.balanceOf(address(market)), 0);
        assertEq(market.escrowed(address(pts)), 0);
    }

    function test_resolveDispute_allToOneSide() public {
        uint256 a = _disputedEth(1 ether);
        uint256 pubBefore = publisher.balance;
        vm.recordLogs();
        vm.expectEmit(address(market));
        emit TaskMarket.DisputeResolved(a, alice, 0, 0, 1 ether);
        _expectPaid(a, publisher, ETH, 1 ether);
        vm.prank(alice);
        market.resolveDispute(a, 0);
        assertEq(publisher.balance - pubBefore, 1 ether);
        // No zero-amount TaskPaid for the claimer.
        assertEq(_countTaskPaid(), 1);

        uint256 b = _disputedEth(2 ether);
        uint256 bobBefore = bob.balance;
        vm.recordLogs();
        vm.expectEmit(address(market));
        emit TaskMarket.DisputeResolved(b, alice, 10_000, 2 ether, 0);
        _expectPaid(b, bob, ETH, 2 ether);
        vm.prank(alice);
        market.resolveDispute(b, 10_000);
        assertEq(bob.balance - bobBefore, 2 ether);
        assertEq(_countTaskPaid(), 1);
        assertEq(market.escrowed(ETH), 0);
    }

    function _countTaskPaid() internal returns (uint256 n) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (
                logs[i].emitter == address(market)
                    && logs[i].topics[0] == TaskMarket.TaskPaid.selector
            ) {
                ++n;
            }
        }
    }

    function test_resolveDispute_revertsInvalidShare() public {
        uint256 id = _disputedEth(1 ether);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketInvalidShare.selector, 10_001));
        vm.prank(alice);
        market.resolveDispute(id, 10_001);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketInvalidShare.selector, type(uint16).max)
        );
        vm.prank(alice);
        market.resolveDispute(id, type(uint16).max);
    }

    function test_resolveDispute_revertsNotArbiter() public {
        uint256 id = _disputedEth(1 ether);
        // The parties.
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotArbiter.selector, id, bob));
        vm.prank(bob);
        market.resolveDispute(id, 10_000);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotArbiter.selector, id, publisher)
        );
        vm.prank(publisher);
        market.resolveDispute(id, 0);
        // A member who is not an admin; a visitor.
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotArbiter.selector, id, carol));
        vm.prank(carol);
        market.resolveDispute(id, 5000);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotArbiter.selector, id, visitor)
        );
        vm.prank(visitor);
        market.resolveDispute(id, 5000);
        // An admin of another community.
        vm.prank(admin);
        profiles.setVerified(dave, true);
        vm.prank(dave);
        uint256 other = communities.createCommunity("Other", "Other game", keccak256("o"));
        assertTrue(communities.isCommunityAdmin(other, dave));
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotArbiter.selector, id, dave));
        vm.prank(dave);
        market.resolveDispute(id, 5000);
    }

    function test_resolveDispute_communityAdminWhoIsPartyCannotArbitrate() public {
        _verify(bob);
        // The claimer is made a community admin after claiming.
        uint256 id = _disputedEth(1 ether);
        vm.prank(alice);
        communities.setCommunityAdmin(cid, bob, true);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotArbiter.selector, id, bob));
        vm.prank(bob);
        market.resolveDispute(id, 10_000);

        // A community admin cannot publish into its community at all (attack 2).
        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        vm.prank(admin);
        profiles.grantRole(role, alice);
        vm.deal(alice, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                TaskMarket.TaskMarketPublisherIsCommunityAdmin.selector, cid, alice
            )
        );
        vm.prank(alice);
        market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());
    }

    function test_resolveDispute_revertsWrongStatus() public {
        uint256 id = _rejectedEth(1 ether);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Claimed));
        vm.prank(alice);
        market.resolveDispute(id, 5000);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 7));
        vm.prank(alice);
        market.resolveDispute(7, 5000);
    }

    // ---------------------------------------------------------------------------------
    // cancelTask
    // ---------------------------------------------------------------------------------

    function test_cancelTask_refundsEth() public {
        uint256 id = _publishEth(1 ether);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskCancelled(id);
        _expectPaid(id, publisher, ETH, 1 ether);
        vm.prank(publisher);
        market.cancelTask(id);
        assertEq(publisher.balance, 1 ether);
        assertEq(address(market).balance, 0);
        assertEq(market.escrowed(ETH), 0);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Cancelled));
    }

    function test_cancelTask_refundsPoints() public {
        uint256 id = _publishPoints(90);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskCancelled(id);
        _expectPaid(id, publisher, address(pts), 90);
        vm.prank(publisher);
        market.cancelTask(id);
        assertEq(pts.balanceOf(publisher), 90);
        assertEq(market.escrowed(address(pts)), 0);
    }

    function test_cancelTask_afterAbandon() public {
        uint256 id = _claimedEth(1 ether);
        vm.prank(bob);
        market.abandonTask(id);
        vm.prank(publisher);
        market.cancelTask(id);
        assertEq(publisher.balance, 1 ether);
    }

    function test_cancelTask_reverts() public {
        uint256 id = _publishEth(1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisher.selector, id, admin)
        );
        vm.prank(admin);
        market.cancelTask(id);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotPublisher.selector, id, alice)
        );
        vm.prank(alice);
        market.cancelTask(id);
        _claim(id, bob);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Claimed));
        vm.prank(publisher);
        market.cancelTask(id);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 2));
        vm.prank(publisher);
        market.cancelTask(2);
    }

    // ---------------------------------------------------------------------------------
    // expireTask
    // ---------------------------------------------------------------------------------

    function test_expireTask_openByAnyone() public {
        uint256 id = _publishEth(1 ether);
        vm.warp(market.getTask(id).deadline + 1);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskExpired(id, visitor);
        _expectPaid(id, publisher, ETH, 1 ether);
        vm.prank(visitor);
        market.expireTask(id);
        assertEq(publisher.balance, 1 ether);
        assertEq(market.escrowed(ETH), 0);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Expired));
    }

    function test_expireTask_claimedPoints() public {
        uint256 id = _publishPoints(77);
        _claim(id, bob);
        vm.warp(market.getTask(id).deadline + 1);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskExpired(id, bob);
        _expectPaid(id, publisher, address(pts), 77);
        vm.prank(bob);
        market.expireTask(id);
        assertEq(pts.balanceOf(publisher), 77);
        assertEq(pts.balanceOf(bob), 0);
        assertEq(market.escrowed(address(pts)), 0);
    }

    function test_expireTask_revertsBeforeDeadline() public {
        uint256 id = _publishEth(1 ether);
        uint64 deadline = market.getTask(id).deadline;
        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketDeadlineNotReached.selector, id, deadline)
        );
        market.expireTask(id);
    }

    function test_expireTask_revertsWrongStatus() public {
        uint256 id = _submittedEth(1 ether);
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Submitted));
        market.expireTask(id);

        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 99));
        market.expireTask(99);
    }

    function test_expireTask_rejectedWaitsForDisputeWindow() public {
        uint256 id = _submittedEth(1 ether);
        uint64 deadline = market.getTask(id).deadline;
        // Rejected one hour before the deadline.
        vm.warp(deadline - 1 hours);
        _reject(id);
        uint64 until = uint64(block.timestamp) + REVIEW_PERIOD;

        vm.warp(deadline + 1); // past the deadline but inside the dispute window
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketReviewPending.selector, id, until)
        );
        market.expireTask(id);
        vm.warp(until); // exactly at the end: still pending
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketReviewPending.selector, id, until)
        );
        market.expireTask(id);

        vm.warp(uint256(until) + 1);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskExpired(id, carol);
        _expectPaid(id, publisher, ETH, 1 ether);
        vm.prank(carol);
        market.expireTask(id);
        assertEq(publisher.balance, 1 ether);
    }

    function test_expireTask_rejectedLongBeforeDeadline() public {
        // A rejection long before the deadline: the deadline is the binding limit.
        uint256 id = _rejectedEth(1 ether);
        uint64 deadline = market.getTask(id).deadline;
        vm.warp(deadline + 1);
        market.expireTask(id);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Expired));
    }

    // ---------------------------------------------------------------------------------
    // finalizeUnreviewed
    // ---------------------------------------------------------------------------------

    function test_finalizeUnreviewed_paysClaimer() public {
        uint256 id = _submittedEth(1 ether);
        uint64 stamp = market.getTask(id).stamp;
        vm.warp(uint256(stamp) + REVIEW_PERIOD + 1);
        uint256 before = bob.balance;
        vm.expectEmit(address(market));
        emit TaskMarket.TaskFinalized(id, bob);
        _expectPaid(id, bob, ETH, 1 ether);
        vm.prank(bob);
        market.finalizeUnreviewed(id);
        assertEq(bob.balance - before, 1 ether);
        assertEq(market.escrowed(ETH), 0);
        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Completed));
    }

    function test_finalizeUnreviewed_points() public {
        uint256 id = _publishPoints(33);
        _claim(id, bob);
        _submit(id, bob);
        vm.warp(block.timestamp + REVIEW_PERIOD + 1);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskFinalized(id, bob);
        _expectPaid(id, bob, address(pts), 33);
        vm.prank(bob);
        market.finalizeUnreviewed(id);
        assertEq(pts.balanceOf(bob), 33);
        assertEq(market.escrowed(address(pts)), 0);
    }

    function test_finalizeUnreviewed_reverts() public {
        uint256 id = _claimedEth(1 ether);
        vm.expectRevert(_wrongStatus(id, TaskMarket.Status.Claimed));
        vm.prank(bob);
        market.finalizeUnreviewed(id);
        _submit(id, bob);
        uint64 until = market.getTask(id).stamp + REVIEW_PERIOD;
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketReviewPending.selector, id, until)
        );
        vm.prank(bob);
        market.finalizeUnreviewed(id);
        vm.warp(until);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketReviewPending.selector, id, until)
        );
        vm.prank(bob);
        market.finalizeUnreviewed(id);
        vm.warp(uint256(until) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketNotClaimer.selector, id, publisher)
        );
        vm.prank(publisher);
        market.finalizeUnreviewed(id);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketUnknownTask.selector, 8));
        vm.prank(bob);
        market.finalizeUnreviewed(8);
    }

    function test_finalizeUnreviewed_resubmissionRestartsClock() public {
        uint256 id = _submittedEth(1 ether);
        vm.warp(block.timestamp + 1 days);
        _reject(id);
        vm.warp(block.timestamp + 1 days);
        _submit(id, bob);
        uint64 stamp = uint64(block.timestamp);
        vm.warp(uint256(stamp) + REVIEW_PERIOD);
        vm.expectRevert(
            abi.encodeWithSelector(
                TaskMarket.TaskMarketReviewPending.selector, id, stamp + REVIEW_PERIOD
            )
        );
        vm.prank(bob);
        market.finalizeUnreviewed(id);
        vm.warp(uint256(stamp) + REVIEW_PERIOD + 1);
        vm.prank(bob);
        market.finalizeUnreviewed(id);
    }

    // ---------------------------------------------------------------------------------
    // Escrow: deferred payouts and withdraw
    // ---------------------------------------------------------------------------------

    function test_withdraw_revertsNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, bob, ETH));
        vm.prank(bob);
        market.withdraw(ETH);
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, bob, address(pts))
        );
        vm.prank(bob);
        market.withdraw(address(pts));
    }

    function test_rejectingClaimer_approveDefersThenWithdraws() public {
        RevertingReceiver rr = _receiverPlayer("receiver", false);
        uint256 id = _publishEth(1 ether);
        _act(rr, abi.encodeCall(TaskMarket.claimTask, (id)));
        _act(rr, abi.encodeCall(TaskMarket.submitWork, (id, PROOF)));

        vm.expectEmit(address(market));
        emit TaskMarket.WorkApproved(id, publisher);
        _expectPaid(id, address(rr), ETH, 1 ether);
        vm.expectEmit(address(market));
        emit Escrow.PayoutDeferred(address(rr), ETH, 1 ether);
        _approve(id);

        assertEq(uint8(_status(id)), uint8(TaskMarket.Status.Completed));
        assertEq(market.owed(address(rr), ETH), 1 ether);
        assertEq(market.totalOwed(ETH), 1 ether);
        assertEq(market.escrowed(ETH), 0);
        assertEq(address(market).balance, 1 ether);
        assertEq(address(rr).balance, 0);

        // Still rejecting: the withdrawal fails and the credit stays.
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowWithdrawFailed.selector, address(rr), ETH, 1 ether)
        );
        _act(rr, abi.encodeCall(Escrow.withdraw, (ETH)));
        assertEq(market.owed(address(rr), ETH), 1 ether);
        assertEq(market.totalOwed(ETH), 1 ether);

        // Accepting now, and withdraw works even while paused.
        rr.setAccepting(true);
        _pause();
        vm.expectEmit(address(market));
        emit Escrow.Withdrawn(address(rr), ETH, 1 ether);
        _act(rr, abi.encodeCall(Escrow.withdraw, (ETH)));
        assertEq(address(rr).balance, 1 ether);
        assertEq(market.owed(address(rr), ETH), 0);
        assertEq(market.totalOwed(ETH), 0);
        assertEq(address(market).balance, 0);

        // Paid once: nothing more to withdraw, no payout path left.
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, address(rr), ETH));
        _act(rr, abi.encodeCall(Escrow.withdraw, (ETH)));
        vm.prank(admin);
        market.unpause();
        _assertSealed(id, TaskMarket.Status.Completed, address(rr));
    }

    function test_rejectingClaimer_finalizeDefers() public {
        RevertingReceiver rr = _receiverPlayer("receiver", false);
        uint256 id = _publishEth(1 ether);
        _act(rr, abi.encodeCall(TaskMarket.claimTask, (id)));
        _act(rr, abi.encodeCall(TaskMarket.submitWork, (id, PROOF)));
        vm.warp(block.timestamp + REVIEW_PERIOD + 1);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskFinalized(id, address(rr));
        _expectPaid(id, address(rr), ETH, 1 ether);
        vm.expectEmit(address(market));
        emit Escrow.PayoutDeferred(address(rr), ETH, 1 ether);
        _act(rr, abi.encodeCall(TaskMarket.finalizeUnreviewed, (id)));
        assertEq(market.owed(address(rr), ETH), 1 ether);
        assertEq(address(market).balance, market.escrowed(ETH) + market.totalOwed(ETH));
    }

    function test_rejectingClaimer_resolveDisputeDefersOnlyItsShare() public {
        RevertingReceiver rr = _receiverPlayer("receiver", false);
        uint256 id = _publishEth(1 ether);
        _act(rr, abi.encodeCall(TaskMarket.claimTask, (id)));
        _act(rr, abi.encodeCall(TaskMarket.submitWork, (id, PROOF)));
        _reject(id);
        _act(rr, abi.encodeCall(TaskMarket.openDispute, (id, DISPUTE)));

        vm.expectEmit(address(market));
        emit TaskMarket.DisputeResolved(id, alice, 4000, 0.4 ether, 0.6 ether);
        // Both shares leave the books (two TaskPaid) before either is sent.
        _expectPaid(id, address(rr), ETH, 0.4 ether);
        _expectPaid(id, publisher, ETH, 0.6 ether);
        vm.expectEmit(address(market));
        emit Escrow.PayoutDeferred(address(rr), ETH, 0.4 ether);
        vm.prank(alice);
        market.resolveDispute(id, 4000);

        assertEq(publisher.balance, 0.6 ether);
        assertEq(market.owed(address(rr), ETH), 0.4 ether);
        assertEq(market.totalOwed(ETH), 0.4 ether);
        assertEq(address(market).balance, 0.4 ether);
        assertEq(market.escrowed(ETH), 0);
    }

    function test_rejectingPublisher_refundDeferred() public {
        RevertingReceiver pub = _receiverPlayer("contract_pub", false);
        bytes32 role = profiles.TASK_PUBLISHER_ROLE();
        vm.prank(admin);
        profiles.grantRole(role, address(pub));
        vm.deal(address(this), 1 ether);
        uint64 deadline = _in7();
        pub.act{value: 1 ether}(
            address(market),
            abi.encodeCall(TaskMarket.publishTask, (cid, ETH_TITLE, SPEC, ETH, 1 ether, deadline))
        );
        uint256 id = market.taskCount();

        vm.expectEmit(address(market));
        emit TaskMarket.TaskCancelled(id);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPaid(id, address(pub), address(pub), ETH, 1 ether);
        vm.expectEmit(address(market));
        emit Escrow.PayoutDeferred(address(pub), ETH, 1 ether);
        _act(pub, abi.encodeCall(TaskMarket.cancelTask, (id)));
        assertEq(market.owed(address(pub), ETH), 1 ether);
        assertEq(market.escrowed(ETH), 0);

        pub.setAccepting(true);
        _act(pub, abi.encodeCall(Escrow.withdraw, (ETH)));
        assertEq(address(pub).balance, 1 ether);
        assertEq(address(market).balance, 0);
    }

    function _blocklistFlow(bool revertOnBlocked) internal {
        BlocklistERC20 blk = new BlocklistERC20(revertOnBlocked);
        uint256 id = _publishToken(address(blk), 1000);
        _claim(id, bob);
        _submit(id, bob);
        blk.setBlocked(bob, true);

        vm.expectEmit(address(market));
        emit TaskMarket.WorkApproved(id, publisher);
        _expectPaid(id, bob, address(blk), 1000);
        vm.expectEmit(address(market));
        emit Escrow.PayoutDeferred(bob, address(blk), 1000);
        _approve(id);
        assertEq(market.owed(bob, address(blk)), 1000);
        assertEq(market.totalOwed(address(blk)), 1000);
        assertEq(market.escrowed(address(blk)), 0);
        assertEq(blk.balanceOf(address(market)), 1000);

        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowWithdrawFailed.selector, bob, address(blk), 1000)
        );
        vm.prank(bob);
        market.withdraw(address(blk));
        assertEq(market.owed(bob, address(blk)), 1000);

        blk.setBlocked(bob, false);
        vm.expectEmit(address(market));
        emit Escrow.Withdrawn(bob, address(blk), 1000);
        vm.prank(bob);
        market.withdraw(address(blk));
        assertEq(blk.balanceOf(bob), 1000);
        assertEq(blk.balanceOf(address(market)), 0);
        assertEq(market.owed(bob, address(blk)), 0);
        assertEq(market.totalOwed(address(blk)), 0);
    }

    function test_blocklistToken_returnsFalse_defersAndWithdraws() public {
        _blocklistFlow(false);
    }

    function test_blocklistToken_reverts_defersAndWithdraws() public {
        _blocklistFlow(true);
    }

    function test_reentrantClaimer_cannotBePaidTwice() public {
        RevertingReceiver rr = _receiverPlayer("reentrant", true);
        uint256 id = _publishEth(1 ether);
        _act(rr, abi.encodeCall(TaskMarket.claimTask, (id)));
        _act(rr, abi.encodeCall(TaskMarket.submitWork, (id, PROOF)));
        vm.warp(block.timestamp + REVIEW_PERIOD + 1);
        // While being paid by approveWork, it tries to finalize the same task.
        rr.setReenter(address(market), abi.encodeCall(TaskMarket.finalizeUnreviewed, (id)));
        _approve(id);
        assertTrue(rr.reentered());
        assertFalse(rr.reenterOk());
        assertEq(
            bytes4(rr.reenterResult()),
            ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector
        );
        assertEq(address(rr).balance, 1 ether);
        assertEq(address(market).balance, 0);
        assertEq(market.totalOwed(ETH), 0);
    }

    // ---------------------------------------------------------------------------------
    // every wrong-state transition
    // ---------------------------------------------------------------------------------

    uint8 internal constant FN_CLAIM = 0;
    uint8 internal constant FN_ABANDON = 1;
    uint8 internal constant FN_SUBMIT = 2;
    uint8 internal constant FN_APPROVE = 3;
    uint8 internal constant FN_REJECT = 4;
    uint8 internal constant FN_DISPUTE = 5;
    uint8 internal constant FN_RESOLVE = 6;
    uint8 internal constant FN_CANCEL = 7;
    uint8 internal constant FN_EXPIRE = 8;
    uint8 internal constant FN_FINALIZE = 9;
    uint8 internal constant FN_RELEASE = 10;
    uint8 internal constant FN_COUNT = 11;

    /// @dev Calls function `fn` on task `id` as the account that would be allowed to;
    ///      with `expected` set, expects exactly that revert.
    function _callAs(uint8 fn, uint256 id, bytes memory expected) internal {
        address claimer = market.getTask(id).claimer;
        if (claimer == address(0)) claimer = carol;
        if (expected.length != 0) vm.expectRevert(expected);
        if (fn == FN_CLAIM) {
            vm.prank(dave);
            market.claimTask(id);
        } else if (fn == FN_ABANDON) {
            vm.prank(claimer);
            market.abandonTask(id);
        } else if (fn == FN_SUBMIT) {
            vm.prank(claimer);
            market.submitWork(id, PROOF);
        } else if (fn == FN_APPROVE) {
            vm.prank(publisher);
            market.approveWork(id);
        } else if (fn == FN_REJECT) {
            vm.prank(publisher);
            market.rejectWork(id, REASON);
        } else if (fn == FN_DISPUTE) {
            vm.prank(claimer);
            market.openDispute(id, DISPUTE);
        } else if (fn == FN_RESOLVE) {
            vm.prank(alice);
            market.resolveDispute(id, 5000);
        } else if (fn == FN_CANCEL) {
            vm.prank(publisher);
            market.cancelTask(id);
        } else if (fn == FN_EXPIRE) {
            vm.prank(visitor);
            market.expireTask(id);
        } else if (fn == FN_RELEASE) {
            vm.prank(publisher);
            market.releaseClaim(id);
        } else {
            vm.prank(claimer);
            market.finalizeUnreviewed(id);
        }
    }

    function _allowed(uint8 fn, TaskMarket.Status st) internal pure returns (bool) {
        if (fn == FN_CLAIM || fn == FN_CANCEL) return st == TaskMarket.Status.Open;
        if (fn == FN_ABANDON || fn == FN_SUBMIT || fn == FN_DISPUTE || fn == FN_RELEASE) {
            return st == TaskMarket.Status.Claimed;
        }
        if (fn == FN_APPROVE || fn == FN_REJECT || fn == FN_FINALIZE) {
            return st == TaskMarket.Status.Submitted;
        }
        if (fn == FN_RESOLVE) return st == TaskMarket.Status.Disputed;
        // expire: a dispute expires too, after `disputePeriod()`
        return st != TaskMarket.Status.Submitted;
    }

    /// @dev Every function in every live status it does not accept reverts with
    ///      `WrongStatus(id, status)` (terminal statuses: see the no-double-pay tests).
    function test_wrongStatus_everyLiveStatusEveryFunction() public {
        uint256[4] memory ids;
        ids[0] = _publishEth(1 ether); // Open
        ids[1] = _rejectedEth(1 ether); // Claimed (and rejected, so disputable)
        ids[2] = _submittedEth(1 ether); // Submitted
        ids[3] = _disputedEth(1 ether); // Disputed
        uint256 checked;
        for (uint256 i; i < ids.length; ++i) {
            TaskMarket.Status st = _status(ids[i]);
            for (uint8 fn; fn < FN_COUNT; ++fn) {
                if (_allowed(fn, st)) continue;
                _callAs(fn, ids[i], _wrongStatus(ids[i], st));
                ++checked;
            }
            assertEq(uint8(_status(ids[i])), uint8(st));
        }
        assertEq(checked, 4 * 11 - 3 - 5 - 3 - 2);
        assertEq(market.escrowed(ETH), 4 ether);
        assertEq(address(market).balance, 4 ether);
    }

    /// @dev The allowed (status, function) pairs do go through for the right caller.
    function test_wrongStatus_allowedPairsSucceed() public {
        for (uint8 fn; fn < FN_COUNT; ++fn) {
            uint256 id;
            if (fn == FN_CLAIM || fn == FN_CANCEL) {
                id = _publishEth(1 ether);
            } else if (fn == FN_ABANDON || fn == FN_SUBMIT || fn == FN_RELEASE) {
                id = _claimedEth(1 ether);
            } else if (fn == FN_DISPUTE) {
                id = _rejectedEth(1 ether);
            } else if (fn == FN_APPROVE || fn == FN_REJECT || fn == FN_FINALIZE) {
                id = _submittedEth(1 ether);
            } else if (fn == FN_RESOLVE) {
                id = _disputedEth(1 ether);
            } else {
                id = _claimedEth(1 ether);
            }
            uint256 snap = vm.snapshotState();
            if (fn == FN_EXPIRE) vm.warp(block.timestamp + 8 days);
            if (fn == FN_FINALIZE) vm.warp(block.timestamp + REVIEW_PERIOD + 1);
            if (fn == FN_RELEASE) vm.warp(block.timestamp + WORK_PERIOD + 1);
            _callAs(fn, id, "");
            vm.revertToState(snap);
        }
    }

    function test_publishTaskWithPermit_ethIsNotAPermitToken() public {
        vm.deal(publisher, 1 ether);
        // Not payable, and address(0) has no permit: no way to escrow ETH through it.
        vm.expectRevert();
        vm.prank(publisher);
        market.publishTaskWithPermit(
            cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7(), block.timestamp, 0, 0, 0
        );
        assertEq(market.taskCount(), 0);
    }

    // ---------------------------------------------------------------------------------
    // no task is paid twice
    // ---------------------------------------------------------------------------------

    function test_noDoublePay_afterApprove() public {
        uint256 id = _submittedEth(1 ether);
        _publishEth(5 ether); // other escrow present in the contract
        _approve(id);
        _assertSealed(id, TaskMarket.Status.Completed, bob);
    }

    function test_noDoublePay_afterFinalize() public {
        uint256 id = _publishPoints(10);
        _publishPoints(20);
        _claim(id, bob);
        _submit(id, bob);
        vm.warp(block.timestamp + REVIEW_PERIOD + 1);
        vm.prank(bob);
        market.finalizeUnreviewed(id);
        _assertSealed(id, TaskMarket.Status.Completed, bob);
    }

    function test_noDoublePay_afterResolve() public {
        uint256 id = _disputedEth(1 ether);
        _publishEth(5 ether);
        vm.prank(alice);
        market.resolveDispute(id, 5000);
        _assertSealed(id, TaskMarket.Status.Completed, bob);
    }

    function test_noDoublePay_afterCancel() public {
        uint256 id = _publishEth(1 ether);
        _publishEth(5 ether);
        vm.prank(publisher);
        market.cancelTask(id);
        _assertSealed(id, TaskMarket.Status.Cancelled, address(0));
    }

    function test_noDoublePay_afterExpireOpen() public {
        uint256 id = _publishPoints(10);
        _publishPoints(20);
        vm.warp(block.timestamp + 8 days);
        market.expireTask(id);
        _assertSealed(id, TaskMarket.Status.Expired, address(0));
    }

    function test_noDoublePay_afterExpireClaimed() public {
        uint256 id = _claimedEth(1 ether);
        _publishEth(5 ether);
        vm.warp(block.timestamp + 8 days);
        market.expireTask(id);
        _assertSealed(id, TaskMarket.Status.Expired, bob);
    }

    // ---------------------------------------------------------------------------------
    // pause
    // ---------------------------------------------------------------------------------

    function test_pause_requiresPauserRole() public {
        bytes32 role = profiles.PAUSER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, bob, role));
        vm.prank(bob);
        market.pause();
        vm.expectRevert(
            abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, publisher, role)
        );
        vm.prank(publisher);
        market.pause();

        vm.expectEmit(address(market));
        emit Pausable.Paused(admin);
        vm.prank(admin);
        market.pause();
        assertTrue(market.paused());

        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, alice, role));
        vm.prank(alice);
        market.unpause();

        // A dedicated pauser may lift it.
        vm.prank(admin);
        profiles.grantRole(role, carol);
        vm.expectEmit(address(market));
        emit Pausable.Unpaused(carol);
        vm.prank(carol);
        market.unpause();
        assertFalse(market.paused());
        _publishEth(1 ether); // works again
    }

    function test_pause_blocksNewWork() public {
        uint256 open = _publishEth(1 ether);
        uint256 claimed = _claimedEth(1 ether);
        uint256 submitted = _submittedEth(1 ether);
        uint256 rejected = _rejectedEth(1 ether);
        _pause();

        vm.deal(publisher, 1 ether);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(publisher);
        market.publishTask{value: 1 ether}(cid, ETH_TITLE, SPEC, ETH, 1 ether, _in7());
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _claim(open, carol);
        // Steps of started tasks go on (attack 5).
        _submit(claimed, bob);
        _reject(submitted);
        _dispute(rejected, bob);
        assertEq(uint8(_status(claimed)), uint8(TaskMarket.Status.Submitted));
        assertEq(uint8(_status(rejected)), uint8(TaskMarket.Status.Disputed));
    }

    function test_pause_exitsStillWork() public {
        uint256 toCancel = _publishEth(1 ether);
        uint256 toExpire = _publishPoints(50);
        uint256 toApprove = _submittedEth(2 ether);
        uint256 toFinalize = _submittedEth(3 ether);
        uint256 toResolve = _disputedEth(4 ether);
        uint256 toAbandon = _claimedEth(5 ether);
        RevertingReceiver rr = _receiverPlayer("receiver", false);
        uint256 toWithdraw = _publishEth(6 ether);
        _act(rr, abi.encodeCall(TaskMarket.claimTask, (toWithdraw)));
        _act(rr, abi.encodeCall(TaskMarket.submitWork, (toWithdraw, PROOF)));
        _approve(toWithdraw);
        rr.setAccepting(true);

        _pause();
        assertTrue(market.paused());

        vm.prank(publisher);
        market.cancelTask(toCancel);
        vm.prank(bob);
        market.abandonTask(toAbandon);
        _approve(toApprove);
        vm.prank(alice);
        market.resolveDispute(toResolve, 5000);
        vm.warp(block.timestamp + 8 days);
        market.expireTask(toExpire);
        vm.prank(bob);
        market.finalizeUnreviewed(toFinalize);
        _act(rr, abi.encodeCall(Escrow.withdraw, (ETH)));

        assertEq(uint8(_status(toCancel)), uint8(TaskMarket.Status.Cancelled));
        assertEq(uint8(_status(toExpire)), uint8(TaskMarket.Status.Expired));
        assertEq(uint8(_status(toApprove)), uint8(TaskMarket.Status.Completed));
        assertEq(uint8(_status(toFinalize)), uint8(TaskMarket.Status.Completed));
        assertEq(uint8(_status(toResolve)), uint8(TaskMarket.Status.Completed));
        assertEq(uint8(_status(toAbandon)), uint8(TaskMarket.Status.Open));
        assertEq(address(rr).balance, 6 ether);
        // Only the abandoned task's escrow is left.
        assertEq(market.escrowed(ETH), 5 ether);
        assertEq(address(market).balance, 5 ether);
        assertEq(market.escrowed(address(pts)), 0);
        // ... and it can expire while paused too.
        market.expireTask(toAbandon);
        assertEq(market.escrowed(ETH), 0);
        assertEq(address(market).balance, 0);
    }

    // ---------------------------------------------------------------------------------
    // fuzz
    // ---------------------------------------------------------------------------------

    function testFuzz_publishEth_rewardPaidExactly(uint256 reward, uint256 duration) public {
        reward = bound(reward, 1, 1e24);
        duration = bound(duration, 1, 365 days);
        // forge-lint: disable-next-line(unsafe-typecast)
        uint64 deadline = uint64(block.timestamp + duration);
        vm.deal(publisher, reward);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPublished(1, cid, publisher, ETH_TITLE, SPEC, ETH, reward, deadline);
        vm.prank(publisher);
        uint256 id = market.publishTask{value: reward}(cid, ETH_TITLE, SPEC, ETH, reward, deadline);
        assertEq(address(market).balance, reward);
        assertEq(market.escrowed(ETH), reward);
        _claim(id, bob);
        _submit(id, bob);
        uint256 before = bob.balance;
        _expectPaid(id, bob, ETH, reward);
        _approve(id);
        assertEq(bob.balance - before, reward);
        assertEq(address(market).balance, 0);
        assertEq(market.escrowed(ETH), 0);
    }

    function testFuzz_publishErc20_rewardPaidExactly(uint256 reward, bool usePoints) public {
        reward = bound(reward, 1, 1e30);
        address tok = usePoints ? address(pts) : address(token);
        uint256 id;
        if (usePoints) {
            id = _publishPoints(reward);
        } else {
            id = _publishToken(address(token), reward);
        }
        assertEq(MockERC20(tok).balanceOf(address(market)), reward);
        assertEq(market.escrowed(tok), reward);
        assertEq(market.getTask(id).reward, reward);
        _claim(id, carol);
        _submit(id, carol);
        _expectPaid(id, carol, tok, reward);
        _approve(id);
        assertEq(MockERC20(tok).balanceOf(carol), reward);
        assertEq(MockERC20(tok).balanceOf(address(market)), 0);
        assertEq(market.escrowed(tok), 0);
    }

    function testFuzz_feeOnTransfer_escrowsReceived(uint256 reward) public {
        reward = bound(reward, 1, 1e30);
        FeeOnTransferERC20 fot = new FeeOnTransferERC20();
        uint256 received = fot.afterFee(reward);
        uint256 id = _publishTokenExpectReward(address(fot), reward, received);
        assertEq(market.escrowed(address(fot)), received);
        assertEq(fot.balanceOf(address(market)), received);
        _expectPaid(id, publisher, address(fot), received);
        vm.prank(publisher);
        market.cancelTask(id);
        assertEq(fot.balanceOf(address(market)), 0);
        assertEq(market.escrowed(address(fot)), 0);
    }

    function _publishTokenExpectReward(address tok, uint256 reward, uint256 received)
        internal
        returns (uint256 id)
    {
        MockERC20(tok).mint(publisher, reward);
        uint64 deadline = _in7();
        uint256 next = market.taskCount() + 1;
        vm.startPrank(publisher);
        MockERC20(tok).approve(address(market), reward);
        vm.expectEmit(address(market));
        emit TaskMarket.TaskPublished(
            next, cid, publisher, "Token task", SPEC, tok, received, deadline
        );
        id = market.publishTask(cid, "Token task", SPEC, tok, reward, deadline);
        vm.stopPrank();
    }

    function testFuzz_publish_deadlineWindow(uint256 raw) public {
        uint256 nowTs = block.timestamp;
        uint64 deadline = uint64(bound(raw, nowTs - 30 days, nowTs + 400 days));
        vm.deal(publisher, 1);
        bool valid = deadline > nowTs && deadline <= nowTs + 365 days;
        if (!valid) {
            vm.expectRevert(
                abi.encodeWithSelector(TaskMarket.TaskMarketInvalidDeadline.selector, deadline)
            );
        }
        vm.prank(publisher);
        market.publishTask{value: 1}(cid, ETH_TITLE, SPEC, ETH, 1, deadline);
        assertEq(market.taskCount(), valid ? 1 : 0);
    }

    function testFuzz_claimAndSubmit_deadline(uint256 claimAt, uint256 submitAt) public {
        uint256 id = _publishEth(1 ether);
        uint64 deadline = market.getTask(id).deadline;
        claimAt = bound(claimAt, block.timestamp, uint256(deadline) + 2 days);
        vm.warp(claimAt);
        if (claimAt > deadline) {
            vm.expectRevert(
                abi.encodeWithSelector(TaskMarket.TaskMarketDeadlinePassed.selector, id, deadline)
            );
            _claim(id, bob);
            return;
        }
        _claim(id, bob);
        submitAt = bound(submitAt, claimAt, uint256(deadline) + 2 days);
        vm.warp(submitAt);
        if (submitAt > deadline) {
            vm.expectRevert(
                abi.encodeWithSelector(TaskMarket.TaskMarketDeadlinePassed.selector, id, deadline)
            );
        }
        _submit(id, bob);
    }

    function testFuzz_resolveDispute_splitSumsToReward(uint256 reward, uint256 bps, bool eth)
        public
    {
        bps = bound(bps, 0, 10_000);
        // forge-lint: disable-next-line(unsafe-typecast)
        uint16 share = uint16(bps);
        uint256 id;
        address tok;
        if (eth) {
            reward = bound(reward, 1, 1e24);
            id = _disputedEth(reward);
            tok = ETH;
        } else {
            reward = bound(reward, 1, 1e30);
            id = _disputedPoints(reward);
            tok = address(pts);
        }
        uint256 toClaimer = reward * bps / 10_000;
        uint256 toPublisher = reward - toClaimer;
        uint256 bobBefore = eth ? bob.balance : pts.balanceOf(bob);
        uint256 pubBefore = eth ? publisher.balance : pts.balanceOf(publisher);

        vm.expectEmit(address(market));
        emit TaskMarket.DisputeResolved(id, alice, share, toClaimer, toPublisher);
        vm.prank(alice);
        market.resolveDispute(id, share);

        uint256 bobGot = (eth ? bob.balance : pts.balanceOf(bob)) - bobBefore;
        uint256 pubGot = (eth ? publisher.balance : pts.balanceOf(publisher)) - pubBefore;
        assertEq(bobGot + pubGot, reward, "split sums to the reward");
        assertEq(bobGot, toClaimer);
        // Rounding goes to the publisher: the claimer never gets more than its exact share.
        assertLe(bobGot * 10_000, reward * bps);
        assertLt(reward * bps - bobGot * 10_000, 10_000);
        assertEq(market.escrowed(tok), 0);
        assertEq(eth ? address(market).balance : pts.balanceOf(address(market)), 0);
    }

    function testFuzz_resolveDispute_invalidShare(uint256 bps) public {
        // forge-lint: disable-next-line(unsafe-typecast)
        uint16 share = uint16(bound(bps, 10_001, type(uint16).max));
        uint256 id = _disputedEth(1 ether);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketInvalidShare.selector, share));
        vm.prank(alice);
        market.resolveDispute(id, share);
    }

    function testFuzz_finalize_reviewPeriodBoundary(uint256 dt) public {
        dt = bound(dt, 0, 2 * uint256(REVIEW_PERIOD));
        uint256 id = _submittedEth(1 ether);
        uint64 stamp = market.getTask(id).stamp;
        vm.warp(uint256(stamp) + dt);
        if (dt <= REVIEW_PERIOD) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    TaskMarket.TaskMarketReviewPending.selector, id, stamp + REVIEW_PERIOD
                )
            );
        }
        vm.prank(bob);
        market.finalizeUnreviewed(id);
        assertEq(
            uint8(_status(id)),
            uint8(dt <= REVIEW_PERIOD ? TaskMarket.Status.Submitted : TaskMarket.Status.Completed)
        );
    }

    function testFuzz_expire_afterRejectionTiming(uint256 rejectAfter, uint256 expireAfter) public {
        uint256 id = _submittedEth(1 ether);
        uint64 deadline = market.getTask(id).deadline;
        // Rejected anywhere from now to after the deadline.
        rejectAfter = bound(rejectAfter, 0, 10 days);
        vm.warp(block.timestamp + rejectAfter);
        _reject(id);
        uint64 stamp = uint64(block.timestamp);
        uint64 until = stamp + REVIEW_PERIOD;
        uint256 horizon = (until > deadline ? until : deadline) + 2 days;
        uint256 t = bound(expireAfter, block.timestamp, horizon);
        vm.warp(t);
        if (t <= deadline) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    TaskMarket.TaskMarketDeadlineNotReached.selector, id, deadline
                )
            );
        } else if (t <= until) {
            vm.expectRevert(
                abi.encodeWithSelector(TaskMarket.TaskMarketReviewPending.selector, id, until)
            );
        }
        market.expireTask(id);
        bool expired = t > deadline && t > until;
        assertEq(
            uint8(_status(id)),
            uint8(expired ? TaskMarket.Status.Expired : TaskMarket.Status.Claimed)
        );
        assertEq(publisher.balance, expired ? 1 ether : 0);
    }

    // ------------------------------------------------------------ arbiters and settings

    /// @notice Nobody arbitrates their own task, the system admin included.
    function test_resolveDispute_systemAdminWhoIsPublisherCannotArbitrate() public {
        vm.deal(admin, 1 ether);
        vm.prank(admin);
        uint256 id = market.publishTask{value: 1 ether}(
            cid, "Admin task", SPEC, address(0), 1 ether, _in7()
        );
        _claim(id, bob);
        _submit(id, bob);
        vm.prank(admin);
        market.rejectWork(id, REASON);
        _dispute(id, bob);

        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketNotArbiter.selector, id, admin));
        vm.prank(admin);
        market.resolveDispute(id, 0);

        // The community's admin, no party to it, can.
        vm.prank(alice);
        market.resolveDispute(id, 5000);
        assertEq(bob.balance, 0.5 ether);
        assertEq(admin.balance, 0.5 ether);
    }

    function test_constructor_rejectsAReviewPeriodBeyondAYear() public {
        uint64 tooLong = market.MAX_DURATION() + 1;
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketInvalidPeriod.selector, tooLong)
        );
        new TaskMarket(profiles, communities, tooLong, WORK_PERIOD, DISPUTE_PERIOD);
    }

    /// @notice Attack 10: a zero period would hand one side an instant exit.
    function test_constructor_rejectsZeroPeriods() public {
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketInvalidPeriod.selector, 0));
        new TaskMarket(profiles, communities, 0, WORK_PERIOD, DISPUTE_PERIOD);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketInvalidPeriod.selector, 0));
        new TaskMarket(profiles, communities, REVIEW_PERIOD, 0, DISPUTE_PERIOD);
        vm.expectRevert(abi.encodeWithSelector(TaskMarket.TaskMarketInvalidPeriod.selector, 0));
        new TaskMarket(profiles, communities, REVIEW_PERIOD, WORK_PERIOD, 0);
        uint64 tooLong = market.MAX_WORK_PERIOD() + 1;
        vm.expectRevert(
            abi.encodeWithSelector(TaskMarket.TaskMarketInvalidPeriod.selector, tooLong)
        );
        new TaskMarket(profiles, communities, REVIEW_PERIOD, tooLong, DISPUTE_PERIOD);
    }
}
