import BazaarCore
import BazaarNode

/// A devnet chain (BTC-USD: bids 0.01 BTC at $64,990, $64,980, …; asks at $65,010, …) and the
/// blocks the candle tests trade in, at block times the tests choose.
struct CandleTestChain {
    let network: TestNetwork
    let node: Node
    var aliceNonce: UInt64 = 0
    var bobNonce: UInt64 = 0

    init(snapshotInterval: UInt64 = 100) throws {
        try self.init(network: TestNetwork(snapshotInterval: snapshotInterval, markets: true))
    }

    /// A node over `network`'s data directory, e.g. again after an earlier node on it is gone.
    init(network: TestNetwork, aliceNonce: UInt64 = 0, bobNonce: UInt64 = 0, recordsHistory: Bool = true) throws {
        self.network = network
        var configuration = network.configuration
        configuration.recordsHistory = recordsHistory
        node = try Node(configuration: configuration)
        self.aliceNonce = aliceNonce
        self.bobNonce = bobNonce
    }

    /// A BTC-USD limit order of `lots` lots of 0.0001 BTC at `dollars` per BTC.
    static func btc(_ side: MatchingEngine.Side, dollars: UInt128, lots: UInt128) -> Action {
        .placeOrder(
            Action.PlaceOrder(
                market: 1, side: side, type: .limit, price: Amount(baseUnits: dollars * 100),
                size: Amount(baseUnits: lots * 10_000)))
    }

    /// Alice sells: each of `lots` is one order at $60,000, taking the best bids.
    mutating func aliceSells(_ lots: [UInt128]) async throws {
        let signed = network.signed(
            lots.map { Self.btc(.ask, dollars: 60_000, lots: $0) }, from: network.alice, nonce: aliceNonce)
        aliceNonce += 1
        guard await node.admit(signed) == .ok else { throw ChainError.refused }
    }

    /// Bob buys `lots` lots at up to $70,000, taking the best asks.
    mutating func bobBuys(_ lots: UInt128) async throws {
        let signed = network.signed([Self.btc(.bid, dollars: 70_000, lots: lots)], from: network.bob, nonce: bobNonce)
        bobNonce += 1
        guard await node.admit(signed) == .ok else { throw ChainError.refused }
    }

    /// Commits the admitted transactions in a block at `milliseconds` (if later than the last).
    @discardableResult
    func block(at milliseconds: UInt64) async throws -> FinalizedBlock {
        try await node.produceBlock(clockMilliseconds: milliseconds)
    }

    /// Three blocks: at 2 s alice sells 1 lot (one print at $64,990); at 59.999 s 150 lots (99 at
    /// $64,990, 51 at $64,980); at 60 s bob buys 1 lot at $65,010, in the next minute.
    mutating func tradeThreeBlocks() async throws {
        try await aliceSells([1])
        try await block(at: 2_000)
        try await aliceSells([150])
        try await block(at: 59_999)
        try await bobBuys(1)
        try await block(at: 60_000)
    }

    enum ChainError: Error { case refused }
}
