import BazaarCore
import BazaarNode
import Foundation
import Synchronization
import Testing

/// Real TLS links over 127.0.0.1. Every wait is bounded; a broken link fails a test within a
/// minute (the bound is for a loaded two-core machine; a working link answers in milliseconds).
@Suite struct PeerTransportLoopbackTests {
    /// Polls `condition` every 10 ms for at most `milliseconds`.
    /// Waits until `condition` holds or the deadline (wall time, however slowly sleeps return on a
    /// loaded machine) passes.
    private func eventually(within milliseconds: Int = 60_000, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    /// Collects a transport's inbound frames in the background.
    private final class Inbox: Sendable {
        let frames = Mutex<[InboundFrame]>([])
        init(_ transport: PeerTransport) {
            Task { [self] in
                for await frame in transport.frames { self.frames.withLock { $0.append(frame) } }
            }
        }
        var payloads: [[UInt8]] { frames.withLock { $0.map(\.payload) } }
    }

    private func configuration(
        _ key: PrivateKey, allowing allowed: [PrivateKey] = [], peerListPath: String? = nil
    ) -> PeerTransportConfiguration {
        var configuration = PeerTransportConfiguration(nodeKey: key, allowedPeers: Set(allowed.map(\.publicKey)))
        configuration.backoff = ReconnectBackoff(delayMillisecondsBase: 20, delayMillisecondsMax: 200)
        configuration.handshakeTimeoutMilliseconds = 2_000
        configuration.peerListPath = peerListPath
        configuration.unitRandom = { 0.5 }
        return configuration
    }

    @Test func twoNodesAuthenticateMutuallyAndExchangeFramesBothWays() async throws {
        let (keyA, keyB) = (PrivateKey(), PrivateKey())
        let a = try PeerTransport(configuration: configuration(keyA))
        let b = try PeerTransport(configuration: configuration(keyB, allowing: [keyA]))
        let (inboxA, inboxB) = (Inbox(a), Inbox(b))
        try await a.start(host: "127.0.0.1", port: 0)
        let portB = try await b.start(host: "127.0.0.1", port: 0)
        a.dial(PeerRecord(key: keyB.publicKey, host: "127.0.0.1", port: portB))
        #expect(await eventually { a.connectedPeers == [keyB.publicKey] && b.connectedPeers == [keyA.publicKey] })
        #expect(a.send([1, 2, 3], to: keyB.publicKey))
        #expect(b.broadcast([4, 5]) == 1)
        #expect(await eventually { inboxB.payloads == [[1, 2, 3]] && inboxA.payloads == [[4, 5]] })
        #expect(inboxB.frames.withLock { $0.first?.peer } == keyA.publicKey)
        await a.close()
        await b.close()
    }

    @Test func aPeerPresentingAnotherKeyThanDialledIsRefused() async throws {
        let (keyA, keyB, keyC) = (PrivateKey(), PrivateKey(), PrivateKey())
        let a = try PeerTransport(configuration: configuration(keyA))
        let b = try PeerTransport(configuration: configuration(keyB, allowing: [keyA]))
        let portB = try await b.start(host: "127.0.0.1", port: 0)
        // A expects C at B's address.
        a.dial(PeerRecord(key: keyC.publicKey, host: "127.0.0.1", port: portB))
        #expect(await eventually { a.statistics.handshakesRefused >= 1 })
        #expect(a.connectedPeers.isEmpty && b.connectedPeers.isEmpty)
        await a.close()
        await b.close()
    }

    @Test func anUnknownInboundKeyIsRefused() async throws {
        let (keyA, keyB) = (PrivateKey(), PrivateKey())
        let a = try PeerTransport(configuration: configuration(keyA))
        let b = try PeerTransport(configuration: configuration(keyB))  // allows nobody
        let portB = try await b.start(host: "127.0.0.1", port: 0)
        a.dial(PeerRecord(key: keyB.publicKey, host: "127.0.0.1", port: portB))
        // In TLS 1.3 the client finishes before the server has checked its certificate, so A may
        // see the link for a moment; B never admits it, and A loses it when B's alert arrives.
        #expect(await eventually { b.statistics.handshakesRefused >= 1 })
        #expect(await eventually { a.connectedPeers.isEmpty && b.connectedPeers.isEmpty })
        await a.close()
        await b.close()
    }

    @Test func aPeerSendingBytesTheUpperLayerRejectsIsDropped() async throws {
        let (keyA, keyB) = (PrivateKey(), PrivateKey())
        var configurationB = configuration(keyB, allowing: [keyA])
        configurationB.acceptsPayload = { _, payload in payload != [0xFF] }
        let a = try PeerTransport(configuration: configuration(keyA))
        let b = try PeerTransport(configuration: configurationB)
        let inboxB = Inbox(b)
        let portB = try await b.start(host: "127.0.0.1", port: 0)
        a.dial(PeerRecord(key: keyB.publicKey, host: "127.0.0.1", port: portB))
        #expect(await eventually { b.connectedPeers == [keyA.publicKey] })
        a.send([1], to: keyB.publicKey)
        a.send([0xFF], to: keyB.publicKey)
        #expect(await eventually { b.statistics.peersDropped == 1 })
        // The inbox drains the transport's stream on a task of its own, possibly after the drop.
        #expect(await eventually { inboxB.payloads == [[1]] }, "\(inboxB.payloads)")
        await a.close()
        await b.close()
    }

    @Test func aPeerSendingAnOversizedFrameIsDropped() async throws {
        let (keyA, keyB) = (PrivateKey(), PrivateKey())
        var configurationB = configuration(keyB, allowing: [keyA])
        configurationB.frameBytesMax = 16
        let a = try PeerTransport(configuration: configuration(keyA))
        let b = try PeerTransport(configuration: configurationB)
        let portB = try await b.start(host: "127.0.0.1", port: 0)
        a.dial(PeerRecord(key: keyB.publicKey, host: "127.0.0.1", port: portB))
        #expect(await eventually { b.connectedPeers == [keyA.publicKey] })
        a.send(Array(repeating: 7, count: 17), to: keyB.publicKey)
        #expect(await eventually { b.statistics.peersDropped == 1 })
        await a.close()
        await b.close()
    }

    @Test func aDialledPeerThatGoesAwayIsReconnectedWhenItComesBack() async throws {
        let (keyA, keyB) = (PrivateKey(), PrivateKey())
        let a = try PeerTransport(configuration: configuration(keyA))
        let b = try PeerTransport(configuration: configuration(keyB, allowing: [keyA]))
        let portB = try await b.start(host: "127.0.0.1", port: 0)
        a.dial(PeerRecord(key: keyB.publicKey, host: "127.0.0.1", port: portB))
        #expect(await eventually { a.connectedPeers == [keyB.publicKey] })
        await b.close()
        #expect(await eventually { a.connectedPeers.isEmpty })
        try await Task.sleep(for: .milliseconds(100))  // A few failed attempts while B is down.
        let bAgain = try PeerTransport(configuration: configuration(keyB, allowing: [keyA]))
        try await bAgain.start(host: "127.0.0.1", port: portB)
        #expect(await eventually { a.connectedPeers == [keyB.publicKey] && bAgain.connectedPeers == [keyA.publicKey] })
        await a.close()
        await bAgain.close()
    }

    @Test func thePeerListSurvivesARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peers-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (keyA, keyB) = (PrivateKey(), PrivateKey())
        let b = try PeerTransport(configuration: configuration(keyB, allowing: [keyA]))
        let portB = try await b.start(host: "127.0.0.1", port: 0)
        let a = try PeerTransport(configuration: configuration(keyA, peerListPath: path))
        try await a.start(host: "127.0.0.1", port: 0)
        a.dial(PeerRecord(key: keyB.publicKey, host: "127.0.0.1", port: portB))
        #expect(await eventually { a.connectedPeers == [keyB.publicKey] })
        await a.close()
        let restarted = try PeerTransport(configuration: configuration(keyA, peerListPath: path))
        #expect(restarted.knownPeers == [PeerRecord(key: keyB.publicKey, host: "127.0.0.1", port: portB)])
        try await restarted.start(host: "127.0.0.1", port: 0)  // Dials the listed peers by itself.
        #expect(await eventually { restarted.connectedPeers == [keyB.publicKey] })
        await restarted.close()
        await b.close()
    }
}
