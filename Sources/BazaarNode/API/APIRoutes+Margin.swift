import BazaarAPI
import BazaarCore
import Hummingbird

/// The margin and perpetual routes: an account's margin, a perpetual's funding.
extension APIRoutes {
    /// `GET /v1/accounts/{address}/margin`: 422 `amount_overflow` when the account's value does
    /// not fit in 128 bits (docs/MARGIN.md, Overflow).
    static func margin(_ address: String, node: Node) async throws -> Response {
        let id = try accountID(address)
        let report: MarginReport
        let greeks: [AccountGreeks]?
        let context: RenderingContext
        do {
            (report, greeks, context) = try await node.marginAndGreeksView(id)
        } catch {
            throw APIFailure(.unprocessableContent, code: error.code.name, message: error.description)
        }
        var response = Rendering.margin(report, address: id, context: context)
        response.greeks = greeks?.map { Rendering.accountGreeks($0, context: context, quote: report.quoteAsset) }
        return try JSONResponse.make(response)
    }

    /// `GET /v1/markets/{market}/funding`: 404 `unknown_market` unless the market is a perpetual.
    static func funding(_ text: String, node: Node) async throws -> Response {
        let format = try await market(named: text, node: node)
        guard let (view, context) = await node.fundingView(format.market.id) else {
            throw APIFailure(
                .notFound, code: ResultCode.unknownMarket.name,
                message: "market \(format.market.id) is not a perpetual market")
        }
        return try JSONResponse.make(Rendering.funding(view, context: context))
    }
}

extension APIRoutes {
    /// `GET /v1/perpetuals`
    static func perpetuals(node: Node) async throws -> Response {
        let (views, context) = await node.fundingViews()
        return try JSONResponse.make(
            PerpetualsResponse(perpetuals: views.map { Rendering.funding($0, context: context) }))
    }
}

extension APIRoutes {
    /// `GET /v1/options`
    static func options(node: Node) async throws -> Response {
        let (series, now, context) = await node.optionsView()
        return try JSONResponse.make(
            OptionsResponse(
                options: series.map { Rendering.option($0.series, mark: $0.mark, now: now, context: context) }))
    }
}

extension Rendering {
    static func option(_ series: OptionSeries, mark: UInt128?, now: UInt64, context: RenderingContext)
        -> OptionSeriesJSON
    {
        let quoteDecimals = context.decimals(of: series.quote)
        let baseDecimals = context.decimals(of: series.underlying)
        func quote(_ value: UInt128) -> String { MarginFormat.unsigned(value, decimals: quoteDecimals) }
        let terms = series.terms
        let status =
            series.settlement != nil ? "settled" : (series.isTrading(at: now) ? "trading" : "expired")
        return OptionSeriesJSON(
            marketId: series.market.rawValue, market: terms.seriesName(underlying: series.underlying),
            underlying: series.underlying.text, quote: series.quote.text, kind: terms.kind == .call ? "call" : "put",
            strike: quote(terms.strike.baseUnits), strikeStep: quote(series.strikeStep.baseUnits),
            expiryMs: terms.expiryMilliseconds, expiry: iso8601(milliseconds: terms.expiryMilliseconds),
            contractSize: terms.contractSize.formatted(decimals: baseDecimals), status: status,
            markPrice: mark.map(quote), openInterest: MarginFormat.signed(series.openInterest, decimals: baseDecimals),
            settlementPrice: series.settlement.map { quote($0.priceQuotePerUnit) })
    }

    static func margin(_ report: MarginReport, address: AccountID, context: RenderingContext) -> MarginAccountResponse {
        let quoteDecimals = report.quoteAsset.map { context.decimals(of: $0) } ?? 0
        func quote(_ value: Int128) -> String { MarginFormat.signed(value, decimals: quoteDecimals) }
        func quote(_ value: UInt128) -> String { MarginFormat.unsigned(value, decimals: quoteDecimals) }
        return MarginAccountResponse(
            address: address.address, quoteAsset: report.quoteAsset?.text, equity: quote(report.summary.equity),
            initialRequirement: quote(report.summary.initialRequirement),
            maintenanceRequirement: quote(report.summary.maintenanceRequirement),
            weightedCollateral: quote(report.weightedCollateral), debtValue: quote(report.debtValue),
            healthFactor: report.healthFactorPPM.map { MarginFormat.unsigned($0, decimals: 6) },
            collateral: report.collateral.map {
                MarginCollateralJSON(
                    asset: $0.asset.text,
                    amount: MarginFormat.signed($0.amount, decimals: context.decimals(of: $0.asset)),
                    weight: MarginFormat.basisPoints($0.weightBasisPoints), value: quote($0.value))
            },
            positions: report.positions.map { position in
                PositionJSON(
                    marketId: position.market.rawValue, market: "\(position.base.text)-PERP",
                    size: MarginFormat.signed(position.size, decimals: context.decimals(of: position.base)),
                    entryPrice: quote(position.entryPrice), markPrice: quote(position.markPrice),
                    unrealizedPnl: quote(position.unrealizedPnL), realizedPnl: quote(position.realizedPnL),
                    initialRequirement: quote(position.initialRequirement),
                    maintenanceRequirement: quote(position.maintenanceRequirement),
                    liquidationPrice: position.liquidationPrice.map { quote($0) })
            },
            optionPositions: report.optionPositions.map { position in
                OptionPositionJSON(
                    marketId: position.market.rawValue,
                    market: position.terms.seriesName(underlying: position.underlying),
                    size: MarginFormat.signed(position.size, decimals: context.decimals(of: position.underlying)),
                    averageEntryPremium: quote(position.averageEntryPremium), markPrice: quote(position.markPrice),
                    unrealizedPnl: quote(position.unrealizedPnL), realizedPnl: quote(position.realizedPnL),
                    initialRequirement: quote(position.initialRequirement),
                    maintenanceRequirement: quote(position.maintenanceRequirement))
            },
            debts: report.debts.map {
                BalanceJSON(
                    asset: $0.asset.text, amount: $0.amount.formatted(decimals: context.decimals(of: $0.asset)),
                    baseUnits: String($0.amount.baseUnits))
            })
    }

    static func funding(_ view: FundingView, context: RenderingContext) -> FundingResponse {
        let perpetual = view.perpetual
        let quoteDecimals = context.decimals(of: perpetual.quote)
        let lotsPerUnit = Amount.powerOfTen(Int(context.decimals(of: perpetual.base)))
        // Per-lot impact prices as prices per whole unit.
        func perUnit(_ perLot: UInt128?) -> String? {
            perLot.map {
                MarginFormat.unsigned($0 * lotsPerUnit / view.market.lotSize.baseUnits, decimals: quoteDecimals)
            }
        }
        let leverage = 10_000 / UInt128(max(perpetual.initialBasisPoints, 1))
        return FundingResponse(
            marketId: perpetual.market.rawValue, market: "\(perpetual.base.text)-PERP",
            initialMargin: MarginFormat.basisPoints(perpetual.initialBasisPoints),
            maintenanceMargin: MarginFormat.basisPoints(perpetual.maintenanceBasisPoints),
            maxLeverage: String(leverage),
            fundingIntervalSeconds: String(perpetual.fundingIntervalMilliseconds / 1_000),
            lastFundingRate: MarginFormat.ppm(perpetual.lastFundingRatePPM),
            lastFundingRatePpm: perpetual.lastFundingRatePPM, predictedFundingRatePpm: view.predictedRatePPM,
            fundingIndex: String(perpetual.fundingIndex),
            lastFundingTime: iso8601(milliseconds: perpetual.lastFundingMilliseconds),
            nextFundingTime: iso8601(
                milliseconds: perpetual.lastFundingMilliseconds &+ perpetual.fundingIntervalMilliseconds),
            indexPrice: view.indexPrice.map { MarginFormat.unsigned($0, decimals: quoteDecimals) },
            markPrice: view.markPrice.map { MarginFormat.unsigned($0, decimals: quoteDecimals) },
            impactBid: perUnit(view.impactBidPerLot), impactAsk: perUnit(view.impactAskPerLot),
            openInterest: MarginFormat.signed(perpetual.openInterest, decimals: context.decimals(of: perpetual.base)))
    }
}
