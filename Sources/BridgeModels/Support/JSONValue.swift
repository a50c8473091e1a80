/// A parsed JSON value, as the strict parser of TradingGridBridge produces it.
///
/// Numbers keep their literal text so that a decimal such as `1250.10` or a 64-bit id is never
/// rounded through `Double`. Objects keep their member order.
public enum JSONValue: Hashable, Sendable {
    /// `null`
    case null
    /// `true` or `false`
    case bool(Bool)
    /// A number, as its literal text (RFC 8259 grammar, already checked).
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, with its members in document order.
    case object(JSONObject)

    /// The JSON type name (`null`, `boolean`, `number`, `string`, `array`, `object`), for
    /// error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// The members of a JSON object in document order, with keyed lookup. Keys are unique: the
/// parser refuses duplicated keys.
public struct JSONObject: Hashable, Sendable {
    /// Member names, in document order.
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    /// Creates an empty object.
    public init() {}

    /// The value for `key`, or `nil`.
    public subscript(key: String) -> JSONValue? {
        storage[key]
    }

    /// Adds a member; returns `false` (and changes nothing) when the key is already present.
    @discardableResult
    public mutating func insert(_ value: JSONValue, forKey key: String) -> Bool {
        guard storage.updateValue(value, forKey: key) == nil else {
            return false
        }
        keys.append(key)
        return true
    }

    /// The number of members.
    public var count: Int { keys.count }
}

/// A strict RFC 8259 JSON parser.
///
/// Differences from Foundation's `JSONDecoder` that matter for untrusted input:
/// - duplicated object keys are an error (``InputError/Reason/duplicateKey(_:)``), not "last one
///   wins";
/// - nesting deeper than ``InputLimits/maxDepth`` is an error, not a stack overflow;
/// - invalid UTF-8 and unpaired surrogate escapes are errors, not replacement characters;
/// - every error carries the JSON path of the container being parsed and the byte offset.
///
/// A UTF-8 byte-order mark at the very start is skipped.
public struct StrictJSONParser: Sendable {
    /// The limits applied (document size and nesting depth).
    public var limits: InputLimits

    /// Creates a parser with the given limits.
    public init(limits: InputLimits = .default) {
        self.limits = limits
    }

    /// Parses one complete JSON document.
    ///
    /// - Throws: ``InputError`` with ``InputError/Reason/malformedJSON(_:)``,
    ///   ``InputError/Reason/duplicateKey(_:)``, ``InputError/Reason/nestingTooDeep(limit:)`` or
    ///   ``InputError/Reason/inputTooLarge(limit:size:)``.
    public func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(InputError) -> JSONValue {
        if bytes.count > limits.maxDocumentBytes {
            throw InputError(path: .root, reason: .inputTooLarge(limit: limits.maxDocumentBytes, size: bytes.count))
        }
        let result: Result<JSONValue, InputError> =
            bytes.withContiguousStorageIfAvailable { buffer in
                Self.run(buffer, maxDepth: limits.maxDepth)
            } ?? Array(bytes).withUnsafeBufferPointer { buffer in
                Self.run(buffer, maxDepth: limits.maxDepth)
            }
        return try result.get()
    }

    /// Parses one complete JSON document from text.
    public func parse(_ text: String) throws(InputError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private static func run(_ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) -> Result<JSONValue, InputError> {
        var reader = Reader(bytes: buffer, maxDepth: maxDepth)
        do throws(InputError) {
            reader.skipByteOrderMark()
            reader.skipWhitespace()
            let value = try reader.parseValue()
            reader.skipWhitespace()
            if !reader.atEnd {
                throw reader.syntax("unexpected content after the JSON value")
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0
    var path: [JSONPath.Component] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    var atEnd: Bool { index >= bytes.count }

    func syntax(_ message: String) -> InputError {
        InputError(path: JSONPath(path), reason: .malformedJSON("\(message) at byte \(index)"))
    }

    mutating func skipByteOrderMark() {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(InputError) -> JSONValue {
        guard index < bytes.count else { throw syntax("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw syntax("unexpected character \(describe(bytes[index]))")
        }
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func expectLiteral(_ literal: StaticString) throws(InputError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        guard index + count <= bytes.count else { throw syntax("unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw syntax("invalid literal")
        }
        index += count
    }

    mutating func enter() throws(InputError) {
        if path.count >= maxDepth {
            throw InputError(path: JSONPath(path), reason: .nestingTooDeep(limit: maxDepth))
        }
    }

    mutating func parseObject() throws(InputError) -> JSONValue {
        try enter()
        index += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw syntax("unexpected end of input in object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw syntax("expected a quoted member name") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw syntax("expected ':' after member name")
            }
            index += 1
            skipWhitespace()
            path.append(.key(key))
            let value = try parseValue()
            path.removeLast()
            if !object.insert(value, forKey: key) {
                throw InputError(path: JSONPath(path), reason: .duplicateKey(key))
            }
            skipWhitespace()
            guard index < bytes.count else { throw syntax("unexpected end of input in object") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(object)
            default: throw syntax("expected ',' or '}' in object")
            }
        }
    }

    mutating func parseArray() throws(InputError) -> JSONValue {
        try enter()
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            path.append(.index(elements.count))
            let value = try parseValue()
            path.removeLast()
            elements.append(value)
            skipWhitespace()
            guard index < bytes.count else { throw syntax("unexpected end of input in array") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw syntax("expected ',' or ']' in array")
            }
        }
    }

    mutating func parseNumber() throws(InputError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw syntax("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count && isDigit(bytes[index]) { throw syntax("invalid number: leading zero") }
        } else {
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw syntax("invalid number: no digits after '.'") }
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw syntax("invalid number: empty exponent") }
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    mutating func parseString() throws(InputError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw syntax("invalid UTF-8 in string")
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw syntax("unescaped control character in string") }
            index += 1
        }
        guard index < bytes.count else { throw syntax("unterminated string") }
        // Slow path: copy with escapes decoded.
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw syntax("invalid UTF-8 in string")
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw syntax("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    index -= 1
                    throw syntax("invalid escape \\\(describe(escape))")
                }
            default:
                if byte < 0x20 { throw syntax("unescaped control character in string") }
                buffer.append(byte)
                index += 1
            }
        }
        throw syntax("unterminated string")
    }

    mutating func parseHex4() throws(InputError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw syntax("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw syntax("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    mutating func parseUnicodeEscape() throws(InputError) -> Unicode.Scalar {
        let first = try parseHex4()
        if first >= 0xD800 && first <= 0xDBFF {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw syntax("unpaired surrogate in \\u escape") }
            index += 2
            let second = try parseHex4()
            guard second >= 0xDC00 && second <= 0xDFFF else { throw syntax("unpaired surrogate in \\u escape") }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { throw syntax("invalid \\u escape") }
            return scalar
        }
        if first >= 0xDC00 && first <= 0xDFFF { throw syntax("unpaired surrogate in \\u escape") }
        guard let scalar = Unicode.Scalar(first) else { throw syntax("invalid \\u escape") }
        return scalar
    }
}

extension JSONValue: Codable {
    /// Decodes any JSON value. With ``StrictJSONDecoder`` numbers keep their literal text; with
    /// other decoders they come through `Int64` or `Double`.
    public init(from decoder: any Decoder) throws {
        if let strict = decoder as? JSONValueDecoder {
            self = strict.value
            return
        }
        if let keyed = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var object = JSONObject()
            for key in keyed.allKeys {
                object.insert(try keyed.decode(JSONValue.self, forKey: key), forKey: key.stringValue)
            }
            self = .object(object)
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let flag = try? single.decode(Bool.self) {
                self = .bool(flag)
            } else if let integer = try? single.decode(Int64.self) {
                self = .number(String(integer))
            } else if let number = try? single.decode(Double.self) {
                self = .number(String(number))
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    /// Encodes the value; numbers are written from their literal text when it is a valid
    /// `Int64` or `Double`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let flag):
            var c = encoder.singleValueContainer()
            try c.encode(flag)
        case .number(let text):
            var c = encoder.singleValueContainer()
            if let integer = Int64(text) { try c.encode(integer) } else { try c.encode(Double(text) ?? 0) }
        case .string(let text):
            var c = encoder.singleValueContainer()
            try c.encode(text)
        case .array(let elements):
            var c = encoder.unkeyedContainer()
            for element in elements { try c.encode(element) }
        case .object(let object):
            var c = encoder.container(keyedBy: AnyCodingKey.self)
            for key in object.keys {
                if let value = object[key] { try c.encode(value, forKey: AnyCodingKey(key)) }
            }
        }
    }
}
