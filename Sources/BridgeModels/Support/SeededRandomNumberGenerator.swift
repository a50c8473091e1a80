/// A small, fast, seedable random number generator (SplitMix64), for reproducible jitter in
/// tests and simulations.
///
/// Not for cryptography. In production, `RetryMiddleware` (BridgeConnectors) uses
/// `SystemRandomNumberGenerator` unless told otherwise. This is SplitMix64 (Steele, Lea and Flood,
/// 2014), the generator the project's seeded property tests use.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Hashable, Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences on every platform.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
