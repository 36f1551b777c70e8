public import BazaarAPI
public import BazaarCore

/// Portfolio margin views for the API: an account's scenario matrix, and the margin simulator.
extension Node {
    /// An account's scenario matrix with the rendering context, in one visit to the actor.
    ///
    /// - Throws: ``MarginValuationError`` when the account cannot be valued in 128 bits.
    public func marginScenariosView(_ id: AccountID) throws(MarginValuationError) -> (
        scenarios: MarginScenarios, quote: AssetSymbol?, context: RenderingContext
    ) {
        let state = application.state
        return (try state.marginScenarios(of: id), state.derivatives.oracle.quoteAsset, renderingContext)
    }

    /// The margin of hypothetical positions (``LedgerState/simulateMargin(positions:adding:)``)
    /// named as the API names them: each market by an option series' name, `BASE-PERP`, or its
    /// id, each size a signed decimal in whole units of the underlying.
    ///
    /// - Throws: ``MarginSimulationInputError`` with a sentence for the caller.
    public func simulateMarginView(
        _ positions: [(market: String, size: String)], account: AccountID?
    ) throws(MarginSimulationInputError) -> (scenarios: MarginScenarios, quote: AssetSymbol?, context: RenderingContext)
    {
        let state = application.state
        var resolved: [(market: MarketID, size: Int128)] = []
        for (name, sizeText) in positions {
            guard let (market, underlying) = Self.marginMarket(name, in: state) else {
                throw MarginSimulationInputError(
                    "\(EchoedInput.quoted(name)) is not an option series or perpetual (a series name such as BTC-20270101-60000-C, BASE-PERP, or a market id)"
                )
            }
            let decimals = state.assets[underlying]?.decimals ?? 0
            guard let size = MarginSimulationInputError.signedSize(sizeText, decimals: decimals), size != 0 else {
                throw MarginSimulationInputError(
                    "size \(EchoedInput.quoted(sizeText)) must be a non-zero signed decimal with at most \(decimals) decimals"
                )
            }
            resolved.append((market, size))
        }
        do {
            return (
                try state.simulateMargin(positions: resolved, adding: account), state.derivatives.oracle.quoteAsset,
                renderingContext
            )
        } catch {
            switch error {
            case .tooManyPositions:
                throw MarginSimulationInputError("at most \(LedgerState.simulationPositionsMax) positions")
            case .notMarginMarket(let market):
                throw MarginSimulationInputError("market \(market.rawValue) is settled or not a margin market")
            case .noPrice(let market):
                throw MarginSimulationInputError("market \(market.rawValue) has no oracle price yet")
            case .zeroSize:
                throw MarginSimulationInputError("a size must not be zero")
            case .overflow:
                throw MarginSimulationInputError("the positions' figures do not fit in 128 bits")
            }
        }
    }

    /// An unsettled option series or a perpetual named `text`, with its underlying.
    private static func marginMarket(_ text: String, in state: LedgerState) -> (MarketID, AssetSymbol)? {
        let margin = state.derivatives.margin
        if let raw = UInt32(text) {
            let id = MarketID(raw)
            if let series = margin.optionSeries[id], series.settlement == nil { return (id, series.underlying) }
            if let perpetual = margin.perpetuals[id] { return (id, perpetual.base) }
            return nil
        }
        let name = text.uppercased()
        if name.hasSuffix("-PERP"), let base = AssetSymbol(validating: String(name.dropLast(5))) {
            return margin.perpetuals.rows.first { $0.value.base == base }.map { ($0.key, base) }
        }
        guard let book = state.markets.first(where: { $0.market.name == name && $0.market.option != nil }),
            let series = margin.optionSeries[book.market.id], series.settlement == nil
        else { return nil }
        return (book.market.id, series.underlying)
    }
}

/// Bad input to the margin simulator: a sentence for the caller (HTTP 400).
public struct MarginSimulationInputError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }

    /// `[-|+]digits[.digits]` with at most `decimals` decimals (at most 40 characters), in base
    /// units; nil for anything else or a value past 127 bits.
    static func signedSize(_ text: String, decimals: UInt8) -> Int128? {
        guard !text.isEmpty, text.utf8.count <= 40 else { return nil }
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || (!fraction.isEmpty && fraction.count <= Int(decimals)) else { return nil }
        var value: Int128 = 0
        for character in whole + fraction + String(repeating: "0", count: Int(decimals) - fraction.count) {
            guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, sumOverflow) = scaled.addingReportingOverflow(Int128(digit))
            guard !overflow, !sumOverflow else { return nil }
            value = sum
        }
        return negative ? -value : value
    }
}
