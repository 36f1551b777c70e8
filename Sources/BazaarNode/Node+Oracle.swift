public import BazaarAPI
public import BazaarCore

/// Read-only views of the oracle and lending pools for the API, copied out of the actor in one visit.
extension Node {
    /// The oracle's state and what rendering needs.
    public struct OracleView: Sendable {
        public let oracle: OracleState
        public let timeMilliseconds: UInt64
        public let context: RenderingContext
    }

    public var oracleView: OracleView {
        OracleView(
            oracle: application.state.derivatives.oracle, timeMilliseconds: application.state.timeMilliseconds,
            context: renderingContext)
    }

    /// Lending pools with interest accrued to the latest block, in symbol order.
    public var lendingPools: (pools: [LendingPool], context: RenderingContext) {
        let state = application.state
        return (
            state.derivatives.lending.pools.sortedKeys.compactMap { state.accruedLendingPool($0) }, renderingContext
        )
    }

    /// The account's position in every pool it has one in: shares and scaled debt turned into
    /// amounts at the latest block.
    public func lendingPositions(of account: AccountID) -> (
        positions: [(asset: AssetSymbol, supplied: Amount, shares: UInt128, debt: Amount)], context: RenderingContext
    ) {
        let state = application.state
        let positions = state.derivatives.lending.pools.sortedKeys.compactMap {
            asset -> (asset: AssetSymbol, supplied: Amount, shares: UInt128, debt: Amount)? in
            let position = state.derivatives.lending.position(of: account, asset: asset)
            guard !position.isEmpty, let pool = state.accruedLendingPool(asset) else { return nil }
            return (
                asset, pool.value(shares: position.shares), position.shares, pool.debt(scaledDebt: position.scaledDebt)
            )
        }
        return (positions, renderingContext)
    }
}

extension Node {
    /// What a reporter needs to sign its next transaction: the committed height, its next nonce and
    /// the chain's minimum fee.
    public func reporterContext(of account: AccountID) -> (height: UInt64, nonce: UInt64, minimumFee: Amount) {
        let state = application.state
        return (state.height, state.nextNonce(of: account), state.parameters.minimumFee)
    }
}
