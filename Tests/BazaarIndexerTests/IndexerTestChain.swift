import BazaarCore
import BazaarHistory
import BazaarNode
import Foundation
import Testing

/// A one-validator devnet chain (BTC-USD continuous, ETH-USD batch auction, the market maker's
/// demo orders resting) in a temporary directory, with history on, and the blocks the indexer
/// tests follow: fills on both sides, an auction, resting orders, a cancel, an expiry, and
/// prints in two minutes (so that candles merge and split).
struct IndexerTestChain {
    static let chainID = "bazaar-indexer-test"
    let directory: URL
    let validator = PrivateKey()
    let alice = PrivateKey()
    let bob = PrivateKey()
    let genesis: Genesis
    let node: Node
    private(set) var blocks: [FinalizedBlock] = []
    private var nonces: [AccountID: UInt64] = [:]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bazaar-indexer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var devnet = Devnet.makeGenesis(
            demoAccounts: [alice.publicKey.accountID, bob.publicKey.accountID], validator: validator.publicKey,
            timeMilliseconds: 1_000)
        // Option series would expire a day after genesis time 1 s: left out, as in the node's tests.
        let optionSteps = Set(
            Devnet.optionSetup(authority: alice.publicKey.accountID, genesisMilliseconds: devnet.timeMilliseconds))
        devnet.setup.removeAll { optionSteps.contains($0) }
        devnet.parameters.chainID = Self.chainID
        devnet.parameters.minimumFee = Amount(baseUnits: 10)
        genesis = devnet
        node = try Node(
            configuration: NodeConfiguration(
                dataDirectory: directory, genesis: genesis, validatorKey: validator, port: 0, snapshotInterval: 100))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A limit order of `lots` lots at `ticks` in market `market` (1 BTC-USD, 2 ETH-USD).
    static func order(
        _ market: MarketID, _ side: MatchingEngine.Side, ticks: UInt128, lots: UInt128, clientID: UInt64? = nil,
        expiresAt: UInt64? = nil
    ) -> Action {
        let definition = Devnet.demoMarkets[Int(market.rawValue) - 1]
        return .placeOrder(
            Action.PlaceOrder(
                market: market, side: side, type: .limit,
                price: Amount(baseUnits: ticks * definition.tickSize.baseUnits),
                size: Amount(baseUnits: lots * definition.lotSize.baseUnits), clientOrderID: clientID,
                expiresAtMilliseconds: expiresAt))
    }

    mutating func send(_ actions: [Action], from sender: PrivateKey) async throws {
        let nonce = nonces[sender.publicKey.accountID, default: 0]
        nonces[sender.publicKey.accountID] = nonce + 1
        let signed = Transaction(
            chainID: Self.chainID, sender: sender.publicKey, nonce: nonce, fee: Amount(baseUnits: 10),
            expiryHeight: 1_000, actions: actions
        ).signed(with: sender)
        guard case .success(let verified) = Application.admit(signed.canonicalBytes, chainID: Self.chainID) else {
            throw ChainError.refused
        }
        guard await node.submit(verified) == .ok else { throw ChainError.refused }
    }

    mutating func block(at milliseconds: UInt64) async throws {
        blocks.append(try await node.produceBlock(clockMilliseconds: milliseconds))
    }

    /// Five blocks: (1, 2 s) alice sells 1 BTC lot into the market maker's bid, and 1 ETH lot
    /// into the auction; (2, 3 s) alice rests two asks, one expiring at 10 s; (3, 4 s) she cancels
    /// the other and bob buys 150 lots through two ask levels; (4, 20 s) the expiry; (5, 61 s, the
    /// next minute) bob buys again.
    mutating func run() async throws {
        try await send(
            [Self.order(1, .ask, ticks: 60_000, lots: 1), Self.order(2, .ask, ticks: 299_000, lots: 1)], from: alice)
        try await block(at: 2_000)
        try await send(
            [
                Self.order(1, .ask, ticks: 70_000, lots: 1, clientID: 7),
                Self.order(1, .ask, ticks: 71_000, lots: 1, clientID: 8, expiresAt: 10_000),
            ], from: alice)
        try await block(at: 3_000)
        try await send([.cancelOrder(Action.CancelOrder(market: 1, order: .clientID(7)))], from: alice)
        try await send([Self.order(1, .bid, ticks: 69_000, lots: 150)], from: bob)
        try await block(at: 4_000)
        try await block(at: 20_000)
        try await send([Self.order(1, .bid, ticks: 69_000, lots: 3)], from: bob)
        try await block(at: 61_000)
    }

    /// The genesis's and every block's rows from the extractor, re-executing the blocks with
    /// history on in a second application (the rows the node stored must equal these).
    func extractedRows() throws -> [HistoryRows] {
        var application = try Application(genesis: genesis, recordsHistory: true)
        var rows = [
            try HistoryExtractor.genesisRows(
                journal: application.genesisJournal!, state: application.state,
                timeMilliseconds: genesis.timeMilliseconds)
        ]
        for stored in blocks {
            let verified = stored.block.transactions.map(VerifiedTransaction.init(readBackFromOwnStore:))
            let finalized = application.finalizeBlock(stored.block, verified: verified)
            guard finalized.appHash == stored.appHash else { throw ChainError.diverged }
            rows.append(try HistoryExtractor.rows(of: finalized, journal: finalized.journal!, state: application.state))
            _ = application.commit()
        }
        return rows
    }

    enum ChainError: Error { case refused, diverged }
}

/// Expects `actual` to equal `expected` block by block and field by field, so that a failure
/// names what differs instead of printing every row. Fills compare in key order (position,
/// side): the stores keep them by that key, while the extractor lists a match's maker first.
func expectSameRows(
    _ actual: [HistoryRows], _ expected: [HistoryRows], sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.map(\.height) == expected.map(\.height), sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        let at = "height \(e.height)"
        #expect(a.timeMilliseconds == e.timeMilliseconds, "\(at) time", sourceLocation: sourceLocation)
        #expect(inKeyOrder(a.fills) == inKeyOrder(e.fills), "\(at) fills", sourceLocation: sourceLocation)
        #expect(a.ordersPlaced == e.ordersPlaced, "\(at) orders placed", sourceLocation: sourceLocation)
        #expect(a.orderEvents == e.orderEvents, "\(at) order events", sourceLocation: sourceLocation)
        #expect(a.openAfterBlock == e.openAfterBlock, "\(at) open after", sourceLocation: sourceLocation)
        #expect(a.funding == e.funding, "\(at) funding", sourceLocation: sourceLocation)
        #expect(a.ledger == e.ledger, "\(at) ledger", sourceLocation: sourceLocation)
    }
}

func inKeyOrder(_ fills: [FillRow]) -> [FillRow] {
    fills.sorted { ($0.position, $0.side.rawValue) < ($1.position, $1.side.rawValue) }
}
