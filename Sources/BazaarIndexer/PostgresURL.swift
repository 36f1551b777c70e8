import Foundation
public import PostgresNIO

/// A `postgres://user[:password]@host[:port]/database` URL as a connection configuration
/// (plain TCP: the indexer talks to PostgreSQL on a trusted network or loopback).
public struct PostgresURL: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String

    /// - Throws: `IndexerError.configuration` naming what is wrong with `text`.
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else {
            throw IndexerError(.configuration, "the PostgreSQL URL must look like postgres://user@host:port/database")
        }
        guard let host = components.host, !host.isEmpty, let username = components.user, !username.isEmpty else {
            throw IndexerError(.configuration, "the PostgreSQL URL needs a user and a host, as in postgres://user@host")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw IndexerError(.configuration, "the PostgreSQL URL needs a database, as in postgres://user@host/bazaar")
        }
        self.host = host
        port = components.port ?? 5432
        self.username = username
        password = components.password
        self.database = database
    }

    /// The same server and user on another database.
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    public var configuration: PostgresConnection.Configuration {
        PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
    }

    /// The same, for a pool of connections.
    public var clientConfiguration: PostgresClient.Configuration {
        PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
    }

    /// The URL without its password.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }
}
