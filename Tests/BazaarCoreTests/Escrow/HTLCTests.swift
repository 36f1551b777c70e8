import Testing

@testable import BazaarCore

/// Hash-time-locked contracts: lock, claim with the preimage before the timeout, refund after it,
/// and every refusal with its own code, changing nothing.
@Suite("HTLC")
struct HTLCTests {
    @Test func lockMovesFundsIntoTheContract() throws {
        var chain = TestChain()
        let before = chain.free(1, TestChain.usd)
        let id = chain.lock(300, from: 1, to: 2, seconds: 10)
        #expect(id == 1)
        #expect(chain.free(1, TestChain.usd) == before - 300)
        let htlc = chain.state.escrow.htlcs[id]!
        #expect(htlc.status == .open)
        #expect(htlc.amount == Amount(baseUnits: 300))
        #expect(htlc.recipient == chain.id(2))
        #expect(htlc.timeoutMilliseconds == chain.state.timeMilliseconds + 10_000)
        try chain.state.checkFullConservation()
    }

    @Test func recipientClaimsWithThePreimageWhichBecomesPublic() {
        var chain = TestChain()
        let id = chain.lock(300, from: 1, to: 2, seconds: 10)
        let before = chain.free(2, TestChain.usd)
        let result = chain.run(2, [.escrow(.claimHTLC(id: id, preimage: TestChain.secret))])
        #expect(chain.free(2, TestChain.usd) == before + 300)
        #expect(chain.state.escrow.htlcs[id]!.status == .claimed)
        #expect(chain.state.escrow.htlcs[id]!.preimage == TestChain.secret)
        #expect(
            result.events.contains(
                .escrow(
                    .htlcClaimed(
                        id: id, sender: chain.id(1), recipient: chain.id(2), asset: TestChain.usd,
                        amount: Amount(baseUnits: 300), preimage: TestChain.secret))))
    }

    @Test func senderRefundsFromTheTimeoutOn() {
        var chain = TestChain()
        let before = chain.free(1, TestChain.usd)
        let id = chain.lock(300, from: 1, to: 2, seconds: 3)
        chain.advance(to: chain.state.escrow.htlcs[id]!.timeoutMilliseconds - TestChain.blockIntervalMilliseconds)
        // The next block's time is the timeout itself: refunds are allowed from then on.
        chain.run(1, [.escrow(.refundHTLC(id: id))])
        #expect(chain.state.escrow.htlcs[id]!.status == .refunded)
        #expect(chain.free(1, TestChain.usd) == before)
    }

    /// Block times step by a second, so a timeout one millisecond after a block's time puts that
    /// block exactly one millisecond before it.
    @Test func oneMillisecondBeforeTheTimeoutTheSenderCannotRefund() {
        var chain = TestChain()
        let blockTime = chain.state.timeMilliseconds + 2 * TestChain.blockIntervalMilliseconds
        let id = chain.lock(300, from: 1, to: 2, timeoutMilliseconds: blockTime + 1)
        chain.advance(to: blockTime - TestChain.blockIntervalMilliseconds)
        chain.expectEscrowFailure(.htlcNotExpired, from: 1, .refundHTLC(id: id))
        #expect(chain.state.timeMilliseconds == chain.state.escrow.htlcs[id]!.timeoutMilliseconds - 1)
    }

    @Test func oneMillisecondBeforeTheTimeoutTheRecipientCanClaim() {
        var chain = TestChain()
        let blockTime = chain.state.timeMilliseconds + 2 * TestChain.blockIntervalMilliseconds
        let id = chain.lock(300, from: 1, to: 2, timeoutMilliseconds: blockTime + 1)
        let before = chain.free(2, TestChain.usd)
        chain.advance(to: blockTime - TestChain.blockIntervalMilliseconds)
        chain.run(2, [.escrow(.claimHTLC(id: id, preimage: TestChain.secret))])
        #expect(chain.state.timeMilliseconds == chain.state.escrow.htlcs[id]!.timeoutMilliseconds - 1)
        #expect(chain.state.escrow.htlcs[id]!.status == .claimed)
        #expect(chain.free(2, TestChain.usd) == before + 300)
    }

    @Test func aLockMayLastFromOneMillisecondToExactlyTheLongestDuration() {
        var chain = TestChain()
        let next = chain.state.timeMilliseconds + TestChain.blockIntervalMilliseconds
        chain.expectEscrowFailure(
            .invalidTimeout, from: 1,
            .lockHTLC(
                EscrowAction.LockHTLC(
                    recipient: chain.id(2), asset: TestChain.usd, amount: Amount(baseUnits: 10),
                    hashlock: TestChain.hashlock,
                    timeoutMilliseconds: next + HTLC.durationMillisecondsMax + 1)))
        let shortest = chain.lock(
            10, from: 1, to: 2, timeoutMilliseconds: chain.nextHeader(for: []).timeMilliseconds + 1)
        #expect(chain.state.escrow.htlcs[shortest]!.timeoutMilliseconds == chain.state.timeMilliseconds + 1)
        let longest = chain.lock(
            10, from: 1, to: 2,
            timeoutMilliseconds: chain.nextHeader(for: []).timeMilliseconds + HTLC.durationMillisecondsMax)
        let htlc = chain.state.escrow.htlcs[longest]!
        #expect(htlc.timeoutMilliseconds - htlc.lockedAtMilliseconds == HTLC.durationMillisecondsMax)
    }

    @Test func wrongPreimage() {
        var chain = TestChain()
        let id = chain.lock(300, from: 1, to: 2, seconds: 10)
        chain.expectEscrowFailure(.wrongPreimage, from: 2, .claimHTLC(id: id, preimage: Array("not it".utf8)))
    }

    @Test func earlyRefund() {
        var chain = TestChain()
        let id = chain.lock(300, from: 1, to: 2, seconds: 10)
        chain.expectEscrowFailure(.htlcNotExpired, from: 1, .refundHTLC(id: id))
    }

    @Test func claimBySomeoneOtherThanTheRecipient() {
        var chain = TestChain()
        let id = chain.lock(300, from: 1, to: 2, seconds: 10)
        chain.expectEscrowFailure(.notHTLCRecipient, from: 3, .claimHTLC(id: id, preimage: TestChain.secret))
        chain.expectEscrowFailure(.notHTLCRecipient, from: 1, .claimHTLC(id: id, preimage: TestChain.secret))
    }

    @Test func refundBySomeoneOtherThanTheSender() {
        var chain = TestChain()
        let id = chain.lock(300, from: 1, to: 2, seconds: 1)
        chain.advance(to: chain.state.escrow.htlcs[id]!.timeoutMilliseconds)
        chain.expectEscrowFailure(.notHTLCSender, from: 2, .refundHTLC(id: id))
    }

    @Test func claimAfterTheTimeout() {
        var chain = TestChain()
        let id = chain.lock(300, from: 1, to: 2, seconds: 2)
        chain.advance(to: chain.state.escrow.htlcs[id]!.timeoutMilliseconds - TestChain.blockIntervalMilliseconds)
        chain.expectEscrowFailure(.htlcExpired, from: 2, .claimHTLC(id: id, preimage: TestChain.secret))
    }

    @Test func actionsInTheWrongState() {
        var chain = TestChain()
        let claimed = chain.lock(300, from: 1, to: 2, seconds: 10)
        chain.run(2, [.escrow(.claimHTLC(id: claimed, preimage: TestChain.secret))])
        chain.expectEscrowFailure(.wrongEscrowState, from: 2, .claimHTLC(id: claimed, preimage: TestChain.secret))
        chain.expectEscrowFailure(.wrongEscrowState, from: 1, .refundHTLC(id: claimed))
        let refunded = chain.lock(300, from: 1, to: 2, seconds: 1)
        chain.advance(to: chain.state.escrow.htlcs[refunded]!.timeoutMilliseconds)
        chain.run(1, [.escrow(.refundHTLC(id: refunded))])
        chain.expectEscrowFailure(.wrongEscrowState, from: 1, .refundHTLC(id: refunded))
        chain.expectEscrowFailure(.wrongEscrowState, from: 2, .claimHTLC(id: refunded, preimage: TestChain.secret))
    }

    @Test func unknownHTLC() {
        var chain = TestChain()
        chain.expectEscrowFailure(.unknownHTLC, from: 2, .claimHTLC(id: 7, preimage: TestChain.secret))
        chain.expectEscrowFailure(.unknownHTLC, from: 2, .refundHTLC(id: 7))
    }

    @Test func lockRefusals() {
        var chain = TestChain()
        func lock(amount: UInt128 = 10, asset: AssetSymbol = TestChain.usd, timeout: UInt64) -> EscrowAction {
            .lockHTLC(
                EscrowAction.LockHTLC(
                    recipient: chain.id(2), asset: asset, amount: Amount(baseUnits: amount),
                    hashlock: TestChain.hashlock, timeoutMilliseconds: timeout))
        }
        let next = chain.state.timeMilliseconds + TestChain.blockIntervalMilliseconds
        chain.expectEscrowFailure(.invalidTimeout, from: 1, lock(timeout: next))
        chain.expectEscrowFailure(
            .invalidTimeout, from: 1, lock(timeout: next + 1 + HTLC.durationMillisecondsMax + 5_000))
        chain.expectEscrowFailure(.zeroAmount, from: 1, lock(amount: 0, timeout: next + 60_000))
        chain.expectEscrowFailure(.unknownAsset, from: 1, lock(asset: "NOPE", timeout: next + 60_000))
        chain.expectEscrowFailure(
            .insufficientBalance, from: 1, lock(amount: TestChain.startingBalance.baseUnits + 1, timeout: next + 60_000)
        )
    }

    @Test func aFailedTransactionUndoesItsLock() {
        var chain = TestChain()
        let before = EscrowDump(chain.state)
        let lock = EscrowAction.lockHTLC(
            EscrowAction.LockHTLC(
                recipient: chain.id(1), asset: TestChain.usd, amount: Amount(baseUnits: 5),
                hashlock: TestChain.hashlock, timeoutMilliseconds: chain.state.timeMilliseconds + 60_000))
        chain.expectFailure(.wrongPreimage, at: 1, from: 1, [.escrow(lock), .escrow(.claimHTLC(id: 1, preimage: [1]))])
        #expect(EscrowDump(chain.state) == before)
    }

    @Test func encodingRoundTripsAndSnapshotsKeepHTLCs() throws {
        var chain = TestChain()
        let id = chain.lock(300, from: 1, to: 2, seconds: 10)
        chain.run(2, [.escrow(.claimHTLC(id: id, preimage: TestChain.secret))])
        chain.lock(5, from: 2, to: 1, seconds: 10)
        let actions: [EscrowAction] = [
            .claimHTLC(id: 3, preimage: TestChain.secret), .refundHTLC(id: 9),
            .lockHTLC(
                EscrowAction.LockHTLC(
                    recipient: chain.id(1), asset: "BTC", amount: Amount(baseUnits: 1), hashlock: TestChain.hashlock,
                    timeoutMilliseconds: 77)),
        ]
        for action in actions {
            #expect(try EscrowAction(canonicalBytes: action.canonicalBytes) == action)
        }
        // A preimage longer than allowed is not a canonical action.
        var writer = CanonicalWriter()
        writer.write(UInt8(1))
        writer.write(UInt64(1))
        writer.writeBytes([UInt8](repeating: 7, count: HTLC.preimageByteCountMax + 1))
        #expect(throws: DecodingError.self) { try EscrowAction(canonicalBytes: writer.bytes) }
        let restored = try EscrowState(canonicalBytes: chain.state.escrow.canonicalBytes)
        #expect(restored.htlcs.rows == chain.state.escrow.htlcs.rows)
    }
}
