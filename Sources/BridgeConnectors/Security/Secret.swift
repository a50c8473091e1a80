/// A token, password or webhook secret that never shows up in logs.
///
/// `description`, `debugDescription`, string interpolation, `dump` and `Mirror` all print
/// `<redacted>`, so a `Secret` stored in a configuration struct stays hidden when the struct is
/// printed. Read the value only where it is used, with ``reveal()`` or ``withBytes(_:)``.
///
/// Equality is constant-time, so comparing a received secret with the expected one does not
/// leak how many leading bytes match (the lengths may still differ in time).
///
/// `Secret` is deliberately **not** `Codable`: encoding would either write the secret into a
/// file or a log (if it encoded the value) or silently lose it (if it encoded `<redacted>`), and
/// both are worse than a compile error. Load secrets from the host's secret store and wrap them
/// at the boundary: `Secret(environment["CLICKUP_TOKEN"] ?? "")`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let bytes: [UInt8]

    /// Wraps the UTF-8 bytes of `value`.
    public init(_ value: String) {
        bytes = Array(value.utf8)
    }

    /// Wraps raw key bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The secret as text, for the single place that must send it (an `Authorization` value).
    /// Invalid UTF-8 becomes U+FFFD.
    public func reveal() -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Runs `body` with the secret's bytes (an HMAC key, for example).
    public func withBytes<Result>(_ body: ([UInt8]) throws -> Result) rethrows -> Result {
        try body(bytes)
    }

    /// Whether the secret is empty (a missing environment variable, for example).
    public var isEmpty: Bool { bytes.isEmpty }

    /// Always `<redacted>`.
    public var description: String { Redaction.placeholder }

    /// Always `<redacted>`.
    public var debugDescription: String { Redaction.placeholder }

    /// A mirror with no children, so `dump` and debuggers show nothing of the value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Compares in time that depends only on the lengths, never on the contents.
    public static func == (lhs: Secret, rhs: Secret) -> Bool {
        ConstantTime.isEqual(lhs.bytes, rhs.bytes)
    }
}

/// Comparisons whose running time does not depend on where inputs differ.
public enum ConstantTime: Sendable {
    /// Whether `lhs` and `rhs` hold the same bytes, examining every byte whatever the contents
    /// (inputs of different lengths return `false` at once: only the length leaks).
    ///
    /// Use it to compare signatures and secrets, where an early exit would tell an attacker how
    /// many leading bytes of a guess were right.
    public static func isEqual<A: Collection<UInt8>, B: Collection<UInt8>>(_ lhs: A, _ rhs: B) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }
}
