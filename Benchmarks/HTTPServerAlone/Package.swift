// swift-tools-version:6.1
// For scripts/bench-server.sh: the project's HTTPServer module alone, answering GET /healthz, so the
// server core is measured the way the Hummingbird baseline is (a minimal app on the server, nothing of
// SMS). Builds only the main package's HTTPServer library (and what it depends on).
// SMS_GATEWAY_PATH overrides where the main package is (default: this repository's root).

import PackageDescription

let mainPath = Context.environment["SMS_GATEWAY_PATH"] ?? "../.."

let package = Package(
    name: "HTTPServerAlone",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "httpserver-alone", targets: ["httpserver-alone"]),
    ],
    dependencies: [
        .package(name: "main", path: mainPath),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .executableTarget(
            name: "httpserver-alone",
            dependencies: [
                .product(name: "HTTPServer", package: "main"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
