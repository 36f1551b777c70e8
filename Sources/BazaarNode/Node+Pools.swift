public import BazaarCore

/// Read-only views of the state's AMM pools for the API.
extension Node {
    /// Every pool in id order.
    public var pools: [Pool] { application.state.amm.sortedPools }

    /// The best route for `amountIn` of `assetIn` to `assetOut` across the pools and continuous markets' books.
    public func quote(assetIn: AssetSymbol, amountIn: Amount, assetOut: AssetSymbol) -> AMMRouter.Quote? {
        let state = application.state
        let venues = state.amm.sortedPools.map(AMMRouter.Venue.pool) + state.bookVenues().map(AMMRouter.Venue.book)
        return AMMRouter.quote(venues: venues, assetIn: assetIn, amountIn: amountIn, assetOut: assetOut)
    }
}
