public import BazaarCore

/// Builds and signs transactions for one sender, and turns user text into actions.
///
/// The chain id, nonce, fee and expiry come from the node (see `BazaarAPIClient.send`)
/// or, for benchmarks and tests, from the caller.
public struct TransactionBuilder: Sendable {
    public var key: PrivateKey
    public var chainID: String
    /// The sender's next nonce.
    public var nonce: UInt64
    /// In base units of the chain's fee asset.
    public var fee: Amount
    /// The last height at which the transaction may be included.
    public var expiryHeight: UInt64

    public init(key: PrivateKey, chainID: String, nonce: UInt64, fee: Amount, expiryHeight: UInt64) {
        self.key = key
        self.chainID = chainID
        self.nonce = nonce
        self.fee = fee
        self.expiryHeight = expiryHeight
    }

    /// A signed transaction carrying `actions` with this builder's fields.
    ///
    /// - Throws: `BazaarClientError.Code.invalidInput` for no actions or more than
    ///   `SignedTransaction.actionCountMax`, which the node would reject anyway.
    public func sign(actions: [Action]) throws(BazaarClientError) -> SignedTransaction {
        guard !actions.isEmpty else {
            throw BazaarClientError(.invalidInput, "a transaction needs at least one action")
        }
        guard actions.count <= SignedTransaction.actionCountMax else {
            throw BazaarClientError(
                .invalidInput,
                "a transaction carries at most \(SignedTransaction.actionCountMax) actions, not \(actions.count)")
        }
        let transaction = Transaction(
            chainID: chainID, sender: key.publicKey, nonce: nonce, fee: fee, expiryHeight: expiryHeight,
            actions: actions)
        return transaction.signed(with: key)
    }

    /// Signs `actions` with the current nonce, then advances the nonce for the next transaction.
    public mutating func signNext(actions: [Action]) throws(BazaarClientError) -> SignedTransaction {
        let signed = try sign(actions: actions)
        nonce += 1
        return signed
    }
}

extension TransactionBuilder {
    /// A transfer of `amount` (a decimal string in whole units) of `asset` to a `bz1…` address.
    public static func transfer(
        to recipient: String, asset: String, amount: String, decimals: UInt8
    ) throws(BazaarClientError) -> Action {
        .transfer(
            Action.Transfer(
                recipient: try accountID(recipient), asset: try symbol(asset),
                amount: try positiveAmount(amount, decimals: decimals)))
    }

    /// The creation of an asset issued by the sender; `maxSupply` is in whole units, `nil` for uncapped.
    public static func createAsset(
        symbol text: String, name: String, decimals: UInt8, maxSupply: String?
    ) throws(BazaarClientError) -> Action {
        guard decimals <= Amount.decimalsMax else {
            throw BazaarClientError(.invalidInput, "decimals must be 0 to \(Amount.decimalsMax), not \(decimals)")
        }
        guard !name.isEmpty, name.utf8.count <= Action.CreateAsset.nameByteCountMax else {
            throw BazaarClientError(
                .invalidInput, "asset name must be 1 to \(Action.CreateAsset.nameByteCountMax) bytes of UTF-8")
        }
        var cap: Amount?
        if let maxSupply { cap = try positiveAmount(maxSupply, decimals: decimals) }
        return .createAsset(
            Action.CreateAsset(symbol: try symbol(text), name: name, decimals: decimals, maxSupply: cap))
    }

    /// A mint of `amount` new units of `asset` to a `bz1…` address; only the issuer may sign it.
    public static func mint(
        asset: String, to recipient: String, amount: String, decimals: UInt8
    ) throws(BazaarClientError) -> Action {
        .mint(
            Action.Mint(
                asset: try symbol(asset), recipient: try accountID(recipient),
                amount: try positiveAmount(amount, decimals: decimals)))
    }

    /// A burn of `amount` units of `asset` from the sender's own balance.
    public static func burn(asset: String, amount: String, decimals: UInt8) throws(BazaarClientError) -> Action {
        .burn(Action.Burn(asset: try symbol(asset), amount: try positiveAmount(amount, decimals: decimals)))
    }

    /// Parses a `bz1…` address.
    public static func accountID(_ address: String) throws(BazaarClientError) -> AccountID {
        guard let account = AccountID(address: address) else {
            throw BazaarClientError(
                .invalidInput, "'\(address)' is not a valid address: expected bz1… with a correct checksum")
        }
        return account
    }

    /// Parses an asset symbol such as `USD`.
    public static func symbol(_ text: String) throws(BazaarClientError) -> AssetSymbol {
        guard let symbol = AssetSymbol(validating: text) else {
            throw BazaarClientError(
                .invalidInput,
                "'\(text)' is not a valid asset symbol: 2 to 12 characters, an uppercase letter then uppercase letters or digits"
            )
        }
        return symbol
    }

    /// Parses a decimal string such as `"12.5"` into base units of an asset with `decimals` decimals.
    public static func amount(_ text: String, decimals: UInt8) throws(BazaarClientError) -> Amount {
        do {
            return try Amount(parsing: text, decimals: decimals)
        } catch {
            throw BazaarClientError(.invalidInput, "'\(text)': \(error)")
        }
    }

    /// Like `amount(_:decimals:)`, but zero is refused, because the node would charge a fee to reject it.
    public static func positiveAmount(_ text: String, decimals: UInt8) throws(BazaarClientError) -> Amount {
        let parsed = try amount(text, decimals: decimals)
        guard !parsed.isZero else { throw BazaarClientError(.invalidInput, "amount must be greater than zero") }
        return parsed
    }
}
