public import BazaarCore

extension EventJSON {
    /// Renders an event of the AMM module; its own fields go in `details`. Amounts of swaps and
    /// routes are decimal in their asset's units; a pool's `amount0`/`amount1`/`shares` and
    /// position liquidity are in base units (the event does not carry the pool's assets).
    public init(_ event: AMMEvent, context: RenderingContext) {
        func format(_ amount: Amount, _ asset: AssetSymbol) -> String {
            amount.formatted(decimals: context.decimals(of: asset))
        }
        switch event {
        case .poolCreated(let pool, let creator, let asset0, let asset1, let feePips, let concentrated):
            self.init(
                kind: event.kind, sender: creator.address,
                details: [
                    "pool": "\(pool)", "asset0": asset0.text, "asset1": asset1.text, "fee_pips": "\(feePips)",
                    "curve": concentrated ? "concentrated" : "constant_product",
                ])
        case .liquidityAdded(let pool, let provider, let amount0, let amount1, let shares),
            .liquidityRemoved(let pool, let provider, let amount0, let amount1, let shares):
            self.init(
                kind: event.kind, sender: provider.address,
                details: [
                    "pool": "\(pool)", "amount0_units": "\(amount0)", "amount1_units": "\(amount1)",
                    "shares": "\(shares)",
                ])
        case .swapped(let pool, let trader, let assetIn, let amountIn, let assetOut, let amountOut, let fee):
            self.init(
                kind: event.kind, asset: assetIn.text, amount: format(amountIn, assetIn), sender: trader.address,
                details: [
                    "pool": "\(pool)", "asset_in": assetIn.text, "amount_in": format(amountIn, assetIn),
                    "asset_out": assetOut.text, "amount_out": format(amountOut, assetOut), "fee": format(fee, assetIn),
                ])
        case .positionMinted(let position, let pool, let owner, let liquidity, let amount0, let amount1),
            .positionBurned(let position, let pool, let owner, let liquidity, let amount0, let amount1):
            self.init(
                kind: event.kind, owner: owner.address,
                details: [
                    "position": "\(position)", "pool": "\(pool)", "liquidity": "\(liquidity)",
                    "amount0_units": "\(amount0)", "amount1_units": "\(amount1)",
                ])
        case .feesCollected(let position, let pool, let owner, let amount0, let amount1):
            self.init(
                kind: event.kind, owner: owner.address,
                details: [
                    "position": "\(position)", "pool": "\(pool)", "amount0_units": "\(amount0)",
                    "amount1_units": "\(amount1)",
                ])
        case .routed(let trader, let assetIn, let amountIn, let assetOut, let amountOut):
            self.init(
                kind: event.kind, asset: assetIn.text, amount: format(amountIn, assetIn), sender: trader.address,
                details: [
                    "asset_in": assetIn.text, "amount_in": format(amountIn, assetIn), "asset_out": assetOut.text,
                    "amount_out": format(amountOut, assetOut),
                ])
        }
    }
}
