import Testing

@testable import BazaarCore

/// A row holding funds of one asset, to exercise the conservation hooks.
private struct Vault: Sendable, Hashable, CanonicalCodable, HoldsFunds {
    var amount: Amount

    var heldFunds: [(asset: AssetSymbol, amount: Amount)] { [("USD", amount)] }

    func encode(to writer: inout CanonicalWriter) { writer.write(amount) }
    init(amount: Amount) { self.amount = amount }
    init(from reader: inout CanonicalReader) throws(DecodingError) { amount = try reader.read(Amount.self) }
}

@Suite("Ledger tables")
struct LedgerTableTests {
    @Test func rollbackRestoresEveryRowWrittenInTheTransaction() {
        var table = LedgerTable<UInt64, Vault>()
        table.write(Vault(amount: Amount(baseUnits: 5)), for: 1)
        table.beginTransaction()
        table.write(Vault(amount: Amount(baseUnits: 7)), for: 1)
        table.write(Vault(amount: Amount(baseUnits: 9)), for: 2)
        table.write(nil, for: 1)
        table.rollBackTransaction()
        #expect(table.rows == [1: Vault(amount: Amount(baseUnits: 5))])
    }

    @Test func committedWritesStayAndTheBlockJournalNamesEveryTouchedKeyOnce() {
        var table = LedgerTable<UInt64, Vault>()
        table.beginTransaction()
        table.write(Vault(amount: Amount(baseUnits: 3)), for: 4)
        table.write(Vault(amount: Amount(baseUnits: 2)), for: 1)
        table.commitTransaction()
        table.write(nil, for: 4)
        #expect(table.rows == [1: Vault(amount: Amount(baseUnits: 2))])
        #expect(table.touchedKeys == [1, 4])
        table.resetBlockJournal()
        #expect(table.touchedKeys.isEmpty)
    }

    @Test func blockHoldingsCompareTouchedRowsBeforeAndAfter() {
        var table = LedgerTable<UInt64, Vault>(rows: [
            1: Vault(amount: Amount(baseUnits: 10)), 2: Vault(amount: Amount(baseUnits: 20)),
        ])
        table.write(Vault(amount: Amount(baseUnits: 15)), for: 1)
        table.write(nil, for: 2)
        var before: [AssetSymbol: UInt128] = [:]
        var after: [AssetSymbol: UInt128] = [:]
        table.addBlockHoldings(before: &before, after: &after)
        #expect(before == ["USD": 30])
        #expect(after == ["USD": 15])
        var all: [AssetSymbol: UInt128] = [:]
        table.addHoldings(to: &all)
        #expect(all == ["USD": 15])
    }

    @Test func snapshotsRoundTripAndRejectRowsOutOfOrder() throws {
        let table = LedgerTable<UInt64, Vault>(rows: [
            3: Vault(amount: Amount(baseUnits: 1)), 1: Vault(amount: Amount(baseUnits: 2)),
        ])
        let bytes = table.canonicalBytes
        #expect(try LedgerTable<UInt64, Vault>(canonicalBytes: bytes).rows == table.rows)
        var writer = CanonicalWriter()
        writer.write(UInt32(2))
        writer.write(UInt64(3))
        writer.write(Vault(amount: Amount(baseUnits: 1)))
        writer.write(UInt64(1))
        writer.write(Vault(amount: Amount(baseUnits: 2)))
        #expect(throws: DecodingError.self) { try LedgerTable<UInt64, Vault>(canonicalBytes: writer.bytes) }
    }
}
