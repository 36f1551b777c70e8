public import BazaarAPI
public import BazaarCore

extension MarketJSON {
    /// The state machine's description of this market, to build and check orders with.
    ///
    /// - Throws: `BazaarClientError.Code.unexpectedResponse` when a field does not parse.
    public func coreMarket() throws(BazaarClientError) -> Market {
        guard let market = market else {
            throw BazaarClientError(.unexpectedResponse, "market \(name) has fields this client cannot read")
        }
        return market
    }

    /// Units for showing this market's prices and sizes.
    public func format() throws(BazaarClientError) -> MarketFormat {
        MarketFormat(market: try coreMarket(), baseDecimals: baseDecimals, quoteDecimals: quoteDecimals)
    }
}

/// An order as a person states it, in text: what `bazaar order place` takes.
public struct OrderInput: Sendable, Equatable {
    /// `buy` or `sell`.
    public var side: String
    /// `limit` or `market`.
    public var type: String
    /// `gtc`, `ioc`, `fok` or `post-only` for a limit order; a market order is always
    /// immediate-or-cancel.
    public var timeInForce: String
    /// Quote per whole base unit: a limit order's limit, a market order's worst price.
    public var price: String
    /// Whole base units.
    public var size: String
    public var clientOrderID: UInt64?
    /// Block time at which a resting remainder expires.
    public var expiresAtMilliseconds: UInt64?
    /// `cancel-resting`, `cancel-incoming` or `cancel-both`.
    public var selfTradePrevention: String
    /// Only shrink the position (a perpetual's immediate order; ``Action/PlaceOrder/reduceOnly``).
    public var reduceOnly: Bool

    public init(
        side: String, type: String = "limit", timeInForce: String = "gtc", price: String, size: String,
        clientOrderID: UInt64? = nil, expiresAtMilliseconds: UInt64? = nil,
        selfTradePrevention: String = "cancel-resting", reduceOnly: Bool = false
    ) {
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.price = price
        self.size = size
        self.clientOrderID = clientOrderID
        self.expiresAtMilliseconds = expiresAtMilliseconds
        self.selfTradePrevention = selfTradePrevention
        self.reduceOnly = reduceOnly
    }
}

extension TransactionBuilder {
    /// A new order on `market` from `input`, checked against the market's rules before anything
    /// is signed (the node would charge a fee to refuse it).
    ///
    /// - Throws: `BazaarClientError.Code.invalidInput` with a sentence that starts with the result
    ///   code the node would give where there is one (`price_off_tick: …`, `size_off_lot: …`,
    ///   `below_minimum_size: …`, `price_out_of_range: …`, `unsupported_order_type: …`,
    ///   `reduce_only_unsupported: …`).
    public static func placeOrder(on market: MarketJSON, _ input: OrderInput) throws(BazaarClientError) -> Action {
        let core = try market.coreMarket()
        guard let side = MatchingEngine.Side(apiName: input.side) else {
            throw BazaarClientError(.invalidInput, "side must be buy or sell, not '\(input.side)'")
        }
        let type = try orderType(input.type, timeInForce: input.timeInForce, on: market)
        if input.reduceOnly, !core.isPerpetual || core.mode != .continuous || type.rests {
            throw BazaarClientError(
                .invalidInput,
                "reduce_only_unsupported: a reduce-only order is a perpetual's and immediate (--type market, or --tif ioc or fok)"
            )
        }
        let priceTicks = try priceTicks(input.price, on: market, core)
        let lots = try lots(input.size, on: market, core)
        guard let stp = selfTradePrevention(input.selfTradePrevention) else {
            throw BazaarClientError(
                .invalidInput,
                "self-trade prevention must be cancel-resting, cancel-incoming or cancel-both, not '\(input.selfTradePrevention)'"
            )
        }
        return .placeOrder(
            Action.PlaceOrder(
                market: core.id, side: side, type: type,
                price: core.tickSize.multiplied(by: UInt128(priceTicks))!,
                size: core.lotSize.multiplied(by: UInt128(lots))!, clientOrderID: input.clientOrderID,
                expiresAtMilliseconds: input.expiresAtMilliseconds, selfTradePrevention: stp,
                reduceOnly: input.reduceOnly))
    }

    /// The order type for a `--type` and `--tif`, refusing what the market does not take.
    static func orderType(_ type: String, timeInForce: String, on market: MarketJSON) throws(BazaarClientError)
        -> OrderType
    {
        let tif = timeInForce.lowercased().replacingOccurrences(of: "_", with: "-")
        let orderType: OrderType
        switch (type.lowercased(), tif) {
        case ("limit", "gtc"): orderType = .limit
        case ("limit", "ioc"): orderType = .immediateOrCancel
        case ("limit", "fok"): orderType = .fillOrKill
        case ("limit", "post-only"): orderType = .postOnly
        case ("market", "gtc"), ("market", "ioc"): orderType = .market
        case ("market", _):
            throw BazaarClientError(
                .invalidInput, "a market order is immediate-or-cancel; --tif \(timeInForce) does not apply")
        case ("limit", _):
            throw BazaarClientError(
                .invalidInput, "time in force must be gtc, ioc, fok or post-only, not '\(timeInForce)'")
        default:
            throw BazaarClientError(.invalidInput, "order type must be limit or market, not '\(type)'")
        }
        if market.mode == "batch_auction", orderType == .postOnly || orderType == .fillOrKill {
            throw BazaarClientError(
                .invalidInput,
                "\(ResultCode.unsupportedOrderType.name): \(market.name) clears by batch auction at the end of each block; it takes limit (gtc or ioc) and market orders"
            )
        }
        return orderType
    }

    /// A price per whole base unit as ticks of `market`.
    static func priceTicks(_ text: String, on market: MarketJSON, _ core: Market) throws(BazaarClientError) -> Int64 {
        let perWhole = try amount(text, decimals: market.quoteDecimals)
        // Per lot: perWhole × lotSize / 10^baseDecimals, which must come out whole.
        let (high, low) = perWhole.baseUnits.multipliedFullWidth(by: core.lotSize.baseUnits)
        let scale = Amount.powerOfTen(Int(market.baseDecimals))
        guard high < scale else {
            throw BazaarClientError(
                .invalidInput, "\(ResultCode.priceOutOfRange.name): price \(text) is above \(market.maximumPrice)")
        }
        let (perLot, remainder) = scale.dividingFullWidth((high, low))
        let offTick = BazaarClientError(
            .invalidInput,
            "\(ResultCode.priceOffTick.name): price \(text) is not a multiple of the tick, \(market.tickSize) \(market.quote) per \(market.base) on \(market.name)"
        )
        guard remainder == 0 else { throw offTick }
        switch core.priceTicks(ofPrice: Amount(baseUnits: perLot)) {
        case .success(let ticks): return ticks
        case .failure(let rejection) where rejection.code == .priceOffTick: throw offTick
        case .failure(let rejection):
            throw BazaarClientError(
                .invalidInput,
                "\(rejection.code.name): price \(text) is outside \(market.tickSize) to \(market.maximumPrice) \(market.quote) per \(market.base)"
            )
        }
    }

    /// A size in whole base units as lots of `market`.
    static func lots(_ text: String, on market: MarketJSON, _ core: Market) throws(BazaarClientError) -> Int64 {
        let size = try positiveAmount(text, decimals: market.baseDecimals)
        switch core.lots(inSize: size) {
        case .success(let lots): return lots
        case .failure(let rejection):
            let reason =
                switch rejection.code {
                case .sizeOffLot: "is not a multiple of the lot, \(market.lotSize) \(market.base)"
                case .belowMinimumSize: "is below \(market.name)'s minimum, \(market.minimumSize) \(market.base)"
                default: "is too large"
                }
            throw BazaarClientError(.invalidInput, "\(rejection.code.name): size \(text) \(market.base) \(reason)")
        }
    }

    /// `cancel-resting`, `cancel-incoming`, `cancel-both` (or with underscores).
    static func selfTradePrevention(_ text: String) -> SelfTradePrevention? {
        let name = text.lowercased().replacingOccurrences(of: "-", with: "_")
        return SelfTradePrevention.allCases.first { $0.apiName == name }
    }

    /// Names an open order by the ledger's id or the sender's client id, exactly one of them.
    public static func orderReference(id: UInt64?, clientID: UInt64?) throws(BazaarClientError) -> OrderReference {
        switch (id, clientID) {
        case (let id?, nil): return .id(id)
        case (nil, let client?): return .clientID(client)
        default: throw BazaarClientError(.invalidInput, "name the order by exactly one of its id and its client id")
        }
    }

    /// An amendment of an open order: a new price and/or a new unfilled size, checked like a new
    /// order's.
    public static func amendOrder(
        on market: MarketJSON, order: OrderReference, price: String?, size: String?
    ) throws(BazaarClientError) -> Action {
        guard price != nil || size != nil else {
            throw BazaarClientError(.invalidInput, "an amendment needs a new price, a new size or both")
        }
        let core = try market.coreMarket()
        var newPrice: Amount?
        var newSize: Amount?
        if let price { newPrice = core.tickSize.multiplied(by: UInt128(try priceTicks(price, on: market, core)))! }
        if let size { newSize = core.lotSize.multiplied(by: UInt128(try lots(size, on: market, core)))! }
        return .amendOrder(Action.AmendOrder(market: core.id, order: order, price: newPrice, size: newSize))
    }

    /// A duration such as `90s`, `15m`, `2h`, `7d` or `500ms`, in milliseconds.
    public static func milliseconds(_ text: String) throws(BazaarClientError) -> UInt64 {
        let units: [(suffix: String, milliseconds: UInt64)] = [
            ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let count = UInt64(text.dropLast(unit.suffix.count)), count > 0 else { break }
            let total = count.multipliedReportingOverflow(by: unit.milliseconds)
            guard !total.overflow else { break }
            return total.partialValue
        }
        throw BazaarClientError(
            .invalidInput, "'\(text)' is not a duration: a positive whole number with ms, s, m, h or d, e.g. 30m")
    }
}
