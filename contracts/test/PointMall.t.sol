// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CommunityPoints} from "../src/CommunityPoints.sol";
import {PointMall} from "../src/PointMall.sol";
import {ICommunities} from "../src/interfaces/ICommunities.sol";
import {IProfiles} from "../src/interfaces/IProfiles.sol";
import {Escrow} from "../src/utils/Escrow.sol";
import {Managed} from "../src/utils/Managed.sol";
import {Roles} from "../src/utils/Roles.sol";
import {Base} from "./utils/Base.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice Unit and fuzz tests of `PointMall`.
contract PointMallTest is Base {
    uint256 internal constant PRICE = 10;
    uint32 internal constant STOCK = 10;
    uint256 internal constant FUNDS = 1000;
    bytes32 internal constant META = keccak256("meta");
    bytes32 internal constant REVIEW = keccak256("review");
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    uint256 internal item;

    function setUp() public override {
        super.setUp();
        _award(bob, FUNDS);
        _award(carol, FUNDS);
        item = _listItem(PRICE, STOCK);
    }

    // ------------------------------------------------------------------ helpers

    function _place(address buyer, uint256 itemId, uint32 quantity) internal returns (uint256 id) {
        vm.prank(buyer);
        id = mall.placeOrder(itemId, quantity, type(uint256).max);
    }

    function _approve(address who, CommunityPoints token, uint256 amount) internal {
        vm.prank(who);
        token.approve(address(mall), amount);
    }

    function _pay(address buyer, uint256 orderId) internal {
        _approve(buyer, pts, mall.getOrder(orderId).amount);
        vm.prank(buyer);
        mall.payOrder(orderId);
    }

    function _placeAndPay(address buyer, uint256 itemId, uint32 quantity)
        internal
        returns (uint256 id)
    {
        id = _place(buyer, itemId, quantity);
        _pay(buyer, id);
    }

    function _complete(uint256 orderId) internal {
        vm.prank(alice);
        mall.completeOrder(orderId);
    }

    function _pause() internal {
        vm.prank(admin);
        mall.pause();
    }

    function _one(uint256 a) internal pure returns (uint256[] memory r) {
        r = new uint256[](1);
        r[0] = a;
    }

    function _two(uint256 a, uint256 b) internal pure returns (uint256[] memory r) {
        r = new uint256[](2);
        r[0] = a;
        r[1] = b;
    }

    function _q1(uint32 a) internal pure returns (uint32[] memory r) {
        r = new uint32[](1);
        r[0] = a;
    }

    function _q2(uint32 a, uint32 b) internal pure returns (uint32[] memory r) {
        r = new uint32[](2);
        r[0] = a;
        r[1] = b;
    }

    /// @dev A second community, created by a verified `dave`; with points when asked
    ///      (bob and carol join so that it reaches THRESHOLD members).
    function _secondCommunity(bool withPoints)
        internal
        returns (uint256 id, address dave, CommunityPoints token)
    {
        dave = _player("dave");
        vm.prank(admin);
        profiles.setVerified(dave, true);
        vm.prank(dave);
        id = communities.createCommunity("Zelda Fans", "Zelda", keccak256("zelda"));
        if (withPoints) {
            _join(bob, id);
            _join(carol, id);
            vm.prank(dave);
            token = CommunityPoints(communities.createPoints(id, "Zelda Points", "ZP"));
        }
    }

    function _permit(uint256 key, address owner, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, address(mall), value, pts.nonces(owner), deadline)
        );
        (v, r, s) = vm.sign(
            key, keccak256(abi.encodePacked("\x19\x01", pts.DOMAIN_SEPARATOR(), structHash))
        );
    }

    function _assertStatus(uint256 orderId, PointMall.OrderStatus status) internal view {
        assertEq(uint8(mall.getOrder(orderId).status), uint8(status), "order status");
    }

    function _expectOutOfStock(uint256 itemId, uint32 stock, uint32 wanted) internal {
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallOutOfStock.selector, itemId, stock, wanted)
        );
    }

    function _expectWrongStatus(uint256 orderId, PointMall.OrderStatus status) internal {
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallWrongStatus.selector, orderId, status)
        );
    }

    // ------------------------------------------------------------------ deployment

    function test_constructor_setsDependencies() public view {
        assertEq(address(mall.profiles()), address(profiles));
        assertEq(address(mall.communities()), address(communities));
        assertEq(mall.itemCount(), 1);
        assertEq(mall.orderCount(), 0);
        assertFalse(mall.paused());
    }

    function test_constructor_revertsOnZeroProfiles() public {
        vm.expectRevert(Managed.ManagedZeroAddress.selector);
        new PointMall(IProfiles(address(0)), ICommunities(address(communities)), ORDER_TTL);
    }

    function test_constructor_revertsOnZeroCommunities() public {
        vm.expectRevert(Managed.ManagedZeroAddress.selector);
        new PointMall(IProfiles(address(profiles)), ICommunities(address(0)), ORDER_TTL);
    }

    /// @notice An order TTL of zero would let anyone cancel every order at once.
    function test_constructor_rejectsZeroOrderTtl() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallInvalidOrderTtl.selector, 0));
        new PointMall(IProfiles(address(profiles)), ICommunities(address(communities)), 0);
    }

    // ------------------------------------------------------------------ pause

    function test_pause_byPauser() public {
        vm.expectEmit(address(mall));
        emit Pausable.Paused(admin);
        _pause();
        assertTrue(mall.paused());
        vm.expectEmit(address(mall));
        emit Pausable.Unpaused(admin);
        vm.prank(admin);
        mall.unpause();
        assertFalse(mall.paused());
    }

    function test_pause_revertsForNonPauser() public {
        vm.expectRevert(
            abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, alice, Roles.PAUSER)
        );
        vm.prank(alice);
        mall.pause();
        _pause();
        vm.expectRevert(
            abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, bob, Roles.PAUSER)
        );
        vm.prank(bob);
        mall.unpause();
    }

    // ------------------------------------------------------------------ listItem

    function test_listItem_byCommunityAdmin() public {
        vm.expectEmit(address(mall));
        emit PointMall.ItemListed(2, cid, address(pts), "Wish", keccak256("wish"), 25, 7, alice);
        vm.prank(alice);
        uint256 id = mall.listItem(cid, "Wish", keccak256("wish"), 25, 7);
        assertEq(id, 2);
        assertEq(mall.itemCount(), 2);
        PointMall.Item memory it = mall.getItem(id);
        assertEq(it.token, address(pts));
        assertEq(it.stock, 7);
        assertTrue(it.active);
        assertEq(it.communityId, cid);
        assertEq(it.price, 25);
        assertEq(it.ratingSum, 0);
        assertEq(it.ratingCount, 0);
    }

    function test_listItem_bySystemAdmin() public {
        vm.expectEmit(address(mall));
        emit PointMall.ItemListed(2, cid, address(pts), "Resin", META, 3, 0, admin);
        vm.prank(admin);
        uint256 id = mall.listItem(cid, "Resin", META, 3, 0);
        assertEq(id, 2);
        assertEq(mall.getItem(id).stock, 0);
    }

    function test_listItem_revertsForMember() public {
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallNotCommunityAdmin.selector, cid, bob)
        );
        vm.prank(bob);
        mall.listItem(cid, "Wish", META, 25, 7);
    }

    function test_listItem_revertsForVisitor() public {
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallNotCommunityAdmin.selector, cid, visitor)
        );
        vm.prank(visitor);
        mall.listItem(cid, "Wish", META, 25, 7);
    }

    function test_listItem_revertsForAdminOfAnotherCommunity() public {
        (uint256 cid2, address dave,) = _secondCommunity(false);
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallNotCommunityAdmin.selector, cid, dave)
        );
        vm.prank(dave);
        mall.listItem(cid, "Wish", META, 25, 7);
        // and alice is no admin of dave's community
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallNotCommunityAdmin.selector, cid2, alice)
        );
        vm.prank(alice);
        mall.listItem(cid2, "Wish", META, 25, 7);
    }

    function test_listItem_revertsWithoutPoints() public {
        (uint256 cid2, address dave,) = _secondCommunity(false);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNoPoints.selector, cid2));
        vm.prank(dave);
        mall.listItem(cid2, "Wish", META, 25, 7);
    }

    function test_listItem_revertsForUnknownCommunity() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNoPoints.selector, 99));
        vm.prank(admin);
        mall.listItem(99, "Wish", META, 25, 7);
    }

    function test_listItem_nameLengthBounds() public {
        vm.startPrank(alice);
        vm.expectRevert(PointMall.PointMallInvalidItem.selector);
        mall.listItem(cid, "", META, 25, 7);
        vm.expectRevert(PointMall.PointMallInvalidItem.selector);
        mall.listItem(cid, string(new bytes(101)), META, 25, 7);
        assertEq(mall.listItem(cid, "x", META, 25, 7), 2);
        assertEq(mall.listItem(cid, string(new bytes(100)), META, 25, 7), 3);
        vm.stopPrank();
    }

    function test_listItem_priceBounds() public {
        vm.startPrank(alice);
        vm.expectRevert(PointMall.PointMallInvalidItem.selector);
        mall.listItem(cid, "Wish", META, 0, 7);
        vm.expectRevert(PointMall.PointMallInvalidItem.selector);
        mall.listItem(cid, "Wish", META, uint256(type(uint128).max) + 1, 7);
        uint256 id = mall.listItem(cid, "Wish", META, type(uint128).max, 7);
        vm.stopPrank();
        assertEq(mall.getItem(id).price, type(uint128).max);
    }

    function test_listItem_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        mall.listItem(cid, "Wish", META, 25, 7);
    }

    function testFuzz_listItem(uint256 price, uint32 stock, uint8 nameLen) public {
        price = bound(price, 1, type(uint128).max);
        uint256 len = bound(nameLen, 1, 100);
        string memory name = string(new bytes(len));
        vm.expectEmit(address(mall));
        emit PointMall.ItemListed(2, cid, address(pts), name, META, price, stock, alice);
        vm.prank(alice);
        uint256 id = mall.listItem(cid, name, META, price, stock);
        assertEq(mall.getItem(id).price, price);
        assertEq(mall.getItem(id).stock, stock);
    }

    // ------------------------------------------------------------------ updateItem

    function test_updateItem_byCommunityAdmin() public {
        vm.expectEmit(address(mall));
        emit PointMall.ItemUpdated(item, 42, 3, false, alice);
        vm.prank(alice);
        mall.updateItem(item, 42, 3, false);
        PointMall.Item memory it = mall.getItem(item);
        assertEq(it.price, 42);
        assertEq(it.stock, 3);
        assertFalse(it.active);
        assertEq(it.token, address(pts));
        assertEq(it.communityId, cid);
    }

    function test_updateItem_bySystemAdmin() public {
        vm.expectEmit(address(mall));
        emit PointMall.ItemUpdated(item, type(uint128).max, type(uint32).max, true, admin);
        vm.prank(admin);
        mall.updateItem(item, type(uint128).max, type(uint32).max, true);
        assertEq(mall.getItem(item).price, type(uint128).max);
    }

    function test_updateItem_placedOrdersKeepTheirPrice() public {
        uint256 ordered = _place(bob, item, 2); // 20 points, unpaid
        uint256 paid = _placeAndPay(carol, item, 1); // 10 points, paid

        vm.prank(alice);
        mall.updateItem(item, 50, 20, true);

        assertEq(mall.getOrder(ordered).amount, 2 * PRICE);
        assertEq(mall.getOrder(paid).amount, PRICE);
        _pay(bob, ordered);
        assertEq(pts.balanceOf(bob), FUNDS - 2 * PRICE);
        assertEq(mall.escrowed(address(pts)), 3 * PRICE);

        // a new order pays the new price
        vm.expectEmit(address(mall));
        emit PointMall.OrderPlaced(3, item, bob, 2, 100, 18, uint64(block.timestamp) + ORDER_TTL);
        _place(bob, item, 2);
    }

    function test_updateItem_restockAndDeactivate() public {
        _place(bob, item, STOCK);
        _expectOutOfStock(item, 0, 1);
        _place(carol, item, 1);

        vm.prank(alice);
        mall.updateItem(item, PRICE, 5, true);
        assertEq(_place(carol, item, 5), 2);

        vm.prank(alice);
        mall.updateItem(item, PRICE, 5, false);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallItemInactive.selector, item));
        _place(carol, item, 1);
    }

    function test_updateItem_revertsForNonAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallNotCommunityAdmin.selector, cid, bob)
        );
        vm.prank(bob);
        mall.updateItem(item, 1, 1, true);
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallNotCommunityAdmin.selector, cid, visitor)
        );
        vm.prank(visitor);
        mall.updateItem(item, 1, 1, true);
    }

    function test_updateItem_revertsForUnknownItem() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallUnknownItem.selector, 42));
        vm.prank(alice);
        mall.updateItem(42, 1, 1, true);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallUnknownItem.selector, 0));
        vm.prank(alice);
        mall.updateItem(0, 1, 1, true);
    }

    function test_updateItem_revertsOnBadPrice() public {
        vm.startPrank(alice);
        vm.expectRevert(PointMall.PointMallInvalidItem.selector);
        mall.updateItem(item, 0, 1, true);
        vm.expectRevert(PointMall.PointMallInvalidItem.selector);
        mall.updateItem(item, uint256(type(uint128).max) + 1, 1, true);
        vm.stopPrank();
    }

    function test_updateItem_worksWhilePaused() public {
        _pause();
        vm.expectEmit(address(mall));
        emit PointMall.ItemUpdated(item, 7, 1, false, alice);
        vm.prank(alice);
        mall.updateItem(item, 7, 1, false);
        assertEq(mall.getItem(item).price, 7);
    }

    // ------------------------------------------------------------------ placeOrder

    function test_placeOrder_reservesStock() public {
        vm.expectEmit(address(mall));
        emit PointMall.OrderPlaced(
            1, item, bob, 3, 3 * PRICE, STOCK - 3, uint64(block.timestamp) + ORDER_TTL
        );
        uint256 id = _place(bob, item, 3);
        assertEq(id, 1);
        assertEq(mall.orderCount(), 1);
        assertEq(mall.getItem(item).stock, STOCK - 3);
        PointMall.Order memory o = mall.getOrder(id);
        assertEq(o.buyer, bob);
        assertEq(o.quantity, 3);
        assertEq(o.itemId, item);
        assertEq(o.amount, 3 * PRICE);
        assertFalse(o.reviewed);
        _assertStatus(id, PointMall.OrderStatus.Ordered);
        // no points move at ordering
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(pts.balanceOf(address(mall)), 0);
        assertEq(mall.escrowed(address(pts)), 0);
    }

    /// @notice Attack 7: only members of the item's community reserve its stock.
    function test_placeOrder_revertsForNonMemberPlayer() public {
        address erin = _player("erin");
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotMember.selector, cid, erin));
        _place(erin, item, 1);
        _join(erin, cid);
        vm.expectEmit(address(mall));
        emit PointMall.OrderPlaced(
            1, item, erin, 1, PRICE, STOCK - 1, uint64(block.timestamp) + ORDER_TTL
        );
        _place(erin, item, 1);
    }

    function test_placeOrder_wholeStockThenOutOfStock() public {
        vm.expectEmit(address(mall));
        emit PointMall.OrderPlaced(
            1, item, bob, STOCK, STOCK * PRICE, 0, uint64(block.timestamp) + ORDER_TTL
        );
        _place(bob, item, STOCK);
        assertEq(mall.getItem(item).stock, 0);
        _expectOutOfStock(item, 0, 1);
        _place(carol, item, 1);
    }

    function test_placeOrder_revertsOutOfStock() public {
        _place(bob, item, 4);
        _expectOutOfStock(item, STOCK - 4, STOCK - 3);
        _place(carol, item, STOCK - 3);
        assertEq(mall.getItem(item).stock, STOCK - 4);
        assertEq(mall.orderCount(), 1);
    }

    function test_placeOrder_revertsZeroQuantity() public {
        vm.expectRevert(PointMall.PointMallZeroQuantity.selector);
        _place(bob, item, 0);
    }

    function test_placeOrder_revertsUnknownItem() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallUnknownItem.selector, 0));
        _place(bob, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallUnknownItem.selector, 77));
        _place(bob, 77, 1);
    }

    function test_placeOrder_revertsInactiveItem() public {
        vm.prank(alice);
        mall.updateItem(item, PRICE, STOCK, false);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallItemInactive.selector, item));
        _place(bob, item, 1);
    }

    function test_placeOrder_revertsForVisitor() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotMember.selector, cid, visitor));
        _place(visitor, item, 1);
    }

    function test_placeOrder_revertsAmountTooLarge() public {
        uint256 big = _listItem(type(uint128).max, 5);
        vm.expectRevert(PointMall.PointMallAmountTooLarge.selector);
        _place(bob, big, 2);
        // exactly uint128 max fits
        assertEq(_place(bob, big, 1), 1);
        assertEq(mall.getOrder(1).amount, type(uint128).max);
    }

    function test_placeOrder_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _place(bob, item, 1);
    }

    // ------------------------------------------------------------------ payOrder

    function test_payOrder_escrowsPoints() public {
        uint256 id = _place(bob, item, 3);
        _approve(bob, pts, 3 * PRICE);
        vm.expectEmit(address(mall));
        emit PointMall.OrderPaid(id, bob, address(pts), 3 * PRICE);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, address(mall), 3 * PRICE);
        vm.prank(bob);
        mall.payOrder(id);
        _assertStatus(id, PointMall.OrderStatus.Paid);
        assertEq(pts.balanceOf(bob), FUNDS - 3 * PRICE);
        assertEq(pts.balanceOf(address(mall)), 3 * PRICE);
        assertEq(mall.escrowed(address(pts)), 3 * PRICE);
        assertEq(pts.allowance(bob, address(mall)), 0);
        assertEq(mall.getItem(item).stock, STOCK - 3);
        assertEq(mall.totalOwed(address(pts)), 0);
    }

    function test_payOrder_afterItemDeactivated() public {
        uint256 id = _place(bob, item, 1);
        vm.prank(alice);
        mall.updateItem(item, PRICE, STOCK, false);
        _pay(bob, id);
        _assertStatus(id, PointMall.OrderStatus.Paid);
    }

    function test_payOrder_revertsForOtherAccount() public {
        uint256 id = _place(bob, item, 1);
        _approve(carol, pts, PRICE);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, id, carol));
        vm.prank(carol);
        mall.payOrder(id);
        // not even a community admin pays for the buyer
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, id, alice));
        vm.prank(alice);
        mall.payOrder(id);
    }

    function test_payOrder_revertsUnknownOrder() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallUnknownOrder.selector, 5));
        vm.prank(bob);
        mall.payOrder(5);
    }

    function test_payOrder_revertsWhenAlreadyPaid() public {
        uint256 id = _placeAndPay(bob, item, 1);
        _approve(bob, pts, PRICE);
        _expectWrongStatus(id, PointMall.OrderStatus.Paid);
        vm.prank(bob);
        mall.payOrder(id);
    }

    function test_payOrder_revertsWhenCancelledOrCompleted() public {
        uint256 cancelled = _place(bob, item, 1);
        vm.prank(bob);
        mall.cancelOrder(cancelled);
        _approve(bob, pts, PRICE);
        _expectWrongStatus(cancelled, PointMall.OrderStatus.Cancelled);
        vm.prank(bob);
        mall.payOrder(cancelled);

        uint256 done = _placeAndPay(bob, item, 1);
        _complete(done);
        _approve(bob, pts, PRICE);
        _expectWrongStatus(done, PointMall.OrderStatus.Completed);
        vm.prank(bob);
        mall.payOrder(done);
    }

    function test_payOrder_revertsWithoutAllowance() public {
        uint256 id = _place(bob, item, 2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(mall), 0, 2 * PRICE
            )
        );
        vm.prank(bob);
        mall.payOrder(id);
        _assertStatus(id, PointMall.OrderStatus.Ordered);
        assertEq(mall.escrowed(address(pts)), 0);
    }

    function test_payOrder_revertsWithoutBalance() public {
        address erin = _player("erin");
        _join(erin, cid);
        _award(erin, PRICE - 1);
        uint256 id = _place(erin, item, 1);
        _approve(erin, pts, PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, erin, PRICE - 1, PRICE
            )
        );
        vm.prank(erin);
        mall.payOrder(id);
    }

    function test_payOrder_revertsWhenPaused() public {
        uint256 id = _place(bob, item, 1);
        _approve(bob, pts, PRICE);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        mall.payOrder(id);
    }

    // ------------------------------------------------------------------ checkout

    function test_checkout_severalItems() public {
        uint256 other = _listItem(7, 3);
        _approve(bob, pts, 2 * PRICE + 21);

        vm.expectEmit(address(mall));
        emit PointMall.OrderPlaced(
            1, item, bob, 2, 2 * PRICE, STOCK - 2, uint64(block.timestamp) + ORDER_TTL
        );
        vm.expectEmit(address(mall));
        emit PointMall.OrderPaid(1, bob, address(pts), 2 * PRICE);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, address(mall), 2 * PRICE);
        vm.expectEmit(address(mall));
        emit PointMall.OrderPlaced(2, other, bob, 3, 21, 0, uint64(block.timestamp) + ORDER_TTL);
        vm.expectEmit(address(mall));
        emit PointMall.OrderPaid(2, bob, address(pts), 21);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, address(mall), 21);

        vm.prank(bob);
        uint256[] memory ids = mall.checkout(_two(item, other), _q2(2, 3), type(uint256).max);

        assertEq(ids.length, 2);
        assertEq(ids[0], 1);
        assertEq(ids[1], 2);
        _assertStatus(1, PointMall.OrderStatus.Paid);
        _assertStatus(2, PointMall.OrderStatus.Paid);
        assertEq(mall.getItem(item).stock, STOCK - 2);
        assertEq(mall.getItem(other).stock, 0);
        assertEq(pts.balanceOf(bob), FUNDS - 2 * PRICE - 21);
        assertEq(pts.balanceOf(address(mall)), 2 * PRICE + 21);
        assertEq(mall.escrowed(address(pts)), 2 * PRICE + 21);
    }

    function test_checkout_sameItemTwice() public {
        _approve(bob, pts, STOCK * PRICE);
        vm.prank(bob);
        uint256[] memory ids = mall.checkout(_two(item, item), _q2(4, 6), type(uint256).max);
        assertEq(mall.getOrder(ids[0]).quantity, 4);
        assertEq(mall.getOrder(ids[1]).quantity, 6);
        assertEq(mall.getItem(item).stock, 0);
        assertEq(mall.escrowed(address(pts)), STOCK * PRICE);
    }

    function test_checkout_acrossTwoCommunities() public {
        (uint256 cid2, address dave, CommunityPoints zp) = _secondCommunity(true);
        vm.prank(dave);
        communities.award(cid2, bob, 500, "quest");
        vm.prank(dave);
        uint256 zItem = mall.listItem(cid2, "Master Sword", META, 40, 2);

        _approve(bob, pts, PRICE);
        _approve(bob, zp, 80);
        vm.expectEmit(address(mall));
        emit PointMall.OrderPaid(2, bob, address(zp), 80);
        vm.prank(bob);
        mall.checkout(_two(item, zItem), _q2(1, 2), type(uint256).max);

        assertEq(pts.balanceOf(bob), FUNDS - PRICE);
        assertEq(zp.balanceOf(bob), 500 - 80);
        assertEq(mall.escrowed(address(pts)), PRICE);
        assertEq(mall.escrowed(address(zp)), 80);
        assertEq(zp.balanceOf(address(mall)), 80);

        // only dave (or the system admin) delivers the Zelda order
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallNotCommunityAdmin.selector, cid2, alice)
        );
        vm.prank(alice);
        mall.completeOrder(2);
        uint256 supply = zp.totalSupply();
        vm.prank(dave);
        mall.completeOrder(2);
        assertEq(zp.totalSupply(), supply - 80);
        assertEq(mall.escrowed(address(zp)), 0);
    }

    function test_checkout_revertsOnBadCart() public {
        vm.startPrank(bob);
        vm.expectRevert(PointMall.PointMallBadCart.selector);
        mall.checkout(new uint256[](0), new uint32[](0), type(uint256).max);
        vm.expectRevert(PointMall.PointMallBadCart.selector);
        mall.checkout(_two(item, item), _q1(1), type(uint256).max);
        vm.expectRevert(PointMall.PointMallBadCart.selector);
        mall.checkout(_one(item), _q2(1, 1), type(uint256).max);
        vm.stopPrank();
    }

    function test_checkout_outOfStockOnSecondLineRevertsWholeCart() public {
        uint256 scarce = _listItem(7, 1);
        _approve(bob, pts, FUNDS);
        _expectOutOfStock(scarce, 1, 2);
        vm.prank(bob);
        mall.checkout(_two(item, scarce), _q2(2, 2), type(uint256).max);

        // nothing of the first line was written
        assertEq(mall.orderCount(), 0);
        assertEq(uint8(mall.getOrder(1).status), uint8(PointMall.OrderStatus.None));
        assertEq(mall.getItem(item).stock, STOCK);
        assertEq(mall.getItem(scarce).stock, 1);
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(pts.balanceOf(address(mall)), 0);
        assertEq(mall.escrowed(address(pts)), 0);
        assertEq(pts.allowance(bob, address(mall)), FUNDS);
    }

    function test_checkout_allowanceForFirstLineOnlyRevertsWholeCart() public {
        uint256 other = _listItem(7, 3);
        _approve(bob, pts, 2 * PRICE + 10);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(mall), 10, 21
            )
        );
        vm.prank(bob);
        mall.checkout(_two(item, other), _q2(2, 3), type(uint256).max);
        assertEq(mall.orderCount(), 0);
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(mall.getItem(item).stock, STOCK);
    }

    function test_checkout_revertsOnBadLine() public {
        _approve(bob, pts, FUNDS);
        vm.startPrank(bob);
        vm.expectRevert(PointMall.PointMallZeroQuantity.selector);
        mall.checkout(_two(item, item), _q2(1, 0), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallUnknownItem.selector, 9));
        mall.checkout(_two(item, 9), _q2(1, 1), type(uint256).max);
        vm.stopPrank();
        vm.prank(alice);
        mall.updateItem(item, PRICE, STOCK, false);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallItemInactive.selector, item));
        vm.prank(bob);
        mall.checkout(_one(item), _q1(1), type(uint256).max);
        assertEq(mall.orderCount(), 0);
    }

    function test_checkout_revertsForVisitor() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotMember.selector, cid, visitor));
        vm.prank(visitor);
        mall.checkout(_one(item), _q1(1), type(uint256).max);
    }

    function test_checkout_revertsWhenPaused() public {
        _approve(bob, pts, PRICE);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        mall.checkout(_one(item), _q1(1), type(uint256).max);
    }

    // ------------------------------------------------------------------ checkoutWithPermit

    function test_checkoutWithPermit_oneSignature() public {
        (address erin, uint256 key) = makeAddrAndKey("erin");
        _register(erin, "erin");
        _join(erin, cid);
        _award(erin, 100);
        uint256 other = _listItem(7, 3);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(key, erin, 50, deadline);

        vm.expectEmit(address(pts));
        emit IERC20.Approval(erin, address(mall), 50);
        vm.expectEmit(address(mall));
        emit PointMall.OrderPlaced(
            1, item, erin, 2, 2 * PRICE, STOCK - 2, uint64(block.timestamp) + ORDER_TTL
        );
        vm.expectEmit(address(mall));
        emit PointMall.OrderPaid(1, erin, address(pts), 2 * PRICE);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(erin, address(mall), 2 * PRICE);
        vm.expectEmit(address(mall));
        emit PointMall.OrderPlaced(2, other, erin, 1, 7, 2, uint64(block.timestamp) + ORDER_TTL);
        vm.expectEmit(address(mall));
        emit PointMall.OrderPaid(2, erin, address(pts), 7);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(erin, address(mall), 7);

        vm.prank(erin);
        uint256[] memory ids = mall.checkoutWithPermit(
            _two(item, other), _q2(2, 1), type(uint256).max, address(pts), 50, deadline, v, r, s
        );
        assertEq(ids[0], 1);
        assertEq(ids[1], 2);
        assertEq(pts.nonces(erin), 1);
        assertEq(pts.allowance(erin, address(mall)), 50 - 2 * PRICE - 7);
        assertEq(pts.balanceOf(erin), 100 - 2 * PRICE - 7);
        assertEq(mall.escrowed(address(pts)), 2 * PRICE + 7);
        _assertStatus(1, PointMall.OrderStatus.Paid);
        _assertStatus(2, PointMall.OrderStatus.Paid);
    }

    function test_checkoutWithPermit_frontRunPermitStillWorks() public {
        (address erin, uint256 key) = makeAddrAndKey("erin");
        _register(erin, "erin");
        _join(erin, cid);
        _award(erin, 100);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(key, erin, PRICE, deadline);
        // someone submits the permit first: the signature is spent, the allowance is there
        vm.prank(carol);
        pts.permit(erin, address(mall), PRICE, deadline, v, r, s);

        vm.prank(erin);
        mall.checkoutWithPermit(
            _one(item), _q1(1), type(uint256).max, address(pts), PRICE, deadline, v, r, s
        );
        _assertStatus(1, PointMall.OrderStatus.Paid);
        assertEq(pts.balanceOf(erin), 100 - PRICE);
    }

    function test_checkoutWithPermit_badPermitWithoutAllowanceReverts() public {
        (address erin, uint256 key) = makeAddrAndKey("erin");
        _register(erin, "erin");
        _join(erin, cid);
        _award(erin, 100);
        uint256 deadline = block.timestamp + 1 hours;
        // signed for 5, submitted as 50: the permit fails and there is no allowance
        (uint8 v, bytes32 r, bytes32 s) = _permit(key, erin, 5, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(mall), 0, PRICE
            )
        );
        vm.prank(erin);
        mall.checkoutWithPermit(
            _one(item), _q1(1), type(uint256).max, address(pts), 50, deadline, v, r, s
        );
        assertEq(mall.orderCount(), 0);
        assertEq(pts.nonces(erin), 0);
    }

    function test_checkoutWithPermit_expiredPermitFallsBackOnAllowance() public {
        (address erin, uint256 key) = makeAddrAndKey("erin");
        _register(erin, "erin");
        _join(erin, cid);
        _award(erin, 100);
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _permit(key, erin, 50, deadline);
        _approve(erin, pts, PRICE);
        vm.prank(erin);
        mall.checkoutWithPermit(
            _one(item), _q1(1), type(uint256).max, address(pts), 50, deadline, v, r, s
        );
        assertEq(pts.nonces(erin), 0);
        assertEq(pts.allowance(erin, address(mall)), 0);
        _assertStatus(1, PointMall.OrderStatus.Paid);
    }

    function test_checkoutWithPermit_revertsOnBadCart() public {
        vm.expectRevert(PointMall.PointMallBadCart.selector);
        vm.prank(bob);
        mall.checkoutWithPermit(
            new uint256[](0),
            new uint32[](0),
            type(uint256).max,
            address(pts),
            0,
            0,
            0,
            bytes32(0),
            bytes32(0)
        );
    }

    function test_checkoutWithPermit_revertsForVisitor() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotMember.selector, cid, visitor));
        vm.prank(visitor);
        mall.checkoutWithPermit(
            _one(item), _q1(1), type(uint256).max, address(pts), 0, 0, 0, bytes32(0), bytes32(0)
        );
    }

    function test_checkoutWithPermit_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        mall.checkoutWithPermit(
            _one(item), _q1(1), type(uint256).max, address(pts), 0, 0, 0, bytes32(0), bytes32(0)
        );
    }

    // ------------------------------------------------------------------ completeOrder

    function test_completeOrder_burnsPoints() public {
        uint256 id = _placeAndPay(bob, item, 3);
        uint256 supply = pts.totalSupply();
        vm.expectEmit(address(mall));
        emit PointMall.OrderCompleted(id, alice, 3 * PRICE);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(mall), address(0), 3 * PRICE);
        _complete(id);
        _assertStatus(id, PointMall.OrderStatus.Completed);
        assertEq(pts.totalSupply(), supply - 3 * PRICE);
        assertEq(pts.balanceOf(address(mall)), 0);
        assertEq(pts.balanceOf(bob), FUNDS - 3 * PRICE);
        assertEq(mall.escrowed(address(pts)), 0);
        assertEq(mall.getItem(item).stock, STOCK - 3);
    }

    function test_completeOrder_bySystemAdmin() public {
        uint256 id = _placeAndPay(bob, item, 1);
        vm.expectEmit(address(mall));
        emit PointMall.OrderCompleted(id, admin, PRICE);
        vm.prank(admin);
        mall.completeOrder(id);
        _assertStatus(id, PointMall.OrderStatus.Completed);
    }

    function test_completeOrder_keepsOtherEscrow() public {
        uint256 a = _placeAndPay(bob, item, 1);
        _placeAndPay(carol, item, 2);
        _complete(a);
        assertEq(mall.escrowed(address(pts)), 2 * PRICE);
        assertEq(pts.balanceOf(address(mall)), 2 * PRICE);
    }

    function test_completeOrder_revertsForNonAdmin() public {
        uint256 id = _placeAndPay(bob, item, 1);
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallNotCommunityAdmin.selector, cid, bob)
        );
        vm.prank(bob);
        mall.completeOrder(id);
        vm.expectRevert(
            abi.encodeWithSelector(PointMall.PointMallNotCommunityAdmin.selector, cid, visitor)
        );
        vm.prank(visitor);
        mall.completeOrder(id);
    }

    function test_completeOrder_revertsUnknownOrder() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallUnknownOrder.selector, 3));
        vm.prank(alice);
        mall.completeOrder(3);
    }

    function test_completeOrder_revertsWrongStatus() public {
        uint256 id = _place(bob, item, 1);
        _expectWrongStatus(id, PointMall.OrderStatus.Ordered);
        _complete(id);

        _pay(bob, id);
        _complete(id);
        _expectWrongStatus(id, PointMall.OrderStatus.Completed);
        _complete(id);

        uint256 c = _placeAndPay(bob, item, 1);
        vm.prank(bob);
        mall.cancelOrder(c);
        _expectWrongStatus(c, PointMall.OrderStatus.Cancelled);
        _complete(c);
    }

    function test_completeOrder_worksWhilePaused() public {
        uint256 id = _placeAndPay(bob, item, 1);
        _pause();
        vm.expectEmit(address(mall));
        emit PointMall.OrderCompleted(id, alice, PRICE);
        _complete(id);
        _assertStatus(id, PointMall.OrderStatus.Completed);
    }

    // ------------------------------------------------------------------ cancelOrder

    function test_cancelOrder_fromOrdered_returnsStockNoRefund() public {
        uint256 id = _place(bob, item, 4);
        vm.expectEmit(address(mall));
        emit PointMall.OrderCancelled(id, bob, 0, STOCK);
        vm.recordLogs();
        vm.prank(bob);
        mall.cancelOrder(id);
        // only the OrderCancelled log: no token transfer, no deferred payout
        assertEq(vm.getRecordedLogs().length, 1);
        _assertStatus(id, PointMall.OrderStatus.Cancelled);
        assertEq(mall.getItem(item).stock, STOCK);
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(mall.escrowed(address(pts)), 0);
    }

    function test_cancelOrder_fromPaid_refunds() public {
        uint256 id = _placeAndPay(bob, item, 4);
        vm.expectEmit(address(mall));
        emit PointMall.OrderCancelled(id, bob, 4 * PRICE, STOCK);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(mall), bob, 4 * PRICE);
        vm.prank(bob);
        mall.cancelOrder(id);
        _assertStatus(id, PointMall.OrderStatus.Cancelled);
        assertEq(mall.getItem(item).stock, STOCK);
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(pts.balanceOf(address(mall)), 0);
        assertEq(mall.escrowed(address(pts)), 0);
        assertEq(mall.totalOwed(address(pts)), 0);
        assertEq(mall.owed(bob, address(pts)), 0);
    }

    function test_cancelOrder_byCommunityAdminRefundsBuyer() public {
        uint256 id = _placeAndPay(bob, item, 2);
        _place(carol, item, 1);
        vm.expectEmit(address(mall));
        emit PointMall.OrderCancelled(id, alice, 2 * PRICE, STOCK - 1);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(mall), bob, 2 * PRICE);
        vm.prank(alice);
        mall.cancelOrder(id);
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(pts.balanceOf(alice), 0);
        assertEq(mall.getItem(item).stock, STOCK - 1);
    }

    function test_cancelOrder_bySystemAdmin() public {
        uint256 id = _place(bob, item, 2);
        vm.expectEmit(address(mall));
        emit PointMall.OrderCancelled(id, admin, 0, STOCK);
        vm.prank(admin);
        mall.cancelOrder(id);
    }

    function test_cancelOrder_stockReturnsOnTopOfARestock() public {
        uint256 id = _place(bob, item, 4);
        vm.prank(alice);
        mall.updateItem(item, PRICE, 100, true);
        vm.expectEmit(address(mall));
        emit PointMall.OrderCancelled(id, bob, 0, 104);
        vm.prank(bob);
        mall.cancelOrder(id);
    }

    /// @dev A buyer's refund must not depend on how much stock an admin later sets: a
    ///      restock to the 32-bit maximum makes `item.stock + order.quantity` overflow in
    ///      `cancelOrder` (PointMall.sol:314), which would lock the paid points.
    function test_cancelOrder_refundsEvenAfterRestockToMax() public {
        uint256 id = _placeAndPay(bob, item, 4);
        vm.prank(alice);
        mall.updateItem(item, PRICE, type(uint32).max, true);
        vm.prank(bob);
        mall.cancelOrder(id);
        _assertStatus(id, PointMall.OrderStatus.Cancelled);
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(mall.escrowed(address(pts)), 0);
        assertEq(mall.getItem(item).stock, type(uint32).max);
    }

    function test_cancelOrder_revertsForStranger() public {
        uint256 id = _placeAndPay(bob, item, 1);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, id, carol));
        vm.prank(carol);
        mall.cancelOrder(id);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, id, visitor));
        vm.prank(visitor);
        mall.cancelOrder(id);
        (, address dave,) = _secondCommunity(false);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, id, dave));
        vm.prank(dave);
        mall.cancelOrder(id);
    }

    function test_cancelOrder_revertsUnknownOrder() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallUnknownOrder.selector, 1));
        vm.prank(bob);
        mall.cancelOrder(1);
    }

    function test_cancelOrder_revertsWhenCompletedOrCancelled() public {
        uint256 done = _placeAndPay(bob, item, 1);
        _complete(done);
        _expectWrongStatus(done, PointMall.OrderStatus.Completed);
        vm.prank(bob);
        mall.cancelOrder(done);
        _expectWrongStatus(done, PointMall.OrderStatus.Completed);
        vm.prank(alice);
        mall.cancelOrder(done);

        uint256 c = _place(bob, item, 1);
        vm.prank(bob);
        mall.cancelOrder(c);
        _expectWrongStatus(c, PointMall.OrderStatus.Cancelled);
        vm.prank(bob);
        mall.cancelOrder(c);
        assertEq(mall.getItem(item).stock, STOCK - 1);
    }

    function test_cancelOrder_worksWhilePaused() public {
        uint256 ordered = _place(bob, item, 1);
        uint256 paid = _placeAndPay(carol, item, 2);
        _pause();
        vm.expectEmit(address(mall));
        emit PointMall.OrderCancelled(ordered, bob, 0, STOCK - 2);
        vm.prank(bob);
        mall.cancelOrder(ordered);
        vm.expectEmit(address(mall));
        emit PointMall.OrderCancelled(paid, carol, 2 * PRICE, STOCK);
        vm.prank(carol);
        mall.cancelOrder(paid);
        assertEq(pts.balanceOf(carol), FUNDS);
    }

    // ------------------------------------------------------------------ review

    function test_review_recordsStars() public {
        uint256 a = _placeAndPay(bob, item, 1);
        uint256 b = _placeAndPay(carol, item, 1);
        _complete(a);
        _complete(b);

        vm.expectEmit(address(mall));
        emit PointMall.OrderReviewed(a, item, bob, 4, REVIEW);
        vm.prank(bob);
        mall.review(a, 4, REVIEW);
        assertTrue(mall.getOrder(a).reviewed);
        assertEq(mall.getItem(item).ratingSum, 4);
        assertEq(mall.getItem(item).ratingCount, 1);

        vm.expectEmit(address(mall));
        emit PointMall.OrderReviewed(b, item, carol, 1, bytes32(0));
        vm.prank(carol);
        mall.review(b, 1, bytes32(0));
        assertEq(mall.getItem(item).ratingSum, 5);
        assertEq(mall.getItem(item).ratingCount, 2);
    }

    function test_review_revertsForNonBuyer() public {
        uint256 id = _placeAndPay(bob, item, 1);
        _complete(id);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, id, carol));
        vm.prank(carol);
        mall.review(id, 5, REVIEW);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallNotBuyer.selector, id, alice));
        vm.prank(alice);
        mall.review(id, 5, REVIEW);
    }

    function test_review_revertsUnlessCompleted() public {
        uint256 id = _place(bob, item, 1);
        _expectWrongStatus(id, PointMall.OrderStatus.Ordered);
        vm.prank(bob);
        mall.review(id, 5, REVIEW);

        _pay(bob, id);
        _expectWrongStatus(id, PointMall.OrderStatus.Paid);
        vm.prank(bob);
        mall.review(id, 5, REVIEW);

        vm.prank(bob);
        mall.cancelOrder(id);
        _expectWrongStatus(id, PointMall.OrderStatus.Cancelled);
        vm.prank(bob);
        mall.review(id, 5, REVIEW);
    }

    function test_review_revertsTwice() public {
        uint256 id = _placeAndPay(bob, item, 1);
        _complete(id);
        vm.prank(bob);
        mall.review(id, 3, REVIEW);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallAlreadyReviewed.selector, id));
        vm.prank(bob);
        mall.review(id, 5, REVIEW);
        assertEq(mall.getItem(item).ratingSum, 3);
        assertEq(mall.getItem(item).ratingCount, 1);
    }

    function test_review_revertsOnBadStars() public {
        uint256 id = _placeAndPay(bob, item, 1);
        _complete(id);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallInvalidStars.selector, 0));
        vm.prank(bob);
        mall.review(id, 0, REVIEW);
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallInvalidStars.selector, 6));
        vm.prank(bob);
        mall.review(id, 6, REVIEW);
        assertFalse(mall.getOrder(id).reviewed);
    }

    function test_review_revertsUnknownOrder() public {
        vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallUnknownOrder.selector, 8));
        vm.prank(bob);
        mall.review(8, 5, REVIEW);
    }

    function test_review_revertsWhenPaused() public {
        uint256 id = _placeAndPay(bob, item, 1);
        _complete(id);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        mall.review(id, 5, REVIEW);
    }

    function testFuzz_review_stars(uint8 stars) public {
        uint256 id = _placeAndPay(bob, item, 1);
        _complete(id);
        if (stars < 1 || stars > 5) {
            vm.expectRevert(abi.encodeWithSelector(PointMall.PointMallInvalidStars.selector, stars));
            vm.prank(bob);
            mall.review(id, stars, REVIEW);
        } else {
            vm.prank(bob);
            mall.review(id, stars, REVIEW);
            assertEq(mall.getItem(item).ratingSum, stars);
            assertEq(mall.getItem(item).ratingCount, 1);
        }
    }

    // ------------------------------------------------------------------ pause summary

    function test_pause_blocksStartsButNotExits() public {
        uint256 ordered = _place(bob, item, 1);
        uint256 paid = _placeAndPay(bob, item, 1);
        uint256 done = _placeAndPay(bob, item, 1);
        _complete(done);
        _approve(bob, pts, FUNDS);
        _pause();

        vm.startPrank(alice);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        mall.listItem(cid, "Wish", META, 1, 1);
        mall.updateItem(item, PRICE, STOCK, true);
        mall.completeOrder(paid);
        vm.stopPrank();

        vm.startPrank(bob);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        mall.placeOrder(item, 1, type(uint256).max);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        mall.payOrder(ordered);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        mall.checkout(_one(item), _q1(1), type(uint256).max);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        mall.review(done, 5, REVIEW);
        mall.cancelOrder(ordered);
        vm.stopPrank();

        _assertStatus(ordered, PointMall.OrderStatus.Cancelled);
        _assertStatus(paid, PointMall.OrderStatus.Completed);
    }

    // ------------------------------------------------------------------ escrow

    function test_withdraw_revertsWhenNothingOwed() public {
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, bob, address(pts))
        );
        vm.prank(bob);
        mall.withdraw(address(pts));
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, visitor, address(0))
        );
        vm.prank(visitor);
        mall.withdraw(address(0));
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzz_placeOrder_amountIsPriceTimesQuantity(
        uint256 price,
        uint32 stock,
        uint32 quantity
    ) public {
        price = bound(price, 1, type(uint128).max);
        stock = uint32(bound(stock, 1, type(uint32).max));
        quantity = uint32(bound(quantity, 1, stock));
        uint256 id = _listItem(price, stock);
        uint256 amount = price * quantity;
        if (amount > type(uint128).max) {
            vm.expectRevert(PointMall.PointMallAmountTooLarge.selector);
            _place(bob, id, quantity);
            assertEq(mall.getItem(id).stock, stock);
            return;
        }
        vm.expectEmit(address(mall));
        emit PointMall.OrderPlaced(
            1, id, bob, quantity, amount, stock - quantity, uint64(block.timestamp) + ORDER_TTL
        );
        uint256 orderId = _place(bob, id, quantity);
        assertEq(mall.getOrder(orderId).amount, amount);
        assertEq(mall.getItem(id).stock, stock - quantity);
    }

    function testFuzz_placeOrder_moreThanStockReverts(uint32 stock, uint32 quantity) public {
        stock = uint32(bound(stock, 0, type(uint32).max - 1));
        quantity = uint32(bound(quantity, uint256(stock) + 1, type(uint32).max));
        uint256 id = _listItem(1, stock);
        _expectOutOfStock(id, stock, quantity);
        _place(bob, id, quantity);
        assertEq(mall.getItem(id).stock, stock);
        assertEq(mall.orderCount(), 0);
    }

    function testFuzz_orderLifecycle(uint256 price, uint32 stock, uint32 quantity, bool complete)
        public
    {
        price = bound(price, 1, 1e6);
        stock = uint32(bound(stock, 1, 1e6));
        quantity = uint32(bound(quantity, 1, stock));
        uint256 amount = price * quantity;
        uint256 id = _listItem(price, stock);
        _award(bob, amount);
        uint256 balance = pts.balanceOf(bob);
        uint256 supply = pts.totalSupply();

        _approve(bob, pts, amount);
        vm.prank(bob);
        uint256 orderId = mall.checkout(_one(id), _q1(quantity), type(uint256).max)[0];
        assertEq(pts.balanceOf(bob), balance - amount);
        assertEq(mall.escrowed(address(pts)), amount);
        assertEq(mall.getItem(id).stock, stock - quantity);

        if (complete) {
            _complete(orderId);
            assertEq(pts.totalSupply(), supply - amount);
            assertEq(pts.balanceOf(bob), balance - amount);
            assertEq(mall.getItem(id).stock, stock - quantity);
        } else {
            vm.prank(bob);
            mall.cancelOrder(orderId);
            assertEq(pts.totalSupply(), supply);
            assertEq(pts.balanceOf(bob), balance);
            assertEq(mall.getItem(id).stock, stock);
        }
        assertEq(mall.escrowed(address(pts)), 0);
        assertEq(pts.balanceOf(address(mall)), 0);
    }

    function testFuzz_checkout_twoLines(uint32 q1, uint32 q2, uint32 stock2) public {
        stock2 = uint32(bound(stock2, 0, 50));
        q1 = uint32(bound(q1, 1, STOCK));
        q2 = uint32(bound(q2, 1, 60));
        uint256 other = _listItem(3, stock2);
        _approve(bob, pts, FUNDS);
        if (q2 > stock2) {
            _expectOutOfStock(other, stock2, q2);
            vm.prank(bob);
            mall.checkout(_two(item, other), _q2(q1, q2), type(uint256).max);
            assertEq(mall.orderCount(), 0);
            assertEq(mall.getItem(item).stock, STOCK);
            assertEq(pts.balanceOf(bob), FUNDS);
        } else {
            vm.prank(bob);
            mall.checkout(_two(item, other), _q2(q1, q2), type(uint256).max);
            assertEq(mall.orderCount(), 2);
            assertEq(mall.getItem(item).stock, STOCK - q1);
            assertEq(mall.getItem(other).stock, stock2 - q2);
            assertEq(pts.balanceOf(bob), FUNDS - PRICE * q1 - 3 * uint256(q2));
            assertEq(mall.escrowed(address(pts)), PRICE * q1 + 3 * uint256(q2));
        }
    }
}
