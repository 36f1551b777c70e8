public import BazaarCore
public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Named Ed25519 keys stored as JSON files in `<home>/keys`, one file per key.
///
/// Files are created with permissions 0600 in a 0700 directory and never
/// overwritten: a key is written to a temporary file and hard-linked into
/// place, which fails if the name was taken meanwhile.
public struct Keystore: Sendable {
    /// Key names: 1 to 32 characters of lowercase letters, digits, `_` and `-`.
    public static let nameLengthRange = 1...32
    /// A key file is a few hundred bytes; anything larger is not a key file.
    static let fileByteCountMax = 4096

    public let directory: URL

    /// - Parameter home: the Bazaar home directory; keys live in its `keys` folder, created on first write.
    public init(home: URL) {
        directory = home.appendingPathComponent("keys")
    }

    /// Generates a new random key and stores it under `name`.
    ///
    /// - Throws: `KeystoreError` for an invalid or taken name, or a failed write.
    public func create(name: String) throws -> KeyEntry {
        try save(name: name, privateKey: PrivateKey())
    }

    /// Stores `privateKey` under `name`.
    ///
    /// - Throws: `KeystoreError` for an invalid or taken name, or a failed write.
    public func save(name: String, privateKey: PrivateKey) throws -> KeyEntry {
        try Keystore.validate(name: name)
        guard !contains(name: name) else {
            throw KeystoreError(.alreadyExists, "a key named '\(name)' already exists in \(directory.path)")
        }
        let entry = KeyEntry(name: name, publicKey: privateKey.publicKey)
        let file = KeyFile(
            name: name, address: entry.address, publicKey: entry.publicKey.hex, privateKey: privateKey.seed.hexString)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(file)
        } catch {
            throw KeystoreError(.io, "cannot encode key '\(name)': \(error)")
        }
        try createDirectory()
        try writeNew(data + Data("\n".utf8), to: fileURL(name: name), name: name)
        return entry
    }

    /// The private key stored under `name`.
    ///
    /// - Throws: `KeystoreError` for an invalid name, a missing key or a corrupt file.
    public func load(name: String) throws -> PrivateKey {
        try read(name: name).privateKey
    }

    /// The public facts of the key stored under `name`.
    ///
    /// - Throws: `KeystoreError` for an invalid name, a missing key or a corrupt file.
    public func entry(name: String) throws -> KeyEntry {
        try read(name: name).entry
    }

    /// Every stored key, sorted by name.
    ///
    /// - Throws: `KeystoreError` naming the first corrupt file.
    public func list() throws -> [KeyEntry] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        let fileNames: [String]
        do {
            fileNames = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw KeystoreError(.io, "cannot list \(directory.path): \(error.localizedDescription)")
        }
        let names = fileNames.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }
            .filter { Keystore.isValid(name: $0) }.sorted()
        return try names.map { try entry(name: $0) }
    }

    /// Whether a key file exists under `name`; `false` for an invalid name.
    public func contains(name: String) -> Bool {
        Keystore.isValid(name: name) && FileManager.default.fileExists(atPath: fileURL(name: name).path)
    }

    /// Whether `name` follows the naming rule.
    public static func isValid(name: String) -> Bool {
        nameLengthRange.contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }

    static func validate(name: String) throws(KeystoreError) {
        guard isValid(name: name) else {
            throw KeystoreError(
                .invalidName,
                "'\(name)' is not a valid key name: use 1 to 32 characters of a-z, 0-9, '_' and '-'")
        }
    }

    func fileURL(name: String) -> URL {
        directory.appendingPathComponent("\(name).json")
    }

    private func read(name: String) throws -> (entry: KeyEntry, privateKey: PrivateKey) {
        try Keystore.validate(name: name)
        let url = fileURL(name: name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw KeystoreError(
                .notFound, "no key named '\(name)' in \(directory.path); create it with `bazaar keys new \(name)`")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw KeystoreError(.io, "cannot read \(url.path): \(error.localizedDescription)")
        }
        func corrupt(_ reason: String) -> KeystoreError {
            KeystoreError(.corrupt, "key file \(url.path) is corrupt: \(reason)")
        }
        guard data.count <= Keystore.fileByteCountMax else { throw corrupt("it is larger than a key file can be") }
        guard let file = try? JSONDecoder().decode(KeyFile.self, from: data) else {
            throw corrupt("it is not JSON with name, address, publicKey and privateKey")
        }
        guard let seed = [UInt8](hex: file.privateKey), let privateKey = PrivateKey(seed: seed) else {
            throw corrupt("privateKey is not 64 hex digits")
        }
        let entry = KeyEntry(name: name, publicKey: privateKey.publicKey)
        guard file.name == name else { throw corrupt("it names the key '\(file.name)'") }
        guard file.publicKey.lowercased() == entry.publicKey.hex else {
            throw corrupt("publicKey does not belong to privateKey")
        }
        guard file.address == entry.address else { throw corrupt("address does not belong to privateKey") }
        return (entry, privateKey)
    }

    private func createDirectory() throws {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeystoreError(.io, "cannot create \(directory.path): \(error.localizedDescription)")
        }
    }

    /// Writes `data` to a fresh 0600 temporary file, syncs it, then links it to `url`.
    ///
    /// `link(2)` fails with `EEXIST` instead of replacing, so two writers racing for one
    /// name cannot clobber each other, and a reader never sees a half-written file.
    private func writeNew(_ data: Data, to url: URL, name: String) throws {
        let temporaryPath = directory.appendingPathComponent(".\(name).\(UUID().uuidString).tmp").path
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw ioError("cannot create \(temporaryPath)") }
        defer { unlink(temporaryPath) }
        let written = data.withUnsafeBytes { buffer in
            write(descriptor, buffer.baseAddress, buffer.count)
        }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0 else { throw ioError("cannot write \(temporaryPath)") }
        guard link(temporaryPath, url.path) == 0 else {
            if errno == EEXIST {
                throw KeystoreError(.alreadyExists, "a key named '\(name)' already exists in \(directory.path)")
            }
            throw ioError("cannot store \(url.path)")
        }
    }

    private func ioError(_ what: String) -> KeystoreError {
        KeystoreError(.io, "\(what): \(String(cString: strerror(errno)))")
    }
}
