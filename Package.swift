// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "sms-gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sms-gateway", targets: ["sms-gateway"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        // For the benchmark packages under Benchmarks/, which build against these modules.
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "Providers", targets: ["Providers"]),
        .library(name: "Simulators", targets: ["Simulators"]),
        .library(name: "Store", targets: ["Store"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // A pthread-mutex-guarded value: the one lock every module uses (ThreadSanitizer sees it).
        .target(name: "Locking", swiftSettings: strict),
        // Our own HTTP/1.1 server: sockets, Dispatch, a pure byte parser. Knows nothing of SMS.
        .target(
            name: "HTTPServer",
            dependencies: ["Locking", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strict
        ),
        // Message records and idempotency keys behind protocols: SQLite (GRDB) by default, in memory for tests.
        .target(name: "Store", dependencies: ["Locking", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        // The product: config, validation, unified errors, routing, the adapter protocol.
        .target(
            name: "Gateway",
            dependencies: [
                "HTTPServer", "Store", "Locking",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // One adapter per provider, one folder each; the upstream HTTP clients (AsyncHTTPClient, URLSession).
        .target(
            name: "Providers",
            dependencies: [
                "Gateway", "Locking", .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Fake providers speaking each provider's wire format, for tests, the demo and benchmarks.
        .target(
            name: "Simulators",
            dependencies: ["HTTPServer", "Locking", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "sms-gateway",
            dependencies: [
                "HTTPServer", "Gateway", "Providers", "Simulators", "Store", "Locking",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HTTPServerTests",
            dependencies: ["HTTPServer", "Locking", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: ["Gateway", "Store", "HTTPServer"],
            swiftSettings: strict
        ),
        // Drives the built `sms-gateway` executable as a process: signals, exit codes, log lines.
        .testTarget(
            name: "CLITests",
            dependencies: ["sms-gateway", "Simulators", "HTTPServer", "Locking"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SimulatorsTests",
            dependencies: ["Simulators", "HTTPServer", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ProvidersTests",
            dependencies: [
                "Providers", "Gateway", "Simulators", "HTTPServer", "Store", "Locking",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
