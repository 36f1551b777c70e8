/// A hash-time-locked contract: `amount` of `asset` taken from `sender`, payable to `recipient`
/// against a preimage of `hashlock` (SHA-256) before `timeoutMilliseconds` (block time), and
/// refundable to `sender` from then on. Rows stay after they close, so the preimage of a claim
/// remains readable.
public struct HTLC: Sendable, Hashable {
    /// Where an HTLC is in its life; only `open` holds funds.
    public enum Status: UInt8, Sendable, CaseIterable {
        case open = 0
        case claimed = 1
        case refunded = 2

        public var name: String {
            switch self {
            case .open: "open"
            case .claimed: "claimed"
            case .refunded: "refunded"
            }
        }
    }

    /// The longest preimage a claim may carry, in bytes.
    public static let preimageByteCountMax = 64
    /// The longest an HTLC may lock funds for: 30 days of block time.
    public static let durationMillisecondsMax: UInt64 = 30 * 24 * 3_600_000

    public var id: UInt64
    public var sender: AccountID
    public var recipient: AccountID
    public var asset: AssetSymbol
    public var amount: Amount
    public var hashlock: Hash
    /// Block time in milliseconds from which the recipient can no longer claim and the sender may refund.
    public var timeoutMilliseconds: UInt64
    /// The block time it was locked at.
    public var lockedAtMilliseconds: UInt64
    public var status: Status
    /// The preimage the claim revealed; `nil` until claimed.
    public var preimage: [UInt8]?
    /// The swap offer whose take created it, if any.
    public var swapOffer: UInt64?

    public init(
        id: UInt64, sender: AccountID, recipient: AccountID, asset: AssetSymbol, amount: Amount, hashlock: Hash,
        timeoutMilliseconds: UInt64, lockedAtMilliseconds: UInt64, status: Status = .open, preimage: [UInt8]? = nil,
        swapOffer: UInt64? = nil
    ) {
        self.id = id
        self.sender = sender
        self.recipient = recipient
        self.asset = asset
        self.amount = amount
        self.hashlock = hashlock
        self.timeoutMilliseconds = timeoutMilliseconds
        self.lockedAtMilliseconds = lockedAtMilliseconds
        self.status = status
        self.preimage = preimage
        self.swapOffer = swapOffer
    }
}

extension HTLC: HoldsFunds {
    public var heldFunds: [(asset: AssetSymbol, amount: Amount)] {
        status == .open ? [(asset, amount)] : []
    }
}

extension HTLC: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(sender)
        writer.write(recipient)
        writer.write(asset)
        writer.write(amount)
        writer.write(hashlock)
        writer.write(timeoutMilliseconds)
        writer.write(lockedAtMilliseconds)
        writer.write(status.rawValue)
        writer.write(preimage.map(PreimageBytes.init))
        writer.write(swapOffer)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        id = try reader.read(UInt64.self)
        sender = try reader.read(AccountID.self)
        recipient = try reader.read(AccountID.self)
        asset = try reader.read(AssetSymbol.self)
        amount = try reader.read(Amount.self)
        hashlock = try reader.read(Hash.self)
        timeoutMilliseconds = try reader.read(UInt64.self)
        lockedAtMilliseconds = try reader.read(UInt64.self)
        status = try reader.readTag(Status.self)
        preimage = try reader.read(PreimageBytes?.self)?.bytes
        swapOffer = try reader.read(UInt64?.self)
    }
}

/// A preimage as a length-prefixed byte string of 1 to `HTLC.preimageByteCountMax` bytes.
struct PreimageBytes: CanonicalCodable {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func encode(to writer: inout CanonicalWriter) { writer.writeBytes(bytes) }

    init(from reader: inout CanonicalReader) throws(DecodingError) {
        bytes = try reader.readBytes(maxCount: HTLC.preimageByteCountMax)
        guard !bytes.isEmpty else { throw reader.error(.invalidValue("empty preimage")) }
    }
}
