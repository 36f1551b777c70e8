import BazaarCore
import BazaarHistory
import Foundation
import Testing

/// Cursors: they round-trip, stay bound to their query, and refuse damaged text.
@Suite struct HistoryCursorTests {
    let trades = HistoryCursor.Query.trades(market: 1)
    let candles = HistoryCursor.Query.candles(market: 1, resolution: .oneHour, from: 1_000, to: nil)

    @Test func aCursorRoundTripsThroughItsText() throws {
        let cursor = HistoryCursor(height: 123_456_789_012, position: 4_000_000_000)
        let text = cursor.text(for: trades)
        #expect(text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(try HistoryCursor(text: text, for: trades) == cursor)
        let start = HistoryCursor(startMilliseconds: 1_700_000_000_000)
        #expect(try HistoryCursor(text: start.text(for: candles), for: candles).startMilliseconds == 1_700_000_000_000)
    }

    @Test func aCursorOfAnotherQueryIsRefusedAsForeign() {
        let text = HistoryCursor(height: 9, position: 1).text(for: trades)
        #expect(throws: HistoryCursor.Failure.foreignQuery) {
            try HistoryCursor(text: text, for: .trades(market: 2))
        }
        let candleText = HistoryCursor(startMilliseconds: 60_000).text(for: candles)
        for other in [
            HistoryCursor.Query.candles(market: 1, resolution: .oneMinute, from: 1_000, to: nil),
            .candles(market: 1, resolution: .oneHour, from: nil, to: nil),
            .candles(market: 1, resolution: .oneHour, from: 1_000, to: 5_000),
            .candles(market: 3, resolution: .oneHour, from: 1_000, to: nil),
        ] {
            #expect(throws: HistoryCursor.Failure.foreignQuery) { try HistoryCursor(text: candleText, for: other) }
        }
        // Another route has another key length: malformed, not a valid key.
        #expect(throws: HistoryCursor.Failure.malformed) { try HistoryCursor(text: text, for: candles) }
    }

    @Test func truncatedTamperedOrForeignTextIsMalformedOrForeign() {
        let text = HistoryCursor(height: 77, position: 3).text(for: trades)
        for broken in [
            "", "abc", String(text.dropLast()), String(text.dropLast(4)), text + "A", text + "==",
            "!" + text.dropFirst(),
            String(repeating: "A", count: 500),
        ] {
            #expect(throws: HistoryCursor.Failure.malformed, "\(broken)") {
                try HistoryCursor(text: broken, for: self.trades)
            }
        }
        // Flipping any byte: the version or route makes it malformed, the key or tag a foreign tag.
        var bytes = [UInt8](Data(base64Encoded: Self.standard(text))!)
        for index in bytes.indices {
            bytes[index] ^= 0x01
            let tampered = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(throws: (any Error).self, "byte \(index)") { try HistoryCursor(text: tampered, for: self.trades) }
            bytes[index] ^= 0x01
        }
        // Spare bits set in the last character decode to the same bytes; the text is still refused.
        let last = text.last!
        let sibling = String(text.dropLast()) + String(last == "A" ? "B" : "A")
        #expect(throws: (any Error).self) { try HistoryCursor(text: sibling, for: self.trades) }
    }

    static func standard(_ text: String) -> String {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return standard
    }
}
