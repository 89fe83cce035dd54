// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommunities} from "./interfaces/ICommunities.sol";
import {IProfiles} from "./interfaces/IProfiles.sol";
import {ITaskMarket} from "./interfaces/ITaskMarket.sol";
import {Escrow} from "./utils/Escrow.sol";
import {Managed} from "./utils/Managed.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title TaskMarket
/// @notice Paid tasks whose rewards sit in escrow from publication to payout or refund.
/// @dev Every escrow has an exit that needs no one's goodwill: an open task can be
///      cancelled by its publisher and expired by anyone after its deadline; a claimed
///      one expires too, and a claim with no submission for `workPeriod()` can be
///      released by the publisher; a submission nobody reviews is finalized by the
///      claimer after `reviewPeriod()`; a rejection can be disputed, and a dispute is
///      split by an arbiter (an admin of the community since before the claim, or the
///      system admin) or, after `disputePeriod()`, 50/50 by anyone. A pause stops only
///      what is new (publishing, claiming); every step of a started task keeps working.
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
    /// @notice The review and dispute periods are 1 s to `MAX_DURATION`; the work period
    ///         1 s to `MAX_WORK_PERIOD`.
    error TaskMarketInvalidPeriod(uint64 period);
    /// @notice A publisher cannot publish into a community it administers (it could
    ///         appoint the arbiter of its own disputes).
    error TaskMarketPublisherIsCommunityAdmin(uint256 communityId, address account);
    /// @notice The account is banned from the task's community.
    error TaskMarketBanned(uint256 id, address account);
    /// @notice The publisher released this account's claim on this task: it may not
    ///         claim the task again.
    error TaskMarketClaimReleased(uint256 id, address account);
    /// @notice The claim is younger than `workPeriod()` (or a rejection's dispute window
    ///         is still open): the claimer still has time.
    error TaskMarketWorkPending(uint256 id, uint64 until);
    /// @notice The dispute period has not passed since the dispute opened.
    error TaskMarketDisputePending(uint256 id, uint64 until);

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
    /// @param workDeadline After this time, with no submission, the publisher may release
    ///        the claim (`releaseClaim`).
    event TaskClaimed(uint256 indexed id, address indexed claimer, uint64 workDeadline);
    /// @notice The publisher took back a claim that had no submission for `workPeriod()`
    ///         (`Open` again); the claimer may never claim this task again.
    /// @param taskId The task.
    /// @param claimer The former claimer.
    event TaskClaimReleased(uint256 indexed taskId, address indexed claimer);
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
    /// @param disputeDeadline After this time, anyone may `expireTask` the dispute and the
    ///        escrow splits 50/50.
    event DisputeOpened(
        uint256 indexed id, address indexed claimer, bytes32 reasonHash, uint64 disputeDeadline
    );
    /// @notice Nobody resolved the dispute within `disputePeriod()`; the escrow split 50/50
    ///         (an odd unit to the claimer) and the task is `Expired`. `TaskPaid` follows.
    /// @param id The task.
    /// @param by Who called `expireTask`.
    /// @param claimerAmount Paid to the claimer.
    /// @param publisherAmount Returned to the publisher.
    event DisputeExpired(
        uint256 indexed id, address indexed by, uint256 claimerAmount, uint256 publisherAmount
    );
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
    ///         `communityId` and `claimedAt`, so claiming rewrites a slot that is already
    ///         non-zero.
    struct Task {
        address publisher;
        uint64 deadline;
        Status status;
        bool rejected;
        address claimer;
        uint64 communityId;
        uint32 claimedAt; // time of the current claim (0 while open)
        address rewardToken;
        uint64 stamp; // time of the last submission, rejection or dispute
        uint256 reward;
        bytes32 specHash;
    }

    /// @notice The longest a deadline may lie ahead.
    uint64 public constant MAX_DURATION = 365 days;
    /// @notice The longest `workPeriod()` may be.
    uint64 public constant MAX_WORK_PERIOD = 30 days;
    /// @notice Basis points in a whole.
    uint16 public constant BPS = 10_000;

    /// @notice The `Communities` contract.
    ICommunities public immutable communities;
    /// @notice How long a publisher has to review a submission (and a claimer to
    ///         dispute a rejection) before the other side may act alone.
    uint64 public immutable reviewPeriod;
    /// @notice How long a claimer has to submit before the publisher may release the
    ///         claim.
    uint64 public immutable workPeriod;
    /// @notice How long arbiters have to resolve a dispute before anyone may split it
    ///         50/50 with `expireTask`.
    uint64 public immutable disputePeriod;

    mapping(uint256 id => Task) private _tasks;
    mapping(uint256 id => mapping(address claimer => bool)) private _released;
    mapping(address token => uint256) private _escrowed;
    uint256 private _nextId = 1;

    /// @param profiles_ The `Profiles` contract.
    /// @param communities_ The `Communities` contract.
    /// @param reviewPeriod_ Seconds a publisher has to review a submission.
    /// @param workPeriod_ Seconds a claimer has to submit before its claim can be released.
    /// @param disputePeriod_ Seconds arbiters have to resolve a dispute.
    constructor(
        IProfiles profiles_,
        ICommunities communities_,
        uint64 reviewPeriod_,
        uint64 workPeriod_,
        uint64 disputePeriod_
    ) Managed(profiles_) {
        if (address(communities_) == address(0)) revert ManagedZeroAddress();
        if (reviewPeriod_ == 0 || reviewPeriod_ > MAX_DURATION) {
            revert TaskMarketInvalidPeriod(reviewPeriod_);
        }
        if (workPeriod_ == 0 || workPeriod_ > MAX_WORK_PERIOD) {
            revert TaskMarketInvalidPeriod(workPeriod_);
        }
        if (disputePeriod_ == 0 || disputePeriod_ > MAX_DURATION) {
            revert TaskMarketInvalidPeriod(disputePeriod_);
        }
        communities = communities_;
        reviewPeriod = reviewPeriod_;
        workPeriod = workPeriod_;
        disputePeriod = disputePeriod_;
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
            .permit(_msgSender(), address(this), reward, permitDeadline, v, r, s) {}
            catch {}
        return _publish(communityId, title, specHash, rewardToken, reward, deadline);
    }

    /// @notice Claims an open task before its deadline. Registered players only; not its
    ///         publisher, not a task publisher or the system admin, not an admin of its
    ///         community (seed table 6-1); not banned from its community; not a claimer
    ///         whose claim on this task was released.
    /// @param id The task.
    function claimTask(uint256 id) external whenNotPaused {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Open);
        if (block.timestamp > task.deadline) revert TaskMarketDeadlinePassed(id, task.deadline);
        (bool registered, bool privileged) = profiles.standing(sender);
        if (!registered) revert ManagedNotRegistered(sender);
        // slither-disable-next-line unused-return -- membership is not needed to claim
        (, bool banned, uint64 adminSince) = communities.standingOf(task.communityId, sender);
        if (privileged || sender == task.publisher || adminSince != 0) {
            revert TaskMarketCannotClaim(id, sender);
        }
        if (banned) revert TaskMarketBanned(id, sender);
        if (_released[id][sender]) revert TaskMarketClaimReleased(id, sender);
        task.status = Status.Claimed;
        task.claimer = sender;
        // Fits 32 bits until 2106.
        // forge-lint: disable-next-line(unsafe-typecast)
        task.claimedAt = uint32(block.timestamp);
        // forge-lint: disable-next-line(unsafe-typecast)
        emit TaskClaimed(id, sender, uint64(block.timestamp) + workPeriod);
    }

    /// @notice The claimer gives the task up; it is `Open` again. Works while paused.
    /// @param id The task.
    function abandonTask(uint256 id) external {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Claimed);
        if (sender != task.claimer) revert TaskMarketNotClaimer(id, sender);
        _reopen(task);
        emit TaskAbandoned(id, sender);
    }

    /// @notice The publisher takes back a claim that has had no submission for
    ///         `workPeriod()` (after a rejection, also not within the claimer's
    ///         `reviewPeriod()` to dispute or resubmit). The task is `Open` again and that
    ///         claimer may never claim it again. Works while paused.
    /// @param id A `Claimed` task.
    function releaseClaim(uint256 id) external {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Claimed);
        if (sender != task.publisher) revert TaskMarketNotPublisher(id, sender);
        uint64 until = uint64(task.claimedAt) + workPeriod;
        if (task.rejected && task.stamp + reviewPeriod > until) until = task.stamp + reviewPeriod;
        if (block.timestamp <= until) revert TaskMarketWorkPending(id, until);
        address claimer = task.claimer;
        _released[id][claimer] = true;
        _reopen(task);
        emit TaskClaimReleased(id, claimer);
    }

    /// @notice The claimer submits work before the deadline.
    /// @param id The task.
    /// @param proofHash keccak256 of the proof document.
    function submitWork(uint256 id, bytes32 proofHash) external {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Claimed);
        if (sender != task.claimer) revert TaskMarketNotClaimer(id, sender);
        if (block.timestamp > task.deadline) revert TaskMarketDeadlinePassed(id, task.deadline);
        if (proofHash == bytes32(0)) revert TaskMarketEmptyHash();
        task.status = Status.Submitted;
        task.rejected = false;
        // forge-lint: disable-next-line(unsafe-typecast)
        task.stamp = uint64(block.timestamp);
        emit WorkSubmitted(id, sender, proofHash);
    }

    /// @notice The publisher approves the work and the claimer is paid (`Completed`).
    /// @param id The task.
    function approveWork(uint256 id) external nonReentrant {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Submitted);
        if (sender != task.publisher) revert TaskMarketNotPublisher(id, sender);
        task.status = Status.Completed;
        emit WorkApproved(id, sender);
        _release(id, task, task.claimer, task.reward);
    }

    /// @notice The publisher rejects the work; the task is `Claimed` again and the
    ///         claimer may resubmit before the deadline or open a dispute. Works while
    ///         paused.
    /// @param id The task.
    /// @param reasonHash keccak256 of the reason document.
    function rejectWork(uint256 id, bytes32 reasonHash) external {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Submitted);
        if (sender != task.publisher) revert TaskMarketNotPublisher(id, sender);
        if (reasonHash == bytes32(0)) revert TaskMarketEmptyHash();
        task.status = Status.Claimed;
        task.rejected = true;
        // forge-lint: disable-next-line(unsafe-typecast)
        task.stamp = uint64(block.timestamp);
        emit WorkRejected(id, sender, reasonHash);
    }

    /// @notice The claimer disputes a rejection (`Disputed`). Works while paused.
    /// @param id The task.
    /// @param reasonHash keccak256 of the reason document.
    function openDispute(uint256 id, bytes32 reasonHash) external {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Claimed);
        if (sender != task.claimer) revert TaskMarketNotClaimer(id, sender);
        if (!task.rejected) revert TaskMarketNotRejected(id);
        if (reasonHash == bytes32(0)) revert TaskMarketEmptyHash();
        task.status = Status.Disputed;
        // forge-lint: disable-next-line(unsafe-typecast)
        task.stamp = uint64(block.timestamp);
        emit DisputeOpened(id, sender, reasonHash, task.stamp + disputePeriod);
    }

    /// @notice Splits a disputed escrow: `claimerShareBps` to the claimer, the rest back
    ///         to the publisher (`Completed`). An admin of the task's community who already
    ///         was one when the task was claimed, or the system admin; never a party to the
    ///         task (a system admin who is one grants the role to another account). Works
    ///         while paused.
    /// @param id The task.
    /// @param claimerShareBps The claimer's share, 0–10 000 basis points.
    // slither-disable-next-line reentrancy-eth -- task state and escrow books are final before any call; the only later write is a failed payout's credit, and every path that writes credits is nonReentrant
    function resolveDispute(uint256 id, uint16 claimerShareBps) external nonReentrant {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Disputed);
        if (claimerShareBps > BPS) revert TaskMarketInvalidShare(claimerShareBps);
        bool party = sender == task.publisher || sender == task.claimer;
        if (party || !_isArbiter(task, sender)) revert TaskMarketNotArbiter(id, sender);
        task.status = Status.Completed;
        uint256 toClaimer = task.reward * claimerShareBps / BPS;
        uint256 toPublisher = task.reward - toClaimer;
        emit DisputeResolved(id, sender, claimerShareBps, toClaimer, toPublisher);
        _split(id, task, toClaimer, toPublisher);
    }

    /// @notice Whether `account` may resolve the dispute of task `id` now (the parties
    ///         never may).
    function isArbiter(uint256 id, address account) external view returns (bool) {
        Task storage task = _tasks[id];
        if (account == task.publisher || account == task.claimer) return false;
        return task.status == Status.Disputed && _isArbiter(task, account);
    }

    /// @notice The publisher cancels an open task and is refunded. Works while paused.
    /// @param id The task.
    function cancelTask(uint256 id) external nonReentrant {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Open);
        if (sender != task.publisher) revert TaskMarketNotPublisher(id, sender);
        task.status = Status.Cancelled;
        emit TaskCancelled(id);
        _release(id, task, task.publisher, task.reward);
    }

    /// @notice Anyone, after the deadline, expires an `Open` or `Claimed` task and the
    ///         publisher is refunded. After a rejection the claimer keeps `reviewPeriod()`
    ///         to dispute, even past the deadline. A `Disputed` task nobody resolved within
    ///         `disputePeriod()` expires with its escrow split 50/50 (an odd unit to the
    ///         claimer). Works while paused.
    /// @param id The task.
    function expireTask(uint256 id) external nonReentrant {
        address sender = _msgSender();
        Task storage task = _task(id);
        if (task.status == Status.Disputed) {
            uint64 until = task.stamp + disputePeriod;
            if (block.timestamp <= until) revert TaskMarketDisputePending(id, until);
            task.status = Status.Expired;
            uint256 toPublisher = task.reward / 2;
            uint256 toClaimer = task.reward - toPublisher;
            emit DisputeExpired(id, sender, toClaimer, toPublisher);
            _split(id, task, toClaimer, toPublisher);
            return;
        }
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
        emit TaskExpired(id, sender);
        _release(id, task, task.publisher, task.reward);
    }

    /// @notice The claimer collects the reward of a submission the publisher has not
    ///         reviewed within `reviewPeriod()` (`Completed`). Works while paused.
    /// @param id The task.
    function finalizeUnreviewed(uint256 id) external nonReentrant {
        address sender = _msgSender();
        Task storage task = _task(id);
        _requireStatus(id, task, Status.Submitted);
        if (sender != task.claimer) revert TaskMarketNotClaimer(id, sender);
        uint64 until = task.stamp + reviewPeriod;
        if (block.timestamp <= until) revert TaskMarketReviewPending(id, until);
        task.status = Status.Completed;
        emit TaskFinalized(id, sender);
        _release(id, task, task.claimer, task.reward);
    }

    /// @inheritdoc ITaskMarket
    function taskExists(uint256 id) external view returns (bool) {
        return _tasks[id].status != Status.None;
    }

    /// @inheritdoc ITaskMarket
    function communityOfTask(uint256 id) external view returns (uint256) {
        return _tasks[id].communityId;
    }

    /// @notice Whether `account`'s claim on task `id` was released (it may not claim the
    ///         task again).
    function wasReleased(uint256 id, address account) external view returns (bool) {
        return _released[id][account];
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
        address sender = _msgSender();
        (bool registered, bool privileged) = profiles.standing(sender);
        if (!registered) revert ManagedNotRegistered(sender);
        if (!privileged) revert TaskMarketNotPublisherRole(sender);
        if (!communities.exists(communityId)) revert TaskMarketUnknownCommunity(communityId);
        if (communities.isCommunityAdmin(communityId, sender)) {
            revert TaskMarketPublisherIsCommunityAdmin(communityId, sender);
        }
        uint256 titleLength = bytes(title).length;
        if (titleLength == 0 || titleLength > 200) revert TaskMarketInvalidTitle();
        if (reward == 0) revert TaskMarketZeroReward();
        if (deadline <= block.timestamp || deadline > block.timestamp + MAX_DURATION) {
            revert TaskMarketInvalidDeadline(deadline);
        }
        uint256 received = _pullIn(rewardToken, sender, reward);
        id = _nextId++;
        _tasks[id] = Task({
            publisher: sender,
            deadline: deadline,
            status: Status.Open,
            rejected: false,
            claimer: address(0),
            claimedAt: 0,
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
            id, communityId, sender, title, specHash, rewardToken, received, deadline
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

    /// @dev Pays a disputed escrow's two shares. Status is already final.
    function _split(uint256 id, Task storage task, uint256 toClaimer, uint256 toPublisher) private {
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

    /// @dev The system admin, or an admin of the task's community since before the claim.
    function _isArbiter(Task storage task, address account) private view returns (bool) {
        if (_isSystemAdmin(account)) return true;
        // slither-disable-next-line unused-return -- only the admin standing decides
        (,, uint64 adminSince) = communities.standingOf(task.communityId, account);
        return adminSince != 0 && adminSince <= task.claimedAt;
    }

    /// @dev Makes a claimed task `Open` again.
    function _reopen(Task storage task) private {
        task.status = Status.Open;
        task.claimer = address(0);
        task.claimedAt = 0;
        task.rejected = false;
    }

    function _task(uint256 id) private view returns (Task storage task) {
        task = _tasks[id];
        if (task.status == Status.None) revert TaskMarketUnknownTask(id);
    }

    function _requireStatus(uint256 id, Task storage task, Status wanted) private view {
        if (task.status != wanted) revert TaskMarketWrongStatus(id, task.status);
    }

    /// @dev `Managed`'s ERC-2771 sender (the relayed request's signer), also for `Escrow`.
    function _msgSender() internal view override(Context, Managed) returns (address) {
        return super._msgSender();
    }

    /// @dev `Managed`'s ERC-2771 calldata (without the appended signer).
    function _msgData() internal view override(Context, Managed) returns (bytes calldata) {
        return super._msgData();
    }

    /// @dev `Managed`'s ERC-2771 suffix: the 20 bytes of signer.
    function _contextSuffixLength() internal view override(Context, Managed) returns (uint256) {
        return super._contextSuffixLength();
    }
}
