import Testing

@testable import BazaarCore

/// Escrow tables as values, to check that a refused action changed none of them.
struct EscrowDump: Equatable {
    var htlcs: [UInt64: HTLC]
    var swapOffers: [UInt64: SwapOffer]
    var trades: [UInt64: TradeEscrow]
    var resolvers: [AccountID: Resolver]

    init(_ state: LedgerState) {
        htlcs = state.escrow.htlcs.rows
        swapOffers = state.escrow.swapOffers.rows
        trades = state.escrow.trades.rows
        resolvers = state.escrow.resolvers.rows
    }
}

extension TestChain {
    static let secret: [UInt8] = Array("the secret of this swap, 32 byte".utf8)
    static var hashlock: Hash { Hash.sha256(secret) }

    /// Like `expectFailure`, and the escrow tables are unchanged too.
    mutating func expectEscrowFailure(
        _ code: ResultCode, from sender: Int, _ action: EscrowAction, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = EscrowDump(state)
        expectFailure(code, from: sender, [.escrow(action)], sourceLocation: sourceLocation)
        #expect(EscrowDump(state) == before, sourceLocation: sourceLocation)
    }

    /// Locks `amount` USD from `sender` for `recipient`, timing out `seconds` of block time after
    /// the block that executes it; returns the HTLC id.
    @discardableResult
    mutating func lock(
        _ amount: UInt128, from sender: Int, to recipient: Int, seconds: UInt64, hashlock: Hash = TestChain.hashlock
    ) -> UInt64 {
        let timeout = state.timeMilliseconds + TestChain.blockIntervalMilliseconds + seconds * 1_000
        return lock(amount, from: sender, to: recipient, timeoutMilliseconds: timeout, hashlock: hashlock)
    }

    /// Locks `amount` USD from `sender` for `recipient` until the block time `timeoutMilliseconds`;
    /// returns the HTLC id.
    @discardableResult
    mutating func lock(
        _ amount: UInt128, from sender: Int, to recipient: Int, timeoutMilliseconds timeout: UInt64,
        hashlock: Hash = TestChain.hashlock
    ) -> UInt64 {
        let result = run(
            sender,
            [
                .escrow(
                    .lockHTLC(
                        EscrowAction.LockHTLC(
                            recipient: id(recipient), asset: TestChain.usd, amount: Amount(baseUnits: amount),
                            hashlock: hashlock, timeoutMilliseconds: timeout)))
            ])
        guard case .escrow(.htlcLocked(let htlc, _, _, _, _, _, _, _)) = result.events.last else {
            Issue.record("no htlcLocked event in \(result.events)")
            return 0
        }
        return htlc
    }

    /// Produces empty blocks until the block time is at least `time`.
    mutating func advance(to time: UInt64) {
        while state.timeMilliseconds < time { executeBlock([]) }
    }
}
