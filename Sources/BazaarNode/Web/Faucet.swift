public import BazaarCore
import Foundation

/// What a devnet faucet gives and how often: part of `NodeConfiguration`, set by `bazaar devnet` only.
public struct FaucetSettings: Sendable {
    /// The funded account that signs each grant.
    public var key: PrivateKey
    /// What each grant transfers, in base units, in this order.
    public var grant: [(asset: AssetSymbol, amount: Amount)]
    public var perAddressIntervalMilliseconds: UInt64
    public var globalWindowMilliseconds: UInt64
    public var globalGrantsMax: Int

    public init(
        key: PrivateKey, grant: [(asset: AssetSymbol, amount: Amount)],
        perAddressIntervalMilliseconds: UInt64 = 3_600_000,
        globalWindowMilliseconds: UInt64 = 60_000, globalGrantsMax: Int = 30
    ) {
        precondition(!grant.isEmpty && grant.count <= SignedTransaction.actionCountMax, "a grant is 1 to 32 transfers")
        precondition(grant.allSatisfy { !$0.amount.isZero }, "a grant transfers positive amounts")
        self.key = key
        self.grant = grant
        self.perAddressIntervalMilliseconds = perAddressIntervalMilliseconds
        self.globalWindowMilliseconds = globalWindowMilliseconds
        self.globalGrantsMax = globalGrantsMax
    }
}

/// The devnet faucet behind `POST /v1/faucet`: signs a transfer of `settings.grant` from the
/// faucet's account to an address and submits it to the node's mempool, within the rate limits.
public actor Faucet {
    /// Why a grant was not made.
    public enum Refusal: Error, Sendable, Equatable {
        case rateLimited(FaucetRateLimiter.Refusal)
        /// The node turned the grant's transaction away (e.g. the faucet ran dry).
        case rejected(ResultCode)
    }

    public nonisolated let settings: FaucetSettings
    let node: Node
    private var limiter: FaucetRateLimiter
    private let clockMilliseconds: @Sendable () -> UInt64
    /// The nonce of the next grant while earlier ones are pending; the committed nonce otherwise.
    private var nextNonce: UInt64 = 0
    private var pending: [Hash] = []

    public init(
        node: Node, settings: FaucetSettings,
        clockMilliseconds: @escaping @Sendable () -> UInt64 = Faucet.wallClockMilliseconds
    ) {
        self.node = node
        self.settings = settings
        self.clockMilliseconds = clockMilliseconds
        limiter = FaucetRateLimiter(
            perAddressIntervalMilliseconds: settings.perAddressIntervalMilliseconds,
            globalWindowMilliseconds: settings.globalWindowMilliseconds, globalGrantsMax: settings.globalGrantsMax)
    }

    /// The wall clock, milliseconds since 1970: the rate limits' default clock.
    @Sendable public static func wallClockMilliseconds() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }

    /// Sends the grant to `recipient`.
    ///
    /// - Returns: the id of the submitted (pending) transaction, or why there is none.
    public func grant(to recipient: AccountID) async -> Result<Hash, Refusal> {
        if let refusal = limiter.admit(recipient, nowMilliseconds: clockMilliseconds()) {
            return .failure(.rateLimited(refusal))
        }
        let sender = settings.key.publicKey.accountID
        let context = await node.reporterContext(of: sender)
        var stillPending = [Hash]()
        for id in pending {
            if await node.isPending(id) { stillPending.append(id) }
        }
        // No suspension from here to the nonce's reservation: concurrent grants take distinct nonces.
        pending = stillPending
        if pending.isEmpty || nextNonce < context.nonce { nextNonce = context.nonce }
        let nonce = nextNonce
        nextNonce += 1
        let actions = settings.grant.map { asset, amount in
            Action.transfer(Action.Transfer(recipient: recipient, asset: asset, amount: amount))
        }
        let signed = Transaction(
            chainID: node.chainID, sender: settings.key.publicKey, nonce: nonce, fee: context.minimumFee,
            expiryHeight: context.height + 100, actions: actions
        ).signed(with: settings.key)
        guard let verified = VerifiedTransaction(verifying: signed) else {
            preconditionFailure("the faucet's own signature does not verify")
        }
        let code = await node.submit(verified)
        guard code == .ok else {
            limiter.release(recipient)
            if nextNonce == nonce + 1 { nextNonce = nonce }
            return .failure(.rejected(code))
        }
        pending.append(verified.id)
        return .success(verified.id)
    }
}
