import BazaarCore
public import Foundation

extension NodeConfigFile {
    /// The genesis, key and data directory this file names, resolved against `home`.
    public func genesisURL(home: URL) -> URL { Self.resolve(genesisFile, home: home) }
    public func validatorKeyURL(home: URL) -> URL { Self.resolve(validatorKeyFile, home: home) }
    public func dataDirectoryURL(home: URL) -> URL { Self.resolve(dataDirectory, home: home) }

    /// Reads the genesis and the validator key this file names and checks them against each other
    /// and the peers, giving what `NodeRunner` needs.
    ///
    /// - Parameter home: the folder relative paths start from (the config file's folder).
    /// - Throws: `NodeError.configuration` for a missing or unreadable file, an invalid genesis, a key
    ///   file others can read, a key that is not a validator of the genesis, or a peer with this node's key.
    public func makeConfiguration(home: URL) throws -> NodeConfiguration {
        let genesis = try loadGenesis(from: genesisURL(home: home))
        let key = try loadValidatorKey(from: validatorKeyURL(home: home))
        guard genesis.validators.contains(key.publicKey) else {
            throw NodeError(
                .configuration,
                "this node's key \(key.publicKey.hex) is not a validator of chain '\(genesis.parameters.chainID)' "
                    + "in \(genesisURL(home: home).path); only validators can run a node for now")
        }
        if let index = peers.firstIndex(where: { $0.key == key.publicKey }) {
            throw NodeError(.configuration, "peers[\(index)] is this node itself (\(key.publicKey.hex)); remove it")
        }
        let data = dataDirectoryURL(home: home)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: data.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw NodeError(.configuration, "dataDirectory \(data.path) is a file, not a folder")
        }
        var configuration = NodeConfiguration(
            dataDirectory: data, genesis: genesis, validatorKey: key, host: api.host, port: api.port,
            blockIntervalMilliseconds: UInt64(blockIntervalMs), idleIntervalMilliseconds: UInt64(idleIntervalMs))
        configuration.p2pHost = p2p.host
        configuration.p2pPort = p2p.port
        configuration.peers = peers
        configuration.timeouts = timeouts.settings
        return configuration
    }

    private func loadGenesis(from url: URL) throws -> Genesis {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw NodeError(
                .configuration,
                "genesis file \(url.path) does not exist; copy the chain's genesis.json there "
                    + "(`bazaar genesis create` makes one)")
        }
        let genesis = try GenesisFile.load(from: url).genesis()
        do {
            _ = try genesis.makeState()
        } catch {
            throw NodeError(.configuration, "invalid genesis \(url.path): \(error)")
        }
        return genesis
    }

    private func loadValidatorKey(from url: URL) throws -> PrivateKey {
        let files = FileManager.default
        guard files.fileExists(atPath: url.path) else {
            throw NodeError(.configuration, "validator key file \(url.path) does not exist")
        }
        // Like ssh with a private key: refuse a key that other users could have copied.
        let mode = (try? files.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? 0
        guard mode & 0o077 == 0 else {
            throw NodeError(
                .configuration,
                "validator key file \(url.path) can be read by other users (mode \(String(mode, radix: 8))); "
                    + "run: chmod 600 \(url.path)")
        }
        return try ValidatorKeyFile.load(from: url)
    }
}
