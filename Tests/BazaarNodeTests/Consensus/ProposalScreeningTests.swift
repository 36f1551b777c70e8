import BazaarConsensus
import BazaarCore
import Foundation
import Testing

@testable import BazaarNode

/// Issue 13, parts 1 and 3: what a validator does with proposals before it checks their blocks.
/// One node of a four-validator chain runs consensus without a transport; the test hands it
/// proposals signed with the other validators' keys, as its peer-to-peer service would.
@Suite(.serialized) struct ProposalScreeningTests {
    static let transactionCountMax: UInt32 = 50
    static let byteCountMax: UInt32 = 32 * 1024
    /// Long timeouts: the node stays in round 0 of height 1 while the test runs.
    static let settings = ConsensusSettings(
        timeouts: TimeoutSettings(
            proposeMilliseconds: 600_000, prevoteMilliseconds: 600_000, precommitMilliseconds: 600_000,
            durationMillisecondsMax: 600_000),
        idleIntervalMilliseconds: 600_000)

    struct Fixture {
        let cluster: ConsensusNetworkTests.Cluster
        let node: Node
        let transactions: [SignedTransaction]

        init() async throws {
            cluster = try ConsensusNetworkTests.Cluster(validators: 4) {
                $0.blockTransactionCountMax = ProposalScreeningTests.transactionCountMax
                $0.blockByteCountMax = ProposalScreeningTests.byteCountMax
            }
            let configuration = cluster.configuration(0)
            node = try Node(configuration: configuration)
            try await node.startConsensus(
                transport: nil, settings: ProposalScreeningTests.settings,
                paths: ConsensusPaths(
                    writeAheadLog: configuration.writeAheadLogPath, signerState: configuration.signerStatePath))
            let network = cluster.network
            transactions = (1...Int(ProposalScreeningTests.transactionCountMax) + 1).map {
                network.transfer(from: network.alice, to: network.bob, units: 1, nonce: UInt64($0))
            }
        }

        func key(proposing round: UInt32, height: UInt64 = 1) -> PrivateKey {
            let proposer = Tendermint(
                configuration: .init(chainID: TestNetwork.chainID, validators: node.validators), signer: nil,
                height: height
            ).proposer(round: round)
            return cluster.keys.first { $0.publicKey == proposer }!
        }

        func key(notProposing round: UInt32) -> PrivateKey {
            let proposer = key(proposing: round)
            let own = cluster.keys[0].publicKey
            return cluster.keys.first { $0.publicKey != proposer.publicKey && $0.publicKey != own }!
        }

        func stop() async throws {
            try await node.stopConsensus()
            cluster.network.remove()
        }

        /// The received proposals in the node's write-ahead log.
        func loggedProposals() throws -> Int {
            let log = try WriteAheadLog(path: cluster.configuration(0).writeAheadLogPath, payloadBytesMax: 0xFF_FFFE)
            return try log.recordsSinceLastEndOfHeight().filter {
                if case .receivedProposal = try ConsensusLogEntry(canonicalBytes: $0) { return true }
                return false
            }.count
        }
    }

    static func proposal(
        by key: PrivateKey, height: UInt64 = 1, round: UInt32, transactions: [SignedTransaction] = [], salt: UInt64 = 0
    ) -> (signed: SignedProposal, block: Block, bytes: Int) {
        let header = BlockHeader(
            chainID: TestNetwork.chainID, height: height, timeMilliseconds: 2_000 + salt,
            previousBlockHash: Hash.sha256([1]), transactionsHash: Hash.sha256([2]), previousAppHash: Hash.sha256([3]),
            proposer: key.publicKey, evidenceHash: Block.evidenceHash([]))
        let block = Block(header: header, transactions: transactions)
        let proposal = Proposal(
            height: height, round: round, value: block.hash, validRound: nil, proposer: key.publicKey)
        let signed = SignedProposal(signing: proposal, with: key, chainID: TestNetwork.chainID)
        return (signed, block, PeerMessage.proposal(signed, block).canonicalBytes.count)
    }

    static func isPenalty(_ screening: ProposalScreening, mentioning words: String) -> Bool {
        if case .penalise(let reason) = screening { return reason.contains(words) }
        return false
    }

    @Test func aBlockOverTheTransactionLimitIsRefusedBeforeAnythingElse() async throws {
        let fixture = try await Fixture()
        let oversized = Self.proposal(by: fixture.key(proposing: 0), round: 0, transactions: fixture.transactions)
        let screening = await fixture.node.screen(
            oversized.signed, block: oversized.block, encodedBytes: oversized.bytes)
        #expect(Self.isPenalty(screening, mentioning: "51 transactions (limit 50)"))
        // Exactly at the limit is within it.
        let full = Self.proposal(
            by: fixture.key(proposing: 0), round: 0, transactions: Array(fixture.transactions.prefix(50)))
        #expect(await fixture.node.screen(full.signed, block: full.block, encodedBytes: full.bytes) == .accept)
        try await fixture.stop()
    }

    @Test func aProposalOverTheByteLimitIsRefused() async throws {
        let fixture = try await Fixture()
        let limits = try #require(await fixture.node.consensusLimits)
        let small = Self.proposal(by: fixture.key(proposing: 0), round: 0)
        let over = await fixture.node.screen(
            small.signed, block: small.block, encodedBytes: limits.proposalBytesMax + 1)
        #expect(Self.isPenalty(over, mentioning: "bytes (limit \(limits.proposalBytesMax))"))
        let at = await fixture.node.screen(small.signed, block: small.block, encodedBytes: limits.proposalBytesMax)
        #expect(at == .accept)
        try await fixture.stop()
    }

    @Test func aProposalFromAValidatorThatIsNotTheRoundsProposerIsRefused() async throws {
        let fixture = try await Fixture()
        let wrong = Self.proposal(by: fixture.key(notProposing: 0), round: 0)
        let screening = await fixture.node.screen(wrong.signed, block: wrong.block, encodedBytes: wrong.bytes)
        #expect(Self.isPenalty(screening, mentioning: "whose proposer it is not"))
        try await fixture.stop()
    }

    @Test func onlyTheFirstProposalOfARoundIsKeptAndLoggedAndASecondOneIsRefused() async throws {
        let fixture = try await Fixture()
        let proposer = fixture.key(proposing: 0)
        let first = Self.proposal(by: proposer, round: 0, salt: 1)
        #expect(await fixture.node.screen(first.signed, block: first.block, encodedBytes: first.bytes) == .accept)
        let verified = try #require(VerifiedProposal(verifying: first.signed, chainID: TestNetwork.chainID))
        try await fixture.node.receive(proposal: verified, block: first.block, verified: [])
        // The same proposal again (a peer resends while a height is stuck) is not the sender's fault.
        #expect(await fixture.node.screen(first.signed, block: first.block, encodedBytes: first.bytes) == .ignore)
        for salt in UInt64(2)...300 {
            let other = Self.proposal(by: proposer, round: 0, salt: salt)
            let screening = await fixture.node.screen(other.signed, block: other.block, encodedBytes: other.bytes)
            #expect(Self.isPenalty(screening, mentioning: "second, different proposal for round 0"))
            // Handed over anyway (as if screened before the first arrived), it is still dropped.
            let verifiedOther = try #require(VerifiedProposal(verifying: other.signed, chainID: TestNetwork.chainID))
            try await fixture.node.receive(proposal: verifiedOther, block: other.block, verified: [])
        }
        #expect(await fixture.node.keptProposalCount() == 1)
        try await fixture.node.stopConsensus()
        #expect(try fixture.loggedProposals() == 1)
        fixture.cluster.network.remove()
    }

    @Test func proposalsMoreThanOneRoundAheadAreIgnoredAndTheNextRoundIsKept() async throws {
        let fixture = try await Fixture()
        let next = Self.proposal(by: fixture.key(proposing: 1), round: 1)
        #expect(await fixture.node.screen(next.signed, block: next.block, encodedBytes: next.bytes) == .accept)
        let ahead = Self.proposal(by: fixture.key(proposing: 2), round: 2)
        #expect(await fixture.node.screen(ahead.signed, block: ahead.block, encodedBytes: ahead.bytes) == .ignore)
        try await fixture.stop()
    }

    @Test func proposalsForTheNextHeightAreBoundedToItsFirstTwoRounds() async throws {
        let fixture = try await Fixture()
        for round in UInt32(0)...3 {
            let early = Self.proposal(by: fixture.key(proposing: round, height: 2), height: 2, round: round)
            let screening = await fixture.node.screen(early.signed, block: early.block, encodedBytes: early.bytes)
            #expect(screening == (round <= 1 ? .accept : .ignore))
            let verified = try #require(VerifiedProposal(verifying: early.signed, chainID: TestNetwork.chainID))
            try await fixture.node.receive(proposal: verified, block: early.block, verified: [])
        }
        #expect(await fixture.node.earlyProposalCount() == 2)
        try await fixture.stop()
    }

    @Test func votesBeyondTwoPerValidatorRoundAndTypeAreNeitherKeptNorLogged() async throws {
        let fixture = try await Fixture()
        let byzantine = fixture.cluster.keys[3]
        for value in 0..<100 {
            let vote = Vote(
                type: .prevote, height: 1, round: 0, value: Hash.sha256([UInt8(value)]), validator: byzantine.publicKey)
            let signed = SignedVote(signing: vote, with: byzantine, chainID: TestNetwork.chainID)
            let verified = try #require(VerifiedVote(verifying: signed, chainID: TestNetwork.chainID))
            try await fixture.node.receive(vote: verified)
        }
        #expect(await fixture.node.keptVoteCount() == 2)
        try await fixture.stop()
    }
}

extension Node {
    /// Proposals of the current height kept by the consensus driver.
    func keptProposalCount() -> Int { consensus?.receivedProposals.count ?? 0 }
    func earlyProposalCount() -> Int { consensus?.earlyProposals.count ?? 0 }
    func keptVoteCount() -> Int { consensus?.receivedVotes.count ?? 0 }
}

/// The limits' arithmetic, exactly.
@Suite struct ConsensusLimitsTests {
    static let parameters = ChainParameters(chainID: "limits", feeAsset: "BZR", minimumFee: Amount(baseUnits: 1))

    @Test func theDefaultLimitsFitInALogRecord() throws {
        let limits = try ConsensusLimits(parameters: Self.parameters, validatorCount: 4)
        #expect(limits.blockTransactionCountMax == 10_000)
        #expect(limits.blockTransactionBytesMax == 8 * 1024 * 1024)
        #expect(limits.proposalBytesMax == 8_388_608 + 40_000 + 65_536)
        #expect(limits.frameBytesMax == limits.proposalBytesMax + 4 * 256)
        #expect(limits.frameBytesMax <= ConsensusLimits.logRecordBytesCeiling)
    }

    @Test func blockLimitsAMessageCouldNotBeLoggedWithAreRefused() throws {
        var parameters = Self.parameters
        parameters.blockByteCountMax = 16 * 1024 * 1024
        #expect(throws: NodeError.self) { try ConsensusLimits(parameters: parameters, validatorCount: 4) }
        // The largest byte limit that still fits, and one more.
        let fits = UInt32(ConsensusLimits.logRecordBytesCeiling - 40_000 - 65_536 - 4 * 256)
        parameters.blockByteCountMax = fits
        #expect(try ConsensusLimits(parameters: parameters, validatorCount: 4).frameBytesMax == 0xFF_FFFE)
        parameters.blockByteCountMax = fits + 1
        #expect(throws: NodeError.self) { try ConsensusLimits(parameters: parameters, validatorCount: 4) }
    }
}

/// What `ConsensusService` logs when consensus stops the node: the cause, not only the service.
@Suite struct ConsensusFailureLogTests {
    @Test func aNodeErrorIsLoggedWithItsCodeAndMessage() {
        let metadata = ConsensusService.metadata(
            of: NodeError(.storage, "write-ahead log record of 9300000 bytes exceeds the limit of 8454144"))
        #expect(metadata["code"] == "storage")
        #expect(metadata["error"] == "write-ahead log record of 9300000 bytes exceeds the limit of 8454144")
    }

    @Test func anyOtherErrorIsLoggedInFull() {
        let metadata = ConsensusService.metadata(of: P2PError.frameTooLarge(20, limit: 10))
        #expect(metadata["error"] == "frameTooLarge: frame of 20 bytes exceeds the limit of 10 bytes")
    }
}
