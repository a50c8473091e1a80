#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

// MARK: - Validated reads

extension KeyedDecodingContainer {
    /// The JSON path of `key` inside this container.
    package func path(_ key: Key) -> JSONPath {
        JSONPath(codingPath: codingPath).appending(key: key.stringValue)
    }

    /// Whether `key` is present with a non-null value.
    package func has(_ key: Key) throws -> Bool {
        guard contains(key) else { return false }
        return try !decodeNil(forKey: key)
    }

    /// A required text value with a shape and a length limit; `null` counts as missing.
    package func text(_ key: Key, _ shape: TextShape, limit: Int) throws -> String {
        let value = try required(String.self, key)
        return try TextRules.check(value, shape, limit: limit, path: path(key))
    }

    /// An optional text value; absent or `null` gives `nil`.
    package func optionalText(_ key: Key, _ shape: TextShape, limit: Int) throws -> String? {
        guard try has(key) else { return nil }
        return try text(key, shape, limit: limit)
    }

    /// A required RFC 3339 date-time with a zone offset; `null` counts as missing.
    package func timestamp(_ key: Key) throws -> Date {
        let value = try required(String.self, key)
        do {
            return try RFC3339.parse(value)
        } catch {
            throw InputError(path: path(key), reason: .invalidDate(error.detail))
        }
    }

    /// An optional RFC 3339 date-time; absent or `null` gives `nil`.
    package func optionalTimestamp(_ key: Key) throws -> Date? {
        guard try has(key) else { return nil }
        return try timestamp(key)
    }

    /// A list with at most `limit` elements; absent or `null` gives an empty list.
    package func list<T: Decodable>(_ key: Key, limit: Int) throws -> [T] {
        guard try has(key) else { return [] }
        var container = try nestedUnkeyedContainer(forKey: key)
        if let count = container.count, count > limit {
            throw InputError(path: path(key), reason: .tooManyItems(limit: limit, count: count))
        }
        var items: [T] = []
        while !container.isAtEnd {
            items.append(try container.decode(T.self))
        }
        return items
    }

    /// A value that must be present: `null` counts as missing.
    package func required<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        if contains(key), try decodeNil(forKey: key) {
            throw InputError(path: path(key), reason: .missing)
        }
        return try decode(type, forKey: key)
    }

    /// An optional value; absent or `null` gives `nil`.
    package func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        guard try has(key) else { return nil }
        return try decode(type, forKey: key)
    }
}

extension KeyedEncodingContainer {
    /// Writes an instant as RFC 3339 in UTC.
    package mutating func encodeTimestamp(_ date: Date, forKey key: Key) throws {
        try encode(RFC3339.string(from: date), forKey: key)
    }

    /// Writes an optional instant; `nil` writes nothing.
    package mutating func encodeTimestampIfPresent(_ date: Date?, forKey key: Key) throws {
        if let date { try encodeTimestamp(date, forKey: key) }
    }

    /// Writes a list unless it is empty, so encoded documents stay compact and stable.
    package mutating func encodeUnlessEmpty<T: Encodable>(_ list: [T], forKey key: Key) throws {
        if !list.isEmpty { try encode(list, forKey: key) }
    }
}

// MARK: - Open and closed sets

/// A value of an open set that configuration extends, such as ``CaseKind`` or ``PartnerTier``.
///
/// Open sets are structs with static members for the well-known values rather than enums, so a
/// host can route a kind the library has never heard of (`CaseKind(rawValue: "labelling")`)
/// without a new release. Raw values are tokens: a letter followed by letters, digits, `.`, `_`
/// or `-`, at most ``InputLimits/token`` long.
public protocol OpenSetValue: RawRepresentable, Hashable, Sendable, Codable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
where RawValue == String {
    /// Creates a value from its raw token (not validated; decoding validates).
    init(rawValue: String)
}

extension OpenSetValue {
    /// Creates a value from a string literal.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// The raw token.
    public var description: String { rawValue }

    /// Orders by raw value, for stable output.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes and validates the token.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self.init(rawValue: try TextRules.check(text, .token, limit: decoder.inputLimits.token, path: decoder.jsonPath))
    }

    /// Encodes the raw token.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A value of a closed set that the format fixes, such as ``Priority`` or ``WorkStatus``.
///
/// Decoding an unknown value fails with ``InputError/Reason/unknownValue(_:allowed:)``, which
/// lists the accepted values.
public protocol ClosedSetValue: RawRepresentable, CaseIterable, Hashable, Sendable, Codable
where RawValue == String {}

extension ClosedSetValue {
    /// Decodes a known raw value or fails with the list of accepted ones.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw InputError(
                path: decoder.jsonPath, reason: .unknownValue(text, allowed: Self.allCases.map(\.rawValue)))
        }
        self = value
    }

    /// Encodes the raw value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

// MARK: - Identifiers

/// An identifier assigned by another system (Trading Grid, a tracker, the host), typed by what
/// it identifies so a case id cannot be passed where a partner id is expected.
///
/// Decoding checks the ``InputLimits/identifier`` length and refuses control, invisible-format
/// and bidirectional characters and surrounding whitespace; values created in code with a
/// literal are trusted.
public struct Identifier<Subject>: RawRepresentable, Hashable, Sendable, Comparable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The identifier as the issuing system wrote it.
    public let rawValue: String

    /// Wraps a raw identifier (not validated; use ``validated(_:limits:)`` for untrusted text).
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Wraps a raw identifier (not validated).
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates an identifier from a string literal.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// Validates untrusted text as an identifier.
    ///
    /// - Throws: ``InputError`` at the root path.
    public static func validated(_ text: String, limits: InputLimits = .default) throws(InputError) -> Self {
        Self(rawValue: try TextRules.check(text, .identifier, limit: limits.identifier, path: .root))
    }

    /// The raw identifier.
    public var description: String { rawValue }

    /// Orders by raw value, for stable output.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes and validates an identifier.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self.rawValue = try TextRules.check(
            text, .identifier, limit: decoder.inputLimits.identifier, path: decoder.jsonPath)
    }

    /// Encodes the raw identifier.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Tags for identifiers of things that have no model type of their own.
public enum IdentifierTag: Sendable {
    /// A Trading Grid discussion thread.
    public enum Thread: Sendable {}
    /// A message author (a partner user or an internal user as the community shows them).
    public enum Author: Sendable {}
}

// MARK: - Stable encoding

/// JSON encoding with a stable output: sorted keys, no escaped slashes, RFC 3339 dates.
///
/// The models encode their dates as RFC 3339 strings themselves, so the output does not depend
/// on the encoder's date strategy; sorted keys make the bytes stable, so hosts can write golden
/// tests against them.
public enum StableJSON: Sendable {
    /// A `JSONEncoder` configured for stable output.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        return encoder
    }

    /// Encodes a value to stable JSON bytes.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        try encoder(pretty: pretty).encode(value)
    }

    /// Encodes a value to a stable JSON string.
    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        String(decoding: try encode(value, pretty: pretty), as: UTF8.self)
    }
}
