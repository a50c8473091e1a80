/// A location inside a JSON document, such as `$.case.references[2].value`.
///
/// Paths are built while decoding, so every ``InputError`` says exactly where the bad value is.
/// The textual form follows the common JSONPath dot notation; keys that are not plain
/// identifiers are written in brackets with quotes (`$["odd key"]`).
public struct JSONPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step of a path: an object key or an array index.
    public enum Component: Hashable, Sendable {
        /// A member of an object.
        case key(String)
        /// An element of an array (zero-based).
        case index(Int)
    }

    /// The steps from the document root to the value.
    public var components: [Component]

    /// Creates a path from its steps.
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// Creates a path from an array literal of steps.
    public init(arrayLiteral elements: Component...) {
        self.components = elements
    }

    /// The path of the document root, `$`.
    public static let root = JSONPath()

    /// Returns this path extended by an object key.
    public func appending(key: String) -> JSONPath {
        JSONPath(components + [.key(key)])
    }

    /// Returns this path extended by an array index.
    public func appending(index: Int) -> JSONPath {
        JSONPath(components + [.index(index)])
    }

    /// The name of the field the path ends in, or `$` for the root; for an array element, the
    /// name of the array.
    public var field: String {
        for component in components.reversed() {
            if case .key(let key) = component { return key }
        }
        return "$"
    }

    /// The path in JSONPath dot notation, e.g. `$.case.references[0].type`.
    public var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                if JSONPath.isPlainKey(key) {
                    text += "." + key
                } else {
                    text += "[\"" + TextSanitizer.quotedFragment(key, limit: 40) + "\"]"
                }
            }
        }
        return text
    }

    /// Builds a path from the coding path of a `Decoder`.
    public init(codingPath: [any CodingKey]) {
        self.components = codingPath.map { key in
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                return .index(index)
            }
            return .key(key.stringValue)
        }
    }

    private static func isPlainKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, !key.isEmpty, key.utf8.count <= 64 else { return false }
        let isLetter = (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) || first == 0x5F
        guard isLetter else { return false }
        return key.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F
        }
    }
}

/// Bad input, with the place it was found and the reason it was refused.
///
/// Every decoder in TradingGridBridge reports problems with input it does not control
/// (community events, configuration, calendars, tracker responses) as an `InputError`: the JSON
/// path of the offending value, the field name and a typed ``Reason``. The ``description`` is
/// safe to log: values quoted in it are truncated and control characters are escaped, so hostile
/// input cannot forge log lines or smuggle bidirectional overrides into a terminal.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why a value was refused.
    ///
    /// New reasons may be added in minor releases; switch over it with a `default` case.
    public enum Reason: Hashable, Sendable {
        /// The text is not well-formed JSON (RFC 8259); the detail names the problem and the
        /// byte offset where it was found.
        case malformedJSON(String)
        /// An object repeats a key. JSON parsers disagree about which copy wins, so the
        /// document is ambiguous and refused.
        case duplicateKey(String)
        /// Arrays and objects nest deeper than the limit.
        case nestingTooDeep(limit: Int)
        /// The whole document is larger than the limit, in bytes.
        case inputTooLarge(limit: Int, size: Int)
        /// A required field is absent.
        case missing
        /// At least one of the named fields is required and none is present.
        case missingOneOf([String])
        /// The value has the wrong JSON type.
        case wrongType(expected: String, found: String)
        /// A text value is empty or only whitespace where content is required.
        case empty
        /// A text value is longer than the limit, counted in Unicode scalars.
        case tooLong(limit: Int, length: Int)
        /// A list has more elements than the limit.
        case tooManyItems(limit: Int, count: Int)
        /// A text value contains a character that is never accepted there: NUL and other control
        /// characters, bidirectional embedding/override/isolate controls, line separators.
        case forbiddenCharacter(scalar: UInt32)
        /// The text does not have the expected shape (the associated value describes it).
        case invalidFormat(expected: String)
        /// Not an RFC 3339 date-time with a zone offset (or not a `YYYY-MM-DD` date); the
        /// associated value says what is wrong.
        case invalidDate(String)
        /// Not an active ISO 4217 alphabetic currency code.
        case invalidCurrency(String)
        /// A number is outside its allowed range.
        case outOfRange(String)
        /// A value of a closed set that this version does not know.
        case unknownValue(String, allowed: [String])
        /// An event `type` this version does not know. Such events are dead-lettered, not
        /// dropped.
        case unknownEventType(String)
        /// Two fields contradict each other (the associated value explains how).
        case inconsistent(String)
    }

    /// Where the bad value is.
    public var path: JSONPath
    /// Why it was refused.
    public var reason: Reason

    /// Creates an error for a value at `path`.
    public init(path: JSONPath, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// The name of the offending field (the last key of ``path``).
    public var field: String { path.field }

    /// A one-line, log-safe explanation of the reason, without the path.
    public var reasonDescription: String {
        switch reason {
        case .malformedJSON(let detail): return "malformed JSON: \(detail)"
        case .duplicateKey(let key): return "duplicate key \"\(TextSanitizer.quotedFragment(key, limit: 40))\""
        case .nestingTooDeep(let limit): return "nesting deeper than \(limit) levels"
        case .inputTooLarge(let limit, let size): return "input of \(size) bytes exceeds the limit of \(limit) bytes"
        case .missing: return "missing required field"
        case .missingOneOf(let fields): return "one of \(fields.joined(separator: ", ")) is required"
        case .wrongType(let expected, let found): return "expected \(expected), found \(found)"
        case .empty: return "must not be empty"
        case .tooLong(let limit, let length): return "too long: \(length) characters, limit \(limit)"
        case .tooManyItems(let limit, let count): return "too many items: \(count), limit \(limit)"
        case .forbiddenCharacter(let scalar):
            return "contains forbidden character U+\(TextSanitizer.hex(scalar))"
                + (TextSanitizer.name(ofForbidden: scalar).map { " (\($0))" } ?? "")
        case .invalidFormat(let expected): return "invalid format: expected \(expected)"
        case .invalidDate(let detail): return "not a valid date: \(detail)"
        case .invalidCurrency(let code):
            return "not a valid ISO 4217 currency code: \"\(TextSanitizer.quotedFragment(code, limit: 12))\""
        case .outOfRange(let detail): return "out of range: \(detail)"
        case .unknownValue(let value, let allowed):
            return "unknown value \"\(TextSanitizer.quotedFragment(value, limit: 40))\" (expected one of: "
                + allowed.joined(separator: ", ") + ")"
        case .unknownEventType(let type):
            return "unknown event type \"\(TextSanitizer.quotedFragment(type, limit: 60))\""
        case .inconsistent(let detail): return "inconsistent: \(detail)"
        }
    }

    /// `<json path>: <reason>`, safe to log.
    public var description: String { "\(path): \(reasonDescription)" }
}

extension InputError {
    /// Converts a Foundation `DecodingError` (from `JSONDecoder` or any other decoder) into an
    /// `InputError` with the same path, so hosts that decode with their own decoder still get
    /// typed, path-precise errors.
    public init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(path: JSONPath(codingPath: context.codingPath + [key]), reason: .missing)
        case .valueNotFound(let type, let context):
            self.init(
                path: JSONPath(codingPath: context.codingPath),
                reason: .wrongType(expected: InputError.typeName(type), found: "null"))
        case .typeMismatch(let type, let context):
            self.init(
                path: JSONPath(codingPath: context.codingPath),
                reason: .wrongType(expected: InputError.typeName(type), found: "another type"))
        case .dataCorrupted(let context):
            self.init(
                path: JSONPath(codingPath: context.codingPath),
                reason: .malformedJSON(TextSanitizer.quotedFragment(context.debugDescription, limit: 200)))
        @unknown default:
            self.init(path: .root, reason: .malformedJSON("undecodable input"))
        }
    }

    /// Wraps any error thrown while decoding into an `InputError`.
    static func wrapping(_ error: any Error) -> InputError {
        if let error = error as? InputError { return error }
        if let error = error as? DecodingError { return InputError(error) }
        return InputError(path: .root, reason: .malformedJSON("undecodable input"))
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Bool.Type: return "boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: return "integer"
        case is Double.Type, is Float.Type: return "number"
        default: return "object"
        }
    }
}

/// Makes untrusted text safe to quote in an error message or log line.
package enum TextSanitizer {
    /// Returns at most `limit` characters of `text`, with control, invisible-format,
    /// bidirectional and line/paragraph-separator characters escaped as `\u{…}` and quotes and
    /// backslashes escaped; appends `…` when cut.
    package static func quotedFragment(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if TextRules.isControl(scalar) || TextRules.isBidiControl(scalar) || TextRules.isInvisibleFormat(scalar)
                    || TextRules.isLineSeparator(scalar)
                {
                    out += "\\u{\(hex(scalar.value))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    package static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    package static func name(ofForbidden scalar: UInt32) -> String? {
        switch scalar {
        case 0x00: return "NUL"
        case 0x01...0x1F, 0x7F: return "control character"
        case 0x80...0x9F: return "C1 control character"
        case 0x202A...0x202E, 0x2066...0x2069: return "bidirectional control"
        case 0x2028: return "line separator"
        case 0x2029: return "paragraph separator"
        case 0x200B...0x200D, 0xFEFF, 0x2060...0x2065, 0x061C: return "invisible format character"
        default: return nil
        }
    }
}
