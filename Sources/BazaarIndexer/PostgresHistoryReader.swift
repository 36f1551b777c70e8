public import BazaarCore
public import BazaarHistory
import Foundation
public import Logging
import NIOCore
public import PostgresNIO

/// Reads the indexer's tables back as the history types: a block's batch as the feed shipped
/// it, an account's order records, a market's candles, and the row count of each table.
///
/// Amounts are selected as `::text` and parsed exactly; a value a writer could not have written
/// is an `IndexerError.schema`, never a crash.
public struct PostgresHistoryReader: Sendable {
    public let connection: PostgresConnection
    let logger: Logger

    public init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// The tables' row counts, by table name.
    public func rowCounts() async throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for table in [
            "account", "fill", "order_history", "order_event", "funding_payment", "ledger", "trade", "candle",
        ] {
            let rows = try await connection.query("SELECT count(*) FROM \(unescaped: table)", logger: logger).collect()
            counts[table] = try rows.first!.decode(Int64.self)
        }
        return counts
    }

    /// The history of block `height` as the feed shipped it; `openAfterBlock` is implied as the
    /// node's feed implies it (a later event of the order, or its record still open).
    public func batch(at height: UInt64) async throws -> HistoryBatch {
        let key = Int64(height)
        var rows = HistoryRows(height: height, timeMilliseconds: 0)
        var times = Set<Int64>()
        for row in try await connection.query(
            "SELECT \(unescaped: Self.fillColumns) FROM fill WHERE height = \(key) ORDER BY position, side",
            logger: logger
        ).collect() {
            let fill = try Self.fill(row)
            times.insert(Int64(fill.timeMilliseconds))
            rows.fills.append(fill)
        }
        for row in try await connection.query(
            """
            SELECT position, order_id, account, market, kind, reason, price_ticks, lots, fee::text, fill_position,
            time_ms FROM order_event WHERE height = \(key) ORDER BY position
            """, logger: logger
        ).collect() {
            let (position, order, account, market, kind, reason, price, lots, fee, fillPosition, time) = try row.decode(
                (Int32, Int64, ByteBuffer, Int32, Int16, Int16?, Int64?, Int64, String?, Int32?, Int64).self)
            times.insert(time)
            rows.orderEvents.append(
                OrderEventRow(
                    height: height, position: try Self.unsigned(position), order: UInt64(bitPattern: order),
                    account: try Self.account(account), market: MarketID(try Self.unsigned(market)),
                    kind: try Self.code(kind), reason: try reason.map { try Self.code($0) }, priceTicks: price,
                    lots: lots,
                    fee: try fee.map(Self.amount), fillPosition: try fillPosition.map(Self.unsigned),
                    timeMilliseconds: UInt64(time)))
        }
        try await addOrders(to: &rows)
        for row in try await connection.query(
            "SELECT \(unescaped: Self.fundingColumns) FROM funding_payment WHERE height = \(key) ORDER BY seq",
            logger: logger
        ).collect() {
            let payment = try Self.funding(row)
            times.insert(Int64(payment.timeMilliseconds))
            rows.funding.append(payment)
        }
        rows.ledger = try await ledger(at: key, times: &times)
        let prints = try await prints(at: key, times: &times)
        rows.timeMilliseconds = UInt64(times.first ?? 0)
        guard times.count <= 1 else { throw IndexerError(.schema, "block \(height)'s rows disagree on its time") }
        return HistoryBatch(rows: rows, prints: prints)
    }

    private func addOrders(to rows: inout HistoryRows) async throws {
        var seen = Set<UInt64>()
        for event in rows.orderEvents where seen.insert(event.order).inserted {
            let found = try await connection.query(
                """
                SELECT \(unescaped: Self.orderColumns), EXISTS (SELECT 1 FROM order_event e WHERE e.order_id = o.order_id
                AND e.height > \(Int64(rows.height))) FROM order_history o WHERE order_id = \(Int64(bitPattern: event.order))
                """, logger: logger
            ).collect()
            guard let row = found.first else { continue }
            let record = try Self.orderRecord(row)
            let later = try row.makeRandomAccess()[Self.orderColumnCount].decode(Bool.self)
            if later || record.status == .open || record.status == .partiallyFilled {
                rows.openAfterBlock.insert(event.order)
            }
            if event.kind == .placed {
                var placed = record.placed
                placed.priceTicks = event.priceTicks ?? placed.priceTicks
                rows.ordersPlaced.append(placed)
            }
        }
    }

    private func ledger(at height: Int64, times: inout Set<Int64>) async throws -> [LedgerRow] {
        var entries: [LedgerRow] = []
        for row in try await connection.query(
            "SELECT \(unescaped: Self.ledgerColumns) FROM ledger WHERE height = \(height) ORDER BY seq", logger: logger
        ).collect() {
            let entry = try Self.ledger(row)
            times.insert(Int64(entry.timeMilliseconds))
            entries.append(entry)
        }
        return entries
    }

    private func prints(at height: Int64, times: inout Set<Int64>) async throws -> [HistoryPrint] {
        var prints: [HistoryPrint] = []
        for row in try await connection.query(
            "SELECT \(unescaped: Self.printColumns) FROM trade WHERE height = \(height) ORDER BY position",
            logger: logger
        ).collect() {
            let print = try Self.print(row)
            times.insert(Int64(print.timeMilliseconds))
            prints.append(print)
        }
        return prints
    }

    /// Every order record of `account`, newest placed first.
    public func orderRecords(of account: AccountID) async throws -> [OrderHistoryRecord] {
        try await connection.query(
            """
            SELECT \(unescaped: Self.orderColumns) FROM order_history WHERE account = \(ByteBuffer(bytes: account.bytes))
            ORDER BY placed_height DESC, order_id DESC
            """, logger: logger
        ).collect().map(Self.orderRecord)
    }

    /// Every candle of `market` at `resolution`, newest first.
    public func candles(of market: MarketID, resolution: CandleResolution) async throws -> [Candle] {
        try await connection.query(
            """
            SELECT \(unescaped: Self.candleColumns) FROM candle WHERE market = \(Int32(bitPattern: market.rawValue))
            AND resolution = \(Int16(resolution.code)) ORDER BY start_ms DESC
            """, logger: logger
        ).collect().map(Self.candle)
    }

    // MARK: - Rows

    static let orderColumns = """
        order_id, account, market, side, type, client_order_id, expires_at_ms, origin, lots, price_ticks, remaining_lots,
        filled_lots, filled_tick_lots::text, fee::text, status, reason, placed_height, placed_time_ms, updated_height,
        updated_time_ms
        """
    static let orderColumnCount = 20

    static func orderRecord(_ row: PostgresRow) throws -> OrderHistoryRecord {
        let cells = row.makeRandomAccess()
        let order = UInt64(bitPattern: try cells[0].decode(Int64.self))
        let lots = try cells[8].decode(Int64.self)
        guard lots > 0, let tickLots = UInt128(try cells[12].decode(String.self)) else {
            throw IndexerError(.schema, "order \(order) has \(lots) lots or a malformed volume")
        }
        let placed = OrderPlacedRow(
            order: order, account: try account(try cells[1].decode(ByteBuffer.self)),
            market: MarketID(try unsigned(try cells[2].decode(Int32.self))),
            side: try code(try cells[3].decode(Int16.self)),
            type: try code(try cells[4].decode(Int16.self)),
            clientOrderID: try cells[5].decode(Int64?.self).map { UInt64(bitPattern: $0) },
            expiresAtMilliseconds: try cells[6].decode(Int64?.self).map { UInt64(bitPattern: $0) },
            priceTicks: try cells[9].decode(Int64.self), lots: lots, origin: try code(try cells[7].decode(Int16.self)))
        var record = OrderHistoryRecord(
            placed: placed, height: UInt64(try cells[16].decode(Int64.self)),
            timeMilliseconds: UInt64(try cells[17].decode(Int64.self)))
        record.remainingLots = try cells[10].decode(Int64.self)
        record.filledLots = try cells[11].decode(Int64.self)
        record.filledTickLots = tickLots
        record.fee = try amount(try cells[13].decode(String.self))
        record.status = try code(try cells[14].decode(Int16.self))
        record.reason = try cells[15].decode(Int16?.self).map { try code($0) }
        record.updatedHeight = UInt64(try cells[18].decode(Int64.self))
        record.updatedTimeMilliseconds = UInt64(try cells[19].decode(Int64.self))
        return record
    }

    static let fillColumns = """
        height, position, side, market, kind, liquidity, account, counterparty, order_id, counter_order_id,
        price_ticks, lots, fee::text, time_ms
        """

    static func fill(_ row: PostgresRow) throws -> FillRow {
        let (
            height, position, side, market, kind, liquidity, account, counterparty, order, counterOrder, price, lots,
            fee,
            time
        ) =
            try row.decode(
                (
                    Int64, Int32, Int16, Int32, Int16, Int16, ByteBuffer, ByteBuffer?, Int64, Int64?, Int64, Int64,
                    String, Int64
                )
                .self)
        return FillRow(
            height: try unsigned(height), position: try unsigned(position), side: try code(side),
            market: MarketID(try unsigned(market)), kind: try code(kind), liquidity: try code(liquidity),
            account: try Self.account(account), order: UInt64(bitPattern: order),
            counterparty: try counterparty.map(Self.account),
            counterpartyOrder: counterOrder.map { UInt64(bitPattern: $0) }, priceTicks: price, lots: lots,
            fee: try amount(fee), timeMilliseconds: try unsigned(time))
    }

    static let fundingColumns = "height, seq, account, market, position_size::text, amount::text, rate_ppm, time_ms"

    static func funding(_ row: PostgresRow) throws -> FundingRow {
        let (height, sequence, account, market, size, amount, rate, time) = try row.decode(
            (Int64, Int32, ByteBuffer, Int32, String, String, Int64, Int64).self)
        guard let size = Int128(size), let amount = Int128(amount) else {
            throw IndexerError(.schema, "funding payment \(height)-\(sequence) does not fit 128 bits")
        }
        return FundingRow(
            height: try unsigned(height), sequence: try unsigned(sequence), account: try Self.account(account),
            market: MarketID(try unsigned(market)), positionSize: size, amount: amount, ratePPM: rate,
            timeMilliseconds: try unsigned(time))
    }

    static let ledgerColumns = """
        height, seq, account, asset, bucket, delta::text, balance_after::text, cause, tx_id, action_index, action_kind,
        market, time_ms
        """

    static func ledger(_ row: PostgresRow) throws -> LedgerRow {
        let (height, sequence, account, asset, bucket, delta, after, cause, transaction, action, kind, market, time) =
            try row.decode(
                (
                    Int64, Int32, ByteBuffer, String, Int16, String, String, Int16, ByteBuffer?, Int32?, Int16?, Int32?,
                    Int64
                )
                .self)
        guard let symbol = AssetSymbol(validating: asset) else {
            throw IndexerError(.schema, "ledger entry \(height)-\(sequence) has a malformed asset")
        }
        let hash = try transaction.map { buffer in
            guard let hash = Hash(validating: Array(buffer: buffer)) else {
                throw IndexerError(.schema, "ledger entry \(height)-\(sequence) has a malformed transaction id")
            }
            return hash
        }
        return LedgerRow(
            height: try unsigned(height), sequence: try unsigned(sequence), account: try Self.account(account),
            asset: symbol, bucket: try code(bucket), delta: try Self.amount(delta), after: try Self.amount(after),
            cause: try code(cause), transaction: hash,
            action: try action.map { value in
                guard let index = UInt16(exactly: value) else {
                    throw IndexerError(.schema, "ledger entry \(height)-\(sequence) has action \(value)")
                }
                return index
            }, actionKind: try kind.map { try code($0) }, market: try market.map { MarketID(try unsigned($0)) },
            timeMilliseconds: try unsigned(time))
    }

    static let printColumns = """
        market, height, position, time_ms, price_ticks, lots, taker_side, maker_order, taker_order, maker, taker
        """

    static func print(_ row: PostgresRow) throws -> HistoryPrint {
        let (market, height, position, time, price, lots, side, makerOrder, takerOrder, maker, taker) = try row.decode(
            (Int32, Int64, Int32, Int64, Int64, Int64, Int16?, Int64?, Int64?, ByteBuffer?, ByteBuffer?).self)
        return HistoryPrint(
            market: MarketID(try unsigned(market)), height: try unsigned(height), position: try unsigned(position),
            timeMilliseconds: try unsigned(time), priceTicks: price, lots: lots,
            takerSide: try side.map { try code($0) },
            makerOrder: makerOrder.map { UInt64(bitPattern: $0) },
            takerOrder: takerOrder.map { UInt64(bitPattern: $0) },
            maker: try maker.map(account), taker: try taker.map(account))
    }

    static let candleColumns = """
        market, resolution, start_ms, open_ticks, high_ticks, low_ticks, close_ticks, volume_lots::text,
        volume_tick_lots::text, trades, first_height, last_height
        """

    static func candle(_ row: PostgresRow) throws -> Candle {
        let (market, code, start, open, high, low, close, lots, tickLots, trades, first, last) = try row.decode(
            (Int32, Int16, Int64, Int64, Int64, Int64, Int64, String, String, Int64, Int64, Int64).self)
        guard let resolution = UInt8(exactly: code).flatMap(CandleResolution.init(code:)), let lots = UInt128(lots),
            let tickLots = UInt128(tickLots), trades > 0, first >= 0, last >= first, start >= 0, low > 0,
            low <= min(open, close), high >= max(open, close)
        else { throw IndexerError(.schema, "candle \(market) \(code) \(start) is malformed") }
        return Candle(
            market: MarketID(try unsigned(market)), resolution: resolution, startMilliseconds: UInt64(start),
            openTicks: open, highTicks: high, lowTicks: low, closeTicks: close, volumeLots: lots,
            volumeTickLots: tickLots, trades: UInt64(trades), firstHeight: UInt64(first), lastHeight: UInt64(last))
    }

    static func code<Code: RawRepresentable>(_ value: Int16) throws -> Code where Code.RawValue == UInt8 {
        guard let raw = UInt8(exactly: value), let code = Code(rawValue: raw) else {
            throw IndexerError(.schema, "a stored \(Code.self) code \(value) is unknown")
        }
        return code
    }

    static func unsigned(_ value: Int32) throws -> UInt32 {
        guard let unsigned = UInt32(exactly: value) else { throw IndexerError(.schema, "a stored key \(value) < 0") }
        return unsigned
    }

    static func unsigned(_ value: Int64) throws -> UInt64 {
        guard let unsigned = UInt64(exactly: value) else { throw IndexerError(.schema, "a stored value \(value) < 0") }
        return unsigned
    }

    static func account(_ buffer: ByteBuffer) throws -> AccountID {
        guard let id = AccountID(validating: Array(buffer: buffer)) else {
            throw IndexerError(.schema, "a stored account id is not 32 bytes")
        }
        return id
    }

    /// A `numeric` as text ("-123") as a signed amount, exactly.
    static func amount(_ text: String) throws -> HistoryJournal.SignedAmount {
        let isNegative = text.hasPrefix("-")
        guard let magnitude = UInt128(isNegative ? String(text.dropFirst()) : text) else {
            throw IndexerError(.schema, "a stored amount '\(text)' is not a whole number within 128 bits")
        }
        return HistoryJournal.SignedAmount(isNegative: isNegative, magnitude: magnitude)
    }
}
