public import BazaarAPI
public import BazaarCore

/// Read-only views of the escrow module for the API, as plain values.
extension Node {
    public func htlc(_ id: UInt64) -> (HTLC?, RenderingContext) {
        (application.state.escrow.htlcs[id], renderingContext)
    }

    /// The newest HTLCs (up to `limit`) with this hashlock and/or involving this account, newest first.
    ///
    /// - Complexity: O(HTLCs).
    public func htlcs(hashlock: Hash?, account: AccountID?, limit: Int) -> ([HTLC], RenderingContext) {
        let table = application.state.escrow.htlcs
        var found: [HTLC] = []
        var id = UInt64(table.count)
        while id > 0, found.count < limit {
            let htlc = table[id]!
            if hashlock.map({ $0 == htlc.hashlock }) ?? true,
                account.map({ $0 == htlc.sender || $0 == htlc.recipient }) ?? true
            {
                found.append(htlc)
            }
            id -= 1
        }
        return (found, renderingContext)
    }

    public func swapOffer(_ id: UInt64) -> (SwapOffer?, RenderingContext) {
        (application.state.escrow.swapOffers[id], renderingContext)
    }

    /// The newest swap offers (up to `limit`) in `status` (any when nil), newest first.
    public func swapOffers(status: SwapOffer.Status?, limit: Int) -> ([SwapOffer], RenderingContext) {
        let table = application.state.escrow.swapOffers
        var found: [SwapOffer] = []
        var id = UInt64(table.count)
        while id > 0, found.count < limit {
            let offer = table[id]!
            if status.map({ $0 == offer.status }) ?? true { found.append(offer) }
            id -= 1
        }
        return (found, renderingContext)
    }

    public func tradeEscrow(_ id: UInt64) -> (TradeEscrow?, RenderingContext) {
        (application.state.escrow.trades[id], renderingContext)
    }

    /// The newest trades (up to `limit`) in `status` and/or involving `account`, newest first,
    /// with the registered resolvers.
    public func tradeEscrows(status: TradeEscrow.Status?, account: AccountID?, limit: Int) -> (
        trades: [TradeEscrow], resolvers: [(AccountID, Resolver)], context: RenderingContext
    ) {
        let escrow = application.state.escrow
        var found: [TradeEscrow] = []
        var id = UInt64(escrow.trades.count)
        while id > 0, found.count < limit {
            let trade = escrow.trades[id]!
            if status.map({ $0 == trade.status }) ?? true,
                account.map({ [trade.seller, trade.buyer, trade.terms.mediator, trade.terms.arbitrator].contains($0) })
                    ?? true
            {
                found.append(trade)
            }
            id -= 1
        }
        let resolvers = escrow.resolvers.sortedKeys.map { ($0, escrow.resolvers[$0]!) }
        return (found, resolvers, renderingContext)
    }
}
