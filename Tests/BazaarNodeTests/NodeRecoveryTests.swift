import BazaarCore
import BazaarNode
import Testing

@Suite struct NodeRecoveryTests {
    @Test func aReopenedNodeHasTheSameHeightHashAndBalances() async throws {
        let network = try TestNetwork(snapshotInterval: 3)
        defer { network.remove() }
        let before: (Node.Status, Account?)
        do {
            let node = try network.makeNode()
            for nonce in 0..<7 {
                #expect(
                    await node.admit(
                        network.transfer(from: network.alice, to: network.bob, units: 1_000, nonce: UInt64(nonce)))
                        == .ok)
                try await node.produceBlock(clockMilliseconds: 2_000 + UInt64(nonce))
            }
            before = (await node.status, await node.account(network.bob.publicKey.accountID))
        }
        // Height 7 with snapshots every 3 blocks: the restart loads the snapshot at 6 and replays block 7.
        let reopened = try network.makeNode()
        let after = await reopened.status
        #expect(after.height == 7)
        #expect(after.appHash == before.0.appHash)
        #expect(after.lastBlockHash == before.0.lastBlockHash)
        #expect(await reopened.account(network.bob.publicKey.accountID) == before.1)
        #expect(before.1?.balance(of: "USD") == Amount(baseUnits: 7_000))
        try await reopened.checkFullConservation()
    }

    @Test func replayWithoutSnapshotsReproducesEveryStoredHash() async throws {
        let network = try TestNetwork(snapshotInterval: 1_000)
        defer { network.remove() }
        let hashes: [Hash]
        do {
            let node = try network.makeNode()
            var collected = [Hash]()
            for nonce in 0..<5 {
                _ = await node.admit(
                    network.transfer(from: network.alice, to: network.bob, units: 5, nonce: UInt64(nonce)))
                collected.append(try await node.produceBlock(clockMilliseconds: 5_000 + UInt64(nonce)).appHash)
            }
            hashes = collected
        }
        let reopened = try network.makeNode()
        #expect(await reopened.status.appHash == hashes.last)
        for (index, hash) in hashes.enumerated() {
            #expect(try reopened.store.block(at: UInt64(index + 1))?.appHash == hash)
        }
    }

    /// Trades and end-of-block events are stored with their blocks, so a restart (which replays
    /// from the snapshot without storing anything again) still serves them.
    @Test func tradesAndEndOfBlockEventsSurviveARestart() async throws {
        let network = try TestNetwork(snapshotInterval: 2, markets: true)
        defer { network.remove() }
        let crossing = Action.placeOrder(
            Action.PlaceOrder(
                market: 1, side: .bid, type: .limit, price: Amount(baseUnits: 6_501_000),
                size: Amount(baseUnits: 10_000)))
        let auction = Action.placeOrder(
            Action.PlaceOrder(
                market: 2, side: .ask, type: .limit, price: Amount(baseUnits: 2_999_000),
                size: Amount(baseUnits: Amount.powerOfTen(15))))
        let before: [[StoredTrade]]
        let events: [Event]
        do {
            let node = try network.makeNode()
            for (nonce, action) in [crossing, auction, crossing].enumerated() {
                #expect(await node.admit(network.signed([action], from: network.alice, nonce: UInt64(nonce))) == .ok)
                try await node.produceBlock(clockMilliseconds: 2_000 + UInt64(nonce))
            }
            before = [try node.store.trades(of: 1, limit: 10), try node.store.trades(of: 2, limit: 10)]
            events = try #require(try node.store.block(at: 2)).endBlockEvents
        }
        #expect(before[0].map(\.height) == [3, 1])
        #expect(before[1].map(\.height) == [2] && before[1].first?.isAuction == true)
        #expect(events.first == .auctionCleared(market: 2, priceTicks: 299_900, lots: 1))
        let reopened = try network.makeNode()
        #expect(await reopened.status.height == 3)
        #expect(try reopened.store.trades(of: 1, limit: 10) == before[0])
        #expect(try reopened.store.trades(of: 2, limit: 10) == before[1])
        #expect(try reopened.store.block(at: 2)?.endBlockEvents == events)
        // The book's sequence restarts with the process; the book itself is the replayed state's.
        #expect(await reopened.book(1, depth: 1)?.sequence == 0)
        #expect(await reopened.book(1, depth: 1)?.book.asks.first?.price == 65_010)
    }

    @Test func aSecondNodeOnTheSameDataDirectoryIsRefused() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let first = try network.makeNode()
        #expect(throws: NodeError.self) { try network.makeNode() }
        _ = first
    }

    @Test func aStoreFromAnotherGenesisIsRefused() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        _ = try network.makeNode()
        var other = network.configuration
        other.genesis.timeMilliseconds += 1
        #expect(throws: NodeError.self) { try Node(configuration: other) }
    }

    @Test func aValidatorKeyOutsideTheGenesisIsRefused() throws {
        let network = try TestNetwork()
        defer { network.remove() }
        var configuration = network.configuration
        configuration.validatorKey = PrivateKey()
        #expect(throws: NodeError.self) { try Node(configuration: configuration) }
    }

    @Test func aCommittedTransactionIsInAStoredBlock() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        let signed = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)
        #expect(await node.admit(signed) == .ok)
        #expect(await node.isPending(signed.id))
        try await node.produceBlock(clockMilliseconds: 3_000)
        #expect(await !node.isPending(signed.id))
        let committed = try #require(try node.store.committedTransaction(signed.id))
        let stored = try #require(try node.store.block(at: committed.height))
        #expect(stored.block.transactions[committed.index] == signed)
        #expect(stored.results[committed.index] == committed.result)
        #expect(committed.result.code == .ok)
    }
}
