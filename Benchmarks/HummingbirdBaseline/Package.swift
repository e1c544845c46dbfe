// swift-tools-version:6.1
// Baseline for scripts/bench-server.sh: a minimal Hummingbird 2 server answering GET /healthz.
// Its own package so the product (sms-gateway) never depends on Hummingbird.

import PackageDescription

let package = Package(
    name: "HummingbirdBaseline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hb-baseline", targets: ["hb-baseline"]),
    ],
    dependencies: [
        // Default traits off: they only add swift-configuration and full-Foundation form coding,
        // neither of which is on the /healthz path; this keeps the baseline's build small.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        .executableTarget(
            name: "hb-baseline",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ]
)
