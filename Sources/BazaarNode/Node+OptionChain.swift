public import BazaarAPI
public import BazaarCore

/// Which expiry's chain to show.
public enum OptionExpirySelector: Sendable, Hashable {
    /// The first expiry after the block time (the last one when every series has expired).
    case nearest
    /// Exactly this expiry, in milliseconds since the epoch.
    case exact(UInt64)
    /// The first expiry on the UTC day starting at this time (milliseconds since the epoch).
    case day(startMilliseconds: UInt64)
}

/// Read-only views of option chains and of an account's Greeks for the API.
extension Node {
    /// The underlying's expiries and the chain of the selected one (nil when none matches), with
    /// the block time and the rendering context, in one visit to the actor.
    public func optionChainView(underlying: AssetSymbol, expiry: OptionExpirySelector) -> (
        expiries: [UInt64], chain: OptionChain?, timeMilliseconds: UInt64, context: RenderingContext
    ) {
        let state = application.state
        let now = state.timeMilliseconds
        let expiries = state.optionExpiries(of: underlying)
        let selected: UInt64?
        switch expiry {
        case .nearest: selected = expiries.first { $0 > now } ?? expiries.last
        case .exact(let milliseconds): selected = expiries.contains(milliseconds) ? milliseconds : nil
        case .day(let start):
            selected = expiries.first { $0 >= start && $0 - start < 86_400_000 }
        }
        let chain = selected.flatMap { state.optionChain(underlying: underlying, expiryMilliseconds: $0) }
        return (expiries, chain, now, renderingContext)
    }

    /// An account's margin (``marginView(_:)``) and its net Greeks per underlying, from one state;
    /// the Greeks are nil when a figure does not fit in `Decimal18`.
    ///
    /// - Throws: ``MarginValuationError`` when the account cannot be valued in 128 bits.
    public func marginAndGreeksView(_ id: AccountID) throws(MarginValuationError) -> (
        report: MarginReport, greeks: [AccountGreeks]?, context: RenderingContext
    ) {
        let (report, context) = try marginView(id)
        return (report, try? application.state.accountGreeks(of: id), context)
    }

    /// The devnet market maker's next option quotes (``Devnet/optionQuoteActions(state:maker:)``).
    public func optionQuoteActions(maker: AccountID) -> [Action] {
        Devnet.optionQuoteActions(state: application.state, maker: maker)
    }
}
