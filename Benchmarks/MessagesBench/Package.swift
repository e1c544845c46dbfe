// swift-tools-version:6.1
// Load client and harness for scripts/bench-messages.sh: POST /messages through each provider adapter,
// with either of the gateway's upstream clients (AsyncHTTPClient, the default, or URLSession); its load
// client is AsyncHTTPClient too.
//
// It uses the main package's Gateway, Providers, Simulators and Store library products.
// SMS_GATEWAY_PATH overrides where the main package is (default: this repository's root).

import PackageDescription

let mainPath = Context.environment["SMS_GATEWAY_PATH"] ?? "../.."

let package = Package(
    name: "MessagesBench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "messages-bench", targets: ["messages-bench"]),
    ],
    dependencies: [
        .package(name: "main", path: mainPath),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "messages-bench",
            dependencies: [
                .product(name: "Gateway", package: "main"),
                .product(name: "Providers", package: "main"),
                .product(name: "Simulators", package: "main"),
                .product(name: "Store", package: "main"),
                .product(name: "HTTPServer", package: "main"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
