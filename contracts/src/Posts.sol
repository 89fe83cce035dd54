// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommunities} from "./interfaces/ICommunities.sol";
import {IProfiles} from "./interfaces/IProfiles.sol";
import {ITaskMarket} from "./interfaces/ITaskMarket.sol";
import {Managed} from "./utils/Managed.sol";

/// @title Posts
/// @notice Posts in communities, likes and comments. Titles travel in events (calldata,
///         not storage); bodies are off-chain documents behind a keccak256 hash.
contract Posts is Managed {
    /// @notice Only members of the community post there.
    error PostsNotMember(uint256 communityId, address account);
    /// @notice Titles are 1–200 bytes.
    error PostsInvalidTitle();
    /// @notice There is no (visible) post with this id.
    error PostsUnknownPost(uint256 postId);
    /// @notice Only the author (or, to remove, a community admin) may do this.
    error PostsNotAuthor(uint256 postId, address account);
    /// @notice The caller already likes this post.
    error PostsAlreadyLiked(uint256 postId, address account);
    /// @notice The caller does not like this post.
    error PostsNotLiked(uint256 postId, address account);
    /// @notice `targetKind` is 0 (task), 1 (community) or 2 (post).
    error PostsInvalidTargetKind(uint8 targetKind);
    /// @notice The comment's target does not exist.
    error PostsUnknownTarget(uint8 targetKind, uint256 targetId);
    /// @notice A content hash must not be zero.
    error PostsEmptyContent();
    /// @notice The account is banned from the community.
    error PostsBanned(uint256 communityId, address account);
    /// @notice There is no (visible) comment with this id.
    error PostsUnknownComment(uint256 commentId);
    /// @notice Only the comment's author, an admin of its community or the system admin
    ///         removes it.
    error PostsNotModerator(uint256 commentId, address account);

    /// @notice A post was created.
    /// @param postId The post's id.
    /// @param communityId Its community.
    /// @param author Its author.
    /// @param title Its title (kept only here, in the log).
    /// @param contentHash keccak256 of the body document.
    event PostCreated(
        uint256 indexed postId,
        uint256 indexed communityId,
        address indexed author,
        string title,
        bytes32 contentHash
    );
    /// @notice The author replaced a post's body.
    /// @param postId The post.
    /// @param contentHash keccak256 of the new body document.
    event PostEdited(uint256 indexed postId, bytes32 contentHash);
    /// @notice A post was hidden (its history stays on chain).
    /// @param postId The post.
    /// @param by The author, a community admin or the system admin.
    event PostRemoved(uint256 indexed postId, address indexed by);
    /// @notice `account` liked a post.
    /// @param postId The post.
    /// @param account Who liked it.
    event PostLiked(uint256 indexed postId, address indexed account);
    /// @notice `account` took back its like.
    /// @param postId The post.
    /// @param account Who unliked it.
    event PostUnliked(uint256 indexed postId, address indexed account);
    /// @notice A comment was made.
    /// @param commentId The comment's id.
    /// @param targetKind 0 task, 1 community, 2 post.
    /// @param targetId The target's id.
    /// @param author Who commented.
    /// @param contentHash keccak256 of the comment document.
    event CommentCreated(
        uint256 indexed commentId,
        uint8 indexed targetKind,
        uint256 indexed targetId,
        address author,
        bytes32 contentHash
    );

    /// @notice A comment was hidden (its history stays on chain).
    /// @param commentId The comment.
    /// @param by Its author, an admin of its community or the system admin.
    event CommentRemoved(uint256 indexed commentId, address indexed by);

    /// @notice Comment target kinds (the seed's `comment_object_type`).
    uint8 public constant TARGET_TASK = 0;
    /// @notice Comment on a community.
    uint8 public constant TARGET_COMMUNITY = 1;
    /// @notice Comment on a post.
    uint8 public constant TARGET_POST = 2;

    /// @notice What the chain keeps of a post.
    struct Post {
        address author;
        uint64 communityId;
        bool removed;
        bytes32 contentHash;
    }

    /// @notice What the chain keeps of a comment.
    struct Comment {
        address author;
        uint8 targetKind;
        uint64 targetId;
        bool removed;
        bytes32 contentHash;
    }

    /// @notice The `Communities` contract.
    ICommunities public immutable communities;
    /// @notice The `TaskMarket` contract (comments on tasks).
    ITaskMarket public immutable taskMarket;

    mapping(uint256 postId => Post) private _posts;
    mapping(uint256 postId => mapping(address account => bool)) private _liked;
    mapping(uint256 commentId => Comment) private _comments;
    // Counters start at 1 so ids start at 1 and the first write is not a zero-to-nonzero one.
    uint256 private _nextPostId = 1;
    uint256 private _nextCommentId = 1;

    /// @param profiles_ The `Profiles` contract.
    /// @param communities_ The `Communities` contract.
    /// @param taskMarket_ The `TaskMarket` contract.
    constructor(IProfiles profiles_, ICommunities communities_, ITaskMarket taskMarket_)
        Managed(profiles_)
    {
        if (address(communities_) == address(0) || address(taskMarket_) == address(0)) {
            revert ManagedZeroAddress();
        }
        communities = communities_;
        taskMarket = taskMarket_;
    }

    /// @notice Posts in community `communityId`. Registered members only.
    /// @param communityId The community.
    /// @param title 1–200 bytes; stored only in the event.
    /// @param contentHash keccak256 of the body document.
    /// @return postId The new post's id.
    function createPost(uint256 communityId, string calldata title, bytes32 contentHash)
        external
        whenNotPaused
        returns (uint256 postId)
    {
        address sender = _registeredSender();
        if (!communities.isMember(communityId, sender)) {
            revert PostsNotMember(communityId, sender);
        }
        uint256 titleLength = bytes(title).length;
        if (titleLength == 0 || titleLength > 200) revert PostsInvalidTitle();
        if (contentHash == bytes32(0)) revert PostsEmptyContent();
        postId = _nextPostId++;
        _posts[postId] = Post({
            author: sender,
            // Only members post, so the community exists: ids are assigned one by one and fit 64 bits.
            // forge-lint: disable-next-line(unsafe-typecast)
            communityId: uint64(communityId),
            removed: false,
            contentHash: contentHash
        });
        emit PostCreated(postId, communityId, sender, title, contentHash);
    }

    /// @notice Replaces the body of one's own post. Not while banned from its community,
    ///         nor from an address whose account was recovered away.
    /// @param postId The post.
    /// @param contentHash keccak256 of the new body document.
    function editPost(uint256 postId, bytes32 contentHash) external whenNotPaused {
        address sender = _registeredSender();
        Post storage post = _visiblePost(postId);
        if (post.author != sender) revert PostsNotAuthor(postId, sender);
        if (contentHash == bytes32(0)) revert PostsEmptyContent();
        _requireNotBanned(post.communityId, sender);
        post.contentHash = contentHash;
        emit PostEdited(postId, contentHash);
    }

    /// @notice Hides a post. Its author, an admin of its community or the system admin.
    ///         Works while paused.
    /// @param postId The post.
    function removePost(uint256 postId) external {
        address sender = _msgSender();
        Post storage post = _visiblePost(postId);
        if (
            post.author != sender && !communities.isCommunityAdmin(post.communityId, sender)
                && !_isSystemAdmin(sender)
        ) {
            revert PostsNotAuthor(postId, sender);
        }
        post.removed = true;
        emit PostRemoved(postId, sender);
    }

    /// @notice Likes a post, once per address. Members of the post's community only (a
    ///         ban ends membership, and only registered players join).
    /// @param postId A visible post.
    function like(uint256 postId) external whenNotPaused {
        address sender = _msgSender();
        Post storage post = _visiblePost(postId);
        if (!communities.isMember(post.communityId, sender)) {
            revert PostsNotMember(post.communityId, sender);
        }
        if (_liked[postId][sender]) revert PostsAlreadyLiked(postId, sender);
        _liked[postId][sender] = true;
        emit PostLiked(postId, sender);
    }

    /// @notice Takes back a like. Works while paused.
    /// @param postId The post.
    function unlike(uint256 postId) external {
        address sender = _msgSender();
        if (!_liked[postId][sender]) revert PostsNotLiked(postId, sender);
        _liked[postId][sender] = false;
        emit PostUnliked(postId, sender);
    }

    /// @notice Comments on a task, a community or a post. Registered users who are not
    ///         banned from the target's community.
    /// @param targetKind 0 task, 1 community, 2 post.
    /// @param targetId The target's id.
    /// @param contentHash keccak256 of the comment document.
    /// @return commentId The new comment's id.
    function comment(uint8 targetKind, uint256 targetId, bytes32 contentHash)
        external
        whenNotPaused
        returns (uint256 commentId)
    {
        address sender = _registeredSender();
        if (contentHash == bytes32(0)) revert PostsEmptyContent();
        if (targetKind > TARGET_POST) revert PostsInvalidTargetKind(targetKind);
        if (targetKind == TARGET_POST) {
            Post storage post = _posts[targetId];
            if (post.author == address(0) || post.removed) {
                revert PostsUnknownTarget(targetKind, targetId);
            }
        }
        uint256 communityId = _communityOfTarget(targetKind, targetId);
        if (communityId == 0) revert PostsUnknownTarget(targetKind, targetId);
        _requireNotBanned(communityId, sender);
        commentId = _nextCommentId++;
        // Field by field into a fresh slot (`removed` stays false): the optimizer packs
        // these into one write, where a struct literal cost about 0.9k more here.
        Comment storage created = _comments[commentId];
        created.author = sender;
        created.targetKind = targetKind;
        // The target exists, so its id was assigned one by one and fits 64 bits.
        // forge-lint: disable-next-line(unsafe-typecast)
        created.targetId = uint64(targetId);
        created.contentHash = contentHash;
        emit CommentCreated(commentId, targetKind, targetId, sender, contentHash);
    }

    /// @notice Hides a comment. Its author; an admin of the community it was made in
    ///         (on the community, on one of its posts or on one of its tasks); or the
    ///         system admin. Works while paused.
    /// @param commentId A visible comment.
    function removeComment(uint256 commentId) external {
        address sender = _msgSender();
        Comment storage c = _comments[commentId];
        if (c.author == address(0) || c.removed) revert PostsUnknownComment(commentId);
        if (
            c.author != sender
                && !communities.isCommunityAdmin(
                    _communityOfTarget(c.targetKind, c.targetId), sender
                ) && !_isSystemAdmin(sender)
        ) revert PostsNotModerator(commentId, sender);
        c.removed = true;
        emit CommentRemoved(commentId, sender);
    }

    /// @notice The community a comment was made in (0 when it does not exist).
    function communityOfComment(uint256 commentId) external view returns (uint256) {
        Comment storage c = _comments[commentId];
        if (c.author == address(0)) return 0;
        return _communityOfTarget(c.targetKind, c.targetId);
    }

    /// @notice A post as stored (author 0 when it does not exist).
    function getPost(uint256 postId) external view returns (Post memory) {
        return _posts[postId];
    }

    /// @notice A comment as stored (author 0 when it does not exist).
    function getComment(uint256 commentId) external view returns (Comment memory) {
        return _comments[commentId];
    }

    /// @notice The community of a post (0 when it does not exist).
    function communityOf(uint256 postId) external view returns (uint256) {
        return _posts[postId].communityId;
    }

    /// @notice Whether a post exists and has not been removed.
    function isVisible(uint256 postId) external view returns (bool) {
        Post storage post = _posts[postId];
        return post.author != address(0) && !post.removed;
    }

    /// @notice Whether `account` likes `postId`.
    function hasLiked(uint256 postId, address account) external view returns (bool) {
        return _liked[postId][account];
    }

    /// @notice Posts created so far (ids are 1..count).
    function postCount() external view returns (uint256) {
        return _nextPostId - 1;
    }

    /// @notice Comments created so far (ids are 1..count).
    function commentCount() external view returns (uint256) {
        return _nextCommentId - 1;
    }

    /// @dev The community of a comment target (0 when it does not exist).
    function _communityOfTarget(uint8 targetKind, uint256 targetId) private view returns (uint256) {
        if (targetKind == TARGET_TASK) return taskMarket.communityOfTask(targetId);
        if (targetKind == TARGET_COMMUNITY) {
            return communities.exists(targetId) ? targetId : 0;
        }
        return _posts[targetId].communityId;
    }

    function _requireNotBanned(uint256 communityId, address account) private view {
        if (communities.isBanned(communityId, account)) {
            revert PostsBanned(communityId, account);
        }
    }

    function _visiblePost(uint256 postId) private view returns (Post storage post) {
        post = _posts[postId];
        if (post.author == address(0) || post.removed) revert PostsUnknownPost(postId);
    }
}
