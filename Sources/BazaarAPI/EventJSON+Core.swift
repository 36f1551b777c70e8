public import BazaarCore

/// What rendering needs besides a value: each asset's decimals and each market's units.
public struct RenderingContext: Sendable {
    public var decimals: [AssetSymbol: UInt8]
    public var markets: [MarketID: MarketFormat]

    public init(decimals: [AssetSymbol: UInt8], markets: [MarketID: MarketFormat] = [:]) {
        self.decimals = decimals
        self.markets = markets
    }

    /// The context of a chain with these assets and markets.
    public init(assets: some Sequence<AssetInfo>, markets: some Sequence<Market>) {
        var decimals: [AssetSymbol: UInt8] = [:]
        for asset in assets { decimals[asset.symbol] = asset.decimals }
        var formats: [MarketID: MarketFormat] = [:]
        for market in markets {
            formats[market.id] = MarketFormat(
                market: market, baseDecimals: decimals[market.base] ?? 0, quoteDecimals: decimals[market.quote] ?? 0)
        }
        self.init(decimals: decimals, markets: formats)
    }

    /// The decimals of `asset`; 0 for an asset the context does not know.
    public func decimals(of asset: AssetSymbol) -> UInt8 { decimals[asset] ?? 0 }

    /// The market named `text`: `BASE-QUOTE` in any letter case, or its numeric id.
    public func market(_ text: String) -> MarketFormat? {
        if let id = UInt32(text) { return markets[MarketID(id)] }
        let name = text.uppercased()
        return markets.values.first { $0.market.name == name }
    }

    /// A sentence for a market that `market(_:)` does not find, listing those that exist.
    public func unknownMarket(_ text: String) -> String {
        let known = markets.keys.sorted().map { "\(markets[$0]!.market.name) (\($0))" }
        return
            "no market \(EchoedInput.quoted(text)); markets: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
    }
}

extension EventJSON {
    /// Renders an event: amounts as decimal strings in the asset's units, prices per whole base
    /// unit and sizes in whole base units of the event's market.
    public init(_ event: Event, context: RenderingContext) {
        switch event {
        case .feePaid(let payer, let asset, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: context.decimals(of: asset)),
                sender: payer.address)
        case .assetCreated(let asset, let issuer):
            self.init(kind: event.kind, asset: asset.text, sender: issuer.address)
        case .minted(let asset, let recipient, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: context.decimals(of: asset)),
                recipient: recipient.address)
        case .burned(let asset, let holder, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: context.decimals(of: asset)),
                sender: holder.address)
        case .transferred(let asset, let sender, let recipient, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: context.decimals(of: asset)),
                sender: sender.address, recipient: recipient.address)
        case .amm(let event):
            self.init(event, context: context)
        case .escrow(let event):
            self.init(event, context: context)
        case .derivatives(let event):
            self.init(event, context: context)
        default:
            self.init(marketEvent: event, format: event.market.flatMap { context.markets[$0] })
        }
    }

    /// The fields of an exchange event.
    private init(marketEvent event: Event, format: MarketFormat?) {
        let marketID = event.market ?? 0
        self.init(kind: event.kind, market: format?.market.name, marketId: marketID.rawValue)
        func setPrice(_ ticks: Int64) {
            price = format?.price(ticks: ticks)
            priceTicks = ticks
        }
        func setSize(_ lots: Int64) {
            size = format?.size(lots: lots)
            sizeLots = String(lots)
        }
        switch event {
        case .marketCreated(_, let base, let quote):
            market = "\(base.text)-\(quote.text)"
        case .orderPlaced(_, let order, let owner, let side, let ticks, let lots),
            .orderFilled(_, let order, let owner, let side, let ticks, let lots):
            (orderId, self.owner, self.side) = (String(order), owner.address, side.apiName)
            setPrice(ticks)
            setSize(lots)
        case .trade(_, let ticks, let lots, let takerSide, let makerOrder, let takerOrder, let maker, let taker):
            (side, makerOrderId, takerOrderId) = (takerSide.apiName, String(makerOrder), String(takerOrder))
            (self.maker, self.taker) = (maker.address, taker.address)
            setPrice(ticks)
            setSize(lots)
        case .orderCancelled(_, let order, let owner, let lots, let reason):
            (orderId, self.owner, self.reason) = (String(order), owner.address, reason.apiName)
            setSize(lots)
        case .orderExpired(_, let order, let owner, let lots):
            (orderId, self.owner) = (String(order), owner.address)
            setSize(lots)
        case .orderAmended(_, let order, let owner, let ticks, let lots):
            (orderId, self.owner) = (String(order), owner.address)
            setPrice(ticks)
            setSize(lots)
        case .auctionCleared(_, let ticks, let lots):
            setPrice(ticks)
            setSize(lots)
        case .feePaid, .assetCreated, .minted, .burned, .transferred, .amm, .escrow, .derivatives:
            preconditionFailure("not a market event")
        }
    }
}
