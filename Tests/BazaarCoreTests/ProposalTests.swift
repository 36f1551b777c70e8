import Testing

@testable import BazaarCore

/// `prepareProposal` and `processProposal`.
@Suite("Proposals")
struct ProposalTests {
    private func verdict(_ chain: TestChain, _ block: Block, _ verified: [VerifiedTransaction]) -> ProposalVerdict {
        chain.application.processProposal(block, verified: verified)
    }

    private func isRejected(_ verdict: ProposalVerdict) -> Bool {
        if case .reject = verdict { return true }
        return false
    }

    // MARK: - processProposal

    @Test func acceptsTheNextBlock() {
        var chain = TestChain()
        chain.produceBlock([])
        let transactions = [chain.transaction(from: 1, [.burn(1)])]
        #expect(verdict(chain, chain.makeBlock(transactions), transactions) == .accept)
    }

    @Test func rejectsAWrongHeight() {
        let chain = TestChain()
        for height: UInt64 in [0, 2, .max] {
            var block = chain.makeBlock([])
            block.header.height = height
            #expect(isRejected(verdict(chain, block, [])), "height \(height)")
        }
    }

    @Test func rejectsAWrongPreviousBlockHash() {
        var chain = TestChain()
        chain.produceBlock([])
        var block = chain.makeBlock([])
        block.header.previousBlockHash = .zero
        #expect(isRejected(verdict(chain, block, [])))
    }

    @Test func rejectsAWrongPreviousAppHash() {
        let chain = TestChain()
        var block = chain.makeBlock([])
        block.header.previousAppHash = Hash.sha256([1])
        #expect(isRejected(verdict(chain, block, [])))
    }

    @Test func rejectsATimeThatDoesNotAdvance() {
        var chain = TestChain()
        chain.produceBlock([])
        var block = chain.makeBlock([])
        block.header.timeMilliseconds = chain.state.timeMilliseconds
        #expect(isRejected(verdict(chain, block, [])))
        block.header.timeMilliseconds = chain.state.timeMilliseconds - 1
        #expect(isRejected(verdict(chain, block, [])))
        block.header.timeMilliseconds = chain.state.timeMilliseconds + 1
        #expect(verdict(chain, block, []) == .accept)
    }

    @Test func rejectsAnotherChainsBlock() {
        let chain = TestChain()
        var block = chain.makeBlock([])
        block.header.chainID = "bazaar-other"
        #expect(isRejected(verdict(chain, block, [])))
    }

    @Test func rejectsAWrongTransactionsHash() {
        let chain = TestChain()
        let transactions = [chain.transaction(from: 1, [.burn(1)]), chain.transaction(from: 2, [.burn(1)])]
        var block = chain.makeBlock(transactions)
        block.header.transactionsHash = Block.transactionsHash(ids: transactions.reversed().map(\.id))
        #expect(isRejected(verdict(chain, block, transactions)))
        block.header.transactionsHash = Block.transactionsHash(ids: [])
        #expect(isRejected(verdict(chain, block, transactions)))
    }

    @Test func rejectsTransactionsThatDoNotMatchTheVerifiedOnes() {
        let chain = TestChain()
        let transactions = [chain.transaction(from: 1, [.burn(1)]), chain.transaction(from: 2, [.burn(1)])]
        let block = chain.makeBlock(transactions)
        #expect(isRejected(verdict(chain, block, Array(transactions.prefix(1)))))
        #expect(isRejected(verdict(chain, block, transactions.reversed())))
    }

    @Test func rejectsADuplicateTransaction() {
        let chain = TestChain()
        let transaction = chain.transaction(from: 1, [.burn(1)])
        let block = chain.makeBlock([transaction, transaction])
        #expect(isRejected(verdict(chain, block, [transaction, transaction])))
    }

    @Test func rejectsTooManyTransactions() {
        let chain = TestChain(blockTransactionCountMax: 2)
        let transactions = (0..<3).map { chain.transaction(from: $0, [.burn(1)]) }
        #expect(isRejected(verdict(chain, chain.makeBlock(transactions), transactions)))
        let two = Array(transactions.prefix(2))
        #expect(verdict(chain, chain.makeBlock(two), two) == .accept)
    }

    @Test func rejectsTooManyBytes() {
        let chain = TestChain(blockByteCountMax: 400)
        let transactions = (0..<3).map { chain.transaction(from: $0, [.burn(1)]) }
        #expect(transactions.reduce(0) { $0 + $1.encodedByteCount } > 400)
        #expect(isRejected(verdict(chain, chain.makeBlock(transactions), transactions)))
    }

    @Test func rejectsATransactionForAnotherChain() {
        let chain = TestChain()
        let foreign = VerifiedTransaction(verifying: chain.sign(from: 1, chainID: "bazaar-other", [.burn(1)]))!
        #expect(isRejected(verdict(chain, chain.makeBlock([foreign]), [foreign])))
    }

    @Test func rejectsATransactionWithoutActions() {
        let chain = TestChain()
        let empty = VerifiedTransaction(verifying: chain.sign(from: 1, []))!
        #expect(isRejected(verdict(chain, chain.makeBlock([empty]), [empty])))
    }

    // MARK: - prepareProposal

    @Test func keepsCandidatesInOrder() {
        let chain = TestChain()
        let candidates = [3, 1, 2].map { chain.transaction(from: $0, [.burn(1)]) }
        #expect(chain.application.prepareProposal(candidates).map(\.id) == candidates.map(\.id))
    }

    @Test func skipsNonceGaps() {
        let chain = TestChain()
        let first = chain.transaction(from: 1, nonce: 0, [.burn(1)])
        let third = chain.transaction(from: 1, nonce: 2, [.burn(1)])
        let second = chain.transaction(from: 1, nonce: 1, [.burn(1)])
        let chosen = chain.application.prepareProposal([first, third, second])
        #expect(chosen.map(\.id) == [first.id, second.id])
    }

    @Test func skipsTransactionsThatCouldNotBeIncluded() {
        let chain = TestChain()
        let candidates = [
            chain.transaction(from: 1, nonce: 1, [.burn(1)]),  // gap
            chain.transaction(from: 2, fee: Amount(baseUnits: 1), [.burn(1)]),  // fee below minimum
            chain.transaction(from: 3, expiryHeight: 0, [.burn(1)]),  // expired
            chain.transaction(from: 0, [.burn(1)]),
        ]
        #expect(chain.application.prepareProposal(candidates).map(\.id) == [candidates[3].id])
    }

    @Test func countsFeesAlreadyChosenFromTheSameSender() {
        let chain = TestChain()
        let fee = Amount(baseUnits: 600_000)
        let first = chain.transaction(from: 1, nonce: 0, fee: fee, [.burn(1)])
        let second = chain.transaction(from: 1, nonce: 1, fee: fee, [.burn(1)])
        #expect(chain.application.prepareProposal([first, second]).map(\.id) == [first.id])
    }

    @Test func respectsTheTransactionCountLimit() {
        let chain = TestChain(blockTransactionCountMax: 2)
        let candidates = (0..<4).map { chain.transaction(from: $0, [.burn(1)]) }
        #expect(chain.application.prepareProposal(candidates).map(\.id) == candidates.prefix(2).map(\.id))
    }

    @Test func respectsTheByteLimit() {
        let chain = TestChain(blockByteCountMax: 400)
        let candidates = (0..<4).map { chain.transaction(from: $0, [.burn(1)]) }
        let chosen = chain.application.prepareProposal(candidates)
        #expect(!chosen.isEmpty)
        #expect(chosen.reduce(0) { $0 + $1.encodedByteCount } <= 400)
        #expect(chosen.count < candidates.count)
    }

    @Test func aPreparedProposalIsAccepted() {
        var chain = TestChain()
        chain.produceBlock([chain.transaction(from: 1, [.burn(1)])])
        let candidates = (0..<4).flatMap { sender in
            (0..<3).map {
                chain.transaction(from: sender, nonce: chain.state.nextNonce(of: chain.id(sender)) + $0, [.burn(1)])
            }
        }
        let chosen = chain.application.prepareProposal(candidates)
        #expect(chosen.count == 12)
        #expect(chain.application.processProposal(chain.makeBlock(chosen), verified: chosen) == .accept)
    }
}
