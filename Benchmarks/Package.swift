// swift-tools-version: 6.0
//
// Benchmarks for TradingGridBridge. A nested package so the root manifest (and every host's
// dependency graph) never sees it; it depends on the root package by path and on nothing else.
//
//     cd Benchmarks && swift run -c release BridgeBenchmarks            # all suites
//     cd Benchmarks && swift run -c release BridgeBenchmarks sla models # selected suites
import PackageDescription

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "TradingGridBridge", path: "../")
    ],
    targets: [
        .executableTarget(
            name: "BridgeBenchmarks",
            dependencies: [
                .product(name: "TradingGridBridge", package: "TradingGridBridge"),
                // The fakes the engine suite runs against.
                .product(name: "BridgeTesting", package: "TradingGridBridge"),
            ],
            path: "Sources/BridgeBenchmarks"
        )
    ]
)
