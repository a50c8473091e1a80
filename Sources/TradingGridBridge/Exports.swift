// The umbrella module: `import TradingGridBridge` gives a host the whole public API. Hosts that
// need only part of it import the fine-grained modules (`BridgeModels`, …) instead.
@_exported public import BridgeModels
@_exported public import BridgeMapping
