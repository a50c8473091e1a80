// swift-tools-version: 6.0
//
// TradingGridBridge: connects an OpenText Active Community / Trading Grid partner community with
// Microsoft Planner and ClickUp. The root manifest has no package dependencies, on purpose: every
// host's dependency graph stays exactly as it was. Benchmarks live in the nested `Benchmarks/`
// package, which depends on this one by path.
import PackageDescription

let package = Package(
    name: "TradingGridBridge",
    // `Clock`, `Duration` and the time-based APIs need these floors on Apple platforms.
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9), .visionOS(.v1)],
    products: [
        .library(name: "TradingGridBridge", targets: ["TradingGridBridge"]),
        .library(name: "BridgeModels", targets: ["BridgeModels"]),
        .library(name: "BridgeSLA", targets: ["BridgeSLA"]),
        .library(name: "BridgeMapping", targets: ["BridgeMapping"]),
        .library(name: "BridgeConnectors", targets: ["BridgeConnectors"]),
        .library(name: "BridgeURLSession", targets: ["BridgeURLSession"]),
        .library(name: "BridgeTesting", targets: ["BridgeTesting"]),
        .executable(name: "tgbridge", targets: ["tgbridge"]),
    ],
    targets: [
        .target(name: "BridgeModels"),
        .target(name: "BridgeSLA", dependencies: ["BridgeModels"]),
        .target(name: "BridgeMapping", dependencies: ["BridgeModels", "BridgeSLA"]),
        .target(name: "BridgeConnectors", dependencies: ["BridgeModels", "BridgeSLA", "BridgeMapping"]),
        // The only module that links FoundationNetworking on Linux, so the core never does.
        .target(name: "BridgeURLSession", dependencies: ["BridgeConnectors"]),
        .target(name: "BridgeTesting", dependencies: ["BridgeConnectors"]),
        .target(name: "TradingGridBridge", dependencies: ["BridgeModels", "BridgeSLA", "BridgeMapping", "BridgeConnectors"]),
        // The child process of the file store's crash test: it writes to a FileStore and reports
        // every acknowledged write on stdout until the test kills it with SIGKILL. A dependency of
        // BridgeConnectorsTests so `swift test` builds it next to the test binary.
        .executableTarget(name: "StoreCrashWriter", dependencies: ["BridgeConnectors"], path: "Tests/StoreCrashWriter"),
        .executableTarget(name: "tgbridge", dependencies: ["TradingGridBridge", "BridgeURLSession", "BridgeTesting"]),
        .testTarget(name: "BridgeModelsTests", dependencies: ["BridgeModels"]),
        .testTarget(name: "BridgeSLATests", dependencies: ["BridgeSLA"]),
        // Golden request plans are read from disk by path, not bundled.
        .testTarget(name: "BridgeMappingTests", dependencies: ["BridgeMapping"], exclude: ["Golden"]),
        .testTarget(
            name: "BridgeConnectorsTests", dependencies: ["BridgeConnectors", "BridgeTesting", "StoreCrashWriter"]),
        // The loopback HTTP server the tests start is a Python 3 standard-library script.
        .testTarget(
            name: "BridgeURLSessionTests", dependencies: ["BridgeURLSession", "BridgeTesting"],
            exclude: ["loopback_server.py"]),
        .testTarget(name: "BridgeTestingTests", dependencies: ["BridgeTesting"]),
        .testTarget(name: "tgbridgeTests", dependencies: ["tgbridge", "TradingGridBridge"]),
    ]
)

// Upcoming language features that catch mistakes early, on for every target:
// - ExistentialAny (SE-0335): `any P` is spelled out, so existential costs are visible.
// - MemberImportVisibility (SE-0444): members are only visible from modules a file imports.
// - InternalImportsByDefault (SE-0409): imports are internal unless marked `public import`, so a
//   module's public API states exactly which modules it exposes.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ])
    target.swiftSettings = settings
}
