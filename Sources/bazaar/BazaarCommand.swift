import ArgumentParser
import Foundation

@main
struct BazaarCommand: AsyncParsableCommand {
    /// A reader that goes away (`bazaar watch | head`) is an `EPIPE` for `Output.line` to stop on
    /// quietly, not a signal that kills the process.
    /// `bazaar --version`: this release, and the versions of what it speaks to others.
    static let version = "bazaar 0.11.0 (transaction encoding bazaar/tx/v1, API v1)"

    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        await main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "bazaar",
        abstract: "Bazaar: a peer-to-peer trading network.",
        version: BazaarCommand.version,
        subcommands: [
            DevnetCommand.self,
            TestnetCommand.self,
            NodeCommand.self,
            IndexerCommand.self,
            GenesisCommand.self,
            StatusCommand.self,
            KeysCommand.self,
            AccountCommand.self,
            TransferCommand.self,
            AssetCommand.self,
            MarketsCommand.self,
            MarketCommand.self,
            OrderCommand.self,
            MarginCommand.self,
            PerpCommand.self,
            OptionCommand.self,
            OracleCommand.self,
            LendCommand.self,
            BookCommand.self,
            TradesCommand.self,
            CandlesCommand.self,
            FillsCommand.self,
            OrdersCommand.self,
            FundingCommand.self,
            LedgerCommand.self,
            PoolCommand.self,
            RouteCommand.self,
            TxCommand.self,
            BlockCommand.self,
            WatchCommand.self,
            HTLCCommand.self,
            SwapCommand.self,
            EscrowCommand.self,
            BenchCommand.self,
            SimulateCommand.self,
        ]
    )
}
