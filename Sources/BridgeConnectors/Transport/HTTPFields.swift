/// One HTTP header field: a name and a value.
///
/// Values are made safe on creation: carriage returns, line feeds, NUL and other control
/// characters (except horizontal tab) become spaces and surrounding whitespace is trimmed, so a
/// value taken from partner-supplied text can never inject another header line.
public struct HTTPField: Hashable, Sendable, CustomStringConvertible {
    /// A header field name, compared case-insensitively.
    ///
    /// Make one with a static member (``authorization``, ``contentType``, …), with
    /// ``init(validating:)`` for names that arrive at run time, or with a string literal for
    /// names written in code (`"X-Correlation-ID"`).
    public struct Name: Hashable, Sendable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The name as it was written, e.g. `X-RateLimit-Reset`; sent on the wire like this.
        public let rawName: String
        /// The lowercase form used for comparison, e.g. `x-ratelimit-reset`.
        public let canonicalName: String

        /// Creates a name, or returns `nil` when `name` is not an RFC 9110 token (empty, or with
        /// spaces, colons or non-ASCII characters).
        public init?(validating name: String) {
            guard HTTPSyntax.isToken(name) else { return nil }
            self.init(unchecked: name)
        }

        /// Creates a name from a literal written in code.
        ///
        /// A literal is a constant chosen by a developer, not input; a character that is not
        /// allowed in a field name (a space, a colon, a line break) is replaced by `-`, so even a
        /// typo can never produce a second header line. An empty literal becomes `-`.
        public init(stringLiteral value: String) {
            if HTTPSyntax.isToken(value) {
                self.init(unchecked: value)
            } else {
                let bytes = value.utf8.map { HTTPSyntax.isTokenByte($0) ? $0 : UInt8(ascii: "-") }
                self.init(unchecked: bytes.isEmpty ? "-" : String(decoding: bytes, as: UTF8.self))
            }
        }

        init(unchecked name: String) {
            rawName = name
            canonicalName = name.lowercased()
        }

        /// The name as written.
        public var description: String { rawName }

        /// Equal when the names match ignoring case.
        public static func == (lhs: Name, rhs: Name) -> Bool { lhs.canonicalName == rhs.canonicalName }

        /// Hashes the lowercase form.
        public func hash(into hasher: inout Hasher) { hasher.combine(canonicalName) }

        /// Orders by the lowercase form.
        public static func < (lhs: Name, rhs: Name) -> Bool { lhs.canonicalName < rhs.canonicalName }

        /// Whether values of this field are always replaced by `<redacted>` in descriptions:
        /// `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`, `X-API-Key`.
        public var isAlwaysRedacted: Bool { Name.alwaysRedacted.contains(canonicalName) }

        private static let alwaysRedacted: Set<String> = [
            "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
        ]

        /// `Accept`
        public static var accept: Name { Name(unchecked: "Accept") }
        /// `Authorization`: always redacted in descriptions.
        public static var authorization: Name { Name(unchecked: "Authorization") }
        /// `Content-Length`
        public static var contentLength: Name { Name(unchecked: "Content-Length") }
        /// `Content-Type`
        public static var contentType: Name { Name(unchecked: "Content-Type") }
        /// `Cookie`: always redacted in descriptions.
        public static var cookie: Name { Name(unchecked: "Cookie") }
        /// `ETag`
        public static var eTag: Name { Name(unchecked: "ETag") }
        /// `If-Match`: the etag a Graph `PATCH` or `DELETE` must carry.
        public static var ifMatch: Name { Name(unchecked: "If-Match") }
        /// `Location`
        public static var location: Name { Name(unchecked: "Location") }
        /// `Prefer`, e.g. `return=representation` for Graph.
        public static var prefer: Name { Name(unchecked: "Prefer") }
        /// `Proxy-Authorization`: always redacted in descriptions.
        public static var proxyAuthorization: Name { Name(unchecked: "Proxy-Authorization") }
        /// `Retry-After`: seconds or an HTTP date (Graph sends it with 429).
        public static var retryAfter: Name { Name(unchecked: "Retry-After") }
        /// `Set-Cookie`: always redacted in descriptions.
        public static var setCookie: Name { Name(unchecked: "Set-Cookie") }
        /// `User-Agent`
        public static var userAgent: Name { Name(unchecked: "User-Agent") }
        /// `X-API-Key`: always redacted in descriptions.
        public static var xAPIKey: Name { Name(unchecked: "X-API-Key") }
        /// `X-RateLimit-Limit`: ClickUp's requests per minute for the token.
        public static var xRateLimitLimit: Name { Name(unchecked: "X-RateLimit-Limit") }
        /// `X-RateLimit-Remaining`: ClickUp's requests left in the current window.
        public static var xRateLimitRemaining: Name { Name(unchecked: "X-RateLimit-Remaining") }
        /// `X-RateLimit-Reset`: when ClickUp's window resets (see ``RateLimitHeaders``).
        public static var xRateLimitReset: Name { Name(unchecked: "X-RateLimit-Reset") }
        /// `X-Signature`: the HMAC-SHA256 of a ClickUp webhook body.
        public static var xSignature: Name { Name(unchecked: "X-Signature") }
    }

    /// The field name.
    public var name: Name
    /// The field value, already made safe (see the type's discussion).
    public var value: String {
        get { storedValue }
        set { storedValue = HTTPField.sanitize(newValue) }
    }
    private var storedValue: String
    /// Whether descriptions hide the value although the name is not always redacted (set for
    /// fields read from an ``HTTPFields`` that lists the name in ``HTTPFields/sensitiveNames``).
    /// Not part of equality.
    public var isSensitive: Bool = false

    /// Creates a field; control characters in `value` become spaces and surrounding whitespace is
    /// trimmed.
    public init(name: Name, value: String, isSensitive: Bool = false) {
        self.name = name
        self.storedValue = HTTPField.sanitize(value)
        self.isSensitive = isSensitive
    }

    /// Whether descriptions replace the value by `<redacted>`.
    public var isRedacted: Bool { isSensitive || name.isAlwaysRedacted }

    /// `Name: value`, with the value replaced by `<redacted>` for sensitive fields.
    public var description: String {
        "\(name.rawName): \(isRedacted ? Redaction.placeholder : value)"
    }

    /// Equal when name (ignoring case) and value are equal.
    public static func == (lhs: HTTPField, rhs: HTTPField) -> Bool {
        lhs.name == rhs.name && lhs.storedValue == rhs.storedValue
    }

    /// Hashes name and value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(storedValue)
    }

    static func sanitize(_ value: String) -> String {
        let needsWork = value.utf8.contains { byte in
            (byte < 0x20 && byte != 0x09) || byte == 0x7F
        }
        var bytes = Array(value.utf8)
        if needsWork {
            for index in bytes.indices where (bytes[index] < 0x20 && bytes[index] != 0x09) || bytes[index] == 0x7F {
                bytes[index] = 0x20
            }
        }
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }),
            let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        if !needsWork && first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return value }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

/// The header fields of a request or response: ordered, with case-insensitive lookup and any
/// number of values per name.
///
/// ```swift
/// var fields: HTTPFields = [.contentType: "application/json", .accept: "application/json"]
/// fields[.ifMatch] = etag                       // replaces every If-Match field
/// fields.append(HTTPField(name: "X-Trace", value: "a"))
/// fields["content-type"]                        // "application/json": names ignore case
/// ```
///
/// Descriptions never show the values of `Authorization`, `Proxy-Authorization`, `Cookie`,
/// `Set-Cookie` or `X-API-Key`, nor of any name added to ``sensitiveNames``.
public struct HTTPFields: RandomAccessCollection, Hashable, Sendable, ExpressibleByDictionaryLiteral,
    CustomStringConvertible, CustomDebugStringConvertible
{
    private var fields: [HTTPField]

    /// Further field names whose values descriptions replace by `<redacted>`, beside the
    /// always-redacted ones (``HTTPField/Name/isAlwaysRedacted``). Not part of equality.
    public var sensitiveNames: Set<HTTPField.Name> = []

    /// Creates empty fields.
    public init() {
        fields = []
    }

    /// Creates fields from a sequence, in order.
    public init(_ fields: some Sequence<HTTPField>) {
        self.fields = Array(fields)
    }

    /// Creates fields from a dictionary literal, in the literal's order.
    public init(dictionaryLiteral elements: (HTTPField.Name, String)...) {
        fields = elements.map { HTTPField(name: $0.0, value: $0.1) }
    }

    /// The position of the first field.
    public var startIndex: Int { fields.startIndex }
    /// The position after the last field.
    public var endIndex: Int { fields.endIndex }
    /// The field at `position`; its ``HTTPField/isSensitive`` is set when its name is in
    /// ``sensitiveNames``.
    public subscript(position: Int) -> HTTPField {
        var field = fields[position]
        if !field.isSensitive && sensitiveNames.contains(field.name) { field.isSensitive = true }
        return field
    }

    /// The value of the field called `name`, ignoring case; several fields of that name are
    /// combined with `, ` (RFC 9110 §5.3). Setting replaces every field of that name with one
    /// field at the position of the first (or at the end); setting `nil` removes them all.
    public subscript(name: HTTPField.Name) -> String? {
        get {
            let values = self.values(for: name)
            return values.isEmpty ? nil : values.joined(separator: ", ")
        }
        set {
            guard let newValue else {
                removeAll(named: name)
                return
            }
            if let first = fields.firstIndex(where: { $0.name == name }) {
                fields[first] = HTTPField(name: name, value: newValue, isSensitive: fields[first].isSensitive)
                var index = fields.index(after: first)
                while index < fields.endIndex {
                    if fields[index].name == name { fields.remove(at: index) } else { index += 1 }
                }
            } else {
                fields.append(HTTPField(name: name, value: newValue))
            }
        }
    }

    /// Every value of the fields called `name`, ignoring case, in order.
    public func values(for name: HTTPField.Name) -> [String] {
        fields.compactMap { $0.name == name ? $0.value : nil }
    }

    /// Whether a field called `name` is present.
    public func contains(_ name: HTTPField.Name) -> Bool {
        fields.contains { $0.name == name }
    }

    /// Adds a field at the end, keeping fields of the same name.
    public mutating func append(_ field: HTTPField) {
        fields.append(field)
    }

    /// Adds a field at the end, keeping fields of the same name.
    public mutating func append(name: HTTPField.Name, value: String) {
        fields.append(HTTPField(name: name, value: value))
    }

    /// Removes every field called `name`.
    public mutating func removeAll(named name: HTTPField.Name) {
        fields.removeAll { $0.name == name }
    }

    /// Whether descriptions hide the value of `name`.
    public func isRedacted(_ name: HTTPField.Name) -> Bool {
        name.isAlwaysRedacted || sensitiveNames.contains(name)
            || fields.contains { $0.name == name && $0.isSensitive }
    }

    private func isRedacted(_ field: HTTPField) -> Bool {
        field.isRedacted || sensitiveNames.contains(field.name)
    }

    /// `[Name: value, Authorization: <redacted>]`: log-safe.
    public var description: String {
        "[" + fields.map { field in
            "\(field.name.rawName): \(isRedacted(field) ? Redaction.placeholder : field.value)"
        }.joined(separator: ", ") + "]"
    }

    /// The same as ``description``: log-safe.
    public var debugDescription: String { description }

    /// Equal when both hold the same fields in the same order (names ignoring case);
    /// ``sensitiveNames`` is not compared.
    public static func == (lhs: HTTPFields, rhs: HTTPFields) -> Bool { lhs.fields == rhs.fields }

    /// Hashes the fields.
    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}

/// The text that replaces secrets in every description.
enum Redaction {
    static let placeholder = "<redacted>"
}

extension HTTPField: CustomReflectable {
    /// A mirror that redacts the values of always-redacted fields, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(
            self, children: ["name": name.rawName, "value": isRedacted ? Redaction.placeholder : value],
            displayStyle: .struct)
    }
}

extension HTTPFields: CustomReflectable {
    /// A mirror of the fields as log-safe `Name: value` lines, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(
            self,
            unlabeledChildren: fields.map { field in
                "\(field.name.rawName): \(isRedacted(field) ? Redaction.placeholder : field.value)"
            }, displayStyle: .collection)
    }
}
