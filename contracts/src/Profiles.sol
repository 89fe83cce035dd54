// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommunities} from "./interfaces/ICommunities.sol";
import {IProfiles} from "./interfaces/IProfiles.sol";
import {Roles} from "./utils/Roles.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title Profiles
/// @notice Accounts, usernames, verification, roles and lost-wallet recovery. The one
///         place roles live: every other contract asks this one. It also names the one
///         ERC-2771 forwarder every contract trusts: a relayed request acts as its signer.
/// @dev The profile document (display name, avatar, bio) lives off-chain; the chain keeps
///      its keccak256 hash.
contract Profiles is IProfiles, AccessControl, Pausable, ERC2771Context {
    /// @notice The caller (or recovery target) already has a username.
    error ProfilesAlreadyRegistered(address account);
    /// @notice A username must be 3–32 characters of `[a-z0-9_]`.
    error ProfilesInvalidUsername(string username);
    /// @notice Another address holds this username.
    error ProfilesUsernameTaken(string username);
    /// @notice `account` has not registered.
    error ProfilesNotRegistered(address account);
    /// @notice No account holds this username.
    error ProfilesUnknownUsername(string username);
    /// @notice There is no pending recovery request with this id.
    error ProfilesRecoveryNotPending(uint256 requestId);
    /// @notice A zero address was given where an account is required.
    error ProfilesZeroAddress();
    /// @notice The username of a recovery request no longer belongs to the address it
    ///         was requested from (another recovery moved it first): reject the request.
    error ProfilesRecoveryStale(uint256 requestId);
    /// @notice The account at this address was recovered away to another address: the
    ///         address is retired for good and can never hold an account again.
    error ProfilesAddressRetired(address account);
    /// @notice `setCommunities` was already called, or got the zero address.
    error ProfilesCommunitiesAlreadySet();

    /// @notice `account` registered `username` with profile document `profileHash`.
    /// @param account The new user's address.
    /// @param username The unique handle.
    /// @param profileHash keccak256 of the profile document.
    event UserRegistered(address indexed account, string username, bytes32 profileHash);
    /// @notice `account` replaced its profile document.
    /// @param account The user.
    /// @param profileHash keccak256 of the new profile document.
    event ProfileUpdated(address indexed account, bytes32 profileHash);
    /// @notice A verifier changed `account`'s verification.
    /// @param account The user.
    /// @param verified The new state.
    /// @param verifier Who changed it.
    event VerificationChanged(address indexed account, bool verified, address indexed verifier);
    /// @notice `account` asked to become a task publisher.
    /// @param account The applicant.
    /// @param applicationHash keccak256 of the application document.
    event PublisherApplied(address indexed account, bytes32 applicationHash);
    /// @notice A new address asked to take over `username` after losing its wallet.
    /// @param requestId The request's id.
    /// @param username The username claimed.
    /// @param oldAccount The address that holds the username now.
    /// @param newAccount The address asking (the sender).
    /// @param evidenceHash keccak256 of the evidence document.
    event RecoveryRequested(
        uint256 indexed requestId,
        string username,
        address indexed oldAccount,
        address indexed newAccount,
        bytes32 evidenceHash
    );
    /// @notice The system admin approved a recovery; the account moved.
    /// @param requestId The request's id.
    /// @param oldAccount The address the account left.
    /// @param newAccount The address that now holds it.
    /// @param username The username moved.
    /// @param profileHash The profile document moved.
    /// @param verified The verification moved.
    event RecoveryApproved(
        uint256 indexed requestId,
        address indexed oldAccount,
        address indexed newAccount,
        string username,
        bytes32 profileHash,
        bool verified
    );
    /// @notice The `Communities` contract was wired in (once, at deployment): recoveries
    ///         move the account's memberships and admin rights there.
    /// @param communities The `Communities` contract.
    event CommunitiesSet(address communities);
    /// @notice The system admin rejected a recovery request.
    /// @param requestId The request's id.
    /// @param admin Who rejected it.
    event RecoveryRejected(uint256 indexed requestId, address indexed admin);

    /// @notice Role id: may verify users.
    bytes32 public constant VERIFIER_ROLE = Roles.VERIFIER;
    /// @notice Role id: may publish tasks.
    bytes32 public constant TASK_PUBLISHER_ROLE = Roles.TASK_PUBLISHER;
    /// @notice Role id: may pause every contract.
    bytes32 public constant PAUSER_ROLE = Roles.PAUSER;

    /// @notice Status of a recovery request.
    enum RecoveryStatus {
        None,
        Pending,
        Approved,
        Rejected
    }

    struct Account {
        bytes32 profileHash;
        bool registered;
        bool verified;
        string username;
    }

    /// @notice A recovery request.
    struct Recovery {
        address oldAccount;
        RecoveryStatus status;
        address newAccount;
        bytes32 usernameKey;
        bytes32 evidenceHash;
    }

    mapping(address account => Account) private _accounts;
    mapping(bytes32 usernameKey => address) private _owners;
    mapping(uint256 requestId => Recovery) private _recoveries;
    mapping(address account => address successor) private _retiredTo;
    uint256 private _nextRecoveryId = 1;
    ICommunities private _communities;

    /// @param admin The system admin; receives every role.
    /// @param trustedForwarder_ The ERC-2771 forwarder (`Forwarder`) every contract trusts;
    ///        the others read it from here when they are deployed.
    constructor(address admin, address trustedForwarder_) ERC2771Context(trustedForwarder_) {
        if (admin == address(0) || trustedForwarder_ == address(0)) revert ProfilesZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(VERIFIER_ROLE, admin);
        _grantRole(TASK_PUBLISHER_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    /// @notice Registers the caller under `username`. An address registers once.
    /// @param username 3–32 characters of `[a-z0-9_]`, unique.
    /// @param profileHash keccak256 of the profile document.
    function register(string calldata username, bytes32 profileHash) external whenNotPaused {
        address sender = _msgSender();
        Account storage account = _accounts[sender];
        if (account.registered) revert ProfilesAlreadyRegistered(sender);
        _requireNotRetired(sender);
        if (!_validUsername(username)) revert ProfilesInvalidUsername(username);
        bytes32 key = keccak256(bytes(username));
        if (_owners[key] != address(0)) revert ProfilesUsernameTaken(username);
        _owners[key] = sender;
        account.registered = true;
        account.username = username;
        account.profileHash = profileHash;
        emit UserRegistered(sender, username, profileHash);
    }

    /// @notice Replaces the caller's profile document hash.
    /// @param profileHash keccak256 of the new profile document.
    function updateProfile(bytes32 profileHash) external whenNotPaused {
        address sender = _msgSender();
        Account storage account = _accounts[sender];
        if (!account.registered) revert ProfilesNotRegistered(sender);
        account.profileHash = profileHash;
        emit ProfileUpdated(sender, profileHash);
    }

    /// @notice Marks `user` verified or not. Verified users may create communities.
    /// @param user A registered user.
    /// @param verified The new state.
    function setVerified(address user, bool verified) external onlyRole(VERIFIER_ROLE) {
        Account storage account = _accounts[user];
        if (!account.registered) revert ProfilesNotRegistered(user);
        account.verified = verified;
        emit VerificationChanged(user, verified, _msgSender());
    }

    /// @notice Asks the system admin for `TASK_PUBLISHER_ROLE` (granted with `grantRole`).
    /// @param applicationHash keccak256 of the application document.
    function applyForPublisher(bytes32 applicationHash) external whenNotPaused {
        address sender = _msgSender();
        if (!_accounts[sender].registered) revert ProfilesNotRegistered(sender);
        emit PublisherApplied(sender, applicationHash);
    }

    /// @notice From a new, unregistered address: asks to take over `username`, whose
    ///         wallet was lost. The system admin reviews the evidence.
    /// @param username The username to recover.
    /// @param evidenceHash keccak256 of the evidence document.
    /// @return requestId The request's id.
    function requestRecovery(string calldata username, bytes32 evidenceHash)
        external
        whenNotPaused
        returns (uint256 requestId)
    {
        address sender = _msgSender();
        if (_accounts[sender].registered) {
            revert ProfilesAlreadyRegistered(sender);
        }
        _requireNotRetired(sender);
        bytes32 key = keccak256(bytes(username));
        address oldAccount = _owners[key];
        if (oldAccount == address(0)) revert ProfilesUnknownUsername(username);
        requestId = _nextRecoveryId++;
        _recoveries[requestId] = Recovery({
            oldAccount: oldAccount,
            status: RecoveryStatus.Pending,
            newAccount: sender,
            usernameKey: key,
            evidenceHash: evidenceHash
        });
        emit RecoveryRequested(requestId, username, oldAccount, sender, evidenceHash);
    }

    /// @notice Approves a recovery: the username, profile, verification, roles, community
    ///         memberships, bans and community admin rights move from the old address to
    ///         the new one, and the old address is retired for good (it can never register
    ///         again). Point balances stay with the old key: ERC-20s move only by their
    ///         holder. Works while paused (the request was made before).
    /// @param requestId A pending request.
    function approveRecovery(uint256 requestId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Recovery storage request = _recoveries[requestId];
        if (request.status != RecoveryStatus.Pending) revert ProfilesRecoveryNotPending(requestId);
        address from = request.oldAccount;
        address to = request.newAccount;
        if (_accounts[to].registered) revert ProfilesAlreadyRegistered(to);
        _requireNotRetired(to);
        // The username must still be where it was when the request was made: an earlier
        // recovery may have moved it, and the old address may hold another one since.
        if (_owners[request.usernameKey] != from) revert ProfilesRecoveryStale(requestId);
        request.status = RecoveryStatus.Approved;

        _accounts[to] = _accounts[from];
        delete _accounts[from];
        _owners[request.usernameKey] = to;
        _retiredTo[from] = to;

        bytes32[4] memory roles =
            [DEFAULT_ADMIN_ROLE, VERIFIER_ROLE, TASK_PUBLISHER_ROLE, PAUSER_ROLE];
        for (uint256 i; i < roles.length; ++i) {
            if (hasRole(roles[i], from)) {
                _revokeRole(roles[i], from);
                _grantRole(roles[i], to);
            }
        }
        Account storage moved = _accounts[to];
        emit RecoveryApproved(
            requestId, from, to, moved.username, moved.profileHash, moved.verified
        );
        // Communities emits one `MembershipMoved` per community after the approval.
        ICommunities communities_ = _communities;
        if (address(communities_) != address(0)) communities_.moveAccount(from, to);
    }

    /// @notice Wires in the `Communities` contract, once (it is deployed after this one).
    ///         System admin.
    /// @param communities_ The `Communities` contract.
    function setCommunities(address communities_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(_communities) != address(0) || communities_ == address(0)) {
            revert ProfilesCommunitiesAlreadySet();
        }
        _communities = ICommunities(communities_);
        emit CommunitiesSet(communities_);
    }

    /// @notice Rejects a pending recovery request.
    /// @param requestId A pending request.
    function rejectRecovery(uint256 requestId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Recovery storage request = _recoveries[requestId];
        if (request.status != RecoveryStatus.Pending) revert ProfilesRecoveryNotPending(requestId);
        request.status = RecoveryStatus.Rejected;
        emit RecoveryRejected(requestId, _msgSender());
    }

    /// @notice Stops registration, profile changes, applications and recovery requests.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Lifts a pause.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @inheritdoc IProfiles
    function isRegistered(address account) external view returns (bool) {
        return _accounts[account].registered;
    }

    /// @inheritdoc IProfiles
    function isVerified(address account) external view returns (bool) {
        return _accounts[account].verified;
    }

    /// @inheritdoc IProfiles
    function isPrivileged(address account) external view returns (bool) {
        return hasRole(TASK_PUBLISHER_ROLE, account) || hasRole(DEFAULT_ADMIN_ROLE, account);
    }

    /// @inheritdoc IProfiles
    function standing(address account) external view returns (bool registered, bool privileged) {
        registered = _accounts[account].registered;
        privileged = hasRole(TASK_PUBLISHER_ROLE, account) || hasRole(DEFAULT_ADMIN_ROLE, account);
    }

    /// @notice The address an account was recovered to from `account` (`address(0)` if
    ///         `account` is not retired).
    function retiredTo(address account) external view returns (address) {
        return _retiredTo[account];
    }

    /// @notice The `Communities` contract recoveries move memberships in.
    function communities() external view returns (address) {
        return address(_communities);
    }

    /// @notice The username of `account` ("" for visitors).
    function usernameOf(address account) external view returns (string memory) {
        return _accounts[account].username;
    }

    /// @notice The address holding `username` (`address(0)` if none).
    function addressOf(string calldata username) external view returns (address) {
        return _owners[keccak256(bytes(username))];
    }

    /// @notice The profile document hash of `account`.
    function profileHashOf(address account) external view returns (bytes32) {
        return _accounts[account].profileHash;
    }

    /// @notice A recovery request.
    function recoveryRequest(uint256 requestId) external view returns (Recovery memory) {
        return _recoveries[requestId];
    }

    /// @inheritdoc IProfiles
    function hasRole(bytes32 role, address account)
        public
        view
        override(AccessControl, IProfiles)
        returns (bool)
    {
        return super.hasRole(role, account);
    }

    /// @inheritdoc IProfiles
    function trustedForwarder() public view override(ERC2771Context, IProfiles) returns (address) {
        return super.trustedForwarder();
    }

    /// @dev The signer of a request the trusted forwarder relays, else `msg.sender`.
    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return super._msgSender();
    }

    /// @dev The calldata without the signer the trusted forwarder appends.
    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return super._msgData();
    }

    /// @dev The 20 bytes of signer the trusted forwarder appends (ERC-2771).
    function _contextSuffixLength()
        internal
        view
        override(Context, ERC2771Context)
        returns (uint256)
    {
        return super._contextSuffixLength();
    }

    function _requireNotRetired(address account) private view {
        if (_retiredTo[account] != address(0)) revert ProfilesAddressRetired(account);
    }

    function _validUsername(string calldata username) private pure returns (bool) {
        bytes calldata b = bytes(username);
        if (b.length < 3 || b.length > 32) return false;
        for (uint256 i; i < b.length; ++i) {
            bytes1 c = b[i];
            bool ok = (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_";
            if (!ok) return false;
        }
        return true;
    }
}
