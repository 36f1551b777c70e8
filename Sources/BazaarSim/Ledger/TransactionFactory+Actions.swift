import BazaarCore

// The actions beyond assets and transfers: each builder picks its sender (the owner of the order,
// the party of the trade, the market authority…) and, where it can, an object that exists in the
// state, so that most succeed; a share are made wrong on purpose so that the rejections run too.

extension TransactionFactory {
    /// One action of `kind` (not a basic kind), setting `sender` to the account that should sign it.
    func makeAction(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        switch kind {
        case .createMarket: createMarket(sender: &sender, state: state, random: &random)
        case .spotOrder, .batchOrder, .perpetualOrder: placeOrder(kind, sender: &sender, state: state, random: &random)
        case .cancelOrder, .cancelAllOrders, .amendOrder:
            changeOrder(kind, sender: &sender, state: state, random: &random)
        case .createPool: createPool(sender: &sender, state: state, random: &random)
        case .addLiquidity, .removeLiquidity:
            constantProductLiquidity(kind, sender: &sender, state: state, random: &random)
        case .swap: swap(sender: sender, state: state, random: &random)
        case .mintPosition, .burnPosition, .collect: position(kind, sender: &sender, state: state, random: &random)
        case .route: route(sender: sender, state: state, random: &random)
        case .lockHTLC, .claimHTLC, .refundHTLC: htlc(kind, sender: &sender, state: state, random: &random)
        case .postSwapOffer, .takeSwapOffer, .cancelSwapOffer:
            swapOffer(kind, sender: &sender, state: state, random: &random)
        case .registerResolver, .offerTrade, .takeTrade, .cancelTradeOffer:
            tradeOffer(kind, sender: &sender, state: state, random: &random)
        case .markPaymentSent, .confirmPaymentReceived, .openDispute, .proposeSplit, .acceptSplit, .decideSplit:
            tradeStep(kind, sender: &sender, state: state, random: &random)
        case .configureOracle, .changeReporter, .report: oracle(kind, sender: &sender, state: state, random: &random)
        case .configureLendingPool, .supply, .withdrawSupply, .borrow, .repay:
            lending(kind, sender: &sender, state: state, random: &random)
        case .marginDeposit, .marginWithdraw, .setCollateralWeight, .setLiquidationSettings, .createPerpetual,
            .fundInsurance, .listOption:
            margin(kind, sender: &sender, state: state, random: &random)
        default: preconditionFailure("\(kind) is a basic kind")
        }
    }

    // MARK: - Shared choices

    /// The market authority (account 0) nine times in ten, else another account, which fails.
    func authorityOrOther(_ random: inout SimulationRandom) -> Int {
        random.chance(percent: 90) ? 0 : random.int(in: 1...(keys.count - 1))
    }

    func randomAccount(_ random: inout SimulationRandom) -> Int { random.int(in: 0...(keys.count - 1)) }

    /// An account other than `excluded`.
    func otherAccount(than excluded: [Int], _ random: inout SimulationRandom) -> Int {
        let candidates = (0..<keys.count).filter { !excluded.contains($0) }
        return candidates.isEmpty ? randomAccount(&random) : random.element(of: candidates)
    }

    /// A random amount from 1 to a `percent` share of `balance` (at least 1).
    func share(of balance: Amount, percent: UInt128, _ random: inout SimulationRandom) -> Amount {
        Amount(baseUnits: random.uint128(in: 1...max(1, balance.baseUnits * percent / 100)))
    }

    /// An asset the chain knows, sometimes one it does not.
    func someAsset(state: LedgerState, _ random: inout SimulationRandom) -> AssetSymbol {
        random.chance(percent: 5) ? "NOPE" : random.element(of: state.sortedAssets).symbol
    }

    /// The oracle price of `asset` in quote base units per whole unit, else the simulation's start price.
    func price(of asset: AssetSymbol, state: LedgerState) -> UInt128 {
        state.oraclePrice(of: asset)?.quotePerUnit ?? LedgerSimulation.goldStartPrice
    }

    // MARK: - Preimages

    /// The preimages of the simulation's hashlocks: a claim can find the preimage of any lock.
    static let preimages: [[UInt8]] = (0..<16).map { Array("bazaar-sim-preimage-\($0)".utf8) }
    static let preimagesByHashlock: [Hash: [UInt8]] = Dictionary(
        uniqueKeysWithValues: preimages.map { (Hash.sha256($0), $0) })

    func randomHashlock(_ random: inout SimulationRandom) -> Hash { Hash.sha256(random.element(of: Self.preimages)) }
}
