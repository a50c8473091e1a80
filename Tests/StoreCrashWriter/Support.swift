// Shared by the crash writer and its test (which imports this module), so both sides compute
// the same digests and random sequences.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeModels

/// FNV-1a 64 of `bytes`, in hex: the digest the writer reports for each value.
func fnv1a(_ bytes: Data) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return String(hash, radix: 16)
}

/// The project's seeded generator (SplitMix64), so runs are reproducible.
typealias SplitMix64 = SeededRandomNumberGenerator
