import BazaarAPI
import Foundation
import Testing

@testable import BazaarClient

/// Runs against a node at `$BAZAAR_TEST_NODE` (e.g. a `bazaar devnet`); skipped when it is unset.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["BAZAAR_TEST_NODE"] != nil, "set BAZAAR_TEST_NODE to a node URL"))
struct LiveNodeTests {
    let node = ProcessInfo.processInfo.environment["BAZAAR_TEST_NODE"] ?? BazaarAPIClient.defaultNodeURL

    @Test func blockStreamDeliversASubscriptionConfirmation() async throws {
        let stream = try StreamClient(baseURL: node).messages(subscribing: [
            StreamRequest(op: .subscribe, channel: .blocks)
        ])
        var first: StreamMessage?
        for try await message in stream {
            first = message
            break
        }
        #expect(first?.type == "subscribed")
        #expect(first?.channel == .blocks)
    }

    @Test func statusReportsAChainAndAFeeAsset() async throws {
        let status = try await BazaarAPIClient(baseURL: node).status()
        #expect(!status.chainId.isEmpty)
        #expect(!status.feeAsset.isEmpty)
    }

    @Test func missingBlockIsNil() async throws {
        #expect(try await BazaarAPIClient(baseURL: node).block(height: 1 << 40) == nil)
    }
}
