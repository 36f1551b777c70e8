public import Foundation

/// The directory that holds a user's Bazaar files: `keys/` for the keystore, `devnet/` for the local network.
///
/// Resolved from an explicit `--home`, else `$BAZAAR_HOME`, else `~/.bazaar`.
public struct BazaarHome: Sendable, Equatable {
    public static let environmentVariable = "BAZAAR_HOME"

    public let url: URL

    public init(url: URL) {
        self.url = url.standardizedFileURL
    }

    /// Picks the home directory by precedence: `explicit`, then the environment, then `~/.bazaar`.
    ///
    /// - Parameters:
    ///   - explicit: a path given on the command line; `~` is expanded.
    ///   - environment: the process environment, injected so tests do not depend on the caller's.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> BazaarHome {
        if let explicit, !explicit.isEmpty {
            return BazaarHome(url: URL(fileURLWithPath: expandingTilde(explicit)))
        }
        if let variable = environment[environmentVariable], !variable.isEmpty {
            return BazaarHome(url: URL(fileURLWithPath: expandingTilde(variable)))
        }
        let userHome =
            environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return BazaarHome(url: userHome.appendingPathComponent(".bazaar"))
    }

    public var keysDirectory: URL { url.appendingPathComponent("keys") }
    public var devnetDirectory: URL { url.appendingPathComponent("devnet") }
    public var keystore: Keystore { Keystore(home: url) }

    private static func expandingTilde(_ path: String) -> String {
        NSString(string: path).expandingTildeInPath
    }
}
