import Foundation
import Testing

@testable import BazaarClient

@Suite struct BazaarHomeTests {
    @Test func explicitPathWinsOverTheEnvironment() {
        let home = BazaarHome.resolve(
            explicit: "/tmp/explicit", environment: ["BAZAAR_HOME": "/tmp/env", "HOME": "/home/u"])
        #expect(home.url.path == "/tmp/explicit")
    }

    @Test func environmentWinsOverTheUserHome() {
        let home = BazaarHome.resolve(explicit: nil, environment: ["BAZAAR_HOME": "/tmp/env", "HOME": "/home/u"])
        #expect(home.url.path == "/tmp/env")
    }

    @Test func defaultIsDotBazaarInTheUserHome() {
        let home = BazaarHome.resolve(explicit: nil, environment: ["HOME": "/home/u"])
        #expect(home.url.path == "/home/u/.bazaar")
    }

    @Test func keysAndDevnetAreFoldersOfHome() {
        let home = BazaarHome(url: URL(fileURLWithPath: "/tmp/h"))
        #expect(home.keysDirectory.path == "/tmp/h/keys")
        #expect(home.devnetDirectory.path == "/tmp/h/devnet")
        #expect(home.keystore.directory.path == "/tmp/h/keys")
    }
}
