/// An HTTP request method, such as `GET` or `PATCH`.
///
/// An open set: the common methods are static members (``get``, ``post``, …), and any other
/// valid RFC 9110 token can be made with ``init(_:)``. Methods are case-sensitive, as HTTP
/// defines them.
///
/// ```swift
/// let method: HTTPMethod = .patch
/// let custom = HTTPMethod("PROPFIND")   // nil if the text is not a valid token
/// ```
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, LosslessStringConvertible {
    /// The method name as sent on the wire, e.g. `"GET"`.
    public let rawValue: String

    /// Creates a method from its name, or returns `nil` when the name is not an RFC 9110 token
    /// (empty, or containing spaces, separators or non-ASCII characters).
    public init?(rawValue: String) {
        guard HTTPSyntax.isToken(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Creates a method from its name, or returns `nil` when the name is not a valid token.
    public init?(_ description: String) {
        self.init(rawValue: description)
    }

    /// For known-good constants only.
    init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// The method name.
    public var description: String { rawValue }

    /// `GET`: read a resource.
    public static var get: HTTPMethod { HTTPMethod(unchecked: "GET") }
    /// `HEAD`: read a resource's header fields only.
    public static var head: HTTPMethod { HTTPMethod(unchecked: "HEAD") }
    /// `POST`: create a resource or run an action. Not idempotent.
    public static var post: HTTPMethod { HTTPMethod(unchecked: "POST") }
    /// `PUT`: replace a resource (ClickUp's Update Task uses it).
    public static var put: HTTPMethod { HTTPMethod(unchecked: "PUT") }
    /// `PATCH`: change part of a resource (Graph's Planner updates use it). Not idempotent by
    /// definition; see ``ConnectorRequest/isIdempotent``.
    public static var patch: HTTPMethod { HTTPMethod(unchecked: "PATCH") }
    /// `DELETE`: remove a resource.
    public static var delete: HTTPMethod { HTTPMethod(unchecked: "DELETE") }
    /// `OPTIONS`: ask for the communication options.
    public static var options: HTTPMethod { HTTPMethod(unchecked: "OPTIONS") }

    /// Whether the method is idempotent by definition (RFC 9110 §9.2.2): `GET`, `HEAD`, `PUT`,
    /// `DELETE`, `OPTIONS` and `TRACE`. Repeating an idempotent request has the same effect as
    /// sending it once, so it is safe to resend when its outcome is unknown.
    public var isIdempotent: Bool {
        switch rawValue {
        case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE": return true
        default: return false
        }
    }

    /// Whether the method is safe (read-only) by definition (RFC 9110 §9.2.1): `GET`, `HEAD`,
    /// `OPTIONS` and `TRACE`.
    public var isSafe: Bool {
        switch rawValue {
        case "GET", "HEAD", "OPTIONS", "TRACE": return true
        default: return false
        }
    }
}

/// Character classes from RFC 9110 §5.6.2 and §5.5.
enum HTTPSyntax {
    /// Whether `text` is a non-empty `token` (the grammar of methods and field names).
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenByte)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
