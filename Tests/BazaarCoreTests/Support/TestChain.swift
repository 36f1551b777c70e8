import Testing

@testable import BazaarCore

/// A small chain for tests: a genesis with a few funded keys, and blocks
/// produced through the same ABCI++ calls a node makes.
///
/// Key `i` comes from the seed `[i + 1, i + 1, …]`, so every run builds the same chain.
struct TestChain {
    static let chainID = "bazaar-test-1"
    static let feeAsset: AssetSymbol = "BZR"
    static let usd: AssetSymbol = "USD"
    static let usdCap = Amount(baseUnits: 1_000_000_000)
    static let minimumFee = Amount(baseUnits: 10)
    static let startingBalance = Amount(baseUnits: 1_000_000)
    static let genesisTimeMilliseconds: UInt64 = 1_700_000_000_000
    static let blockIntervalMilliseconds: UInt64 = 1_000

    let keys: [PrivateKey]
    let genesis: Genesis
    private(set) var application: Application
    /// Every committed block with its transactions, for replays.
    private(set) var blocks: [(block: Block, verified: [VerifiedTransaction])] = []
    /// The application hash after each committed height; index 0 is genesis.
    private(set) var appHashes: [Hash]

    /// A chain whose accounts each hold `startingBalance` of the fee asset and of `USD`.
    ///
    /// Account 0 issues both assets; `USD` is capped at `usdCap`. With `exchange`, account 0 is
    /// also the market authority and issues `BTC` and `ETH`, which every account holds too, and
    /// genesis creates the markets of `TestChain.markets` (BTC-USD continuous, ETH-USD batch).
    init(
        accountCount: Int = 4, minimumFee: Amount = TestChain.minimumFee, blockTransactionCountMax: UInt32 = 10_000,
        blockByteCountMax: UInt32 = 8 * 1024 * 1024, exchange: Bool = false, openOrderCountMax: UInt32 = 1_000,
        genesisOrders: [Genesis.OpenOrder] = []
    ) {
        keys = (0..<accountCount).map(TestChain.key)
        let issuer = keys[0].publicKey.accountID
        let parameters = ChainParameters(
            chainID: TestChain.chainID, feeAsset: TestChain.feeAsset, minimumFee: minimumFee,
            blockTransactionCountMax: blockTransactionCountMax, blockByteCountMax: blockByteCountMax,
            marketAuthority: exchange ? issuer : nil, openOrderCountMax: openOrderCountMax)
        var assets = [
            Genesis.Asset(symbol: TestChain.feeAsset, name: "Bazaar", decimals: 6, issuer: issuer, maxSupply: nil),
            Genesis.Asset(
                symbol: TestChain.usd, name: "US Dollar", decimals: 2, issuer: issuer, maxSupply: TestChain.usdCap),
        ]
        if exchange {
            assets.append(
                Genesis.Asset(symbol: TestChain.btc, name: "Bitcoin", decimals: 8, issuer: issuer, maxSupply: nil))
            assets.append(
                Genesis.Asset(symbol: TestChain.eth, name: "Ether", decimals: 6, issuer: issuer, maxSupply: nil))
        }
        genesis = Genesis(
            parameters: parameters,
            timeMilliseconds: TestChain.genesisTimeMilliseconds,
            assets: assets,
            balances: keys.flatMap { key in
                assets.map {
                    Genesis.Balance(
                        account: key.publicKey.accountID, asset: $0.symbol, amount: TestChain.startingBalance)
                }
            },
            validators: [keys[0].publicKey],
            markets: exchange ? TestChain.markets : [],
            orders: genesisOrders
        )
        application = try! Application(genesis: genesis)
        application.checksFullInvariantsEveryBlock = true
        appHashes = [application.state.appHash]
    }

    static func key(_ index: Int) -> PrivateKey {
        PrivateKey(seed: [UInt8](repeating: UInt8(index + 1), count: 32))!
    }

    var state: LedgerState { application.state }

    func id(_ index: Int) -> AccountID { keys[index].publicKey.accountID }

    /// A transaction from account `sender`, signed; unspecified fields take valid values.
    func sign(
        from sender: Int, nonce: UInt64? = nil, fee: Amount = TestChain.minimumFee, expiryHeight: UInt64? = nil,
        chainID: String = TestChain.chainID, _ actions: [Action]
    ) -> SignedTransaction {
        Transaction(
            chainID: chainID, sender: keys[sender].publicKey, nonce: nonce ?? state.nextNonce(of: id(sender)), fee: fee,
            expiryHeight: expiryHeight ?? state.height + 100, actions: actions
        ).signed(with: keys[sender])
    }

    /// Like `sign`, then verified, ready for a block.
    func transaction(
        from sender: Int, nonce: UInt64? = nil, fee: Amount = TestChain.minimumFee, expiryHeight: UInt64? = nil,
        _ actions: [Action]
    ) -> VerifiedTransaction {
        VerifiedTransaction(
            verifying: sign(from: sender, nonce: nonce, fee: fee, expiryHeight: expiryHeight, actions))!
    }

    /// The header the next block would carry with these transactions.
    func nextHeader(for transactions: [VerifiedTransaction]) -> BlockHeader {
        BlockHeader(
            chainID: TestChain.chainID, height: state.height + 1,
            timeMilliseconds: state.timeMilliseconds + TestChain.blockIntervalMilliseconds,
            previousBlockHash: state.lastBlockHash,
            transactionsHash: Block.transactionsHash(ids: transactions.map(\.id)),
            previousAppHash: state.appHash, proposer: keys[0].publicKey)
    }

    func makeBlock(_ transactions: [VerifiedTransaction]) -> Block {
        Block(header: nextHeader(for: transactions), transactions: transactions.map(\.signed))
    }

    /// Runs `prepareProposal` → `processProposal` → `finalizeBlock` → `commit` on the candidates.
    @discardableResult
    mutating func produceBlock(_ candidates: [VerifiedTransaction]) -> FinalizedBlock {
        executeBlock(application.prepareProposal(candidates))
    }

    /// Commits a block of exactly these transactions, as a proposer that skipped
    /// `prepareProposal` would; `processProposal` must still accept it.
    @discardableResult
    mutating func executeBlock(_ transactions: [VerifiedTransaction]) -> FinalizedBlock {
        let block = makeBlock(transactions)
        #expect(application.processProposal(block, verified: transactions) == .accept)
        let finalized = application.finalizeBlock(block, verified: transactions)
        let committed = application.commit()
        #expect(committed.height == block.header.height)
        #expect(committed.appHash == finalized.appHash)
        blocks.append((block, transactions))
        appHashes.append(finalized.appHash)
        return finalized
    }

    /// Continues the chain from `state` (a test that set up state directly, like `MarginFixture`).
    mutating func replaceState(with state: LedgerState) {
        application = Application(state: state)
        application.checksFullInvariantsEveryBlock = true
    }

    /// Executes one transaction in its own block and returns its result.
    mutating func execute(_ transaction: VerifiedTransaction) -> TransactionResult {
        executeBlock([transaction]).results[0]
    }
}

extension Action {
    static func transfer(_ amount: UInt128, of asset: AssetSymbol = TestChain.usd, to recipient: AccountID) -> Action {
        .transfer(Transfer(recipient: recipient, asset: asset, amount: Amount(baseUnits: amount)))
    }

    static func mint(_ amount: UInt128, of asset: AssetSymbol = TestChain.usd, to recipient: AccountID) -> Action {
        .mint(Mint(asset: asset, recipient: recipient, amount: Amount(baseUnits: amount)))
    }

    static func burn(_ amount: UInt128, of asset: AssetSymbol = TestChain.usd) -> Action {
        .burn(Burn(asset: asset, amount: Amount(baseUnits: amount)))
    }

    static func createAsset(
        _ symbol: AssetSymbol, name: String = "Test asset", decimals: UInt8 = 2, maxSupply: UInt128? = nil
    ) -> Action {
        .createAsset(
            CreateAsset(
                symbol: symbol, name: name, decimals: decimals, maxSupply: maxSupply.map(Amount.init(baseUnits:))))
    }
}
