public import BazaarAPI

extension BazaarAPIClient {
    /// `GET /v1/options`: every option series, settled ones included.
    public func options() async throws -> OptionsResponse {
        try await get("/v1/options")
    }

    /// `GET /v1/options/chain`: the chain of `underlying` at `expiry` (milliseconds or a date
    /// `YYYY-MM-DD`), or at the nearest expiry without one.
    public func optionChain(underlying: String, expiry: String?) async throws -> OptionChainResponse {
        var path = "/v1/options/chain?underlying=\(try pathComponent(underlying))"
        if let expiry {
            guard !expiry.isEmpty, expiry.utf8.count <= 24,
                expiry.utf8.allSatisfy({
                    $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                })
            else {
                throw BazaarClientError(
                    .invalidInput, "'\(expiry)' is not an expiry: expected YYYY-MM-DD or milliseconds since the epoch")
            }
            path += "&expiry=\(expiry)"
        }
        return try await get(path)
    }
}
