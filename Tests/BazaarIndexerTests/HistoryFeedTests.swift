import BazaarCore
import BazaarHistory
import BazaarNode
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `GET /v1/history/blocks` over the node's real router: pages of consecutive heights whose rows
/// equal the extractor's, in the canonical encoding BazaarHistory decodes.
@Suite struct HistoryFeedTests {
    static func page(_ client: any TestClientProtocol, _ query: String) async throws -> HistoryFeedPage {
        try await client.execute(uri: "/v1/history/blocks\(query)", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/octet-stream")
            return try HistoryFeedPage(canonicalBytes: Array(buffer: response.body))
        }
    }

    @Test func pagesFollowEachOtherAndEqualTheExtractorsRows() async throws {
        var chain = try IndexerTestChain()
        defer { chain.remove() }
        try await chain.run()
        let extracted = try chain.extractedRows()
        let genesisHash = chain.genesis.hash
        let app = Application(router: APIRoutes.makeRouter(node: chain.node))
        try await app.test(.router) { client in
            var batches = try await Self.page(client, "?limit=2").batches
            #expect(batches.map(\.height) == [0, 1])
            while let last = batches.last?.height {
                let page = try await Self.page(client, "?after=\(last)&limit=2")
                #expect(page.chainID == IndexerTestChain.chainID && page.historyHeight == 5)
                #expect(page.genesisHash == genesisHash)
                if page.batches.isEmpty { break }
                #expect(page.batches.first?.height == last + 1)
                batches += page.batches
            }
            expectSameRows(batches.map(\.rows), extracted)
            // The prints are the node's trade table, the candles' source.
            let prints = batches.flatMap(\.prints)
            #expect(prints.count > 3 && prints.allSatisfy { $0.lots > 0 })
            #expect(try await Self.page(client, "").batches == batches)
        }
    }

    @Test func aPageSurvivesItsEncodingAndRefusesTamperedBytes() async throws {
        var chain = try IndexerTestChain()
        defer { chain.remove() }
        try await chain.run()
        let page = try chain.node.store.historyFeed(after: nil, limit: 100, chainID: chain.node.chainID)
        let bytes = page.canonicalBytes
        #expect(try HistoryFeedPage(canonicalBytes: bytes) == page)
        #expect(throws: DecodingError.self) { try HistoryFeedPage(canonicalBytes: Array(bytes.dropLast())) }
        #expect(throws: DecodingError.self) { try HistoryFeedPage(canonicalBytes: bytes + [0]) }
        var version = bytes
        version[0] = 9
        #expect(throws: DecodingError.self) { try HistoryFeedPage(canonicalBytes: version) }
    }

    @Test func badParametersAreA400() async throws {
        let chain = try IndexerTestChain()
        defer { chain.remove() }
        let app = Application(router: APIRoutes.makeRouter(node: chain.node))
        try await app.test(.router) { client in
            for query in ["?limit=0", "?limit=101", "?after=-1", "?after=x", "?after=9223372036854775807"] {
                try await client.execute(uri: "/v1/history/blocks\(query)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(query)")
                }
            }
            // Above the tip: an empty page, not an error (the indexer polls there).
            let page = try await Self.page(client, "?after=7")
            #expect(page.batches.isEmpty && page.historyHeight == 0)
        }
    }
}
