// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A contract account that accepts ETH and answers every payment with `size`
///         bytes of return data (a "return bomb"), and that acts as a user of any contract
///         through `act` (test double).
contract ReturnBomb {
    uint256 public immutable size;

    constructor(uint256 size_) {
        size = size_;
    }

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

    receive() external payable {
        uint256 n = size;
        assembly {
            return(0, n)
        }
    }
}
