import ArgumentParser

/// `bazaar status`: the node's chain, height and fees.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the node's chain and latest block.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await Output.reportingErrors {
            let status = try await global.api().status()
            if global.json { return try Output.json(status) }
            Output.fields([
                ("node", global.node), ("chain", status.chainId), ("height", String(status.height)),
                ("block time", status.latestBlockTime), ("block hash", status.latestBlockHash),
                ("app hash", status.appHash), ("fee asset", status.feeAsset),
                ("minimum fee", "\(status.minimumFee) \(status.feeAsset)"),
                ("mempool", "\(status.mempoolTransactions) transactions"),
                ("validators", "\(status.validators) (\(status.connectedPeers) peers connected)"),
                ("round", "\(status.consensusRound) at height \(status.height + 1)"),
            ])
        }
    }
}
