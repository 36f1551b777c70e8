internal import HeapModule

/// Every balance, nonce, asset, market and open order of the ledger at one height.
///
/// Changes go through the mutating accessors below, which keep two journals:
/// an undo log for the transaction in progress (so that its actions apply all
/// or none) and the first-seen value of everything the block touched (for the
/// state commitment and the conservation check, both O(changes)).
public struct LedgerState: Sendable {
    public let parameters: ChainParameters
    public internal(set) var height: UInt64
    public internal(set) var timeMilliseconds: UInt64
    public internal(set) var lastBlockHash: Hash
    /// The application hash after executing block `height`; the genesis hash at height 0.
    public internal(set) var appHash: Hash
    public internal(set) var accounts: [AccountID: Account]
    public internal(set) var assets: [AssetSymbol: AssetInfo]
    /// Transaction fees collected, in `parameters.feeAsset`.
    public internal(set) var feePool: Amount
    /// Trading fees collected (net of maker rebates), by asset; no zero entries.
    public internal(set) var tradingFeePools: [AssetSymbol: Amount]
    /// Markets by id: `markets[i]` has id `i + 1`.
    public internal(set) var markets: [MarketBook]
    /// The id the next order gets; ids are unique across markets and never reused once committed.
    public internal(set) var nextOrderID: UInt64
    /// The time priority the next placement or price change gets.
    public internal(set) var nextPriority: UInt64
    /// AMM pools and their positions.
    public internal(set) var amm: AMMState
    /// Hash-time-locked contracts and peer-to-peer trade escrows.
    public internal(set) var escrow: EscrowState
    /// Oracle prices, margin accounts, perpetual positions, lending pools and the insurance fund.
    public internal(set) var derivatives: DerivativesState

    private var undoLog: [Change] = []
    private var isInTransaction = false
    private(set) var blockOriginals = BlockOriginals()

    // Indexes derived from `markets` (rebuilt on decoding, never hashed or encoded).
    /// Each account's open orders and client order ids.
    private(set) var orderIndex: [AccountID: AccountOrders] = [:]
    /// Orders with an expiry, soonest first. Entries are never removed early: one whose order is
    /// gone or has another expiry is skipped when it comes up.
    var expiryQueue = Heap<ExpiryEntry>()
    /// Reused by every match so that matching does not allocate per order.
    var tradeBuffer: [MatchingEngine.Trade] = []
    /// The accounts the liquidation engine handled in the last end of block it ran (per-block
    /// scratch for the maintenance invariant; never hashed or encoded, so a state decoded from a
    /// snapshot has none until its next block).
    var liquidationRecord: LiquidationRecord?
    /// Black-Scholes results by their inputs, shared by this state's copies; never hashed or
    /// encoded (``OptionPricingMemo``).
    let optionPricingMemo = OptionPricingMemo()
    /// The off-consensus record of the block in progress (``HistoryJournal``), or nil when history
    /// is off; never hashed, encoded or compared.
    var historyJournal: HistoryJournal?
    /// Where the journal stood when the transaction in progress began.
    private var historyMark: HistoryJournal.Mark?

    enum Change: Sendable {
        case account(AccountID, Account?)
        case asset(AssetSymbol, AssetInfo?)
        case feePool(Amount)
        case tradingFeePool(AssetSymbol, Amount?)
        case order(OrderKey, Order?)
        case engine(MarketID, EngineUndo)
        case marketCreated
        case lastPrice(MarketID, Int64?)
        case sequence(nextOrderID: UInt64, nextPriority: UInt64)
    }

    /// The exact inverse of one engine mutation.
    enum EngineUndo: Sendable {
        /// Undoes an order coming to rest at the back of its level.
        case remove(id: UInt64)
        /// Undoes an order leaving its queue (filled, cancelled, reduced to zero): back behind `after`.
        case insert(id: UInt64, side: MatchingEngine.Side, price: Int64, lots: Int64, isPostOnly: Bool, after: UInt64?)
        /// Undoes a partial fill or reduce.
        case increase(id: UInt64, lots: Int64)
    }

    struct BlockOriginals: Sendable {
        var accounts: [AccountID: Account?] = [:]
        var assets: [AssetSymbol: AssetInfo?] = [:]
        var feePool: Amount?
        var tradingFeePools: [AssetSymbol: Amount?] = [:]
        var orders: [OrderKey: Order?] = [:]
        /// Markets created or whose last price changed.
        var markets: Set<MarketID> = []
    }

    struct AccountOrders: Sendable {
        var open: Set<OrderKey> = []
        var byClientID: [UInt64: OrderKey] = [:]
    }

    struct ExpiryEntry: Sendable, Comparable {
        var timeMilliseconds: UInt64
        var key: OrderKey

        static func < (lhs: ExpiryEntry, rhs: ExpiryEntry) -> Bool {
            (lhs.timeMilliseconds, lhs.key) < (rhs.timeMilliseconds, rhs.key)
        }
    }

    init(
        parameters: ChainParameters, height: UInt64, timeMilliseconds: UInt64, lastBlockHash: Hash, appHash: Hash,
        accounts: [AccountID: Account], assets: [AssetSymbol: AssetInfo], feePool: Amount,
        tradingFeePools: [AssetSymbol: Amount] = [:], markets: [MarketBook] = [], nextOrderID: UInt64 = 1,
        nextPriority: UInt64 = 1, amm: AMMState = AMMState(), escrow: EscrowState = EscrowState(),
        derivatives: DerivativesState = DerivativesState()
    ) {
        self.parameters = parameters
        self.height = height
        self.timeMilliseconds = timeMilliseconds
        self.lastBlockHash = lastBlockHash
        self.appHash = appHash
        self.accounts = accounts
        self.assets = assets
        self.feePool = feePool
        self.tradingFeePools = tradingFeePools
        self.markets = markets
        self.nextOrderID = nextOrderID
        self.nextPriority = nextPriority
        self.amm = amm
        self.escrow = escrow
        self.derivatives = derivatives
        for book in markets {
            for id in book.orders.keys.sorted() { indexOrder(nil, book.orders[id]) }
        }
    }

    public func account(_ id: AccountID) -> Account? { accounts[id] }

    /// The account's free balance of `asset`.
    public func balance(of id: AccountID, asset: AssetSymbol) -> Amount {
        accounts[id]?.balance(of: asset) ?? .zero
    }

    /// What the account's open orders hold of `asset`.
    public func locked(of id: AccountID, asset: AssetSymbol) -> Amount {
        accounts[id]?.lockedAmount(of: asset) ?? .zero
    }

    /// The nonce the account's next transaction must carry.
    public func nextNonce(of id: AccountID) -> UInt64 { accounts[id]?.nonce ?? 0 }

    /// Assets in symbol order.
    public var sortedAssets: [AssetInfo] { assets.keys.sorted().map { assets[$0]! } }

    // MARK: - Mutation with journals

    mutating func setBalance(_ amount: Amount, of id: AccountID, asset: AssetSymbol) {
        var account = accounts[id] ?? Account()
        account.balances[asset] = amount.isZero ? nil : amount
        writeAccount(account, for: id)
    }

    mutating func setNonce(_ nonce: UInt64, of id: AccountID) {
        var account = accounts[id] ?? Account()
        account.nonce = nonce
        writeAccount(account, for: id)
    }

    /// Changes one account with a single journal entry.
    mutating func updateAccount(_ id: AccountID, _ body: (inout Account) -> Void) {
        var account = accounts[id] ?? Account()
        body(&account)
        writeAccount(account, for: id)
    }

    mutating func writeAsset(_ asset: AssetInfo) {
        let previous = assets[asset.symbol]
        if isInTransaction { undoLog.append(.asset(asset.symbol, previous)) }
        if blockOriginals.assets[asset.symbol] == nil { blockOriginals.assets[asset.symbol] = .some(previous) }
        assets[asset.symbol] = asset
    }

    mutating func setFeePool(_ amount: Amount) {
        if isInTransaction { undoLog.append(.feePool(feePool)) }
        if blockOriginals.feePool == nil { blockOriginals.feePool = feePool }
        feePool = amount
    }

    mutating func addTradingFee(_ amount: Amount, asset: AssetSymbol) {
        guard !amount.isZero else { return }
        let previous = tradingFeePools[asset]
        if isInTransaction { undoLog.append(.tradingFeePool(asset, previous)) }
        if blockOriginals.tradingFeePools[asset] == nil { blockOriginals.tradingFeePools[asset] = .some(previous) }
        // The pool is bounded by the asset's supply, so it cannot overflow.
        tradingFeePools[asset] = (previous ?? .zero).adding(amount)!
    }

    /// Writes (or, with `nil`, removes) an open order, keeping the account indexes in step.
    mutating func writeOrder(_ order: Order?, key: OrderKey) {
        let previous = markets[key.market.index].orders[key.id]
        if isInTransaction { undoLog.append(.order(key, previous)) }
        if blockOriginals.orders[key] == nil { blockOriginals.orders[key] = .some(previous) }
        replaceOrder(previous, with: order, key: key)
    }

    mutating func appendMarket(_ book: MarketBook) {
        precondition(book.market.id.index == markets.count, "markets are numbered in creation order")
        if isInTransaction { undoLog.append(.marketCreated) }
        blockOriginals.markets.insert(book.market.id)
        markets.append(book)
    }

    mutating func setLastPrice(_ price: Int64, market: MarketID) {
        let previous = markets[market.index].lastPriceTicks
        guard previous != price else { return }
        if isInTransaction { undoLog.append(.lastPrice(market, previous)) }
        blockOriginals.markets.insert(market)
        markets[market.index].lastPriceTicks = price
    }

    /// Takes the next order id and time priority.
    mutating func takeOrderID() -> (id: UInt64, priority: UInt64) {
        if isInTransaction { undoLog.append(.sequence(nextOrderID: nextOrderID, nextPriority: nextPriority)) }
        defer {
            nextOrderID += 1
            nextPriority += 1
        }
        return (nextOrderID, nextPriority)
    }

    /// Takes the next time priority, for an order that loses its place.
    mutating func takePriority() -> UInt64 {
        if isInTransaction { undoLog.append(.sequence(nextOrderID: nextOrderID, nextPriority: nextPriority)) }
        defer { nextPriority += 1 }
        return nextPriority
    }

    /// Records the inverse of an engine mutation that has just happened.
    mutating func journalEngine(_ undo: EngineUndo, market: MarketID) {
        if isInTransaction { undoLog.append(.engine(market, undo)) }
    }

    private mutating func writeAccount(_ account: Account, for id: AccountID) {
        let previous = accounts[id]
        if isInTransaction { undoLog.append(.account(id, previous)) }
        if blockOriginals.accounts[id] == nil { blockOriginals.accounts[id] = .some(previous) }
        historyJournal?.recordAccount(id, from: previous, to: account)
        accounts[id] = account
    }

    /// Sets an order record and its index entries, without journals.
    private mutating func replaceOrder(_ previous: Order?, with order: Order?, key: OrderKey) {
        markets[key.market.index].orders[key.id] = order
        indexOrder(previous, order)
    }

    private mutating func indexOrder(_ previous: Order?, _ order: Order?) {
        if let previous {
            orderIndex[previous.owner]!.open.remove(previous.key)
            if let client = previous.clientOrderID { orderIndex[previous.owner]!.byClientID[client] = nil }
            if orderIndex[previous.owner]!.open.isEmpty { orderIndex[previous.owner] = nil }
        }
        if let order {
            orderIndex[order.owner, default: AccountOrders()].open.insert(order.key)
            if let client = order.clientOrderID { orderIndex[order.owner]!.byClientID[client] = order.key }
            if let expiry = order.expiresAtMilliseconds, previous?.expiresAtMilliseconds != expiry {
                expiryQueue.insert(ExpiryEntry(timeMilliseconds: expiry, key: order.key))
            }
        }
    }

    /// Starts recording an undo log so that `rollBackTransaction()` can restore this point.
    mutating func beginTransaction() {
        precondition(!isInTransaction, "transactions do not nest")
        isInTransaction = true
        undoLog.removeAll(keepingCapacity: true)
        historyMark = historyJournal?.mark
        amm.beginTransaction()
        escrow.beginTransaction()
        derivatives.beginTransaction()
    }

    mutating func commitTransaction() {
        precondition(isInTransaction, "no transaction in progress")
        isInTransaction = false
        undoLog.removeAll(keepingCapacity: true)
        amm.commitTransaction()
        escrow.commitTransaction()
        derivatives.commitTransaction()
    }

    /// Undoes every change since `beginTransaction()`, newest first.
    mutating func rollBackTransaction() {
        precondition(isInTransaction, "no transaction in progress")
        for change in undoLog.reversed() {
            switch change {
            case .account(let id, let previous): accounts[id] = previous
            case .asset(let symbol, let previous): assets[symbol] = previous
            case .feePool(let previous): feePool = previous
            case .tradingFeePool(let symbol, let previous): tradingFeePools[symbol] = previous
            case .order(let key, let previous):
                replaceOrder(markets[key.market.index].orders[key.id], with: previous, key: key)
            case .engine(let market, let undo): undoEngine(undo, market: market)
            case .marketCreated: markets.removeLast()
            case .lastPrice(let market, let previous): markets[market.index].lastPriceTicks = previous
            case .sequence(let orderID, let priority):
                nextOrderID = orderID
                nextPriority = priority
            }
        }
        isInTransaction = false
        undoLog.removeAll(keepingCapacity: true)
        if let historyMark { historyJournal?.truncate(to: historyMark) }
        amm.rollBackTransaction()
        escrow.rollBackTransaction()
        derivatives.rollBackTransaction()
    }

    private mutating func undoEngine(_ undo: EngineUndo, market: MarketID) {
        let done = markets[market.index].withEngine { engine in
            switch undo {
            case .remove(let id):
                return !engine.cancel(id: id).isRejected
            case .insert(let id, let side, let price, let lots, let isPostOnly, let after):
                return engine.insert(
                    id: id, side: side, price: price, quantity: lots, isPostOnly: isPostOnly, after: after)
            case .increase(let id, let lots):
                return engine.increase(id: id, by: lots)
            }
        }
        precondition(done, "engine undo \(undo) failed in market \(market)")
    }

    mutating func resetBlockJournal() {
        blockOriginals = BlockOriginals()
        amm.resetBlockJournal()
        escrow.resetBlockJournal()
        derivatives.resetBlockJournal()
    }
}
