import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation

/// `bazaar swap offer|take|status|resume|offers`: cross-ledger atomic swaps.
struct SwapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swap", abstract: "Swap an asset on one network for an asset on another, atomically.",
        discussion: """
            Network A holds the offer and the maker's side; network B the taker's side. The maker's HTLC on A \
            lasts twice the taker's on B; the secret is revealed only by the maker's claim on B. The \
            coordinator writes its state to <home>/swaps/<id>.json after each step and prints a line per \
            step; if it stops, `bazaar swap resume ID` continues, refunding by itself when a deadline passes.
            """,
        subcommands: [Offer.self, Take.self, Offers.self, Status.self, Resume.self])

    struct Networks: ParsableArguments {
        @Option(name: .customLong("node-a"), help: "API URL of network A (the offer's network).")
        var nodeA: String = BazaarAPIClient.defaultNodeURL
        @Option(name: .customLong("node-b"), help: "API URL of network B (the other network).")
        var nodeB: String?
        @Option(name: .customLong("poll-ms"), help: "How often the coordinator polls both networks.")
        var pollMilliseconds: Int = 500
    }

    struct Offer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post a swap offer on network A and coordinate the swap to its end.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var networks: Networks
        @Option(help: "The key that swaps (the same key on both networks).") var from: String
        @Option(help: "What you give on network A.") var giveAsset: String
        @Option(help: "How much you give, in whole units.") var giveAmount: String
        @Option(help: "What you want on network B.") var wantAsset: String
        @Option(help: "How much you want, in whole units.") var wantAmount: String
        @Option(help: "How long the taker's lock on B lasts (yours on A lasts twice as long), e.g. 10m.")
        var lock: String = "30m"
        @Option(help: "When an untaken offer expires, e.g. 1h (block time of A).") var expires: String = "1h"
        @Flag(help: "Post the offer, print its id and stop; resume later with bazaar swap resume.") var detach = false

        func run() async throws {
            try await Output.reportingErrors {
                let key = try global.keystore.load(name: from)
                let (apiA, apiB) = try SwapCommand.apis(networks)
                async let contextA = apiA.chainContext()
                async let contextB = apiB.chainContext()
                let (chainA, chainB) = (try await contextA, try await contextB)
                let give = try TransactionBuilder.positiveAmount(giveAmount, decimals: chainA.decimals(of: giveAsset))
                let want = try TransactionBuilder.positiveAmount(wantAmount, decimals: chainB.decimals(of: wantAsset))
                var generator = SystemRandomNumberGenerator()
                let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let hashlock = Hash.sha256(secret).hex
                let state = SwapState(
                    id: "maker-\(hashlock.prefix(16))", role: .maker, step: .posting, keyName: from,
                    nodeA: apiA.baseURL, nodeB: apiB.baseURL, chainA: chainA.status.chainId,
                    chainB: chainB.status.chainId, giveAsset: giveAsset, giveAmountBaseUnits: give.description,
                    wantAsset: wantAsset, wantAmountBaseUnits: want.description, hashlock: hashlock,
                    secret: secret.hexString, takerLockMs: try TransactionBuilder.milliseconds(lock),
                    offerExpiresAtMs: chainA.status.latestBlockTimeMs + (try TransactionBuilder.milliseconds(expires)),
                    makerAddress: key.publicKey.accountID.address)
                try? Output.line("swap \(state.id)")
                try await SwapCommand.run(
                    state, key: key, apiA: apiA, apiB: apiB, global: global, networks: networks, detach: detach)
            }
        }
    }

    struct Take: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a swap offer found on network A and coordinate the swap to its end.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var networks: Networks
        @Option(help: "The key that swaps (the same key on both networks).") var from: String
        @Option(help: "The offer's id on network A (see bazaar swap offers).") var offer: UInt64

        func run() async throws {
            try await Output.reportingErrors {
                let key = try global.keystore.load(name: from)
                let (apiA, apiB) = try SwapCommand.apis(networks)
                let found = try await apiA.swapOffer(id: offer)
                let (statusA, statusB) = (try await apiA.status(), try await apiB.status())
                guard found.wantChainId == statusB.chainId else {
                    throw BazaarClientError(
                        .invalidInput,
                        "offer \(offer) wants assets on chain \(found.wantChainId), but --node-b serves \(statusB.chainId)"
                    )
                }
                let state = SwapState(
                    id: "taker-\(found.hashlock.prefix(16))", role: .taker, step: .taking, keyName: from,
                    nodeA: apiA.baseURL, nodeB: apiB.baseURL, chainA: statusA.chainId, chainB: statusB.chainId,
                    giveAsset: found.giveAsset, giveAmountBaseUnits: found.giveAmountBaseUnits,
                    wantAsset: found.wantAsset, wantAmountBaseUnits: found.wantAmountBaseUnits,
                    hashlock: found.hashlock, takerLockMs: found.takerLockMs, offerExpiresAtMs: found.expiresAtMs,
                    makerAddress: found.makerWantAddress, takerAddress: key.publicKey.accountID.address,
                    offerID: offer)
                try? Output.line("swap \(state.id)")
                try await SwapCommand.run(
                    state, key: key, apiA: apiA, apiB: apiB, global: global, networks: networks, detach: false)
            }
        }
    }

    struct Offers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the open swap offers on network A.")

        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("node-a"), help: "API URL of network A.") var nodeA: String = BazaarAPIClient
            .defaultNodeURL
        @Option(help: "open, taken, cancelled, expired or all.") var status: String = "open"

        func run() async throws {
            try await Output.reportingErrors {
                let offers = try await BazaarAPIClient(baseURL: nodeA).swapOffers(status: status).offers
                if global.json { return try Output.json(offers) }
                Output.table(
                    header: ["ID", "GIVES", "WANTS (BASE UNITS)", "ON CHAIN", "TAKER LOCK", "STATUS"],
                    rows: offers.map {
                        [
                            $0.id, "\($0.giveAmount) \($0.giveAsset)", "\($0.wantAmountBaseUnits) \($0.wantAsset)",
                            $0.wantChainId, "\($0.takerLockMs / 1000)s", $0.status,
                        ]
                    })
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one swap's state, or list every swap.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The swap id (printed by offer and take).") var id: String?

        func run() async throws {
            try await Output.reportingErrors {
                let store = SwapStore(home: global.bazaarHome.url)
                if let id {
                    var state = try store.load(id)
                    state.secret = state.secret.map { _ in "(hidden)" }
                    if global.json { return try Output.json(state) }
                    var pairs = [
                        ("swap", state.id), ("role", state.role.rawValue), ("step", state.step.rawValue),
                        ("gives", "\(state.giveAmountBaseUnits) \(state.giveAsset) (base units) on \(state.chainA)"),
                        ("wants", "\(state.wantAmountBaseUnits) \(state.wantAsset) (base units) on \(state.chainB)"),
                        ("hashlock", state.hashlock),
                    ]
                    if let offer = state.offerID { pairs.append(("offer", String(offer))) }
                    if let htlc = state.makerHTLC { pairs.append(("maker HTLC (A)", String(htlc))) }
                    if let htlc = state.takerHTLC { pairs.append(("taker HTLC (B)", String(htlc))) }
                    if let pending = state.pending {
                        pairs.append(("pending tx", "\(pending.id) on \(pending.ledger)"))
                    }
                    if let outcome = state.outcome { pairs.append(("outcome", outcome)) }
                    return Output.fields(pairs)
                }
                let swaps = try store.list()
                if global.json { return try Output.json(swaps.map { ["id": $0.id, "step": $0.step.rawValue] }) }
                Output.table(
                    header: ["SWAP", "ROLE", "STEP", "OFFER"],
                    rows: swaps.map { [$0.id, $0.role.rawValue, $0.step.rawValue, $0.offerID.map(String.init) ?? "-"] })
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Continue a swap from its state file (after a crash or --detach) to its end.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The swap id.") var id: String
        @Option(name: .customLong("node-a"), help: "Override network A's API URL.") var nodeA: String?
        @Option(name: .customLong("node-b"), help: "Override network B's API URL.") var nodeB: String?
        @Option(name: .customLong("poll-ms"), help: "How often the coordinator polls both networks.")
        var pollMilliseconds: Int = 500

        func run() async throws {
            try await Output.reportingErrors {
                var state = try SwapStore(home: global.bazaarHome.url).load(id)
                if let nodeA { state.nodeA = nodeA }
                if let nodeB { state.nodeB = nodeB }
                let key = try global.keystore.load(name: state.keyName)
                let apiA = try BazaarAPIClient(baseURL: state.nodeA)
                let apiB = try BazaarAPIClient(baseURL: state.nodeB)
                try? Output.line("swap \(state.id) resumed at step \(state.step.rawValue)")
                var networks = Networks()
                networks.pollMilliseconds = pollMilliseconds
                try await SwapCommand.run(
                    state, key: key, apiA: apiA, apiB: apiB, global: global, networks: networks, detach: false)
            }
        }
    }

    static func apis(_ networks: Networks) throws -> (BazaarAPIClient, BazaarAPIClient) {
        guard let nodeB = networks.nodeB else {
            throw BazaarClientError(.invalidInput, "give --node-b, the API URL of the other network")
        }
        return (try BazaarAPIClient(baseURL: networks.nodeA), try BazaarAPIClient(baseURL: nodeB))
    }

    /// Runs the coordinator, printing each step and `done <final step>`. Every final step leaves the
    /// party whole (completed, refunded, expired, abandoned), so the exit status is 0 for each.
    static func run(
        _ state: SwapState, key: PrivateKey, apiA: BazaarAPIClient, apiB: BazaarAPIClient, global: GlobalOptions,
        networks: Networks, detach: Bool
    ) async throws {
        let runner = SwapRunner(
            key: key, apiA: apiA, apiB: apiB, store: SwapStore(home: global.bazaarHome.url),
            pollInterval: .milliseconds(max(50, networks.pollMilliseconds)),
            // A reader that goes away must not stop a swap with funds in flight: its lines are dropped.
            report: { try? Output.line($0) })
        if detach {
            // Post only: stop once the offer is on the ledger.
            let posted = try await runner.run(state, until: { $0.step != .posting })
            try? Output.line(
                "offer \(posted.offerID.map(String.init) ?? "?"); resume with: bazaar swap resume \(posted.id)")
            return
        }
        let final = try await runner.run(state)
        if global.json {
            var shown = final
            shown.secret = shown.secret.map { _ in "(hidden)" }
            try Output.json(shown)
        }
        try? Output.line("done \(final.step.rawValue)")
    }
}
