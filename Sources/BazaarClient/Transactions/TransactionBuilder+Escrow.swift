public import BazaarCore

extension TransactionBuilder {
    /// An HTLC lock from user text: `amount` in whole units, `hashlock` as 64 hex digits, the
    /// timeout as an absolute block time (the caller adds the duration to the latest block time).
    ///
    /// - Throws: `BazaarClientError.Code.invalidInput` for text that does not parse.
    public static func lockHTLC(
        to recipient: AccountID, asset: String, amount: String, decimals: UInt8, hashlock: String,
        timeoutMilliseconds: UInt64
    ) throws(BazaarClientError) -> Action {
        .escrow(
            .lockHTLC(
                EscrowAction.LockHTLC(
                    recipient: recipient, asset: try symbol(asset),
                    amount: try positiveAmount(amount, decimals: decimals),
                    hashlock: try hash(hashlock, "hashlock"), timeoutMilliseconds: timeoutMilliseconds)))
    }

    /// An HTLC claim with a preimage given as hex (1 to 64 bytes).
    public static func claimHTLC(id: UInt64, preimage: String) throws(BazaarClientError) -> Action {
        .escrow(.claimHTLC(id: id, preimage: try self.preimage(preimage)))
    }

    /// Parses a preimage: 2 to 128 hex digits.
    public static func preimage(_ text: String) throws(BazaarClientError) -> [UInt8] {
        guard let bytes = [UInt8](hex: text), !bytes.isEmpty, bytes.count <= HTLC.preimageByteCountMax else {
            throw BazaarClientError(
                .invalidInput,
                "preimage must be 1 to \(HTLC.preimageByteCountMax) bytes as hex digits, not '\(text.prefix(140))'")
        }
        return bytes
    }

    /// Parses 64 hex digits.
    public static func hash(_ text: String, _ what: String) throws(BazaarClientError) -> Hash {
        guard let hash = Hash(hex: text) else {
            throw BazaarClientError(
                .invalidInput, "\(what) must be 64 hex digits (a SHA-256), not '\(text.prefix(80))'")
        }
        return hash
    }

    /// A dispute split from user text, in whole units of the asset and the deposit asset.
    public static func split(
        buyerAmount: String, assetDecimals: UInt8, buyerDeposits: String, depositDecimals: UInt8
    ) throws(BazaarClientError) -> TradeEscrow.Split {
        TradeEscrow.Split(
            buyerAmount: try amount(buyerAmount, decimals: assetDecimals),
            buyerDeposits: try amount(buyerDeposits, decimals: depositDecimals))
    }
}
