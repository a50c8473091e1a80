#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An HTTP request to a tracker service, with the routing context the connectors add.
///
/// Besides method, URL, header fields and body, a request names the ``connector`` it belongs to
/// (`planner`, `clickup`) and the ``operation`` (`createTask`, `updateTaskDetails`, …), so
/// middlewares can budget, log and measure per service and per operation without parsing URLs.
///
/// The URL is validated on creation: absolute `http` or `https` with a host and no user name or
/// password in it (credentials in URLs end up in logs; send them in `Authorization`).
///
/// ``description``, ``debugDescription`` and the reflection `dump` uses show the method, the URL
/// (with the values of credential-like query parameters such as `access_token` redacted), the
/// routing context, the header fields with `Authorization` and every other sensitive field
/// redacted, and the body size, never the body itself.
public struct ConnectorRequest: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The request method.
    public var method: HTTPMethod
    /// The absolute `http`/`https` URL; change it with ``setURL(_:)``, which validates it.
    public private(set) var url: URL
    /// The header fields.
    public var fields: HTTPFields
    /// The request body (empty for none).
    public var body: [UInt8]
    /// The service the request is for.
    public var connector: ConnectorID
    /// The operation the request performs, e.g. `createTask`; used in errors, logs and metrics.
    public var operation: String
    /// How long the transport may take for this request before failing with
    /// ``ConnectorError/Code/timedOut``; `nil` uses the transport's default.
    public var timeout: Duration?
    /// Whether sending the request twice has the same effect as sending it once. Defaults to
    /// ``HTTPMethod/isIdempotent``; a client sets it for requests that are idempotent by
    /// construction (a Graph `PATCH` with `If-Match`, whose replay fails with 412 instead of
    /// applying twice; a ClickUp custom-field `POST` that sets an absolute value). The retry
    /// middleware resends idempotent requests after transient failures; it never resends
    /// others whose outcome is unknown (see ``ConnectorError/isAmbiguous``).
    public var isIdempotent: Bool

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - method: The request method.
    ///   - url: An absolute `http` or `https` URL with a host and without user info.
    ///   - fields: Header fields.
    ///   - body: The body bytes.
    ///   - connector: The service the request is for.
    ///   - operation: The operation's name, e.g. `createTask`.
    ///   - timeout: A per-request timeout, or `nil` for the transport's default.
    ///   - isIdempotent: Overrides the method's idempotency; `nil` uses
    ///     ``HTTPMethod/isIdempotent``.
    /// - Throws: ``ConnectorError`` with code ``ConnectorError/Code/invalidRequest`` when the URL
    ///   is not acceptable.
    public init(
        method: HTTPMethod, url: URL, fields: HTTPFields = [:], body: [UInt8] = [],
        connector: ConnectorID, operation: String, timeout: Duration? = nil, isIdempotent: Bool? = nil
    ) throws(ConnectorError) {
        try ConnectorRequest.validate(url, connector: connector, operation: operation)
        self.method = method
        self.url = url
        self.fields = fields
        self.body = body
        self.connector = connector
        self.operation = operation
        self.timeout = timeout
        self.isIdempotent = isIdempotent ?? method.isIdempotent
    }

    /// Replaces the URL after validating it like the initializer does.
    ///
    /// - Throws: ``ConnectorError`` with code ``ConnectorError/Code/invalidRequest``.
    public mutating func setURL(_ url: URL) throws(ConnectorError) {
        try ConnectorRequest.validate(url, connector: connector, operation: operation)
        self.url = url
    }

    private static func validate(_ url: URL, connector: ConnectorID, operation: String) throws(ConnectorError) {
        let problem: String?
        let scheme = url.scheme?.lowercased()
        if scheme != "http" && scheme != "https" {
            problem = "the URL must be absolute with the http or https scheme"
        } else if (url.host ?? "").isEmpty {
            problem = "the URL has no host"
        } else if url.user != nil || url.password != nil {
            problem = "the URL must not contain a user name or password; send credentials in Authorization"
        } else {
            problem = nil
        }
        if let problem {
            throw ConnectorError(code: .invalidRequest, connector: connector, operation: operation, message: problem)
        }
    }

    /// `POST https://api.clickup.com/api/v2/list/1/task (clickup.createTask) [Authorization: <redacted>] 42-byte body`.
    public var description: String {
        var text = "\(method) \(Redaction.redactedURL(url)) (\(connector).\(operation))"
        if !fields.isEmpty { text += " " + fields.description }
        if !body.isEmpty { text += " \(body.count)-byte body" }
        return text
    }

    /// The same as ``description``: log-safe.
    public var debugDescription: String { description }

    /// A mirror without secrets, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "method": method.rawValue, "url": Redaction.redactedURL(url), "fields": fields.description,
                "bodyBytes": body.count, "connector": connector.rawValue, "operation": operation,
                "isIdempotent": isIdempotent,
            ], displayStyle: .struct)
    }
}

extension Redaction {
    /// Query parameters whose values look like credentials.
    static let sensitiveQueryKeys: Set<String> = [
        "access_token", "token", "code", "client_secret", "secret", "api_key", "apikey", "key", "password", "sig",
        "signature", "refresh_token", "id_token",
    ]

    /// The URL's text with credential-like query values replaced by `<redacted>` and the
    /// fragment dropped.
    static func redactedURL(_ url: URL) -> String {
        let text = url.absoluteString
        let withoutFragment = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return String(withoutFragment) }
        let query = parts[1].split(separator: "&", omittingEmptySubsequences: false).map { item -> String in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(pair[0])
            let decodedKey = percentDecoded(key).lowercased()
            guard pair.count == 2, sensitiveQueryKeys.contains(decodedKey) else { return String(item) }
            return key + "=" + placeholder
        }
        return String(parts[0]) + "?" + query.joined(separator: "&")
    }

    /// Decodes `%XX` escapes (and `+` as a space); malformed escapes are kept as written.
    static func percentDecoded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = Hex.value(of: bytes[index + 1]), let low = Hex.value(of: bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
