public import BazaarCore
import Foundation

/// Where a page of history ends, as the opaque text a client passes back as `before`.
///
/// The text is base64url (no padding) of `version(1) ‖ route(1) ‖ key ‖ tag(8)`, the key's fields
/// big-endian: a print's height (8) and position (4) for trades, a candle's start (8) for candles.
/// `tag` is the first 8 bytes of SHA-256 of `"bazaar/cursor/v1" ‖ route ‖ the canonical query
/// (market, resolution, from, to) ‖ key`, so a cursor handed to another query, or altered, is
/// refused rather than silently paging something else. It is a checksum, not a secret: a forged
/// cursor can only page through public data.
public struct HistoryCursor: Sendable, Hashable {
    /// Which list a cursor pages; the key's layout follows from it.
    public enum Route: UInt8, Sendable {
        case trades = 1
        case candles = 2
        /// An account's fills: (height, position, side).
        case fills = 3
        /// An account's orders: (placed height, order id).
        case orders = 4
        /// An account's funding payments: (height, sequence).
        case funding = 5
        /// An account's ledger: (height, sequence).
        case ledger = 6

        /// The byte widths of the key's fields, big-endian each.
        var keyFieldWidths: [Int] {
            switch self {
            case .trades, .funding, .ledger: [8, 4]
            case .candles: [8]
            case .fills: [8, 4, 1]
            case .orders: [8, 8]
            }
        }

        var keyByteCount: Int { keyFieldWidths.reduce(0, +) }
    }

    /// The request a cursor belongs to: its route and its parameters other than `limit` and `before`.
    public struct Query: Sendable, Hashable {
        public var route: Route
        /// `name=value` pairs in a fixed order per route.
        public var parameters: [String]

        public init(route: Route, parameters: [String]) {
            self.route = route
            self.parameters = parameters
        }

        /// Prints of one market.
        public static func trades(market: MarketID) -> Query {
            Query(route: .trades, parameters: ["market=\(market.rawValue)"])
        }

        /// Candles of one market at one resolution, within `[from, to]` when given.
        public static func candles(market: MarketID, resolution: CandleResolution, from: UInt64?, to: UInt64?)
            -> Query
        {
            Query(
                route: .candles,
                parameters: [
                    "market=\(market.rawValue)", "resolution=\(resolution.rawValue)",
                    "from=\(from.map(String.init) ?? "")", "to=\(to.map(String.init) ?? "")",
                ])
        }

        /// One account's fills, in one market when given.
        public static func fills(account: AccountID, market: MarketID?) -> Query {
            Query(
                route: .fills,
                parameters: ["account=\(account.address)", "market=\(market.map { "\($0.rawValue)" } ?? "")"])
        }

        /// One account's orders, in one market when given.
        public static func orders(account: AccountID, market: MarketID?) -> Query {
            Query(
                route: .orders,
                parameters: ["account=\(account.address)", "market=\(market.map { "\($0.rawValue)" } ?? "")"])
        }

        /// One account's funding payments, in one market when given.
        public static func funding(account: AccountID, market: MarketID?) -> Query {
            Query(
                route: .funding,
                parameters: ["account=\(account.address)", "market=\(market.map { "\($0.rawValue)" } ?? "")"])
        }

        /// One account's ledger, of one asset when given.
        public static func ledger(account: AccountID, asset: AssetSymbol?) -> Query {
            Query(route: .ledger, parameters: ["account=\(account.address)", "asset=\(asset.map { "\($0)" } ?? "")"])
        }

        /// The 8 bytes that bind a cursor's `key` to this query.
        func tag(_ key: ArraySlice<UInt8>) -> [UInt8] {
            var bytes = Array("bazaar/cursor/v1".utf8)
            bytes.append(route.rawValue)
            for parameter in parameters {
                bytes += Array(parameter.utf8)
                bytes.append(0)
            }
            bytes += key
            return Array(Hash.sha256(bytes).bytes.prefix(HistoryCursor.tagByteCount))
        }
    }

    /// Why a cursor was refused; the message is for the API's 400 `bad_cursor`.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case malformed
        case foreignQuery

        public var description: String {
            switch self {
            case .malformed: "cursor is malformed"
            case .foreignQuery: "cursor belongs to another query, or was altered"
            }
        }
    }

    static let version: UInt8 = 1
    static let tagByteCount = 8

    /// The key the next page starts below (exclusive), for trades: (height, position).
    public var height: UInt64
    public var position: UInt32
    /// A key's third field: a fill's side (0 buy, 1 sell); for orders the order id is `second`.
    public var third: UInt8 = 0
    /// For orders, the order id (a 64-bit second field).
    public var second: UInt64 = 0

    /// A fills cursor: the next page holds fills before (`height`, `position`, `side`).
    public init(height: UInt64, position: UInt32, side: UInt8) {
        self.init(height: height, position: position)
        third = side
    }

    /// An orders cursor: the next page holds orders placed before (`placedHeight`, `order`).
    public init(placedHeight: UInt64, order: UInt64) {
        self.init(height: placedHeight, position: 0)
        second = order
    }

    /// A trades cursor: the next page holds prints before (`height`, `position`).
    public init(height: UInt64, position: UInt32) {
        self.height = height
        self.position = position
    }

    /// A candles cursor: the next page holds candles starting before `startMilliseconds`.
    public init(startMilliseconds: UInt64) {
        self.init(height: startMilliseconds, position: 0)
    }

    /// For a candles cursor, the start the next page is below.
    public var startMilliseconds: UInt64 { height }

    /// The cursor as text, bound to `query`.
    public func text(for query: Query) -> String {
        var bytes: [UInt8] = [Self.version, query.route.rawValue]
        let fields: [UInt64] =
            switch query.route {
            case .orders: [height, second]
            default: [height, UInt64(position), UInt64(third)]
            }
        for (width, field) in zip(query.route.keyFieldWidths, fields) {
            bytes += Self.bigEndian(field).suffix(width)
        }
        bytes += query.tag(bytes[2...])
        return Self.encode(bytes)
    }

    private static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a cursor a client sent for `query`.
    ///
    /// - Throws: ``Failure/malformed`` for text that is not base64url, has the wrong length, an
    ///   unknown version or another route; ``Failure/foreignQuery`` when the tag is not this
    ///   query's for this key (another query's cursor, or altered bytes).
    public init(text: String, for query: Query) throws(Failure) {
        let bytes = try Self.decodeBase64URL(text)
        let count = 2 + query.route.keyByteCount + Self.tagByteCount
        guard bytes.count == count, bytes[0] == Self.version, bytes[1] == query.route.rawValue else {
            throw .malformed
        }
        guard Array(bytes.suffix(Self.tagByteCount)) == query.tag(bytes[2..<(count - Self.tagByteCount)]) else {
            throw .foreignQuery
        }
        var fields: [UInt64] = []
        var offset = 2
        for width in query.route.keyFieldWidths {
            fields.append(bytes[offset..<(offset + width)].reduce(0) { $0 << 8 | UInt64($1) })
            offset += width
        }
        height = fields[0]
        position = 0
        if query.route == .orders {
            second = fields[1]
        } else if fields.count > 1 {
            // At most 4 bytes wide.
            position = UInt32(fields[1])
            if fields.count > 2 { third = UInt8(fields[2]) }
        }
    }

    /// The longest text accepted, well above any cursor, so that decoding is bounded.
    static let textLengthMax = 64

    private static func decodeBase64URL(_ text: String) throws(Failure) -> [UInt8] {
        guard text.utf8.count <= textLengthMax,
            text.utf8.allSatisfy({ byte in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            })
        else { throw .malformed }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: standard) else { throw .malformed }
        // One text per cursor: refuse spare bits set in the last character.
        guard encode([UInt8](data)) == text else { throw .malformed }
        return [UInt8](data)
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }
}
