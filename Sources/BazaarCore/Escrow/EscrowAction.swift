/// An action of hash-time-locked contracts, cross-ledger swap offers and collateralized
/// peer-to-peer trades; see Action and docs/ESCROW.md.
public enum EscrowAction: Sendable, Hashable {
    /// Locks `amount` of `asset` from the sender for `recipient` under `hashlock` until `timeoutMilliseconds`.
    case lockHTLC(LockHTLC)
    /// The recipient takes an open HTLC's funds with the preimage, before its timeout.
    case claimHTLC(id: UInt64, preimage: [UInt8])
    /// The sender takes back an open HTLC's funds, from its timeout on.
    case refundHTLC(id: UInt64)
    /// Posts a swap offer, escrowing what it gives.
    case postSwapOffer(SwapOffer.Terms)
    /// Takes an open swap offer: its escrow becomes an HTLC from the maker to the sender.
    case takeSwapOffer(id: UInt64)
    /// The maker withdraws an open swap offer; its escrow returns.
    case cancelSwapOffer(id: UInt64)
    /// The escrow authority (the chain's market authority) sets an account's resolver roles.
    case registerResolver(account: AccountID, roles: Resolver)
    /// A seller offers a trade, escrowing the asset and the seller's deposit.
    case offerTrade(TradeEscrow.Terms)
    /// A buyer takes an offered trade, escrowing the buyer's deposit.
    case takeTrade(id: UInt64)
    /// The seller withdraws an untaken trade offer.
    case cancelTradeOffer(id: UInt64)
    /// The buyer says the off-ledger payment was sent (before the payment deadline).
    case markPaymentSent(id: UInt64)
    /// The seller confirms receipt: the asset goes to the buyer and the deposits back.
    case confirmPaymentReceived(id: UInt64)
    /// Either party opens a dispute, from the payment deadline on.
    case openDispute(id: UInt64)
    /// The trade's mediator proposes a split (replacing any earlier proposal and its acceptances).
    case proposeSplit(id: UInt64, split: TradeEscrow.Split)
    /// A party accepts the mediator's current proposal; it executes once both have.
    case acceptSplit(id: UInt64)
    /// The trade's arbitrator decides a split, which executes at once.
    case decideSplit(id: UInt64, split: TradeEscrow.Split)

    public struct LockHTLC: Sendable, Hashable {
        public var recipient: AccountID
        public var asset: AssetSymbol
        public var amount: Amount
        public var hashlock: Hash
        /// Block time in milliseconds.
        public var timeoutMilliseconds: UInt64

        public init(
            recipient: AccountID, asset: AssetSymbol, amount: Amount, hashlock: Hash, timeoutMilliseconds: UInt64
        ) {
            self.recipient = recipient
            self.asset = asset
            self.amount = amount
            self.hashlock = hashlock
            self.timeoutMilliseconds = timeoutMilliseconds
        }
    }
}

extension EscrowAction: CanonicalCodable {
    private enum Tag: UInt8 {
        case lockHTLC = 0
        case claimHTLC = 1
        case refundHTLC = 2
        case postSwapOffer = 3
        case takeSwapOffer = 4
        case cancelSwapOffer = 5
        case registerResolver = 6
        case offerTrade = 7
        case takeTrade = 8
        case cancelTradeOffer = 9
        case markPaymentSent = 10
        case confirmPaymentReceived = 11
        case openDispute = 12
        case proposeSplit = 13
        case acceptSplit = 14
        case decideSplit = 15
    }

    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .lockHTLC(let lock):
            writer.write(Tag.lockHTLC.rawValue)
            writer.write(lock.recipient)
            writer.write(lock.asset)
            writer.write(lock.amount)
            writer.write(lock.hashlock)
            writer.write(lock.timeoutMilliseconds)
        case .claimHTLC(let id, let preimage):
            writer.write(Tag.claimHTLC.rawValue)
            writer.write(id)
            writer.write(PreimageBytes(preimage))
        case .refundHTLC(let id): Self.write(.refundHTLC, id, to: &writer)
        case .postSwapOffer(let terms):
            writer.write(Tag.postSwapOffer.rawValue)
            writer.write(terms)
        case .takeSwapOffer(let id): Self.write(.takeSwapOffer, id, to: &writer)
        case .cancelSwapOffer(let id): Self.write(.cancelSwapOffer, id, to: &writer)
        case .registerResolver(let account, let roles):
            writer.write(Tag.registerResolver.rawValue)
            writer.write(account)
            writer.write(roles)
        case .offerTrade(let terms):
            writer.write(Tag.offerTrade.rawValue)
            writer.write(terms)
        case .takeTrade(let id): Self.write(.takeTrade, id, to: &writer)
        case .cancelTradeOffer(let id): Self.write(.cancelTradeOffer, id, to: &writer)
        case .markPaymentSent(let id): Self.write(.markPaymentSent, id, to: &writer)
        case .confirmPaymentReceived(let id): Self.write(.confirmPaymentReceived, id, to: &writer)
        case .openDispute(let id): Self.write(.openDispute, id, to: &writer)
        case .proposeSplit(let id, let split):
            Self.write(.proposeSplit, id, to: &writer)
            writer.write(split)
        case .acceptSplit(let id): Self.write(.acceptSplit, id, to: &writer)
        case .decideSplit(let id, let split):
            Self.write(.decideSplit, id, to: &writer)
            writer.write(split)
        }
    }

    private static func write(_ tag: Tag, _ id: UInt64, to writer: inout CanonicalWriter) {
        writer.write(tag.rawValue)
        writer.write(id)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let rawTag = try reader.read(UInt8.self)
        guard let tag = Tag(rawValue: rawTag) else {
            throw DecodingError(reason: .unknownTag(rawTag), offset: reader.offset - 1)
        }
        switch tag {
        case .lockHTLC:
            self = .lockHTLC(
                LockHTLC(
                    recipient: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                    amount: try reader.read(Amount.self), hashlock: try reader.read(Hash.self),
                    timeoutMilliseconds: try reader.read(UInt64.self)))
        case .claimHTLC:
            self = .claimHTLC(id: try reader.read(UInt64.self), preimage: try reader.read(PreimageBytes.self).bytes)
        case .refundHTLC: self = .refundHTLC(id: try reader.read(UInt64.self))
        case .postSwapOffer: self = .postSwapOffer(try reader.read(SwapOffer.Terms.self))
        case .takeSwapOffer: self = .takeSwapOffer(id: try reader.read(UInt64.self))
        case .cancelSwapOffer: self = .cancelSwapOffer(id: try reader.read(UInt64.self))
        case .registerResolver:
            self = .registerResolver(account: try reader.read(AccountID.self), roles: try reader.read(Resolver.self))
        case .offerTrade: self = .offerTrade(try reader.read(TradeEscrow.Terms.self))
        case .takeTrade: self = .takeTrade(id: try reader.read(UInt64.self))
        case .cancelTradeOffer: self = .cancelTradeOffer(id: try reader.read(UInt64.self))
        case .markPaymentSent: self = .markPaymentSent(id: try reader.read(UInt64.self))
        case .confirmPaymentReceived: self = .confirmPaymentReceived(id: try reader.read(UInt64.self))
        case .openDispute: self = .openDispute(id: try reader.read(UInt64.self))
        case .proposeSplit:
            self = .proposeSplit(id: try reader.read(UInt64.self), split: try reader.read(TradeEscrow.Split.self))
        case .acceptSplit: self = .acceptSplit(id: try reader.read(UInt64.self))
        case .decideSplit:
            self = .decideSplit(id: try reader.read(UInt64.self), split: try reader.read(TradeEscrow.Split.self))
        }
    }
}
