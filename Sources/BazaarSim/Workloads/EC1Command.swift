public import BazaarCore

/// One line of an EC-1 stream (`../shared/bench/EC-1.md`): `<op> <id> <side> <price> <qty>`.
public struct EC1Command: Sendable, Hashable {
    /// The line's operation letter.
    public enum Operation: UInt8, Sendable, Hashable, CaseIterable {
        /// `L`: a new good-till-cancel limit order.
        case limit = 76
        /// `I`: a new immediate-or-cancel order.
        case immediateOrCancel = 73
        /// `F`: a new fill-or-kill order.
        case fillOrKill = 70
        /// `C`: cancel.
        case cancel = 67
        /// `M`: move to a new price.
        case move = 77
        /// `R`: reduce by a number of lots.
        case reduce = 82

        /// The letter that starts the line.
        public var letter: Character { Character(Unicode.Scalar(rawValue)) }
    }

    public var operation: Operation
    public var side: MatchingEngine.Side
    public var id: UInt64
    /// The limit or new price in ticks; 0 for cancel and reduce.
    public var price: Int64
    /// The size, or the reduce-by amount; 0 for cancel and move.
    public var quantity: Int64

    public init(operation: Operation, side: MatchingEngine.Side, id: UInt64, price: Int64, quantity: Int64) {
        self.operation = operation
        self.side = side
        self.id = id
        self.price = price
        self.quantity = quantity
    }

    /// The engine command this line stands for.
    @inlinable public var engineCommand: MatchingEngine.Command {
        switch operation {
        case .limit:
            .limit(id: id, side: side, price: price, quantity: quantity, timeInForce: .goodTillCancelled)
        case .immediateOrCancel:
            .limit(id: id, side: side, price: price, quantity: quantity, timeInForce: .immediateOrCancel)
        case .fillOrKill: .limit(id: id, side: side, price: price, quantity: quantity, timeInForce: .fillOrKill)
        case .cancel: .cancel(id: id)
        case .move: .move(id: id, price: price)
        case .reduce: .reduce(id: id, quantity: quantity)
        }
    }

    /// The line in the file format, without a newline.
    public var line: String {
        "\(operation.letter) \(id) \(side == .bid ? "B" : "S") \(price) \(quantity)"
    }
}
