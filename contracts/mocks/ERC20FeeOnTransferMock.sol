// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ERC20FeeOnTransferMock
/// @notice An ERC-20 that burns 1% (rounded down) of every transfer between accounts, so the
/// recipient gets less than the sender sends. Minting and burning are fee-free.
contract ERC20FeeOnTransferMock is ERC20 {
    /// @notice The fee in basis points of the amount transferred.
    uint256 public constant FEE_BPS = 100;

    constructor(string memory name, string memory symbol) ERC20(name, symbol) {}

    /// @notice Creates `amount` tokens for `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = (value * FEE_BPS) / 10_000;
        super._update(from, to, value - fee);
        if (fee > 0) super._update(from, address(0), fee);
    }
}
