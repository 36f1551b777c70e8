import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore

/// `bazaar pool create|add|remove|mint|list|show`: AMM pools.
struct PoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool", abstract: "Create AMM pools, add and remove liquidity, list and show pools.",
        subcommands: [Create.self, Add.self, Remove.self, Mint.self, List.self, Show.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a pool for a pair and fee tier.",
            discussion: """
                Without --price the pool is constant-product (x·y = k); its first deposit sets the price. With \
                --price it is a concentrated-liquidity pool starting at that price: the second asset per whole \
                first asset, the assets ordered by symbol (USD per ETH for ETH/USD).
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The creating key.") var from: String
        @Option(help: "The pair, e.g. BTC/USD.") var pair: String
        @Option(help: "The fee tier: 0.01, 0.05, 0.3 or 1 (percent).") var fee: String = "0.3"
        @Option(help: "A concentrated pool's starting price.") var price: String?

        func run() async throws {
            try await Output.reportingErrors {
                let assets = pair.split(separator: "/").map(String.init)
                guard assets.count == 2 else { throw ValidationError("--pair is two symbols like BTC/USD") }
                try await global.send(from: from) { chain in
                    try TransactionBuilder.createPool(
                        assetA: assets[0], assetB: assets[1], fee: fee, price: price, context: chain)
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deposit into a constant-product pool for LP shares.",
            discussion: "At the pool's ratio: the side you offer too much of is cut down. Amounts in whole units.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The depositing key.") var from: String
        @Option(help: "The pool id.") var pool: UInt64
        @Option(help: "At most this much of the pool's first asset.") var amount0: String
        @Option(help: "At most this much of the pool's second asset.") var amount1: String

        func run() async throws {
            try await Output.reportingErrors {
                let pool = try await global.api().pool(self.pool)
                try await global.send(from: from) { chain in
                    try TransactionBuilder.addLiquidity(pool: pool, amount0: amount0, amount1: amount1, context: chain)
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Burn LP shares for a pro-rata part of the reserves.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The share holder's key.") var from: String
        @Option(help: "The pool id.") var pool: UInt64
        @Option(help: "How many shares (a whole number).") var shares: String

        func run() async throws {
            try await Output.reportingErrors {
                let pool = try await global.api().pool(self.pool)
                try await global.send(from: from) { _ in
                    try TransactionBuilder.removeLiquidity(pool: pool, shares: shares)
                }
            }
        }
    }

    struct Mint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a concentrated-liquidity position over a tick range.",
            discussion: "Ticks must be multiples of the pool's tick spacing; price = 1.0001^tick in base units.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The owner's key.") var from: String
        @Option(help: "The pool id.") var pool: UInt64
        @Option(parsing: .unconditional, help: "The lower tick (may be negative).") var lower: Int32
        @Option(parsing: .unconditional, help: "The upper tick (may be negative).") var upper: Int32
        @Option(help: "The liquidity (a whole number).") var liquidity: String
        @Option(help: "Pay at most this much of the first asset.") var max0: String
        @Option(help: "Pay at most this much of the second asset.") var max1: String

        func run() async throws {
            try await Output.reportingErrors {
                let pool = try await global.api().pool(self.pool)
                try await global.send(from: from) { chain in
                    try TransactionBuilder.mintPosition(
                        pool: pool, lowerTick: lower, upperTick: upper, liquidity: liquidity, max0: max0, max1: max1,
                        context: chain)
                }
            }
        }
    }

    static func rows(_ pools: [PoolJSON]) -> [[String]] {
        pools.map { pool in
            [
                "\(pool.id)", "\(pool.asset0)/\(pool.asset1)", pool.curve, "\(Double(pool.feePips) / 10_000)%",
                "\(pool.reserve0) \(pool.asset0)", "\(pool.reserve1) \(pool.asset1)", pool.price,
            ]
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the pools.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await Output.reportingErrors {
                let response = try await global.api().pools()
                if global.json { return try Output.json(response) }
                if response.pools.isEmpty { return print("no pools") }
                Output.table(
                    header: ["POOL", "PAIR", "CURVE", "FEE", "RESERVE0", "RESERVE1", "PRICE"],
                    rows: PoolCommand.rows(response.pools), rightAligned: [4, 5, 6])
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one pool.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The pool id.") var pool: UInt64

        func run() async throws {
            try await Output.reportingErrors {
                let pool = try await global.api().pool(self.pool)
                if global.json { return try Output.json(pool) }
                var fields: [(String, String)] = [
                    ("pool", "\(pool.id)"), ("pair", "\(pool.asset0)/\(pool.asset1)"), ("curve", pool.curve),
                    ("fee", "\(Double(pool.feePips) / 10_000)%"), ("reserve0", "\(pool.reserve0) \(pool.asset0)"),
                    ("reserve1", "\(pool.reserve1) \(pool.asset1)"),
                    ("price", "\(pool.price) \(pool.asset1) per \(pool.asset0)"),
                ]
                if let supply = pool.lpSupply { fields.append(("lp shares", supply)) }
                if let tick = pool.tick { fields.append(("tick", "\(tick)")) }
                if let spacing = pool.tickSpacing { fields.append(("tick spacing", "\(spacing)")) }
                if let liquidity = pool.liquidity { fields.append(("liquidity", liquidity)) }
                if let sqrtPrice = pool.sqrtPriceX96 { fields.append(("sqrt price x96", sqrtPrice)) }
                Output.fields(fields)
            }
        }
    }
}
