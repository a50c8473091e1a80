import BridgeModels

extension KeyedDecodingContainer {
    /// A JSON object decoded member by member, in document order; `null` members are passed as
    /// `nil`. Absent or `null` gives no members.
    func members<Value: Decodable>(_ key: Key, as type: Value.Type, limit: Int) throws -> [(String, Value?)] {
        guard try has(key) else { return [] }
        let object = try nestedContainer(keyedBy: AnyCodingKey.self, forKey: key)
        let keys = object.allKeys
        if keys.count > limit {
            throw InputError(path: path(key), reason: .tooManyItems(limit: limit, count: keys.count))
        }
        return try keys.map { member in
            (member.stringValue, try object.decodeNil(forKey: member) ? nil : try object.decode(Value.self, forKey: member))
        }
    }
}

extension KeyedDecodingContainer {
    /// Like ``members(_:as:limit:)``, but a `null` member is refused (reason
    /// `InputError/Reason/wrongType(expected:found:)` with `expected`); each member comes with
    /// its path.
    func nonNullMembers<Value: Decodable>(_ key: Key, as type: Value.Type, expected: String, limit: Int) throws
        -> [(key: String, value: Value, path: JSONPath)]
    {
        try members(key, as: type, limit: limit).map { member, value in
            let memberPath = path(key).appending(key: member)
            guard let value else { throw InputError(path: memberPath, reason: .wrongType(expected: expected, found: "null")) }
            return (member, value, memberPath)
        }
    }
}

/// JSON text for `JSONValue`s: compact or indented, members in the object's order.
enum JSONText {
    static func string(_ value: JSONValue, pretty: Bool) -> String {
        var out = ""
        write(value, pretty: pretty, indent: 0, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, pretty: Bool, indent: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): quote(text, into: &out)
        case .array(let elements):
            if elements.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                newline(pretty, indent + 1, &out)
                write(element, pretty: pretty, indent: indent + 1, into: &out)
            }
            newline(pretty, indent, &out)
            out += "]"
        case .object(let object):
            if object.count == 0 {
                out += "{}"
                return
            }
            out += "{"
            for (index, key) in object.keys.enumerated() {
                if index > 0 { out += "," }
                newline(pretty, indent + 1, &out)
                quote(key, into: &out)
                out += pretty ? " : " : ":"
                write(object[key] ?? .null, pretty: pretty, indent: indent + 1, into: &out)
            }
            newline(pretty, indent, &out)
            out += "}"
        }
    }

    private static func newline(_ pretty: Bool, _ indent: Int, _ out: inout String) {
        guard pretty else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + SafeMarkdown.hexByte(UInt8(scalar.value)).lowercased()
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Percent-encoding of a value placed in one URL path segment: everything but RFC 3986
/// unreserved characters (`A–Z a–z 0–9 - . _ ~`) is encoded as UTF-8.
enum PathSegment {
    static func encode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            let unreserved =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if unreserved {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + SafeMarkdown.hexByte(byte)
            }
        }
        return out
    }

    /// `text` with every well-formed `%XX` escape decoded once; malformed escapes are kept as
    /// they are, and bytes that do not form UTF-8 become U+FFFD.
    static func decoded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(0x25) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x25, index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}

/// Lower-case 8-4-4-4-12 hexadecimal GUID text (`^[0-9a-fA-F]{8}-…-[0-9a-fA-F]{12}$`).
enum GUIDText {
    static func isGUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                if byte != 0x2D { return false }
            } else if !((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)) {
                return false
            }
        }
        return true
    }

    /// A name-based GUID: the first 16 bytes of SHA-256 over `name`, with the RFC 9562 version
    /// 8 ("custom") and variant bits set (RFC 9562 §5.8 and Appendix B.2 show exactly this
    /// SHA-256 construction).
    static func nameBased(_ name: String) -> String {
        var bytes = Array(SHA256Hasher.hash(Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = SHA256Hasher.hex(bytes)
        let characters = Array(hex)
        return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16]) + "-"
            + String(characters[16..<20]) + "-" + String(characters[20..<32])
    }
}
