import ArgumentParser
import BazaarSim
import Foundation

/// `bazaar simulate ledger|consensus`: deterministic simulators, each replayable from its seed.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Run deterministic simulators.",
        subcommands: [Ledger.self, Consensus.self, Market.self])

    struct Ledger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run random valid and invalid transactions through the ledger, checking invariants every block.",
            discussion: """
                The genesis sets up markets (continuous, batch auction, a perpetual), constant-product \
                and concentrated pools, an oracle with reporters, collateral, an insurance fund, lending \
                pools and escrow resolvers; then every block carries transactions of every action kind: \
                transfers and issuance, orders of every type with cancels and amendments, pool and route \
                actions, HTLCs, swap offers and trade escrows through dispute and arbitration, oracle \
                reports, lending and margin, and changes by the market authority. Most are derived from \
                the state so that they succeed; some are wrong on purpose. Each block goes through \
                checkTx, prepareProposal, processProposal, finalizeBlock and commit. After every block \
                the simulator checks full conservation, that no balance is zero, and that a snapshot \
                resumes with the same application hash; at the end it replays every block from genesis. \
                The report counts every action kind by outcome. The same seed always gives the same \
                report. On a violation it prints the seed and exits with status 1.

                --hashes FILE writes the application hash at every height. --check-determinism runs each \
                seed in two separate processes of this executable and compares their hashes at every \
                height, naming the first height that differs.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The seed of the first run.") var seed: UInt64 = 1
        @Option(help: "How many runs, with consecutive seeds from --seed.") var seeds = 1
        @Option(help: "Blocks per run.") var blocks = 60
        @Option(help: "Accounts per run (at least 4).") var accounts = 8
        @Option(help: "Transactions generated per block.") var transactionsPerBlock = 50
        @Option(help: "Write the application hash at every height to this file (one seed only).") var hashes: String?
        @Flag(help: "Run each seed in two separate processes and compare their application hashes at every height.")
        var checkDeterminism = false

        func validate() throws {
            guard (1...100_000).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 100000") }
            guard seed <= UInt64.max - UInt64(seeds - 1) else {
                throw ValidationError("--seed plus --seeds runs past the largest seed")
            }
            guard (1...1_000_000).contains(blocks) else { throw ValidationError("--blocks must be from 1 to 1000000") }
            guard (LedgerSimulation.accountCountMin...10_000).contains(accounts) else {
                throw ValidationError("--accounts must be from \(LedgerSimulation.accountCountMin) to 10000")
            }
            guard (1...10_000).contains(transactionsPerBlock) else {
                throw ValidationError("--transactions-per-block must be from 1 to 10000")
            }
            if hashes != nil, seeds != 1 || checkDeterminism {
                throw ValidationError("--hashes takes one seed and no --check-determinism")
            }
        }

        func run() async throws {
            if checkDeterminism {
                try await runDeterminismCheck()
                return
            }
            var reports = [LedgerSimulationReport]()
            for offset in 0..<UInt64(seeds) {
                let runSeed = seed + offset
                // Written first so that even a crash inside the state machine names its seed.
                Output.note("simulating ledger, seed \(runSeed)")
                let simulation = LedgerSimulation(
                    seed: runSeed, blocks: blocks, accounts: accounts, transactionsPerBlock: transactionsPerBlock)
                do {
                    let (report, appHashes) = try simulation.runRecordingHashes()
                    if let hashes {
                        try LedgerHashLog(appHashes: appHashes).text.write(
                            toFile: hashes, atomically: true, encoding: .utf8)
                    }
                    if !global.json { print(report.summary) }
                    reports.append(report)
                } catch let failure as LedgerSimulationFailure {
                    Output.error("\(failure)")
                    Output.note("replay: \(replayCommand(seed: runSeed))")
                    throw ExitCode.failure
                }
            }
            if global.json { try Output.json(reports) }
        }

        /// The command that runs `seed` again with these sizes.
        func replayCommand(seed: UInt64) -> String {
            "bazaar simulate ledger --seed \(seed) --blocks \(blocks) --accounts \(accounts) "
                + "--transactions-per-block \(transactionsPerBlock)"
        }
    }

    struct Consensus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Tendermint validators over a faulty simulated network, checking safety and liveness.",
            discussion: """
                Each run starts 4 to 10 validators (real consensus and application code) with virtual time. \
                Until the network heals it loses, delays, duplicates and reorders messages, partitions \
                validators both ways and one way, and crashes validators that restart from their write-ahead \
                log; one validator equivocates throughout. After every event it checks agreement, validity, \
                equal application hashes, commits of more than two thirds of the power and that no honest \
                validator signs twice; after the heal, that every honest validator decides again within a \
                bounded number of rounds. The same seed always replays the same run. On a violation it \
                prints the seed and the replay command and exits with status 1.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The seed of the first run.") var seed: UInt64 = 1
        @Option(help: "How many runs, with consecutive seeds from --seed.") var seeds = 1
        @Option(help: "Validators per run, 4 to 10; by default 4 + seed % 7.") var validators: Int?
        @Option(help: "Heights every honest validator must decide.") var heights = 10

        func validate() throws {
            guard (1...100_000).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 100000") }
            guard seed <= UInt64.max - UInt64(seeds - 1) else {
                throw ValidationError("--seed plus --seeds runs past the largest seed")
            }
            if let validators, !ConsensusSimulation.validatorCountRange.contains(validators) {
                throw ValidationError("--validators must be from 4 to 10")
            }
            guard (1...10_000).contains(heights) else { throw ValidationError("--heights must be from 1 to 10000") }
        }

        func run() async throws {
            var reports = [ConsensusSimulationReport]()
            for offset in 0..<UInt64(seeds) {
                let runSeed = seed + offset
                let count = validators ?? 4 + Int(runSeed % 7)
                // Written first so that even a crash inside the state machine names its seed.
                Output.note("simulating consensus, seed \(runSeed)")
                do {
                    let report = try ConsensusSimulation(seed: runSeed, validators: count, heights: heights).run()
                    if !global.json { print(report.summary) }
                    reports.append(report)
                } catch {
                    Output.error("\(error)")
                    Output.note(
                        "replay: bazaar simulate consensus --seed \(runSeed) --validators \(count) --heights \(heights)"
                    )
                    throw ExitCode.failure
                }
            }
            if global.json { try Output.json(reports) }
        }
    }
}
