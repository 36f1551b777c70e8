import BazaarCore
import BazaarNode
import Testing

@Suite struct MempoolTests {
    /// The attack: 500 different transactions for one future nonce. Each used to be answered
    /// `pending` and replace the last (which then became `unknown`), while every one still counted
    /// against the waiting allowance, so other senders were told `mempool_full`.
    @Test func aSecondTransactionForAPendingNonceIsRefusedAndNothingAdmittedVanishes() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        var configuration = network.configuration
        configuration.mempoolTransactionCountMax = 400  // a waiting allowance of 100
        let node = try Node(configuration: configuration)
        let attack = (0..<500).map {
            network.transfer(from: network.alice, to: network.bob, units: UInt128($0 + 1), nonce: 5)
        }
        var codes = [ResultCode]()
        for transaction in attack { codes.append(await node.admit(transaction)) }
        #expect(codes.first == .ok)
        #expect(codes.dropFirst().allSatisfy { $0 == .noncePending })
        #expect(await node.status.mempoolTransactions == 1)
        // Another sender still gets in, waiting and ready.
        #expect(await node.admit(network.transfer(from: network.bob, to: network.alice, units: 1, nonce: 3)) == .ok)
        #expect(await node.admit(network.transfer(from: network.bob, to: network.alice, units: 1, nonce: 0)) == .ok)
        // A second transaction for a ready nonce is refused the same way, whatever its fee.
        let ready = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)
        let richer = network.transfer(from: network.alice, to: network.bob, units: 2, nonce: 0, fee: 1_000)
        #expect(await node.admit(ready) == .ok)
        #expect(await node.admit(richer) == .noncePending)
        #expect(await node.admit(ready) == .duplicate)
        // Every transaction answered `ok` is still pending after a block, or was committed.
        let finalized = try await node.produceBlock(clockMilliseconds: 2_000)
        #expect(finalized.block.transactions.map(\.id).contains(ready.id))
        #expect(await node.isPending(attack[0].id))
        #expect(await node.status.mempoolTransactions == 2)  // alice's nonce 5 and bob's nonce 3 wait
    }

    @Test func aSenderMayQueueConsecutiveNonces() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        for nonce in 0..<3 {
            #expect(
                await node.admit(network.transfer(from: network.alice, to: network.bob, units: 1, nonce: UInt64(nonce)))
                    == .ok)
        }
        let farAhead = network.transfer(
            from: network.alice, to: network.bob, units: 1, nonce: 3 + Mempool.nonceGapMax + 1)
        #expect(await node.admit(farAhead) == .nonceTooHigh)
        let finalized = try await node.produceBlock(clockMilliseconds: 2_000)
        #expect(finalized.results.map(\.code) == [.ok, .ok, .ok])
        #expect(await node.status.mempoolTransactions == 0)
    }

    @Test func aTransactionThatOvertookAnEarlierOneWaitsForIt() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        let transfers = (0..<3).map {
            network.transfer(from: network.alice, to: network.bob, units: 1, nonce: UInt64($0))
        }
        #expect(await node.admit(transfers[2]) == .ok)
        #expect(await node.admit(transfers[1]) == .ok)
        #expect(await node.isPending(transfers[2].id))
        #expect(await !node.hasPendingTransactions)  // nothing can be included before nonce 0
        // A proposal carrying waiting transactions reuses their signature checks.
        let proposal = Block(
            header: .init(
                chainID: TestNetwork.chainID, height: 1, timeMilliseconds: 2, previousBlockHash: .zero,
                transactionsHash: .zero, previousAppHash: .zero, proposer: network.validator.publicKey),
            transactions: [transfers[2], transfers[0], transfers[1]])
        #expect(await node.knownTransactions(proposal).map { $0?.id } == [transfers[2].id, nil, transfers[1].id])
        #expect(await node.admit(transfers[0]) == .ok)
        let finalized = try await node.produceBlock(clockMilliseconds: 2_000)
        #expect(finalized.block.transactions == transfers)
        #expect(finalized.results.map(\.code) == [.ok, .ok, .ok])
    }

    @Test func onlyTransactionsThatCouldPayMayWaitForAGap() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        let stranger = PrivateKey()  // holds nothing, so could never pay a fee
        let free = Transaction(
            chainID: TestNetwork.chainID, sender: stranger.publicKey, nonce: 1, fee: Amount(baseUnits: 10),
            expiryHeight: 1_000,
            actions: [
                .transfer(.init(recipient: network.bob.publicKey.accountID, asset: "USD", amount: Amount(baseUnits: 1)))
            ]
        ).signed(with: stranger)
        #expect(await node.admit(free) == .insufficientFee)
        // Bob's fee balance covers one fee of 600_000 but not two, even when the first is only waiting.
        let first = network.transfer(from: network.bob, to: network.alice, units: 0, nonce: 1, fee: 600_000)
        let second = network.transfer(from: network.bob, to: network.alice, units: 0, nonce: 2, fee: 600_000)
        #expect(await node.admit(first) == .ok)
        #expect(await node.admit(second) == .insufficientFee)
        #expect(await node.status.mempoolTransactions == 1)
    }

    @Test func waitingTransactionsBecomeReadyWhenABlockClosesTheGap() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        let first = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)
        let second = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 1)
        #expect(await node.admit(first) == .ok)
        try await node.produceBlock(clockMilliseconds: 2_000)
        let third = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 2)
        #expect(await node.admit(third) == .ok)
        #expect(await !node.hasPendingTransactions)
        #expect(await node.admit(second) == .ok)
        let finalized = try await node.produceBlock(clockMilliseconds: 3_000)
        #expect(finalized.block.transactions == [second, third])
    }

    @Test func aTransactionWaitingForAGapThatNeverClosesIsDroppedInTime() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        let orphan = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 1)
        #expect(await node.admit(orphan) == .ok)
        for block in 0..<Mempool.waitingBlocksMax {
            try await node.produceBlock(clockMilliseconds: 2_000 + block)
        }
        #expect(await node.isPending(orphan.id))
        try await node.produceBlock(clockMilliseconds: 10_000)
        #expect(await !node.isPending(orphan.id))
    }

    @Test func theSameTransactionTwiceIsADuplicate() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        let signed = network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)
        #expect(await node.admit(signed) == .ok)
        #expect(await node.admit(signed) == .duplicate)
    }

    @Test func aFullMempoolRefusesMore() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        var configuration = network.configuration
        configuration.mempoolTransactionCountMax = 2
        let node = try Node(configuration: configuration)
        for nonce in 0..<2 {
            #expect(
                await node.admit(network.transfer(from: network.alice, to: network.bob, units: 1, nonce: UInt64(nonce)))
                    == .ok)
        }
        #expect(
            await node.admit(network.transfer(from: network.bob, to: network.alice, units: 1, nonce: 0)) == .mempoolFull
        )
    }

    @Test func pendingFeesCountAgainstTheFeeBalance() async throws {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        // Bob holds 1_000_000 BZR base units: one fee of 600_000 fits, a second does not.
        #expect(
            await node.admit(network.transfer(from: network.bob, to: network.alice, units: 0, nonce: 0, fee: 600_000))
                == .ok)
        #expect(
            await node.admit(network.transfer(from: network.bob, to: network.alice, units: 0, nonce: 1, fee: 600_000))
                == .insufficientFee)
    }

    @Test func transactionsLeftInvalidByABlockAreDropped() throws {
        let network = try TestNetwork()
        defer { network.remove() }
        var application = try Application(genesis: network.genesis)
        var mempool = Mempool()
        let first = try #require(
            VerifiedTransaction(verifying: network.transfer(from: network.alice, to: network.bob, units: 1, nonce: 0)))
        let rival = try #require(
            VerifiedTransaction(verifying: network.transfer(from: network.alice, to: network.bob, units: 2, nonce: 0)))
        #expect(mempool.insert(first, application: application) == .ok)
        // Another block (say, from a peer) commits a rival transaction with the same nonce.
        let header = BlockHeader(
            chainID: TestNetwork.chainID, height: 1, timeMilliseconds: 2_000,
            previousBlockHash: application.state.lastBlockHash,
            transactionsHash: Block.transactionsHash(ids: [rival.id]), previousAppHash: application.state.appHash,
            proposer: network.validator.publicKey)
        _ = application.finalizeBlock(Block(header: header, transactions: [rival.signed]), verified: [rival])
        _ = application.commit()
        let dropped = mempool.update(afterCommitting: [rival.id], application: application)
        #expect(dropped == [first.id])
        #expect(mempool.isEmpty)
    }
}
