import BazaarConsensus
import BazaarCore
import Foundation
import Testing

@testable import BazaarNode

/// Issue 13, part 10: three honest validators on 127.0.0.1 with real TLS links, and the fourth key
/// held by the test, which speaks the real peer protocol and sends oversized, repeated and
/// wrong-proposer proposals for the honest nodes' current height throughout.
@Suite(.serialized) struct ByzantineValidatorTests {
    static let heightsToCommit: UInt64 = 6
    /// What the attack sends at least: four times the 2 MiB bound on each node's log growth.
    static let attackBytesMin = 8 << 20
    /// Copies of a different proposal for one round sent in one burst.
    static let burstCount = 60

    /// What the honest nodes hold, sampled during the attack.
    struct Sample: CustomStringConvertible {
        let node: Int
        let probe: Node.ConsensusProbe

        var description: String {
            "node\(node): height \(probe.height) round \(probe.round) proposals \(probe.keptProposals) "
                + "early \(probe.earlyProposals) candidates \(probe.candidates) log \(probe.logBytes) B"
        }
    }

    @Test func honestValidatorsKeepCommittingAndHoldBoundedStateUnderHostileProposals() async throws {
        let cluster = try ConsensusNetworkTests.Cluster(validators: 4) {
            $0.blockTransactionCountMax = 50
            $0.blockByteCountMax = 32 * 1024
        }
        defer { cluster.network.remove() }
        let running = try (0..<3).map { try cluster.start($0) }
        let nodes = running.map(\.node)
        #expect(await ConsensusNetworkTests.eventually { await nodes.allSatisfy { await $0.height >= 1 } })
        let byzantine = cluster.keys[3]
        var configuration = PeerTransportConfiguration(
            nodeKey: byzantine, allowedPeers: Set(cluster.keys.map(\.publicKey)))
        configuration.backoff = ReconnectBackoff(delayMillisecondsBase: 20, delayMillisecondsMax: 200)
        let transport = try PeerTransport(configuration: configuration)
        try await transport.start(host: "127.0.0.1", port: cluster.ports[3])
        for index in 0..<3 {
            transport.dial(
                PeerRecord(key: cluster.keys[index].publicKey, host: "127.0.0.1", port: cluster.ports[index]))
        }
        let network = cluster.network
        let transactions = (1...51).map {
            network.transfer(from: network.alice, to: network.bob, units: 1, nonce: UInt64($0))
        }
        let startHeight = await nodes[0].height
        var startLog = [Int]()
        for node in nodes { startLog.append(await node.consensusProbe()?.logBytes ?? 0) }
        var samples = [Sample]()
        var sentBytes = 0
        var salt: UInt64 = 0
        var iteration = 0
        // Until the honest nodes commit and the attack has sent more than the log bound below
        // many times over (on a loaded machine heights may come before the bytes).
        let deadline = ContinuousClock.now + .seconds(240)
        while await nodes.asyncMin({ await $0.height }) < startHeight + Self.heightsToCommit
            || sentBytes <= Self.attackBytesMin,
            ContinuousClock.now < deadline
        {
            _ = await ConsensusNetworkTests.eventually(within: 5) { !transport.connectedPeers.isEmpty }
            guard let probe = await nodes[0].consensusProbe() else { break }
            // One kind of attack per link: the first broken rule drops it.
            var frames = [[UInt8]]()
            switch iteration % 3 {
            case 0:
                // Repeated: many different proposals for a round it proposes (or else a wrong-proposer one).
                let round = probe.proposers.firstIndex(of: byzantine.publicKey).map { probe.round + UInt32($0) }
                for _ in 0..<(round == nil ? 1 : Self.burstCount) {
                    salt += 1
                    frames.append(
                        Self.proposal(
                            by: byzantine, height: probe.height, round: round ?? probe.round,
                            transactions: Array(transactions.prefix(50)), salt: salt))
                }
            case 1:
                // Wrong proposer: a round whose proposer is another validator.
                let round = probe.proposers.firstIndex { $0 != byzantine.publicKey }.map { probe.round + UInt32($0) }
                salt += 1
                frames.append(
                    Self.proposal(by: byzantine, height: probe.height, round: round ?? probe.round, salt: salt))
            default:
                // Oversized: one transaction more than a block may hold.
                salt += 1
                frames.append(
                    Self.proposal(
                        by: byzantine, height: probe.height, round: probe.round, transactions: transactions, salt: salt)
                )
            }
            let links = transport.connectedPeers.count
            for frame in frames {
                transport.broadcast(frame)
                sentBytes += frame.count * links
            }
            iteration += 1
            for (index, node) in nodes.enumerated() {
                if let probe = await node.consensusProbe() { samples.append(Sample(node: index, probe: probe)) }
            }
            // Paces the attack (not a wait for a condition): about ten bursts a second.
            try await Task.sleep(for: .milliseconds(100))
        }
        let committed = await nodes.asyncMin { await $0.height }
        var dropped = 0
        for node in running { dropped += Int(node.transport?.statistics.peersDropped ?? 0) }
        var growth = [Int]()
        for (index, node) in nodes.enumerated() {
            growth.append((await node.consensusProbe()?.logBytes ?? 0) - startLog[index])
        }
        let states = samples.suffix(3).map(\.description).joined(separator: "; ")
        let summary =
            "committed \(committed) from \(startHeight), \(iteration) bursts, \(sentBytes) B sent, "
            + "\(dropped) links dropped, log growth \(growth); last: \(states)"
        print("Byzantine proposer: \(summary)")
        // The honest network keeps committing.
        #expect(committed >= startHeight + Self.heightsToCommit, "\(summary)")
        // Every broken rule cost the sender its link.
        #expect(dropped >= iteration / 2, "\(summary)")
        // Bounded state: at most one proposal per round up to one ahead, two for the next height,
        // and blocks only for those and the node's own.
        for sample in samples {
            #expect(sample.probe.keptProposals <= Int(sample.probe.round) + 2, "\(sample)")
            #expect(sample.probe.earlyProposals <= ConsensusRuntime.earlyProposalsMax, "\(sample)")
            #expect(sample.probe.candidates <= Int(sample.probe.round) + 3, "\(sample)")
        }
        // Bounded log: each height logs at most one received proposal per round (here about 10 KB
        // each) besides votes; far less than the attack sent.
        #expect(sentBytes > Self.attackBytesMin, "\(summary)")
        #expect(growth.allSatisfy { $0 < 2 << 20 }, "\(summary)")
        await transport.close()
        for node in running { await node.stop() }
    }

    /// A `PeerMessage.proposal` frame signed by `key`, whose block is junk of the given transactions.
    static func proposal(
        by key: PrivateKey, height: UInt64, round: UInt32, transactions: [SignedTransaction] = [], salt: UInt64
    ) -> [UInt8] {
        let (signed, block, _) = ProposalScreeningTests.proposal(
            by: key, height: height, round: round, transactions: transactions, salt: salt)
        return PeerMessage.proposal(signed, block).canonicalBytes
    }
}

extension Node {
    /// The sizes of what the consensus driver holds, for tests.
    struct ConsensusProbe: Sendable {
        let height: UInt64
        let round: UInt32
        /// The proposers of the current round and the next.
        let proposers: [PublicKey]
        let keptProposals: Int
        let earlyProposals: Int
        let candidates: Int
        let logBytes: Int
    }

    func consensusProbe() -> ConsensusProbe? {
        guard let tendermint = consensus?.tendermint, let log = consensus?.log else { return nil }
        return ConsensusProbe(
            height: tendermint.height, round: tendermint.round,
            proposers: [
                tendermint.proposer(round: tendermint.round), tendermint.proposer(round: tendermint.round + 1),
            ],
            keptProposals: consensus?.receivedProposals.count ?? 0,
            earlyProposals: consensus?.earlyProposals.count ?? 0,
            candidates: consensus?.candidates.count ?? 0, logBytes: log.sizeBytes)
    }
}
