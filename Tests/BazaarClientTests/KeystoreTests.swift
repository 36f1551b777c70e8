import BazaarCore
import Foundation
import Testing

@testable import BazaarClient

@Suite struct KeystoreTests {
    @Test func createdKeyLoadsBackWithTheSameAddress() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let keystore = Keystore(home: home.url)
        let entry = try keystore.create(name: "alice")
        let loaded = try keystore.load(name: "alice")
        #expect(loaded.publicKey == entry.publicKey)
        #expect(entry.address == loaded.publicKey.accountID.address)
        #expect(try keystore.entry(name: "alice") == entry)
    }

    @Test func savedKeyLoadsBackWithTheSameSeed() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let keystore = Keystore(home: home.url)
        let key = PrivateKey()
        _ = try keystore.save(name: "bob", privateKey: key)
        #expect(try keystore.load(name: "bob").seed == key.seed)
    }

    @Test func keyFileHasOwnerOnlyPermissionsInAnOwnerOnlyDirectory() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let keystore = Keystore(home: home.url)
        _ = try keystore.create(name: "alice")
        let fileAttributes = try FileManager.default.attributesOfItem(atPath: keystore.fileURL(name: "alice").path)
        let directoryAttributes = try FileManager.default.attributesOfItem(atPath: keystore.directory.path)
        #expect((fileAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((directoryAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }

    @Test func keyFileIsJSONWithNameAddressAndHexKeys() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let keystore = Keystore(home: home.url)
        let key = PrivateKey()
        let entry = try keystore.save(name: "carol", privateKey: key)
        let data = try Data(contentsOf: keystore.fileURL(name: "carol"))
        let file = try JSONDecoder().decode(KeyFile.self, from: data)
        let expected = KeyFile(
            name: "carol", address: entry.address, publicKey: entry.publicKey.hex, privateKey: key.seed.hexString)
        #expect(file == expected)
    }

    @Test func listIsSortedByName() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let keystore = Keystore(home: home.url)
        for name in ["carol", "alice", "bob"] { _ = try keystore.create(name: name) }
        #expect(try keystore.list().map(\.name) == ["alice", "bob", "carol"])
    }

    @Test func listOfAKeystoreNeverWrittenIsEmpty() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        #expect(try Keystore(home: home.url).list().isEmpty)
    }

    @Test(arguments: ["", "Alice", "a b", "../etc", "x.json", String(repeating: "a", count: 33), "ключ"])
    func invalidNameIsRefused(name: String) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let error = #expect(throws: KeystoreError.self) { try Keystore(home: home.url).create(name: name) }
        #expect(error?.code == .invalidName)
    }

    @Test(arguments: ["a", "alice_2", "node-1", String(repeating: "z", count: 32)])
    func validNameIsAccepted(name: String) {
        #expect(Keystore.isValid(name: name))
    }

    @Test func existingNameIsNotOverwritten() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let keystore = Keystore(home: home.url)
        let original = try keystore.create(name: "alice")
        let error = #expect(throws: KeystoreError.self) { try keystore.save(name: "alice", privateKey: PrivateKey()) }
        #expect(error?.code == .alreadyExists)
        #expect(try keystore.entry(name: "alice") == original)
    }

    @Test func missingKeyIsNotFoundWithAHintToCreateIt() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let error = #expect(throws: KeystoreError.self) { try Keystore(home: home.url).load(name: "nobody") }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("bazaar keys new nobody") == true)
        #expect(!Keystore(home: home.url).contains(name: "nobody"))
    }

    @Test(arguments: [
        "not json",
        #"{"name":"alice","address":"x","publicKey":"00","privateKey":"zz"}"#,
        #"{"name":"alice"}"#,
    ])
    func corruptFileIsReportedAsCorrupt(contents: String) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let keystore = Keystore(home: home.url)
        try FileManager.default.createDirectory(at: keystore.directory, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: keystore.fileURL(name: "alice"))
        let error = #expect(throws: KeystoreError.self) { try keystore.load(name: "alice") }
        #expect(error?.code == .corrupt)
        #expect(throws: KeystoreError.self) { try keystore.list() }
    }

    @Test func fileWhosePublicKeyDoesNotMatchItsSeedIsCorrupt() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let keystore = Keystore(home: home.url)
        let entry = try keystore.create(name: "alice")
        let tampered = KeyFile(
            name: "alice", address: entry.address, publicKey: entry.publicKey.hex,
            privateKey: PrivateKey().seed.hexString)
        try FileManager.default.removeItem(at: keystore.fileURL(name: "alice"))
        try JSONEncoder().encode(tampered).write(to: keystore.fileURL(name: "alice"))
        let error = #expect(throws: KeystoreError.self) { try keystore.load(name: "alice") }
        #expect(error?.code == .corrupt)
    }
}
