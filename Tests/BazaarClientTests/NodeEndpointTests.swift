import BazaarAPI
import Testing

@testable import BazaarClient

/// Node URLs as connections need them, and a pinned certificate only with `https://`.
@Suite struct NodeEndpointTests {
    @Test func theSchemeHostAndPortOfANodeURL() throws {
        func parts(_ text: String) throws -> (Bool, String, Int) {
            let endpoint = try NodeEndpoint(parsing: text, given: text)
            return (endpoint.isSecure, endpoint.host, endpoint.port)
        }
        #expect(try parts("http://127.0.0.1:8080") == (false, "127.0.0.1", 8080))
        #expect(try parts("HTTPS://node.example.com") == (true, "node.example.com", 443))
        #expect(try parts("https://[::1]:8443") == (true, "::1", 8443))
    }

    @Test(arguments: ["ftp://127.0.0.1", "127.0.0.1:8080", "https://", ""])
    func aURLThatIsNotHTTPIsRefused(_ text: String) {
        #expect(throws: BazaarClientError.self) { try NodeEndpoint(parsing: text, given: text) }
    }

    @Test func aPinNeedsAnHTTPSURL() throws {
        let pin = CertificateFingerprint(certificateDER: [1, 2, 3])
        let error = #expect(throws: BazaarClientError.self) {
            try BazaarAPIClient(baseURL: "http://127.0.0.1:8080", pinnedCertificate: pin)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("needs an https:// node URL") == true)
        #expect(try BazaarAPIClient(baseURL: "https://127.0.0.1:8080", pinnedCertificate: pin).pinnedCertificate == pin)
        #expect(
            try StreamClient(baseURL: "https://127.0.0.1:8080/", pinnedCertificate: pin).streamURL
                == "wss://127.0.0.1:8080/v1/stream")
    }

    @Test func onlyAddressesAreKeptOutOfTheTLSServerName() {
        #expect(PinnedCertificateTrust.isIPAddress("127.0.0.1"))
        #expect(PinnedCertificateTrust.isIPAddress("::1"))
        #expect(!PinnedCertificateTrust.isIPAddress("localhost"))
        #expect(!PinnedCertificateTrust.isIPAddress("node.example.com"))
    }
}
