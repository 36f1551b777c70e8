public import BazaarCore

extension EventJSON {
    /// Renders an event of the margin module; its own fields go in `details`.
    public init(_ event: MarginEvent, context: RenderingContext) {
        func amount(_ value: Amount, _ asset: AssetSymbol) -> String {
            value.formatted(decimals: context.decimals(of: asset))
        }
        // `BASE-PERP` for a perpetual, the series' name for an option.
        func market(_ id: MarketID) -> String? { context.markets[id]?.market.name }
        // Every market an event names is in the context of its chain; one the context does not
        // know renders in base units.
        func size(_ value: Int128, _ id: MarketID) -> String {
            MarginFormat.signed(value, decimals: context.markets[id].map { context.decimals(of: $0.market.base) } ?? 0)
        }
        func quoteDecimals(_ id: MarketID) -> UInt8 {
            context.markets[id].map { context.decimals(of: $0.market.quote) } ?? 0
        }
        func quote(_ value: Amount, _ id: MarketID) -> String { value.formatted(decimals: quoteDecimals(id)) }
        switch event {
        case .deposited(let account, let asset, let value), .withdrawn(let account, let asset, let value),
            .insuranceFunded(let account, let asset, let value):
            self.init(kind: event.kind, asset: asset.text, amount: amount(value, asset), owner: account.address)
        case .collateralWeightSet(let asset, let weight):
            self.init(
                kind: event.kind, asset: asset.text, details: ["weight": MarginFormat.basisPoints(weight)])
        case .liquidationSettingsSet(let closeFactor, let penalty):
            self.init(
                kind: event.kind,
                details: [
                    "closeFactor": MarginFormat.basisPoints(closeFactor),
                    "penalty": MarginFormat.basisPoints(penalty),
                ])
        case .perpetualCreated(let id, let base):
            self.init(kind: event.kind, asset: base.text, market: market(id), marketId: id.rawValue)
        case .funding(let id, let rate, let delta, let index, let paid, let dust):
            let decimals = quoteDecimals(id)
            self.init(
                kind: event.kind, market: market(id), marketId: id.rawValue,
                details: [
                    "rate": MarginFormat.ppm(rate), "ratePpm": String(rate), "indexDelta": String(delta),
                    "index": String(index), "longsPaid": MarginFormat.signed(paid, decimals: decimals),
                    "dust": quote(dust, id),
                ])
        case .liquidated(let account, let id, let filled, let notional, let penalty):
            self.init(
                kind: event.kind, market: market(id), marketId: id.rawValue, owner: account.address,
                side: filled > 0 ? "buy" : "sell", size: size(filled, id),
                details: ["notional": quote(notional, id), "penalty": quote(penalty, id)])
        case .takenOver(let account, let id, let taken, let price):
            self.init(
                kind: event.kind, market: market(id), marketId: id.rawValue, owner: account.address,
                size: size(taken, id),
                details: [
                    "price": MarginFormat.unsigned(price, decimals: quoteDecimals(id))
                ])
        case .deleveraged(let account, let counterparty, let id, let closed, let loss):
            self.init(
                kind: event.kind, market: market(id), marketId: id.rawValue, owner: account.address,
                size: size(closed, id),
                details: ["counterparty": counterparty.address, "loss": quote(loss, id)])
        case .collateralSeized(let account, let asset, let value, let proceeds):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount(value, asset), owner: account.address,
                details: ["proceedsQuoteBaseUnits": proceeds.baseUnits.description])
        case .deficitCovered(let account, let asset, let value), .badDebt(let account, let asset, let value),
            .debtRepaid(let account, let asset, let value):
            self.init(kind: event.kind, asset: asset.text, amount: amount(value, asset), owner: account.address)
        case .debtTakenOver(let account, let asset, let debt, let value):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount(debt, asset), owner: account.address,
                details: ["valueQuoteBaseUnits": value.baseUnits.description])
        case .optionListed(let id, let underlying):
            self.init(
                kind: event.kind, asset: underlying.text, market: market(id),
                marketId: id.rawValue)
        case .optionSeriesSettled(let id, let price, let openInterest, let dust):
            let decimals = quoteDecimals(id)
            self.init(
                kind: event.kind, market: market(id), marketId: id.rawValue,
                size: size(openInterest, id),
                details: ["price": MarginFormat.unsigned(price, decimals: decimals), "dust": quote(dust, id)])
        case .optionPositionSettled(let account, let id, let settled, let payout, let pnl):
            let decimals = quoteDecimals(id)
            self.init(
                kind: event.kind, market: market(id), marketId: id.rawValue,
                owner: account.address, size: size(settled, id),
                details: [
                    "payout": MarginFormat.signed(payout, decimals: decimals),
                    "pnl": MarginFormat.signed(pnl, decimals: decimals),
                ])
        }
    }
}
