import Testing

@testable import BazaarCore

/// Mempool admission: `Application.admit` (stateless) and `checkTx` (against committed state).
@Suite("Transaction admission")
struct AdmissionTests {
    private func admit(_ bytes: [UInt8]) -> Result<VerifiedTransaction, Rejection> {
        Application.admit(bytes, chainID: TestChain.chainID)
    }

    private func rejectionCode(_ bytes: [UInt8]) -> ResultCode? {
        if case .failure(let rejection) = admit(bytes) { return rejection.code }
        return nil
    }

    @Test func acceptsAWellFormedSignedTransaction() throws {
        let chain = TestChain()
        let signed = chain.sign(from: 1, [.transfer(5, to: chain.id(2))])
        let verified = try admit(signed.canonicalBytes).get()
        #expect(verified.signed == signed)
        #expect(verified.id == signed.id)
        #expect(verified.id == Hash.sha256(signed.canonicalBytes))
        #expect(verified.encodedByteCount == signed.canonicalBytes.count)
        #expect(verified.sender == chain.id(1))
        #expect(chain.application.checkTx(verified) == .ok)
    }

    @Test func rejectsABadSignature() {
        let chain = TestChain()
        var signed = chain.sign(from: 1, [.transfer(5, to: chain.id(2))])
        var bytes = signed.signature.bytes
        bytes[10] ^= 0x01
        signed.signature = Signature(validating: bytes)!
        #expect(rejectionCode(signed.canonicalBytes) == .badSignature)
    }

    @Test func rejectsASignatureByAnotherKey() {
        let chain = TestChain()
        let transaction = chain.sign(from: 1, [.transfer(5, to: chain.id(2))]).transaction
        let forged = SignedTransaction(
            transaction: transaction, signature: chain.keys[2].sign(transaction.signingBytes))
        #expect(rejectionCode(forged.canonicalBytes) == .badSignature)
    }

    @Test func rejectsASignatureWithoutTheDomainTag() {
        let chain = TestChain()
        let transaction = chain.sign(from: 1, [.transfer(5, to: chain.id(2))]).transaction
        let undomained = SignedTransaction(
            transaction: transaction, signature: chain.keys[1].sign(transaction.canonicalBytes))
        #expect(rejectionCode(undomained.canonicalBytes) == .badSignature)
    }

    @Test func rejectsAnotherChainsTransaction() {
        let chain = TestChain()
        let signed = chain.sign(from: 1, chainID: "bazaar-other", [.transfer(5, to: chain.id(2))])
        #expect(rejectionCode(signed.canonicalBytes) == .wrongChain)
    }

    @Test func rejectsAChainIDThatIsOnlyCanonicallyEquivalent() {
        // "é" precomposed and "e" + combining accent compare equal as Swift strings but are other bytes.
        let composed = Application.admit(
            TestChain().sign(from: 1, chainID: "caf\u{E9}", [.transfer(5, to: TestChain().id(2))]).canonicalBytes,
            chainID: "cafe\u{301}")
        guard case .failure(let rejection) = composed else {
            Issue.record("a chain id with different bytes was accepted")
            return
        }
        #expect(rejection.code == .wrongChain)
    }

    @Test func rejectsANonceAlreadyUsed() {
        var chain = TestChain()
        let first = chain.transaction(from: 1, [.transfer(5, to: chain.id(2))])
        chain.produceBlock([first])
        let replayed = chain.transaction(from: 1, nonce: 0, [.transfer(6, to: chain.id(2))])
        #expect(chain.application.checkTx(replayed) == .nonceTooLow)
        #expect(chain.application.checkTx(first) == .nonceTooLow)
    }

    @Test func rejectsANonceAheadOfTheNextOne() {
        let chain = TestChain()
        let ahead = chain.transaction(from: 1, nonce: 1, [.transfer(5, to: chain.id(2))])
        #expect(chain.application.checkTx(ahead) == .nonceTooHigh)
    }

    @Test func acceptsTheNonceAfterPendingOnes() {
        let chain = TestChain()
        let third = chain.transaction(from: 1, nonce: 2, [.transfer(5, to: chain.id(2))])
        let pending = Application.PendingSender(transactionCount: 2, fees: Amount(baseUnits: 20))
        #expect(chain.application.checkTx(third, pending: pending) == .ok)
        #expect(chain.application.checkTx(third, pending: .init(transactionCount: 1, fees: .zero)) == .nonceTooHigh)
        #expect(chain.application.checkTx(third, pending: .init(transactionCount: 3, fees: .zero)) == .nonceTooLow)
    }

    @Test func rejectsAnExpiredTransaction() {
        var chain = TestChain()
        chain.produceBlock([])
        let expired = chain.transaction(from: 1, expiryHeight: 1, [.transfer(5, to: chain.id(2))])
        #expect(chain.application.checkTx(expired) == .expired)
        let lastChance = chain.transaction(from: 1, expiryHeight: 2, [.transfer(5, to: chain.id(2))])
        #expect(chain.application.checkTx(lastChance) == .ok)
    }

    @Test func rejectsAFeeBelowTheMinimum() {
        let chain = TestChain()
        let cheap = chain.transaction(from: 1, fee: Amount(baseUnits: 9), [.transfer(5, to: chain.id(2))])
        #expect(chain.application.checkTx(cheap) == .feeBelowMinimum)
    }

    @Test func rejectsAFeeTheSenderCannotPay() {
        let chain = TestChain()
        let balance = TestChain.startingBalance
        let unaffordable = chain.transaction(
            from: 1, fee: balance.adding(Amount(baseUnits: 1))!, [.transfer(5, to: chain.id(2))])
        #expect(chain.application.checkTx(unaffordable) == .insufficientFee)
        let everything = chain.transaction(from: 1, fee: balance, [.transfer(5, to: chain.id(2))])
        #expect(chain.application.checkTx(everything) == .ok)
        let pending = Application.PendingSender(transactionCount: 0, fees: Amount(baseUnits: 1))
        #expect(chain.application.checkTx(everything, pending: pending) == .insufficientFee)
    }

    @Test func rejectsAFeeOnceTheFeeBalanceIsSpent() {
        var chain = TestChain()
        let transaction = chain.transaction(from: 3, fee: TestChain.startingBalance, [.burn(1)])
        chain.produceBlock([transaction])
        let next = chain.transaction(from: 3, [.burn(1)])
        #expect(chain.application.checkTx(next) == .insufficientFee)
    }

    @Test func rejectsBytesOverTheSizeLimitBeforeDecoding() {
        #expect(rejectionCode([UInt8](repeating: 0, count: SignedTransaction.byteCountMax + 1)) == .tooLarge)
        #expect(rejectionCode([UInt8](repeating: 0xFF, count: SignedTransaction.byteCountMax)) == .malformed)
    }

    @Test func rejectsTooManyActions() {
        let chain = TestChain()
        let actions = [Action](repeating: .transfer(1, to: chain.id(2)), count: SignedTransaction.actionCountMax + 1)
        let signed = chain.sign(from: 1, actions)
        #expect(rejectionCode(signed.canonicalBytes) == .tooManyActions)
        let atLimit = chain.sign(from: 1, Array(actions.dropLast()))
        #expect(rejectionCode(atLimit.canonicalBytes) == nil)
    }

    @Test func rejectsNoActions() {
        let chain = TestChain()
        #expect(rejectionCode(chain.sign(from: 1, []).canonicalBytes) == .noActions)
    }

    @Test func rejectsMalformedBytes() {
        let chain = TestChain()
        let bytes = chain.sign(from: 1, [.transfer(5, to: chain.id(2))]).canonicalBytes
        #expect(rejectionCode([]) == .malformed)
        #expect(rejectionCode(Array(bytes.dropLast())) == .malformed)
        #expect(rejectionCode(bytes + [0]) == .malformed)
        #expect(rejectionCode([UInt8](repeating: 0xff, count: 200)) == .malformed)
    }

    @Test func admissionCodesAreNeverIncludable() {
        let admission: [ResultCode] = [
            .malformed, .tooLarge, .tooManyActions, .noActions, .wrongChain, .badSignature, .expired, .nonceTooLow,
            .nonceTooHigh, .insufficientFee, .feeBelowMinimum, .duplicate, .mempoolFull, .weakKey, .noncePending,
        ]
        for code in ResultCode.allCases {
            #expect(code.isIncludable == !admission.contains(code), "\(code)")
        }
    }

    @Test func resultCodeNamesAreUniqueSnakeCase() {
        let names = ResultCode.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } })
    }
}
