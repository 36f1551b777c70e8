public import BazaarCore
public import Foundation

/// `genesis.json`: the genesis in JSON for operators, with amounts in base units as strings.
public struct GenesisFile: Codable, Sendable, Equatable {
    public struct Asset: Codable, Sendable, Equatable {
        public var symbol: String
        public var name: String
        public var decimals: UInt8
        public var issuer: String
        public var maxSupply: String?
    }

    public struct Balance: Codable, Sendable, Equatable {
        public var address: String
        public var asset: String
        public var amount: String
    }

    public var chainId: String
    public var genesisTimeMs: UInt64
    public var feeAsset: String
    public var minimumFee: String
    public var assets: [Asset]
    public var balances: [Balance]
    public var validators: [String]

    public init(_ genesis: Genesis) {
        chainId = genesis.parameters.chainID
        genesisTimeMs = genesis.timeMilliseconds
        feeAsset = genesis.parameters.feeAsset.text
        minimumFee = genesis.parameters.minimumFee.description
        assets = genesis.assets.map {
            Asset(
                symbol: $0.symbol.text, name: $0.name, decimals: $0.decimals, issuer: $0.issuer.address,
                maxSupply: $0.maxSupply?.description)
        }
        balances = genesis.balances.map {
            Balance(address: $0.account.address, asset: $0.asset.text, amount: $0.amount.description)
        }
        validators = genesis.validators.map(\.hex)
    }

    /// The genesis this file describes.
    ///
    /// - Throws: `NodeError.configuration` naming the first invalid field.
    public func genesis() throws -> Genesis {
        func symbol(_ text: String) throws -> AssetSymbol {
            guard let symbol = AssetSymbol(validating: text) else {
                throw NodeError(.configuration, "genesis: '\(text)' is not an asset symbol")
            }
            return symbol
        }
        func account(_ address: String) throws -> AccountID {
            guard let id = AccountID(address: address) else {
                throw NodeError(.configuration, "genesis: '\(address)' is not a bz1 address")
            }
            return id
        }
        func amount(_ text: String) throws -> Amount {
            guard let units = UInt128(text) else {
                throw NodeError(.configuration, "genesis: '\(text)' is not an amount in base units")
            }
            return Amount(baseUnits: units)
        }
        return Genesis(
            parameters: ChainParameters(
                chainID: chainId, feeAsset: try symbol(feeAsset), minimumFee: try amount(minimumFee)),
            timeMilliseconds: genesisTimeMs,
            assets: try assets.map {
                Genesis.Asset(
                    symbol: try symbol($0.symbol), name: $0.name, decimals: $0.decimals, issuer: try account($0.issuer),
                    maxSupply: try $0.maxSupply.map(amount))
            },
            balances: try balances.map {
                Genesis.Balance(
                    account: try account($0.address), asset: try symbol($0.asset), amount: try amount($0.amount))
            },
            validators: try validators.map {
                guard let bytes = [UInt8](hex: $0), let key = PublicKey(validating: bytes) else {
                    throw NodeError(.configuration, "genesis: '\($0)' is not an Ed25519 public key in hex")
                }
                return key
            })
    }

    public static func load(from url: URL) throws -> GenesisFile {
        do {
            return try JSONDecoder().decode(GenesisFile.self, from: Data(contentsOf: url))
        } catch {
            throw NodeError(.configuration, "cannot read genesis at \(url.path): \(error)")
        }
    }

    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
