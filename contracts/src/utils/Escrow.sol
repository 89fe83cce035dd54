// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title Escrow
/// @notice Holds native ETH (`address(0)`) and ERC-20 tokens for the contracts that take
///         value in. Money comes in with balance-delta accounting (a fee-on-transfer token
///         escrows what really arrived) and goes out with a push that never blocks the
///         state change: when a transfer to the recipient fails (a reverting receiver, a
///         token blocklist) the amount is credited and the recipient `withdraw`s later.
///         The caller is `_msgSender()`: the contracts using it accept ERC-2771
///         meta-transactions, so a credit is withdrawn by the request's signer.
abstract contract Escrow is Context, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The ETH sent does not match the amount the call escrows.
    error EscrowWrongValue(uint256 sent, uint256 expected);
    /// @notice Nothing arrived from the token transfer (or the amount was zero).
    error EscrowNothingReceived(address token);
    /// @notice `withdraw` was called with nothing owed.
    error EscrowNothingOwed(address account, address token);
    /// @notice A withdrawal failed again; the credit is kept.
    error EscrowWithdrawFailed(address account, address token, uint256 amount);
    /// @notice `withdrawTo` needs a recipient.
    error EscrowZeroRecipient();

    /// @notice A payout could not be pushed and was credited for `withdraw`.
    /// @param account The recipient.
    /// @param token The token, `address(0)` for ETH.
    /// @param amount The amount credited.
    event PayoutDeferred(address indexed account, address indexed token, uint256 amount);
    /// @notice A credited payout was withdrawn.
    /// @param account The account whose credit it was.
    /// @param token The token, `address(0)` for ETH.
    /// @param amount The amount paid.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);
    /// @notice A credited payout was sent to another address than the credited one.
    /// @param account The account whose credit it was.
    /// @param token The token, `address(0)` for ETH.
    /// @param to Where it went.
    /// @param amount The amount paid.
    event WithdrawnTo(
        address indexed account, address indexed token, address indexed to, uint256 amount
    );

    mapping(address account => mapping(address token => uint256)) private _owed;
    mapping(address token => uint256) private _totalOwed;

    /// @notice Pays out everything credited to the caller in `token`. Works while paused.
    /// @param token The token, `address(0)` for ETH.
    function withdraw(address token) external nonReentrant {
        address sender = _msgSender();
        uint256 amount = _takeCredit(sender, token);
        if (!_tryTransfer(token, sender, amount)) {
            revert EscrowWithdrawFailed(sender, token, amount);
        }
        emit Withdrawn(sender, token, amount);
    }

    /// @notice Sends everything credited to the caller in `token` to `to` instead (for a
    ///         recipient that cannot receive: a token's blocklist, a contract without a
    ///         `receive`). Works while paused.
    /// @param token The token, `address(0)` for ETH.
    /// @param to Where the credit goes.
    function withdrawTo(address token, address to) external nonReentrant {
        address sender = _msgSender();
        if (to == address(0)) revert EscrowZeroRecipient();
        uint256 amount = _takeCredit(sender, token);
        if (!_tryTransfer(token, to, amount)) {
            revert EscrowWithdrawFailed(sender, token, amount);
        }
        emit WithdrawnTo(sender, token, to, amount);
    }

    /// @notice What `account` can `withdraw` in `token`.
    function owed(address account, address token) external view returns (uint256) {
        return _owed[account][token];
    }

    /// @notice The sum of all credits in `token` (part of the contract's balance).
    function totalOwed(address token) external view returns (uint256) {
        return _totalOwed[token];
    }

    /// @dev Clears `account`'s credit in `token` and returns it (reverts when none).
    function _takeCredit(address account, address token) private returns (uint256 amount) {
        amount = _owed[account][token];
        if (amount == 0) revert EscrowNothingOwed(account, token);
        _owed[account][token] = 0;
        _totalOwed[token] -= amount;
    }

    /// @dev Takes `amount` of `token` from `from` (ETH: checks `msg.value`) and returns
    ///      what actually arrived. Non-payable callers reach it too: there `msg.value` is
    ///      always 0, so an ETH amount fails the check and an ERC-20 one passes it.
    ///      `from` is always the caller, `_msgSender()` (the signer of a request the trusted
    ///      forwarder relays); slither cannot see through `_msgSender()`.
    // slither-disable-next-line msg-value-in-nonpayable,incorrect-equality,arbitrary-send-erc20 -- msg.value is only compared (see above); `== 0` on an amount cannot be gamed; `from` is the caller (`_msgSender()`), never a third party
    function _pullIn(address token, address from, uint256 amount) internal returns (uint256) {
        if (token == address(0)) {
            if (msg.value != amount) revert EscrowWrongValue(msg.value, amount);
            if (amount == 0) revert EscrowNothingReceived(token);
            return amount;
        }
        if (msg.value != 0) revert EscrowWrongValue(msg.value, 0);
        IERC20 erc20 = IERC20(token);
        uint256 before = erc20.balanceOf(address(this));
        erc20.safeTransferFrom(from, address(this), amount);
        uint256 received = erc20.balanceOf(address(this)) - before;
        if (received == 0) revert EscrowNothingReceived(token);
        return received;
    }

    /// @dev Pays `amount` of `token` to `to`, or credits it when the push fails.
    function _payOut(address token, address to, uint256 amount) internal {
        if (amount == 0) return;
        if (!_tryTransfer(token, to, amount)) {
            _owed[to][token] += amount;
            _totalOwed[token] += amount;
            emit PayoutDeferred(to, token, amount);
        }
    }

    // slither-disable-next-line arbitrary-send-eth -- `to` is the recipient the escrow's own state names (claimer, publisher, buyer, maker, taker)
    function _tryTransfer(address token, address to, uint256 amount) private returns (bool ok) {
        if (token == address(0)) {
            // A bounded stipend would break smart wallets; reentrancy is blocked by the
            // callers' `nonReentrant` and by effects happening before this call. Assembly,
            // so nothing the recipient returns is copied: a recipient returning megabytes
            // cannot make the caller run out of gas and block the state change.
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                ok := call(gas(), to, amount, 0, 0, 0, 0)
            }
        } else {
            ok = IERC20(token).trySafeTransfer(to, amount);
        }
    }
}
