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

    /// Every option series (settled ones included), by market id, with each one's mark and the
    /// block time, in one visit to the actor.
    public func optionsView() -> (
        series: [(series: OptionSeries, mark: UInt128?)], timeMilliseconds: UInt64, context: RenderingContext
    ) {
        let state = application.state
        let series = state.derivatives.margin.optionSeries.sortedKeys.map { id in
            let row = state.derivatives.margin.optionSeries[id]!
            return (row, row.settlement == nil ? state.optionMark(of: row) : nil)
        }
        return (series, state.timeMilliseconds, renderingContext)
    }

    /// Every perpetual market's funding state, by market id.
    public func fundingViews() -> (views: [FundingView], context: RenderingContext) {
        let state = application.state
        return (
            state.derivatives.margin.perpetuals.sortedKeys.compactMap { state.fundingView(of: $0) }, renderingContext
        )
    }
}
