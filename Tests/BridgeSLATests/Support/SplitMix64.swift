import BridgeModels

/// The project's seeded generator (SplitMix64), under the name the SLA tests use.
typealias SplitMix64 = SeededRandomNumberGenerator
