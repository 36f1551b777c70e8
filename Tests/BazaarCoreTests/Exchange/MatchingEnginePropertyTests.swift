import Foundation
import PropertyBased
import Testing

@testable import BazaarCore

/// Random command streams against ``ReferenceBook``: every outcome, trade and final book agree.
@Suite struct MatchingEnginePropertyTests {
    typealias Engine = MatchingEngine
    typealias Command = MatchingEngine.Command

    /// Fewer and shorter streams on CI, where tests run in debug on busy machines.
    static let onCI = ProcessInfo.processInfo.environment["CI"] != nil
    static let streamCount = onCI ? 12 : 40
    static let streamLength = onCI ? 300 : 600

    /// A narrow price range and a small pool, so that crosses, level sweeps, full books and
    /// out-of-range prices all happen often.
    static func configuration(_ rng: inout TestRandom) -> Engine.Configuration {
        Engine.Configuration(
            minimumPrice: 100, maximumPrice: 100 + Int64.random(in: 0...20, using: &rng),
            capacity: Int.random(in: 1...40, using: &rng))
    }

    static func commands(_ count: Int, _ configuration: Engine.Configuration, _ rng: inout TestRandom) -> [Command] {
        var nextID: UInt64 = 1
        var result: [Command] = []
        let low = configuration.minimumPrice - 2
        let high = configuration.maximumPrice + 2
        for _ in 0..<count {
            // Mostly recent ids, sometimes a stale or never-used one.
            let known = UInt64.random(in: (nextID > 12 ? nextID - 12 : 1)...nextID, using: &rng)
            let price = Int64.random(in: low...high, using: &rng)
            let side: Engine.Side = Bool.random(using: &rng) ? .bid : .ask
            switch Int.random(in: 0..<20, using: &rng) {
            case 0..<9:
                let quantity = Int.random(in: 0..<30, using: &rng) == 0 ? 0 : Int64.random(in: 1...12, using: &rng)
                let timeInForce = Engine.TimeInForce.allCases.randomElement(using: &rng)!
                let reuse = Int.random(in: 0..<25, using: &rng) == 0
                let id = reuse ? known : nextID
                if !reuse { nextID += 1 }
                result.append(.limit(id: id, side: side, price: price, quantity: quantity, timeInForce: timeInForce))
            case 9..<12: result.append(.cancel(id: known))
            case 12..<16: result.append(.move(id: known, price: price))
            default: result.append(.reduce(id: known, quantity: Int64.random(in: 0...8, using: &rng)))
            }
        }
        return result
    }

    /// Runs `commands` on a fresh engine, returning each command's trades and outcome.
    static func run(_ commands: [Command], _ configuration: Engine.Configuration) -> [(Engine.Outcome, [Engine.Trade])]
    {
        var engine = Engine(configuration)
        var trades: [Engine.Trade] = []
        return commands.map { command in
            trades.removeAll(keepingCapacity: true)
            let outcome = engine.execute(command, trades: &trades)
            return (outcome, trades)
        }
    }

    @Test func engineAgreesWithTheReferenceOnEveryOutcomeTradeAndBook() async {
        await propertyCheck(count: Self.streamCount, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let configuration = Self.configuration(&rng)
            var engine = Engine(configuration)
            var reference = ReferenceBook(configuration)
            var trades: [Engine.Trade] = []
            var expectedTrades: [Engine.Trade] = []
            for (step, command) in Self.commands(Self.streamLength, configuration, &rng).enumerated() {
                trades.removeAll(keepingCapacity: true)
                expectedTrades.removeAll(keepingCapacity: true)
                let outcome = engine.execute(command, trades: &trades)
                let expected = reference.execute(command, trades: &expectedTrades)
                let context: Comment = "seed \(seed), step \(step), \(command)"
                #expect(outcome == expected, context)
                #expect(trades == expectedTrades, context)
                engine.checkInvariants()
                if let bid = engine.bestBid, let ask = engine.bestAsk { #expect(bid < ask, context) }
                // Same orders, same prices and sizes, same queue order within every level.
                #expect(engine.restingOrders(.bid) == reference.resting(.bid), context)
                #expect(engine.restingOrders(.ask) == reference.resting(.ask), context)
                if outcome != expected { return }
            }
        }
    }

    /// Every lot placed is accounted for exactly once:
    /// Σ accepted new-order sizes = 2 × Σ traded lots (each trade consumes a taker lot and a maker lot)
    /// + lots still resting + lots removed unfilled (cancel remainders, reduce amounts, IOC remainders).
    @Test func everyPlacedLotIsTradedRestingOrRemoved() async {
        await propertyCheck(count: Self.streamCount, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let configuration = Self.configuration(&rng)
            var engine = Engine(configuration)
            var placed: Int64 = 0
            var traded: Int64 = 0
            var removed: Int64 = 0
            var trades: [Engine.Trade] = []
            for command in Self.commands(Self.streamLength, configuration, &rng) {
                let before = Self.reduceTarget(command).flatMap { engine.order($0)?.quantity } ?? 0
                trades.removeAll(keepingCapacity: true)
                let outcome = engine.execute(command, trades: &trades)
                traded += trades.reduce(0) { $0 + $1.quantity }
                switch (command, outcome) {
                case (_, .rejected): break
                case (.limit(_, _, _, let quantity, _), .expired(let filled)):
                    placed += quantity
                    removed += quantity - filled
                case (.limit(_, _, _, let quantity, _), _): placed += quantity
                case (_, .cancelled(let remaining)): removed += remaining
                case (.reduce, .reduced(let remaining)): removed += before - remaining
                default: break
                }
                let resting = (engine.restingOrders(.bid) + engine.restingOrders(.ask)).reduce(0) { $0 + $1.quantity }
                #expect(placed == 2 * traded + resting + removed, "seed \(seed)")
            }
        }
    }

    static func reduceTarget(_ command: Command) -> UInt64? {
        if case .reduce(let id, _) = command { return id }
        return nil
    }

    @Test func theSameCommandsGiveTheSameTradesAndACopyContinuesIdentically() async {
        await propertyCheck(count: Self.streamCount / 2, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let configuration = Self.configuration(&rng)
            let commands = Self.commands(Self.streamLength, configuration, &rng)
            let first = Self.run(commands, configuration)
            let second = Self.run(commands, configuration)
            #expect(first.map(\.0) == second.map(\.0), "seed \(seed)")
            #expect(first.map(\.1) == second.map(\.1), "seed \(seed)")

            var engine = Engine(configuration)
            var ignored: [Engine.Trade] = []
            for command in commands.prefix(commands.count / 2) { _ = engine.execute(command, trades: &ignored) }
            var twin = engine.copy()
            twin.checkInvariants()
            var trades: [Engine.Trade] = []
            var twinTrades: [Engine.Trade] = []
            for command in commands.suffix(from: commands.count / 2) {
                #expect(engine.execute(command, trades: &trades) == twin.execute(command, trades: &twinTrades))
            }
            #expect(trades == twinTrades, "seed \(seed)")
            #expect(engine.restingOrders(.bid) == twin.restingOrders(.bid), "seed \(seed)")
        }
    }

    @Test func aBookOfThousandsOfOrdersStaysConsistentUnderChurn() {
        let seed: UInt64 = 0x00C0_FFEE
        var rng = TestRandom(seed: seed)
        let configuration = Engine.Configuration(minimumPrice: 1_000, maximumPrice: 1_400, capacity: 3_000)
        var engine = Engine(configuration)
        var reference = ReferenceBook(configuration)
        var trades: [Engine.Trade] = []
        var expected: [Engine.Trade] = []
        var nextID: UInt64 = 1
        for step in 0..<(Self.onCI ? 2_000 : 4_000) {
            let side: Engine.Side = Bool.random(using: &rng) ? .bid : .ask
            // Bids mostly below 1,200 and asks above, so the book grows before it trades.
            let offset = Int64.random(in: -40...160, using: &rng)
            let price = side == .bid ? 1_200 - offset : 1_200 + offset
            let old = UInt64.random(in: 1...nextID, using: &rng)
            let command: Command =
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<6:
                    .limit(
                        id: nextID, side: side, price: price, quantity: .random(in: 1...9, using: &rng),
                        timeInForce: .goodTillCancelled)
                case 6: .cancel(id: old)
                case 7..<9: .move(id: old, price: price)
                default: .reduce(id: old, quantity: 1)
                }
            nextID += 1
            trades.removeAll(keepingCapacity: true)
            expected.removeAll(keepingCapacity: true)
            #expect(engine.execute(command, trades: &trades) == reference.execute(command, trades: &expected))
            #expect(trades == expected, "seed \(seed), step \(step)")
        }
        engine.checkInvariants()
        #expect(engine.restingOrderCount(.bid) + engine.restingOrderCount(.ask) > 500)
        #expect(engine.restingOrders(.bid) == reference.resting(.bid))
        #expect(engine.restingOrders(.ask) == reference.resting(.ask))
    }
}
