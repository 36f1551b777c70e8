import BazaarAPI
import BazaarCore
import Testing

@testable import BazaarClient

@Suite struct ChainContextTests {
    let context = ChainContext(
        status: StatusResponse(
            chainId: "devnet", height: 5, appHash: "", latestBlockHash: "", latestBlockTimeMs: 0, latestBlockTime: "",
            feeAsset: "BZR", minimumFee: "0.001", mempoolTransactions: 0),
        assets: [
            AssetJSON(symbol: "BZR", name: "Bazaar", decimals: 6, issuer: "", supply: "1", maxSupply: nil),
            AssetJSON(symbol: "BTC", name: "Bitcoin", decimals: 8, issuer: "", supply: "1", maxSupply: nil),
        ])

    @Test func minimumFeeIsParsedWithTheFeeAssetsDecimals() throws {
        #expect(try context.minimumFee() == Amount(baseUnits: 1_000))
    }

    @Test func decimalsComeFromTheAssetList() throws {
        #expect(try context.decimals(of: "BTC") == 8)
    }

    @Test func unknownAssetErrorNamesTheKnownOnes() {
        let error = #expect(throws: BazaarClientError.self) { try context.decimals(of: "DOGE") }
        #expect(error?.message.contains("BTC, BZR") == true)
    }
}
