import PropertyBased
import Testing

@testable import BazaarCore

@Suite("Canonical encoding")
struct CanonicalEncodingTests {
    // MARK: - Round trips and canonicality, per type

    @Test func transactionsAreCanonical() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectCanonical(Arbitrary.transaction(&rng), &rng)
        }
    }

    @Test func signedTransactionsAreCanonical() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectCanonical(Arbitrary.signedTransaction(&rng), &rng)
        }
    }

    @Test func everyActionCaseIsCanonical() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectCanonical(Arbitrary.action(&rng), &rng)
        }
    }

    @Test func blockHeadersAreCanonical() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectCanonical(Arbitrary.blockHeader(&rng), &rng)
        }
    }

    @Test func blocksAreCanonical() async {
        await propertyCheck(count: 25, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectCanonical(Arbitrary.block(&rng), &rng)
        }
    }

    @Test func transactionResultsAreCanonical() async {
        await propertyCheck(count: 100, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectCanonical(Arbitrary.transactionResult(&rng), &rng)
        }
    }

    @Test func everyEventCaseIsCanonical() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectCanonical(Arbitrary.event(&rng), &rng)
        }
    }

    @Test func genesisIsCanonical() async {
        await propertyCheck(count: 40, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectCanonical(Arbitrary.genesis(&rng), &rng)
        }
    }

    @Test func ledgerStateSnapshotsAreCanonical() async {
        await propertyCheck(count: 30, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectCanonical(
                Arbitrary.ledgerState(&rng), isSame: { $0.canonicalBytes == $1.canonicalBytes }, &rng)
        }
    }

    @Test func snapshotDecodingRestoresEveryField() throws {
        var rng = TestRandom(seed: 7)
        var state = Arbitrary.ledgerState(&rng)
        while state.markets.isEmpty || state.markets.allSatisfy(\.orders.isEmpty) {
            state = Arbitrary.ledgerState(&rng)
        }
        let restored = try LedgerState(canonicalBytes: state.canonicalBytes)
        #expect(restored.parameters == state.parameters)
        #expect(restored.height == state.height)
        #expect(restored.timeMilliseconds == state.timeMilliseconds)
        #expect(restored.lastBlockHash == state.lastBlockHash)
        #expect(restored.appHash == state.appHash)
        #expect(restored.accounts == state.accounts)
        #expect(restored.assets == state.assets)
        #expect(restored.feePool == state.feePool)
        #expect(restored.tradingFeePools == state.tradingFeePools)
        #expect(restored.marketList == state.marketList)
        #expect(restored.markets.map(\.orders) == state.markets.map(\.orders))
        #expect(restored.markets.map(\.lastPriceTicks) == state.markets.map(\.lastPriceTicks))
        #expect(restored.nextOrderID == state.nextOrderID)
        #expect(restored.nextPriority == state.nextPriority)
        for market in state.marketList {
            for side in MatchingEngine.Side.allCases {
                #expect(restored.queue(of: market.id, side: side) == state.queue(of: market.id, side: side))
            }
        }
    }

    @Test func snapshotQueuesFollowOrderPriority() throws {
        var chain = TestChain(exchange: true)
        let first = chain.nextOrderID
        chain.run(1, [chain.order(.bid, 1, at: 100)])
        chain.run(2, [chain.order(.bid, 1, at: 100)])
        chain.run(1, [.amendOrder(.init(market: 1, order: .id(first), price: Amount(baseUnits: 99)))])
        chain.run(1, [.amendOrder(.init(market: 1, order: .id(first), price: Amount(baseUnits: 100)))])
        #expect(chain.queue(.bid) == [first + 1, first])
        let restored = try LedgerState(canonicalBytes: chain.state.canonicalBytes)
        #expect(restored.queue(of: 1, side: .bid).map(\.id) == [first + 1, first])
    }

    @Test func randomBytesDecodeOnlyWhenCanonical() async {
        await propertyCheck(count: 300, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            expectRandomBytesCanonical(Action.self, maxCount: 80, &rng)
            expectRandomBytesCanonical(Event.self, maxCount: 80, &rng)
            expectRandomBytesCanonical(TransactionResult.self, maxCount: 80, &rng)
            expectRandomBytesCanonical(Account.self, maxCount: 80, &rng)
            expectRandomBytesCanonical(AssetInfo.self, maxCount: 120, &rng)
            expectRandomBytesCanonical(Order.self, maxCount: 120, &rng)
            expectRandomBytesCanonical(Market.self, maxCount: 120, &rng)
        }
    }

    // MARK: - Primitive layout

    @Test func integersAreLittleEndianFixedWidth() {
        var writer = CanonicalWriter()
        writer.write(UInt16(0x0102))
        writer.write(UInt32(0x0304_0506))
        writer.write(UInt64(0x0708_090a_0b0c_0d0e))
        #expect(writer.bytes == [0x02, 0x01, 0x06, 0x05, 0x04, 0x03, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 0x09, 0x08, 0x07])
    }

    @Test func amountsAreSixteenBytesLittleEndian() {
        let amount = Amount(baseUnits: (UInt128(1) << 120) | 0x0201)
        #expect(amount.canonicalBytes == [0x01, 0x02] + [UInt8](repeating: 0, count: 13) + [0x01])
    }

    @Test func textIsLengthPrefixedUTF8() {
        var writer = CanonicalWriter()
        writer.write("é1")
        #expect(writer.bytes == [3, 0, 0, 0, 0xc3, 0xa9, 0x31])
    }

    @Test func optionalsCarryATagByte() {
        var writer = CanonicalWriter()
        writer.write(Amount?.none)
        writer.write(Amount?.some(.zero))
        #expect(writer.bytes == [0, 1] + [UInt8](repeating: 0, count: 16))
    }

    @Test func arraysAreCountPrefixed() {
        var writer = CanonicalWriter()
        writer.write([UInt8(7), UInt8(8)])
        #expect(writer.bytes == [2, 0, 0, 0, 7, 8])
    }

    // MARK: - Specific rejections

    @Test func boolRejectsBytesOtherThanZeroAndOne() throws {
        for byte: UInt8 in [2, 0x80, 0xff] {
            var reader = CanonicalReader([byte])
            #expect(throws: DecodingError(reason: .invalidBool(byte), offset: 0)) { try reader.read(Bool.self) }
        }
        var reader = CanonicalReader([0, 1])
        #expect(try reader.read(Bool.self) == false)
        #expect(try reader.read(Bool.self) == true)
    }

    @Test func optionalRejectsUnknownTag() {
        var reader = CanonicalReader([2] + [UInt8](repeating: 0, count: 16))
        #expect(throws: DecodingError(reason: .unknownTag(2), offset: 0)) { try reader.read(Amount?.self) }
    }

    @Test func actionRejectsUnknownTag() {
        var bytes = Action.burn(5).canonicalBytes
        bytes[0] = 12
        #expect(throws: DecodingError(reason: .unknownTag(12), offset: 0)) { try Action(canonicalBytes: bytes) }
    }

    @Test func eventRejectsUnknownTag() {
        var bytes = Event.assetCreated(asset: "USD", issuer: TestChain.key(0).publicKey.accountID).canonicalBytes
        bytes[0] = 16
        #expect(throws: DecodingError(reason: .unknownTag(16), offset: 0)) { try Event(canonicalBytes: bytes) }
    }

    @Test func transactionResultRejectsUnknownResultCode() {
        var bytes = TransactionResult(id: .zero, code: .ok).canonicalBytes
        bytes[32] = 99
        #expect(throws: DecodingError.self) { try TransactionResult(canonicalBytes: bytes) }
    }

    @Test func transactionResultRejectsActionIndexBeyondUInt32() {
        let wide = TransactionResult(id: .zero, code: .zeroAmount, failedActionIndex: 0).canonicalBytes
        var bytes = wide
        bytes[35 + 4] = 1  // the fifth byte of the UInt64 index: 2^32
        #expect(throws: DecodingError.self) { try TransactionResult(canonicalBytes: bytes) }
    }

    @Test func textRejectsInvalidUTF8() {
        let chain = TestChain()
        var bytes = chain.sign(from: 0, chainID: "ab", [.burn(1)]).canonicalBytes
        bytes[4] = 0xff  // a byte that never appears in UTF-8
        #expect(throws: DecodingError(reason: .invalidText, offset: 0)) { try SignedTransaction(canonicalBytes: bytes) }
        bytes[4] = 0xc3  // a lead byte without its continuation
        #expect(throws: DecodingError(reason: .invalidText, offset: 0)) { try SignedTransaction(canonicalBytes: bytes) }
    }

    @Test func textRejectsOverlongAndSurrogateEncodings() {
        for invalid: [UInt8] in [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]] {
            var reader = CanonicalReader([UInt8(invalid.count), 0, 0, 0] + invalid)
            #expect(throws: DecodingError.self) { try reader.read(String.self) }
        }
    }

    @Test func assetSymbolRejectsInvalidText() {
        for text in ["usd", "U", "1USD", "USD$", "ABCDEFGHIJKLM"] {
            var writer = CanonicalWriter()
            writer.write(text)
            #expect(throws: DecodingError.self) { try AssetSymbol(canonicalBytes: writer.bytes) }
        }
    }

    @Test func hugeLengthPrefixIsRejectedWithoutAllocating() {
        // A chain id claiming 4 GiB, and a block claiming 4 billion transactions.
        #expect(throws: DecodingError(reason: .lengthTooLarge(.max), offset: 0)) {
            try SignedTransaction(canonicalBytes: [0xff, 0xff, 0xff, 0xff, 0x41])
        }
        var rng = TestRandom(seed: 1)
        let header = Arbitrary.blockHeader(&rng).canonicalBytes
        #expect(throws: DecodingError(reason: .lengthTooLarge(.max), offset: header.count)) {
            try Block(canonicalBytes: header + [0xff, 0xff, 0xff, 0xff] + [UInt8](repeating: 0, count: 64))
        }
        #expect(throws: DecodingError.self) { try Genesis(canonicalBytes: [UInt8](repeating: 0xff, count: 200)) }
        #expect(throws: DecodingError.self) { try LedgerState(canonicalBytes: [UInt8](repeating: 0xff, count: 200)) }
    }

    @Test func lengthPrefixBeyondTheTypeLimitIsRejected() {
        let longChainID = String(repeating: "c", count: Transaction.chainIDByteCountMax + 1)
        var writer = CanonicalWriter()
        writer.write(longChainID)
        writer.writeFixed([UInt8](repeating: 0, count: 300))
        #expect(throws: DecodingError(reason: .lengthTooLarge(65), offset: 0)) {
            try Transaction(canonicalBytes: writer.bytes)
        }
    }

    @Test func accountBalancesAndLocksMustBeSortedAndNonZero() throws {
        func encode(_ entries: [(String, UInt128)], locked: [(String, UInt128)] = []) -> [UInt8] {
            var writer = CanonicalWriter()
            writer.write(UInt64(0))
            for list in [entries, locked] {
                writer.write(UInt32(list.count))
                for (symbol, amount) in list {
                    writer.write(symbol)
                    writer.write(Amount(baseUnits: amount))
                }
            }
            return writer.bytes
        }
        let account = try Account(canonicalBytes: encode([("AB", 1), ("AC", 1)], locked: [("AB", 5)]))
        #expect(account.lockedAmount(of: "AB") == Amount(baseUnits: 5))
        #expect(throws: DecodingError.self) { try Account(canonicalBytes: encode([("AC", 1), ("AB", 1)])) }
        #expect(throws: DecodingError.self) { try Account(canonicalBytes: encode([("AB", 1), ("AB", 2)])) }
        #expect(throws: DecodingError.self) { try Account(canonicalBytes: encode([("AB", 0)])) }
        #expect(throws: DecodingError.self) { try Account(canonicalBytes: encode([], locked: [("AC", 1), ("AB", 1)])) }
        #expect(throws: DecodingError.self) { try Account(canonicalBytes: encode([], locked: [("AB", 0)])) }
    }

    @Test func snapshotAccountsAndAssetsMustBeInKeyOrder() {
        var rng = TestRandom(seed: 3)
        var state = Arbitrary.ledgerState(&rng)
        let first = Arbitrary.accountID(&rng)
        let second = Arbitrary.accountID(&rng)
        state.accounts = [first: Account(nonce: 1), second: Account(nonce: 2)]
        state.assets = [:]
        let bytes = state.canonicalBytes
        // Swap the two 20-byte ids together with their 12-byte accounts (nonce and an empty balance list).
        // Parameters, height, time, last block hash, application hash, then the account count.
        let accountsStart = state.parameters.canonicalBytes.count + 8 + 8 + 32 + 32 + 4
        var swapped = bytes
        swapped.replaceSubrange(
            accountsStart..<(accountsStart + 64),
            with: bytes[(accountsStart + 32)..<(accountsStart + 64)] + bytes[accountsStart..<(accountsStart + 32)])
        #expect((try? LedgerState(canonicalBytes: bytes)) != nil)
        #expect(throws: DecodingError.self) { try LedgerState(canonicalBytes: swapped) }
    }

    @Test func decodingErrorsNameTheirOffset() {
        let bytes = Action.burn(1).canonicalBytes
        #expect(throws: DecodingError(reason: .truncated, offset: 8)) {
            try Action(canonicalBytes: Array(bytes.prefix(10)))
        }
        #expect(throws: DecodingError(reason: .trailingBytes(count: 1), offset: bytes.count)) {
            try Action(canonicalBytes: bytes + [0])
        }
    }
}
