import BazaarConsensus
import BazaarCore
import Foundation
import Testing

@testable import BazaarNode

/// A faulty proposer may not move block time far ahead of real time: a block whose time is more
/// than `BlockSchedule.clockAheadMillisecondsMax` ahead of a validator's clock is not valid to it,
/// so the validator prevotes nil (a time years ahead would expire every HTLC, accrue years of
/// interest and funding in one block, or leave no later time for the next block).
@Suite(.serialized) struct BlockTimeTests {
    typealias Fixture = ProposalScreeningTests.Fixture

    @Test func aBlockTimeUpToTheBoundAheadOfTheClockIsValidAndOneMillisecondMoreIsNot() async throws {
        let fixture = try await Fixture()
        let proposer = fixture.key(proposing: 0)
        let clock = Node.wallClockMilliseconds()
        let (block, verified) = await fixture.node.buildProposal(
            proposer: proposer.publicKey, clockMilliseconds: clock + BlockSchedule.clockAheadMillisecondsMax)
        let time = block.header.timeMilliseconds
        #expect(await fixture.node.evaluate(block, verified: verified, clockMilliseconds: clock).isValid)
        #expect(await !fixture.node.evaluate(block, verified: verified, clockMilliseconds: clock - 1).isValid)
        #expect(time == clock + BlockSchedule.clockAheadMillisecondsMax)
        // Replaying the log judges without a clock.
        #expect(await fixture.node.evaluate(block, verified: verified, clockMilliseconds: nil).isValid)
        try await fixture.stop()
    }

    @Test func aProposalAnHourInTheFutureIsReceivedAsInvalid() async throws {
        let fixture = try await Fixture()
        let proposer = fixture.key(proposing: 0)
        let (block, verified) = await fixture.node.buildProposal(
            proposer: proposer.publicKey, clockMilliseconds: Node.wallClockMilliseconds() + 3_600_000)
        let proposal = Proposal(height: 1, round: 0, value: block.hash, validRound: nil, proposer: proposer.publicKey)
        let signed = SignedProposal(signing: proposal, with: proposer, chainID: TestNetwork.chainID)
        let bytes = PeerMessage.proposal(signed, block).canonicalBytes.count
        #expect(await fixture.node.screen(signed, block: block, encodedBytes: bytes) == .accept)
        let verifiedProposal = try #require(VerifiedProposal(verifying: signed, chainID: TestNetwork.chainID))
        try await fixture.node.receive(proposal: verifiedProposal, block: block, verified: verified)
        #expect(await fixture.node.candidateIsValid(block.hash) == false)
        try await fixture.stop()
    }
}

extension Node {
    /// Whether the block this node keeps as a candidate of the current height is valid to it.
    func candidateIsValid(_ value: Hash) -> Bool? { consensus?.candidates[value]?.isValid }
}
