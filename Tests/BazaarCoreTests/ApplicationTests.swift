import PropertyBased
import Testing

@testable import BazaarCore

/// Determinism, state commitment, replay, snapshots and conservation.
@Suite("Application")
struct ApplicationTests {
    /// Produces `blockCount` blocks of random transactions, valid and not, from the chain's accounts.
    private func produceRandomBlocks(_ chain: inout TestChain, blockCount: Int, _ rng: inout some RandomNumberGenerator)
    {
        for _ in 0..<blockCount {
            var nonces = (0..<chain.keys.count).map { chain.state.nextNonce(of: chain.id($0)) }
            var candidates = [VerifiedTransaction]()
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                let sender = Int.random(in: 0..<chain.keys.count, using: &rng)
                let actions = (0..<Int.random(in: 1...3, using: &rng)).map { _ in randomAction(chain, &rng) }
                candidates.append(chain.transaction(from: sender, nonce: nonces[sender], actions))
                nonces[sender] += 1
            }
            chain.produceBlock(candidates)
        }
    }

    private func randomAction(_ chain: TestChain, _ rng: inout some RandomNumberGenerator) -> Action {
        let recipient = chain.id(Int.random(in: 0..<chain.keys.count, using: &rng))
        let asset: AssetSymbol = ["USD", "BZR", "GOLD"].randomElement(using: &rng)!
        let amount = UInt128.random(in: 0...400_000, using: &rng)
        return switch Int.random(in: 0...4, using: &rng) {
        case 0: .createAsset("GOLD", maxSupply: 5_000_000)
        case 1: .mint(amount, of: asset, to: recipient)
        case 2: .burn(amount, of: asset)
        default: .transfer(amount, of: asset, to: recipient)
        }
    }

    // MARK: - Genesis

    @Test func genesisHashIsTheAppHashAtHeightZero() {
        let chain = TestChain()
        #expect(chain.state.height == 0)
        #expect(chain.state.appHash == chain.genesis.hash)
        #expect(chain.genesis.hash == Hash.sha256(Array("bazaar/genesis/v1".utf8) + chain.genesis.canonicalBytes))
        #expect(chain.state.lastBlockHash == .zero)
    }

    @Test func genesisSetsSupplyToTheSumOfBalances() throws {
        let chain = TestChain()
        #expect(chain.state.assets[TestChain.usd]?.supply.baseUnits == 4 * TestChain.startingBalance.baseUnits)
        try chain.state.checkFullConservation()
    }

    @Test func genesisRejectsInconsistentSetups() {
        let valid = TestChain().genesis
        var noValidators = valid
        noValidators.validators = []
        var duplicateAsset = valid
        duplicateAsset.assets.append(valid.assets[0])
        var unknownBalance = valid
        unknownBalance.balances.append(
            Genesis.Balance(account: valid.balances[0].account, asset: "NOPE", amount: Amount(baseUnits: 1)))
        var noFeeAsset = valid
        noFeeAsset.parameters.feeAsset = "NOPE"
        var overCap = valid
        overCap.balances.append(
            Genesis.Balance(account: valid.balances[0].account, asset: TestChain.usd, amount: TestChain.usdCap))
        var zeroBalance = valid
        zeroBalance.balances.append(
            Genesis.Balance(account: valid.balances[0].account, asset: TestChain.usd, amount: .zero))
        var emptyChainID = valid
        emptyChainID.parameters.chainID = ""
        var longName = valid
        longName.assets[0].name = String(repeating: "n", count: Action.CreateAsset.nameByteCountMax + 1)
        let invalid = [
            noValidators, duplicateAsset, unknownBalance, noFeeAsset, overCap, zeroBalance, emptyChainID, longName,
        ]
        for genesis in invalid {
            #expect(throws: GenesisError.self) { try genesis.makeState() }
        }
    }

    // MARK: - Application hash

    @Test func appHashChangesWithEveryBlock() {
        var chain = TestChain()
        chain.produceBlock([])
        chain.produceBlock([chain.transaction(from: 1, [.transfer(1, to: chain.id(2))])])
        chain.produceBlock([chain.transaction(from: 1, [.burn(1_000_000_000)])])  // fails; still pays the fee
        chain.produceBlock([])
        #expect(Set(chain.appHashes).count == chain.appHashes.count)
    }

    @Test func appHashDependsOnTheStateChange() {
        var one = TestChain()
        var other = TestChain()
        one.produceBlock([one.transaction(from: 1, [.transfer(1, to: one.id(2))])])
        other.produceBlock([other.transaction(from: 1, [.transfer(2, to: other.id(2))])])
        #expect(one.state.appHash != other.state.appHash)
    }

    @Test func appHashFollowsItsSpecification() {
        var chain = TestChain()
        let before = chain.state
        let transaction = chain.transaction(from: 1, [.transfer(7, to: chain.id(2))])
        let finalized = chain.executeBlock([transaction])
        var writer = CanonicalWriter()
        writer.write("bazaar/app/v1")
        writer.write(before.appHash)
        writer.write(UInt64(1))
        writer.write(chain.state.timeMilliseconds)
        writer.write(finalized.block.hash)
        let touched = [chain.id(1), chain.id(2)].sorted()
        writer.write(UInt32(touched.count))
        for id in touched {
            writer.write(id)
            writer.write(chain.state.accounts[id])
        }
        writer.write(UInt32(0))
        writer.write(chain.state.feePool)
        writer.write(UInt32(0))  // trading fee pools
        writer.write(UInt32(0))  // markets
        writer.write(UInt32(0))  // orders
        writer.write(chain.state.nextOrderID)
        writer.write(chain.state.nextPriority)
        // The modules' tables (none written here).
        chain.state.amm.writeBlockChanges(to: &writer)
        chain.state.escrow.writeBlockChanges(to: &writer)
        chain.state.derivatives.writeBlockChanges(to: &writer)
        var results = CanonicalWriter()
        results.write(finalized.results)
        writer.write(Hash.sha256(results.bytes))
        writer.write(Hash.sha256([0, 0, 0, 0]))  // no end-of-block events
        #expect(chain.state.appHash == Hash.sha256(writer.bytes))
        #expect(chain.state.lastBlockHash == finalized.block.hash)
    }

    @Test func blockHashIsTheHeaderHash() {
        let chain = TestChain()
        let block = chain.makeBlock([chain.transaction(from: 1, [.burn(1)])])
        #expect(block.hash == Hash.sha256(block.header.canonicalBytes))
        let ids = block.transactions.map(\.id)
        #expect(block.header.transactionsHash == Hash.sha256(ids.flatMap(\.bytes)))
    }

    // MARK: - Determinism, replay and snapshots

    @Test func replayingTheBlocksGivesTheSameHashAtEveryHeight() async {
        await propertyCheck(count: 4, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            var chain = TestChain()
            produceRandomBlocks(&chain, blockCount: 8, &rng)
            var replica = try! Application(genesis: chain.genesis)
            for (index, (block, verified)) in chain.blocks.enumerated() {
                #expect(replica.processProposal(block, verified: verified) == .accept)
                let finalized = replica.finalizeBlock(block, verified: verified)
                _ = replica.commit()
                #expect(finalized.appHash == chain.appHashes[index + 1], "height \(index + 1)")
            }
            #expect(replica.state.canonicalBytes == chain.state.canonicalBytes)
        }
    }

    @Test func conservationHoldsAfterRandomBlocks() async {
        await propertyCheck(count: 6, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            var chain = TestChain()
            for _ in 0..<4 {
                produceRandomBlocks(&chain, blockCount: 2, &rng)
                #expect(throws: Never.self) { try chain.state.checkFullConservation() }
                let balances = chain.state.accounts.values.flatMap(\.balances.values)
                #expect(balances.allSatisfy { !$0.isZero })
            }
        }
    }

    @Test func aSnapshotResumesWithIdenticalHashes() async throws {
        var rng = TestRandom(seed: 42)
        var chain = TestChain()
        produceRandomBlocks(&chain, blockCount: 4, &rng)
        let snapshot = try LedgerState(canonicalBytes: chain.state.canonicalBytes)
        var resumed = Application(state: snapshot)
        produceRandomBlocks(&chain, blockCount: 4, &rng)
        for (index, (block, verified)) in chain.blocks.enumerated().dropFirst(4) {
            #expect(resumed.processProposal(block, verified: verified) == .accept)
            #expect(resumed.finalizeBlock(block, verified: verified).appHash == chain.appHashes[index + 1])
            _ = resumed.commit()
        }
        #expect(resumed.state.canonicalBytes == chain.state.canonicalBytes)
    }

    @Test func checkTxUsesCommittedStateOnly() {
        var chain = TestChain()
        let transaction = chain.transaction(from: 1, [.burn(1)])
        #expect(chain.application.checkTx(transaction) == .ok)
        #expect(chain.application.checkTx(transaction) == .ok)
        chain.produceBlock([transaction])
        #expect(chain.application.checkTx(transaction) == .nonceTooLow)
    }

    @Test func commitReportsTheFinalizedHeightAndHash() {
        var chain = TestChain()
        let block = chain.makeBlock([])
        var application = chain.application
        let finalized = application.finalizeBlock(block, verified: [])
        let committed = application.commit()
        #expect(committed.height == 1)
        #expect(committed.appHash == finalized.appHash)
        #expect(application.state.height == 1)
        chain.produceBlock([])
        #expect(chain.state.appHash == finalized.appHash)
    }
}
