/// An offer, posted on this ledger, to swap `giveAmount` of `giveAsset` here for `wantAmount` of
/// `wantAsset` on another ledger (`wantChainID`), paid to `makerWantAddress` there.
///
/// Posting escrows the maker's side. Taking it turns that escrow into an HTLC from the maker to
/// the taker under the offer's `hashlock`, with a timeout of twice `takerLockMilliseconds` from
/// the take: the taker then locks the other side on the other ledger for `takerLockMilliseconds`
/// (see docs/ESCROW.md, "Cross-ledger swaps").
public struct SwapOffer: Sendable, Hashable {
    public enum Status: UInt8, Sendable, CaseIterable {
        case open = 0
        case taken = 1
        case cancelled = 2
        case expired = 3

        public var name: String {
            switch self {
            case .open: "open"
            case .taken: "taken"
            case .cancelled: "cancelled"
            case .expired: "expired"
            }
        }
    }

    /// The longest chain id the other ledger may have, in bytes.
    public static let chainIDByteCountMax = 64
    /// The taker's lock lies between one second and seven days of block time.
    public static let takerLockMillisecondsRange: ClosedRange<UInt64> = 1_000...(7 * 24 * 3_600_000)

    /// What the maker chooses.
    public struct Terms: Sendable, Hashable {
        public var giveAsset: AssetSymbol
        public var giveAmount: Amount
        public var wantChainID: String
        public var wantAsset: AssetSymbol
        /// In base units of `wantAsset` on the other ledger.
        public var wantAmount: Amount
        public var makerWantAddress: AccountID
        public var hashlock: Hash
        /// How long the taker's HTLC on the other ledger lasts; the maker's lasts twice as long.
        public var takerLockMilliseconds: UInt64
        /// Block time at which an untaken offer expires and its escrow returns to the maker.
        public var expiresAtMilliseconds: UInt64

        public init(
            giveAsset: AssetSymbol, giveAmount: Amount, wantChainID: String, wantAsset: AssetSymbol,
            wantAmount: Amount, makerWantAddress: AccountID, hashlock: Hash, takerLockMilliseconds: UInt64,
            expiresAtMilliseconds: UInt64
        ) {
            self.giveAsset = giveAsset
            self.giveAmount = giveAmount
            self.wantChainID = wantChainID
            self.wantAsset = wantAsset
            self.wantAmount = wantAmount
            self.makerWantAddress = makerWantAddress
            self.hashlock = hashlock
            self.takerLockMilliseconds = takerLockMilliseconds
            self.expiresAtMilliseconds = expiresAtMilliseconds
        }
    }

    public var id: UInt64
    public var maker: AccountID
    public var terms: Terms
    public var status: Status
    public var taker: AccountID?
    /// The HTLC the take created.
    public var htlc: UInt64?

    public init(
        id: UInt64, maker: AccountID, terms: Terms, status: Status = .open, taker: AccountID? = nil, htlc: UInt64? = nil
    ) {
        self.id = id
        self.maker = maker
        self.terms = terms
        self.status = status
        self.taker = taker
        self.htlc = htlc
    }
}

extension SwapOffer: HoldsFunds {
    public var heldFunds: [(asset: AssetSymbol, amount: Amount)] {
        status == .open ? [(terms.giveAsset, terms.giveAmount)] : []
    }
}

extension SwapOffer.Terms: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(giveAsset)
        writer.write(giveAmount)
        writer.write(wantChainID)
        writer.write(wantAsset)
        writer.write(wantAmount)
        writer.write(makerWantAddress)
        writer.write(hashlock)
        writer.write(takerLockMilliseconds)
        writer.write(expiresAtMilliseconds)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        giveAsset = try reader.read(AssetSymbol.self)
        giveAmount = try reader.read(Amount.self)
        wantChainID = try reader.read(String.self, maxByteCount: SwapOffer.chainIDByteCountMax)
        wantAsset = try reader.read(AssetSymbol.self)
        wantAmount = try reader.read(Amount.self)
        makerWantAddress = try reader.read(AccountID.self)
        hashlock = try reader.read(Hash.self)
        takerLockMilliseconds = try reader.read(UInt64.self)
        expiresAtMilliseconds = try reader.read(UInt64.self)
    }
}

extension SwapOffer: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(maker)
        writer.write(terms)
        writer.write(status.rawValue)
        writer.write(taker)
        writer.write(htlc)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        id = try reader.read(UInt64.self)
        maker = try reader.read(AccountID.self)
        terms = try reader.read(Terms.self)
        status = try reader.readTag(Status.self)
        taker = try reader.read(AccountID?.self)
        htlc = try reader.read(UInt64?.self)
    }
}
