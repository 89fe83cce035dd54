// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CommunityPoints} from "../src/CommunityPoints.sol";
import {PointExchange} from "../src/PointExchange.sol";
import {IProfiles} from "../src/interfaces/IProfiles.sol";
import {Escrow} from "../src/utils/Escrow.sol";
import {Managed} from "../src/utils/Managed.sol";
import {Roles} from "../src/utils/Roles.sol";
import {ExchangeEthRejecter} from "./mocks/ExchangeEthRejecter.sol";
import {ExchangeMockToken} from "./mocks/ExchangeMockToken.sol";
import {Base} from "./utils/Base.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice Unit and fuzz tests of `PointExchange`.
contract PointExchangeTest is Base {
    address internal constant ETH = address(0);
    uint256 internal constant FUNDS = 1000;

    /// Second community (creator `dave`, members dave, bob, carol) and its points.
    uint256 internal cid2;
    address internal dave;
    CommunityPoints internal zp;
    uint64 internal expiry;

    function setUp() public override {
        super.setUp();
        dave = _player("dave");
        vm.prank(admin);
        profiles.setVerified(dave, true);
        vm.prank(dave);
        cid2 = communities.createCommunity("Zelda Fans", "Zelda", keccak256("zelda"));
        _join(bob, cid2);
        _join(carol, cid2);
        vm.prank(dave);
        zp = CommunityPoints(communities.createPoints(cid2, "Zelda Points", "ZP"));

        _award(bob, FUNDS);
        _award(carol, FUNDS);
        _awardZp(bob, FUNDS);
        _awardZp(carol, FUNDS);
        vm.deal(bob, 10 ether);
        vm.deal(carol, 10 ether);
        expiry = uint64(block.timestamp + 1 days);
    }

    // ------------------------------------------------------------------ helpers

    function _awardZp(address to, uint256 amount) internal {
        vm.prank(dave);
        communities.award(cid2, to, amount, "test");
    }

    function _approve(address who, IERC20 token, uint256 amount) internal {
        vm.prank(who);
        token.approve(address(exchange), amount);
    }

    /// @dev bob offers `give` pts for `want` wei, open to anyone.
    function _ptsForEth(uint256 give, uint256 want) internal returns (uint256 id) {
        _approve(bob, pts, give);
        vm.prank(bob);
        id = exchange.createOffer(address(pts), give, ETH, want, address(0), expiry);
    }

    /// @dev carol offers `give` wei for `want` pts, open to anyone.
    function _ethForPts(uint256 give, uint256 want) internal returns (uint256 id) {
        vm.prank(carol);
        id = exchange.createOffer{value: give}(ETH, give, address(pts), want, address(0), expiry);
    }

    function _pause() internal {
        vm.prank(admin);
        exchange.pause();
    }

    function _assertStatus(uint256 id, PointExchange.OfferStatus status) internal view {
        assertEq(uint8(exchange.getOffer(id).status), uint8(status), "offer status");
    }

    function _rejecter(string memory name) internal returns (ExchangeEthRejecter r) {
        r = new ExchangeEthRejecter(exchange);
        r.register(name);
        assertTrue(profiles.isRegistered(address(r)));
    }

    // ------------------------------------------------------------------ deployment & pause

    function test_constructor_setsProfiles() public view {
        assertEq(address(exchange.profiles()), address(profiles));
        assertEq(exchange.offerCount(), 0);
        assertFalse(exchange.paused());
    }

    function test_constructor_revertsOnZeroProfiles() public {
        vm.expectRevert(Managed.ManagedZeroAddress.selector);
        new PointExchange(IProfiles(address(0)));
    }

    function test_pause_byPauserOnly() public {
        vm.expectRevert(
            abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, bob, Roles.PAUSER)
        );
        vm.prank(bob);
        exchange.pause();
        vm.expectEmit(address(exchange));
        emit Pausable.Paused(admin);
        _pause();
        vm.expectRevert(
            abi.encodeWithSelector(Managed.ManagedUnauthorized.selector, visitor, Roles.PAUSER)
        );
        vm.prank(visitor);
        exchange.unpause();
        vm.expectEmit(address(exchange));
        emit Pausable.Unpaused(admin);
        vm.prank(admin);
        exchange.unpause();
        assertFalse(exchange.paused());
    }

    // ------------------------------------------------------------------ createOffer

    function test_createOffer_pointsForEth() public {
        _approve(bob, pts, 100);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, address(exchange), 100);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCreated(1, bob, address(pts), 100, ETH, 1 ether, address(0), expiry);
        vm.prank(bob);
        uint256 id = exchange.createOffer(address(pts), 100, ETH, 1 ether, address(0), expiry);

        assertEq(id, 1);
        assertEq(exchange.offerCount(), 1);
        PointExchange.Offer memory o = exchange.getOffer(id);
        assertEq(o.maker, bob);
        assertEq(o.expiry, expiry);
        assertEq(o.giveToken, address(pts));
        assertEq(o.giveAmount, 100);
        assertEq(o.wantToken, ETH);
        assertEq(o.wantAmount, 1 ether);
        assertEq(o.counterparty, address(0));
        _assertStatus(id, PointExchange.OfferStatus.Open);
        assertEq(pts.balanceOf(bob), FUNDS - 100);
        assertEq(pts.balanceOf(address(exchange)), 100);
        assertEq(exchange.escrowed(address(pts)), 100);
        assertEq(exchange.escrowed(ETH), 0);
    }

    function test_createOffer_ethForPoints() public {
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCreated(
            1, carol, ETH, 2 ether, address(pts), 50, address(0), expiry
        );
        vm.prank(carol);
        uint256 id = exchange.createOffer{value: 2 ether}(
            ETH, 2 ether, address(pts), 50, address(0), expiry
        );
        assertEq(id, 1);
        assertEq(carol.balance, 8 ether);
        assertEq(address(exchange).balance, 2 ether);
        assertEq(exchange.escrowed(ETH), 2 ether);
        assertEq(exchange.getOffer(id).giveAmount, 2 ether);
    }

    function test_createOffer_pointsForPoints() public {
        _approve(bob, pts, 30);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, address(exchange), 30);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCreated(
            1, bob, address(pts), 30, address(zp), 45, address(0), expiry
        );
        vm.prank(bob);
        exchange.createOffer(address(pts), 30, address(zp), 45, address(0), expiry);
        assertEq(exchange.escrowed(address(pts)), 30);
        assertEq(exchange.escrowed(address(zp)), 0);
        assertEq(pts.balanceOf(address(exchange)), 30);
    }

    function test_createOffer_withCounterparty() public {
        _approve(bob, pts, 10);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCreated(1, bob, address(pts), 10, address(zp), 10, carol, expiry);
        vm.prank(bob);
        exchange.createOffer(address(pts), 10, address(zp), 10, carol, expiry);
        assertEq(exchange.getOffer(1).counterparty, carol);
    }

    function test_createOffer_feeTokenEscrowsWhatArrived() public {
        ExchangeMockToken fee = new ExchangeMockToken();
        fee.mint(bob, 1000);
        fee.setFeeBps(1000); // 10 %
        _approve(bob, fee, 500);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCreated(1, bob, address(fee), 450, ETH, 1 ether, address(0), expiry);
        vm.prank(bob);
        exchange.createOffer(address(fee), 500, ETH, 1 ether, address(0), expiry);
        assertEq(exchange.getOffer(1).giveAmount, 450);
        assertEq(exchange.escrowed(address(fee)), 450);
        assertEq(fee.balanceOf(address(exchange)), 450);
    }

    function test_createOffer_revertsOnZeroAmounts() public {
        _approve(bob, pts, 100);
        vm.startPrank(bob);
        vm.expectRevert(PointExchange.PointExchangeInvalidOffer.selector);
        exchange.createOffer(address(pts), 0, ETH, 1 ether, address(0), expiry);
        vm.expectRevert(PointExchange.PointExchangeInvalidOffer.selector);
        exchange.createOffer(address(pts), 100, ETH, 0, address(0), expiry);
        vm.expectRevert(PointExchange.PointExchangeInvalidOffer.selector);
        exchange.createOffer(ETH, 0, address(pts), 5, address(0), expiry);
        vm.stopPrank();
    }

    function test_createOffer_revertsOnSameToken() public {
        _approve(bob, pts, 100);
        vm.startPrank(bob);
        vm.expectRevert(PointExchange.PointExchangeInvalidOffer.selector);
        exchange.createOffer(address(pts), 100, address(pts), 100, address(0), expiry);
        vm.expectRevert(PointExchange.PointExchangeInvalidOffer.selector);
        exchange.createOffer{value: 1 ether}(ETH, 1 ether, ETH, 2 ether, address(0), expiry);
        vm.stopPrank();
    }

    function test_createOffer_revertsWhenCounterpartyIsMaker() public {
        _approve(bob, pts, 100);
        vm.expectRevert(PointExchange.PointExchangeInvalidOffer.selector);
        vm.prank(bob);
        exchange.createOffer(address(pts), 100, ETH, 1 ether, bob, expiry);
    }

    function test_createOffer_revertsOnPastOrPresentExpiry() public {
        _approve(bob, pts, 100);
        uint64 nowTs = uint64(block.timestamp);
        vm.startPrank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeInvalidExpiry.selector, nowTs)
        );
        exchange.createOffer(address(pts), 100, ETH, 1 ether, address(0), nowTs);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeInvalidExpiry.selector, nowTs - 1)
        );
        exchange.createOffer(address(pts), 100, ETH, 1 ether, address(0), nowTs - 1);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeInvalidExpiry.selector, 0)
        );
        exchange.createOffer(address(pts), 100, ETH, 1 ether, address(0), 0);
        // one second ahead is fine
        exchange.createOffer(address(pts), 100, ETH, 1 ether, address(0), nowTs + 1);
        vm.stopPrank();
    }

    function test_createOffer_revertsForVisitor() public {
        vm.deal(visitor, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor));
        vm.prank(visitor);
        exchange.createOffer{value: 1 ether}(ETH, 1 ether, address(pts), 5, address(0), expiry);
    }

    function test_createOffer_revertsWhenPaused() public {
        _approve(bob, pts, 100);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        exchange.createOffer(address(pts), 100, ETH, 1 ether, address(0), expiry);
    }

    function test_createOffer_revertsOnWrongEthValue() public {
        vm.startPrank(carol);
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 1 ether - 1, 1 ether)
        );
        exchange.createOffer{value: 1 ether - 1}(ETH, 1 ether, address(pts), 5, address(0), expiry);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 2 ether, 1 ether));
        exchange.createOffer{value: 2 ether}(ETH, 1 ether, address(pts), 5, address(0), expiry);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 0, 1 ether));
        exchange.createOffer(ETH, 1 ether, address(pts), 5, address(0), expiry);
        vm.stopPrank();
    }

    function test_createOffer_revertsOnEthWithTokenGift() public {
        _approve(bob, pts, 100);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 1, 0));
        vm.prank(bob);
        exchange.createOffer{value: 1}(address(pts), 100, ETH, 1 ether, address(0), expiry);
    }

    function test_createOffer_revertsWithoutAllowance() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(exchange), 0, 100
            )
        );
        vm.prank(bob);
        exchange.createOffer(address(pts), 100, ETH, 1 ether, address(0), expiry);
    }

    function test_createOffer_revertsWithoutBalance() public {
        _approve(bob, pts, FUNDS + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, bob, FUNDS, FUNDS + 1
            )
        );
        vm.prank(bob);
        exchange.createOffer(address(pts), FUNDS + 1, ETH, 1 ether, address(0), expiry);
    }

    function test_createOffer_revertsWhenNothingArrives() public {
        ExchangeMockToken hollow = new ExchangeMockToken();
        hollow.mint(bob, 1000);
        hollow.setHollow(true);
        _approve(bob, hollow, 500);
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowNothingReceived.selector, address(hollow))
        );
        vm.prank(bob);
        exchange.createOffer(address(hollow), 500, ETH, 1 ether, address(0), expiry);
        assertEq(exchange.offerCount(), 0);
    }

    // ------------------------------------------------------------------ acceptOffer

    function test_acceptOffer_pointsForEth() public {
        uint256 id = _ptsForEth(100, 1 ether);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferAccepted(id, bob, carol);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(exchange), carol, 100);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(id);

        _assertStatus(id, PointExchange.OfferStatus.Filled);
        assertEq(bob.balance, 11 ether);
        assertEq(carol.balance, 9 ether);
        assertEq(pts.balanceOf(carol), FUNDS + 100);
        assertEq(pts.balanceOf(bob), FUNDS - 100);
        assertEq(pts.balanceOf(address(exchange)), 0);
        assertEq(address(exchange).balance, 0);
        assertEq(exchange.escrowed(address(pts)), 0);
        assertEq(exchange.totalOwed(ETH), 0);
    }

    function test_acceptOffer_ethForPoints() public {
        uint256 id = _ethForPts(2 ether, 50);
        _approve(bob, pts, 50);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferAccepted(id, carol, bob);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(bob, carol, 50);
        vm.prank(bob);
        exchange.acceptOffer(id);

        _assertStatus(id, PointExchange.OfferStatus.Filled);
        assertEq(bob.balance, 12 ether);
        assertEq(carol.balance, 8 ether);
        assertEq(pts.balanceOf(bob), FUNDS - 50);
        assertEq(pts.balanceOf(carol), FUNDS + 50);
        assertEq(address(exchange).balance, 0);
        assertEq(exchange.escrowed(ETH), 0);
    }

    function test_acceptOffer_pointsForPointsAcrossCommunities() public {
        _approve(bob, pts, 30);
        vm.prank(bob);
        uint256 id = exchange.createOffer(address(pts), 30, address(zp), 45, address(0), expiry);
        _approve(carol, zp, 45);

        vm.expectEmit(address(exchange));
        emit PointExchange.OfferAccepted(id, bob, carol);
        vm.expectEmit(address(zp));
        emit IERC20.Transfer(carol, bob, 45);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(exchange), carol, 30);
        vm.prank(carol);
        exchange.acceptOffer(id);

        assertEq(pts.balanceOf(bob), FUNDS - 30);
        assertEq(zp.balanceOf(bob), FUNDS + 45);
        assertEq(pts.balanceOf(carol), FUNDS + 30);
        assertEq(zp.balanceOf(carol), FUNDS - 45);
        assertEq(pts.balanceOf(address(exchange)), 0);
        assertEq(zp.balanceOf(address(exchange)), 0);
        assertEq(exchange.escrowed(address(pts)), 0);
    }

    function test_acceptOffer_counterpartyOnly() public {
        _approve(bob, pts, 10);
        vm.prank(bob);
        uint256 id = exchange.createOffer(address(pts), 10, ETH, 1 ether, carol, expiry);

        address erin = _player("erin");
        vm.deal(erin, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeNotCounterparty.selector, id, erin)
        );
        vm.prank(erin);
        exchange.acceptOffer{value: 1 ether}(id);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeNotCounterparty.selector, id, bob)
        );
        vm.prank(bob);
        exchange.acceptOffer{value: 1 ether}(id);

        vm.expectEmit(address(exchange));
        emit PointExchange.OfferAccepted(id, bob, carol);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(id);
        assertEq(pts.balanceOf(carol), FUNDS + 10);
        assertEq(bob.balance, 11 ether);
    }

    function test_acceptOffer_revertsForMakerOnOpenOffer() public {
        uint256 id = _ptsForEth(100, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeNotCounterparty.selector, id, bob)
        );
        vm.prank(bob);
        exchange.acceptOffer{value: 1 ether}(id);
    }

    function test_acceptOffer_revertsOnWrongEthValue() public {
        uint256 id = _ptsForEth(100, 1 ether);
        vm.startPrank(carol);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 0, 1 ether));
        exchange.acceptOffer(id);
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 1 ether - 1, 1 ether)
        );
        exchange.acceptOffer{value: 1 ether - 1}(id);
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 1 ether + 1, 1 ether)
        );
        exchange.acceptOffer{value: 1 ether + 1}(id);
        vm.stopPrank();
        _assertStatus(id, PointExchange.OfferStatus.Open);
        assertEq(exchange.escrowed(address(pts)), 100);
    }

    function test_acceptOffer_revertsOnEthForTokenWant() public {
        uint256 id = _ethForPts(1 ether, 50);
        _approve(bob, pts, 50);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, 1, 0));
        vm.prank(bob);
        exchange.acceptOffer{value: 1}(id);
    }

    function test_acceptOffer_revertsWithoutAllowance() public {
        uint256 id = _ethForPts(1 ether, 50);
        _approve(bob, pts, 49);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(exchange), 49, 50
            )
        );
        vm.prank(bob);
        exchange.acceptOffer(id);
        _assertStatus(id, PointExchange.OfferStatus.Open);
        assertEq(exchange.escrowed(ETH), 1 ether);
    }

    function test_acceptOffer_expiry() public {
        uint256 id = _ptsForEth(100, 1 ether);
        vm.warp(expiry + 1);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeExpired.selector, id, expiry)
        );
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(id);

        // at the expiry second itself the offer is still good
        vm.warp(expiry);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(id);
        _assertStatus(id, PointExchange.OfferStatus.Filled);
    }

    function test_acceptOffer_revertsWhenNotOpen() public {
        vm.expectRevert(abi.encodeWithSelector(PointExchange.PointExchangeNotOpen.selector, 7));
        vm.prank(carol);
        exchange.acceptOffer(7);

        uint256 filled = _ptsForEth(100, 1 ether);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(filled);
        vm.expectRevert(abi.encodeWithSelector(PointExchange.PointExchangeNotOpen.selector, filled));
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(filled);

        uint256 cancelled = _ptsForEth(100, 1 ether);
        vm.prank(bob);
        exchange.cancelOffer(cancelled);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeNotOpen.selector, cancelled)
        );
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(cancelled);
    }

    function test_acceptOffer_revertsForVisitor() public {
        uint256 id = _ptsForEth(100, 1 ether);
        vm.deal(visitor, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(Managed.ManagedNotRegistered.selector, visitor));
        vm.prank(visitor);
        exchange.acceptOffer{value: 1 ether}(id);
    }

    function test_acceptOffer_revertsWhenPaused() public {
        uint256 id = _ptsForEth(100, 1 ether);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(id);
    }

    // ------------------------------------------------------------------ rejecting receivers

    function test_acceptOffer_makerRejectingEthIsCreditedAndWithdraws() public {
        ExchangeEthRejecter maker = _rejecter("rejecter");
        _award(address(maker), 100);
        maker.approve(pts, address(exchange), 100);
        uint256 id = maker.createOffer(address(pts), 100, ETH, 1 ether, address(0), expiry);

        vm.expectEmit(address(exchange));
        emit PointExchange.OfferAccepted(id, address(maker), carol);
        vm.expectEmit(address(exchange));
        emit Escrow.PayoutDeferred(address(maker), ETH, 1 ether);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(exchange), carol, 100);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(id);

        _assertStatus(id, PointExchange.OfferStatus.Filled);
        assertEq(pts.balanceOf(carol), FUNDS + 100);
        assertEq(carol.balance, 9 ether);
        assertEq(exchange.owed(address(maker), ETH), 1 ether);
        assertEq(exchange.totalOwed(ETH), 1 ether);
        assertEq(exchange.escrowed(ETH), 0);
        assertEq(address(exchange).balance, 1 ether);

        // still refusing: the withdrawal fails and the credit stays
        vm.expectRevert(
            abi.encodeWithSelector(
                Escrow.EscrowWithdrawFailed.selector, address(maker), ETH, 1 ether
            )
        );
        maker.withdraw(ETH);
        assertEq(exchange.owed(address(maker), ETH), 1 ether);

        // withdrawals work while paused
        _pause();
        maker.setAccepting(true);
        vm.expectEmit(address(exchange));
        emit Escrow.Withdrawn(address(maker), ETH, 1 ether);
        maker.withdraw(ETH);
        assertEq(address(maker).balance, 1 ether);
        assertEq(address(exchange).balance, 0);
        assertEq(exchange.owed(address(maker), ETH), 0);
        assertEq(exchange.totalOwed(ETH), 0);

        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, address(maker), ETH)
        );
        maker.withdraw(ETH);
    }

    function test_acceptOffer_takerRejectingEthIsCredited() public {
        uint256 id = _ethForPts(1 ether, 50);
        ExchangeEthRejecter taker = _rejecter("rejecter");
        _award(address(taker), 50);
        taker.approve(pts, address(exchange), 50);

        vm.expectEmit(address(exchange));
        emit PointExchange.OfferAccepted(id, carol, address(taker));
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(taker), carol, 50);
        vm.expectEmit(address(exchange));
        emit Escrow.PayoutDeferred(address(taker), ETH, 1 ether);
        taker.acceptOffer(id);

        assertEq(pts.balanceOf(carol), FUNDS + 50);
        assertEq(exchange.owed(address(taker), ETH), 1 ether);
        assertEq(address(exchange).balance, 1 ether);
        taker.setAccepting(true);
        taker.withdraw(ETH);
        assertEq(address(taker).balance, 1 ether);
    }

    function test_acceptOffer_blockedTokenRecipientIsCredited() public {
        ExchangeMockToken tok = new ExchangeMockToken();
        tok.mint(bob, 500);
        _approve(bob, tok, 500);
        vm.prank(bob);
        uint256 id = exchange.createOffer(address(tok), 500, ETH, 1 ether, address(0), expiry);
        tok.setBlocked(carol, true);

        vm.expectEmit(address(exchange));
        emit Escrow.PayoutDeferred(carol, address(tok), 500);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(id);
        assertEq(bob.balance, 11 ether);
        assertEq(exchange.owed(carol, address(tok)), 500);
        assertEq(exchange.totalOwed(address(tok)), 500);
        assertEq(tok.balanceOf(address(exchange)), 500);

        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowWithdrawFailed.selector, carol, address(tok), 500)
        );
        vm.prank(carol);
        exchange.withdraw(address(tok));

        tok.setBlocked(carol, false);
        vm.expectEmit(address(exchange));
        emit Escrow.Withdrawn(carol, address(tok), 500);
        vm.prank(carol);
        exchange.withdraw(address(tok));
        assertEq(tok.balanceOf(carol), 500);
        assertEq(exchange.totalOwed(address(tok)), 0);
    }

    // ------------------------------------------------------------------ cancelOffer

    function test_cancelOffer_byMakerRefunds() public {
        uint256 id = _ptsForEth(100, 1 ether);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCancelled(id, bob, 100);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(exchange), bob, 100);
        vm.prank(bob);
        exchange.cancelOffer(id);
        _assertStatus(id, PointExchange.OfferStatus.Cancelled);
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(pts.balanceOf(address(exchange)), 0);
        assertEq(exchange.escrowed(address(pts)), 0);
    }

    function test_cancelOffer_ethByMakerRefunds() public {
        uint256 id = _ethForPts(2 ether, 50);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCancelled(id, carol, 2 ether);
        vm.prank(carol);
        exchange.cancelOffer(id);
        assertEq(carol.balance, 10 ether);
        assertEq(address(exchange).balance, 0);
        assertEq(exchange.escrowed(ETH), 0);
    }

    function test_cancelOffer_byAnyoneAfterExpiry() public {
        uint256 id = _ethForPts(2 ether, 50);
        uint256 id2 = _ptsForEth(100, 1 ether);
        vm.warp(expiry + 1);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCancelled(id, visitor, 2 ether);
        vm.prank(visitor);
        exchange.cancelOffer(id);
        assertEq(carol.balance, 10 ether);
        assertEq(visitor.balance, 0);
        assertEq(address(exchange).balance, 0);

        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCancelled(id2, carol, 100);
        vm.expectEmit(address(pts));
        emit IERC20.Transfer(address(exchange), bob, 100);
        vm.prank(carol);
        exchange.cancelOffer(id2);
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(pts.balanceOf(carol), FUNDS);
    }

    function test_cancelOffer_revertsForOthersBeforeExpiry() public {
        uint256 id = _ptsForEth(100, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeNotMaker.selector, id, carol)
        );
        vm.prank(carol);
        exchange.cancelOffer(id);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeNotMaker.selector, id, admin)
        );
        vm.prank(admin);
        exchange.cancelOffer(id);
        // at the expiry second the offer is still live
        vm.warp(expiry);
        vm.expectRevert(
            abi.encodeWithSelector(PointExchange.PointExchangeNotMaker.selector, id, visitor)
        );
        vm.prank(visitor);
        exchange.cancelOffer(id);
        _assertStatus(id, PointExchange.OfferStatus.Open);
    }

    function test_cancelOffer_byMakerAfterExpiry() public {
        uint256 id = _ptsForEth(100, 1 ether);
        vm.warp(expiry + 30 days);
        vm.prank(bob);
        exchange.cancelOffer(id);
        assertEq(pts.balanceOf(bob), FUNDS);
    }

    function test_cancelOffer_revertsWhenNotOpen() public {
        vm.expectRevert(abi.encodeWithSelector(PointExchange.PointExchangeNotOpen.selector, 1));
        vm.prank(bob);
        exchange.cancelOffer(1);

        uint256 id = _ptsForEth(100, 1 ether);
        vm.prank(bob);
        exchange.cancelOffer(id);
        vm.expectRevert(abi.encodeWithSelector(PointExchange.PointExchangeNotOpen.selector, id));
        vm.prank(bob);
        exchange.cancelOffer(id);

        uint256 filled = _ptsForEth(100, 1 ether);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(filled);
        vm.expectRevert(abi.encodeWithSelector(PointExchange.PointExchangeNotOpen.selector, filled));
        vm.prank(bob);
        exchange.cancelOffer(filled);
    }

    function test_cancelOffer_worksWhilePaused() public {
        uint256 a = _ptsForEth(100, 1 ether);
        uint256 b = _ethForPts(1 ether, 5);
        _pause();
        vm.prank(bob);
        exchange.cancelOffer(a);
        vm.warp(expiry + 1);
        vm.prank(bob);
        exchange.cancelOffer(b);
        assertEq(pts.balanceOf(bob), FUNDS);
        assertEq(carol.balance, 10 ether);
        assertEq(exchange.escrowed(ETH), 0);
        assertEq(exchange.escrowed(address(pts)), 0);
    }

    function test_cancelOffer_makerRejectingEthIsCredited() public {
        ExchangeEthRejecter maker = _rejecter("rejecter");
        vm.deal(address(maker), 1 ether);
        uint256 id =
            maker.createOffer{value: 1 ether}(ETH, 1 ether, address(pts), 5, address(0), expiry);
        vm.warp(expiry + 1);
        vm.expectEmit(address(exchange));
        emit PointExchange.OfferCancelled(id, carol, 1 ether);
        vm.expectEmit(address(exchange));
        emit Escrow.PayoutDeferred(address(maker), ETH, 1 ether);
        vm.prank(carol);
        exchange.cancelOffer(id);
        assertEq(exchange.owed(address(maker), ETH), 1 ether);
        assertEq(exchange.escrowed(ETH), 0);
        assertEq(address(exchange).balance, 1 ether);
    }

    function test_withdraw_revertsWhenNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, bob, ETH));
        vm.prank(bob);
        exchange.withdraw(ETH);
        vm.expectRevert(
            abi.encodeWithSelector(Escrow.EscrowNothingOwed.selector, visitor, address(pts))
        );
        vm.prank(visitor);
        exchange.withdraw(address(pts));
    }

    function test_pause_blocksCreateAndAcceptNotCancel() public {
        uint256 id = _ptsForEth(100, 1 ether);
        _approve(bob, pts, 100);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        exchange.createOffer(address(pts), 100, ETH, 1 ether, address(0), expiry);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(carol);
        exchange.acceptOffer{value: 1 ether}(id);
        vm.prank(bob);
        exchange.cancelOffer(id);
        _assertStatus(id, PointExchange.OfferStatus.Cancelled);
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzz_ethForPoints(uint256 give, uint256 want) public {
        give = bound(give, 1, 1e30);
        want = bound(want, 1, 1e30);
        address taker = _player("taker");

        vm.deal(carol, give);
        vm.prank(carol);
        uint256 id =
            exchange.createOffer{value: give}(ETH, give, address(pts), want, address(0), expiry);
        assertEq(exchange.escrowed(ETH), give);

        _award(taker, want);
        _approve(taker, pts, want);
        uint256 takerEth = taker.balance;
        uint256 carolPts = pts.balanceOf(carol);
        vm.prank(taker);
        exchange.acceptOffer(id);
        assertEq(taker.balance, takerEth + give);
        assertEq(pts.balanceOf(taker), 0);
        assertEq(pts.balanceOf(carol), carolPts + want);
        assertEq(carol.balance, 0);
        assertEq(address(exchange).balance, 0);
        assertEq(exchange.escrowed(ETH), 0);
    }

    function testFuzz_pointsForEth(uint256 give, uint256 want) public {
        give = bound(give, 1, FUNDS);
        want = bound(want, 1, 1e30);
        uint256 id = _ptsForEth(give, want);
        assertEq(exchange.escrowed(address(pts)), give);
        assertEq(exchange.getOffer(id).giveAmount, give);
        vm.deal(carol, want);
        vm.prank(carol);
        exchange.acceptOffer{value: want}(id);
        assertEq(bob.balance, 10 ether + want);
        assertEq(carol.balance, 0);
        assertEq(pts.balanceOf(carol), FUNDS + give);
        assertEq(pts.balanceOf(bob), FUNDS - give);
        assertEq(exchange.escrowed(address(pts)), 0);
    }

    function testFuzz_pointsForPoints(uint256 give, uint256 want, bool accept) public {
        give = bound(give, 1, FUNDS);
        want = bound(want, 1, FUNDS);
        _approve(bob, pts, give);
        vm.prank(bob);
        uint256 id = exchange.createOffer(address(pts), give, address(zp), want, carol, expiry);
        if (accept) {
            _approve(carol, zp, want);
            vm.prank(carol);
            exchange.acceptOffer(id);
            assertEq(pts.balanceOf(bob), FUNDS - give);
            assertEq(zp.balanceOf(bob), FUNDS + want);
            assertEq(pts.balanceOf(carol), FUNDS + give);
            assertEq(zp.balanceOf(carol), FUNDS - want);
        } else {
            vm.prank(bob);
            exchange.cancelOffer(id);
            assertEq(pts.balanceOf(bob), FUNDS);
            assertEq(zp.balanceOf(bob), FUNDS);
        }
        assertEq(pts.balanceOf(address(exchange)), 0);
        assertEq(exchange.escrowed(address(pts)), 0);
    }

    function testFuzz_acceptOffer_wrongValueReverts(uint256 want, uint256 sent) public {
        want = bound(want, 1, 1e30);
        sent = bound(sent, 0, 2e30);
        vm.assume(sent != want);
        uint256 id = _ptsForEth(100, want);
        vm.deal(carol, sent);
        vm.expectRevert(abi.encodeWithSelector(Escrow.EscrowWrongValue.selector, sent, want));
        vm.prank(carol);
        exchange.acceptOffer{value: sent}(id);
    }

    function testFuzz_createOffer_expiry(uint64 when) public {
        _approve(bob, pts, 1);
        if (when <= block.timestamp) {
            vm.expectRevert(
                abi.encodeWithSelector(PointExchange.PointExchangeInvalidExpiry.selector, when)
            );
            vm.prank(bob);
            exchange.createOffer(address(pts), 1, ETH, 1, address(0), when);
        } else {
            vm.prank(bob);
            uint256 id = exchange.createOffer(address(pts), 1, ETH, 1, address(0), when);
            assertEq(exchange.getOffer(id).expiry, when);
        }
    }
}
