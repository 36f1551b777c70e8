public import BazaarCore
public import Foundation

/// A node's folder: `config.json`, `validator-key.json` (0600), `genesis.json` and `data/`.
///
/// The config file may live elsewhere (`bazaar node start --config FILE`); the paths in it are
/// relative to the config file's folder, which is then the home.
public struct NodeHome: Sendable, Equatable {
    /// Where relative paths of the config file start.
    public let directory: URL
    public let configURL: URL

    public init(directory: URL) {
        self.directory = URL(fileURLWithPath: directory.standardizedFileURL.path, isDirectory: true)
        configURL = self.directory.appendingPathComponent(NodeConfigFile.fileName, isDirectory: false)
    }

    public init(configURL: URL) {
        self.configURL = URL(fileURLWithPath: configURL.standardizedFileURL.path, isDirectory: false)
        directory = URL(fileURLWithPath: self.configURL.deletingLastPathComponent().path, isDirectory: true)
    }

    /// What a started node needs, read from the home.
    public struct Loaded: Sendable {
        public let file: NodeConfigFile
        public let configuration: NodeConfiguration
    }

    /// Reads and checks the config file and the genesis and key it names, and creates the data
    /// directory if it is missing.
    ///
    /// - Throws: `NodeError.configuration` naming the file and field at fault.
    public func load() throws -> Loaded {
        let file = try NodeConfigFile.load(from: configURL)
        let configuration = try file.makeConfiguration(home: directory)
        do {
            try FileManager.default.createDirectory(
                at: configuration.dataDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw NodeError(
                .storage, "cannot create \(configuration.dataDirectory.path): \(error.localizedDescription)")
        }
        return Loaded(file: file, configuration: configuration)
    }

    /// Creates a node home: its folder, the data folder, the key file (readable by its owner only),
    /// a copy of `genesis` if given, and the config file last.
    ///
    /// - Parameters:
    ///   - config: the config to write; its paths are used as they are.
    ///   - key: the node's validator key.
    ///   - genesis: the chain's genesis, or `nil` to leave `genesis.json` for the operator to copy in.
    /// - Throws: `NodeError.configuration` if the folder already holds any file of a node home,
    ///   or a file cannot be written.
    public func create(config: NodeConfigFile, key: PrivateKey, genesis: GenesisFile?) throws {
        let home = self
        try config.validate(source: home.configURL.path)
        let files = FileManager.default
        let owned = [
            home.configURL, config.validatorKeyURL(home: home.directory), config.genesisURL(home: home.directory),
            config.dataDirectoryURL(home: home.directory),
        ]
        if let existing = owned.first(where: { files.fileExists(atPath: $0.path) }) {
            throw NodeError(
                .configuration,
                "\(home.directory.path) already holds a node (\(existing.path) exists); "
                    + "pick another --home or remove it first")
        }
        do {
            try files.createDirectory(
                at: home.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try files.createDirectory(
                at: config.dataDirectoryURL(home: home.directory), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw NodeError(.configuration, "cannot create \(home.directory.path): \(error.localizedDescription)")
        }
        try ValidatorKeyFile.save(key, to: config.validatorKeyURL(home: home.directory))
        if let genesis {
            do {
                try genesis.save(to: config.genesisURL(home: home.directory))
            } catch {
                throw NodeError(.configuration, "cannot write the genesis: \(error.localizedDescription)")
            }
        }
        try config.save(to: home.configURL)
    }
}
