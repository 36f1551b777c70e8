import ArgumentParser

/// `bazaar block HEIGHT`: a block's header and transactions.
struct BlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block", abstract: "Show a block and its transactions.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The block height.") var height: UInt64

    func run() async throws {
        try await Output.reportingErrors {
            guard let block = try await global.api().block(height: height) else {
                Output.error("no block at height \(height) yet")
                throw ExitCode.failure
            }
            if global.json { return try Output.json(block) }
            Output.fields([
                ("height", String(block.height)), ("hash", block.hash), ("time", block.time),
                ("previous hash", block.previousBlockHash), ("app hash", block.appHash), ("proposer", block.proposer),
                ("transactions", String(block.transactions.count)),
            ])
            if !block.transactions.isEmpty {
                print("")
                Output.table(
                    header: ["ID", "SENDER", "NONCE", "FEE", "RESULT", "ACTIONS"],
                    rows: block.transactions.map {
                        [$0.id, $0.sender, String($0.nonce), $0.fee, $0.code, String($0.actionCount)]
                    }, rightAligned: [2, 3, 5])
            }
            if !block.endBlockEvents.isEmpty {
                print("\nend of block (auctions, expiries):")
                EventTable.print(block.endBlockEvents)
            }
        }
    }
}
