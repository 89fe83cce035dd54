// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";

/// @notice The token-side twin of `HostileReceiver`: an ERC-20 that, armed on one of the
///         calls an escrow makes into a token (`transfer` for a payout, `transferFrom` to
///         pull value in, `burn`, `permit`), first does what the call asks, then reads a
///         view of the calling contract and its books of this token (`escrowed(address)`,
///         to see whether its state was final before the call) and re-enters it, recording
///         every outcome (`seenEscrowed` is `type(uint256).max` if that read failed). Only
///         the first armed call attacks. Transfers to `refused` return `false`, so a payer
///         credits them instead (test double).
contract HostileERC20 is ERC20Burnable {
    /// @notice The token call the next attack rides on.
    enum Hook {
        None,
        Transfer,
        TransferFrom,
        Burn,
        Permit
    }

    Hook public hook;
    address public target;
    bytes public viewData;
    bytes public reenterData;
    /// @notice Whether the armed call happened (and the attack ran).
    bool public attacked;
    bytes public seen;
    uint256 public seenEscrowed;
    bool public reenterOk;
    bytes public reenterResult;
    address public refused;

    constructor() ERC20("Hostile Token", "HOST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @dev Transfers to `account` return `false` from now on (`address(0)`: none do).
    function setRefused(address account) external {
        refused = account;
    }

    /// @dev On the next `hook_` call: read `viewData_` from `target_`, then call it with
    ///      `reenterData_`.
    function arm(Hook hook_, address target_, bytes calldata viewData_, bytes calldata reenterData_)
        external
    {
        hook = hook_;
        target = target_;
        viewData = viewData_;
        reenterData = reenterData_;
        attacked = false;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (to == refused) return false;
        super.transfer(to, value);
        _attack(Hook.Transfer);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        super.transferFrom(from, to, value);
        _attack(Hook.TransferFrom);
        return true;
    }

    function burn(uint256 value) public override {
        super.burn(value);
        _attack(Hook.Burn);
    }

    /// @dev ERC-2612's signature; it grants nothing, it only attacks.
    function permit(address, address, uint256, uint256, uint8, bytes32, bytes32) external {
        _attack(Hook.Permit);
    }

    function _attack(Hook at) internal {
        if (hook != at || attacked) return;
        attacked = true;
        (, seen) = target.staticcall(viewData);
        (bool ok, bytes memory books) =
            target.staticcall(abi.encodeWithSignature("escrowed(address)", address(this)));
        seenEscrowed = ok ? abi.decode(books, (uint256)) : type(uint256).max;
        (reenterOk, reenterResult) = target.call(reenterData);
    }
}
