import BazaarCore

/// Generates EC-1 streams from a seed, following the definition in `../shared/bench/EC-1.md`
/// (a port of the order generator behind exchange-core's published benchmark).
///
/// The generator runs its own ``MatchingEngine`` on the commands it emits, because the next
/// command depends on the book: the last trade price steers new prices and moves, the resting
/// counts per side (sampled every 512 commands) choose between growing the book and taking
/// from it, and cancels, moves and reduces pick among the 512 oldest resting orders.
///
/// Randomness is ``SimulationRandom`` (splitmix64); a seed gives the same stream on any machine.
/// The few `Double` draws (`u` in the price offset) are exact IEEE operations, and nothing here
/// reaches consensus state.
public struct EC1Generator: ~Copyable {
    /// The market's starting and reference price, in ticks.
    public static let initialPrice: Int64 = 34_000
    /// `d = min(5% of price, 10,000)`.
    public static let priceDeviation: Int64 = min(initialPrice / 20, 10_000)
    public static let minimumPrice = initialPrice - 5 * priceDeviation
    public static let maximumPrice = initialPrice + 5 * priceDeviation
    /// Resting orders the generator aims for per side.
    public static let targetPerSide = 500
    /// Warm-up good-till-cancel orders.
    public static let prefillCount = 1_000
    /// How often the generator samples the resting counts, and how many of the oldest orders it picks among.
    public static let window = 512
    /// A lack of orders above this keeps the fast-fill draw (`[0, 2)`) even after the book first filled.
    public static let fastFillLackThreshold = min(window, targetPerSide * 3 / 4)

    var random: SimulationRandom
    var engine: MatchingEngine
    var lastTradePrice = initialPrice
    var sampledCounts = (bids: 0, asks: 0)
    var bookFilledOnce = false
    var nextID: UInt64 = 1
    var tracked: InsertionOrderedIDs
    var trades: [MatchingEngine.Trade] = []

    /// Generates `commandCount` timed commands after the 1,000 warm-up orders.
    ///
    /// - Complexity: O(commands × 512) at worst (picking among the oldest orders walks a list).
    public static func generate(commandCount: Int, seed: UInt64) -> EC1Stream {
        precondition(commandCount >= 0 && commandCount <= EC1Parser.commandCountMax - prefillCount)
        var generator = EC1Generator(seed: seed, idCapacity: prefillCount + commandCount)
        var commands: [EC1Command] = []
        commands.reserveCapacity(prefillCount + commandCount)
        for _ in 0..<prefillCount {
            commands.append(generator.apply(generator.goodTillCancelled(side: generator.drawSide())))
        }
        for step in 0..<commandCount {
            if step % window == 0 {
                generator.sampledCounts = (
                    generator.engine.restingOrderCount(.bid), generator.engine.restingOrderCount(.ask)
                )
            }
            commands.append(generator.apply(generator.nextCommand()))
        }
        let header = [
            " workload EC-1 (Bazaar generator) N=\(commandCount) target=\(2 * targetPerSide) seed=\(seed)"
                + " initPrice=\(initialPrice) priceDev=\(priceDeviation) min=\(minimumPrice) max=\(maximumPrice)"
        ]
        return EC1Stream(commands: commands, prefillCount: prefillCount, comments: header)
    }

    init(seed: UInt64, idCapacity: Int) {
        random = SimulationRandom(seed: seed)
        engine = MatchingEngine(
            .init(minimumPrice: Self.minimumPrice, maximumPrice: Self.maximumPrice, capacity: 1 << 16))
        tracked = InsertionOrderedIDs(idCapacity: idCapacity + 1)
    }

    mutating func drawSide() -> MatchingEngine.Side {
        random.below(2) == 0 ? .bid : .ask
    }

    /// A uniform double in [0, 1) from 53 random bits.
    mutating func unit() -> Double {
        Double(random.next() >> 11) * 0x1p-53
    }

    mutating func clamp(_ price: Int64) -> Int64 {
        min(max(price, Self.minimumPrice), Self.maximumPrice)
    }

    /// `1 + a·b·c` with a, b, c uniform in `0..<bound`.
    mutating func size(_ bound: UInt64) -> Int64 {
        Int64(1 + random.below(bound) * random.below(bound) * random.below(bound))
    }

    mutating func nextCommand() -> EC1Command {
        let side = drawSide()
        let lack = Self.targetPerSide - (side == .bid ? sampledCounts.bids : sampledCounts.asks)
        let growing = lack > 0
        let fastFill = !bookFilledOnce || lack > Self.fastFillLackThreshold
        if !bookFilledOnce && !growing { bookFilledOnce = true }
        let q = random.below(growing ? (fastFill ? 2 : 10) : 40)
        if q < 2 || tracked.count == 0 {
            return growing ? goodTillCancelled(side: side) : immediate(side: side)
        }
        let id = tracked.element(at: Int(random.below(UInt64(min(tracked.count, Self.window)))))
        guard let order = engine.order(id) else { preconditionFailure("tracked order \(id) is not resting") }
        switch q {
        case 2:
            return EC1Command(operation: .cancel, side: order.side, id: id, price: 0, quantity: 0)
        case 3:
            let by = Int64(random.below(UInt64(order.quantity))) + 1
            return EC1Command(operation: .reduce, side: order.side, id: id, price: 0, quantity: by)
        default:
            return EC1Command(operation: .move, side: order.side, id: id, price: movedPrice(order.price), quantity: 0)
        }
    }

    /// 1% of the way toward the last trade price, at least one tick; one tick either way if already there.
    mutating func movedPrice(_ price: Int64) -> Int64 {
        let distance = lastTradePrice - price
        let step: Int64
        if distance > 0 {
            step = (distance + 99) / 100
        } else if distance < 0 {
            step = -((-distance + 99) / 100)
        } else {
            step = random.below(2) == 0 ? -1 : 1
        }
        return clamp(price + step)
    }

    /// A new order on the passive side of the last trade price.
    mutating func goodTillCancelled(side: MatchingEngine.Side) -> EC1Command {
        let u = unit()
        let width = 1 + Int64(u * u * Double(Self.priceDeviation))
        var sum: Int64 = 0
        for _ in 0..<4 { sum += Int64(random.below(UInt64(width))) }
        let offset = abs(sum / 4 * 2 - width)
        let price = clamp(side == .bid ? lastTradePrice - offset : lastTradePrice + offset)
        return newOrder(.limit, side: side, price: price, quantity: size(6))
    }

    /// An aggressive order at the clamp bound: IOC, or one time in 32 fill-or-kill.
    mutating func immediate(side: MatchingEngine.Side) -> EC1Command {
        let price = side == .bid ? Self.maximumPrice : Self.minimumPrice
        if random.below(32) == 0 { return newOrder(.fillOrKill, side: side, price: price, quantity: size(8)) }
        return newOrder(.immediateOrCancel, side: side, price: price, quantity: size(6))
    }

    mutating func newOrder(_ operation: EC1Command.Operation, side: MatchingEngine.Side, price: Int64, quantity: Int64)
        -> EC1Command
    {
        defer { nextID += 1 }
        return EC1Command(operation: operation, side: side, id: nextID, price: price, quantity: quantity)
    }

    /// Runs `command` on the generator's book and updates what later draws depend on.
    mutating func apply(_ command: EC1Command) -> EC1Command {
        trades.removeAll(keepingCapacity: true)
        let outcome = engine.execute(command.engineCommand, trades: &trades)
        for trade in trades {
            if trade.makerRemaining == 0 { tracked.remove(trade.makerID) }
            lastTradePrice = clamp(trade.price)
        }
        switch outcome {
        case .rested: tracked.append(command.id)
        case .cancelled, .reduced(remaining: 0), .moved(filled: _, remaining: 0): tracked.remove(command.id)
        default: break
        }
        assert(
            tracked.count == engine.restingOrderCount(.bid) + engine.restingOrderCount(.ask),
            "\(command) \(outcome) \(tracked.count)")
        return command
    }
}

/// Order ids in the order they first rested, with O(1) append and removal: an intrusive doubly
/// linked list in arrays indexed by id (the generator's ids run from 1 upward).
struct InsertionOrderedIDs {
    var previous: [Int32]
    var next: [Int32]
    var head: Int32 = -1
    var tail: Int32 = -1
    private(set) var count = 0

    init(idCapacity: Int) {
        previous = Array(repeating: -2, count: idCapacity)
        next = Array(repeating: -2, count: idCapacity)
    }

    mutating func append(_ id: UInt64) {
        let node = Int32(id)
        previous[Int(node)] = tail
        next[Int(node)] = -1
        if tail >= 0 { next[Int(tail)] = node } else { head = node }
        tail = node
        count += 1
    }

    mutating func remove(_ id: UInt64) {
        let node = Int(id)
        guard node < next.count, next[node] != -2 else { return }
        let before = previous[node]
        let after = next[node]
        if before >= 0 { next[Int(before)] = after } else { head = after }
        if after >= 0 { previous[Int(after)] = before } else { tail = before }
        previous[node] = -2
        next[node] = -2
        count -= 1
    }

    /// The id `position` places from the oldest.
    func element(at position: Int) -> UInt64 {
        var node = head
        for _ in 0..<position { node = next[Int(node)] }
        return UInt64(node)
    }
}
