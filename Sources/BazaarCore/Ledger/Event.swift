/// Something a transaction did, for clients to follow on the stream.
public enum Event: Sendable, Hashable {
    case feePaid(payer: AccountID, asset: AssetSymbol, amount: Amount)
    case assetCreated(asset: AssetSymbol, issuer: AccountID)
    case minted(asset: AssetSymbol, recipient: AccountID, amount: Amount)
    case burned(asset: AssetSymbol, holder: AccountID, amount: Amount)
    case transferred(asset: AssetSymbol, sender: AccountID, recipient: AccountID, amount: Amount)
    /// The market authority opened a market.
    case marketCreated(market: MarketID, base: AssetSymbol, quote: AssetSymbol)
    /// An order was accepted: `order` is its id; price in ticks, quantity in lots (see ``Market``).
    /// Its trades, if any, follow as `trade` events; a remainder that does not rest is reported
    /// by `orderCancelled`.
    case orderPlaced(
        market: MarketID, order: UInt64, owner: AccountID, side: MatchingEngine.Side, priceTicks: Int64, lots: Int64)
    /// A trade of a continuous market at `priceTicks`, the resting (maker) order's price.
    /// `takerSide` is the incoming order's side. Fees follow from the market's rates (``Market``).
    case trade(
        market: MarketID, priceTicks: Int64, lots: Int64, takerSide: MatchingEngine.Side, maker: UInt64,
        taker: UInt64, makerOwner: AccountID, takerOwner: AccountID)
    /// An order left the book unfilled with `lots` lots; its lock was released.
    case orderCancelled(market: MarketID, order: UInt64, owner: AccountID, lots: Int64, reason: CancelReason)
    /// An order reached its expiry time with `lots` lots unfilled; its lock was released.
    case orderExpired(market: MarketID, order: UInt64, owner: AccountID, lots: Int64)
    /// An order now rests at `priceTicks` with `lots` lots unfilled.
    case orderAmended(market: MarketID, order: UInt64, owner: AccountID, priceTicks: Int64, lots: Int64)
    /// A batch auction traded `lots` lots at the uniform price `priceTicks`; `orderFilled` events
    /// for each order that traded follow.
    case auctionCleared(market: MarketID, priceTicks: Int64, lots: Int64)
    /// An order of a batch auction traded `lots` lots at the clearing price `priceTicks`.
    case orderFilled(
        market: MarketID, order: UInt64, owner: AccountID, side: MatchingEngine.Side, priceTicks: Int64, lots: Int64)
    /// An event of AMM pools or a route.
    case amm(AMMEvent)
    /// An event of an HTLC or a peer-to-peer trade escrow.
    case escrow(EscrowEvent)
    /// An event of the oracle, margin, perpetuals, lending or liquidation.
    case derivatives(DerivativesEvent)

    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {
        case .feePaid(let payer, _, _): [payer]
        case .assetCreated(_, let issuer): [issuer]
        case .minted(_, let recipient, _): [recipient]
        case .burned(_, let holder, _): [holder]
        case .transferred(_, let sender, let recipient, _): sender == recipient ? [sender] : [sender, recipient]
        case .marketCreated, .auctionCleared: []
        case .orderPlaced(_, _, let owner, _, _, _), .orderFilled(_, _, let owner, _, _, _),
            .orderCancelled(_, _, let owner, _, _),
            .orderExpired(_, _, let owner, _), .orderAmended(_, _, let owner, _, _):
            [owner]
        case .trade(_, _, _, _, _, _, let maker, let taker): maker == taker ? [maker] : [maker, taker]
        case .amm(let event): event.accounts
        case .escrow(let event): event.accounts
        case .derivatives(let event): event.accounts
        }
    }

    /// The market an exchange event concerns; nil for ledger events.
    public var market: MarketID? {
        switch self {
        case .feePaid, .assetCreated, .minted, .burned, .transferred, .amm, .escrow, .derivatives: nil
        case .marketCreated(let market, _, _), .orderPlaced(let market, _, _, _, _, _),
            .trade(let market, _, _, _, _, _, _, _), .orderCancelled(let market, _, _, _, _),
            .orderExpired(let market, _, _, _), .orderAmended(let market, _, _, _, _),
            .auctionCleared(let market, _, _), .orderFilled(let market, _, _, _, _, _):
            market
        }
    }

    /// Every kind of this type's own cases, the one list the API's documents are made from.
    public enum Kind: String, CaseIterable, Sendable {
        case feePaid = "fee_paid"
        case assetCreated = "asset_created"
        case minted = "minted"
        case burned = "burned"
        case transferred = "transferred"
        case marketCreated = "market_created"
        case orderPlaced = "order_placed"
        case trade = "trade"
        case orderCancelled = "order_cancelled"
        case orderExpired = "order_expired"
        case orderAmended = "order_amended"
        case auctionCleared = "auction_cleared"
        case orderFilled = "order_filled"
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {
        case .feePaid: Kind.feePaid.rawValue
        case .assetCreated: Kind.assetCreated.rawValue
        case .minted: Kind.minted.rawValue
        case .burned: Kind.burned.rawValue
        case .transferred: Kind.transferred.rawValue
        case .marketCreated: Kind.marketCreated.rawValue
        case .orderPlaced: Kind.orderPlaced.rawValue
        case .trade: Kind.trade.rawValue
        case .orderCancelled: Kind.orderCancelled.rawValue
        case .orderExpired: Kind.orderExpired.rawValue
        case .orderAmended: Kind.orderAmended.rawValue
        case .auctionCleared: Kind.auctionCleared.rawValue
        case .orderFilled: Kind.orderFilled.rawValue
        case .amm(let event): event.kind
        case .escrow(let event): event.kind
        case .derivatives(let event): event.kind
        }
    }

    /// Every kind an event can have: the ledger's and markets', then pools', escrows', the
    /// oracle's, lending's and margin's.
    public static var allKinds: [String] {
        Kind.allCases.map(\.rawValue) + AMMEvent.Kind.allCases.map(\.rawValue)
            + EscrowEvent.Kind.allCases.map(\.rawValue) + OracleEvent.Kind.allCases.map(\.rawValue)
            + LendingEvent.Kind.allCases.map(\.rawValue) + MarginEvent.Kind.allCases.map(\.rawValue)
    }
}

extension Event: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .feePaid(let payer, let asset, let amount):
            writer.write(UInt8(0))
            writer.write(payer)
            writer.write(asset)
            writer.write(amount)
        case .assetCreated(let asset, let issuer):
            writer.write(UInt8(1))
            writer.write(asset)
            writer.write(issuer)
        case .minted(let asset, let recipient, let amount):
            writer.write(UInt8(2))
            writer.write(asset)
            writer.write(recipient)
            writer.write(amount)
        case .burned(let asset, let holder, let amount):
            writer.write(UInt8(3))
            writer.write(asset)
            writer.write(holder)
            writer.write(amount)
        case .transferred(let asset, let sender, let recipient, let amount):
            writer.write(UInt8(4))
            writer.write(asset)
            writer.write(sender)
            writer.write(recipient)
            writer.write(amount)
        case .marketCreated(let market, let base, let quote):
            writer.write(UInt8(5))
            writer.write(market)
            writer.write(base)
            writer.write(quote)
        case .orderPlaced(let market, let order, let owner, let side, let price, let lots):
            writer.write(UInt8(6))
            writer.write(market)
            writer.write(order)
            writer.write(owner)
            writer.write(side.rawValue)
            writer.write(UInt64(price))
            writer.write(UInt64(lots))
        case .trade(
            let market, let price, let lots, let takerSide, let maker, let taker, let makerOwner, let takerOwner):
            writer.write(UInt8(7))
            writer.write(market)
            writer.write(UInt64(price))
            writer.write(UInt64(lots))
            writer.write(takerSide.rawValue)
            writer.write(maker)
            writer.write(taker)
            writer.write(makerOwner)
            writer.write(takerOwner)
        case .orderCancelled(let market, let order, let owner, let lots, let reason):
            writer.write(UInt8(8))
            writer.write(market)
            writer.write(order)
            writer.write(owner)
            writer.write(UInt64(lots))
            writer.write(reason.rawValue)
        case .orderExpired(let market, let order, let owner, let lots):
            writer.write(UInt8(9))
            writer.write(market)
            writer.write(order)
            writer.write(owner)
            writer.write(UInt64(lots))
        case .orderAmended(let market, let order, let owner, let price, let lots):
            writer.write(UInt8(10))
            writer.write(market)
            writer.write(order)
            writer.write(owner)
            writer.write(UInt64(price))
            writer.write(UInt64(lots))
        case .auctionCleared(let market, let price, let lots):
            writer.write(UInt8(11))
            writer.write(market)
            writer.write(UInt64(price))
            writer.write(UInt64(lots))
        case .orderFilled(let market, let order, let owner, let side, let price, let lots):
            writer.write(UInt8(12))
            writer.write(market)
            writer.write(order)
            writer.write(owner)
            writer.write(side.rawValue)
            writer.write(UInt64(price))
            writer.write(UInt64(lots))
        case .amm(let event):
            writer.write(UInt8(13))
            writer.write(event)
        case .escrow(let event):
            writer.write(UInt8(14))
            writer.write(event)
        case .derivatives(let event):
            writer.write(UInt8(15))
            writer.write(event)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0:
            self = .feePaid(
                payer: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 1:
            self = .assetCreated(asset: try reader.read(AssetSymbol.self), issuer: try reader.read(AccountID.self))
        case 2:
            self = .minted(
                asset: try reader.read(AssetSymbol.self), recipient: try reader.read(AccountID.self),
                amount: try reader.read(Amount.self))
        case 3:
            self = .burned(
                asset: try reader.read(AssetSymbol.self), holder: try reader.read(AccountID.self),
                amount: try reader.read(Amount.self))
        case 4:
            self = .transferred(
                asset: try reader.read(AssetSymbol.self), sender: try reader.read(AccountID.self),
                recipient: try reader.read(AccountID.self), amount: try reader.read(Amount.self))
        case 5:
            self = .marketCreated(
                market: try reader.read(MarketID.self), base: try reader.read(AssetSymbol.self),
                quote: try reader.read(AssetSymbol.self))
        case 6:
            self = .orderPlaced(
                market: try reader.read(MarketID.self), order: try reader.read(UInt64.self),
                owner: try reader.read(AccountID.self), side: try reader.readTag(MatchingEngine.Side.self),
                priceTicks: try reader.readPositiveInt64(), lots: try reader.readPositiveInt64())
        case 7:
            self = .trade(
                market: try reader.read(MarketID.self), priceTicks: try reader.readPositiveInt64(),
                lots: try reader.readPositiveInt64(), takerSide: try reader.readTag(MatchingEngine.Side.self),
                maker: try reader.read(UInt64.self), taker: try reader.read(UInt64.self),
                makerOwner: try reader.read(AccountID.self), takerOwner: try reader.read(AccountID.self))
        case 8:
            self = .orderCancelled(
                market: try reader.read(MarketID.self), order: try reader.read(UInt64.self),
                owner: try reader.read(AccountID.self), lots: try reader.readPositiveInt64(),
                reason: try reader.readTag(CancelReason.self))
        case 9:
            self = .orderExpired(
                market: try reader.read(MarketID.self), order: try reader.read(UInt64.self),
                owner: try reader.read(AccountID.self), lots: try reader.readPositiveInt64())
        case 10:
            self = .orderAmended(
                market: try reader.read(MarketID.self), order: try reader.read(UInt64.self),
                owner: try reader.read(AccountID.self), priceTicks: try reader.readPositiveInt64(),
                lots: try reader.readPositiveInt64())
        case 12:
            self = .orderFilled(
                market: try reader.read(MarketID.self), order: try reader.read(UInt64.self),
                owner: try reader.read(AccountID.self), side: try reader.readTag(MatchingEngine.Side.self),
                priceTicks: try reader.readPositiveInt64(), lots: try reader.readPositiveInt64())
        case 11:
            self = .auctionCleared(
                market: try reader.read(MarketID.self), priceTicks: try reader.readPositiveInt64(),
                lots: try reader.readPositiveInt64())
        case 13:
            self = .amm(try reader.read(AMMEvent.self))
        case 14:
            self = .escrow(try reader.read(EscrowEvent.self))
        case 15:
            self = .derivatives(try reader.read(DerivativesEvent.self))
        default:
            throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}

/// What one transaction in a block came to.
public struct TransactionResult: Sendable, Hashable {
    public var id: Hash
    public var code: ResultCode
    /// The index of the action that failed, when an action failed.
    public var failedActionIndex: UInt32?
    public var events: [Event]

    public init(id: Hash, code: ResultCode, failedActionIndex: UInt32? = nil, events: [Event] = []) {
        self.id = id
        self.code = code
        self.failedActionIndex = failedActionIndex
        self.events = events
    }
}

extension TransactionResult: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(code.rawValue)
        writer.write(failedActionIndex.map { UInt64($0) })
        writer.write(events)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        id = try reader.read(Hash.self)
        let rawCode = try reader.read(UInt16.self)
        guard let code = ResultCode(rawValue: rawCode) else {
            throw reader.error(.invalidValue("unknown result code \(rawCode)"))
        }
        self.code = code
        let index = try reader.read(UInt64?.self)
        guard index.map({ $0 <= UInt64(UInt32.max) }) ?? true else {
            throw reader.error(.invalidValue("action index out of range"))
        }
        failedActionIndex = index.map { UInt32($0) }
        events = try reader.read([Event].self)
    }
}
