/// The ledger state of AMM pools (constant-product and concentrated liquidity) and the router's route action.
///
/// Pools hold their reserves (counted in conservation); LP shares of constant-product pools are
/// ledger rows per (pool, owner), not an asset; concentrated-liquidity positions are rows with an id.
public struct AMMState: LedgerModule {
    public internal(set) var pools: LedgerTable<PoolID, Pool>
    public internal(set) var shares: LedgerTable<ShareKey, Amount>
    public internal(set) var positions: LedgerTable<PositionID, LiquidityPosition>
    /// Sequence counters (journaled like every row): 0 = last pool id, 1 = last position id.
    var sequences: LedgerTable<UInt8, UInt64>

    public init() {
        self.init(pools: LedgerTable(), shares: LedgerTable(), positions: LedgerTable(), sequences: LedgerTable())
    }

    init(
        pools: LedgerTable<PoolID, Pool>, shares: LedgerTable<ShareKey, Amount>,
        positions: LedgerTable<PositionID, LiquidityPosition>, sequences: LedgerTable<UInt8, UInt64>
    ) {
        self.pools = pools
        self.shares = shares
        self.positions = positions
        self.sequences = sequences
    }

    /// Pools in id order.
    public var sortedPools: [Pool] { pools.sortedKeys.map { pools[$0]! } }

    /// The LP shares `owner` holds in `pool`.
    public func shares(of owner: AccountID, in pool: PoolID) -> UInt128 {
        shares[ShareKey(pool: pool, owner: owner)]?.baseUnits ?? 0
    }

    /// An account's positions in id order.
    public func positions(of owner: AccountID) -> [LiquidityPosition] {
        positions.sortedKeys.compactMap { positions[$0]!.owner == owner ? positions[$0] : nil }
    }

    mutating func nextID(_ sequence: UInt8) -> UInt64 {
        let next = (sequences[sequence] ?? 0) + 1
        sequences.write(next, for: sequence)
        return next
    }

    mutating func beginTransaction() {
        pools.beginTransaction()
        shares.beginTransaction()
        positions.beginTransaction()
        sequences.beginTransaction()
    }

    mutating func commitTransaction() {
        pools.commitTransaction()
        shares.commitTransaction()
        positions.commitTransaction()
        sequences.commitTransaction()
    }

    mutating func rollBackTransaction() {
        pools.rollBackTransaction()
        shares.rollBackTransaction()
        positions.rollBackTransaction()
        sequences.rollBackTransaction()
    }

    mutating func resetBlockJournal() {
        pools.resetBlockJournal()
        shares.resetBlockJournal()
        positions.resetBlockJournal()
        sequences.resetBlockJournal()
    }

    func writeBlockChanges(to writer: inout CanonicalWriter) {
        pools.writeBlockChanges(to: &writer)
        shares.writeBlockChanges(to: &writer)
        positions.writeBlockChanges(to: &writer)
        sequences.writeBlockChanges(to: &writer)
    }

    func addHoldings(to held: inout [AssetSymbol: UInt128]) {
        pools.addHoldings(to: &held)
    }

    func addBlockHoldings(before: inout [AssetSymbol: UInt128], after: inout [AssetSymbol: UInt128]) {
        pools.addBlockHoldings(before: &before, after: &after)
    }

    /// Checks every pool: assets ordered and known; a constant-product pool's shares sum to its
    /// supply less the locked minimum and its reserves are empty exactly when no share exists; a
    /// concentrated pool's ticks carry exactly its positions' liquidity, its in-range liquidity is
    /// that of the positions around the current tick, and positions' owed tokens fit its reserves.
    func checkInvariants(in state: LedgerState) throws(InvariantViolation) {
        var shareSums: [PoolID: UInt128] = [:]
        for key in shares.sortedKeys {
            guard let amount = shares[key], !amount.isZero, pools[key.pool] != nil else {
                throw InvariantViolation(description: "AMM: share row \(key.pool)/\(key.owner) is empty or has no pool")
            }
            shareSums[key.pool, default: 0] += amount.baseUnits
        }
        var gross: [PoolID: [Int32: UInt128]] = [:]
        var net: [PoolID: [Int32: Int128]] = [:]
        var inRange: [PoolID: UInt128] = [:]
        var owed: [PoolID: (UInt128, UInt128)] = [:]
        for id in positions.sortedKeys {
            let position = positions[id]!
            guard let pool = pools[position.pool]?.concentrated else {
                throw InvariantViolation(description: "AMM: position \(id) has no concentrated pool")
            }
            gross[position.pool, default: [:]][position.tickLower, default: 0] += position.liquidity
            gross[position.pool, default: [:]][position.tickUpper, default: 0] += position.liquidity
            net[position.pool, default: [:]][position.tickLower, default: 0] += Int128(position.liquidity)
            net[position.pool, default: [:]][position.tickUpper, default: 0] -= Int128(position.liquidity)
            if position.tickLower <= pool.tick, pool.tick < position.tickUpper {
                inRange[position.pool, default: 0] += position.liquidity
            }
            let previous = owed[position.pool] ?? (0, 0)
            owed[position.pool] = (previous.0 + position.tokensOwed0, previous.1 + position.tokensOwed1)
        }
        for id in pools.sortedKeys {
            let pool = pools[id]!
            guard pool.id == id, pool.asset0 < pool.asset1, state.assets[pool.asset0] != nil,
                state.assets[pool.asset1] != nil
            else { throw InvariantViolation(description: "AMM: pool \(id) has bad assets or id") }
            switch pool.curve {
            case .constantProduct(let supply):
                let held = shareSums[id] ?? 0
                let empty = supply == 0
                guard empty ? held == 0 : held + Pool.minimumLiquidity == supply,
                    empty == (pool.reserve0.isZero && pool.reserve1.isZero),
                    empty || (!pool.reserve0.isZero && !pool.reserve1.isZero)
                else {
                    throw InvariantViolation(
                        description: "AMM: pool \(id) shares \(held) of supply \(supply) or reserves")
                }
            case .concentrated(let engine):
                let ticks = engine.ticks.filter { $0.value.liquidityGross > 0 }
                let expectedGross = (gross[id] ?? [:]).filter { $0.value > 0 }
                guard ticks.mapValues(\.liquidityGross) == expectedGross,
                    ticks.mapValues(\.liquidityNet) == (net[id] ?? [:]).filter({ expectedGross[$0.key] != nil }),
                    engine.liquidity == inRange[id] ?? 0
                else {
                    throw InvariantViolation(
                        description: "AMM: pool \(id) ticks or liquidity disagree with its positions")
                }
                let (owed0, owed1) = owed[id] ?? (0, 0)
                guard owed0 <= pool.reserve0.baseUnits, owed1 <= pool.reserve1.baseUnits else {
                    throw InvariantViolation(description: "AMM: pool \(id) owes positions more than it holds")
                }
            }
        }
    }
}

extension AMMState: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(pools)
        writer.write(shares)
        writer.write(positions)
        writer.write(sequences)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(
            pools: try reader.read(LedgerTable<PoolID, Pool>.self),
            shares: try reader.read(LedgerTable<ShareKey, Amount>.self),
            positions: try reader.read(LedgerTable<PositionID, LiquidityPosition>.self),
            sequences: try reader.read(LedgerTable<UInt8, UInt64>.self))
    }
}
