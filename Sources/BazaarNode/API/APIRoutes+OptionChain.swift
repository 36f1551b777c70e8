import BazaarAPI
import BazaarCore
import Foundation
import Hummingbird

/// `GET /v1/options/chain`: one underlying's series of one expiry (docs/OPTIONS.md, "Greeks,
/// option chain and the command line").
extension APIRoutes {
    /// `GET /v1/options/chain?underlying=BTC&expiry=MS|YYYY-MM-DD`: 400 for a missing underlying
    /// or a malformed expiry, 404 for an underlying that is no asset or has no series, or an
    /// expiry with none; without `expiry`, the nearest one after the block time.
    static func optionChain(_ request: Request, node: Node) async throws -> Response {
        let parameters = request.uri.queryParameters
        guard let underlyingText = parameters["underlying"].map(String.init), !underlyingText.isEmpty else {
            throw APIFailure.badRequest("underlying is required, e.g. /v1/options/chain?underlying=BTC")
        }
        let selector = try parameters["expiry"].map { try expirySelector(String($0)) } ?? .nearest
        let context = await node.renderingContext
        let underlying = try knownAsset(underlyingText, context: context)
        let view = await node.optionChainView(underlying: underlying, expiry: selector)
        guard !view.expiries.isEmpty else {
            throw APIFailure(
                .notFound, code: "unknown_series", message: "no option series of \(underlying) are listed")
        }
        guard let chain = view.chain else {
            let listed = view.expiries.map { "\($0) (\(Rendering.iso8601(milliseconds: $0)))" }
            throw APIFailure(
                .notFound, code: "unknown_series",
                message: "no \(underlying) series expire then; expiries: \(listed.joined(separator: ", "))")
        }
        return try JSONResponse.make(
            Rendering.optionChain(
                chain, expiries: view.expiries, timeMilliseconds: view.timeMilliseconds, context: view.context))
    }

    /// `expiry` as milliseconds since the epoch or a UTC date `YYYY-MM-DD`.
    static func expirySelector(_ text: String) throws -> OptionExpirySelector {
        if let milliseconds = UInt64(text) { return .exact(milliseconds) }
        guard let start = dayStartMilliseconds(text) else {
            throw APIFailure.badRequest(
                "expiry must be milliseconds since the epoch or a date YYYY-MM-DD, not \(EchoedInput.quoted(text))")
        }
        return .day(startMilliseconds: start)
    }

    /// The start of a UTC day written `YYYY-MM-DD` (years 1970 to 9999), in milliseconds; nil for
    /// anything else, an impossible date included.
    static func dayStartMilliseconds(_ text: String) -> UInt64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1970
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date) == components
        else { return nil }
        return UInt64(date.timeIntervalSince1970) * 1_000
    }
}

extension Rendering {
    static func optionChain(
        _ chain: OptionChain, expiries: [UInt64], timeMilliseconds: UInt64, context: RenderingContext
    ) -> OptionChainResponse {
        let quoteDecimals = context.decimals(of: chain.quote)
        func quote(_ value: UInt128) -> String { MarginFormat.unsigned(value, decimals: quoteDecimals) }
        return OptionChainResponse(
            underlying: chain.underlying.text, quote: chain.quote.text, expiryMs: chain.expiryMilliseconds,
            expiry: iso8601(milliseconds: chain.expiryMilliseconds), timeMs: timeMilliseconds,
            spot: chain.spot.map(quote), stale: chain.isStale, expiries: expiries,
            rows: chain.rows.map { row in
                OptionChainRowJSON(
                    strike: quote(row.strike),
                    call: row.call.map { optionChainQuote($0, now: timeMilliseconds, context: context) },
                    put: row.put.map { optionChainQuote($0, now: timeMilliseconds, context: context) })
            })
    }

    static func optionChainQuote(_ side: OptionChain.Side, now: UInt64, context: RenderingContext)
        -> OptionChainQuoteJSON
    {
        let series = side.series
        let quoteDecimals = context.decimals(of: series.quote)
        let baseDecimals = context.decimals(of: series.underlying)
        func quote(_ value: UInt128) -> String { MarginFormat.unsigned(value, decimals: quoteDecimals) }
        func size(_ value: UInt128) -> String { MarginFormat.unsigned(value, decimals: baseDecimals) }
        let status = series.settlement != nil ? "settled" : (series.isTrading(at: now) ? "trading" : "expired")
        return OptionChainQuoteJSON(
            marketId: series.market.rawValue, market: series.terms.seriesName(underlying: series.underlying),
            status: status, bid: side.bestBid.map(quote), bidSize: size(side.bidSize), ask: side.bestAsk.map(quote),
            askSize: size(side.askSize), markPrice: side.mark.map(quote), bidIv: side.bidVolatility.map(volatility),
            askIv: side.askVolatility.map(volatility), midIv: side.midVolatility.map(volatility),
            markIv: side.markVolatility.map(volatility), delta: side.greeks?.delta.description,
            gamma: side.greeks?.gamma.description, vega: side.greeks?.vega.description,
            theta: side.greeks?.theta.description)
    }

    /// A volatility as a fraction with at most six decimals (a ten-thousandth of a point), rounded down.
    static func volatility(_ value: Decimal18) -> String {
        Decimal18(raw: value.raw / 1_000_000_000_000 * 1_000_000_000_000).description
    }

    static func accountGreeks(_ greeks: AccountGreeks, context: RenderingContext, quote: AssetSymbol?)
        -> AccountGreeksJSON
    {
        let quoteDecimals = quote.map { context.decimals(of: $0) } ?? 0
        return AccountGreeksJSON(
            underlying: greeks.underlying.text,
            spot: greeks.spot.map { MarginFormat.unsigned($0, decimals: quoteDecimals) },
            delta: greeks.delta.description, deltaValue: greeks.deltaValue?.description,
            gamma: greeks.gamma.description, gammaValue: greeks.gammaValue?.description,
            vega: greeks.vega.description, theta: greeks.theta.description,
            optionPositions: greeks.optionPositionCount, perpetualPositions: greeks.perpetualPositionCount,
            complete: greeks.isComplete)
    }
}
