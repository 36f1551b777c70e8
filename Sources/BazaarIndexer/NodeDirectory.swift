public import AsyncHTTPClient
public import BazaarAPI
import BazaarCore
import Foundation
import NIOCore
import NIOFoundationCompat

/// The followed node's assets and markets (`GET /v1/assets`, `/v1/markets`) as the rendering
/// context the read routes name markets and scale amounts with.
///
/// Fetched on first use and again when a route meets a market or asset the copy lacks (a market
/// created since), at most once per `refreshInterval`, so that requests naming markets that do not
/// exist cannot make the indexer hammer the node.
public actor NodeDirectory {
    public static let responseBytesMax = 16 << 20

    public let node: String
    let http: HTTPClient
    let refreshInterval: Duration
    private var cached: RenderingContext?
    private var fetchedAt: ContinuousClock.Instant?

    /// - Parameter node: the node's base URL, e.g. `http://127.0.0.1:8080`.
    public init(node: String, http: HTTPClient = .shared, refreshInterval: Duration = .seconds(1)) {
        self.node = node.hasSuffix("/") ? String(node.dropLast()) : node
        self.http = http
        self.refreshInterval = refreshInterval
    }

    /// The cached context, or a fresh one when there is none or `refreshing` asks and the last
    /// fetch is older than `refreshInterval`.
    ///
    /// - Throws: `IndexerError.feed` when the node cannot be reached or answers something else.
    public func context(refreshing: Bool) async throws -> RenderingContext {
        if let cached, let fetchedAt, !refreshing || ContinuousClock.now - fetchedAt < refreshInterval {
            return cached
        }
        let assets = try await get(AssetsResponse.self, "/v1/assets").assets
        let markets = try await get(MarketsResponse.self, "/v1/markets").markets
        var decimals: [AssetSymbol: UInt8] = [:]
        for asset in assets {
            guard let symbol = AssetSymbol(validating: asset.symbol) else {
                throw IndexerError(.feed, "the node lists an asset \(asset.symbol) this indexer cannot read")
            }
            decimals[symbol] = asset.decimals
        }
        var formats: [MarketID: MarketFormat] = [:]
        for json in markets {
            guard let market = json.market else {
                throw IndexerError(.feed, "the node lists a market \(json.name) this indexer cannot read")
            }
            formats[market.id] = MarketFormat(
                market: market, baseDecimals: json.baseDecimals, quoteDecimals: json.quoteDecimals)
        }
        let context = RenderingContext(decimals: decimals, markets: formats)
        cached = context
        fetchedAt = .now
        return context
    }

    private func get<T: Decodable>(_ type: T.Type, _ path: String) async throws -> T {
        let url = node + path
        let body: ByteBuffer
        let status: UInt
        do {
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            status = response.status.code
            body = try await response.body.collect(upTo: Self.responseBytesMax)
        } catch {
            throw IndexerError(.feed, "cannot read \(url): \(error)")
        }
        guard status == 200 else {
            throw IndexerError(.feed, "the node answered \(status) to \(url): \(String(buffer: body).prefix(200))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: body))
        } catch {
            throw IndexerError(.feed, "the node's \(path) does not decode: \(error)")
        }
    }
}
