public import BazaarAPI
public import BazaarCore

/// What a sender needs to know about the chain: its status and its assets' decimals.
public struct ChainContext: Sendable {
    public let status: StatusResponse
    public let assets: [AssetJSON]

    public init(status: StatusResponse, assets: [AssetJSON]) {
        self.status = status
        self.assets = assets
    }

    /// The asset named `symbol`.
    ///
    /// - Throws: `BazaarClientError.Code.invalidInput` naming the known symbols when there is none.
    public func asset(_ symbol: String) throws(BazaarClientError) -> AssetJSON {
        guard let asset = assets.first(where: { $0.symbol == symbol }) else {
            let known = assets.map(\.symbol).sorted().joined(separator: ", ")
            throw BazaarClientError(.invalidInput, "no asset '\(symbol)' on chain \(status.chainId); known: \(known)")
        }
        return asset
    }

    /// The decimals of the asset named `symbol`.
    public func decimals(of symbol: String) throws(BazaarClientError) -> UInt8 {
        try asset(symbol).decimals
    }

    /// The chain's minimum fee in base units of the fee asset.
    public func minimumFee() throws(BazaarClientError) -> Amount {
        let decimals = try decimals(of: status.feeAsset)
        do {
            return try Amount(parsing: status.minimumFee, decimals: decimals)
        } catch {
            throw BazaarClientError(.unexpectedResponse, "node reported minimum fee '\(status.minimumFee)': \(error)")
        }
    }
}
