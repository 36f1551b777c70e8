public import BazaarCore

/// The feed's body: the canonical binary encoding (little-endian integers, `u32` counts, tag 0/1
/// options), preceded by a version byte. Every enum is its raw code, checked on reading, and
/// every count is checked against the bytes left before anything is allocated, so a hostile or
/// truncated body is a `DecodingError`, never a crash.
extension HistoryFeedPage {
    public var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter(capacity: 1_024)
        writer.write(Self.version)
        writer.write(chainID)
        writer.write(genesisHash)
        writer.write(historyHeight)
        writer.write(UInt32(batches.count))
        for batch in batches { Self.write(batch, to: &writer) }
        return writer.bytes
    }

    public init(canonicalBytes bytes: [UInt8]) throws(DecodingError) {
        var reader = CanonicalReader(bytes)
        let version = try reader.read(UInt8.self)
        guard version == Self.version else {
            throw reader.error(.invalidValue("history feed version \(version)"))
        }
        let chainID = try reader.read(String.self, maxByteCount: 256)
        let genesisHash = try reader.read(Hash.self)
        let historyHeight = try reader.read(UInt64?.self)
        var batches: [HistoryBatch] = []
        for _ in 0..<(try Self.count(&reader)) { batches.append(try Self.readBatch(&reader)) }
        try reader.expectEnd()
        guard zip(batches, batches.dropFirst()).allSatisfy({ $0.height + 1 == $1.height }) else {
            throw reader.error(.invalidValue("history feed heights do not follow each other"))
        }
        self.init(chainID: chainID, genesisHash: genesisHash, historyHeight: historyHeight, batches: batches)
    }

    // MARK: - Writing

    private static func write(_ batch: HistoryBatch, to writer: inout CanonicalWriter) {
        let rows = batch.rows
        writer.write(rows.height)
        writer.write(rows.timeMilliseconds)
        writer.write(UInt32(rows.fills.count))
        for fill in rows.fills { write(fill, to: &writer) }
        writer.write(UInt32(rows.ordersPlaced.count))
        for order in rows.ordersPlaced { write(order, to: &writer) }
        writer.write(UInt32(rows.orderEvents.count))
        for event in rows.orderEvents { write(event, to: &writer) }
        writer.write(rows.openAfterBlock.sorted())
        writer.write(UInt32(rows.funding.count))
        for payment in rows.funding { write(payment, to: &writer) }
        writer.write(UInt32(rows.ledger.count))
        for entry in rows.ledger { write(entry, to: &writer) }
        writer.write(UInt32(batch.prints.count))
        for print in batch.prints { write(print, to: &writer) }
    }

    private static func write(_ amount: HistoryJournal.SignedAmount, to writer: inout CanonicalWriter) {
        writer.write(amount.isNegative)
        writer.write(amount.magnitude)
    }

    private static func write(_ fill: FillRow, to writer: inout CanonicalWriter) {
        writer.write(fill.position)
        writer.write(fill.side.rawValue)
        writer.write(fill.market)
        writer.write(fill.kind.rawValue)
        writer.write(fill.liquidity.rawValue)
        writer.write(fill.account)
        writer.write(fill.order)
        writer.write(fill.counterparty)
        writer.write(fill.counterpartyOrder)
        writer.write(UInt64(bitPattern: fill.priceTicks))
        writer.write(UInt64(bitPattern: fill.lots))
        write(fill.fee, to: &writer)
        writer.write(fill.timeMilliseconds)
    }

    private static func write(_ order: OrderPlacedRow, to writer: inout CanonicalWriter) {
        writer.write(order.order)
        writer.write(order.account)
        writer.write(order.market)
        writer.write(order.side.rawValue)
        writer.write(order.type.rawValue)
        writer.write(order.clientOrderID)
        writer.write(order.expiresAtMilliseconds)
        writer.write(UInt64(bitPattern: order.priceTicks))
        writer.write(UInt64(bitPattern: order.lots))
        writer.write(order.origin.rawValue)
    }

    private static func write(_ event: OrderEventRow, to writer: inout CanonicalWriter) {
        writer.write(event.position)
        writer.write(event.order)
        writer.write(event.account)
        writer.write(event.market)
        writer.write(event.kind.rawValue)
        writer.write(event.reason?.rawValue)
        writer.write(event.priceTicks.map { UInt64(bitPattern: $0) })
        writer.write(UInt64(bitPattern: event.lots))
        writer.write(event.fee != nil)
        if let fee = event.fee { write(fee, to: &writer) }
        writer.write(event.fillPosition)
        writer.write(event.timeMilliseconds)
    }

    private static func write(_ payment: FundingRow, to writer: inout CanonicalWriter) {
        writer.write(payment.sequence)
        writer.write(payment.account)
        writer.write(payment.market)
        writer.write(payment.positionSize)
        writer.write(payment.amount)
        writer.write(UInt64(bitPattern: payment.ratePPM))
        writer.write(payment.timeMilliseconds)
    }

    private static func write(_ entry: LedgerRow, to writer: inout CanonicalWriter) {
        writer.write(entry.sequence)
        writer.write(entry.account)
        writer.write(entry.asset)
        writer.write(entry.bucket.rawValue)
        write(entry.delta, to: &writer)
        write(entry.after, to: &writer)
        writer.write(entry.cause.rawValue)
        writer.write(entry.transaction)
        writer.write(entry.action.map { UInt32($0) })
        writer.write(entry.actionKind?.rawValue)
        writer.write(entry.market)
        writer.write(entry.timeMilliseconds)
    }

    private static func write(_ print: HistoryPrint, to writer: inout CanonicalWriter) {
        writer.write(print.market)
        writer.write(print.position)
        writer.write(print.timeMilliseconds)
        writer.write(UInt64(bitPattern: print.priceTicks))
        writer.write(UInt64(bitPattern: print.lots))
        writer.write(print.takerSide?.rawValue)
        writer.write(print.makerOrder)
        writer.write(print.takerOrder)
        writer.write(print.maker)
        writer.write(print.taker)
    }

    // MARK: - Reading

    /// A `u32` count of elements of at least one byte each, checked against the input.
    private static func count(_ reader: inout CanonicalReader) throws(DecodingError) -> Int {
        let count = try reader.read(UInt32.self)
        guard Int(count) <= reader.remainingCount else {
            throw reader.error(.lengthTooLarge(count))
        }
        return Int(count)
    }

    private static func code<Code: RawRepresentable>(
        _: Code.Type, _ reader: inout CanonicalReader
    ) throws(DecodingError) -> Code where Code.RawValue == UInt8 {
        let raw = try reader.read(UInt8.self)
        guard let code = Code(rawValue: raw) else { throw reader.error(.invalidValue("unknown \(Code.self) \(raw)")) }
        return code
    }

    private static func optionalCode<Code: RawRepresentable>(
        _: Code.Type, _ reader: inout CanonicalReader
    ) throws(DecodingError) -> Code? where Code.RawValue == UInt8 {
        guard let raw = try reader.read(UInt8?.self) else { return nil }
        guard let code = Code(rawValue: raw) else { throw reader.error(.invalidValue("unknown \(Code.self) \(raw)")) }
        return code
    }

    private static func signed(_ reader: inout CanonicalReader) throws(DecodingError) -> Int64 {
        Int64(bitPattern: try reader.read(UInt64.self))
    }

    private static func amount(_ reader: inout CanonicalReader) throws(DecodingError) -> HistoryJournal.SignedAmount {
        let isNegative = try reader.read(Bool.self)
        let magnitude = try reader.read(UInt128.self)
        guard !isNegative || magnitude != 0 else { throw reader.error(.invalidValue("a negative zero amount")) }
        return HistoryJournal.SignedAmount(isNegative: isNegative, magnitude: magnitude)
    }

    private static func readBatch(_ reader: inout CanonicalReader) throws(DecodingError) -> HistoryBatch {
        var rows = HistoryRows(height: try reader.read(UInt64.self), timeMilliseconds: try reader.read(UInt64.self))
        for _ in 0..<(try count(&reader)) { rows.fills.append(try readFill(&reader, height: rows.height)) }
        for _ in 0..<(try count(&reader)) { rows.ordersPlaced.append(try readOrder(&reader)) }
        for _ in 0..<(try count(&reader)) { rows.orderEvents.append(try readEvent(&reader, height: rows.height)) }
        rows.openAfterBlock = Set(try reader.read([UInt64].self))
        for _ in 0..<(try count(&reader)) { rows.funding.append(try readFunding(&reader, height: rows.height)) }
        for _ in 0..<(try count(&reader)) { rows.ledger.append(try readLedger(&reader, height: rows.height)) }
        var prints: [HistoryPrint] = []
        for _ in 0..<(try count(&reader)) { prints.append(try readPrint(&reader, height: rows.height)) }
        return HistoryBatch(rows: rows, prints: prints)
    }

    private static func readFill(_ reader: inout CanonicalReader, height: UInt64) throws(DecodingError) -> FillRow {
        FillRow(
            height: height, position: try reader.read(UInt32.self), side: try code(MatchingEngine.Side.self, &reader),
            market: try reader.read(MarketID.self), kind: try code(FillKind.self, &reader),
            liquidity: try code(FillLiquidity.self, &reader), account: try reader.read(AccountID.self),
            order: try reader.read(UInt64.self), counterparty: try reader.read(AccountID?.self),
            counterpartyOrder: try reader.read(UInt64?.self), priceTicks: try signed(&reader),
            lots: try signed(&reader), fee: try amount(&reader), timeMilliseconds: try reader.read(UInt64.self))
    }

    private static func readOrder(_ reader: inout CanonicalReader) throws(DecodingError) -> OrderPlacedRow {
        OrderPlacedRow(
            order: try reader.read(UInt64.self), account: try reader.read(AccountID.self),
            market: try reader.read(MarketID.self), side: try code(MatchingEngine.Side.self, &reader),
            type: try code(OrderType.self, &reader), clientOrderID: try reader.read(UInt64?.self),
            expiresAtMilliseconds: try reader.read(UInt64?.self), priceTicks: try signed(&reader),
            lots: try signed(&reader), origin: try code(HistoryJournal.OrderOrigin.self, &reader))
    }

    private static func readEvent(_ reader: inout CanonicalReader, height: UInt64) throws(DecodingError)
        -> OrderEventRow
    {
        let position = try reader.read(UInt32.self)
        let order = try reader.read(UInt64.self)
        let account = try reader.read(AccountID.self)
        let market = try reader.read(MarketID.self)
        let kind = try code(OrderEventKind.self, &reader)
        let reason = try optionalCode(CancelReason.self, &reader)
        let price = try reader.read(UInt64?.self).map { Int64(bitPattern: $0) }
        let lots = try signed(&reader)
        let fee = try reader.read(Bool.self) ? try amount(&reader) : nil
        return OrderEventRow(
            height: height, position: position, order: order, account: account, market: market, kind: kind,
            reason: reason, priceTicks: price, lots: lots, fee: fee, fillPosition: try reader.read(UInt32?.self),
            timeMilliseconds: try reader.read(UInt64.self))
    }

    private static func readFunding(_ reader: inout CanonicalReader, height: UInt64) throws(DecodingError)
        -> FundingRow
    {
        FundingRow(
            height: height, sequence: try reader.read(UInt32.self), account: try reader.read(AccountID.self),
            market: try reader.read(MarketID.self), positionSize: try reader.read(Int128.self),
            amount: try reader.read(Int128.self), ratePPM: try signed(&reader),
            timeMilliseconds: try reader.read(UInt64.self))
    }

    private static func readLedger(_ reader: inout CanonicalReader, height: UInt64) throws(DecodingError) -> LedgerRow {
        let sequence = try reader.read(UInt32.self)
        let account = try reader.read(AccountID.self)
        let asset = try reader.read(AssetSymbol.self)
        let bucket = try code(HistoryJournal.Bucket.self, &reader)
        let delta = try amount(&reader)
        let after = try amount(&reader)
        let cause = try code(LedgerCause.self, &reader)
        let transaction = try reader.read(Hash?.self)
        let action = try reader.read(UInt32?.self)
        guard action.map({ $0 <= UInt16.max }) ?? true else {
            throw reader.error(.invalidValue("action index \(action!) past 65535"))
        }
        return LedgerRow(
            height: height, sequence: sequence, account: account, asset: asset, bucket: bucket, delta: delta,
            after: after, cause: cause, transaction: transaction, action: action.map { UInt16($0) },
            actionKind: try optionalCode(HistoryJournal.ActionKind.self, &reader),
            market: try reader.read(MarketID?.self), timeMilliseconds: try reader.read(UInt64.self))
    }

    private static func readPrint(_ reader: inout CanonicalReader, height: UInt64) throws(DecodingError)
        -> HistoryPrint
    {
        let market = try reader.read(MarketID.self)
        let position = try reader.read(UInt32.self)
        let time = try reader.read(UInt64.self)
        let price = try signed(&reader)
        let lots = try signed(&reader)
        guard price > 0, lots > 0 else { throw reader.error(.invalidValue("a print of \(lots) lots at \(price)")) }
        return HistoryPrint(
            market: market, height: height, position: position, timeMilliseconds: time, priceTicks: price, lots: lots,
            takerSide: try optionalCode(MatchingEngine.Side.self, &reader), makerOrder: try reader.read(UInt64?.self),
            takerOrder: try reader.read(UInt64?.self), maker: try reader.read(AccountID?.self),
            taker: try reader.read(AccountID?.self))
    }
}
