/// Something HTLCs, swap offers or peer-to-peer trades did; see Event.
public enum EscrowEvent: Sendable, Hashable {
    /// An HTLC now holds `amount` for `recipient` (`swapOffer` when a take created it).
    case htlcLocked(
        id: UInt64, sender: AccountID, recipient: AccountID, asset: AssetSymbol, amount: Amount, hashlock: Hash,
        timeoutMilliseconds: UInt64, swapOffer: UInt64?)
    /// The recipient claimed an HTLC; `preimage` is now public.
    case htlcClaimed(
        id: UInt64, sender: AccountID, recipient: AccountID, asset: AssetSymbol, amount: Amount, preimage: [UInt8])
    /// The sender took back an HTLC after its timeout.
    case htlcRefunded(id: UInt64, sender: AccountID, recipient: AccountID, asset: AssetSymbol, amount: Amount)
    /// A swap offer was posted; its escrow holds `giveAmount`.
    case swapOfferPosted(id: UInt64, maker: AccountID, terms: SwapOffer.Terms)
    /// A swap offer was taken; its escrow became HTLC `htlc`.
    case swapOfferTaken(id: UInt64, maker: AccountID, taker: AccountID, htlc: UInt64)
    /// A swap offer closed untaken (`cancelled` or `expired`); its escrow returned to the maker.
    case swapOfferClosed(id: UInt64, maker: AccountID, status: SwapOffer.Status)
    /// The escrow authority set an account's resolver roles.
    case resolverRegistered(account: AccountID, roles: Resolver)
    /// A seller offered a trade; the escrow holds the asset and the seller's deposit.
    case tradeOffered(id: UInt64, seller: AccountID, terms: TradeEscrow.Terms)
    /// A trade moved to `status` (by `actor`, or by its deadline when `actor` is nil).
    case tradeUpdated(id: UInt64, seller: AccountID, buyer: AccountID?, status: TradeEscrow.Status, actor: AccountID?)
    /// The mediator proposed a split.
    case splitProposed(id: UInt64, seller: AccountID, buyer: AccountID, mediator: AccountID, split: TradeEscrow.Split)
    /// A trade ended and its escrow paid out: to the buyer `buyerAmount` of the asset and
    /// `buyerDeposits` of the deposit asset, to the seller `sellerAmount` and `sellerDeposits`.
    case tradePaidOut(
        id: UInt64, seller: AccountID, buyer: AccountID?, buyerAmount: Amount, buyerDeposits: Amount,
        sellerAmount: Amount, sellerDeposits: Amount)

    /// The accounts whose subscribers see this event.
    public var accounts: [AccountID] {
        switch self {
        case .htlcLocked(_, let sender, let recipient, _, _, _, _, _),
            .htlcClaimed(_, let sender, let recipient, _, _, _),
            .htlcRefunded(_, let sender, let recipient, _, _):
            sender == recipient ? [sender] : [sender, recipient]
        case .swapOfferPosted(_, let maker, _), .swapOfferClosed(_, let maker, _): [maker]
        case .swapOfferTaken(_, let maker, let taker, _): [maker, taker]
        case .resolverRegistered(let account, _): [account]
        case .tradeOffered(_, let seller, let terms): [seller, terms.mediator, terms.arbitrator]
        case .tradeUpdated(_, let seller, let buyer, _, _), .tradePaidOut(_, let seller, let buyer, _, _, _, _):
            [seller] + (buyer.map { [$0] } ?? [])
        case .splitProposed(_, let seller, let buyer, let mediator, _): [seller, buyer, mediator]
        }
    }

    /// Every kind of this type's own cases, the one list the API's documents are made from.
    public enum Kind: String, CaseIterable, Sendable {
        case htlcLocked = "htlc_locked"
        case htlcClaimed = "htlc_claimed"
        case htlcRefunded = "htlc_refunded"
        case swapOfferPosted = "swap_offer_posted"
        case swapOfferTaken = "swap_offer_taken"
        case swapOfferClosed = "swap_offer_closed"
        case resolverRegistered = "resolver_registered"
        case tradeOffered = "trade_offered"
        case tradeUpdated = "trade_updated"
        case splitProposed = "split_proposed"
        case tradePaidOut = "trade_paid_out"
    }

    /// A stable snake_case kind for APIs.
    public var kind: String {
        switch self {
        case .htlcLocked: Kind.htlcLocked.rawValue
        case .htlcClaimed: Kind.htlcClaimed.rawValue
        case .htlcRefunded: Kind.htlcRefunded.rawValue
        case .swapOfferPosted: Kind.swapOfferPosted.rawValue
        case .swapOfferTaken: Kind.swapOfferTaken.rawValue
        case .swapOfferClosed: Kind.swapOfferClosed.rawValue
        case .resolverRegistered: Kind.resolverRegistered.rawValue
        case .tradeOffered: Kind.tradeOffered.rawValue
        case .tradeUpdated: Kind.tradeUpdated.rawValue
        case .splitProposed: Kind.splitProposed.rawValue
        case .tradePaidOut: Kind.tradePaidOut.rawValue
        }
    }
}

extension EscrowEvent: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .htlcLocked(let id, let sender, let recipient, let asset, let amount, let hashlock, let timeout, let offer):
            writer.write(UInt8(0))
            writer.write(id)
            writer.write(sender)
            writer.write(recipient)
            writer.write(asset)
            writer.write(amount)
            writer.write(hashlock)
            writer.write(timeout)
            writer.write(offer)
        case .htlcClaimed(let id, let sender, let recipient, let asset, let amount, let preimage):
            writer.write(UInt8(1))
            writer.write(id)
            writer.write(sender)
            writer.write(recipient)
            writer.write(asset)
            writer.write(amount)
            writer.write(PreimageBytes(preimage))
        case .htlcRefunded(let id, let sender, let recipient, let asset, let amount):
            writer.write(UInt8(2))
            writer.write(id)
            writer.write(sender)
            writer.write(recipient)
            writer.write(asset)
            writer.write(amount)
        case .swapOfferPosted(let id, let maker, let terms):
            writer.write(UInt8(3))
            writer.write(id)
            writer.write(maker)
            writer.write(terms)
        case .swapOfferTaken(let id, let maker, let taker, let htlc):
            writer.write(UInt8(4))
            writer.write(id)
            writer.write(maker)
            writer.write(taker)
            writer.write(htlc)
        case .swapOfferClosed(let id, let maker, let status):
            writer.write(UInt8(5))
            writer.write(id)
            writer.write(maker)
            writer.write(status.rawValue)
        case .resolverRegistered(let account, let roles):
            writer.write(UInt8(6))
            writer.write(account)
            writer.write(roles)
        case .tradeOffered(let id, let seller, let terms):
            writer.write(UInt8(7))
            writer.write(id)
            writer.write(seller)
            writer.write(terms)
        case .tradeUpdated(let id, let seller, let buyer, let status, let actor):
            writer.write(UInt8(8))
            writer.write(id)
            writer.write(seller)
            writer.write(buyer)
            writer.write(status.rawValue)
            writer.write(actor)
        case .splitProposed(let id, let seller, let buyer, let mediator, let split):
            writer.write(UInt8(9))
            writer.write(id)
            writer.write(seller)
            writer.write(buyer)
            writer.write(mediator)
            writer.write(split)
        case .tradePaidOut(
            let id, let seller, let buyer, let buyerAmount, let buyerDeposits, let sellerAmount, let sellerDeposits):
            writer.write(UInt8(10))
            writer.write(id)
            writer.write(seller)
            writer.write(buyer)
            writer.write(buyerAmount)
            writer.write(buyerDeposits)
            writer.write(sellerAmount)
            writer.write(sellerDeposits)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0:
            self = .htlcLocked(
                id: try reader.read(UInt64.self), sender: try reader.read(AccountID.self),
                recipient: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self), hashlock: try reader.read(Hash.self),
                timeoutMilliseconds: try reader.read(UInt64.self), swapOffer: try reader.read(UInt64?.self))
        case 1:
            self = .htlcClaimed(
                id: try reader.read(UInt64.self), sender: try reader.read(AccountID.self),
                recipient: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self), preimage: try reader.read(PreimageBytes.self).bytes)
        case 2:
            self = .htlcRefunded(
                id: try reader.read(UInt64.self), sender: try reader.read(AccountID.self),
                recipient: try reader.read(AccountID.self), asset: try reader.read(AssetSymbol.self),
                amount: try reader.read(Amount.self))
        case 3:
            self = .swapOfferPosted(
                id: try reader.read(UInt64.self), maker: try reader.read(AccountID.self),
                terms: try reader.read(SwapOffer.Terms.self))
        case 4:
            self = .swapOfferTaken(
                id: try reader.read(UInt64.self), maker: try reader.read(AccountID.self),
                taker: try reader.read(AccountID.self), htlc: try reader.read(UInt64.self))
        case 5:
            self = .swapOfferClosed(
                id: try reader.read(UInt64.self), maker: try reader.read(AccountID.self),
                status: try reader.readTag(SwapOffer.Status.self))
        case 6:
            self = .resolverRegistered(account: try reader.read(AccountID.self), roles: try reader.read(Resolver.self))
        case 7:
            self = .tradeOffered(
                id: try reader.read(UInt64.self), seller: try reader.read(AccountID.self),
                terms: try reader.read(TradeEscrow.Terms.self))
        case 8:
            self = .tradeUpdated(
                id: try reader.read(UInt64.self), seller: try reader.read(AccountID.self),
                buyer: try reader.read(AccountID?.self), status: try reader.readTag(TradeEscrow.Status.self),
                actor: try reader.read(AccountID?.self))
        case 9:
            self = .splitProposed(
                id: try reader.read(UInt64.self), seller: try reader.read(AccountID.self),
                buyer: try reader.read(AccountID.self), mediator: try reader.read(AccountID.self),
                split: try reader.read(TradeEscrow.Split.self))
        case 10:
            self = .tradePaidOut(
                id: try reader.read(UInt64.self), seller: try reader.read(AccountID.self),
                buyer: try reader.read(AccountID?.self), buyerAmount: try reader.read(Amount.self),
                buyerDeposits: try reader.read(Amount.self), sellerAmount: try reader.read(Amount.self),
                sellerDeposits: try reader.read(Amount.self))
        default:
            throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}
