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
