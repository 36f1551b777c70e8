import PropertyBased

@testable import BazaarCore

/// Random values of every encoded type, drawn from the property checker's seeded generator.
enum Arbitrary {
    /// A property-test generator for values made by `make`.
    static func gen<Value>(_ make: @Sendable @escaping (inout any SeededRandomNumberGenerator) -> Value) -> Generator<
        Value, Shrink.None<Value>
    > {
        Generator(run: { rng in make(&rng) })
    }

    static func int(_ range: ClosedRange<Int>, _ rng: inout some RandomNumberGenerator) -> Int {
        Int.random(in: range, using: &rng)
    }

    static func chance(_ numerator: Int, in denominator: Int, _ rng: inout some RandomNumberGenerator) -> Bool {
        Int.random(in: 0..<denominator, using: &rng) < numerator
    }

    static func bytes(_ count: Int, _ rng: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
    }

    static func uint64(_ rng: inout some RandomNumberGenerator) -> UInt64 {
        switch int(0...3, &rng) {
        case 0: UInt64.random(in: 0...3, using: &rng)
        case 1: .max - UInt64.random(in: 0...3, using: &rng)
        default: UInt64.random(in: .min ... .max, using: &rng)
        }
    }

    /// Small, huge and edge amounts alike.
    static func amount(_ rng: inout some RandomNumberGenerator) -> Amount {
        let units: UInt128 =
            switch int(0...4, &rng) {
            case 0: UInt128.random(in: 0...10, using: &rng)
            case 1: .max - UInt128.random(in: 0...10, using: &rng)
            case 2: UInt128.random(in: 0...1_000_000_000, using: &rng)
            default: UInt128.random(in: .min ... .max, using: &rng) >> UInt128.random(in: 0...127, using: &rng)
            }
        return Amount(baseUnits: units)
    }

    static func symbol(_ rng: inout some RandomNumberGenerator) -> AssetSymbol {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let digits = Array("0123456789")
        let count = int(AssetSymbol.lengthRange, &rng)
        var text = String(letters.randomElement(using: &rng)!)
        for _ in 1..<count { text.append((chance(1, in: 4, &rng) ? digits : letters).randomElement(using: &rng)!) }
        return AssetSymbol(validating: text)!
    }

    /// Text of at most `maxByteCount` UTF-8 bytes, with one-, two-, three- and four-byte characters.
    static func text(maxByteCount: Int, _ rng: inout some RandomNumberGenerator) -> String {
        let alphabet: [Character] = ["a", "Z", "0", " ", "-", "é", "ß", "€", "中", "😀", "\u{7F}", "\u{0}"]
        var text = ""
        let target = int(0...maxByteCount, &rng)
        while true {
            let next = alphabet.randomElement(using: &rng)!
            guard text.utf8.count + String(next).utf8.count <= target else { return text }
            text.append(next)
        }
    }

    static func hash(_ rng: inout some RandomNumberGenerator) -> Hash {
        Hash(validating: bytes(Hash.byteCount, &rng))!
    }

    static func accountID(_ rng: inout some RandomNumberGenerator) -> AccountID {
        AccountID(validating: bytes(AccountID.byteCount, &rng))!
    }

    static func privateKey(_ rng: inout some RandomNumberGenerator) -> PrivateKey {
        PrivateKey(seed: bytes(32, &rng))!
    }

    static func publicKey(_ rng: inout some RandomNumberGenerator) -> PublicKey {
        privateKey(&rng).publicKey
    }

    static func signature(_ rng: inout some RandomNumberGenerator) -> Signature {
        Signature(validating: bytes(Signature.byteCount, &rng))!
    }

    static func chainID(_ rng: inout some RandomNumberGenerator) -> String {
        text(maxByteCount: Transaction.chainIDByteCountMax, &rng)
    }

    static func int64(_ rng: inout some RandomNumberGenerator) -> Int64 {
        chance(1, in: 2, &rng) ? Int64.random(in: 1...1_000, using: &rng) : Int64.random(in: 1 ... .max, using: &rng)
    }

    static func optional<Value, Random: RandomNumberGenerator>(
        _ rng: inout Random, _ make: (inout Random) -> Value
    ) -> Value? {
        chance(1, in: 2, &rng) ? make(&rng) : nil
    }

    static func marketID(_ rng: inout some RandomNumberGenerator) -> MarketID {
        MarketID(UInt32.random(in: .min ... .max, using: &rng))
    }

    static func side(_ rng: inout some RandomNumberGenerator) -> MatchingEngine.Side {
        MatchingEngine.Side.allCases.randomElement(using: &rng)!
    }

    static func createMarket(_ rng: inout some RandomNumberGenerator) -> Action.CreateMarket {
        Action.CreateMarket(
            base: symbol(&rng), quote: symbol(&rng), lotSize: amount(&rng), tickSize: amount(&rng),
            minimumSize: amount(&rng), maximumPriceTicks: uint64(&rng),
            makerFeeBasisPoints: Int16.random(in: .min ... .max, using: &rng),
            takerFeeBasisPoints: Int16.random(in: .min ... .max, using: &rng),
            mode: Market.Mode.allCases.randomElement(using: &rng)!)
    }

    static func placeOrder(_ rng: inout some RandomNumberGenerator) -> Action.PlaceOrder {
        Action.PlaceOrder(
            market: marketID(&rng), side: side(&rng), type: OrderType.allCases.randomElement(using: &rng)!,
            price: amount(&rng), size: amount(&rng), clientOrderID: optional(&rng) { uint64(&$0) },
            expiresAtMilliseconds: optional(&rng) { uint64(&$0) },
            selfTradePrevention: SelfTradePrevention.allCases.randomElement(using: &rng)!)
    }

    static func orderReference(_ rng: inout some RandomNumberGenerator) -> OrderReference {
        chance(1, in: 2, &rng) ? .id(uint64(&rng)) : .clientID(uint64(&rng))
    }

    static func action(_ rng: inout some RandomNumberGenerator) -> Action {
        switch int(0...8, &rng) {
        case 4: .createMarket(createMarket(&rng))
        case 5: .placeOrder(placeOrder(&rng))
        case 6: .cancelOrder(Action.CancelOrder(market: marketID(&rng), order: orderReference(&rng)))
        case 7: .cancelAllOrders(Action.CancelAllOrders(market: marketID(&rng)))
        case 8:
            .amendOrder(
                Action.AmendOrder(
                    market: marketID(&rng), order: orderReference(&rng), price: optional(&rng) { amount(&$0) },
                    size: optional(&rng) { amount(&$0) }))
        default: ledgerAction(&rng)
        }
    }

    static func ledgerAction(_ rng: inout some RandomNumberGenerator) -> Action {
        switch int(0...3, &rng) {
        case 0:
            .createAsset(
                Action.CreateAsset(
                    symbol: symbol(&rng), name: text(maxByteCount: Action.CreateAsset.nameByteCountMax, &rng),
                    decimals: UInt8.random(in: .min ... .max, using: &rng),
                    maxSupply: chance(1, in: 2, &rng) ? amount(&rng) : nil))
        case 1: .mint(Action.Mint(asset: symbol(&rng), recipient: accountID(&rng), amount: amount(&rng)))
        case 2: .burn(Action.Burn(asset: symbol(&rng), amount: amount(&rng)))
        default: .transfer(Action.Transfer(recipient: accountID(&rng), asset: symbol(&rng), amount: amount(&rng)))
        }
    }

    static func transaction(_ rng: inout some RandomNumberGenerator) -> Transaction {
        Transaction(
            chainID: chainID(&rng), sender: publicKey(&rng), nonce: uint64(&rng), fee: amount(&rng),
            expiryHeight: uint64(&rng),
            actions: (0..<int(0...4, &rng)).map { _ in action(&rng) })
    }

    static func signedTransaction(_ rng: inout some RandomNumberGenerator) -> SignedTransaction {
        SignedTransaction(transaction: transaction(&rng), signature: signature(&rng))
    }

    static func blockHeader(_ rng: inout some RandomNumberGenerator) -> BlockHeader {
        BlockHeader(
            chainID: chainID(&rng), height: uint64(&rng), timeMilliseconds: uint64(&rng),
            previousBlockHash: hash(&rng), transactionsHash: hash(&rng), previousAppHash: hash(&rng),
            proposer: publicKey(&rng))
    }

    static func block(_ rng: inout some RandomNumberGenerator) -> Block {
        Block(header: blockHeader(&rng), transactions: (0..<int(0...3, &rng)).map { _ in signedTransaction(&rng) })
    }

    static func event(_ rng: inout some RandomNumberGenerator) -> Event {
        switch int(0...12, &rng) {
        case 12:
            .orderFilled(
                market: marketID(&rng), order: uint64(&rng), owner: accountID(&rng), side: side(&rng),
                priceTicks: int64(&rng), lots: int64(&rng))
        case 5: .marketCreated(market: marketID(&rng), base: symbol(&rng), quote: symbol(&rng))
        case 6:
            .orderPlaced(
                market: marketID(&rng), order: uint64(&rng), owner: accountID(&rng), side: side(&rng),
                priceTicks: int64(&rng), lots: int64(&rng))
        case 7:
            .trade(
                market: marketID(&rng), priceTicks: int64(&rng), lots: int64(&rng), takerSide: side(&rng),
                maker: uint64(&rng), taker: uint64(&rng), makerOwner: accountID(&rng), takerOwner: accountID(&rng))
        case 8:
            .orderCancelled(
                market: marketID(&rng), order: uint64(&rng), owner: accountID(&rng), lots: int64(&rng),
                reason: CancelReason.allCases.randomElement(using: &rng)!)
        case 9: .orderExpired(market: marketID(&rng), order: uint64(&rng), owner: accountID(&rng), lots: int64(&rng))
        case 10:
            .orderAmended(
                market: marketID(&rng), order: uint64(&rng), owner: accountID(&rng), priceTicks: int64(&rng),
                lots: int64(&rng))
        case 11: .auctionCleared(market: marketID(&rng), priceTicks: int64(&rng), lots: int64(&rng))
        case 0: .feePaid(payer: accountID(&rng), asset: symbol(&rng), amount: amount(&rng))
        case 1: .assetCreated(asset: symbol(&rng), issuer: accountID(&rng))
        case 2: .minted(asset: symbol(&rng), recipient: accountID(&rng), amount: amount(&rng))
        case 3: .burned(asset: symbol(&rng), holder: accountID(&rng), amount: amount(&rng))
        default:
            .transferred(asset: symbol(&rng), sender: accountID(&rng), recipient: accountID(&rng), amount: amount(&rng))
        }
    }

    static func resultCode(_ rng: inout some RandomNumberGenerator) -> ResultCode {
        ResultCode.allCases.randomElement(using: &rng)!
    }

    static func transactionResult(_ rng: inout some RandomNumberGenerator) -> TransactionResult {
        TransactionResult(
            id: hash(&rng), code: resultCode(&rng),
            failedActionIndex: chance(1, in: 2, &rng) ? UInt32.random(in: .min ... .max, using: &rng) : nil,
            events: (0..<int(0...3, &rng)).map { _ in event(&rng) })
    }

    static func chainParameters(_ rng: inout some RandomNumberGenerator) -> ChainParameters {
        ChainParameters(
            chainID: chainID(&rng), feeAsset: symbol(&rng), minimumFee: amount(&rng),
            blockTransactionCountMax: UInt32.random(in: .min ... .max, using: &rng),
            blockByteCountMax: UInt32.random(in: .min ... .max, using: &rng),
            marketAuthority: optional(&rng) { accountID(&$0) },
            openOrderCountMax: UInt32.random(in: .min ... .max, using: &rng))
    }

    static func genesis(_ rng: inout some RandomNumberGenerator) -> Genesis {
        Genesis(
            parameters: chainParameters(&rng), timeMilliseconds: uint64(&rng),
            assets: (0..<int(0...3, &rng)).map { _ in
                Genesis.Asset(
                    symbol: symbol(&rng), name: text(maxByteCount: Action.CreateAsset.nameByteCountMax, &rng),
                    decimals: UInt8.random(in: .min ... .max, using: &rng), issuer: accountID(&rng),
                    maxSupply: chance(1, in: 2, &rng) ? amount(&rng) : nil)
            },
            balances: (0..<int(0...3, &rng)).map { _ in
                Genesis.Balance(account: accountID(&rng), asset: symbol(&rng), amount: amount(&rng))
            },
            validators: (0..<int(0...3, &rng)).map { _ in publicKey(&rng) },
            markets: (0..<int(0...2, &rng)).map { _ in createMarket(&rng) },
            orders: (0..<int(0...2, &rng)).map { _ in Genesis.OpenOrder(owner: accountID(&rng), order: placeOrder(&rng))
            })
    }

    static func assetInfo(symbol: AssetSymbol, _ rng: inout some RandomNumberGenerator) -> AssetInfo {
        AssetInfo(
            symbol: symbol, name: text(maxByteCount: Action.CreateAsset.nameByteCountMax, &rng),
            decimals: UInt8.random(in: .min ... .max, using: &rng), issuer: accountID(&rng),
            maxSupply: chance(1, in: 2, &rng) ? amount(&rng) : nil, supply: amount(&rng))
    }

    static func account(_ rng: inout some RandomNumberGenerator) -> Account {
        var balances: [AssetSymbol: Amount] = [:]
        for _ in 0..<int(0...3, &rng) {
            balances[symbol(&rng)] = Amount(baseUnits: max(1, amount(&rng).baseUnits))
        }
        var locked: [AssetSymbol: Amount] = [:]
        for _ in 0..<int(0...2, &rng) {
            locked[symbol(&rng)] = Amount(baseUnits: max(1, amount(&rng).baseUnits))
        }
        return Account(nonce: uint64(&rng), balances: balances, locked: locked)
    }

    /// A market with a small price range, so that rebuilding its engine stays cheap.
    static func marketBook(id: MarketID, _ rng: inout some RandomNumberGenerator) -> MarketBook {
        let create = createMarket(&rng)
        let market = Market(
            id: id, base: create.base, quote: create.quote, lotSize: create.lotSize, tickSize: create.tickSize,
            minimumSize: create.minimumSize, maximumPriceTicks: Int64.random(in: 1...200, using: &rng),
            makerFeeBasisPoints: create.makerFeeBasisPoints, takerFeeBasisPoints: create.takerFeeBasisPoints,
            mode: create.mode)
        var book = MarketBook(market: market)
        book.lastPriceTicks = optional(&rng) { Int64.random(in: 1...market.maximumPriceTicks, using: &$0) }
        var nextID = uint64(&rng) >> 8
        for _ in 0..<int(0...4, &rng) {
            nextID += UInt64.random(in: 1...3, using: &rng)
            let types: [OrderType] = market.mode == .continuous ? [.limit, .postOnly] : [.limit, .immediateOrCancel]
            let order = Order(
                id: nextID, market: id, owner: accountID(&rng), side: side(&rng),
                priceTicks: Int64.random(in: 1...market.maximumPriceTicks, using: &rng), lots: int64(&rng),
                type: types.randomElement(using: &rng)!,
                selfTradePrevention: SelfTradePrevention.allCases.randomElement(using: &rng)!,
                clientOrderID: optional(&rng) { uint64(&$0) }, expiresAtMilliseconds: optional(&rng) { uint64(&$0) },
                priority: uint64(&rng), height: uint64(&rng))
            book.orders[order.id] = order
        }
        return rebuilt(book)
    }

    /// The book as decoding makes it: the engine holding the orders in priority order.
    static func rebuilt(_ book: MarketBook) -> MarketBook {
        var reader = CanonicalReader(book.canonicalBytes)
        return try! MarketBook.decode(from: &reader, expectedID: book.market.id)
    }

    /// A snapshot with arbitrary contents; it need not satisfy the ledger's invariants.
    static func ledgerState(_ rng: inout some RandomNumberGenerator) -> LedgerState {
        var accounts: [AccountID: Account] = [:]
        for _ in 0..<int(0...3, &rng) { accounts[accountID(&rng)] = account(&rng) }
        var assets: [AssetSymbol: AssetInfo] = [:]
        for _ in 0..<int(0...3, &rng) {
            let symbol = symbol(&rng)
            assets[symbol] = assetInfo(symbol: symbol, &rng)
        }
        var pools: [AssetSymbol: Amount] = [:]
        for _ in 0..<int(0...2, &rng) { pools[symbol(&rng)] = Amount(baseUnits: max(1, amount(&rng).baseUnits)) }
        let markets = (0..<int(0...2, &rng)).map { marketBook(id: MarketID(UInt32($0 + 1)), &rng) }
        return LedgerState(
            parameters: chainParameters(&rng), height: uint64(&rng), timeMilliseconds: uint64(&rng),
            lastBlockHash: hash(&rng), appHash: hash(&rng), accounts: accounts, assets: assets, feePool: amount(&rng),
            tradingFeePools: pools, markets: markets, nextOrderID: uint64(&rng), nextPriority: uint64(&rng))
    }
}
