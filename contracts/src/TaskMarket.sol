// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommunities} from "./interfaces/ICommunities.sol";
import {IProfiles} from "./interfaces/IProfiles.sol";
import {ITaskMarket} from "./interfaces/ITaskMarket.sol";
import {Escrow} from "./utils/Escrow.sol";
import {Managed} from "./utils/Managed.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title TaskMarket
/// @notice Paid tasks whose rewards sit in escrow from publication to payout or refund.
/// @dev Every escrow has an exit that needs no one's goodwill: an open task can be
///      cancelled by its publisher and expired by anyone after its deadline; a claimed
///      one expires too; a submission nobody reviews is finalized by the claimer after
///      `reviewPeriod()`; a rejection can be disputed and the community's admins or the
///      system admin split the escrow. Exits work while the contract is paused.
contract TaskMarket is ITaskMarket, Managed, Escrow {
    /// @notice Only task publishers and the system admin publish tasks.
    error TaskMarketNotPublisherRole(address account);
    /// @notice There is no task with this id.
    error TaskMarketUnknownTask(uint256 id);
    /// @notice The task is not in the status this action needs.
    error TaskMarketWrongStatus(uint256 id, Status status);
    /// @notice Titles are 1–200 bytes.
    error TaskMarketInvalidTitle();
    /// @notice A reward must be more than zero.
    error TaskMarketZeroReward();
    /// @notice The deadline must lie in the future (and within a year).
    error TaskMarketInvalidDeadline(uint64 deadline);
    /// @notice The task's deadline has passed: it can no longer be claimed or worked on.
    error TaskMarketDeadlinePassed(uint256 id, uint64 deadline);
    /// @notice The task's deadline has not passed yet.
    error TaskMarketDeadlineNotReached(uint256 id, uint64 deadline);
    /// @notice The caller may not claim tasks: publishers, the system admin, the task's
    ///         publisher and its community's admins cannot.
    error TaskMarketCannotClaim(uint256 id, address account);
    /// @notice Only the task's publisher may do this.
    error TaskMarketNotPublisher(uint256 id, address account);
    /// @notice Only the task's claimer may do this.
    error TaskMarketNotClaimer(uint256 id, address account);
    /// @notice Only an admin of the task's community or the system admin resolves
    ///         disputes, and never a party to the task.
    error TaskMarketNotArbiter(uint256 id, address account);
    /// @notice A dispute follows a rejection.
    error TaskMarketNotRejected(uint256 id);
    /// @notice The review period has not passed since the submission.
    error TaskMarketReviewPending(uint256 id, uint64 reviewableUntil);
    /// @notice Shares are in basis points, at most 10 000.
    error TaskMarketInvalidShare(uint16 claimerShareBps);
    /// @notice The community does not exist.
    error TaskMarketUnknownCommunity(uint256 communityId);
    /// @notice A proof or reason hash must not be zero.
    error TaskMarketEmptyHash();
    /// @notice The review period is at most `MAX_DURATION`.
    error TaskMarketInvalidReviewPeriod(uint64 reviewPeriod);

    /// @notice A task was published and its reward escrowed.
    /// @param id The task's id.
    /// @param communityId The community it belongs to.
    /// @param publisher Who published it.
    /// @param title Its title.
    /// @param specHash keccak256 of the task's specification document.
    /// @param rewardToken `address(0)` for ETH, else the ERC-20.
    /// @param reward The escrowed reward (what actually arrived).
    /// @param deadline Unix time after which it can no longer be claimed or worked on.
    event TaskPublished(
        uint256 indexed id,
        uint256 indexed communityId,
        address indexed publisher,
        string title,
        bytes32 specHash,
        address rewardToken,
        uint256 reward,
        uint64 deadline
    );
    /// @notice A player claimed the task (`Claimed`).
    /// @param id The task.
    /// @param claimer The player.
    event TaskClaimed(uint256 indexed id, address indexed claimer);
    /// @notice The claimer gave the task up (`Open` again).
    /// @param id The task.
    /// @param claimer The former claimer.
    event TaskAbandoned(uint256 indexed id, address indexed claimer);
    /// @notice The claimer submitted work (`Submitted`).
    /// @param id The task.
    /// @param claimer The claimer.
    /// @param proofHash keccak256 of the proof document.
    event WorkSubmitted(uint256 indexed id, address indexed claimer, bytes32 proofHash);
    /// @notice The publisher approved the work (`Completed`); a `TaskPaid` follows.
    /// @param id The task.
    /// @param publisher The publisher.
    event WorkApproved(uint256 indexed id, address indexed publisher);
    /// @notice The publisher rejected the work (`Claimed` again, disputable).
    /// @param id The task.
    /// @param publisher The publisher.
    /// @param reasonHash keccak256 of the reason document.
    event WorkRejected(uint256 indexed id, address indexed publisher, bytes32 reasonHash);
    /// @notice The claimer disputed a rejection (`Disputed`).
    /// @param id The task.
    /// @param claimer The claimer.
    /// @param reasonHash keccak256 of the reason document.
    event DisputeOpened(uint256 indexed id, address indexed claimer, bytes32 reasonHash);
    /// @notice An arbiter split the escrow (`Completed`); `TaskPaid` events follow.
    /// @param id The task.
    /// @param arbiter Who resolved it.
    /// @param claimerShareBps The claimer's share in basis points.
    /// @param claimerAmount Paid to the claimer.
    /// @param publisherAmount Returned to the publisher.
    event DisputeResolved(
        uint256 indexed id,
        address indexed arbiter,
        uint16 claimerShareBps,
        uint256 claimerAmount,
        uint256 publisherAmount
    );
    /// @notice The publisher cancelled an open task (`Cancelled`); the refund's
    ///         `TaskPaid` follows.
    /// @param id The task.
    event TaskCancelled(uint256 indexed id);
    /// @notice The deadline passed and the task expired (`Expired`); the refund's
    ///         `TaskPaid` follows.
    /// @param id The task.
    /// @param by Who called `expireTask`.
    event TaskExpired(uint256 indexed id, address indexed by);
    /// @notice A submission waited out the review period and was paid (`Completed`).
    /// @param id The task.
    /// @param claimer The claimer.
    event TaskFinalized(uint256 indexed id, address indexed claimer);
    /// @notice Value left the escrow of a task: a reward, a share or a refund.
    /// @param taskId The task.
    /// @param from The task's publisher (who funded the escrow).
    /// @param to The recipient.
    /// @param token `address(0)` for ETH, else the ERC-20.
    /// @param amount The amount.
    event TaskPaid(
        uint256 indexed taskId,
        address indexed from,
        address indexed to,
        address token,
        uint256 amount
    );

    /// @notice A task's status.
    enum Status {
        None,
        Open,
        Claimed,
        Submitted,
        Completed,
        Expired,
        Cancelled,
        Disputed
    }

    /// @notice A task as stored. Four slots; `claimer` shares its slot with
    ///         `communityId`, so claiming rewrites a slot that is already non-zero.
    struct Task {
        address publisher;
        uint64 deadline;
        Status status;
        bool rejected;
        address claimer;
        uint64 communityId;
        address rewardToken;
        uint64 stamp; // time of the last submission or rejection
        uint256 reward;
        bytes32 specHash;
    }

    /// @notice The longest a deadline may lie ahead.
    uint64 public constant MAX_DURATION = 365 days;
    /// @notice Basis points in a whole.
    uint16 public constant BPS = 10_000;

    /// @notice The `Communities` contract.
    ICommunities public immutable communities;
    /// @notice How long a publisher has to review a submission (and a claimer to
    ///         dispute a rejection) before the other side may act alone.
    uint64 public immutable reviewPeriod;

    mapping(uint256 id => Task) private _tasks;
    mapping(address token => uint256) private _escrowed;
    uint256 private _nextId = 1;

    /// @param profiles_ The `Profiles` contract.
    /// @param communities_ The `Communities` contract.
    /// @param reviewPeriod_ Seconds a publisher has to review a submission.
    constructor(IProfiles profiles_, ICommunities communities_, uint64 reviewPeriod_)
        Managed(profiles_)
    {
        if (address(communities_) == address(0)) revert ManagedZeroAddress();
        if (reviewPeriod_ > MAX_DURATION) revert TaskMarketInvalidReviewPeriod(reviewPeriod_);
        communities = communities_;
        reviewPeriod = reviewPeriod_;
    }

    /// @notice Publishes a task in `communityId` and escrows its reward in the same call
    ///         (ETH as `msg.value`, or an ERC-20 pulled with a prior approval).
    /// @param communityId The community the task belongs to.
    /// @param title 1–200 bytes.
    /// @param specHash keccak256 of the task's specification document.
    /// @param rewardToken `address(0)` for ETH, else an ERC-20.
    /// @param reward The reward, in the token's smallest unit.
    /// @param deadline Unix time, in the future and at most a year ahead.
    /// @return id The new task's id.
    function publishTask(
        uint256 communityId,
        string calldata title,
        bytes32 specHash,
        address rewardToken,
        uint256 reward,
        uint64 deadline
    ) external payable whenNotPaused nonReentrant returns (uint256 id) {
        return _publish(communityId, title, specHash, rewardToken, reward, deadline);
    }

    /// @notice `publishTask` with an ERC-2612 permit for the reward, in one transaction.
    ///         A permit that fails (say, front-run) is ignored if the allowance suffices.
    /// @param communityId The community the task belongs to.
    /// @param title 1–200 bytes.
    /// @param specHash keccak256 of the task's specification document.
    /// @param rewardToken An ERC-20 with permit.
    /// @param reward The reward.
    /// @param deadline The task's deadline.
    /// @param permitDeadline The permit's deadline.
    /// @param v Permit signature.
    /// @param r Permit signature.
    /// @param s Permit signature.
    /// @return id The new task's id.
    function publishTaskWithPermit(
        uint256 communityId,
        string calldata title,
        bytes32 specHash,
        address rewardToken,
        uint256 reward,
        uint64 deadline,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused nonReentrant returns (uint256 id) {
        try IERC20Permit(rewardToken)
            .permit(msg.sender, address(this), reward, permitDeadline, v, r, s) {}
            catch {}
        return _publish(communityId, title, specHash, rewardToken, reward, deadline);
    }

    /// @notice Claims an open task before its deadline. Registered players only; not its
    ///         publisher, not a task publisher or the system admin, not an admin of its
    ///         community (seed table 6-1).
    /// @param id The task.
    function claimTask(uint256 id) external whenNotPaused {
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Open);
        if (block.timestamp > task.deadline) revert TaskMarketDeadlinePassed(id, task.deadline);
        (bool registered, bool privileged) = profiles.standing(msg.sender);
        if (!registered) revert ManagedNotRegistered(msg.sender);
        if (
            privileged || msg.sender == task.publisher
                || communities.isCommunityAdmin(task.communityId, msg.sender)
        ) revert TaskMarketCannotClaim(id, msg.sender);
        task.status = Status.Claimed;
        task.claimer = msg.sender;
        emit TaskClaimed(id, msg.sender);
    }

    /// @notice The claimer gives the task up; it is `Open` again. Works while paused.
    /// @param id The task.
    function abandonTask(uint256 id) external {
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Claimed);
        if (msg.sender != task.claimer) revert TaskMarketNotClaimer(id, msg.sender);
        task.status = Status.Open;
        task.claimer = address(0);
        task.rejected = false;
        emit TaskAbandoned(id, msg.sender);
    }

    /// @notice The claimer submits work before the deadline.
    /// @param id The task.
    /// @param proofHash keccak256 of the proof document.
    function submitWork(uint256 id, bytes32 proofHash) external whenNotPaused {
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Claimed);
        if (msg.sender != task.claimer) revert TaskMarketNotClaimer(id, msg.sender);
        if (block.timestamp > task.deadline) revert TaskMarketDeadlinePassed(id, task.deadline);
        if (proofHash == bytes32(0)) revert TaskMarketEmptyHash();
        task.status = Status.Submitted;
        task.rejected = false;
        // forge-lint: disable-next-line(unsafe-typecast)
        task.stamp = uint64(block.timestamp);
        emit WorkSubmitted(id, msg.sender, proofHash);
    }

    /// @notice The publisher approves the work and the claimer is paid (`Completed`).
    /// @param id The task.
    function approveWork(uint256 id) external nonReentrant {
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Submitted);
        if (msg.sender != task.publisher) revert TaskMarketNotPublisher(id, msg.sender);
        task.status = Status.Completed;
        emit WorkApproved(id, msg.sender);
        _release(id, task, task.claimer, task.reward);
    }

    /// @notice The publisher rejects the work; the task is `Claimed` again and the
    ///         claimer may resubmit before the deadline or open a dispute.
    /// @param id The task.
    /// @param reasonHash keccak256 of the reason document.
    function rejectWork(uint256 id, bytes32 reasonHash) external whenNotPaused {
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Submitted);
        if (msg.sender != task.publisher) revert TaskMarketNotPublisher(id, msg.sender);
        if (reasonHash == bytes32(0)) revert TaskMarketEmptyHash();
        task.status = Status.Claimed;
        task.rejected = true;
        // forge-lint: disable-next-line(unsafe-typecast)
        task.stamp = uint64(block.timestamp);
        emit WorkRejected(id, msg.sender, reasonHash);
    }

    /// @notice The claimer disputes a rejection (`Disputed`).
    /// @param id The task.
    /// @param reasonHash keccak256 of the reason document.
    function openDispute(uint256 id, bytes32 reasonHash) external whenNotPaused {
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Claimed);
        if (msg.sender != task.claimer) revert TaskMarketNotClaimer(id, msg.sender);
        if (!task.rejected) revert TaskMarketNotRejected(id);
        if (reasonHash == bytes32(0)) revert TaskMarketEmptyHash();
        task.status = Status.Disputed;
        emit DisputeOpened(id, msg.sender, reasonHash);
    }

    /// @notice Splits a disputed escrow: `claimerShareBps` to the claimer, the rest back
    ///         to the publisher (`Completed`). An admin of the task's community or the
    ///         system admin, never a party to the task (a system admin who is one grants
    ///         the role to another account). Works while paused.
    /// @param id The task.
    /// @param claimerShareBps The claimer's share, 0–10 000 basis points.
    // slither-disable-next-line reentrancy-eth -- task state and escrow books are final before any call; the only later write is a failed payout's credit, and every path that writes credits is nonReentrant
    function resolveDispute(uint256 id, uint16 claimerShareBps) external nonReentrant {
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Disputed);
        if (claimerShareBps > BPS) revert TaskMarketInvalidShare(claimerShareBps);
        bool party = msg.sender == task.publisher || msg.sender == task.claimer;
        if (party) revert TaskMarketNotArbiter(id, msg.sender);
        if (
            !_isSystemAdmin(msg.sender)
                && !communities.isCommunityAdmin(task.communityId, msg.sender)
        ) {
            revert TaskMarketNotArbiter(id, msg.sender);
        }
        task.status = Status.Completed;
        uint256 toClaimer = task.reward * claimerShareBps / BPS;
        uint256 toPublisher = task.reward - toClaimer;
        emit DisputeResolved(id, msg.sender, claimerShareBps, toClaimer, toPublisher);
        // Both shares leave the escrow's books before either is sent.
        address token = task.rewardToken;
        _escrowed[token] -= task.reward;
        if (toClaimer != 0) emit TaskPaid(id, task.publisher, task.claimer, token, toClaimer);
        if (toPublisher != 0) {
            emit TaskPaid(id, task.publisher, task.publisher, token, toPublisher);
        }
        _payOut(token, task.claimer, toClaimer);
        _payOut(token, task.publisher, toPublisher);
    }

    /// @notice The publisher cancels an open task and is refunded. Works while paused.
    /// @param id The task.
    function cancelTask(uint256 id) external nonReentrant {
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Open);
        if (msg.sender != task.publisher) revert TaskMarketNotPublisher(id, msg.sender);
        task.status = Status.Cancelled;
        emit TaskCancelled(id);
        _release(id, task, task.publisher, task.reward);
    }

    /// @notice Anyone, after the deadline, expires an `Open` or `Claimed` task and the
    ///         publisher is refunded. After a rejection the claimer keeps `reviewPeriod()`
    ///         to dispute, even past the deadline. Works while paused.
    /// @param id The task.
    function expireTask(uint256 id) external nonReentrant {
        Task storage task = _task(id);
        if (task.status != Status.Open && task.status != Status.Claimed) {
            revert TaskMarketWrongStatus(id, task.status);
        }
        if (block.timestamp <= task.deadline) {
            revert TaskMarketDeadlineNotReached(id, task.deadline);
        }
        if (task.rejected && block.timestamp <= uint256(task.stamp) + reviewPeriod) {
            revert TaskMarketReviewPending(id, task.stamp + reviewPeriod);
        }
        task.status = Status.Expired;
        emit TaskExpired(id, msg.sender);
        _release(id, task, task.publisher, task.reward);
    }

    /// @notice The claimer collects the reward of a submission the publisher has not
    ///         reviewed within `reviewPeriod()` (`Completed`). Works while paused.
    /// @param id The task.
    function finalizeUnreviewed(uint256 id) external nonReentrant {
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Submitted);
        if (msg.sender != task.claimer) revert TaskMarketNotClaimer(id, msg.sender);
        uint64 until = task.stamp + reviewPeriod;
        if (block.timestamp <= until) revert TaskMarketReviewPending(id, until);
        task.status = Status.Completed;
        emit TaskFinalized(id, msg.sender);
        _release(id, task, task.claimer, task.reward);
    }

    /// @inheritdoc ITaskMarket
    function taskExists(uint256 id) external view returns (bool) {
        return _tasks[id].status != Status.None;
    }

    /// @notice A task as stored.
    function getTask(uint256 id) external view returns (Task memory) {
        return _tasks[id];
    }

    /// @notice Tasks published so far (ids are 1..count).
    function taskCount() external view returns (uint256) {
        return _nextId - 1;
    }

    /// @notice The reward escrow of unfinished tasks in `token`.
    function escrowed(address token) external view returns (uint256) {
        return _escrowed[token];
    }

    function _publish(
        uint256 communityId,
        string calldata title,
        bytes32 specHash,
        address rewardToken,
        uint256 reward,
        uint64 deadline
    ) private returns (uint256 id) {
        if (!profiles.isPrivileged(msg.sender)) {
            revert TaskMarketNotPublisherRole(msg.sender);
        }
        if (!communities.exists(communityId)) revert TaskMarketUnknownCommunity(communityId);
        uint256 titleLength = bytes(title).length;
        if (titleLength == 0 || titleLength > 200) revert TaskMarketInvalidTitle();
        if (reward == 0) revert TaskMarketZeroReward();
        if (deadline <= block.timestamp || deadline > block.timestamp + MAX_DURATION) {
            revert TaskMarketInvalidDeadline(deadline);
        }
        uint256 received = _pullIn(rewardToken, msg.sender, reward);
        id = _nextId++;
        _tasks[id] = Task({
            publisher: msg.sender,
            deadline: deadline,
            status: Status.Open,
            rejected: false,
            claimer: address(0),
            // The community exists, so its id was assigned one by one and fits 64 bits.
            // forge-lint: disable-next-line(unsafe-typecast)
            communityId: uint64(communityId),
            rewardToken: rewardToken,
            stamp: 0,
            reward: received,
            specHash: specHash
        });
        _escrowed[rewardToken] += received;
        emit TaskPublished(
            id, communityId, msg.sender, title, specHash, rewardToken, received, deadline
        );
    }

    /// @dev Moves `amount` of the task's escrow to `to`. Status is already final.
    function _release(uint256 id, Task storage task, address to, uint256 amount) private {
        if (amount == 0) return;
        address token = task.rewardToken;
        _escrowed[token] -= amount;
        emit TaskPaid(id, task.publisher, to, token, amount);
        _payOut(token, to, amount);
    }

    function _task(uint256 id) private view returns (Task storage task) {
        task = _tasks[id];
        if (task.status == Status.None) revert TaskMarketUnknownTask(id);
    }

    function _requireStatus(uint256 id, Task storage task, Status wanted) private view {
        if (task.status != wanted) revert TaskMarketWrongStatus(id, task.status);
    }
}
