#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import BridgeModels

/// The key of a record in a ``BridgeStore`` collection: text of at most 1,024 UTF-8 bytes made of
/// `/`-separated segments, compared byte by byte.
///
/// Keys are safe to use as relative file paths and as database keys: validation refuses empty
/// keys, control characters (NUL included), invisible format and bidirectional control
/// characters, backslashes, a leading or trailing `/`, empty segments (`a//b`) and the segments
/// `.` and `..`. So a store that maps keys to files (one file per key) cannot be steered out of its
/// directory by a hostile partner or case id.
///
/// Equality, hashing and ordering use the key's UTF-8 bytes, not Swift's Unicode-aware `String`
/// comparison: `"é"` written precomposed (U+00E9) and decomposed (`e` + U+0301) are two different
/// keys, exactly as in a database with a binary collation.
///
/// Build keys from identifiers with ``init(segments:)``, which escapes each segment, so a partner
/// id containing `/` or `%` can never collide with another key or escape its partition:
///
/// ```swift
/// let key = try StoreKey(segments: ["ACME", "C-1001"])     // "ACME/C-1001"
/// let odd = try StoreKey(segments: ["A/B", ".."])          // "A%2FB/%2E%2E"
/// ```
public struct StoreKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The longest key, in UTF-8 bytes.
    public static let maxBytes = 1_024

    /// The key text.
    public let rawValue: String

    /// Validates `text` as a key.
    ///
    /// - Throws: `InputError` at `$.key` naming the rule the text breaks.
    public init(_ text: String) throws(InputError) {
        try StoreKey.validate(text, path: StoreKey.errorPath)
        self.rawValue = text
    }

    /// Builds a key from segments, escaping each one (see ``escapeSegment(_:)``) and joining them
    /// with `/`.
    ///
    /// - Throws: `InputError` when there are no segments, a segment is empty, or the key is
    ///   longer than ``maxBytes``.
    public init(segments: [String]) throws(InputError) {
        guard !segments.isEmpty else { throw InputError(path: StoreKey.errorPath, reason: .empty) }
        var text = ""
        for (index, segment) in segments.enumerated() {
            guard !segment.isEmpty else {
                throw InputError(path: StoreKey.errorPath.appending(index: index), reason: .empty)
            }
            if index > 0 { text += "/" }
            text += StoreKey.escapeSegment(segment)
        }
        try self.init(text)
    }

    init(unchecked text: String) {
        self.rawValue = text
    }

    /// The key's segments, unescaped (the inverse of ``init(segments:)``).
    public var segments: [String] {
        rawValue.split(separator: "/", omittingEmptySubsequences: false).map { StoreKey.unescapeSegment(Substring($0)) }
    }

    /// The key text.
    public var description: String { rawValue }

    /// Whether two keys have the same UTF-8 bytes.
    public static func == (lhs: StoreKey, rhs: StoreKey) -> Bool {
        lhs.rawValue.utf8.count == rhs.rawValue.utf8.count && lhs.rawValue.utf8.elementsEqual(rhs.rawValue.utf8)
    }

    /// Hashes the key's UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        var text = rawValue
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Orders keys by their UTF-8 bytes (what a database's binary collation does), which is the
    /// order ``BridgeStore/scan(_:prefix:after:limit:)`` returns.
    public static func < (lhs: StoreKey, rhs: StoreKey) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    /// Whether the key's bytes start with the bytes of `prefix`.
    public func hasBytePrefix(_ prefix: String) -> Bool {
        rawValue.utf8.starts(with: prefix.utf8)
    }

    /// The scan prefix that selects every key built from `segments` plus at least one more
    /// segment: the escaped segments joined by `/`, with a trailing `/`.
    ///
    /// `StoreKey.prefix(["ACME"])` is `"ACME/"`: pass it to ``BridgeStore/scan(_:prefix:after:limit:)``
    /// to read one partner's partition.
    public static func prefix(_ segments: [String]) -> String {
        segments.map(escapeSegment).joined(separator: "/") + "/"
    }

    /// Escapes one segment: `%`, `/`, `\` and characters outside printable text become `%XX`
    /// (UTF-8 bytes, uppercase hex); a segment of only dots (`.`, `..`) has its dots escaped.
    ///
    /// Letters, digits and other printable characters are kept, so keys built from ordinary
    /// identifiers stay readable (`ACME/C-1001`).
    public static func escapeSegment(_ segment: String) -> String {
        let onlyDots = !segment.isEmpty && segment.utf8.allSatisfy { $0 == UInt8(ascii: ".") }
        var out = ""
        for scalar in segment.unicodeScalars {
            let mustEscape =
                onlyDots || scalar == "%" || scalar == "/" || scalar == "\\" || scalar == " "
                || TextRules.isControl(scalar) || TextRules.isBidiControl(scalar) || TextRules.isInvisibleFormat(scalar)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.properties.isWhitespace
            if mustEscape {
                for byte in String(scalar).utf8 {
                    out += "%" + TextSanitizer.hex(UInt32(byte)).suffix(2)
                }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Reverses ``escapeSegment(_:)``.
    static func unescapeSegment(_ segment: Substring) -> String {
        guard segment.contains("%") else { return String(segment) }
        var bytes: [UInt8] = []
        var utf8 = Array(segment.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    static let errorPath: JSONPath = [.key("key")]

    static func validate(_ text: String, path: JSONPath) throws(InputError) {
        _ = try TextRules.check(text, .identifier, limit: maxBytes, path: path)
        let byteCount = text.utf8.count
        if byteCount > maxBytes {
            throw InputError(path: path, reason: .tooLong(limit: maxBytes, length: byteCount))
        }
        if text.utf8.contains(UInt8(ascii: "\\")) {
            throw InputError(path: path, reason: .invalidFormat(expected: "a key without backslashes"))
        }
        for segment in text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if segment.isEmpty {
                throw InputError(
                    path: path,
                    reason: .invalidFormat(expected: "'/'-separated segments, none empty, no leading or trailing '/'"))
            }
            if segment.elementsEqual([UInt8(ascii: ".")]) || segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                throw InputError(path: path, reason: .invalidFormat(expected: "no '.' or '..' segments"))
            }
        }
    }
}

/// The name of a collection in a ``BridgeStore``: a lowercase letter followed by at most 63
/// lowercase letters, digits, `-` or `_`.
///
/// The domain collections the library uses are static members (``cases``, ``outbox``, …); a host
/// may keep its own records in collections of its own names.
public struct StoreCollection: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The longest name, in characters.
    public static let maxLength = 64

    /// The collection name.
    public let name: String

    /// Validates a collection name.
    ///
    /// - Throws: `InputError` at `$.collection`.
    public init(_ name: String) throws(InputError) {
        let path: JSONPath = [.key("collection")]
        let count = name.utf8.count
        if count == 0 { throw InputError(path: path, reason: .empty) }
        if count > StoreCollection.maxLength {
            throw InputError(path: path, reason: .tooLong(limit: StoreCollection.maxLength, length: name.unicodeScalars.count))
        }
        guard StoreCollection.isValid(name) else {
            throw InputError(
                path: path, reason: .invalidFormat(expected: "a lowercase letter followed by lowercase letters, digits, '-' or '_'"))
        }
        self.name = name
    }

    init(unchecked name: String) {
        self.name = name
    }

    static func isValid(_ name: String) -> Bool {
        var first = true
        for byte in name.utf8 {
            let lower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            if first {
                guard lower else { return false }
                first = false
                continue
            }
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard lower || digit || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") else { return false }
        }
        return !first && name.utf8.count <= maxLength
    }

    /// The collection name.
    public var description: String { name }

    /// Orders by name.
    public static func < (lhs: StoreCollection, rhs: StoreCollection) -> Bool { lhs.name < rhs.name }
}

/// The version of a stored record. A store assigns a new one on every successful write and never
/// gives a key a version it had before, even after the record was deleted and inserted again.
///
/// Versions are opaque: compare them for equality only. (The shipped stores use one increasing
/// counter per store, a good choice for a host's own store as well.)
public struct RecordVersion: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The version number.
    public let rawValue: UInt64

    /// Wraps a version number.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Wraps a version number.
    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// The version number in decimal.
    public var description: String { String(rawValue) }
}

/// One record as a ``BridgeStore`` returns it: the key, the value's bytes and the version.
public struct StoredRecord: Hashable, Sendable {
    /// The record's key.
    public var key: StoreKey
    /// The record's value, exactly the bytes written.
    public var value: Data
    /// The record's current version; pass it to the next write or delete of the key.
    public var version: RecordVersion

    /// Creates a record.
    public init(key: StoreKey, value: Data, version: RecordVersion) {
        self.key = key
        self.value = value
        self.version = version
    }
}

/// A decoded value with the version of the record it came from.
public struct Versioned<Value> {
    /// The value.
    public var value: Value
    /// The version of the record; pass it to the next conditional write.
    public var version: RecordVersion

    /// Pairs a value with its version.
    public init(value: Value, version: RecordVersion) {
        self.value = value
        self.version = version
    }
}

extension Versioned: Sendable where Value: Sendable {}
extension Versioned: Equatable where Value: Equatable {}
extension Versioned: Hashable where Value: Hashable {}
