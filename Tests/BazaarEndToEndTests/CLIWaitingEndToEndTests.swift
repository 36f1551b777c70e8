import BazaarAPI
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// How a transaction command waits (issue 16, part 4), against a devnet with one-minute blocks:
/// `--no-wait` prints the id and leaves; `--timeout` says the transaction is still pending, after
/// a "waiting" line; and a retry while it is pending is refused, so nothing is paid twice.
@Suite struct CLIWaitingEndToEndTests {
    @Test func noWaitTimeoutAndARetryThatCannotPayTwice() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-wait-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home, blockMilliseconds: 60_000)
        try await devnet.start()
        let global = ["--home", home.path, "--node", devnet.url]
        func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await BazaarBinary.run(arguments + global, withErrors: true)
        }
        func committed(_ id: String) async throws -> TransactionResponse {
            let deadline = ContinuousClock.now + .seconds(300)
            while true {
                let shown = try await BazaarBinary.run(["tx", id, "--json"] + global)
                if shown.status == 0,
                    let response = try? JSONDecoder().decode(TransactionResponse.self, from: Data(shown.output.utf8)),
                    response.status == .committed
                {
                    return response
                }
                guard ContinuousClock.now < deadline else { throw E2EError("\(id) never committed: \(shown.output)") }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let transfer = ["transfer", "--from", "alice", "--to", "bob", "--asset", "USD", "--amount", "1"]

        // --no-wait: the id at once, status 0; it commits later.
        let sent = try await BazaarBinary.run(transfer + ["--no-wait", "--json"] + global)
        #expect(sent.status == 0, "\(sent.output)")
        let pending = try JSONDecoder().decode(TransactionResponse.self, from: Data(sent.output.utf8))
        #expect(pending.status == .pending)
        #expect(try await committed(pending.id).code == "ok")

        // --timeout 2: a waiting line after a second, then "still pending" with the id; sending
        // again right away is refused. A block may land inside the two
        // seconds (one time in thirty), or between the time-out and the retry: then the first has
        // committed and the retry is a second payment on purpose; wait for both and try again.
        func transactionID(_ output: String) -> String? {
            let words = output.split(whereSeparator: { (character: Character) in character.isWhitespace })
            return words.first { $0.count == 64 && $0.allSatisfy(\.isHexDigit) }.map(String.init)
        }
        var refusedRetry = false
        var attempts: [String] = []
        for _ in 0..<6 where !refusedRetry {
            let first = try await run(transfer + ["--timeout", "2"])
            guard first.status != 0 else {
                attempts.append("committed within 2 s")
                continue
            }
            #expect(first.output.contains("waiting for transaction"), "\(first.output)")
            #expect(first.output.contains("is still pending after 2 s"), "\(first.output)")
            let id = try #require(transactionID(first.output), "no transaction id in: \(first.output)")
            let retry = try await run(transfer + ["--timeout", "2"])
            // The same bytes again (no block since) are a `duplicate`; after a block, with a new
            // expiry height, the pending one's nonce is taken: `nonce_pending`. Either way, refused.
            if retry.output.contains("nonce_pending") || retry.output.contains("node refused: duplicate") {
                #expect(retry.status != 0)
                refusedRetry = true
            } else {
                attempts.append("retry not refused: \(retry.output.prefix(300))")
                if let second = transactionID(retry.output) { _ = try await committed(second) }
            }
            #expect(try await committed(id).code == "ok")
        }
        #expect(refusedRetry, "no retry met a pending transaction in six tries: \(attempts)")
        try await devnet.stop(signal: SIGINT)
    }
}
