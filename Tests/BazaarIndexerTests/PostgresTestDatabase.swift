import BazaarIndexer
import Foundation
import Logging
import PostgresNIO
import Testing

/// A throwaway database on the PostgreSQL cluster `BAZAAR_TEST_POSTGRES_URL` names (`.ci/run`
/// starts one): each test creates `bazaar_test_<random>` and drops it afterwards.
///
/// Without the variable the tests are disabled with a visible reason; with
/// `BAZAAR_REQUIRE_POSTGRES=1` (CI) they run and fail when the cluster is missing or unreachable,
/// so CI never skips them silently.
enum PostgresTestDatabase {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["BAZAAR_TEST_POSTGRES_URL"]
    static let required = environment["BAZAAR_REQUIRE_POSTGRES"] == "1"
    static let isEnabled = url != nil || required
    static let disabledReason: Comment =
        "BAZAAR_TEST_POSTGRES_URL is not set (see .ci/run for a throwaway cluster); CI sets BAZAAR_REQUIRE_POSTGRES=1"
    static let logger = Logger(label: "bazaar.indexer.tests")

    /// Runs `body` with a new database's URL, dropping the database afterwards.
    static func withDatabase<T>(_ body: (PostgresURL) async throws -> T) async throws -> T {
        let text = try #require(url, "BAZAAR_REQUIRE_POSTGRES=1 but BAZAAR_TEST_POSTGRES_URL is not set")
        let server = try PostgresURL(text)
        let name = "bazaar_test_\(UInt64.random(in: 0...UInt64.max))"
        _ = try await withConnection(server) { admin in
            try await admin.query("CREATE DATABASE \(unescaped: name)", logger: logger)
        }
        do {
            let result = try await body(server.with(database: name))
            try await drop(name, server)
            return result
        } catch {
            try? await drop(name, server)
            throw error
        }
    }

    /// Runs `body` on a new connection to `url`, closing it afterwards.
    static func withConnection<T>(_ url: PostgresURL, _ body: (PostgresConnection) async throws -> T) async throws
        -> T
    {
        let connection = try await PostgresConnection.connect(
            configuration: url.configuration, id: Int.random(in: 1...Int.max), logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static func drop(_ name: String, _ server: PostgresURL) async throws {
        _ = try await withConnection(server) { admin in
            try await admin.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
        }
    }
}
