// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CommunityPoints} from "./CommunityPoints.sol";
import {ICommunities} from "./interfaces/ICommunities.sol";
import {IProfiles} from "./interfaces/IProfiles.sol";
import {Managed} from "./utils/Managed.sol";
import {Roles} from "./utils/Roles.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @notice What `Communities` asks of `Posts`.
interface IPostsView {
    /// @notice The community a post belongs to (0 when the post does not exist).
    function communityOf(uint256 postId) external view returns (uint256);
    /// @notice Whether a post exists and has not been removed.
    function isVisible(uint256 postId) external view returns (bool);
}

/// @title Communities
/// @notice Game communities: membership, admins, bans, pinned posts, and each community's
///         point token with its awards.
contract Communities is ICommunities, Managed {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @notice Only verified users (or the system admin) create communities.
    error CommunitiesNotVerified(address account);
    /// @notice There is no community with this id.
    error CommunitiesUnknownCommunity(uint256 id);
    /// @notice The caller is not an admin of the community.
    error CommunitiesNotCommunityAdmin(uint256 id, address account);
    /// @notice Names are 1–64 bytes, themes at most 64 bytes, award sources 1–64 bytes.
    error CommunitiesInvalidText();
    /// @notice The account is already a member.
    error CommunitiesAlreadyMember(uint256 id, address account);
    /// @notice The account is not a member.
    error CommunitiesNotMember(uint256 id, address account);
    /// @notice The account is banned from the community.
    error CommunitiesBanned(uint256 id, address account);
    /// @notice The community already has its point token.
    error CommunitiesPointsExist(uint256 id, address token);
    /// @notice The community needs `threshold` members before it can create points.
    error CommunitiesNotPopularEnough(uint256 id, uint256 members, uint256 threshold);
    /// @notice The community has no point token yet.
    error CommunitiesNoPoints(uint256 id);
    /// @notice Awards are of at least one point.
    error CommunitiesZeroAmount();
    /// @notice The post does not belong to this community.
    error CommunitiesPostNotInCommunity(uint256 id, uint256 postId);
    /// @notice `setPosts` was already called, or got the zero address.
    error CommunitiesPostsAlreadySet();
    /// @notice Point names are 1–64 bytes, symbols 1–16.
    error CommunitiesInvalidTokenText();
    /// @notice Community admins are verified players (seed table 6-1).
    error CommunitiesAdminNotVerified(uint256 id, address account);
    /// @notice An account takes part in at most `MAX_COMMUNITIES_PER_ACCOUNT` communities
    ///         (so a recovery, which moves them all, stays within a block).
    error CommunitiesTooManyCommunities(address account);
    /// @notice Only `Profiles` moves accounts (when it approves a recovery).
    error CommunitiesNotProfiles(address caller);

    /// @notice Community `id` was created.
    /// @param id The community's id.
    /// @param creator Its first admin and member.
    /// @param name Its name.
    /// @param theme Its theme (the game).
    /// @param descriptionHash keccak256 of its description document.
    event CommunityCreated(
        uint256 indexed id,
        address indexed creator,
        string name,
        string theme,
        bytes32 descriptionHash
    );
    /// @notice Community `id` changed its name, theme or description.
    /// @param id The community's id.
    /// @param by The admin who changed it.
    /// @param name New name.
    /// @param theme New theme.
    /// @param descriptionHash keccak256 of the new description document.
    event CommunityUpdated(
        uint256 indexed id, address indexed by, string name, string theme, bytes32 descriptionHash
    );
    /// @notice `account` joined community `id`.
    /// @param id The community's id.
    /// @param account The new member.
    /// @param memberCount Members after joining.
    event MemberJoined(uint256 indexed id, address indexed account, uint256 memberCount);
    /// @notice `account` left community `id`.
    /// @param id The community's id.
    /// @param account The former member.
    /// @param memberCount Members after leaving.
    event MemberLeft(uint256 indexed id, address indexed account, uint256 memberCount);
    /// @notice `account` was banned from community `id` (and lost membership and admin).
    /// @param id The community's id.
    /// @param account The banned account.
    /// @param by The admin who banned.
    /// @param memberCount Members after the ban.
    event MemberBanned(
        uint256 indexed id, address indexed account, address indexed by, uint256 memberCount
    );
    /// @notice `account` may join community `id` again.
    /// @param id The community's id.
    /// @param account The account.
    /// @param by The admin who lifted the ban.
    event MemberUnbanned(uint256 indexed id, address indexed account, address indexed by);
    /// @notice `account` became (or stopped being) an admin of community `id`.
    /// @param id The community's id.
    /// @param account The account.
    /// @param isAdmin The new state.
    /// @param by Who changed it.
    event CommunityAdminSet(
        uint256 indexed id, address indexed account, bool isAdmin, address indexed by
    );
    /// @notice A post was pinned or unpinned.
    /// @param id The community's id.
    /// @param postId The post.
    /// @param pinned The new state.
    /// @param by The admin.
    event PostPinned(uint256 indexed id, uint256 indexed postId, bool pinned, address indexed by);
    /// @notice Community `id` created its point token.
    /// @param id The community's id.
    /// @param token The `CommunityPoints` contract.
    /// @param name Token name.
    /// @param symbol Token symbol.
    event PointsCreated(uint256 indexed id, address indexed token, string name, string symbol);
    /// @notice An admin awarded points for an activity (the mint's `Transfer` precedes it).
    /// @param id The community's id.
    /// @param to The recipient.
    /// @param amount Whole points.
    /// @param source What the points were for.
    /// @param by The admin.
    event PointsAwarded(
        uint256 indexed id, address indexed to, uint256 amount, string source, address by
    );
    /// @notice A lost-wallet recovery moved `from`'s standing in community `id` to `to`.
    ///         `from` is left with nothing there; the fields are `to`'s state afterwards
    ///         (a ban on either address wins, and a ban drops admin rights).
    /// @param id The community's id.
    /// @param from The retired address.
    /// @param to The address that now holds the account.
    /// @param standing `to`'s standing: 0 none, 1 member, 2 banned.
    /// @param adminSince When `to` became an admin (the old address's time), 0 if not one.
    /// @param memberCount Members afterwards.
    event MembershipMoved(
        uint256 indexed id,
        address indexed from,
        address indexed to,
        Standing standing,
        uint64 adminSince,
        uint256 memberCount
    );
    /// @notice The member count needed to create points changed.
    /// @param threshold The new threshold.
    event PopularityThresholdSet(uint256 threshold);
    /// @notice The `Posts` contract was wired in (once, at deployment).
    /// @param posts The `Posts` contract.
    event PostsSet(address posts);

    /// @notice An account's standing in a community.
    enum Standing {
        None,
        Member,
        Banned
    }

    struct Community {
        address points;
        uint64 memberCount;
        bool exists;
    }

    mapping(uint256 id => Community) private _communities;
    mapping(uint256 id => mapping(address account => Standing)) private _standing;
    // When the account became an admin (0: not an admin); arbiters must predate a claim.
    mapping(uint256 id => mapping(address account => uint64 since)) private _admins;
    // Every community where the account is a member, is banned or is an admin.
    mapping(address account => EnumerableSet.UintSet) private _joined;
    mapping(uint256 id => mapping(uint256 postId => bool)) private _pinned;
    uint256 private _nextId = 1;
    uint256 private _popularityThreshold;
    IPostsView private _posts;

    /// @notice The most communities one account takes part in.
    uint256 public constant MAX_COMMUNITIES_PER_ACCOUNT = 200;

    /// @param profiles_ The `Profiles` contract.
    /// @param popularityThreshold_ Members a community needs before it can create points.
    constructor(IProfiles profiles_, uint256 popularityThreshold_) Managed(profiles_) {
        _popularityThreshold = popularityThreshold_;
        emit PopularityThresholdSet(popularityThreshold_);
    }

    /// @notice Creates a community; the caller becomes its first admin and member.
    /// @param name 1–64 bytes.
    /// @param theme At most 64 bytes (the game it is about).
    /// @param descriptionHash keccak256 of the description document.
    /// @return id The new community's id.
    function createCommunity(string calldata name, string calldata theme, bytes32 descriptionHash)
        external
        whenNotPaused
        returns (uint256 id)
    {
        address sender = _msgSender();
        if (!profiles.isVerified(sender) && !_isSystemAdmin(sender)) {
            revert CommunitiesNotVerified(sender);
        }
        _checkText(name, theme);
        id = _nextId++;
        _communities[id] = Community({points: address(0), memberCount: 1, exists: true});
        _standing[id][sender] = Standing.Member;
        // forge-lint: disable-next-line(unsafe-typecast)
        _admins[id][sender] = uint64(block.timestamp);
        _track(sender, id);
        emit CommunityCreated(id, sender, name, theme, descriptionHash);
        emit MemberJoined(id, sender, 1);
        emit CommunityAdminSet(id, sender, true, sender);
    }

    /// @notice Changes a community's name, theme and description. Community admins.
    /// @param id The community.
    /// @param name 1–64 bytes.
    /// @param theme At most 64 bytes.
    /// @param descriptionHash keccak256 of the new description document.
    function updateCommunity(
        uint256 id,
        string calldata name,
        string calldata theme,
        bytes32 descriptionHash
    ) external whenNotPaused {
        address sender = _requireCommunityAdmin(id);
        _checkText(name, theme);
        emit CommunityUpdated(id, sender, name, theme, descriptionHash);
    }

    /// @notice Joins community `id`. Registered users who are not banned.
    /// @param id The community.
    function join(uint256 id) external whenNotPaused {
        address sender = _registeredSender();
        _requireExists(id);
        Standing s = _standing[id][sender];
        if (s == Standing.Member) revert CommunitiesAlreadyMember(id, sender);
        if (s == Standing.Banned) revert CommunitiesBanned(id, sender);
        _track(sender, id);
        _standing[id][sender] = Standing.Member;
        uint64 count = ++_communities[id].memberCount;
        emit MemberJoined(id, sender, count);
    }

    /// @notice Leaves community `id` (an admin also gives up its admin rights).
    /// @param id The community.
    function leave(uint256 id) external {
        address sender = _msgSender();
        _requireExists(id);
        if (_standing[id][sender] != Standing.Member) {
            revert CommunitiesNotMember(id, sender);
        }
        _standing[id][sender] = Standing.None;
        _untrack(sender, id);
        uint64 count = --_communities[id].memberCount;
        if (_admins[id][sender] != 0) {
            _admins[id][sender] = 0;
            emit CommunityAdminSet(id, sender, false, sender);
        }
        emit MemberLeft(id, sender, count);
    }

    /// @notice Makes a verified member an admin of community `id`, or takes that away.
    ///         Taking it away works while paused (a compromised admin can be stopped).
    /// @param id The community.
    /// @param account A verified member (when granting).
    /// @param isAdmin The new state.
    function setCommunityAdmin(uint256 id, address account, bool isAdmin) external {
        address sender = _requireCommunityAdmin(id);
        if (isAdmin) {
            _requireNotPaused();
            if (_standing[id][account] != Standing.Member) {
                revert CommunitiesNotMember(id, account);
            }
            if (!profiles.isVerified(account)) revert CommunitiesAdminNotVerified(id, account);
            // An admin keeps the time it first became one: arbiters must predate a claim.
            // forge-lint: disable-next-line(unsafe-typecast)
            if (_admins[id][account] == 0) _admins[id][account] = uint64(block.timestamp);
        } else {
            _admins[id][account] = 0;
        }
        emit CommunityAdminSet(id, account, isAdmin, sender);
    }

    /// @notice Bans `account` from community `id`: it loses membership and admin rights
    ///         and cannot join, post, like, comment, claim its tasks or buy in its mall
    ///         until unbanned. Works while paused.
    /// @param id The community.
    /// @param account The account to ban.
    function ban(uint256 id, address account) external {
        address sender = _requireCommunityAdmin(id);
        if (_standing[id][account] == Standing.Banned) revert CommunitiesBanned(id, account);
        Community storage c = _communities[id];
        if (_standing[id][account] == Standing.Member) --c.memberCount;
        _standing[id][account] = Standing.Banned;
        _mark(account, id);
        if (_admins[id][account] != 0) {
            _admins[id][account] = 0;
            emit CommunityAdminSet(id, account, false, sender);
        }
        emit MemberBanned(id, account, sender, c.memberCount);
    }

    /// @notice Lifts a ban.
    /// @param id The community.
    /// @param account A banned account.
    function unban(uint256 id, address account) external {
        address sender = _requireCommunityAdmin(id);
        if (_standing[id][account] != Standing.Banned) revert CommunitiesNotMember(id, account);
        _standing[id][account] = Standing.None;
        _untrack(account, id);
        emit MemberUnbanned(id, account, sender);
    }

    /// @notice Pins or unpins a post of community `id`.
    /// @param id The community.
    /// @param postId A post of that community (a visible one, to pin).
    /// @param pinned The new state.
    function pinPost(uint256 id, uint256 postId, bool pinned) external whenNotPaused {
        address sender = _requireCommunityAdmin(id);
        if (
            address(_posts) == address(0) || _posts.communityOf(postId) != id
                || (pinned && !_posts.isVisible(postId))
        ) revert CommunitiesPostNotInCommunity(id, postId);
        _pinned[id][postId] = pinned;
        emit PostPinned(id, postId, pinned, sender);
    }

    /// @notice Creates the community's point token, once the community has at least
    ///         `popularityThreshold()` members. Community admins; one token per community.
    /// @param id The community.
    /// @param name Token name, 1–64 bytes.
    /// @param symbol Token symbol, 1–16 bytes.
    /// @return token The new `CommunityPoints` contract.
    function createPoints(uint256 id, string calldata name, string calldata symbol)
        external
        whenNotPaused
        returns (address token)
    {
        _requireCommunityAdmin(id);
        Community storage c = _communities[id];
        if (c.points != address(0)) revert CommunitiesPointsExist(id, c.points);
        if (c.memberCount < _popularityThreshold) {
            revert CommunitiesNotPopularEnough(id, c.memberCount, _popularityThreshold);
        }
        if (bytes(name).length == 0 || bytes(name).length > 64) {
            revert CommunitiesInvalidTokenText();
        }
        if (bytes(symbol).length == 0 || bytes(symbol).length > 16) {
            revert CommunitiesInvalidTokenText();
        }
        token = address(new CommunityPoints(name, symbol, id, trustedForwarder()));
        c.points = token;
        emit PointsCreated(id, token, name, symbol);
    }

    /// @notice Mints points to `to` for an activity. Community admins.
    /// @param id The community.
    /// @param to A registered recipient.
    /// @param amount Whole points, at least 1.
    /// @param source What the points are for, 1–64 bytes (the read model's `Point.source`).
    function award(uint256 id, address to, uint256 amount, string calldata source)
        external
        whenNotPaused
    {
        address sender = _requireCommunityAdmin(id);
        address points = _communities[id].points;
        if (points == address(0)) revert CommunitiesNoPoints(id);
        if (amount == 0) revert CommunitiesZeroAmount();
        if (bytes(source).length == 0 || bytes(source).length > 64) {
            revert CommunitiesInvalidText();
        }
        if (!profiles.isRegistered(to)) revert ManagedNotRegistered(to);
        CommunityPoints(points).mint(to, amount);
        emit PointsAwarded(id, to, amount, source, sender);
    }

    /// @notice Moves `from`'s standing in every community (membership, ban, admin rights
    ///         and since when) to `to`. Only `Profiles`, when it approves a recovery.
    ///         Works while paused.
    /// @param from The address the account left (retired).
    /// @param to The address that now holds it.
    function moveAccount(address from, address to) external {
        address sender = _msgSender();
        if (sender != address(profiles)) revert CommunitiesNotProfiles(sender);
        EnumerableSet.UintSet storage joined = _joined[from];
        for (uint256 n = joined.length(); n > 0; --n) {
            uint256 id = joined.at(n - 1);
            _untrack(from, id);
            _moveOne(id, from, to);
        }
    }

    /// @notice Sets the member count a community needs to create points. System admin.
    /// @param threshold The new threshold.
    function setPopularityThreshold(uint256 threshold) external onlyRole(Roles.SYSTEM_ADMIN) {
        _popularityThreshold = threshold;
        emit PopularityThresholdSet(threshold);
    }

    /// @notice Wires in the `Posts` contract, once (it is deployed after this one).
    /// @param posts_ The `Posts` contract.
    function setPosts(address posts_) external onlyRole(Roles.SYSTEM_ADMIN) {
        if (address(_posts) != address(0) || posts_ == address(0)) {
            revert CommunitiesPostsAlreadySet();
        }
        _posts = IPostsView(posts_);
        emit PostsSet(posts_);
    }

    /// @inheritdoc ICommunities
    function exists(uint256 id) external view returns (bool) {
        return _communities[id].exists;
    }

    /// @inheritdoc ICommunities
    function isMember(uint256 id, address account) external view returns (bool) {
        return _standing[id][account] == Standing.Member;
    }

    /// @inheritdoc ICommunities
    function isBanned(uint256 id, address account) external view returns (bool) {
        return _standing[id][account] == Standing.Banned;
    }

    /// @inheritdoc ICommunities
    /// @dev A recovery moves admin rights to the new address, so a lost key stops being
    ///      an admin the moment the recovery is approved.
    function isCommunityAdmin(uint256 id, address account) external view returns (bool) {
        return _isAdmin(id, account);
    }

    /// @inheritdoc ICommunities
    function standingOf(uint256 id, address account)
        external
        view
        returns (bool member, bool banned, uint64 adminSince)
    {
        Standing s = _standing[id][account];
        return (s == Standing.Member, s == Standing.Banned, _admins[id][account]);
    }

    /// @notice Every community where `account` is a member, is banned or is an admin.
    function communitiesOf(address account) external view returns (uint256[] memory) {
        return _joined[account].values();
    }

    /// @inheritdoc ICommunities
    function pointsOf(uint256 id) external view returns (address) {
        return _communities[id].points;
    }

    /// @notice Members of community `id`.
    function memberCount(uint256 id) external view returns (uint256) {
        return _communities[id].memberCount;
    }

    /// @notice Whether a post is pinned in community `id`.
    function isPinned(uint256 id, uint256 postId) external view returns (bool) {
        return _pinned[id][postId];
    }

    /// @notice Members a community needs before it can create points.
    function popularityThreshold() external view returns (uint256) {
        return _popularityThreshold;
    }

    /// @notice The `Posts` contract.
    function posts() external view returns (address) {
        return address(_posts);
    }

    /// @notice The number of communities created so far (ids are 1..count).
    function communityCount() external view returns (uint256) {
        return _nextId - 1;
    }

    function _isAdmin(uint256 id, address account) private view returns (bool) {
        return _admins[id][account] != 0;
    }

    /// @dev Records that `account` takes part in community `id` (joins are capped).
    function _track(address account, uint256 id) private {
        EnumerableSet.UintSet storage joined = _joined[account];
        if (joined.length() >= MAX_COMMUNITIES_PER_ACCOUNT && !joined.contains(id)) {
            revert CommunitiesTooManyCommunities(account);
        }
        _mark(account, id);
    }

    /// @dev Adds `id` to `account`'s set, uncapped (bans and recoveries).
    function _mark(address account, uint256 id) private {
        // slither-disable-next-line unused-return -- the set is idempotent: "already there" needs no action
        _joined[account].add(id);
    }

    /// @dev Removes `id` from `account`'s set.
    function _untrack(address account, uint256 id) private {
        // slither-disable-next-line unused-return -- the set is idempotent: "not there" needs no action
        _joined[account].remove(id);
    }

    /// @dev Merges `from`'s standing in community `id` into `to`'s (see `MembershipMoved`).
    function _moveOne(uint256 id, address from, address to) private {
        Standing sFrom = _standing[id][from];
        Standing sTo = _standing[id][to];
        uint64 sinceFrom = _admins[id][from];
        uint64 sinceTo = _admins[id][to];
        delete _standing[id][from];
        delete _admins[id][from];
        Standing merged = sFrom == Standing.Banned || sTo == Standing.Banned
            ? Standing.Banned
            : (sFrom == Standing.Member || sTo == Standing.Member ? Standing.Member : Standing.None);
        uint64 since = 0;
        if (merged != Standing.Banned) {
            since = sinceTo == 0 || (sinceFrom != 0 && sinceFrom < sinceTo) ? sinceFrom : sinceTo;
        }
        Community storage c = _communities[id];
        uint64 count = c.memberCount;
        if (sFrom == Standing.Member) --count;
        if (sTo == Standing.Member) --count;
        if (merged == Standing.Member) ++count;
        c.memberCount = count;
        _standing[id][to] = merged;
        _admins[id][to] = since;
        if (merged != Standing.None || since != 0) _mark(to, id);
        else _untrack(to, id);
        emit MembershipMoved(id, from, to, merged, since, count);
    }

    /// @dev The caller (`_msgSender()`), which must be an admin of community `id` (which
    ///      must exist) or the system admin.
    function _requireCommunityAdmin(uint256 id) private view returns (address sender) {
        sender = _msgSender();
        _requireExists(id);
        if (!_isAdmin(id, sender) && !_isSystemAdmin(sender)) {
            revert CommunitiesNotCommunityAdmin(id, sender);
        }
    }

    function _requireExists(uint256 id) private view {
        if (!_communities[id].exists) revert CommunitiesUnknownCommunity(id);
    }

    function _checkText(string calldata name, string calldata theme) private pure {
        if (bytes(name).length == 0 || bytes(name).length > 64 || bytes(theme).length > 64) {
            revert CommunitiesInvalidText();
        }
    }
}
