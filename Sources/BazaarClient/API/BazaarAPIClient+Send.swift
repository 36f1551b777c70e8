public import BazaarAPI
public import BazaarCore

extension BazaarAPIClient {
    /// How many blocks a transaction sent by `send` stays valid for.
    public static let expiryBlockCountDefault: UInt64 = 100

    /// Fetches the status and the assets together.
    public func chainContext() async throws -> ChainContext {
        async let status = status()
        async let assets = assets()
        return ChainContext(status: try await status, assets: try await assets.assets)
    }

    /// Builds, signs, submits and waits for one transaction from `key`.
    ///
    /// The nonce is the sender's next nonce as the node knows it, so sending two
    /// transactions from one key concurrently makes one of them fail.
    /// - Parameters:
    ///   - context: the chain's status and assets, fetched when `nil`.
    ///   - fee: in base units of the fee asset; the chain's minimum when `nil`.
    ///   - timeout: how long to wait for the commit.
    /// - Returns: the committed transaction with its height and result code.
    /// - Throws: `APIError` when the node rejects the transaction, `BazaarClientError` otherwise.
    public func send(
        actions: [Action], from key: PrivateKey, context: ChainContext? = nil, fee: Amount? = nil,
        timeout: Duration = .seconds(30)
    ) async throws -> TransactionResponse {
        let signed = try await sign(actions: actions, from: key, context: context, fee: fee)
        let submitted = try await submit(signed)
        return try await waitForCommit(id: submitted.id, timeout: timeout)
    }

    /// Builds and signs a transaction from `key` with the node's chain id, height and the sender's nonce.
    public func sign(
        actions: [Action], from key: PrivateKey, context: ChainContext? = nil, fee: Amount? = nil
    ) async throws -> SignedTransaction {
        async let fetchedAccount = account(address: key.publicKey.accountID.address)
        let chain: ChainContext
        if let context {
            chain = context
        } else {
            chain = try await chainContext()
        }
        let builder = TransactionBuilder(
            key: key, chainID: chain.status.chainId, nonce: try await fetchedAccount.nonce,
            fee: try fee ?? chain.minimumFee(),
            expiryHeight: chain.status.height + BazaarAPIClient.expiryBlockCountDefault)
        return try builder.sign(actions: actions)
    }
}
