import ArgumentParser
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation
import Logging

/// `bazaar devnet`: a one-validator local network with demo accounts and assets.
struct DevnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet",
        abstract: "Start a one-validator local network with demo accounts and assets.",
        discussion: """
            On first start this creates a genesis under <home>/devnet with the fee asset BZR and the demo \
            assets USD (6 decimals), BTC (8) and ETH (18), funds the demo accounts alice, bob and carol \
            (created in the keystore if missing), then serves the API and the page until Ctrl-C. Later starts \
            resume the same chain from disk. With --tls-self-signed (or --tls-cert and --tls-key) it serves \
            HTTPS and WSS instead, on the same port; the self-signed certificate is kept in <home>/devnet.
            """)

    static let demoAccountNames = ["alice", "bob", "carol"]

    @Option(help: "The Bazaar home directory (default: $BAZAAR_HOME, else ~/.bazaar).")
    var home: String?

    @Option(help: "API port on 127.0.0.1; 0 picks a free one.")
    var port: Int = 8080

    @Option(name: .customLong("block-ms"), help: "Block interval in milliseconds while transactions are pending.")
    var blockMilliseconds: UInt64 = 200

    @Option(
        name: .customLong("chain-id"),
        help: "The chain id of a new devnet (two devnets for a swap need different ones).")
    var chainID: String = Devnet.chainID

    @Option(
        name: .customLong("price-path"),
        help: ArgumentHelp(
            "The prices the oracle reporters follow: random-walk:SEED, a FILE of steps, or none.",
            discussion: """
                A FILE has one step per line of ASSET=PRICE pairs, e.g. 'BTC=65010.5 ETH=3001.25'; the \
                reporters take one step per --report-ms and start over at the end.
                """))
    var pricePath: String = "random-walk:1"

    @Option(name: .customLong("report-ms"), help: "How often each oracle reporter reports, in milliseconds.")
    var reportMilliseconds: UInt64 = 1_000

    @Flag(help: "Delete this devnet's chain data and start a new chain (keys are kept).")
    var reset = false

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Run the market maker that quotes the genesis' BTC option series.",
            discussion: """
                Without it the series are listed but not quoted; tests that do not trade options use \
                --no-option-quotes to spare the machine the quotes' margin checks.
                """))
    var optionQuotes = true

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "notice"

    @OptionGroup(title: "HTTPS") var tls: TLSServerOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (1...60_000).contains(blockMilliseconds) else {
            throw ValidationError("--block-ms must be between 1 and 60000")
        }
        guard !chainID.isEmpty, chainID.utf8.count <= 64 else {
            throw ValidationError("--chain-id must be 1 to 64 bytes")
        }
        guard (50...600_000).contains(reportMilliseconds) else {
            throw ValidationError("--report-ms must be between 50 and 600000")
        }
        _ = try Self.pricePath(pricePath)
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown --log-level '\(logLevel)'")
        }
    }

    func run() async throws {
        try await Output.reportingErrors {
            let bazaarHome = BazaarHome.resolve(explicit: home)
            let keystore = bazaarHome.keystore
            let demoAccounts = try Self.demoAccountNames.map { name in
                try keystore.contains(name: name) ? keystore.entry(name: name) : keystore.create(name: name)
            }
            let prepared = try Devnet.prepare(
                directory: bazaarHome.devnetDirectory, demoAccounts: demoAccounts.map(\.accountID), reset: reset,
                clockMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000), chainID: chainID)
            let level = Logger.Level(rawValue: logLevel) ?? .notice
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            var configuration = NodeConfiguration(
                dataDirectory: prepared.dataDirectory, genesis: prepared.genesis, validatorKey: prepared.validatorKey,
                port: port, blockIntervalMilliseconds: blockMilliseconds,
                idleIntervalMilliseconds: max(1000, blockMilliseconds))
            configuration.faucet = Devnet.faucetSettings
            let serving = try tls.serving(home: bazaarHome.devnetDirectory)
            configuration.tls = serving?.identity
            let runner = NodeRunner(configuration: configuration, logger: Logger(label: "bazaar.devnet"))
            let banner = Banner(
                home: home, demoAccounts: demoAccounts, isNew: prepared.isNew, homeURL: bazaarHome.url,
                chainID: prepared.genesis.parameters.chainID, tls: serving)
            let reporterKeys = [prepared.validatorKey] + Devnet.reporterKeys
            let path = try Self.pricePath(pricePath)
            let interval = reportMilliseconds
            let quotesOptions = optionQuotes
            let genesisTime = prepared.genesis.timeMilliseconds
            let logger = Logger(label: "bazaar.devnet.oracle")
            try await runner.run { port in
                banner.print(port: port)
            } services: { node in
                guard let path else { return [] }
                return [
                    PriceReporter(
                        node: node, keys: reporterKeys, path: path.path, seed: path.seed,
                        intervalMilliseconds: interval,
                        volatility: VolatilityWalk(
                            asset: "BTC",
                            expiries: Devnet.volatilityExpiries(genesisMilliseconds: genesisTime), seed: path.seed),
                        logger: logger)
                ]
                    + (quotesOptions
                        ? [
                            OptionMarketMaker(
                                node: node, intervalMilliseconds: interval,
                                logger: Logger(label: "bazaar.devnet.options"))
                        ] : [])
            }
            Output.note("devnet stopped")
        }
    }
}

extension DevnetCommand {
    /// The reporters' price path and spread seed for `--price-path`; nil for `none`.
    static func pricePath(_ text: String) throws -> (path: PricePath, seed: UInt64)? {
        if text == "none" { return nil }
        if text.hasPrefix("random-walk") {
            let seedText = text.dropFirst("random-walk".count)
            let seed = seedText.isEmpty ? 1 : seedText.hasPrefix(":") ? UInt64(seedText.dropFirst()) : nil
            guard let seed else { throw ValidationError("--price-path random-walk:SEED needs a whole-number seed") }
            return (PricePath.randomWalk(seed: seed, start: Devnet.startingPrices), seed)
        }
        do {
            return (try PricePath.file(URL(fileURLWithPath: text), quoteDecimals: 6), 1)
        } catch let error as NodeError {
            throw ValidationError(error.description)
        } catch {
            throw ValidationError("--price-path: cannot read '\(text)': \(error.localizedDescription)")
        }
    }
}

/// What `bazaar devnet` prints once the API is listening.
private struct Banner: Sendable {
    let home: String?
    let demoAccounts: [KeyEntry]
    let isNew: Bool
    let homeURL: URL
    let chainID: String
    let tls: TLSServing?

    func print(port: Int) {
        let url = "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)"
        // Examples work when pasted: they repeat any non-default --home and --node (and, over
        // TLS, follow the export of the certificate's fingerprint).
        var flags = ""
        if let home { flags += " --home \(home)" }
        if port != 8080 || tls != nil { flags += " --node \(url)" }
        var lines = [
            "Bazaar devnet \(isNew ? "created" : "resumed") (chain \(chainID))",
            "Page: \(url)/  (open it in a browser: keys stay in the browser; the faucet funds a new one)",
            "API:  \(url)",
        ]
        lines += tls?.bannerLines(labelWidth: 6) ?? []
        lines += [
            "Home: \(homeURL.path)",
            "Demo accounts (funded with BZR, USD, BTC and ETH):",
        ]
        for account in demoAccounts {
            lines.append("  \(account.name.padding(toLength: 6, withPad: " ", startingAt: 0)) \(account.address)")
        }
        lines.append("Try:")
        if let tls { lines.append("  export BAZAAR_TLS_FINGERPRINT=\(tls.identity.fingerprint)") }
        lines += [
            "  bazaar account alice\(flags)",
            "  bazaar transfer --from alice --to bob --asset USD --amount 25.50\(flags)",
            "  bazaar status\(flags)",
            "Markets BTC-USD (continuous) and ETH-USD (batch auction) have demo liquidity:",
            "  bazaar book BTC-USD\(flags)",
            "  bazaar order place --from alice --market BTC-USD --side buy --price 65020 --size 0.015\(flags)",
            "  bazaar trades BTC-USD\(flags)",
            "Oracle reporters follow the price path; a USD lending pool is open:",
            "  bazaar oracle show BTC\(flags)",
            "  bazaar lend pools\(flags)",
            "BTC options (a day, a week and 30 days out; 5 strikes; calls and puts), quoted by the market maker:",
            "  bazaar option chain BTC\(flags)",
            "  bazaar option list --underlying BTC\(flags)",
            "Press Ctrl-C to stop.",
            "",
        ]
        // A closed standard output must not stop the node: the banner is only for a person.
        try? Output.writeAll(lines.joined(separator: "\n"), to: STDOUT_FILENO)
    }
}
