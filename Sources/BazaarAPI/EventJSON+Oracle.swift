public import BazaarCore

extension EventJSON {
    /// Renders an event of the oracle module; its own fields go in `details`. Prices are decimal
    /// strings in the quote asset's units per whole unit of the asset.
    public init(_ event: OracleEvent, context: RenderingContext) {
        switch event {
        case .configured(let authority, let parameters):
            self.init(
                kind: event.kind, asset: parameters.quoteAsset.text, sender: authority.address,
                details: [
                    "quote_asset": parameters.quoteAsset.text,
                    "staleness_ms": String(parameters.stalenessMilliseconds),
                    "minimum_reporters": String(parameters.minimumReporters),
                    "maximum_move_bp": String(parameters.maximumMoveBasisPoints),
                    "twap_window_ms": String(parameters.twapWindowMilliseconds),
                ])
        case .reporterAdded(let reporter), .reporterRemoved(let reporter):
            self.init(kind: event.kind, details: ["reporter": reporter.address])
        case .observed(let reporter, let asset, let quote, let quotePerUnit, let time):
            self.init(
                kind: event.kind, asset: asset.text, sender: reporter.address,
                price: quotePerUnit.formatted(decimals: context.decimals(of: quote)),
                details: ["reporter": reporter.address, "quote_asset": quote.text, "time_ms": String(time)])
        case .priceUpdated(let asset, let quote, let quotePerUnit, let reporterCount, let isStale, let unclamped):
            var details = ["reporters": String(reporterCount), "stale": String(isStale), "quote_asset": quote.text]
            if let unclamped { details["unclamped_price"] = unclamped.formatted(decimals: context.decimals(of: quote)) }
            self.init(
                kind: event.kind, asset: asset.text,
                price: quotePerUnit.formatted(decimals: context.decimals(of: quote)),
                details: details)
        case .volatilityConfigured(let authority, let parameters):
            self.init(
                kind: event.kind, sender: authority.address,
                details: [
                    "staleness_ms": String(parameters.stalenessMilliseconds),
                    "minimum_reporters": String(parameters.minimumReporters),
                    "maximum_move_bp": String(parameters.maximumMoveBasisPoints),
                ])
        case .volatilityObserved(let reporter, let asset, let expiry, let time):
            self.init(
                kind: event.kind, asset: asset.text, sender: reporter.address,
                details: ["reporter": reporter.address, "expiry_ms": String(expiry), "time_ms": String(time)])
        case .volatilityUpdated(let asset, let expiry, let volatilities, let reporterCount, let isStale, let clamped):
            self.init(
                kind: event.kind, asset: asset.text,
                details: [
                    "expiry_ms": String(expiry), "reporters": String(reporterCount), "stale": String(isStale),
                    "clamped": String(clamped),
                    // One decimal fraction per moneyness point, comma-separated.
                    "vols": volatilities.map { VolatilityFormat.volatility(UInt64($0)) }.joined(separator: ","),
                ])
        case .volatilityExpired(let asset, let expiry):
            self.init(kind: event.kind, asset: asset.text, details: ["expiry_ms": String(expiry)])
        }
    }
}
