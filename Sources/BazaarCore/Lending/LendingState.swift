/// The ledger state of lending pools: one pool per asset and each account's supply and debt in it.
public struct LendingState: LedgerModule {
    public internal(set) var pools: LedgerTable<AssetSymbol, LendingPool>
    public internal(set) var positions: LedgerTable<LendingPositionKey, LendingPosition>

    public init() {
        self.init(pools: LedgerTable(), positions: LedgerTable())
    }

    init(pools: LedgerTable<AssetSymbol, LendingPool>, positions: LedgerTable<LendingPositionKey, LendingPosition>) {
        self.pools = pools
        self.positions = positions
    }

    /// The account's position in the pool of `asset`, empty if none.
    public func position(of account: AccountID, asset: AssetSymbol) -> LendingPosition {
        positions[LendingPositionKey(account: account, asset: asset)] ?? LendingPosition()
    }

    mutating func beginTransaction() {
        pools.beginTransaction()
        positions.beginTransaction()
    }

    mutating func commitTransaction() {
        pools.commitTransaction()
        positions.commitTransaction()
    }

    mutating func rollBackTransaction() {
        pools.rollBackTransaction()
        positions.rollBackTransaction()
    }

    mutating func resetBlockJournal() {
        pools.resetBlockJournal()
        positions.resetBlockJournal()
    }

    func writeBlockChanges(to writer: inout CanonicalWriter) {
        pools.writeBlockChanges(to: &writer)
        positions.writeBlockChanges(to: &writer)
    }

    /// Pools' cash counts in conservation; debts are claims on accounts, not funds.
    func addHoldings(to held: inout [AssetSymbol: UInt128]) { pools.addHoldings(to: &held) }

    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128]) {
        pools.addBlockHoldings(before: &before, after: &after)
    }

    /// Each pool's shares and scaled debts are the sums of its positions', no position is empty or
    /// of a missing pool, the borrow index never fell below one, and the pool can pay every
    /// supplier and its reserve out of cash plus what borrowers owe.
    func checkInvariants(in state: LedgerState) throws(InvariantViolation) {
        var shares: [AssetSymbol: UInt128] = [:]
        var scaled: [AssetSymbol: UInt128] = [:]
        for key in positions.sortedKeys {
            let position = positions[key]!
            guard pools[key.asset] != nil, !position.isEmpty else {
                throw InvariantViolation(description: "lending position in \(key.asset) is empty or has no pool")
            }
            shares[key.asset, default: 0] &+= position.shares
            scaled[key.asset, default: 0] &+= position.scaledDebt
        }
        for asset in pools.sortedKeys {
            let pool = pools[asset]!
            guard state.assets[asset] != nil, pool.asset == asset else {
                throw InvariantViolation(description: "lending pool of unknown asset \(asset)")
            }
            guard pool.totalShares == shares[asset, default: 0], pool.totalScaledDebt == scaled[asset, default: 0]
            else {
                throw InvariantViolation(description: "lending pool \(asset): totals differ from its positions")
            }
            guard pool.borrowIndex >= FixedPoint.one else {
                throw InvariantViolation(description: "lending pool \(asset): borrow index below one")
            }
            guard let assets = pool.cash.adding(pool.borrowed), pool.reserves <= assets else {
                throw InvariantViolation(description: "lending pool \(asset): reserves exceed its assets")
            }
        }
    }
}

extension LendingState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(pools)
        writer.write(positions)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(pools: try reader.read(LedgerTable.self), positions: try reader.read(LedgerTable.self))
    }
}
