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
        .library(name: "BridgeMapping", targets: ["BridgeMapping"]),
        .executable(name: "tgbridge", targets: ["tgbridge"]),
    ],
    targets: [
        .target(name: "BridgeModels"),
        .target(name: "BridgeMapping", dependencies: ["BridgeModels"]),
        .target(name: "TradingGridBridge", dependencies: ["BridgeModels", "BridgeMapping"]),
        .executableTarget(name: "tgbridge", dependencies: ["TradingGridBridge"]),
        .testTarget(name: "BridgeModelsTests", dependencies: ["BridgeModels"]),
        .testTarget(name: "BridgeMappingTests", dependencies: ["BridgeMapping", "BridgeModels"]),
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
