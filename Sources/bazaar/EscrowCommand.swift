import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation

/// `bazaar escrow ...`: collateralized peer-to-peer trades with an off-ledger payment.
struct EscrowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escrow",
        abstract: "Trade with a stranger for an off-ledger payment, with deposits, mediation and arbitration.",
        discussion: """
            The seller offers (the asset and the seller's deposit go into escrow), a buyer takes (the buyer's \
            deposit too), the buyer pays off the ledger and runs `paid`, the seller runs `confirm` and the \
            escrow releases the asset to the buyer and both deposits back. From the payment deadline on, either \
            party may `dispute`: the mediator `propose`s a split that executes when both `accept`; unaccepted by \
            the mediation deadline, the arbitrator `decide`s. Every state has a deadline with a default outcome \
            (docs/ESCROW.md).
            """,
        subcommands: [
            Offer.self, Take.self, Cancel.self, Paid.self, Confirm.self, Dispute.self, Propose.self, Accept.self,
            Decide.self, Show.self, List.self, Register.self,
        ])

    struct Offer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Offer an asset for an off-ledger payment.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The seller's key.") var from: String
        @Option(help: "The asset sold.") var asset: String
        @Option(help: "How much, in whole units.") var amount: String
        @Option(help: "The asset both deposits are in.") var depositAsset: String
        @Option(help: "The seller's security deposit, in whole units.") var sellerDeposit: String
        @Option(help: "The buyer's security deposit, in whole units.") var buyerDeposit: String
        @Option(help: "What the buyer pays and how, e.g. \"500 EUR by SEPA to DE89…\".") var terms: String
        @Option(help: "A registered mediator: key name or bz1 address.") var mediator: String
        @Option(help: "A registered arbitrator: key name or bz1 address.") var arbitrator: String
        @Option(help: "When an untaken offer expires, e.g. 1d.") var expires: String = "1d"
        @Option(help: "From the take to the payment deadline, e.g. 1d.") var paymentWindow: String = "1d"
        @Option(help: "The length of the dispute, mediation and arbitration windows, e.g. 2d.")
        var disputeWindow: String = "2d"

        func run() async throws {
            try await Output.reportingErrors {
                let mediatorID = try TransactionBuilder.accountID(try global.address(of: mediator))
                let arbitratorID = try TransactionBuilder.accountID(try global.address(of: arbitrator))
                let expiry = try TransactionBuilder.milliseconds(expires)
                let payment = try TransactionBuilder.milliseconds(paymentWindow)
                let dispute = try TransactionBuilder.milliseconds(disputeWindow)
                let committed = try await global.commit(from: from) { chain in
                    let assetDecimals = try chain.decimals(of: asset)
                    let depositDecimals = try chain.decimals(of: depositAsset)
                    return .escrow(
                        .offerTrade(
                            TradeEscrow.Terms(
                                asset: try TransactionBuilder.symbol(asset),
                                amount: try TransactionBuilder.positiveAmount(amount, decimals: assetDecimals),
                                depositAsset: try TransactionBuilder.symbol(depositAsset),
                                sellerDeposit: try TransactionBuilder.positiveAmount(
                                    sellerDeposit, decimals: depositDecimals),
                                buyerDeposit: try TransactionBuilder.positiveAmount(
                                    buyerDeposit, decimals: depositDecimals),
                                paymentTerms: terms, mediator: mediatorID, arbitrator: arbitratorID,
                                expiresAtMilliseconds: chain.status.latestBlockTimeMs + expiry,
                                paymentWindowMilliseconds: payment, disputeWindowMilliseconds: dispute)))
                }
                try EscrowCommand.printID(committed, kind: "trade_offered", json: global.json)
            }
        }
    }

    /// Prints the new escrow's id (or, with --json, the transaction with it).
    static func printID(_ committed: TransactionResponse, kind: String, json: Bool) throws {
        guard committed.code == "ok" else { return try Output.committed(committed, json: json) }
        let id = committed.events?.first { $0.kind == kind }?.details?["id"] ?? "-"
        if json { return try Output.json(["id": id, "transaction": committed.id]) }
        print(id)
    }

    /// One of the trade actions that take only an id.
    struct IDAction: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Option(help: "The key that signs.") var from: String
        @Option(help: "The escrow id.") var id: UInt64

        func send(_ action: (UInt64) -> EscrowAction) async throws {
            try await Output.reportingErrors {
                try await global.send(from: from) { _ in .escrow(action(id)) }
            }
        }
    }

    struct Take: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take an offer as the buyer, posting your deposit.")
        @OptionGroup var arguments: IDAction
        func run() async throws { try await arguments.send { .takeTrade(id: $0) } }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw your untaken offer (seller).")
        @OptionGroup var arguments: IDAction
        func run() async throws { try await arguments.send { .cancelTradeOffer(id: $0) } }
    }

    struct Paid: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say you sent the off-ledger payment (buyer, before the payment deadline).")
        @OptionGroup var arguments: IDAction
        func run() async throws { try await arguments.send { .markPaymentSent(id: $0) } }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm you received the payment (seller): the asset goes to the buyer, deposits back.")
        @OptionGroup var arguments: IDAction
        func run() async throws { try await arguments.send { .confirmPaymentReceived(id: $0) } }
    }

    struct Dispute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a dispute (buyer or seller, from the payment deadline on).")
        @OptionGroup var arguments: IDAction
        func run() async throws { try await arguments.send { .openDispute(id: $0) } }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept the mediator's proposal; it executes once both parties have.")
        @OptionGroup var arguments: IDAction
        func run() async throws { try await arguments.send { .acceptSplit(id: $0) } }
    }

    /// A split given in whole units of the trade's asset and deposit asset.
    struct SplitOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Option(help: "The key that signs.") var from: String
        @Option(help: "The escrow id.") var id: UInt64
        @Option(help: "How much of the asset goes to the buyer (the rest to the seller).") var buyerAmount: String
        @Option(help: "How much of both deposits together goes to the buyer (the rest to the seller).")
        var buyerDeposits: String

        func send(_ action: @escaping (UInt64, TradeEscrow.Split) -> EscrowAction) async throws {
            try await Output.reportingErrors {
                let trade = try await global.api().tradeEscrow(id: id)
                try await global.send(from: from) { chain in
                    let split = try TransactionBuilder.split(
                        buyerAmount: buyerAmount, assetDecimals: try chain.decimals(of: trade.asset),
                        buyerDeposits: buyerDeposits, depositDecimals: try chain.decimals(of: trade.depositAsset))
                    return .escrow(action(id, split))
                }
            }
        }
    }

    struct Propose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Propose a split of a disputed trade (mediator).")
        @OptionGroup var split: SplitOptions
        func run() async throws { try await split.send { .proposeSplit(id: $0, split: $1) } }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide a split of a trade in arbitration (arbitrator); it executes at once.")
        @OptionGroup var split: SplitOptions
        func run() async throws { try await split.send { .decideSplit(id: $0, split: $1) } }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a trade escrow.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The escrow id.") var id: UInt64

        func run() async throws {
            try await Output.reportingErrors {
                let trade = try await global.api().tradeEscrow(id: id)
                if global.json { return try Output.json(trade) }
                let now = try await global.api().status().latestBlockTimeMs
                var pairs = [
                    ("id", trade.id), ("status", trade.status), ("seller", trade.seller),
                    ("buyer", trade.buyer ?? "-"), ("amount", "\(trade.amount) \(trade.asset)"),
                    ("deposits", "seller \(trade.sellerDeposit), buyer \(trade.buyerDeposit) \(trade.depositAsset)"),
                    ("payment", trade.paymentTerms), ("mediator", trade.mediator), ("arbitrator", trade.arbitrator),
                ]
                if trade.paymentDeadlineMs > 0 {
                    pairs.append(
                        ("payment deadline", HTLCCommand.describe(timeoutMs: trade.paymentDeadlineMs, now: now)))
                }
                if let deadline = trade.deadlineMs {
                    pairs.append(("default outcome", HTLCCommand.describe(timeoutMs: deadline, now: now)))
                }
                if let amount = trade.proposalBuyerAmount, let deposits = trade.proposalBuyerDeposits {
                    pairs.append(
                        (
                            "proposal",
                            "buyer gets \(amount) \(trade.asset) and \(deposits) \(trade.depositAsset) (accepted: seller \(trade.sellerAccepted), buyer \(trade.buyerAccepted))"
                        ))
                }
                Output.fields(pairs)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List trade escrows (default: open offers) and the registered mediators and arbitrators.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "A status (offered, taken, payment_sent, mediation, arbitration, …) or all.")
        var status: String = "offered"
        @Option(help: "Only trades of this key name or bz1 address.") var account: String?

        func run() async throws {
            try await Output.reportingErrors {
                let address = try account.map { try global.address(of: $0) }
                let response = try await global.api().tradeEscrows(status: status, account: address)
                if global.json { return try Output.json(response) }
                Output.table(
                    header: ["ID", "STATUS", "AMOUNT", "DEPOSITS (S/B)", "PAYMENT", "SELLER"],
                    rows: response.escrows.map {
                        [
                            $0.id, $0.status, "\($0.amount) \($0.asset)",
                            "\($0.sellerDeposit)/\($0.buyerDeposit) \($0.depositAsset)", $0.paymentTerms, $0.seller,
                        ]
                    })
                print("")
                print("mediators:   \(response.mediators.joined(separator: ", "))")
                print("arbitrators: \(response.arbitrators.joined(separator: ", "))")
            }
        }
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set an account's mediator/arbitrator roles (the escrow authority: alice on the devnet).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The escrow authority's key.") var from: String
        @Option(help: "The account: key name or bz1 address.") var account: String
        @Flag(help: "May mediate.") var mediator = false
        @Flag(help: "May arbitrate.") var arbitrator = false

        func run() async throws {
            try await Output.reportingErrors {
                let id = try TransactionBuilder.accountID(try global.address(of: account))
                try await global.send(from: from) { _ in
                    .escrow(
                        .registerResolver(account: id, roles: Resolver(isMediator: mediator, isArbitrator: arbitrator)))
                }
            }
        }
    }
}
