// Shared by the crash writer and its test (which imports this module), so both sides compute
// the same digests and random sequences.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// FNV-1a 64 of `bytes`, in hex: the digest the writer reports for each value.
func fnv1a(_ bytes: Data) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return String(hash, radix: 16)
}

/// A small seeded generator (SplitMix64), so runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
