import ArgumentParser
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation
import Logging

/// `bazaar testnet`: several validators as separate processes on this machine.
struct TestnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "testnet",
        abstract: "Start a local network of 1 to 10 validators, each its own process.",
        discussion: """
            On first start this creates <home>/testnet with one genesis (the devnet's assets, the demo accounts \
            alice, bob and carol funded) and a node home per validator, node0 to node<N-1>, each a home for \
            `bazaar node start`. Node I serves its API on 127.0.0.1:<base-port + I> and talks to the others on \
            127.0.0.1:<base-port + 100 + I>; its output goes to <home>/testnet/node<I>/node.log. Ctrl-C or \
            SIGTERM stops every validator. A validator that dies is reported and the others keep running. \
            Later starts resume the same chain; --reset starts a new one.
            """)

    @Option(help: "How many validators, 1 to 10.")
    var validators: Int

    @Option(help: "The Bazaar home directory (default: $BAZAAR_HOME, else ~/.bazaar).")
    var home: String?

    @Option(
        name: .customLong("base-port"), help: "node0's API port; node I uses base+I for its API, base+100+I for peers.")
    var basePort = Testnet.defaultBasePort

    @Option(name: .customLong("block-ms"), help: "Block interval in milliseconds while transactions are pending.")
    var blockMilliseconds = 200

    @Flag(help: "Delete this testnet's nodes and chain data and start a new chain (keystore keys are kept).")
    var reset = false

    @Option(name: .customLong("log-level"), help: "Each node's log level in its node.log.")
    var logLevel = "notice"

    @Option(
        name: .customLong("oracle-source"),
        help: ArgumentHelp(
            "Every validator reports oracle prices and volatilities from file:PATH, command:CMD or http://127.0.0.1:PORT/PATH.",
            discussion: "Written into each node's config.json as oracleSource; see `bazaar node start --help`."))
    var oracleSource: String?

    func validate() throws {
        guard Testnet.validatorCountRange.contains(validators) else {
            throw ValidationError("--validators must be between 1 and 10")
        }
        guard Testnet.ports(basePort: basePort, validatorCount: validators) != nil else {
            throw ValidationError(
                "--base-port must be between 1 and \(65_535 - Testnet.p2pPortOffset - validators + 1)")
        }
        guard (1...60_000).contains(blockMilliseconds) else {
            throw ValidationError("--block-ms must be between 1 and 60000")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown --log-level '\(logLevel)'")
        }
        if let oracleSource {
            do {
                _ = try OracleSource(parsing: oracleSource)
            } catch {
                throw ValidationError(error.message)
            }
        }
    }

    func run() async throws {
        try await Output.reportingErrors {
            let bazaarHome = BazaarHome.resolve(explicit: home)
            let keystore = bazaarHome.keystore
            let demoAccounts = try DevnetCommand.demoAccountNames.map { name in
                try keystore.contains(name: name) ? keystore.entry(name: name) : keystore.create(name: name)
            }
            let prepared = try Testnet.prepare(
                directory: bazaarHome.url.appendingPathComponent("testnet"), validatorCount: validators,
                basePort: basePort, blockIntervalMs: blockMilliseconds,
                logLevel: Logger.Level(rawValue: logLevel) ?? .notice, demoAccounts: demoAccounts.map(\.accountID),
                reset: reset, clockMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000),
                oracleSource: oracleSource.map(Self.absoluteSource))
            try Self.checkPortsAreFree(prepared.members)
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .warning
                return handler
            }
            let banner = TestnetBanner(home: home, prepared: prepared, demoAccounts: demoAccounts)
            let supervisor = TestnetSupervisor(
                members: prepared.members, executable: TestnetSupervisor.currentExecutable(), report: banner.report)
            try await supervisor.run(logger: Logger(label: "bazaar.testnet"))
            Output.note("testnet stopped")
        }
    }

    /// Names the first port another program holds, before any validator starts.
    static func checkPortsAreFree(_ members: [Testnet.Member]) throws {
        for member in members {
            for (port, use) in [(member.apiPort, "API"), (member.p2pPort, "peer-to-peer")]
            where !LoopbackPort.isFree(port) {
                throw NodeError(
                    .network,
                    "port \(port) (\(member.name)'s \(use) port) is in use; stop what holds it or pick another --base-port"
                )
            }
        }
    }
}

/// What `bazaar testnet` prints while it runs.
private struct TestnetBanner: Sendable {
    let home: String?
    let prepared: Testnet.Prepared
    let demoAccounts: [KeyEntry]

    func report(_ event: TestnetSupervisor.Event) {
        switch event {
        case .listening(let children):
            printBanner(children)
        case .exited(let child, let status, let stillRunning):
            Output.note(
                "\(child.member.name) (pid \(child.pid)) stopped: \(status); \(stillRunning) of "
                    + "\(prepared.members.count) validators still running. Its output: \(child.member.logURL.path). "
                    + "Restart it with: bazaar node start --home \(child.member.home.directory.path)")
        case .stopping(let count):
            Output.note("stopping \(count) validator\(count == 1 ? "" : "s")…")
        case .killed(let child):
            Output.note("\(child.member.name) (pid \(child.pid)) did not stop in time; killed")
        }
    }

    private func printBanner(_ children: [TestnetSupervisor.Child]) {
        let first = prepared.members[0]
        // Examples work when pasted: they repeat any non-default --home and --node.
        var flags = ""
        if let home { flags += " --home \(home)" }
        if first.apiPort != 8080 { flags += " --node \(first.apiURL)" }
        let count = prepared.members.count
        var lines = [
            "Bazaar testnet \(prepared.isNew ? "created" : "resumed") "
                + "(chain \(Testnet.chainID), \(count) validator\(count == 1 ? "" : "s"))"
        ]
        for child in children {
            let member = child.member
            lines.append(
                "  \(member.name)  API: \(member.apiURL)  P2P: 127.0.0.1:\(member.p2pPort)  pid \(child.pid)")
        }
        lines += [
            "Home: \(prepared.directory.path)",
            "Logs: \(prepared.directory.path)/node<I>/node.log",
            "Demo accounts (funded with BZR, USD, BTC and ETH):",
        ]
        for account in demoAccounts {
            lines.append("  \(account.name.padding(toLength: 6, withPad: " ", startingAt: 0)) \(account.address)")
        }
        lines += [
            "Try:",
            "  bazaar status\(flags)",
            "  bazaar transfer --from alice --to bob --asset USD --amount 25.50\(flags)",
        ]
        if let second = prepared.members.dropFirst().first {
            lines.append("  bazaar account bob\(home.map { " --home \($0)" } ?? "") --node \(second.apiURL)")
        }
        lines += ["Press Ctrl-C to stop all validators.", ""]
        // A closed standard output must not stop the node: the banner is only for a person.
        try? Output.writeAll(lines.joined(separator: "\n"), to: STDOUT_FILENO)
    }
}

extension TestnetCommand {
    /// A `file:` source with a relative path made absolute, since each node runs in its own home.
    static func absoluteSource(_ text: String) -> String {
        guard text.hasPrefix("file:"), !text.dropFirst(5).hasPrefix("/"), !text.dropFirst(5).hasPrefix("~") else {
            return text
        }
        return "file:" + URL(fileURLWithPath: String(text.dropFirst(5))).standardizedFileURL.path
    }
}
