/// A collateralized peer-to-peer trade whose payment happens off the ledger (a bank transfer):
/// the seller's asset and both parties' security deposits sit here until the trade ends.
///
/// Every non-final status has a deadline in block time and a default outcome when it passes
/// (docs/ESCROW.md has the diagram), so nothing stays locked forever:
///
/// | status | deadline | default when it passes |
/// |---|---|---|
/// | `offered` | the offer's expiry | `expired`: the seller's asset and deposit return |
/// | `taken` | payment deadline + dispute window | `refunded`: each party gets back what it put in |
/// | `paymentSent` | payment deadline + dispute window | `completed`: the asset goes to the buyer, deposits back |
/// | `mediation` | opened + dispute window | `arbitration` |
/// | `arbitration` | mediation deadline + dispute window | `refunded` |
public struct TradeEscrow: Sendable, Hashable {
    public enum Status: UInt8, Sendable, CaseIterable {
        case offered = 0
        case taken = 1
        case paymentSent = 2
        case mediation = 3
        case arbitration = 4
        /// The asset went to the buyer and the deposits back (the seller confirmed, or stayed silent).
        case completed = 5
        /// The seller withdrew the offer before anyone took it.
        case cancelled = 6
        /// The offer expired untaken.
        case expired = 7
        /// Unwound by default: each party got back exactly what it put in.
        case refunded = 8
        /// Split as the mediator proposed and both accepted, or as the arbitrator decided.
        case settled = 9

        public var name: String {
            switch self {
            case .offered: "offered"
            case .taken: "taken"
            case .paymentSent: "payment_sent"
            case .mediation: "mediation"
            case .arbitration: "arbitration"
            case .completed: "completed"
            case .cancelled: "cancelled"
            case .expired: "expired"
            case .refunded: "refunded"
            case .settled: "settled"
            }
        }

        /// Whether the trade is over (no funds held).
        public var isFinal: Bool { rawValue >= Status.completed.rawValue }
    }

    /// The longest payment terms text, in bytes.
    public static let paymentTermsByteCountMax = 256
    /// Each window lies between one second and thirty days of block time.
    public static let windowMillisecondsRange: ClosedRange<UInt64> = 1_000...(30 * 24 * 3_600_000)

    /// What the seller chooses when offering.
    public struct Terms: Sendable, Hashable {
        public var asset: AssetSymbol
        public var amount: Amount
        public var depositAsset: AssetSymbol
        public var sellerDeposit: Amount
        public var buyerDeposit: Amount
        /// What the buyer pays off the ledger and how, e.g. "1,000 EUR by SEPA to IBAN …".
        public var paymentTerms: String
        public var mediator: AccountID
        public var arbitrator: AccountID
        public var expiresAtMilliseconds: UInt64
        /// From the take to the payment deadline: the buyer marks the payment sent before it.
        public var paymentWindowMilliseconds: UInt64
        /// The length of each later window: to open a dispute, of mediation, of arbitration.
        public var disputeWindowMilliseconds: UInt64

        public init(
            asset: AssetSymbol, amount: Amount, depositAsset: AssetSymbol, sellerDeposit: Amount,
            buyerDeposit: Amount, paymentTerms: String, mediator: AccountID, arbitrator: AccountID,
            expiresAtMilliseconds: UInt64, paymentWindowMilliseconds: UInt64, disputeWindowMilliseconds: UInt64
        ) {
            self.asset = asset
            self.amount = amount
            self.depositAsset = depositAsset
            self.sellerDeposit = sellerDeposit
            self.buyerDeposit = buyerDeposit
            self.paymentTerms = paymentTerms
            self.mediator = mediator
            self.arbitrator = arbitrator
            self.expiresAtMilliseconds = expiresAtMilliseconds
            self.paymentWindowMilliseconds = paymentWindowMilliseconds
            self.disputeWindowMilliseconds = disputeWindowMilliseconds
        }
    }

    /// How a dispute divides the escrow: the buyer gets `buyerAmount` of the asset and
    /// `buyerDeposits` of the two deposits together; the seller gets the rest of each.
    public struct Split: Sendable, Hashable {
        public var buyerAmount: Amount
        public var buyerDeposits: Amount

        public init(buyerAmount: Amount, buyerDeposits: Amount) {
            self.buyerAmount = buyerAmount
            self.buyerDeposits = buyerDeposits
        }
    }

    public var id: UInt64
    public var seller: AccountID
    public var terms: Terms
    public var status: Status
    public var buyer: AccountID?
    /// Take time + payment window; 0 before the take.
    public var paymentDeadlineMilliseconds: UInt64
    /// When the current status's default outcome applies; meaningless once final.
    public var deadlineMilliseconds: UInt64
    /// The mediator's current proposal.
    public var proposal: Split?
    public var sellerAccepted: Bool
    public var buyerAccepted: Bool

    public init(id: UInt64, seller: AccountID, terms: Terms) {
        self.id = id
        self.seller = seller
        self.terms = terms
        self.status = .offered
        self.buyer = nil
        self.paymentDeadlineMilliseconds = 0
        self.deadlineMilliseconds = terms.expiresAtMilliseconds
        self.proposal = nil
        self.sellerAccepted = false
        self.buyerAccepted = false
    }

    /// Both deposits together (or the seller's alone before the take).
    public var depositsHeld: Amount {
        status == .offered ? terms.sellerDeposit : terms.sellerDeposit.adding(terms.buyerDeposit)!
    }
}

extension TradeEscrow: HoldsFunds {
    public var heldFunds: [(asset: AssetSymbol, amount: Amount)] {
        status.isFinal ? [] : [(terms.asset, terms.amount), (terms.depositAsset, depositsHeld)]
    }
}

extension TradeEscrow.Terms: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(asset)
        writer.write(amount)
        writer.write(depositAsset)
        writer.write(sellerDeposit)
        writer.write(buyerDeposit)
        writer.write(paymentTerms)
        writer.write(mediator)
        writer.write(arbitrator)
        writer.write(expiresAtMilliseconds)
        writer.write(paymentWindowMilliseconds)
        writer.write(disputeWindowMilliseconds)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        asset = try reader.read(AssetSymbol.self)
        amount = try reader.read(Amount.self)
        depositAsset = try reader.read(AssetSymbol.self)
        sellerDeposit = try reader.read(Amount.self)
        buyerDeposit = try reader.read(Amount.self)
        paymentTerms = try reader.read(String.self, maxByteCount: TradeEscrow.paymentTermsByteCountMax)
        mediator = try reader.read(AccountID.self)
        arbitrator = try reader.read(AccountID.self)
        expiresAtMilliseconds = try reader.read(UInt64.self)
        paymentWindowMilliseconds = try reader.read(UInt64.self)
        disputeWindowMilliseconds = try reader.read(UInt64.self)
    }
}

extension TradeEscrow.Split: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(buyerAmount)
        writer.write(buyerDeposits)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        buyerAmount = try reader.read(Amount.self)
        buyerDeposits = try reader.read(Amount.self)
    }
}

extension TradeEscrow: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(seller)
        writer.write(terms)
        writer.write(status.rawValue)
        writer.write(buyer)
        writer.write(paymentDeadlineMilliseconds)
        writer.write(deadlineMilliseconds)
        writer.write(proposal)
        writer.write(sellerAccepted)
        writer.write(buyerAccepted)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        id = try reader.read(UInt64.self)
        seller = try reader.read(AccountID.self)
        terms = try reader.read(Terms.self)
        status = try reader.readTag(Status.self)
        buyer = try reader.read(AccountID?.self)
        paymentDeadlineMilliseconds = try reader.read(UInt64.self)
        deadlineMilliseconds = try reader.read(UInt64.self)
        proposal = try reader.read(Split?.self)
        sellerAccepted = try reader.read(Bool.self)
        buyerAccepted = try reader.read(Bool.self)
    }
}

/// The roles an account holds in the registry of dispute resolvers.
public struct Resolver: Sendable, Hashable {
    public var isMediator: Bool
    public var isArbitrator: Bool

    public init(isMediator: Bool, isArbitrator: Bool) {
        self.isMediator = isMediator
        self.isArbitrator = isArbitrator
    }
}

extension Resolver: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(isMediator)
        writer.write(isArbitrator)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        isMediator = try reader.read(Bool.self)
        isArbitrator = try reader.read(Bool.self)
    }
}
