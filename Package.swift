// swift-tools-version:6.2
import PackageDescription

// The layer arrows of DESIGN.md are enforced here: a target can only import what it lists.
//
//   bazaar (CLI) ──► BazaarClient ──┐
//         │                          ├──► BazaarAPI ──► BazaarCore
//         └────────► BazaarNode ─────┤
//                        │   │
//                        │   └──► BazaarHistory ──► BazaarAPI, BazaarCore
//                        └──► BazaarConsensus ──► BazaarCore
//   BazaarSim ──► BazaarCore, BazaarConsensus
//   BazaarIndexer ──► BazaarHistory, BazaarAPI, BazaarCore, PostgresNIO (the node never links PostgreSQL)
//
// BazaarAPI holds the JSON shapes of the REST and WebSocket API, shared by the
// server (BazaarNode) and the SDK (BazaarClient) so that neither depends on the other.
// BazaarHistory turns stored prints into candles and pages them (cursors), with no I/O, for the
// node and for an indexer alike.

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Bazaar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bazaar", targets: ["bazaar"]),
        .library(name: "BazaarCore", targets: ["BazaarCore"]),
        .library(name: "BazaarConsensus", targets: ["BazaarConsensus"]),
        .library(name: "BazaarNode", targets: ["BazaarNode"]),
        .library(name: "BazaarAPI", targets: ["BazaarAPI"]),
        .library(name: "BazaarHistory", targets: ["BazaarHistory"]),
        .library(name: "BazaarClient", targets: ["BazaarClient"]),
        .library(name: "BazaarSim", targets: ["BazaarSim"]),
        .library(name: "BazaarIndexer", targets: ["BazaarIndexer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // libsodium (Debian's libsodium-dev) verifies every Ed25519 signature: one verifier on every node.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        // zlib (Debian's zlib1g-dev), for the tests only: inflating Chromium's PNG screenshots.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .target(
            name: "BazaarCore",
            dependencies: [
                "CSodium",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Collections", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BazaarAPI",
            dependencies: ["BazaarCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BazaarHistory",
            dependencies: ["BazaarCore", "BazaarAPI"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BazaarConsensus",
            dependencies: ["BazaarCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BazaarNode",
            dependencies: [
                "BazaarCore",
                "BazaarAPI",
                "BazaarConsensus",
                "BazaarHistory",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BazaarClient",
            dependencies: [
                "BazaarCore",
                "BazaarAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BazaarSim",
            dependencies: ["BazaarCore", "BazaarConsensus"],
            swiftSettings: swiftSettings
        ),
        // `bazaar indexer`: follows a node's history feed into PostgreSQL (docs/INDEXER.md).
        .target(
            name: "BazaarIndexer",
            dependencies: [
                "BazaarCore",
                "BazaarAPI",
                "BazaarHistory",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bazaar",
            dependencies: [
                "BazaarCore",
                "BazaarNode",
                "BazaarClient",
                "BazaarSim",
                "BazaarIndexer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BazaarCoreTests",
            dependencies: [
                "BazaarCore",
                "CSodium",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BazaarAPITests",
            dependencies: ["BazaarAPI"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BazaarHistoryTests",
            dependencies: ["BazaarHistory"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BazaarConsensusTests",
            dependencies: ["BazaarConsensus"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BazaarNodeTests",
            dependencies: [
                "BazaarNode",
                "BazaarHistory",
                "BazaarClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BazaarIndexerTests",
            dependencies: [
                "bazaar",
                "BazaarIndexer",
                "BazaarNode",
                "BazaarHistory",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BazaarClientTests",
            dependencies: ["BazaarClient"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BazaarSimTests",
            dependencies: ["BazaarSim", "CZlib"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BazaarEndToEndTests",
            dependencies: ["bazaar", "BazaarClient", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
    ]
)
