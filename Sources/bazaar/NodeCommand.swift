import ArgumentParser
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation

/// `bazaar node init|start`: a node of a real network, configured by `<node home>/config.json`.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Create and run a node of a real network.",
        discussion: """
            A node home holds config.json (addresses, peers, block interval, consensus timeouts, log level), \
            validator-key.json (readable by its owner only), the chain's genesis.json and data/. \
            To start a network: every operator runs `bazaar node init`, one of them runs `bazaar genesis create` \
            with every validator id, each copies that genesis.json into their home, lists the others under \
            "peers" in config.json, and runs `bazaar node start`.
            """,
        subcommands: [Init.self, Start.self, RepairWAL.self])
}

/// Where a node's files are: `--home DIR`, or `--config FILE` whose folder is the home.
struct NodeHomeOptions: ParsableArguments {
    @Option(help: "The node's home directory (default: <bazaar home>/node, with $BAZAAR_HOME or ~/.bazaar).")
    var home: String?

    @Option(help: "The node's config file, instead of <home>/config.json; relative paths in it start at its folder.")
    var config: String?

    func validate() throws {
        if home != nil, config != nil { throw ValidationError("give --home or --config, not both") }
    }

    var nodeHome: NodeHome {
        if let config {
            return NodeHome(configURL: URL(fileURLWithPath: NSString(string: config).expandingTildeInPath))
        }
        if let home, !home.isEmpty {
            return NodeHome(directory: URL(fileURLWithPath: NSString(string: home).expandingTildeInPath))
        }
        return NodeHome(directory: BazaarHome.resolve(explicit: nil).url.appendingPathComponent("node"))
    }
}

/// The URL a local client reaches an API on: a wildcard listen address becomes loopback.
///
/// - Parameter secure: whether the API serves HTTPS.
func localAPIURL(host: String, port: Int, secure: Bool = false) -> String {
    let reachable = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
    let scheme = secure ? "https" : "http"
    return reachable.contains(":") ? "\(scheme)://[\(reachable)]:\(port)" : "\(scheme)://\(reachable):\(port)"
}
