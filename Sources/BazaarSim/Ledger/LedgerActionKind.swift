public import BazaarCore

/// Every kind of action the ledger executes, as the ledger simulation counts them.
///
/// Orders count by where they go: a spot order of a continuous market by its type, any order of a
/// batch-auction market as `place_order.batch_auction`, any order of a perpetual market as
/// `place_order.perpetual`, and a reduce-only order of any market as `place_order.reduce_only`.
/// Pool creations and swaps count by the pool's curve.
public enum LedgerActionKind: String, Sendable, Hashable, CaseIterable, Codable {
    case createAsset = "create_asset"
    case mint
    case burn
    case transfer
    case createMarket = "create_market"
    case placeLimitOrder = "place_order.limit"
    case placeImmediateOrCancelOrder = "place_order.immediate_or_cancel"
    case placeFillOrKillOrder = "place_order.fill_or_kill"
    case placePostOnlyOrder = "place_order.post_only"
    case placeMarketOrder = "place_order.market"
    case placeBatchAuctionOrder = "place_order.batch_auction"
    case placePerpetualOrder = "place_order.perpetual"
    case placeReduceOnlyOrder = "place_order.reduce_only"
    case cancelOrder = "cancel_order"
    case cancelAllOrders = "cancel_all_orders"
    case amendOrder = "amend_order"
    case createConstantProductPool = "amm.create_pool.constant_product"
    case createConcentratedPool = "amm.create_pool.concentrated"
    case addLiquidity = "amm.add_liquidity"
    case removeLiquidity = "amm.remove_liquidity"
    case swapConstantProduct = "amm.swap.constant_product"
    case swapConcentrated = "amm.swap.concentrated"
    case mintPosition = "amm.mint_position"
    case burnPosition = "amm.burn_position"
    case collect = "amm.collect"
    case route = "amm.route"
    case lockHTLC = "escrow.lock_htlc"
    case claimHTLC = "escrow.claim_htlc"
    case refundHTLC = "escrow.refund_htlc"
    case postSwapOffer = "escrow.post_swap_offer"
    case takeSwapOffer = "escrow.take_swap_offer"
    case cancelSwapOffer = "escrow.cancel_swap_offer"
    case registerResolver = "escrow.register_resolver"
    case offerTrade = "escrow.offer_trade"
    case takeTrade = "escrow.take_trade"
    case cancelTradeOffer = "escrow.cancel_trade_offer"
    case markPaymentSent = "escrow.mark_payment_sent"
    case confirmPaymentReceived = "escrow.confirm_payment_received"
    case openDispute = "escrow.open_dispute"
    case proposeSplit = "escrow.propose_split"
    case acceptSplit = "escrow.accept_split"
    case decideSplit = "escrow.decide_split"
    case configureOracle = "oracle.configure"
    case addReporter = "oracle.add_reporter"
    case removeReporter = "oracle.remove_reporter"
    case report = "oracle.report"
    case configureLendingPool = "lending.configure_pool"
    case supply = "lending.supply"
    case withdrawSupply = "lending.withdraw"
    case borrow = "lending.borrow"
    case repay = "lending.repay"
    case marginDeposit = "margin.deposit"
    case marginWithdraw = "margin.withdraw"
    case setCollateralWeight = "margin.set_collateral_weight"
    case setLiquidationSettings = "margin.set_liquidation_settings"
    case createPerpetual = "margin.create_perpetual"
    case fundInsurance = "margin.fund_insurance"
    case listOption = "margin.list_option"

    /// The kind of `action`, looking up markets and pools in `state` (the state before the block).
    /// An order or swap naming a market or pool that `state` does not have counts by its type.
    public init(_ action: Action, state: LedgerState) {
        switch action {
        case .createAsset: self = .createAsset
        case .mint: self = .mint
        case .burn: self = .burn
        case .transfer: self = .transfer
        case .createMarket: self = .createMarket
        case .placeOrder(let place): self = Self.order(place, state: state)
        case .cancelOrder: self = .cancelOrder
        case .cancelAllOrders: self = .cancelAllOrders
        case .amendOrder: self = .amendOrder
        case .amm(let action): self = Self.amm(action, state: state)
        case .escrow(let action): self = Self.escrow(action)
        case .derivatives(.oracle(let action)): self = Self.oracle(action)
        case .derivatives(.lending(let action)): self = Self.lending(action)
        case .derivatives(.margin(let action)): self = Self.margin(action)
        }
    }

    private static func order(_ place: Action.PlaceOrder, state: LedgerState) -> Self {
        if place.reduceOnly { return .placeReduceOnlyOrder }
        if let book = state.market(place.market) {
            if book.market.isPerpetual { return .placePerpetualOrder }
            if book.market.mode == .batchAuction { return .placeBatchAuctionOrder }
        }
        switch place.type {
        case .limit: return .placeLimitOrder
        case .immediateOrCancel: return .placeImmediateOrCancelOrder
        case .fillOrKill: return .placeFillOrKillOrder
        case .postOnly: return .placePostOnlyOrder
        case .market: return .placeMarketOrder
        }
    }

    private static func amm(_ action: AMMAction, state: LedgerState) -> Self {
        switch action {
        case .createPool(let create):
            create.initialSqrtPriceX96 == nil ? .createConstantProductPool : .createConcentratedPool
        case .addLiquidity: .addLiquidity
        case .removeLiquidity: .removeLiquidity
        case .swap(let swap):
            state.amm.pools[swap.pool]?.isConcentrated == true ? .swapConcentrated : .swapConstantProduct
        case .mintPosition: .mintPosition
        case .burnPosition: .burnPosition
        case .collect: .collect
        case .route: .route
        }
    }

    private static func escrow(_ action: EscrowAction) -> Self {
        switch action {
        case .lockHTLC: .lockHTLC
        case .claimHTLC: .claimHTLC
        case .refundHTLC: .refundHTLC
        case .postSwapOffer: .postSwapOffer
        case .takeSwapOffer: .takeSwapOffer
        case .cancelSwapOffer: .cancelSwapOffer
        case .registerResolver: .registerResolver
        case .offerTrade: .offerTrade
        case .takeTrade: .takeTrade
        case .cancelTradeOffer: .cancelTradeOffer
        case .markPaymentSent: .markPaymentSent
        case .confirmPaymentReceived: .confirmPaymentReceived
        case .openDispute: .openDispute
        case .proposeSplit: .proposeSplit
        case .acceptSplit: .acceptSplit
        case .decideSplit: .decideSplit
        }
    }

    private static func oracle(_ action: OracleAction) -> Self {
        switch action {
        case .configure: .configureOracle
        case .addReporter: .addReporter
        case .removeReporter: .removeReporter
        // The simulation counts the volatility surface's actions with the price oracle's.
        case .report, .reportVolatility: .report
        case .configureVolatility: .configureOracle
        }
    }

    private static func lending(_ action: LendingAction) -> Self {
        switch action {
        case .configurePool: .configureLendingPool
        case .supply: .supply
        case .withdraw: .withdrawSupply
        case .borrow: .borrow
        case .repay: .repay
        }
    }

    private static func margin(_ action: MarginAction) -> Self {
        switch action {
        case .deposit: .marginDeposit
        case .withdraw: .marginWithdraw
        case .setCollateralWeight: .setCollateralWeight
        case .setLiquidationSettings: .setLiquidationSettings
        case .createPerpetual: .createPerpetual
        case .fundInsurance: .fundInsurance
        case .listOption: .listOption
        }
    }
}
