public import BazaarAPI
public import BazaarCore

/// Read-only views of margin accounts and perpetual markets for the API.
extension Node {
    /// An account's margin in detail, with the rendering context, in one visit to the actor.
    ///
    /// - Throws: ``MarginValuationError`` when the account cannot be valued in 128 bits.
    public func marginView(_ id: AccountID) throws(MarginValuationError) -> (
        report: MarginReport, context: RenderingContext
    ) {
        (try application.state.marginReport(of: id), renderingContext)
    }

    /// A perpetual market's funding state, the predicted rate and the oracle index; nil when the
    /// market is not a perpetual.
    public func fundingView(_ market: MarketID) -> (funding: FundingView, context: RenderingContext)? {
        guard let view = application.state.fundingView(of: market) else { return nil }
        return (view, renderingContext)
    }

    /// Every perpetual market's funding state, by market id.
    public func fundingViews() -> (views: [FundingView], context: RenderingContext) {
        let state = application.state
        return (
            state.derivatives.margin.perpetuals.sortedKeys.compactMap { state.fundingView(of: $0) }, renderingContext
        )
    }
}
