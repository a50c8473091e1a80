#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeMapping
public import BridgeModels

extension ConnectorID {
    /// The connector of a tracker: ``planner`` or ``clickUp``.
    public init(_ tracker: Tracker) {
        switch tracker {
        case .planner: self = .planner
        case .clickUp: self = .clickUp
        }
    }
}

extension ConnectorRequest {
    /// The transport request for a planned request (see `PlannedRequest` in BridgeMapping) whose
    /// placeholders are resolved.
    ///
    /// The planned `Authorization: <redacted>` header is dropped: ``AuthorizationMiddleware``
    /// writes the real credential. A JSON body is sent as planned; a multipart body streams a
    /// community document at run time, so its caller passes the assembled bytes as `body`
    /// (with the boundary placeholder already resolved in the `Content-Type` header).
    ///
    /// - Parameters:
    ///   - planned: The planned request, placeholders resolved.
    ///   - body: The body to send instead of the planned one (multipart uploads).
    ///   - timeout: A per-request timeout, or `nil` for the transport's default.
    /// - Throws: ``ConnectorError`` with code ``ConnectorError/Code/invalidRequest`` when a
    ///   placeholder is left, the method or a header name is invalid, or the URL is not acceptable.
    public init(_ planned: PlannedRequest, body: [UInt8]? = nil, timeout: Duration? = nil) throws(ConnectorError) {
        let connector = ConnectorID(planned.tracker)
        let operation = planned.purpose.rawValue
        func invalid(_ message: String) -> ConnectorError {
            ConnectorError(code: .invalidRequest, connector: connector, operation: operation, message: message)
        }
        guard planned.placeholders.isEmpty else {
            throw invalid("unresolved placeholders: \(planned.placeholders.map(\.token).joined(separator: ", "))")
        }
        guard let method = HTTPMethod(planned.method) else { throw invalid("invalid method") }
        guard let url = URL(string: planned.url) else { throw invalid("invalid URL") }
        var fields = HTTPFields()
        for header in planned.headers where header.name.lowercased() != "authorization" {
            guard let name = HTTPField.Name(validating: header.name) else { throw invalid("invalid header name") }
            fields.append(name: name, value: header.value)
        }
        let bytes: [UInt8]
        switch (body, planned.body) {
        case (let override?, _): bytes = override
        case (nil, .json(let json)?): bytes = json
        case (nil, .multipart?): throw invalid("a multipart body must be assembled by the caller")
        case (nil, nil): bytes = []
        }
        try self.init(method: method, url: url, fields: fields, body: bytes, connector: connector, operation: operation, timeout: timeout)
    }
}
