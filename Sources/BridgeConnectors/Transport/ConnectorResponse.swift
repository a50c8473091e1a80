/// An HTTP response from a tracker service.
///
/// Every status is a response, not an error: a transport returns a 429 or a 412 like a 200, and
/// middlewares and clients decide what it means (``RetryMiddleware`` retries a 429; a client
/// turns a 404 into a ``ConnectorError`` with ``ensureSuccess(for:)``).
///
/// Descriptions show the status, the header fields (sensitive ones redacted) and the body size,
/// never the body.
public struct ConnectorResponse: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The status code.
    public var status: HTTPStatus
    /// The header fields.
    public var fields: HTTPFields
    /// The body (empty for none).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: HTTPStatus, fields: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.fields = fields
        self.body = body
    }

    /// Creates a response whose body is the UTF-8 bytes of `text`.
    public init(status: HTTPStatus, fields: HTTPFields = [:], text: String) {
        self.init(status: status, fields: fields, body: Array(text.utf8))
    }

    /// The body decoded as UTF-8 (invalid sequences become U+FFFD).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Returns the response when its status is 2xx, and otherwise throws the ``ConnectorError``
    /// that ``ConnectorError/init(response:request:wallClock:)`` describes.
    ///
    /// - Parameter request: The request this response answers (for the error's context).
    /// - Throws: ``ConnectorError`` for every non-2xx status.
    @discardableResult
    public func ensureSuccess(for request: ConnectorRequest) throws(ConnectorError) -> ConnectorResponse {
        guard status.isSuccess else { throw ConnectorError(response: self, request: request) }
        return self
    }

    /// `429 Too Many Requests [Retry-After: 10] 0-byte body`.
    public var description: String {
        var text = status.description
        if !fields.isEmpty { text += " " + fields.description }
        text += " \(body.count)-byte body"
        return text
    }

    /// The same as ``description``: log-safe.
    public var debugDescription: String { description }

    /// A mirror without secrets, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(
            self, children: ["status": status.code, "fields": fields.description, "bodyBytes": body.count],
            displayStyle: .struct)
    }
}
