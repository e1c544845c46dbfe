// swift-tools-version:6.1
// libFuzzer targets for the Gateway module: the POST /messages body (decode + validate) and the
// configuration loader. Its own package so the product never builds with the fuzzer's flags.
// Built and run by scripts/fuzz.sh (request-json | config); see docs/fuzzing.md.
//
//   swift build -c release --scratch-path .build-fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product request-json-fuzz
//
// SwiftPM links each executable's own entry point as `main`, so libFuzzer's `main` is not used: each
// target's `@main` calls libFuzzer's `LLVMFuzzerRunDriver` with its `LLVMFuzzerTestOneInput`.

import PackageDescription

let package = Package(
    name: "GatewayFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "main", path: "../.."),
    ],
    targets: [
        // Invariant checks shared by the targets: trap with a message libFuzzer reports as a crash.
        .target(name: "FuzzSupport", dependencies: ["LibFuzzerDriver"]),
        // The declaration of libFuzzer's LLVMFuzzerRunDriver, which each target's `@main` calls.
        .target(name: "LibFuzzerDriver"),
        .executableTarget(
            name: "request-json-fuzz",
            dependencies: [
                "FuzzSupport",
                .product(name: "Gateway", package: "main"),
            ]
        ),
        .executableTarget(
            name: "config-fuzz",
            dependencies: [
                "FuzzSupport",
                .product(name: "Gateway", package: "main"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
