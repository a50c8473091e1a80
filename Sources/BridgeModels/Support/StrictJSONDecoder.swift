#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes `Decodable` values from untrusted JSON with path-precise, typed errors.
///
/// It parses with ``StrictJSONParser`` (duplicate keys, nesting depth and document size are
/// checked) and then runs the type's `init(from:)`. Every failure, structural or semantic, comes
/// out as one ``InputError`` whose ``InputError/path`` names the offending value.
///
/// ```swift
/// let decoder = StrictJSONDecoder()
/// do {
///     let event = try decoder.decode(CommunityEvent.self, from: line)
/// } catch {
///     print(error)   // $.case.amount.currency: not a valid ISO 4217 currency code: "XYZ"
/// }
/// ```
public struct StrictJSONDecoder: Sendable {
    /// Limits on document size, nesting and every string and list.
    public var limits: InputLimits

    /// Creates a decoder with the given limits.
    public init(limits: InputLimits = .default) {
        self.limits = limits
    }

    /// Decodes a value from JSON bytes.
    ///
    /// - Throws: ``InputError``.
    public func decode<T: Decodable, Bytes: Collection<UInt8>>(_ type: T.Type, from bytes: Bytes) throws(InputError)
        -> T
    {
        let value = try StrictJSONParser(limits: limits).parse(bytes)
        return try decode(type, from: value)
    }

    /// Decodes a value from JSON text.
    ///
    /// - Throws: ``InputError``.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws(InputError) -> T {
        try decode(type, from: Array(text.utf8))
    }

    /// Decodes a value from an already parsed ``JSONValue``.
    ///
    /// - Throws: ``InputError``.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(InputError) -> T {
        try decode(type, from: value, at: .root)
    }

    /// Decodes a value from a part of a larger document, so errors carry the full path.
    ///
    /// Configuration validation uses it to decode each element of a list on its own and report
    /// every bad element, not only the first:
    ///
    /// ```swift
    /// for (index, element) in rules.enumerated() {
    ///     do { try decoder.decode(RoutingRule.self, from: element, at: path.appending(index: index)) }
    ///     catch { problems.append(error) }   // "$.routing[3].teams[0]: …"
    /// }
    /// ```
    ///
    /// - Throws: ``InputError`` whose path starts with `path`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: JSONPath) throws(InputError) -> T {
        let codingPath: [any CodingKey] = path.components.map { component in
            switch component {
            case .key(let key): return AnyCodingKey(key)
            case .index(let index): return IndexKey(index)
            }
        }
        let decoder = JSONValueDecoder(value: value, codingPath: codingPath, userInfo: [.bridgeInputLimits: limits])
        do {
            return try T(from: decoder)
        } catch {
            throw InputError.wrapping(error)
        }
    }
}

/// A coding key for an array position, spelled like Foundation's (`"Index 3"`), so
/// ``JSONPath/init(codingPath:)`` recognises positions from either decoder.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String
    init(_ index: Int) {
        self.intValue = index
        self.stringValue = "Index \(index)"
    }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.init(intValue) }
}

/// A coding key for any member name: dictionary-shaped JSON objects (user ids, GUIDs, encoded
/// URLs, `@odata.*` annotations) and listing the members an object actually has.
package struct AnyCodingKey: CodingKey, Hashable, Sendable {
    package var stringValue: String
    package var intValue: Int? { nil }
    package init(_ name: String) { self.stringValue = name }
    package init?(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { nil }
}

extension Decoder {
    /// Refuses members other than `allowed`, so a misspelt setting in configuration is an error
    /// with its path instead of being silently ignored.
    ///
    /// - Throws: ``InputError`` with ``InputError/Reason/unknownValue(_:allowed:)`` at the
    ///   unknown member's path.
    package func rejectUnknownKeys(allowed: [String]) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw InputError(path: jsonPath.appending(key: key.stringValue), reason: .unknownValue(key.stringValue, allowed: allowed))
        }
    }

    /// Refuses members other than the cases of `keys`.
    package func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        try rejectUnknownKeys(allowed: Keys.allCases.map(\.stringValue))
    }
}

struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    var path: JSONPath { JSONPath(codingPath: codingPath) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw InputError(path: path, reason: .wrongType(expected: "object", found: value.typeName))
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw InputError(path: path, reason: .wrongType(expected: "array", found: value.typeName))
        }
        return UnkeyedContainer(elements: elements, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(decoder: self)
    }

    func child(_ value: JSONValue, key: any CodingKey) -> JSONValueDecoder {
        JSONValueDecoder(value: value, codingPath: codingPath + [key], userInfo: userInfo)
    }

    // MARK: Scalars

    func unboxBool() throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("boolean") }
        return flag
    }

    func unboxString() throws -> String {
        guard case .string(let text) = value else { throw mismatch("string") }
        return text
    }

    func unboxInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .number(let text) = value else { throw mismatch("integer") }
        if let number = T(text) { return number }
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            throw InputError(path: path, reason: .wrongType(expected: "integer", found: "number with a fraction or exponent"))
        }
        // The literal can be megabytes long: quote its head only, as every other reason does.
        throw InputError(path: path, reason: .outOfRange("\(TextSanitizer.quotedFragment(text, limit: 40)) does not fit in \(T.self)"))
    }

    func unboxFloating<T: BinaryFloatingPoint & LosslessStringConvertible>(_ type: T.Type) throws -> T {
        guard case .number(let text) = value else { throw mismatch("number") }
        guard let number = T(text), number.isFinite else {
            throw InputError(
                path: path, reason: .outOfRange("\(TextSanitizer.quotedFragment(text, limit: 40)) is not a finite \(T.self)"))
        }
        return number
    }

    func mismatch(_ expected: String) -> InputError {
        InputError(path: path, reason: .wrongType(expected: expected, found: value.typeName))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let decoder: JSONValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    func child(_ key: Key) throws -> JSONValueDecoder {
        guard let value = object[key.stringValue] else {
            throw InputError(path: decoder.path.appending(key: key.stringValue), reason: .missing)
        }
        return decoder.child(value, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try child(key).value == .null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).unboxBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).unboxString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).unboxFloating(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).unboxFloating(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).unboxInteger(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).unboxInteger(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).unboxInteger(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).unboxInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).unboxInteger(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).unboxInteger(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).unboxInteger(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).unboxInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).unboxInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).unboxInteger(type) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: child(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    /// The decoder of the `"super"` member (a `null` value when absent), as Foundation's.
    func superDecoder() throws -> any Decoder {
        decoder.child(object["super"] ?? .null, key: AnyCodingKey("super"))
    }

    /// The decoder of the member `key` (a `null` value when absent), as Foundation's.
    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(object[key.stringValue] ?? .null, key: key)
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let decoder: JSONValueDecoder
    var currentIndex = 0

    init(elements: [JSONValue], decoder: JSONValueDecoder) {
        self.elements = elements
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// Decodes the current element and moves past it only if that succeeds, as Foundation's
    /// decoder does, so `try? container.decode(…)` can retry the same element another way.
    mutating func next<T>(_ body: (JSONValueDecoder) throws -> T) throws -> T {
        guard currentIndex < elements.count else {
            throw InputError(path: decoder.path.appending(index: currentIndex), reason: .missing)
        }
        let value = try body(decoder.child(elements[currentIndex], key: IndexKey(currentIndex)))
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count else { return false }
        if elements[currentIndex] == .null {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next { try $0.unboxBool() } }
    mutating func decode(_ type: String.Type) throws -> String { try next { try $0.unboxString() } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next { try $0.unboxFloating(type) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next { try $0.unboxFloating(type) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next { try $0.unboxInteger(type) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { try $0.unboxInteger(type) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { try $0.unboxInteger(type) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { try $0.unboxInteger(type) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { try $0.unboxInteger(type) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next { try $0.unboxInteger(type) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { try $0.unboxInteger(type) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { try $0.unboxInteger(type) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { try $0.unboxInteger(type) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { try $0.unboxInteger(type) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next { try T(from: $0) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next { try $0.container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next { try $0.unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next { $0 }
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: JSONValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.unboxBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.unboxString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.unboxFloating(type) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.unboxFloating(type) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.unboxInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.unboxInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.unboxInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.unboxInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.unboxInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.unboxInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.unboxInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.unboxInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.unboxInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.unboxInteger(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }
}
