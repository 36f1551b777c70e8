import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation

/// `bazaar htlc lock|claim|refund|show|secret`: hash-time-locked contracts.
struct HTLCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "htlc", abstract: "Lock, claim, refund and show hash-time-locked contracts.",
        subcommands: [Lock.self, Claim.self, Refund.self, Show.self, Secret.self])

    struct Lock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lock funds for a recipient under a SHA-256 hashlock until a timeout (block time).",
            discussion: """
                The recipient claims with the preimage before the timeout; from the timeout on, only you can \
                take the funds back (bazaar htlc refund). Prints the HTLC id (with --json an object with id).
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The key that locks the funds.") var from: String
        @Option(help: "The recipient: a key name or a bz1 address.") var to: String
        @Option(help: "The asset symbol.") var asset: String
        @Option(help: "The amount in whole units, e.g. 0.5.") var amount: String
        @Option(help: "SHA-256 of the secret, 64 hex digits (see bazaar htlc secret).") var hashlock: String
        @Option(help: "How long until the sender may refund (the HTLC's timeout), in block time, e.g. 10m or 2h.")
        var refundAfter: String
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func run() async throws {
            try await Output.reportingErrors {
                let recipient = try TransactionBuilder.accountID(try global.address(of: to))
                let duration = try TransactionBuilder.milliseconds(refundAfter)
                let committed = try await global.commit(from: from, fee: fee) { chain in
                    try TransactionBuilder.lockHTLC(
                        to: recipient, asset: asset, amount: amount, decimals: try chain.decimals(of: asset),
                        hashlock: hashlock, timeoutMilliseconds: chain.status.latestBlockTimeMs + duration)
                }
                guard committed.code == "ok" else { return try Output.committed(committed, json: global.json) }
                let locked = committed.events?.first { $0.kind == "htlc_locked" }
                let id = locked?.details?["id"] ?? "-"
                if global.json {
                    try Output.json(LockedJSON(id: id, transaction: committed))
                } else {
                    print(id)
                }
            }
        }
    }

    struct LockedJSON: Encodable {
        var id: String
        var transaction: TransactionResponse
    }

    struct Claim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Claim an HTLC as its recipient with the preimage, before its timeout.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The recipient's key.") var from: String
        @Option(help: "The HTLC id.") var id: UInt64
        @Option(help: "The secret whose SHA-256 is the hashlock, as hex.") var preimage: String
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func run() async throws {
            try await Output.reportingErrors {
                let action = try TransactionBuilder.claimHTLC(id: id, preimage: preimage)
                try await global.send(from: from, fee: fee) { _ in action }
            }
        }
    }

    struct Refund: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take back an HTLC's funds as its sender, from its timeout on.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The sender's key.") var from: String
        @Option(help: "The HTLC id.") var id: UInt64
        @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

        func run() async throws {
            try await Output.reportingErrors {
                try await global.send(from: from, fee: fee) { _ in .escrow(.refundHTLC(id: id)) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an HTLC (with its preimage once claimed).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The HTLC id.") var id: UInt64

        func run() async throws {
            try await Output.reportingErrors {
                let htlc = try await global.api().htlc(id: id)
                if global.json { return try Output.json(htlc) }
                let status = try await global.api().status()
                var pairs = [
                    ("id", htlc.id), ("status", htlc.status), ("sender", htlc.sender), ("recipient", htlc.recipient),
                    ("amount", "\(htlc.amount) \(htlc.asset)"), ("hashlock", htlc.hashlock),
                    ("timeout", HTLCCommand.describe(timeoutMs: htlc.timeoutMs, now: status.latestBlockTimeMs)),
                ]
                if let preimage = htlc.preimage { pairs.append(("preimage", preimage)) }
                if let offer = htlc.swapOffer { pairs.append(("swap offer", offer)) }
                Output.fields(pairs)
            }
        }
    }

    struct Secret: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a random 32-byte secret and its SHA-256 hashlock (nothing is sent).")

        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            var generator = SystemRandomNumberGenerator()
            let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let hashlock = Hash.sha256(secret).hex
            if json { return try Output.json(["preimage": secret.hexString, "hashlock": hashlock]) }
            Output.fields([("preimage", secret.hexString), ("hashlock", hashlock)])
        }
    }

    /// "in 4m 10s (block time 1763…)" or "passed 12s ago (…)".
    static func describe(timeoutMs: UInt64, now: UInt64) -> String {
        let seconds = Int64(timeoutMs / 1000) - Int64(now / 1000)
        let text = seconds >= 0 ? "in \(seconds)s" : "passed \(-seconds)s ago"
        return "\(text) (block time \(timeoutMs) ms)"
    }
}
