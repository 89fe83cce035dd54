// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A contract account that acts as a user of any contract (test double base).
abstract contract Actor {
    /// @dev Calls `target` with `data` as this contract; bubbles a revert up unchanged.
    function act(address target, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        return result;
    }
}
