public import BazaarCore

/// The devnet faucet's limits: one grant per address per interval, and at most so many grants in
/// any window across all addresses. A value state machine: time comes in with each call.
public struct FaucetRateLimiter: Sendable {
    /// Why a request is refused, with how long to wait.
    public enum Refusal: Sendable, Equatable {
        case addressTooSoon(retryAfterMilliseconds: UInt64)
        case globalLimit(retryAfterMilliseconds: UInt64)
    }

    public let perAddressIntervalMilliseconds: UInt64
    public let globalWindowMilliseconds: UInt64
    public let globalGrantsMax: Int
    /// Addresses remembered at most; past it, entries older than the interval are dropped first.
    public static let addressesMax = 100_000

    private var lastGrantByAccount: [AccountID: UInt64] = [:]
    /// Times of the grants inside the current window, oldest first.
    private var recentGrants: [UInt64] = []

    public init(perAddressIntervalMilliseconds: UInt64, globalWindowMilliseconds: UInt64, globalGrantsMax: Int) {
        precondition(globalGrantsMax > 0, "a faucet that may never grant is a disabled faucet")
        precondition(globalWindowMilliseconds > 0, "the global window must be positive")
        self.perAddressIntervalMilliseconds = perAddressIntervalMilliseconds
        self.globalWindowMilliseconds = globalWindowMilliseconds
        self.globalGrantsMax = globalGrantsMax
    }

    /// Records a grant to `account` at `nowMilliseconds` if the limits allow it.
    ///
    /// - Returns: `nil` when granted, else the refusal.
    /// - Complexity: O(1) amortized; O(n) in the remembered addresses when pruning them.
    public mutating func admit(_ account: AccountID, nowMilliseconds now: UInt64) -> Refusal? {
        recentGrants.removeAll { now >= $0 && now - $0 >= globalWindowMilliseconds }
        if let last = lastGrantByAccount[account], now >= last, now - last < perAddressIntervalMilliseconds {
            return .addressTooSoon(retryAfterMilliseconds: perAddressIntervalMilliseconds - (now - last))
        }
        if recentGrants.count >= globalGrantsMax {
            let oldest = recentGrants[0]
            return .globalLimit(
                retryAfterMilliseconds: globalWindowMilliseconds - min(now - oldest, globalWindowMilliseconds))
        }
        if lastGrantByAccount.count >= Self.addressesMax {
            lastGrantByAccount = lastGrantByAccount.filter {
                now < $0.value || now - $0.value < perAddressIntervalMilliseconds
            }
            guard lastGrantByAccount.count < Self.addressesMax else {
                return .globalLimit(retryAfterMilliseconds: perAddressIntervalMilliseconds)
            }
        }
        lastGrantByAccount[account] = now
        recentGrants.append(now)
        assert(recentGrants.count <= globalGrantsMax)
        return nil
    }

    /// Forgets the grant just admitted for `account`, whose transaction the node refused, so that
    /// the address may ask again; the global window keeps counting it.
    public mutating func release(_ account: AccountID) {
        lastGrantByAccount[account] = nil
    }
}
