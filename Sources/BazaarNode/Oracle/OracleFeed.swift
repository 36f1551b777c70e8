public import BazaarCore
public import Foundation

/// What an oracle source says, the one JSON format of `OracleSource`:
///
/// ```json
/// {"prices": {"BTC": "65000.5", "ETH": "3000"},
///  "volatilities": {"BTC": [{"expiryMs": 1767225600000,
///                            "points": {"7000": "0.8", "8000": "0.72", "9000": "0.66", "9500": "0.62",
///                                       "10000": "0.6", "10500": "0.61", "11000": "0.63",
///                                       "12000": "0.67", "13000": "0.72"}}]}}
/// ```
///
/// Prices are decimal strings in whole units of the oracle's quote asset per whole unit; each
/// volatility entry gives an expiry (Unix milliseconds) and one annualized volatility, a decimal
/// fraction, at each of the nine moneyness points (strike / spot in basis points). Both keys may be
/// absent.
public struct OracleFeed: Sendable, Equatable {
    public var prices: [(asset: AssetSymbol, quotePerUnit: UInt128)]
    public var volatilities: [OracleAction.VolatilityReport]

    public static func == (lhs: OracleFeed, rhs: OracleFeed) -> Bool {
        lhs.prices.map(\.asset) == rhs.prices.map(\.asset)
            && lhs.prices.map(\.quotePerUnit) == rhs.prices.map(\.quotePerUnit) && lhs.volatilities == rhs.volatilities
    }

    private struct Document: Decodable {
        var prices: [String: String]?
        var volatilities: [String: [Expiry]]?

        struct Expiry: Decodable {
            var expiryMs: UInt64
            var points: [String: String]
        }
    }

    /// Parses a feed; prices with the quote asset's `quoteDecimals`. The reports' times are 0 (the
    /// reporter stamps them). Assets in symbol order, expiries in time order.
    ///
    /// - Throws: `NodeError.configuration` naming the first thing wrong.
    public static func parse(_ data: Data, quoteDecimals: UInt8) throws(NodeError) -> OracleFeed {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw NodeError(.configuration, "oracle feed is not the documented JSON: \(error)")
        }
        var prices: [(asset: AssetSymbol, quotePerUnit: UInt128)] = []
        for (text, price) in (document.prices ?? [:]).sorted(by: { $0.key < $1.key }) {
            let asset = try symbol(text)
            guard let amount = try? Amount(parsing: price, decimals: quoteDecimals), !amount.isZero else {
                throw NodeError(.configuration, "oracle feed: price of \(text) '\(price)' is not a positive decimal")
            }
            prices.append((asset, amount.baseUnits))
        }
        var volatilities: [OracleAction.VolatilityReport] = []
        let keys = VolatilityParameters.moneynessBasisPoints.map(String.init)
        for (text, expiries) in (document.volatilities ?? [:]).sorted(by: { $0.key < $1.key }) {
            let asset = try symbol(text)
            for expiry in expiries.sorted(by: { $0.expiryMs < $1.expiryMs }) {
                guard Set(expiry.points.keys) == Set(keys) else {
                    throw NodeError(
                        .configuration,
                        "oracle feed: \(text) at \(expiry.expiryMs) needs exactly the points \(keys.joined(separator: ", "))"
                    )
                }
                let values = try keys.map { (key) throws(NodeError) -> UInt32 in
                    let value = expiry.points[key]!
                    guard let ppm = try? Amount(parsing: value, decimals: 6).baseUnits,
                        VolatilityParameters.volatilityRange.contains(UInt32(clamping: ppm))
                    else {
                        throw NodeError(
                            .configuration,
                            "oracle feed: \(text) volatility '\(value)' at \(key) is not a fraction from 0.01 to 10")
                    }
                    return UInt32(ppm)
                }
                volatilities.append(
                    OracleAction.VolatilityReport(
                        asset: asset, expiryMilliseconds: expiry.expiryMs, volatilities: values, timeMilliseconds: 0))
            }
        }
        return OracleFeed(prices: prices, volatilities: volatilities)
    }

    private static func symbol(_ text: String) throws(NodeError) -> AssetSymbol {
        guard let symbol = AssetSymbol(validating: text.uppercased()) else {
            throw NodeError(.configuration, "oracle feed: '\(text)' is not an asset symbol")
        }
        return symbol
    }
}
