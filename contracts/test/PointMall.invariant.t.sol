// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Communities} from "../src/Communities.sol";
import {CommunityPoints} from "../src/CommunityPoints.sol";
import {PointMall} from "../src/PointMall.sol";
import {Base} from "./utils/Base.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

/// @notice Drives `PointMall` with bounded, mostly valid calls and keeps ghost books.
///         Every call is predicted (success, or the exact revert data) from the ghost
///         model; any surprise is counted in `unexpected`. `succeeded` counts the calls that
///         went through, per action (`afterInvariant` wants every one above zero).
contract MallHandler is CommonBase, StdUtils {
    PointMall internal immutable mall;
    Communities internal immutable communities;
    CommunityPoints internal immutable pts;
    uint256 internal immutable cid;
    address internal immutable alice;
    address internal immutable admin;
    address[] internal buyers;

    // ------------------------------------------------------------------ ghosts
    uint256[] public items;
    /// Initial stock plus every restock delta (negative when an admin lowers the stock).
    mapping(uint256 itemId => int256) public supplied;
    mapping(uint256 itemId => uint256) public ratingSum;
    mapping(uint256 itemId => uint256) public ratingCount;
    mapping(uint256 orderId => PointMall.OrderStatus) public status;
    mapping(uint256 orderId => bool) public reviewed;
    uint256 public orders;
    uint256 public minted;
    uint256 public burned;
    uint256 public paidSum;
    uint256 public unexpected;
    bool public paused;
    address internal constant STRANGER = address(0xBEEF);
    /// Successful calls per action, and actions run (calls into this handler).
    mapping(string action => uint256) public succeeded;
    uint256 public steps;

    constructor(
        PointMall mall_,
        Communities communities_,
        CommunityPoints pts_,
        uint256 cid_,
        address alice_,
        address admin_,
        address[] memory buyers_
    ) {
        mall = mall_;
        communities = communities_;
        pts = pts_;
        cid = cid_;
        alice = alice_;
        admin = admin_;
        buyers = buyers_;
        minted = pts_.totalSupply();
    }

    function itemCount() external view returns (uint256) {
        return items.length;
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Records a surprise, or a success of `action` the model predicted.
    function _check(string memory action, bool ok, bytes memory reason, bytes memory expected)
        internal
    {
        if (expected.length == 0) {
            if (ok) succeeded[action]++;
            else unexpected++;
        } else if (ok || keccak256(reason) != keccak256(expected)) {
            unexpected++;
        }
    }

    function _fund(address who, uint256 amount) internal {
        uint256 bal = pts.balanceOf(who);
        if (bal < amount) {
            vm.prank(alice);
            communities.award(cid, who, amount - bal, "handler");
            minted += amount - bal;
        }
        vm.prank(who);
        pts.approve(address(mall), amount);
    }

    /// @dev Mostly an order in status `want` (searching from a random start; for
    ///      `Completed`, one not reviewed yet), driven there if there is none; else (1 in
    ///      4) any order, whatever its status. 0 if there is none.
    function _pickOrder(uint256 seed, PointMall.OrderStatus want) internal returns (uint256) {
        if (seed % 4 == 3) return orders == 0 ? 0 : 1 + (seed >> 2) % orders;
        return _ensureOrder(seed, want);
    }

    function _findOrder(uint256 seed, PointMall.OrderStatus want) internal view returns (uint256) {
        if (orders == 0) return 0;
        uint256 start = (seed >> 2) % orders;
        for (uint256 k; k < orders; ++k) {
            uint256 id = 1 + (start + k) % orders;
            if (status[id] == want && !(want == PointMall.OrderStatus.Completed && reviewed[id])) {
                return id;
            }
        }
        return 0;
    }

    /// @dev An order in status `want`; with none, one placed (lifting a pause), paid and
    ///      delivered as far as `want` needs. 0 if a step failed (it counts as a surprise).
    function _ensureOrder(uint256 seed, PointMall.OrderStatus want) internal returns (uint256 id) {
        id = _findOrder(seed, want);
        if (id != 0) return id;
        if (want == PointMall.OrderStatus.Ordered) {
            _liftPause();
            return _place(buyers[seed % buyers.length], _ensureStockedItem(seed), 1);
        }
        bool paid = want == PointMall.OrderStatus.Paid;
        id = _ensureOrder(seed, paid ? PointMall.OrderStatus.Ordered : PointMall.OrderStatus.Paid);
        if (id == 0) return 0;
        if (paid) _liftPause();
        if (!(paid ? _pay(id) : _complete(id, seed % 2 == 0))) return 0;
    }

    /// @dev An active item with stock; with none, an admin restocks one.
    function _ensureStockedItem(uint256 seed) internal returns (uint256 itemId) {
        itemId = _pickStockedItem(seed & ~uint256(3)); // never the 1-in-4 random pick
        PointMall.Item memory it = mall.getItem(itemId);
        if (it.active && it.stock != 0) return itemId;
        vm.prank(alice);
        mall.updateItem(itemId, it.price, 20, true);
        supplied[itemId] += 20 - int256(uint256(it.stock));
    }

    /// @dev The system admin lifts a pause (something new must start).
    function _liftPause() internal {
        if (!paused) return;
        vm.prank(admin);
        mall.unpause();
        paused = false;
        succeeded["togglePause"]++;
    }

    function _pickItem(uint256 seed) internal view returns (uint256) {
        return items[seed % items.length];
    }

    /// @dev Mostly an active item with stock (searching from a random start), else any.
    function _pickStockedItem(uint256 seed) internal view returns (uint256) {
        uint256 n = items.length;
        uint256 start = (seed >> 2) % n;
        if (seed % 4 != 3) {
            for (uint256 k; k < n; ++k) {
                uint256 id = items[(start + k) % n];
                PointMall.Item memory it = mall.getItem(id);
                if (it.active && it.stock != 0) return id;
            }
        }
        return items[start];
    }

    /// @dev 1–5 units, mostly no more than `stock` (when there is any).
    function _quantity(uint256 seed, uint32 stock) internal pure returns (uint32) {
        uint256 most = seed % 4 != 3 && stock != 0 && stock < 5 ? stock : 5;
        return uint32(_bound(seed >> 2, 1, most));
    }

    /// @dev Expected revert data of `_place`, or "" when it succeeds.
    function _placeError(uint256 itemId, uint32 quantity, uint32 stock)
        internal
        view
        returns (bytes memory)
    {
        if (!mall.getItem(itemId).active) {
            return abi.encodeWithSelector(PointMall.PointMallItemInactive.selector, itemId);
        }
        if (quantity == 0) return abi.encodeWithSelector(PointMall.PointMallZeroQuantity.selector);
        if (stock < quantity) {
            return
                abi.encodeWithSelector(
                    PointMall.PointMallOutOfStock.selector, itemId, stock, quantity
                );
        }
        return "";
    }

    function _wrongStatus(uint256 orderId) internal view returns (bytes memory) {
        return
            abi.encodeWithSelector(
                PointMall.PointMallWrongStatus.selector, orderId, status[orderId]
            );
    }

    function _paused() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Pausable.EnforcedPause.selector);
    }

    // ------------------------------------------------------------------ actions

    function listItem(uint256 priceSeed, uint256 stockSeed) external {
        ++steps;
        uint256 price = _bound(priceSeed, 1, 50);
        uint32 stock = uint32(_bound(stockSeed, 0, 50));
        bytes memory expected = paused ? _paused() : bytes("");
        vm.prank(alice);
        try mall.listItem(cid, "Handler item", bytes32(0), price, stock) returns (uint256 id) {
            _check("listItem", true, "", expected);
            items.push(id);
            supplied[id] = int256(uint256(stock));
        } catch (bytes memory reason) {
            _check("listItem", false, reason, expected);
        }
    }

    function updateItem(uint256 itemSeed, uint256 priceSeed, uint256 stockSeed, uint8 activeSeed)
        external
    {
        ++steps;
        uint256 itemId = _pickItem(itemSeed);
        uint256 price = _bound(priceSeed, 1, 50);
        uint32 stock = uint32(_bound(stockSeed, 0, 100));
        bool active = activeSeed % 5 != 0; // mostly active
        uint32 old = mall.getItem(itemId).stock;
        // works while paused; the system admin also may
        vm.prank(activeSeed % 2 == 0 ? alice : admin);
        try mall.updateItem(itemId, price, stock, active) {
            supplied[itemId] += int256(uint256(stock)) - int256(uint256(old));
            succeeded["updateItem"]++;
        } catch {
            unexpected++;
        }
    }

    function placeOrder(uint256 buyerSeed, uint256 itemSeed, uint256 qtySeed) external {
        ++steps;
        _place(
            buyers[buyerSeed % buyers.length],
            _pickStockedItem(itemSeed),
            uint32(_bound(qtySeed, 0, 8))
        );
    }

    function _place(address buyer, uint256 itemId, uint32 quantity) internal returns (uint256) {
        bytes memory expected =
            paused ? _paused() : _placeError(itemId, quantity, mall.getItem(itemId).stock);
        vm.prank(buyer);
        try mall.placeOrder(itemId, quantity, type(uint256).max) returns (uint256 id) {
            _check("placeOrder", true, "", expected);
            orders = id;
            status[id] = PointMall.OrderStatus.Ordered;
            return id;
        } catch (bytes memory reason) {
            _check("placeOrder", false, reason, expected);
            return 0;
        }
    }

    function payOrder(uint256 orderSeed) external {
        ++steps;
        uint256 id = _pickOrder(orderSeed, PointMall.OrderStatus.Ordered);
        if (id != 0) _pay(id);
    }

    function _pay(uint256 id) internal returns (bool) {
        PointMall.Order memory o = mall.getOrder(id);
        _fund(o.buyer, o.amount);
        bytes memory expected = paused
            ? _paused()
            : status[id] != PointMall.OrderStatus.Ordered ? _wrongStatus(id) : bytes("");
        vm.prank(o.buyer);
        try mall.payOrder(id) {
            _check("payOrder", true, "", expected);
            status[id] = PointMall.OrderStatus.Paid;
            paidSum += o.amount;
            return true;
        } catch (bytes memory reason) {
            _check("payOrder", false, reason, expected);
            return false;
        }
    }

    function checkout(
        uint256 buyerSeed,
        uint256 itemSeed1,
        uint256 itemSeed2,
        uint256 qtySeed1,
        uint256 qtySeed2
    ) external {
        ++steps;
        address buyer = buyers[buyerSeed % buyers.length];
        uint256[] memory ids = new uint256[](2);
        uint32[] memory qs = new uint32[](2);
        ids[0] = _pickStockedItem(itemSeed1);
        ids[1] = _pickStockedItem(itemSeed2);
        uint32 stock0 = mall.getItem(ids[0]).stock;
        qs[0] = _quantity(qtySeed1, stock0);
        uint32 stock1 = mall.getItem(ids[1]).stock;
        if (ids[1] == ids[0]) stock1 = stock0 > qs[0] ? stock0 - qs[0] : 0;
        qs[1] = _quantity(qtySeed2, stock1);
        uint256 a0 = uint256(mall.getItem(ids[0]).price) * qs[0];
        uint256 a1 = uint256(mall.getItem(ids[1]).price) * qs[1];
        _fund(buyer, a0 + a1);

        bytes memory expected;
        if (paused) {
            expected = _paused();
        } else {
            uint32 s0 = mall.getItem(ids[0]).stock;
            expected = _placeError(ids[0], qs[0], s0);
            if (expected.length == 0) {
                uint32 s1 = ids[1] == ids[0] ? s0 - qs[0] : mall.getItem(ids[1]).stock;
                expected = _placeError(ids[1], qs[1], s1);
            }
        }
        vm.prank(buyer);
        try mall.checkout(ids, qs, type(uint256).max) returns (uint256[] memory orderIds) {
            _check("checkout", true, "", expected);
            for (uint256 i; i < 2; ++i) {
                status[orderIds[i]] = PointMall.OrderStatus.Paid;
            }
            orders = orderIds[1];
            paidSum += a0 + a1;
        } catch (bytes memory reason) {
            _check("checkout", false, reason, expected);
        }
    }

    function completeOrder(uint256 orderSeed, bool bySystemAdmin) external {
        ++steps;
        uint256 id = _pickOrder(orderSeed, PointMall.OrderStatus.Paid);
        if (id != 0) _complete(id, bySystemAdmin);
    }

    function _complete(uint256 id, bool bySystemAdmin) internal returns (bool) {
        uint256 amount = mall.getOrder(id).amount;
        bytes memory expected =
            status[id] != PointMall.OrderStatus.Paid ? _wrongStatus(id) : bytes("");
        vm.prank(bySystemAdmin ? admin : alice);
        try mall.completeOrder(id) {
            _check("completeOrder", true, "", expected);
            status[id] = PointMall.OrderStatus.Completed;
            paidSum -= amount;
            burned += amount;
            return true;
        } catch (bytes memory reason) {
            _check("completeOrder", false, reason, expected);
            return false;
        }
    }

    function cancelOrder(uint256 orderSeed, uint8 bySeed) external {
        ++steps;
        uint256 id = _pickOrder(
            orderSeed, bySeed % 2 == 0 ? PointMall.OrderStatus.Ordered : PointMall.OrderStatus.Paid
        );
        if (id == 0) return;
        PointMall.Order memory o = mall.getOrder(id);
        address by = bySeed % 3 == 0 ? alice : bySeed % 3 == 1 ? admin : o.buyer;
        PointMall.OrderStatus st = status[id];
        bytes memory expected = st != PointMall.OrderStatus.Ordered
            && st != PointMall.OrderStatus.Paid
            ? _wrongStatus(id)
            : bytes("");
        vm.prank(by);
        try mall.cancelOrder(id) {
            _check("cancelOrder", true, "", expected);
            status[id] = PointMall.OrderStatus.Cancelled;
            if (st == PointMall.OrderStatus.Paid) paidSum -= o.amount;
        } catch (bytes memory reason) {
            _check("cancelOrder", false, reason, expected);
        }
    }

    /// @dev A stranger cancels an unpaid order: only once it is past `orderTtl()` (which
    ///      it waits for, if `wait`).
    function cancelExpired(uint256 orderSeed, bool wait) external {
        ++steps;
        uint256 id = _pickOrder(orderSeed, PointMall.OrderStatus.Ordered);
        if (id == 0) return;
        PointMall.OrderStatus st = status[id];
        uint256 expiresAt = mall.orderExpiresAt(id);
        if (wait && st == PointMall.OrderStatus.Ordered && block.timestamp <= expiresAt) {
            vm.warp(expiresAt + 1);
        }
        bytes memory expected = st == PointMall.OrderStatus.Ordered
            && block.timestamp > mall.orderExpiresAt(id)
            ? bytes("")
            : abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, id, STRANGER);
        vm.prank(STRANGER);
        try mall.cancelOrder(id) {
            _check("cancelExpired", true, "", expected);
            status[id] = PointMall.OrderStatus.Cancelled;
        } catch (bytes memory reason) {
            _check("cancelExpired", false, reason, expected);
        }
    }

    function warp(uint256 dt) external {
        ++steps;
        vm.warp(block.timestamp + _bound(dt, 1, 1 days));
        succeeded["warp"]++;
    }

    function review(uint256 orderSeed, uint8 starsSeed) external {
        ++steps;
        uint256 id = _pickOrder(orderSeed, PointMall.OrderStatus.Completed);
        if (id == 0) return;
        PointMall.Order memory o = mall.getOrder(id);
        // mostly 1–5, else 0 or 6 (refused)
        uint8 stars = 1 + starsSeed % 5;
        if (starsSeed % 4 == 3) stars = starsSeed % 8 == 3 ? 0 : 6;
        bytes memory expected;
        if (paused) {
            expected = _paused();
        } else if (status[id] != PointMall.OrderStatus.Completed) {
            expected = _wrongStatus(id);
        } else if (reviewed[id]) {
            expected = abi.encodeWithSelector(PointMall.PointMallAlreadyReviewed.selector, id);
        } else if (stars < 1 || stars > 5) {
            expected = abi.encodeWithSelector(PointMall.PointMallInvalidStars.selector, stars);
        }
        vm.prank(o.buyer);
        try mall.review(id, stars, keccak256("r")) {
            _check("review", true, "", expected);
            reviewed[id] = true;
            ratingSum[o.itemId] += stars;
            ratingCount[o.itemId] += 1;
        } catch (bytes memory reason) {
            _check("review", false, reason, expected);
        }
    }

    function award(uint256 buyerSeed, uint256 amountSeed) external {
        ++steps;
        address who = buyers[buyerSeed % buyers.length];
        uint256 amount = _bound(amountSeed, 1, 500);
        vm.prank(alice);
        communities.award(cid, who, amount, "handler");
        minted += amount;
        succeeded["award"]++;
    }

    /// @dev Holders may burn their own points too; the supply books must follow.
    function burn(uint256 buyerSeed, uint256 amountSeed) external {
        ++steps;
        address who = buyers[buyerSeed % buyers.length];
        uint256 bal = pts.balanceOf(who);
        if (bal == 0) return;
        uint256 amount = _bound(amountSeed, 1, bal);
        vm.prank(who);
        pts.burn(amount);
        burned += amount;
        succeeded["burn"]++;
    }

    function togglePause(uint8 seed) external {
        ++steps;
        if (!paused && seed % 2 != 0) return; // pause every other time, unpause at once
        vm.prank(admin);
        if (paused) mall.unpause();
        else mall.pause();
        paused = !paused;
        succeeded["togglePause"]++;
    }

    /// @dev Forgets the counts of the calls `setUp` made, so a run counts its own.
    function clearCounts() external {
        string[13] memory names = actions();
        for (uint256 i; i < names.length; ++i) {
            delete succeeded[names[i]];
        }
        steps = 0;
    }

    /// @dev Every action, by the name its successes are counted under.
    function actions() public pure returns (string[13] memory) {
        return [
            "listItem",
            "updateItem",
            "placeOrder",
            "payOrder",
            "checkout",
            "completeOrder",
            "cancelOrder",
            "cancelExpired",
            "review",
            "award",
            "burn",
            "togglePause",
            "warp"
        ];
    }
}

/// @notice Invariants of `PointMall`'s escrow, stock and point supply. Runs are long
///         (depth 256) and `afterInvariant` fails one in which an action never succeeded.
/// forge-config: default.invariant.runs = 8
/// forge-config: default.invariant.depth = 256
/// forge-config: ci.invariant.runs = 8
/// forge-config: ci.invariant.depth = 256
contract PointMallInvariantTest is Base {
    MallHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory buyers = new address[](4);
        buyers[0] = bob;
        buyers[1] = carol;
        buyers[2] = alice; // an admin may shop too
        buyers[3] = _player("dave"); // a member who joins late
        _join(buyers[3], cid);
        handler = new MallHandler(mall, communities, pts, cid, alice, admin, buyers);
        handler.listItem(10, 20);
        handler.listItem(3, 5);
        handler.listItem(50, 1);
        handler.award(0, 500);
        handler.award(1, 500);
        handler.clearCounts();

        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = MallHandler.listItem.selector;
        selectors[1] = MallHandler.updateItem.selector;
        selectors[2] = MallHandler.placeOrder.selector;
        selectors[3] = MallHandler.placeOrder.selector; // weighted
        selectors[4] = MallHandler.payOrder.selector;
        selectors[5] = MallHandler.checkout.selector;
        selectors[6] = MallHandler.completeOrder.selector;
        selectors[7] = MallHandler.cancelOrder.selector;
        selectors[8] = MallHandler.review.selector;
        selectors[9] = MallHandler.award.selector;
        selectors[10] = MallHandler.burn.selector;
        selectors[11] = MallHandler.togglePause.selector;
        selectors[12] = MallHandler.cancelExpired.selector;
        selectors[13] = MallHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev After each run: every action succeeded in it at least once (so every order
    ///      state, expiry and review was reached). Runs shorter than half the depth are let
    ///      off: those are replays of a saved failure (after its fix) and the shrinker's
    ///      trials, not runs of the campaign.
    function afterInvariant() public view {
        if (handler.steps() < 128) return;
        string[13] memory names = handler.actions();
        for (uint256 i; i < names.length; ++i) {
            assertGt(
                handler.succeeded(names[i]),
                0,
                string.concat("never succeeded in this run: ", names[i])
            );
        }
    }

    /// pts.balanceOf(mall) == escrowed(pts) + totalOwed(pts) == Σ amount of Paid orders.
    function invariant_escrowMatchesPaidOrders() public view {
        uint256 n = mall.orderCount();
        uint256 paid;
        for (uint256 id = 1; id <= n; ++id) {
            PointMall.Order memory o = mall.getOrder(id);
            if (o.status == PointMall.OrderStatus.Paid) paid += o.amount;
        }
        uint256 escrowed = mall.escrowed(address(pts));
        uint256 owed = mall.totalOwed(address(pts));
        assertEq(pts.balanceOf(address(mall)), escrowed + owed, "balance != escrowed + owed");
        // point refunds to buyers never fail, so nothing is ever credited
        assertEq(owed, 0, "totalOwed");
        assertEq(escrowed + owed, paid, "escrow != sum of Paid orders");
        assertEq(paid, handler.paidSum(), "ghost paid sum");
    }

    /// For each item: stock + units of open and completed orders == initial + restocks.
    function invariant_stockIsConserved() public view {
        uint256 items = mall.itemCount();
        int256[] memory units = new int256[](items + 1);
        uint256 n = mall.orderCount();
        for (uint256 id = 1; id <= n; ++id) {
            PointMall.Order memory o = mall.getOrder(id);
            if (
                o.status == PointMall.OrderStatus.Ordered || o.status == PointMall.OrderStatus.Paid
                    || o.status == PointMall.OrderStatus.Completed
            ) {
                units[o.itemId] += int256(uint256(o.quantity));
            }
        }
        for (uint256 itemId = 1; itemId <= items; ++itemId) {
            assertEq(
                int256(uint256(mall.getItem(itemId).stock)) + units[itemId],
                handler.supplied(itemId),
                "stock not conserved"
            );
        }
    }

    /// totalSupply == minted − burned, and every completed order's points were burned.
    function invariant_supplyIsMintedMinusBurned() public view {
        assertEq(pts.totalSupply(), handler.minted() - handler.burned(), "supply");
    }

    /// Orders mirror the ghost model and item ratings add up.
    function invariant_ordersAndRatingsMatchModel() public view {
        uint256 n = mall.orderCount();
        assertEq(n, handler.orders(), "order count");
        for (uint256 id = 1; id <= n; ++id) {
            PointMall.Order memory o = mall.getOrder(id);
            assertEq(uint8(o.status), uint8(handler.status(id)), "status");
            assertEq(o.reviewed, handler.reviewed(id), "reviewed");
        }
        uint256 items = mall.itemCount();
        for (uint256 itemId = 1; itemId <= items; ++itemId) {
            PointMall.Item memory it = mall.getItem(itemId);
            assertEq(it.ratingSum, handler.ratingSum(itemId), "rating sum");
            assertEq(it.ratingCount, handler.ratingCount(itemId), "rating count");
        }
    }

    /// Every call did exactly what the model predicted (success or the exact error).
    function invariant_noSurprises() public view {
        assertEq(handler.unexpected(), 0, "unexpected outcome");
    }
}
