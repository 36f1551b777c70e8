import BazaarAPI
import BazaarConsensus
import BazaarCore
import Foundation
import Testing

@testable import BazaarNode

/// Validators in one process, each with its own store, write-ahead log and TLS links over
/// 127.0.0.1, running the real consensus driver. Every wait is bounded.
@Suite(.serialized) struct ConsensusNetworkTests {
    /// `count` validators sharing a genesis, each node in its own directory, with free ports.
    final class Cluster: Sendable {
        let network: TestNetwork
        let keys: [PrivateKey]
        let genesis: Genesis
        let ports: [Int]
        let directories: [URL]

        init(validators count: Int, parameters adjust: (inout ChainParameters) -> Void = { _ in }) throws {
            let network = try TestNetwork()
            let keys = (0..<count).map { _ in PrivateKey() }
            var genesis = network.genesis
            genesis.validators = keys.map(\.publicKey)
            adjust(&genesis.parameters)
            let directories = (0..<count).map { network.directory.appendingPathComponent("node\($0)") }
            (self.network, self.keys, self.genesis, self.directories) = (network, keys, genesis, directories)
            ports = try (0..<count).map { _ in try freePort() }
            for directory in directories {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
        }

        func configuration(_ index: Int) -> NodeConfiguration {
            var configuration = NodeConfiguration(
                dataDirectory: directories[index], genesis: genesis, validatorKey: keys[index], port: 0,
                blockIntervalMilliseconds: 50, idleIntervalMilliseconds: 300)
            configuration.p2pPort = ports[index]
            configuration.peers = keys.indices.filter { $0 != index }.map {
                PeerRecord(key: keys[$0].publicKey, host: "127.0.0.1", port: ports[$0])
            }
            configuration.timeouts = TimeoutSettings(
                proposeMilliseconds: 1_000, proposeDeltaMilliseconds: 200, prevoteMilliseconds: 300,
                prevoteDeltaMilliseconds: 200, precommitMilliseconds: 300, precommitDeltaMilliseconds: 200,
                durationMillisecondsMax: 3_000)
            return configuration
        }

        /// Starts validator `index`: its node and consensus service, stopped by cancelling the task.
        func start(_ index: Int) throws -> RunningNode {
            let configuration = configuration(index)
            let node = try Node(configuration: configuration)
            let runner = NodeRunner(configuration: configuration, logger: .init(label: "test.node\(index)"))
            let service = try runner.makeConsensusService(node: node)
            let task = Task { try await service.run() }
            return RunningNode(node: node, task: task, transport: service.transport)
        }
    }

    struct RunningNode {
        let node: Node
        let task: Task<Void, any Error>
        let transport: PeerTransport?

        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    /// Polls `condition` every 50 ms for at most `seconds`.
    static func eventually(within seconds: Int = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
        for _ in 0..<(seconds * 20) {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// The application hash each node stored at `height`.
    static func appHashes(_ nodes: [Node], at height: UInt64) throws -> [Hash?] {
        try nodes.map { try $0.store.block(at: height)?.appHash }
    }

    @Test func fourValidatorsCommitTheSameBlocksAndEveryTransactionOnce() async throws {
        let cluster = try Cluster(validators: 4)
        defer { cluster.network.remove() }
        let running = try (0..<4).map { try cluster.start($0) }
        let nodes = running.map(\.node)
        #expect(await Self.eventually { await nodes.allSatisfy { await $0.height >= 2 } })
        // Ten transfers, each sent to a different validator; each is committed exactly once.
        let network = cluster.network
        var ids: [Hash] = []
        for nonce in 0..<10 {
            let signed = network.transfer(from: network.alice, to: network.bob, units: 1_000, nonce: UInt64(nonce))
            ids.append(signed.id)
            #expect(await nodes[nonce % 4].admit(signed) == .ok)
        }
        #expect(
            try await Self.eventually {
                try nodes.allSatisfy { node in try ids.allSatisfy { try node.store.committedTransaction($0) != nil } }
            })
        let top = await nodes.asyncMin { await $0.height }
        try #require(top >= 1)
        for height in 1...top {
            let hashes = try Self.appHashes(nodes, at: height)
            #expect(Set(hashes).count == 1, "application hashes differ at height \(height)")
            let blocks = try nodes.map { try $0.store.block(at: height)?.block.hash }
            #expect(Set(blocks).count == 1, "two blocks at height \(height)")
            let commit = try #require(try nodes[0].store.block(at: height)?.commit)
            #expect(
                try Commit(canonicalBytes: commit).isValid(
                    chainID: TestNetwork.chainID, validators: nodes[0].validators))
        }
        let positions = try ids.map { try #require(try nodes[0].store.committedTransaction($0)) }
        #expect(Set(positions.map { "\($0.height)/\($0.index)" }).count == ids.count)
        let status = await nodes[0].status
        #expect(status.validators == 4 && status.connectedPeers == 3)
        #expect(await Self.eventually { nodes[0].metrics.exposition().contains("bazaar_peers_connected 3") })
        let bob = await nodes[3].account(network.bob.publicKey.accountID)
        #expect(bob?.balance(of: "USD") == Amount(baseUnits: 10_000))
        for node in running { await node.stop() }
    }

    @Test func threeOfFourKeepCommittingAndTheFourthCatchesUpByBlockSync() async throws {
        let cluster = try Cluster(validators: 4)
        defer { cluster.network.remove() }
        var running = try (0..<3).map { try cluster.start($0) }
        let nodes = running.map(\.node)
        #expect(await Self.eventually { await nodes.allSatisfy { await $0.height >= 4 } })
        running.append(try cluster.start(3))
        let late = running[3].node
        let target = await nodes[0].height + 2
        #expect(await Self.eventually { await late.height >= target })
        let height = await late.height
        #expect(Set(try Self.appHashes(nodes + [late], at: height - 1)).count == 1)
        for node in running { await node.stop() }
    }

    @Test func twoOfFourCannotCommitAndNeverFork() async throws {
        let cluster = try Cluster(validators: 4)
        defer { cluster.network.remove() }
        let running = try (0..<2).map { try cluster.start($0) }
        try await Task.sleep(for: .seconds(3))
        for node in running { #expect(await node.node.height == 0) }
        for node in running { await node.stop() }
    }

    @Test func aValidatorRestartedMidHeightReplaysItsLogAndKeepsWhatItSigned() async throws {
        // Alone, one of four validators cannot decide: after its propose timeout it prevotes nil at
        // height 1, round 0, and waits. Its log holds the timeout and the vote. (Not the round's
        // proposer, which would prevote its own block.)
        let cluster = try Cluster(validators: 4)
        defer { cluster.network.remove() }
        let validators = ValidatorSet(cluster.keys.map { Validator(publicKey: $0.publicKey, votingPower: 1) })
        let proposer = Tendermint(
            configuration: .init(chainID: TestNetwork.chainID, validators: validators), signer: nil, height: 1
        ).proposer(round: 0)
        let alone = try #require(cluster.keys.firstIndex { $0.publicKey != proposer })
        do {
            let running = try cluster.start(alone)
            try await Task.sleep(for: .milliseconds(1_500))
            await running.stop()
        }
        let log = try WriteAheadLog(path: cluster.configuration(alone).writeAheadLogPath)
        let entries = try log.recordsSinceLastEndOfHeight().map { try ConsensusLogEntry(canonicalBytes: $0) }
        #expect(entries.contains(.timeout(ConsensusTimeout(kind: .propose, height: 1, round: 0))))
        let prevote = entries.compactMap { entry -> SignedVote? in
            if case .own(.vote(let signed)) = entry, signed.vote.type == .prevote { return signed }
            return nil
        }
        #expect(prevote.map(\.vote.value) == [nil])
        #expect(prevote.first?.vote.round == 0)

        // Restarted with two others, it replays its log and takes part: had it signed anything
        // different at a step it had signed, its signer state would have refused and stopped it.
        var restarted: RunningNode?
        for _ in 0..<200 where restarted == nil {
            restarted = try? cluster.start(alone)
            if restarted == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let node = try #require(restarted)
        let others = try (0..<4).filter { $0 != alone }.prefix(2).map { try cluster.start($0) }
        #expect(await Self.eventually { await node.node.height >= 3 })
        let block = try #require(try node.node.store.block(at: 1))
        let commit = try Commit(canonicalBytes: try #require(block.commit))
        // Its restored nil prevote leaves round 0 without a polka (two of four for the block at most),
        // so height 1 is decided in a later round.
        #expect(commit.round >= 1)
        for running in [node] + others { await running.stop() }
    }

    @Test func aPeerSendingAnUndecodableFrameOrABadlySignedVoteIsDropped() async throws {
        let cluster = try Cluster(validators: 4)
        defer { cluster.network.remove() }
        let honest = try cluster.start(0)
        let rogueKey = cluster.keys[3]
        let rogue = try PeerTransport(
            configuration: PeerTransportConfiguration(nodeKey: rogueKey, allowedPeers: [cluster.keys[0].publicKey]))
        try await rogue.start(host: "127.0.0.1", port: 0)
        rogue.dial(PeerRecord(key: cluster.keys[0].publicKey, host: "127.0.0.1", port: cluster.ports[0]))
        let transport = try #require(honest.transport)
        #expect(await Self.eventually { rogue.connectedPeers.count == 1 })
        rogue.broadcast([0xFF, 0x01])
        #expect(await Self.eventually { transport.statistics.peersDropped == 1 })
        // Reconnected after backoff; now a vote whose signature is another validator's.
        #expect(await Self.eventually { rogue.connectedPeers.count == 1 })
        let vote = Vote(type: .prevote, height: 1, round: 0, value: nil, validator: rogueKey.publicKey)
        let forged = SignedVote(
            vote: vote, signature: cluster.keys[1].sign(vote.signingBytes(chainID: TestNetwork.chainID)))
        rogue.broadcast(PeerMessage.vote(forged).canonicalBytes)
        #expect(await Self.eventually { transport.statistics.peersDropped == 2 })
        await rogue.close()
        await honest.stop()
    }

    @Test func anEquivocationIsCommittedAsEvidence() async throws {
        // Three honest validators run; the test holds the fourth key and signs two prevotes for one step.
        let cluster = try Cluster(validators: 4)
        defer { cluster.network.remove() }
        let running = try (0..<3).map { try cluster.start($0) }
        let nodes = running.map(\.node)
        #expect(await Self.eventually { await nodes.allSatisfy { await $0.height >= 1 } })
        let byzantine = cluster.keys[3]
        let transport = try PeerTransport(
            configuration: PeerTransportConfiguration(
                nodeKey: byzantine, allowedPeers: Set(cluster.keys.map(\.publicKey))))
        try await transport.start(host: "127.0.0.1", port: 0)
        for index in 0..<3 {
            transport.dial(
                PeerRecord(key: cluster.keys[index].publicKey, host: "127.0.0.1", port: cluster.ports[index]))
        }
        #expect(await Self.eventually { transport.connectedPeers.count == 3 })
        let height = await nodes[0].height + 1
        for value in [Hash.sha256([1]), Hash.sha256([2])] {
            let vote = Vote(type: .prevote, height: height, round: 0, value: value, validator: byzantine.publicKey)
            let signed = SignedVote(signing: vote, with: byzantine, chainID: TestNetwork.chainID)
            transport.broadcast(PeerMessage.vote(signed).canonicalBytes)
        }
        let found = try await Self.eventually {
            let top = await nodes[0].height
            guard top > height else { return false }
            return try (height...top).contains { try !(nodes[0].store.block(at: $0)?.block.evidence.isEmpty ?? true) }
        }
        #expect(found)
        let top = await nodes[0].height
        let rendered = try (height...top).compactMap { try nodes[0].store.block(at: $0) }
            .map { Rendering.block($0, context: RenderingContext(decimals: [:]), feeAsset: "BZR") }.flatMap(\.evidence)
        #expect(rendered.count == 1)
        #expect(rendered.first?.validator == byzantine.publicKey.hex)
        #expect(rendered.first?.type == "prevote")
        await transport.close()
        for node in running { await node.stop() }
    }
}

/// A port that was free a moment ago.
func freePort() throws -> Int {
    let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            bind(socket, raw, length) == 0 && getsockname(socket, raw, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

extension Sequence {
    func asyncMin<Value: Comparable>(_ value: (Element) async -> Value) async -> Value {
        var result: Value?
        for element in self {
            let current = await value(element)
            result = result.map { Swift.min($0, current) } ?? current
        }
        return result!
    }

    func allSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where try await !predicate(element) { return false }
        return true
    }
}
