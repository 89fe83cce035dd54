// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommunities} from "./interfaces/ICommunities.sol";
import {IProfiles} from "./interfaces/IProfiles.sol";
import {Escrow} from "./utils/Escrow.sol";
import {Managed} from "./utils/Managed.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";

/// @title PointMall
/// @notice Each community's shop: items priced in its points, orders that reserve stock
///         and escrow points, delivery that burns them, and reviews with stars.
/// @dev Order lifecycle: `Ordered` (stock reserved) → `Paid` (points escrowed) →
///      `Completed` (points burned) — or `Cancelled` from either open state (stock and
///      any paid points return). An unpaid order older than `orderTtl()` may be cancelled
///      by anyone. Buyers bound what they pay (`maxUnitPrice`, `maxTotal`), so a price
///      change between looking and buying cannot charge them more. Only members who are
///      not banned order. Cancelling and delivering work while paused.
contract PointMall is Managed, Escrow {
    /// @notice The community has no point token yet.
    error PointMallNoPoints(uint256 communityId);
    /// @notice The caller is not an admin of the item's community.
    error PointMallNotCommunityAdmin(uint256 communityId, address account);
    /// @notice There is no item with this id.
    error PointMallUnknownItem(uint256 itemId);
    /// @notice The item is not for sale.
    error PointMallItemInactive(uint256 itemId);
    /// @notice Not enough stock for the quantity asked.
    error PointMallOutOfStock(uint256 itemId, uint32 stock, uint32 wanted);
    /// @notice Quantities are at least 1.
    error PointMallZeroQuantity();
    /// @notice Names are 1–100 bytes; prices are more than zero.
    error PointMallInvalidItem();
    /// @notice There is no order with this id.
    error PointMallUnknownOrder(uint256 orderId);
    /// @notice The order is not in the status this action needs.
    error PointMallWrongStatus(uint256 orderId, OrderStatus status);
    /// @notice Only the buyer (or, to cancel and deliver, a community admin) may do this.
    error PointMallNotBuyer(uint256 orderId, address account);
    /// @notice Stars are 1–5.
    error PointMallInvalidStars(uint8 stars);
    /// @notice An order is reviewed once.
    error PointMallAlreadyReviewed(uint256 orderId);
    /// @notice The cart's arrays differ in length or are empty.
    error PointMallBadCart();
    /// @notice The order's total does not fit 128 bits.
    error PointMallAmountTooLarge();
    /// @notice The item costs more per unit than the buyer agreed to pay.
    error PointMallPriceAboveLimit(uint256 itemId, uint256 price, uint256 maxUnitPrice);
    /// @notice The cart costs more than the buyer agreed to pay.
    error PointMallTotalAboveLimit(uint256 total, uint256 maxTotal);
    /// @notice Only members of the item's community who are not banned order there.
    error PointMallNotMember(uint256 communityId, address account);
    /// @notice The account is banned from the item's community.
    error PointMallBanned(uint256 communityId, address account);
    /// @notice `orderTtl()` must be 1 s to 365 days.
    error PointMallInvalidOrderTtl(uint64 orderTtl);

    /// @notice A community admin listed an item.
    /// @param itemId The item's id.
    /// @param communityId Its community (prices are in that community's points).
    /// @param token The community's point token.
    /// @param name The item's name.
    /// @param metadataHash keccak256 of the item's metadata document (image, description).
    /// @param price Points per unit.
    /// @param stock Units for sale.
    /// @param by The admin.
    event ItemListed(
        uint256 indexed itemId,
        uint256 indexed communityId,
        address indexed token,
        string name,
        bytes32 metadataHash,
        uint256 price,
        uint32 stock,
        address by
    );
    /// @notice A community admin changed an item.
    /// @param itemId The item.
    /// @param price New price.
    /// @param stock New stock.
    /// @param active Whether it is for sale.
    /// @param by The admin.
    event ItemUpdated(
        uint256 indexed itemId, uint256 price, uint32 stock, bool active, address indexed by
    );
    /// @notice A buyer ordered an item; its stock is reserved (`Ordered`).
    /// @param orderId The order's id.
    /// @param itemId The item.
    /// @param buyer The buyer.
    /// @param quantity Units.
    /// @param amount Total price in points, fixed at ordering.
    /// @param stockLeft The item's stock afterwards.
    /// @param expiresAt Unpaid after this time, anyone may cancel it (the stock returns).
    event OrderPlaced(
        uint256 indexed orderId,
        uint256 indexed itemId,
        address indexed buyer,
        uint32 quantity,
        uint256 amount,
        uint32 stockLeft,
        uint64 expiresAt
    );
    /// @notice The buyer paid; the points are escrowed (`Paid`).
    /// @param orderId The order.
    /// @param buyer The buyer.
    /// @param token The point token.
    /// @param amount Points escrowed.
    event OrderPaid(uint256 indexed orderId, address indexed buyer, address token, uint256 amount);
    /// @notice A community admin delivered; the escrowed points were burned (`Completed`).
    /// @param orderId The order.
    /// @param by The admin.
    /// @param burned Points burned.
    event OrderCompleted(uint256 indexed orderId, address indexed by, uint256 burned);
    /// @notice The order was cancelled (`Cancelled`): stock returned, paid points refunded.
    /// @param orderId The order.
    /// @param by The buyer, an admin, or anyone once an unpaid order has expired.
    /// @param refunded Points refunded to the buyer (0 if unpaid).
    /// @param stockLeft The item's stock afterwards.
    event OrderCancelled(
        uint256 indexed orderId, address indexed by, uint256 refunded, uint32 stockLeft
    );
    /// @notice The buyer of a completed order reviewed it.
    /// @param orderId The order.
    /// @param itemId The item.
    /// @param buyer The buyer.
    /// @param stars 1–5.
    /// @param contentHash keccak256 of the review document.
    event OrderReviewed(
        uint256 indexed orderId,
        uint256 indexed itemId,
        address indexed buyer,
        uint8 stars,
        bytes32 contentHash
    );

    /// @notice An order's status.
    enum OrderStatus {
        None,
        Ordered,
        Paid,
        Completed,
        Cancelled
    }

    /// @notice An item as stored.
    struct Item {
        address token;
        uint32 stock;
        bool active;
        uint64 communityId;
        uint128 price;
        uint64 ratingSum;
        uint64 ratingCount;
    }

    /// @notice An order as stored (two slots).
    struct Order {
        address buyer;
        uint32 quantity;
        OrderStatus status;
        bool reviewed;
        uint64 itemId;
        uint128 amount;
        uint64 placedAt;
    }

    /// @notice The `Communities` contract.
    ICommunities public immutable communities;
    /// @notice How long an unpaid order reserves stock before anyone may cancel it.
    uint64 public immutable orderTtl;

    mapping(uint256 itemId => Item) private _items;
    mapping(uint256 orderId => Order) private _orders;
    mapping(address token => uint256) private _escrowed;
    uint256 private _nextItemId = 1;
    uint256 private _nextOrderId = 1;

    /// @param profiles_ The `Profiles` contract.
    /// @param communities_ The `Communities` contract.
    /// @param orderTtl_ Seconds an unpaid order reserves stock (1 s to 365 days).
    constructor(IProfiles profiles_, ICommunities communities_, uint64 orderTtl_)
        Managed(profiles_)
    {
        if (address(communities_) == address(0)) revert ManagedZeroAddress();
        if (orderTtl_ == 0 || orderTtl_ > 365 days) revert PointMallInvalidOrderTtl(orderTtl_);
        communities = communities_;
        orderTtl = orderTtl_;
    }

    /// @notice Lists an item for sale in a community that has points. Community admins.
    /// @param communityId The community.
    /// @param name 1–100 bytes.
    /// @param metadataHash keccak256 of the metadata document.
    /// @param price Points per unit, more than zero.
    /// @param stock Units for sale.
    /// @return itemId The new item's id.
    function listItem(
        uint256 communityId,
        string calldata name,
        bytes32 metadataHash,
        uint256 price,
        uint32 stock
    ) external whenNotPaused returns (uint256 itemId) {
        address sender = _requireCommunityAdmin(communityId);
        address token = communities.pointsOf(communityId);
        if (token == address(0)) revert PointMallNoPoints(communityId);
        if (bytes(name).length == 0 || bytes(name).length > 100) revert PointMallInvalidItem();
        if (price == 0 || price > type(uint128).max) revert PointMallInvalidItem();
        itemId = _nextItemId++;
        _items[itemId] = Item({
            token: token,
            stock: stock,
            active: true,
            // Community ids are assigned one by one, so they fit 64 bits for ever.
            // forge-lint: disable-next-line(unsafe-typecast)
            communityId: uint64(communityId),
            // Checked against type(uint128).max above.
            // forge-lint: disable-next-line(unsafe-typecast)
            price: uint128(price),
            ratingSum: 0,
            ratingCount: 0
        });
        emit ItemListed(itemId, communityId, token, name, metadataHash, price, stock, sender);
    }

    /// @notice Changes an item's price, stock and availability. Community admins.
    ///         Orders already placed keep their price. Works while paused.
    /// @param itemId The item.
    /// @param price Points per unit, more than zero.
    /// @param stock Units for sale (not counting units reserved by open orders).
    /// @param active Whether it is for sale.
    function updateItem(uint256 itemId, uint256 price, uint32 stock, bool active) external {
        Item storage item = _item(itemId);
        address sender = _requireCommunityAdmin(item.communityId);
        if (price == 0 || price > type(uint128).max) revert PointMallInvalidItem();
        // Checked against type(uint128).max above.
        // forge-lint: disable-next-line(unsafe-typecast)
        item.price = uint128(price);
        item.stock = stock;
        item.active = active;
        emit ItemUpdated(itemId, price, stock, active, sender);
    }

    /// @notice Orders `quantity` units of an item at today's price and reserves them.
    ///         Members of the item's community who are not banned.
    /// @param itemId The item.
    /// @param quantity Units, at least 1.
    /// @param maxUnitPrice The most the buyer pays per unit (the price it was shown).
    /// @return orderId The new order's id.
    function placeOrder(uint256 itemId, uint32 quantity, uint256 maxUnitPrice)
        external
        whenNotPaused
        returns (uint256 orderId)
    {
        uint256 price = _item(itemId).price;
        if (price > maxUnitPrice) revert PointMallPriceAboveLimit(itemId, price, maxUnitPrice);
        (orderId,) = _place(itemId, quantity, _msgSender());
    }

    /// @notice Pays an order: its points move into escrow (`Paid`). The buyer, with an
    ///         allowance for this contract.
    /// @param orderId An `Ordered` order.
    function payOrder(uint256 orderId) external whenNotPaused nonReentrant {
        address sender = _msgSender();
        Order storage order = _order(orderId);
        if (order.buyer != sender) revert PointMallNotBuyer(orderId, sender);
        _pay(orderId, order, _items[order.itemId].token, sender);
    }

    /// @notice The shopping cart: places and pays one order per line in one transaction.
    /// @param itemIds The items.
    /// @param quantities Units per item.
    /// @param maxTotal The most the buyer pays for the whole cart (points, summed over the
    ///        lines: the total it was shown).
    /// @return orderIds The new orders, in cart order.
    function checkout(uint256[] calldata itemIds, uint32[] calldata quantities, uint256 maxTotal)
        external
        whenNotPaused
        nonReentrant
        returns (uint256[] memory orderIds)
    {
        return _checkout(itemIds, quantities, maxTotal);
    }

    /// @notice `checkout` with an ERC-2612 permit for one point token first (a cart from
    ///         one community needs one signature instead of an approval transaction).
    /// @param itemIds The items.
    /// @param quantities Units per item.
    /// @param maxTotal The most the buyer pays for the whole cart.
    /// @param token The point token the permit is for.
    /// @param value The allowance granted.
    /// @param permitDeadline The permit's deadline.
    /// @param v Permit signature.
    /// @param r Permit signature.
    /// @param s Permit signature.
    /// @return orderIds The new orders, in cart order.
    function checkoutWithPermit(
        uint256[] calldata itemIds,
        uint32[] calldata quantities,
        uint256 maxTotal,
        address token,
        uint256 value,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused nonReentrant returns (uint256[] memory orderIds) {
        // A permit that fails (say, front-run) is ignored: the allowance decides.
        try IERC20Permit(token)
            .permit(_msgSender(), address(this), value, permitDeadline, v, r, s) {}
            catch {}
        return _checkout(itemIds, quantities, maxTotal);
    }

    /// @notice A community admin delivers a paid order; its points are burned.
    /// @param orderId A `Paid` order.
    function completeOrder(uint256 orderId) external nonReentrant {
        Order storage order = _order(orderId);
        Item storage item = _items[order.itemId];
        _requireCommunityAdmin(item.communityId);
        if (order.status != OrderStatus.Paid) revert PointMallWrongStatus(orderId, order.status);
        order.status = OrderStatus.Completed;
        uint256 amount = order.amount;
        _escrowed[item.token] -= amount;
        emit OrderCompleted(orderId, _msgSender(), amount);
        ERC20Burnable(item.token).burn(amount);
    }

    /// @notice Cancels an open order: the stock returns and paid points are refunded.
    ///         The buyer or an admin of the item's community; anyone once an unpaid order
    ///         is older than `orderTtl()`. Works while paused.
    /// @param orderId An `Ordered` or `Paid` order.
    function cancelOrder(uint256 orderId) external nonReentrant {
        address sender = _msgSender();
        Order storage order = _order(orderId);
        Item storage item = _items[order.itemId];
        OrderStatus status = order.status;
        bool expired = status == OrderStatus.Ordered && block.timestamp > _expiresAt(order);
        if (!expired && order.buyer != sender && !_isCommunityAdmin(item.communityId, sender)) {
            revert PointMallNotBuyer(orderId, sender);
        }
        if (status != OrderStatus.Ordered && status != OrderStatus.Paid) {
            revert PointMallWrongStatus(orderId, status);
        }
        order.status = OrderStatus.Cancelled;
        // Saturates: an admin may have set the stock to the maximum ("unlimited") since,
        // and a cancellation (an exit) must never fail on an overflow.
        uint32 stock = item.stock;
        uint32 quantity = order.quantity;
        uint32 stockLeft = stock > type(uint32).max - quantity ? type(uint32).max : stock + quantity;
        item.stock = stockLeft;
        uint256 refund = status == OrderStatus.Paid ? order.amount : 0;
        if (refund != 0) _escrowed[item.token] -= refund;
        emit OrderCancelled(orderId, sender, refund, stockLeft);
        _payOut(item.token, order.buyer, refund);
    }

    /// @notice The buyer reviews a completed order, once (not while banned from the
    ///         item's community).
    /// @param orderId A `Completed` order of the caller's.
    /// @param stars 1–5.
    /// @param contentHash keccak256 of the review document.
    function review(uint256 orderId, uint8 stars, bytes32 contentHash) external whenNotPaused {
        address sender = _msgSender();
        Order storage order = _order(orderId);
        if (order.buyer != sender) revert PointMallNotBuyer(orderId, sender);
        if (order.status != OrderStatus.Completed) {
            revert PointMallWrongStatus(orderId, order.status);
        }
        if (order.reviewed) revert PointMallAlreadyReviewed(orderId);
        if (stars < 1 || stars > 5) revert PointMallInvalidStars(stars);
        Item storage item = _items[order.itemId];
        if (communities.isBanned(item.communityId, sender)) {
            revert PointMallBanned(item.communityId, sender);
        }
        order.reviewed = true;
        item.ratingSum += stars;
        item.ratingCount += 1;
        emit OrderReviewed(orderId, order.itemId, sender, stars, contentHash);
    }

    /// @notice An item as stored.
    function getItem(uint256 itemId) external view returns (Item memory) {
        return _items[itemId];
    }

    /// @notice An order as stored.
    function getOrder(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @notice When an unpaid order stops reserving stock (anyone may cancel it after).
    function orderExpiresAt(uint256 orderId) external view returns (uint64) {
        return _expiresAt(_order(orderId));
    }

    /// @notice Points escrowed for paid, open orders in `token`.
    function escrowed(address token) external view returns (uint256) {
        return _escrowed[token];
    }

    /// @notice Items listed so far (ids are 1..count).
    function itemCount() external view returns (uint256) {
        return _nextItemId - 1;
    }

    /// @notice Orders placed so far (ids are 1..count).
    function orderCount() external view returns (uint256) {
        return _nextOrderId - 1;
    }

    function _checkout(uint256[] calldata itemIds, uint32[] calldata quantities, uint256 maxTotal)
        private
        returns (uint256[] memory orderIds)
    {
        uint256 n = itemIds.length;
        if (n == 0 || n != quantities.length) revert PointMallBadCart();
        address buyer = _msgSender();
        orderIds = new uint256[](n);
        uint256 total = 0;
        for (uint256 i; i < n; ++i) {
            (uint256 orderId, uint256 amount) = _placeAndPay(itemIds[i], quantities[i], buyer);
            total += amount;
            orderIds[i] = orderId;
        }
        if (total > maxTotal) revert PointMallTotalAboveLimit(total, maxTotal);
    }

    /// @dev One cart line: places `buyer`'s order and pays it; returns the order and its
    ///      amount.
    function _placeAndPay(uint256 itemId, uint32 quantity, address buyer)
        private
        returns (uint256 orderId, uint256 amount)
    {
        Order storage order;
        (orderId, order) = _place(itemId, quantity, buyer);
        amount = order.amount;
        _pay(orderId, order, _items[itemId].token, buyer);
    }

    /// @dev Places an order for `buyer` (the caller).
    function _place(uint256 itemId, uint32 quantity, address buyer)
        private
        returns (uint256 orderId, Order storage order)
    {
        Item storage item = _item(itemId);
        if (!item.active) revert PointMallItemInactive(itemId);
        if (quantity == 0) revert PointMallZeroQuantity();
        // slither-disable-next-line unused-return -- admin rights do not matter to a buyer
        (bool member, bool banned,) = communities.standingOf(item.communityId, buyer);
        if (banned) revert PointMallBanned(item.communityId, buyer);
        if (!member) revert PointMallNotMember(item.communityId, buyer);
        uint32 stock = item.stock;
        if (stock < quantity) revert PointMallOutOfStock(itemId, stock, quantity);
        uint256 amount = uint256(item.price) * quantity;
        if (amount > type(uint128).max) revert PointMallAmountTooLarge();
        // Safe: checked `stock >= quantity` just above.
        unchecked {
            stock -= quantity;
        }
        item.stock = stock;
        orderId = _nextOrderId++;
        order = _orders[orderId];
        order.buyer = buyer;
        order.quantity = quantity;
        order.status = OrderStatus.Ordered;
        // Item ids are assigned one by one, so they fit 64 bits for ever.
        // forge-lint: disable-next-line(unsafe-typecast)
        order.itemId = uint64(itemId);
        // Checked against type(uint128).max above.
        // forge-lint: disable-next-line(unsafe-typecast)
        order.amount = uint128(amount);
        // forge-lint: disable-next-line(unsafe-typecast)
        order.placedAt = uint64(block.timestamp);
        emit OrderPlaced(orderId, itemId, buyer, quantity, amount, stock, _expiresAt(order));
    }

    /// @dev Pays `buyer`'s (the caller's) order from its points.
    function _pay(uint256 orderId, Order storage order, address token, address buyer) private {
        if (order.status != OrderStatus.Ordered) {
            revert PointMallWrongStatus(orderId, order.status);
        }
        order.status = OrderStatus.Paid;
        uint256 amount = order.amount;
        _escrowed[token] += amount;
        emit OrderPaid(orderId, buyer, token, amount);
        // Community points are plain OpenZeppelin ERC-20s without fees: what is pulled
        // is what arrives, and `_pullIn` checks it arrived.
        _pullIn(token, buyer, amount);
    }

    function _item(uint256 itemId) private view returns (Item storage item) {
        item = _items[itemId];
        if (item.token == address(0)) revert PointMallUnknownItem(itemId);
    }

    function _order(uint256 orderId) private view returns (Order storage order) {
        order = _orders[orderId];
        if (order.status == OrderStatus.None) revert PointMallUnknownOrder(orderId);
    }

    function _expiresAt(Order storage order) private view returns (uint64) {
        return order.placedAt + orderTtl;
    }

    /// @dev The caller (`_msgSender()`), which must be an admin of `communityId` or the
    ///      system admin.
    function _requireCommunityAdmin(uint256 communityId) private view returns (address sender) {
        sender = _msgSender();
        if (!_isCommunityAdmin(communityId, sender)) {
            revert PointMallNotCommunityAdmin(communityId, sender);
        }
    }

    function _isCommunityAdmin(uint256 communityId, address account) private view returns (bool) {
        return communities.isCommunityAdmin(communityId, account) || _isSystemAdmin(account);
    }

    /// @dev `Managed`'s ERC-2771 sender (the relayed request's signer), also for `Escrow`.
    function _msgSender() internal view override(Context, Managed) returns (address) {
        return super._msgSender();
    }

    /// @dev `Managed`'s ERC-2771 calldata (without the appended signer).
    function _msgData() internal view override(Context, Managed) returns (bytes calldata) {
        return super._msgData();
    }

    /// @dev `Managed`'s ERC-2771 suffix: the 20 bytes of signer.
    function _contextSuffixLength() internal view override(Context, Managed) returns (uint256) {
        return super._contextSuffixLength();
    }
}
