/// Everything a swap coordinator knows, persisted as JSON after every step (`SwapStore`), so a
/// coordinator that crashed resumes from the last step it recorded.
///
/// Ledger "A" is where the offer lives and the maker's side is locked; ledger "B" is the other.
public struct SwapState: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable {
        case maker
        case taker
    }

    /// Where the swap is. Final steps end with `completed`, `refunded`, `expired` or `abandoned`.
    public enum Step: String, Codable, Sendable {
        // The maker.
        /// The offer's transaction is being posted on A.
        case posting = "posting"
        /// The offer is open on A; waiting for a taker.
        case waitingForTaker = "waiting_for_taker"
        /// Taken: the maker's HTLC on A is locked; waiting for the taker's HTLC on B.
        case waitingForTakerLock = "waiting_for_taker_lock"
        /// The maker claims the taker's HTLC on B, revealing the secret.
        case makerClaiming = "maker_claiming"
        /// Claimed on B; waiting for the taker to claim the maker's HTLC on A.
        case waitingForTakerClaim = "waiting_for_taker_claim"
        /// The maker refunds its HTLC on A after its timeout.
        case makerRefunding = "maker_refunding"
        // The taker.
        /// The take's transaction is being sent on A (it locks the maker's HTLC).
        case taking = "taking"
        /// The taker locks its HTLC on B.
        case takerLocking = "taker_locking"
        /// Locked on B; waiting for the maker's claim to reveal the secret.
        case waitingForMakerClaim = "waiting_for_maker_claim"
        /// The taker claims the maker's HTLC on A with the secret.
        case takerClaiming = "taker_claiming"
        /// The taker refunds its HTLC on B after its timeout.
        case takerRefunding = "taker_refunding"
        // Final.
        /// Each side has the other's asset.
        case completed = "completed"
        /// The own side came back (after a lock that did not complete).
        case refunded = "refunded"
        /// The offer expired or was cancelled untaken; its escrow returned.
        case expired = "expired"
        /// Nothing was locked by this party (the offer could not be taken, or it was too late to lock safely).
        case abandoned = "abandoned"

        public var isFinal: Bool { [.completed, .refunded, .expired, .abandoned].contains(self) }
    }

    /// A signed transaction recorded before it is sent, so a restarted coordinator checks
    /// whether it committed instead of signing another.
    public struct PendingTransaction: Codable, Sendable, Equatable {
        /// `a` or `b`.
        public var ledger: SwapLedger
        public var id: String
        /// Base64 of the signed transaction's canonical bytes.
        public var bytes: String
        public var expiryHeight: UInt64
        /// The step it belongs to.
        public var step: Step
    }

    public var version = 1
    public var id: String
    public var role: Role
    public var step: Step
    /// The key (in the keystore) that signs on both ledgers.
    public var keyName: String
    public var nodeA: String
    public var nodeB: String
    public var chainA: String
    public var chainB: String
    public var giveAsset: String
    public var giveAmountBaseUnits: String
    public var wantAsset: String
    public var wantAmountBaseUnits: String
    public var hashlock: String
    /// The maker's secret (hex), until the end; the taker learns it from the maker's claim.
    public var secret: String?
    public var takerLockMs: UInt64
    public var offerExpiresAtMs: UInt64
    public var makerAddress: String
    public var takerAddress: String?
    public var offerID: UInt64?
    /// The maker's HTLC on A (created by the take).
    public var makerHTLC: UInt64?
    /// The taker's HTLC on B.
    public var takerHTLC: UInt64?
    public var pending: PendingTransaction?
    /// Why the swap ended as it did, for people.
    public var outcome: String?

    public init(
        id: String, role: Role, step: Step, keyName: String, nodeA: String, nodeB: String, chainA: String,
        chainB: String, giveAsset: String, giveAmountBaseUnits: String, wantAsset: String, wantAmountBaseUnits: String,
        hashlock: String, secret: String? = nil, takerLockMs: UInt64, offerExpiresAtMs: UInt64, makerAddress: String,
        takerAddress: String? = nil, offerID: UInt64? = nil
    ) {
        self.id = id
        self.role = role
        self.step = step
        self.keyName = keyName
        self.nodeA = nodeA
        self.nodeB = nodeB
        self.chainA = chainA
        self.chainB = chainB
        self.giveAsset = giveAsset
        self.giveAmountBaseUnits = giveAmountBaseUnits
        self.wantAsset = wantAsset
        self.wantAmountBaseUnits = wantAmountBaseUnits
        self.hashlock = hashlock
        self.secret = secret
        self.takerLockMs = takerLockMs
        self.offerExpiresAtMs = offerExpiresAtMs
        self.makerAddress = makerAddress
        self.takerAddress = takerAddress
        self.offerID = offerID
    }
}

/// One of the swap's two ledgers.
public enum SwapLedger: String, Codable, Sendable {
    case a
    case b
}
