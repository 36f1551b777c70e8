import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BazaarNode

/// The API server over TLS on a real loopback port: the SDK's REST client and stream with the
/// certificate pinned, a wrong pin refused, and the connection guards (head deadline, 414 and
/// 431) working on the decrypted bytes, behind the TLS handler.
@Suite struct TLSServerTests {
    static func identity() throws -> TLSIdentity {
        let (certificatePEM, keyPEM) = try SelfSignedCertificate.make(names: ["127.0.0.1", "localhost"])
        return try TLSIdentity(certificateChainPEM: certificatePEM, privateKeyPEM: keyPEM, source: ("test", "test"))
    }

    /// Runs `body` with the port of a node's API served over TLS with `identity`.
    static func withServer<Value: Sendable>(
        _ identity: TLSIdentity, limits: APIServerLimits = APIServerLimits(),
        _ body: @Sendable (Int, Node) async throws -> Value
    ) async throws -> Value {
        let network = try TestNetwork()
        defer { network.remove() }
        let node = try network.makeNode()
        let app = APIServer.makeApplication(
            node: node, configuration: .init(address: .hostname("127.0.0.1", port: 0)), limits: limits, tls: identity,
            logger: Logger(label: "test"))
        return try await app.test(.live) { client in
            try await body(try #require(client.port), node)
        }
    }

    @Test func theSDKReadsTheAPIAndTheStreamOverTLSWithThePinnedCertificate() async throws {
        let identity = try Self.identity()
        try await Self.withServer(identity) { port, node in
            let url = "https://127.0.0.1:\(port)"
            let api = try BazaarAPIClient(baseURL: url, pinnedCertificate: identity.fingerprint)
            #expect(try await api.status().chainId == node.chainID)
            let stream = try StreamClient(baseURL: url, pinnedCertificate: identity.fingerprint)
            #expect(stream.streamURL == "wss://127.0.0.1:\(port)/v1/stream")
            var messages = stream.messages(subscribing: [StreamRequest(op: .subscribe, channel: .blocks)])
                .makeAsyncIterator()
            #expect(try await messages.next()?.type == "subscribed")
            try await node.produceBlock(clockMilliseconds: 2_000)
            let block = try await messages.next()
            #expect(block?.type == "block" && block?.height == 1)
        }
    }

    @Test func aWrongPinIsRefusedNamingBothFingerprints() async throws {
        let identity = try Self.identity()
        let other = try Self.identity()
        try await Self.withServer(identity) { port, _ in
            let api = try BazaarAPIClient(baseURL: "https://127.0.0.1:\(port)", pinnedCertificate: other.fingerprint)
            let mismatch = await #expect(throws: BazaarClientError.self) { try await api.status() }
            #expect(mismatch?.code == .tlsCertificateMismatch)
            let message = mismatch?.message ?? ""
            #expect(message.contains("presented a TLS certificate with SHA-256 fingerprint \(identity.fingerprint)"))
            #expect(message.contains("not the pinned \(other.fingerprint)"))
            // Without a pin, the system's authorities refuse the self-signed certificate.
            let unpinned = await #expect(throws: BazaarClientError.self) {
                try await BazaarAPIClient(baseURL: "https://127.0.0.1:\(port)").status()
            }
            #expect(unpinned?.message.contains("--tls-fingerprint") == true, "\(String(describing: unpinned))")
        }
    }

    /// The guards count the request's bytes after decryption: an over-long request line is 414
    /// (a line feed in the ciphertext would have made it 431), over-long headers 431.
    @Test func anOverlongRequestLineIs414AndOverlongHeadersAre431OverTLS() async throws {
        try await Self.withServer(try Self.identity()) { port, _ in
            let line = "GET /" + String(repeating: "a", count: 9_000)
            let longLine = try await TLSTestConnection.exchange(
                port: port, sending: Array(line.utf8), timeout: .seconds(30))
            #expect(longLine.status == 414, "\(longLine.text.prefix(200))")
            #expect(longLine.closed)
            let header = "GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + String(repeating: "b", count: 9_000)
            let longHeader = try await TLSTestConnection.exchange(
                port: port, sending: Array(header.utf8), timeout: .seconds(30))
            #expect(longHeader.status == 431, "\(longHeader.text.prefix(200))")
            #expect(longHeader.closed)
        }
    }

    /// A client that never starts the handshake, one that stops after it, and one that sends half a
    /// head are all closed at the head deadline; the last with 408.
    @Test func slowClientsAreClosedAtTheHeadDeadlineOverTLS() async throws {
        var limits = APIServerLimits()
        limits.requestHeadTimeout = .seconds(1)
        try await Self.withServer(try Self.identity(), limits: limits) { port, _ in
            let noHandshake = try await TLSTestConnection.exchange(
                port: port, tls: false, sending: [], timeout: .seconds(30))
            #expect(noHandshake.closed, "a connection without a handshake is still open")
            let silent = try await TLSTestConnection.exchange(port: port, sending: [], timeout: .seconds(30))
            #expect(silent.closed && silent.bytes.isEmpty, "\(silent)")
            let half = try await TLSTestConnection.exchange(
                port: port, sending: Array("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8),
                timeout: .seconds(30))
            #expect(half.closed && half.status == 408, "\(half.text.prefix(200))")
            // The server still serves a whole request.
            let whole = try await TLSTestConnection.exchange(
                port: port,
                sending: Array("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8),
                timeout: .seconds(30))
            #expect(whole.status == 200, "\(whole.text.prefix(200))")
        }
    }
}
