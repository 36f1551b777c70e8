import Testing

@testable import BazaarCore

/// `finalizeBlock`: what each action does, and what a failed transaction leaves behind.
@Suite("Transaction execution")
struct ExecutionTests {
    /// Checks that between `before` and `after` only the sender's nonce went up
    /// by one and its fee moved to the fee pool.
    private func expectOnlyNonceAndFeeChanged(
        from before: LedgerState, to after: LedgerState, sender: AccountID, fee: Amount = TestChain.minimumFee,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var expected = before.accounts
        var account = expected[sender] ?? Account()
        account.nonce += 1
        let feeBalance = account.balance(of: TestChain.feeAsset).subtracting(fee)!
        account.balances[TestChain.feeAsset] = feeBalance.isZero ? nil : feeBalance
        expected[sender] = account
        #expect(after.accounts == expected, sourceLocation: sourceLocation)
        #expect(after.assets == before.assets, sourceLocation: sourceLocation)
        #expect(after.feePool == before.feePool.adding(fee), sourceLocation: sourceLocation)
    }

    /// Executes one transaction from `sender` and expects it to fail with `code` at `index`, changing only nonce and fee.
    private func expectFailure(
        _ code: ResultCode, at index: UInt32 = 0, from sender: Int = 1, _ actions: [Action],
        on chain: TestChain = TestChain(), sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var chain = chain
        let before = chain.state
        let result = chain.execute(chain.transaction(from: sender, actions))
        #expect(result.code == code, sourceLocation: sourceLocation)
        #expect(result.failedActionIndex == index, sourceLocation: sourceLocation)
        #expect(
            result.events == [
                .feePaid(payer: chain.id(sender), asset: TestChain.feeAsset, amount: TestChain.minimumFee)
            ],
            sourceLocation: sourceLocation)
        expectOnlyNonceAndFeeChanged(
            from: before, to: chain.state, sender: chain.id(sender), sourceLocation: sourceLocation)
    }

    // MARK: - Successful actions

    @Test func transferMovesUnitsAndChargesTheFee() {
        var chain = TestChain()
        let result = chain.execute(chain.transaction(from: 1, [.transfer(250, to: chain.id(2))]))
        #expect(result.code == .ok)
        #expect(result.failedActionIndex == nil)
        #expect(
            result.events == [
                .feePaid(payer: chain.id(1), asset: TestChain.feeAsset, amount: TestChain.minimumFee),
                .transferred(
                    asset: TestChain.usd, sender: chain.id(1), recipient: chain.id(2), amount: Amount(baseUnits: 250)),
            ])
        #expect(chain.state.balance(of: chain.id(1), asset: TestChain.usd).baseUnits == 999_750)
        #expect(chain.state.balance(of: chain.id(2), asset: TestChain.usd).baseUnits == 1_000_250)
        #expect(chain.state.balance(of: chain.id(1), asset: TestChain.feeAsset).baseUnits == 999_990)
        #expect(chain.state.feePool == TestChain.minimumFee)
        #expect(chain.state.nextNonce(of: chain.id(1)) == 1)
    }

    @Test func transferToANewAccountCreatesIt() {
        var chain = TestChain()
        let newcomer = TestChain.key(9).publicKey.accountID
        #expect(chain.state.account(newcomer) == nil)
        #expect(chain.execute(chain.transaction(from: 1, [.transfer(1, to: newcomer)])).code == .ok)
        #expect(chain.state.account(newcomer) == Account(nonce: 0, balances: [TestChain.usd: Amount(baseUnits: 1)]))
    }

    @Test func transferOfAWholeBalanceRemovesTheEntry() {
        var chain = TestChain()
        #expect(chain.execute(chain.transaction(from: 1, [.transfer(1_000_000, to: chain.id(2))])).code == .ok)
        #expect(chain.state.account(chain.id(1))?.balances[TestChain.usd] == nil)
    }

    @Test func createAssetThenMintInOneTransaction() {
        var chain = TestChain()
        let result = chain.execute(
            chain.transaction(from: 2, [.createAsset("GOLD", maxSupply: 500), .mint(500, of: "GOLD", to: chain.id(3))]))
        #expect(result.code == .ok)
        let gold = chain.state.assets["GOLD"]
        #expect(gold?.issuer == chain.id(2))
        #expect(gold?.supply == Amount(baseUnits: 500))
        #expect(chain.state.balance(of: chain.id(3), asset: "GOLD") == Amount(baseUnits: 500))
        #expect(result.events.contains(.assetCreated(asset: "GOLD", issuer: chain.id(2))))
    }

    @Test func burnLowersBalanceAndSupply() {
        var chain = TestChain()
        #expect(chain.execute(chain.transaction(from: 3, [.burn(400)])).code == .ok)
        #expect(chain.state.balance(of: chain.id(3), asset: TestChain.usd).baseUnits == 999_600)
        #expect(chain.state.assets[TestChain.usd]?.supply == Amount(baseUnits: 3_999_600))
    }

    @Test func mintUpToTheCapSucceeds() {
        var chain = TestChain()
        let room = TestChain.usdCap.baseUnits - 4 * TestChain.startingBalance.baseUnits
        #expect(chain.execute(chain.transaction(from: 0, [.mint(room, to: chain.id(1))])).code == .ok)
        #expect(chain.state.assets[TestChain.usd]?.supply == TestChain.usdCap)
    }

    @Test func transferToSelfKeepsTheBalance() {
        var chain = TestChain()
        #expect(chain.execute(chain.transaction(from: 1, [.transfer(10, to: chain.id(1))])).code == .ok)
        #expect(chain.state.balance(of: chain.id(1), asset: TestChain.usd) == TestChain.startingBalance)
    }

    // MARK: - Failures change only nonce and fee

    @Test func unknownAssetFails() {
        expectFailure(.unknownAsset, [.transfer(1, of: "NOPE", to: TestChain.key(2).publicKey.accountID)])
        expectFailure(.unknownAsset, [.burn(1, of: "NOPE")])
        expectFailure(.unknownAsset, from: 0, [.mint(1, of: "NOPE", to: TestChain.key(2).publicKey.accountID)])
    }

    @Test func creatingAnExistingAssetFails() {
        expectFailure(.assetExists, [.createAsset(TestChain.usd)])
    }

    @Test func creatingAnAssetWithTooManyDecimalsFails() {
        expectFailure(.invalidDecimals, [.createAsset("NEW", decimals: Amount.decimalsMax + 1)])
    }

    @Test func creatingAnAssetWithAnEmptyOrLongNameFails() {
        expectFailure(.invalidName, [.createAsset("NEW", name: "")])
        expectFailure(.invalidName, [.createAsset("NEW", name: String(repeating: "n", count: 65))])
    }

    @Test func mintByANonIssuerFails() {
        expectFailure(.notIssuer, from: 1, [.mint(1, to: TestChain.key(1).publicKey.accountID)])
    }

    @Test func mintOverTheSupplyCapFails() {
        let room = TestChain.usdCap.baseUnits - 4 * TestChain.startingBalance.baseUnits
        expectFailure(.supplyCapExceeded, from: 0, [.mint(room + 1, to: TestChain.key(1).publicKey.accountID)])
    }

    @Test func mintPast128BitsFails() {
        var chain = TestChain()
        _ = chain.execute(chain.transaction(from: 1, [.createAsset("HUGE"), .mint(.max, of: "HUGE", to: chain.id(1))]))
        #expect(chain.state.assets["HUGE"]?.supply.baseUnits == .max)
        expectFailure(.amountOverflow, from: 1, [.mint(1, of: "HUGE", to: chain.id(2))], on: chain)
    }

    @Test func burnOverTheBalanceFails() {
        expectFailure(.insufficientBalance, [.burn(1_000_001)])
    }

    @Test func transferOverTheBalanceFails() {
        expectFailure(.insufficientBalance, [.transfer(1_000_001, to: TestChain.key(2).publicKey.accountID)])
    }

    @Test func theFeeIsPaidBeforeActionsRun() {
        // The sender holds exactly its starting balance of the fee asset, but the fee leaves less.
        let recipient = TestChain.key(2).publicKey.accountID
        expectFailure(
            .insufficientBalance,
            [.transfer(TestChain.startingBalance.baseUnits, of: TestChain.feeAsset, to: recipient)])
    }

    @Test func zeroAmountsFail() {
        let recipient = TestChain.key(2).publicKey.accountID
        expectFailure(.zeroAmount, [.transfer(0, to: recipient)])
        expectFailure(.zeroAmount, [.burn(0)])
        expectFailure(.zeroAmount, from: 0, [.mint(0, to: recipient)])
    }

    // MARK: - Atomicity

    @Test func aFailingSecondActionUndoesTheFirst() {
        let recipient = TestChain.key(2).publicKey.accountID
        expectFailure(
            .insufficientBalance, at: 1, [.transfer(100, to: recipient), .transfer(5_000_000, to: recipient)])
    }

    @Test func aFailingLastActionUndoesAnAssetCreatedBeforeIt() {
        expectFailure(
            .insufficientBalance, at: 2,
            [.createAsset("NEW"), .mint(10, of: "NEW", to: TestChain.key(1).publicKey.accountID), .burn(11, of: "NEW")])
    }

    @Test func aRolledBackAssetCanBeCreatedLaterInTheSameBlock() {
        var chain = TestChain()
        let failing = chain.transaction(from: 1, nonce: 0, [.createAsset("NEW"), .burn(1, of: "NEW")])
        let creating = chain.transaction(from: 2, nonce: 0, [.createAsset("NEW")])
        let results = chain.executeBlock([failing, creating]).results
        #expect(results.map(\.code) == [.insufficientBalance, .ok])
        #expect(chain.state.assets["NEW"]?.issuer == chain.id(2))
    }

    @Test func laterActionsSeeEarlierOnes() {
        var chain = TestChain()
        let newcomer = TestChain.key(9).publicKey.accountID
        let result = chain.execute(
            chain.transaction(from: 1, [.transfer(1_000_000, to: newcomer), .transfer(1, to: chain.id(2))]))
        #expect(result.code == .insufficientBalance)
        #expect(chain.state.account(newcomer) == nil)
    }

    @Test func aFailedTransactionWithoutFeeReportsNoEvents() {
        var chain = TestChain(minimumFee: .zero)
        let before = chain.state
        let result = chain.execute(
            chain.transaction(
                from: 1, fee: .zero, [.transfer(100, to: chain.id(2)), .transfer(5_000_000, to: chain.id(2))]))
        #expect(result.code == .insufficientBalance)
        #expect(result.events == [])
        expectOnlyNonceAndFeeChanged(from: before, to: chain.state, sender: chain.id(1), fee: .zero)
    }

    @Test func aSuccessfulTransactionWithoutFeeReportsNoFeeEvent() {
        var chain = TestChain(minimumFee: .zero)
        let result = chain.execute(chain.transaction(from: 1, fee: .zero, [.burn(1)]))
        #expect(result.events == [.burned(asset: TestChain.usd, holder: chain.id(1), amount: Amount(baseUnits: 1))])
        #expect(chain.state.feePool == .zero)
    }

    // MARK: - Transactions a faulty proposer includes

    @Test func anInadmissibleTransactionInABlockChangesNothing() {
        var chain = TestChain()
        let before = chain.state
        let ahead = chain.transaction(from: 1, nonce: 5, [.transfer(1, to: chain.id(2))])
        let stale = chain.transaction(from: 2, expiryHeight: 0, [.transfer(1, to: chain.id(1))])
        let broke = chain.transaction(from: 3, fee: Amount(baseUnits: 2_000_000), [.transfer(1, to: chain.id(1))])
        let results = chain.executeBlock([ahead, stale, broke]).results
        #expect(results.map(\.code) == [.nonceTooHigh, .expired, .insufficientFee])
        #expect(results.allSatisfy { $0.events.isEmpty && $0.failedActionIndex == nil })
        #expect(chain.state.accounts == before.accounts)
        #expect(chain.state.feePool == before.feePool)
    }

    @Test func aSecondTransactionWithTheSameNonceInABlockFails() {
        var chain = TestChain()
        let first = chain.transaction(from: 1, nonce: 0, [.transfer(1, to: chain.id(2))])
        let second = chain.transaction(from: 1, nonce: 0, [.transfer(2, to: chain.id(2))])
        let results = chain.executeBlock([first, second]).results
        #expect(results.map(\.code) == [.ok, .nonceTooLow])
    }

    @Test func resultsCarryTheTransactionIDs() {
        var chain = TestChain()
        let transactions = (0..<3).map { chain.transaction(from: $0, [.burn(1)]) }
        let finalized = chain.executeBlock(transactions)
        #expect(finalized.results.map(\.id) == transactions.map(\.id))
    }
}
