/// Every balance, nonce and asset of the ledger at one height.
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
    /// Fees collected, in `parameters.feeAsset`.
    public internal(set) var feePool: Amount

    private var undoLog: [Change] = []
    private var isInTransaction = false
    private(set) var blockOriginals = BlockOriginals()

    enum Change: Sendable {
        case account(AccountID, Account?)
        case asset(AssetSymbol, AssetInfo?)
        case feePool(Amount)
    }

    struct BlockOriginals: Sendable {
        var accounts: [AccountID: Account?] = [:]
        var assets: [AssetSymbol: AssetInfo?] = [:]
        var feePool: Amount?
    }

    init(
        parameters: ChainParameters, height: UInt64, timeMilliseconds: UInt64, lastBlockHash: Hash, appHash: Hash,
        accounts: [AccountID: Account], assets: [AssetSymbol: AssetInfo], feePool: Amount
    ) {
        self.parameters = parameters
        self.height = height
        self.timeMilliseconds = timeMilliseconds
        self.lastBlockHash = lastBlockHash
        self.appHash = appHash
        self.accounts = accounts
        self.assets = assets
        self.feePool = feePool
    }

    public func account(_ id: AccountID) -> Account? { accounts[id] }

    public func balance(of id: AccountID, asset: AssetSymbol) -> Amount {
        accounts[id]?.balance(of: asset) ?? .zero
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

    private mutating func writeAccount(_ account: Account, for id: AccountID) {
        let previous = accounts[id]
        if isInTransaction { undoLog.append(.account(id, previous)) }
        if blockOriginals.accounts[id] == nil { blockOriginals.accounts[id] = .some(previous) }
        accounts[id] = account
    }

    /// Starts recording an undo log so that `rollBackTransaction()` can restore this point.
    mutating func beginTransaction() {
        precondition(!isInTransaction, "transactions do not nest")
        isInTransaction = true
        undoLog.removeAll(keepingCapacity: true)
    }

    mutating func commitTransaction() {
        precondition(isInTransaction, "no transaction in progress")
        isInTransaction = false
        undoLog.removeAll(keepingCapacity: true)
    }

    /// Undoes every change since `beginTransaction()`, newest first.
    mutating func rollBackTransaction() {
        precondition(isInTransaction, "no transaction in progress")
        for change in undoLog.reversed() {
            switch change {
            case .account(let id, let previous): accounts[id] = previous
            case .asset(let symbol, let previous): assets[symbol] = previous
            case .feePool(let previous): feePool = previous
            }
        }
        isInTransaction = false
        undoLog.removeAll(keepingCapacity: true)
    }

    mutating func resetBlockJournal() {
        blockOriginals = BlockOriginals()
    }
}
