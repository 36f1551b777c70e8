import BazaarCore

/// Makes random transactions for a ledger simulation: mostly valid ones, and
/// every kind of invalid one the ledger must turn away or fail cleanly.
///
/// Besides the ledger's own actions it makes, when `coversEveryAction` is set, every other action
/// (orders, pools, escrows, oracle, lending, margin), derived where it can be from the current
/// state (open orders, pools, positions, HTLCs, offers, trades), so that a good share succeeds;
/// the genesis of `LedgerSimulation` sets up what they need.
struct TransactionFactory {
    enum Kind: CaseIterable {
        case transfer, overdraft, mint, mintByNonIssuer, mintOverCap, burn, burnOverBalance, createAsset
        case multiAction, zeroAmount, unknownAsset, nonceTooLow, nonceTooHigh, expired, feeBelowMinimum
        case insufficientFee, badSignature, wrongChain, malformed, tooManyActions, noActions
        // Every other action; only with `coversEveryAction`.
        case createMarket, spotOrder, batchOrder, perpetualOrder, cancelOrder, cancelAllOrders, amendOrder
        case createPool, addLiquidity, removeLiquidity, swap, mintPosition, burnPosition, collect, route
        case lockHTLC, claimHTLC, refundHTLC, postSwapOffer, takeSwapOffer, cancelSwapOffer
        case registerResolver, offerTrade, takeTrade, cancelTradeOffer, markPaymentSent, confirmPaymentReceived
        case openDispute, proposeSplit, acceptSplit, decideSplit
        case configureOracle, changeReporter, report
        case configureLendingPool, supply, withdrawSupply, borrow, repay
        case marginDeposit, marginWithdraw, setCollateralWeight, setLiquidationSettings, createPerpetual
        case fundInsurance, listOption

        /// Relative frequency: valid transactions dominate so that balances keep moving; actions
        /// that need an earlier one (a claim needs a lock) come about as often as what they need.
        var weight: Int {
            switch self {
            case .transfer: 30
            case .mint, .burn, .multiAction: 8
            case .createAsset: 4
            case .overdraft, .mintByNonIssuer, .mintOverCap, .burnOverBalance, .zeroAmount, .unknownAsset: 2
            case .nonceTooLow, .nonceTooHigh, .expired, .feeBelowMinimum, .insufficientFee, .badSignature: 2
            case .wrongChain, .malformed, .tooManyActions, .noActions: 1
            case .spotOrder: 12
            case .perpetualOrder, .report: 8
            case .swap: 6
            case .marginDeposit: 5
            case .batchOrder, .cancelOrder, .amendOrder, .acceptSplit: 4
            case .addLiquidity, .mintPosition, .route, .lockHTLC, .claimHTLC, .offerTrade, .takeTrade: 3
            case .markPaymentSent, .openDispute, .proposeSplit, .decideSplit, .supply, .borrow, .repay: 3
            case .removeLiquidity, .burnPosition, .collect, .refundHTLC, .postSwapOffer, .takeSwapOffer: 2
            case .confirmPaymentReceived, .withdrawSupply, .marginWithdraw: 2
            case .createMarket, .cancelAllOrders, .createPool, .cancelSwapOffer, .registerResolver: 1
            case .cancelTradeOffer, .configureOracle, .changeReporter, .configureLendingPool: 1
            case .setCollateralWeight, .setLiquidationSettings, .createPerpetual, .fundInsurance, .listOption: 1
            }
        }

        /// Whether this kind is one of the ledger's own (assets and transfers) or a transaction fault.
        var isBasic: Bool { Kind.allCases.firstIndex(of: self)! <= Kind.allCases.firstIndex(of: .noActions)! }
    }

    /// Symbols the simulation may create; `GOLD` exists from genesis, so creating it fails.
    static let creatableSymbols: [AssetSymbol] = ["OIL", "WHEAT", "EURO", "SILVER", "GOLD"]

    let keys: [PrivateKey]
    let ids: [AccountID]
    let chainID: String
    private let kindTable: [Kind]
    /// Account index by id.
    let indexes: [AccountID: Int]

    /// - Parameter coversEveryAction: whether to make every action, not only the ledger's own;
    ///   the chain needs the genesis of `LedgerSimulation` for those to succeed.
    init(keys: [PrivateKey], chainID: String, coversEveryAction: Bool = false) {
        self.keys = keys
        ids = keys.map(\.publicKey.accountID)
        self.chainID = chainID
        kindTable = Kind.allCases.filter { coversEveryAction || $0.isBasic }.flatMap {
            [Kind](repeating: $0, count: $0.weight)
        }
        indexes = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    }

    /// The encoded bytes of one random transaction, as a client would submit them.
    func makeTransactionBytes(
        state: LedgerState, pending: [AccountID: Application.PendingSender], random: inout SimulationRandom
    ) -> [UInt8] {
        let kind = random.element(of: kindTable)
        var sender = random.int(in: 0...(keys.count - 1))
        let actions = makeActions(kind, sender: &sender, state: state, random: &random)
        let id = ids[sender]
        var transaction = Transaction(
            chainID: chainID, sender: keys[sender].publicKey,
            nonce: state.nextNonce(of: id) + (pending[id]?.transactionCount ?? 0),
            fee: LedgerSimulation.minimumFee.adding(Amount(baseUnits: random.uint128(in: 0...20)))!,
            expiryHeight: state.height + UInt64(random.int(in: 1...5)), actions: actions)
        switch kind {
        case .nonceTooLow where transaction.nonce > 0: transaction.nonce = random.below(transaction.nonce)
        case .nonceTooHigh: transaction.nonce += UInt64(random.int(in: 1...3))
        case .expired: transaction.expiryHeight = state.height
        case .feeBelowMinimum: transaction.fee = Amount(baseUnits: random.uint128(in: 0...9))
        case .insufficientFee:
            transaction.fee = state.balance(of: id, asset: LedgerSimulation.feeAsset).adding(Amount(baseUnits: 1))!
        case .wrongChain: transaction.chainID = chainID + "-other"
        default: break
        }
        let signer = kind == .badSignature ? keys[(sender + 1) % keys.count] : keys[sender]
        let signed = SignedTransaction(transaction: transaction, signature: signer.sign(transaction.signingBytes))
        return kind == .malformed ? corrupt(signed.canonicalBytes, random: &random) : signed.canonicalBytes
    }

    /// A transaction that passes `processProposal` but fails admission at execution: a nonce gap or an expiry.
    func staleTransaction(state: LedgerState, random: inout SimulationRandom) -> VerifiedTransaction? {
        let sender = random.int(in: 0...(keys.count - 1))
        let id = ids[sender]
        let isExpired = random.chance(percent: 50)
        let transaction = Transaction(
            chainID: chainID, sender: keys[sender].publicKey,
            nonce: state.nextNonce(of: id) + (isExpired ? 0 : UInt64(random.int(in: 5...9))),
            fee: LedgerSimulation.minimumFee, expiryHeight: isExpired ? state.height : state.height + 5,
            actions: [.burn(Action.Burn(asset: LedgerSimulation.feeAsset, amount: Amount(baseUnits: 1)))])
        return VerifiedTransaction(verifying: transaction.signed(with: keys[sender]))
    }

    // MARK: - Actions

    private func makeActions(
        _ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom
    ) -> [Action] {
        switch kind {
        case .overdraft:
            return [transfer(from: sender, overdraft: true, state: state, random: &random)]
        case .mint, .mintByNonIssuer, .mintOverCap:
            return [mint(kind, sender: &sender, state: state, random: &random)]
        case .burn, .burnOverBalance:
            let asset = heldAsset(of: sender, state: state, random: &random)
            let amount = pick(
                below: state.balance(of: ids[sender], asset: asset), over: kind == .burnOverBalance, &random)
            return [.burn(Action.Burn(asset: asset, amount: amount))]
        case .createAsset:
            return [createAsset(&random)]
        case .multiAction:
            // Sometimes creates an asset first, so that a later failing action must undo the creation.
            let creates = random.chance(percent: 20) ? [createAsset(&random)] : []
            return creates
                + (0..<random.int(in: 1...3)).map { _ in
                    random.chance(percent: 80)
                        ? transfer(from: sender, overdraft: random.chance(percent: 15), state: state, random: &random)
                        : .burn(
                            Action.Burn(
                                asset: heldAsset(of: sender, state: state, random: &random),
                                amount: Amount(baseUnits: 1)))
                }
        case .zeroAmount:
            return [.transfer(Action.Transfer(recipient: randomRecipient(&random), asset: "USD", amount: .zero))]
        case .unknownAsset:
            return [
                .transfer(
                    Action.Transfer(recipient: randomRecipient(&random), asset: "NOPE", amount: Amount(baseUnits: 1)))
            ]
        case .tooManyActions:
            let action = transfer(from: sender, overdraft: false, state: state, random: &random)
            return [Action](repeating: action, count: SignedTransaction.actionCountMax + 1)
        case .noActions:
            return []
        case .transfer, .nonceTooLow, .nonceTooHigh, .expired, .feeBelowMinimum, .insufficientFee, .badSignature,
            .wrongChain, .malformed:
            return [transfer(from: sender, overdraft: false, state: state, random: &random)]
        default:
            return [makeAction(kind, sender: &sender, state: state, random: &random)]
        }
    }

    func createAsset(_ random: inout SimulationRandom) -> Action {
        let symbol = random.element(of: Self.creatableSymbols)
        let cap = random.chance(percent: 50) ? Amount(baseUnits: random.uint128(in: 1...1_000_000_000)) : nil
        return .createAsset(
            Action.CreateAsset(
                symbol: symbol, name: "Simulated \(symbol)", decimals: UInt8(random.int(in: 0...18)), maxSupply: cap))
    }

    func transfer(from sender: Int, overdraft: Bool, state: LedgerState, random: inout SimulationRandom)
        -> Action
    {
        let asset = heldAsset(of: sender, state: state, random: &random)
        let amount = pick(below: state.balance(of: ids[sender], asset: asset), over: overdraft, &random)
        return .transfer(Action.Transfer(recipient: randomRecipient(&random), asset: asset, amount: amount))
    }

    /// A mint by the asset's issuer (which becomes the sender), by someone else, or past the cap.
    private func mint(_ kind: Kind, sender: inout Int, state: LedgerState, random: inout SimulationRandom) -> Action {
        let assets = state.sortedAssets.filter { ids.contains($0.issuer) }
        let capped = assets.filter { $0.maxSupply != nil }
        let asset = kind == .mintOverCap && !capped.isEmpty ? random.element(of: capped) : random.element(of: assets)
        let issuer = ids.firstIndex(of: asset.issuer)!
        sender = kind == .mintByNonIssuer ? (issuer + random.int(in: 1...(keys.count - 1))) % keys.count : issuer
        var amount = Amount(baseUnits: random.uint128(in: 1...5_000_000))
        if kind == .mintOverCap, let cap = asset.maxSupply {
            amount = cap.subtracting(asset.supply)!.adding(Amount(baseUnits: random.uint128(in: 1...1_000)))!
        }
        return .mint(Action.Mint(asset: asset.symbol, recipient: randomRecipient(&random), amount: amount))
    }

    /// One of the sender's held assets, or the fee asset if it holds none.
    func heldAsset(of sender: Int, state: LedgerState, random: inout SimulationRandom) -> AssetSymbol {
        let held = state.account(ids[sender])?.sortedBalances.map(\.asset) ?? []
        return held.isEmpty ? LedgerSimulation.feeAsset : random.element(of: held)
    }

    /// An amount from 1 to half of `balance`, or above `balance` for an overdraft.
    func pick(below balance: Amount, over: Bool, _ random: inout SimulationRandom) -> Amount {
        guard !over else { return balance.adding(Amount(baseUnits: random.uint128(in: 1...1_000)))! }
        return Amount(baseUnits: random.uint128(in: 1...max(1, balance.baseUnits / 2)))
    }

    /// Usually an existing account; sometimes a new one that appears on first receipt.
    func randomRecipient(_ random: inout SimulationRandom) -> AccountID {
        guard random.chance(percent: 5) else { return random.element(of: ids) }
        return AccountID(validating: random.bytes(AccountID.byteCount))!
    }

    /// Truncated, extended, or with one byte changed.
    private func corrupt(_ bytes: [UInt8], random: inout SimulationRandom) -> [UInt8] {
        switch random.int(in: 0...2) {
        case 0: return Array(bytes.prefix(random.int(in: 0...(bytes.count - 1))))
        case 1: return bytes + random.bytes(random.int(in: 1...8))
        default:
            var changed = bytes
            changed[random.int(in: 0...(bytes.count - 1))] ^= UInt8(random.int(in: 1...255))
            return changed
        }
    }
}
