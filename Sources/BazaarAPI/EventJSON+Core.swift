public import BazaarCore

extension EventJSON {
    /// Renders a ledger event with amounts as decimal strings.
    ///
    /// - Parameter decimals: the decimals of the event's asset.
    public init(_ event: Event, decimals: UInt8) {
        switch event {
        case .feePaid(let payer, let asset, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: decimals), sender: payer.address
            )
        case .assetCreated(let asset, let issuer):
            self.init(kind: event.kind, asset: asset.text, sender: issuer.address)
        case .minted(let asset, let recipient, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: decimals),
                recipient: recipient.address)
        case .burned(let asset, let holder, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: decimals),
                sender: holder.address)
        case .transferred(let asset, let sender, let recipient, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: decimals),
                sender: sender.address,
                recipient: recipient.address)
        case .marketCreated(let market, let base, let quote):
            self.init(kind: event.kind, asset: Self.marketText(market), amount: "\(base.text)-\(quote.text)")
        case .orderPlaced(let market, _, let owner, _, _, let lots),
            .orderFilled(let market, _, let owner, _, _, let lots),
            .orderCancelled(let market, _, let owner, let lots, _),
            .orderExpired(let market, _, let owner, let lots), .orderAmended(let market, _, let owner, _, let lots):
            self.init(kind: event.kind, asset: Self.marketText(market), amount: String(lots), sender: owner.address)
        case .trade(let market, _, let lots, _, _, _, let maker, let taker):
            self.init(
                kind: event.kind, asset: Self.marketText(market), amount: String(lots), sender: taker.address,
                recipient: maker.address)
        case .auctionCleared(let market, _, let lots):
            self.init(kind: event.kind, asset: Self.marketText(market), amount: String(lots))
        }
    }

    /// Interim rendering of exchange events until the API grows market fields: `asset` names the
    /// market (`market/<id>`) and `amount` is a size in lots; `sender` is the order's owner (for a
    /// trade, the taker, with the maker as `recipient`).
    static func marketText(_ market: MarketID) -> String { "market/\(market)" }

    /// What `asset(of:)` returns for exchange events, whose rendering uses no decimals.
    public static let exchangeEventAsset: AssetSymbol = "MARKET"

    /// The asset an event concerns, whose decimals format its amount.
    public static func asset(of event: Event) -> AssetSymbol {
        switch event {
        case .feePaid(_, let asset, _), .assetCreated(let asset, _), .minted(let asset, _, _), .burned(let asset, _, _),
            .transferred(let asset, _, _, _):
            asset
        case .marketCreated, .orderPlaced, .trade, .orderCancelled, .orderExpired, .orderAmended, .auctionCleared,
            .orderFilled:
            exchangeEventAsset
        }
    }
}
