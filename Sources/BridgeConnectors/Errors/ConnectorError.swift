#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeModels

/// A failed tracker request, with everything needed to decide what to do next and nothing
/// that must not be logged.
///
/// Every error the connectors throw is a `ConnectorError`, created exactly once where the
/// failure is recognised and passed on unchanged; a host transport's own error is kept in
/// ``underlyingError``. (Task cancellation is the exception: it propagates as
/// `CancellationError`, as structured concurrency expects.)
///
/// - ``code`` says what kind of failure it was; switch on it with `==` against the static
///   members, or look at ``Code/shortDescription`` for a metric label.
/// - ``isAmbiguous`` says the request **may have been applied** (the connection broke or timed
///   out after a `POST` was sent). Such failures are never retried blindly: the client looks up
///   its idempotency marker (for example the task it meant to create) before creating again.
/// - ``description`` is log-safe: it names connector, operation, status, code and the
///   service's sanitised, truncated message, never header values, bodies or tokens.
public struct ConnectorError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure happened.
    ///
    /// A struct with static members rather than an enum, so new codes can be added without
    /// breaking a host's exhaustive `switch`. Compare with `==`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidRequest, connectionFailed, transportFailed, timedOut, ambiguous, invalidResponse
            case rateLimited, badRequest, unauthorized, forbidden, notFound, conflict, preconditionFailed
            case serverError
            case serviceError(String)
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The library refused to build or send the request (e.g. a URL that is not absolute).
        /// Nothing was sent.
        public static var invalidRequest: Code { Code(.invalidRequest) }
        /// No connection could be made (refused, name not resolved, no network, TLS handshake
        /// failed): the request was certainly **not** sent, so resending is always safe.
        public static var connectionFailed: Code { Code(.connectionFailed) }
        /// The transport failed in a way it could not classify; the request may have been sent.
        public static var transportFailed: Code { Code(.transportFailed) }
        /// No response arrived in time (or the server answered 408). For a request that is not
        /// idempotent the outcome is unknown: see ``ConnectorError/isAmbiguous``.
        public static var timedOut: Code { Code(.timedOut) }
        /// The request was sent and its outcome is unknown (the connection dropped before a
        /// response arrived). ``ConnectorError/isAmbiguous`` is always `true`.
        public static var ambiguous: Code { Code(.ambiguous) }
        /// A response arrived but could not be used (too large, not HTTP, not the expected
        /// format).
        public static var invalidResponse: Code { Code(.invalidResponse) }
        /// 429: too many requests; ``ConnectorError/retryAfter`` says when to try again.
        public static var rateLimited: Code { Code(.rateLimited) }
        /// 400: the service refused the request as malformed or invalid.
        public static var badRequest: Code { Code(.badRequest) }
        /// 401: the token is missing, wrong, expired or revoked (ClickUp also answers 401 for a
        /// custom task id without `team_id`).
        public static var unauthorized: Code { Code(.unauthorized) }
        /// 403: not allowed; Graph also answers 403 for exceeded Planner limits, with the limit
        /// in ``ConnectorError/serviceCode`` (e.g. `MaximumChecklistItemsOnTask`).
        public static var forbidden: Code { Code(.forbidden) }
        /// 404: the resource does not exist (or is not visible to this token).
        public static var notFound: Code { Code(.notFound) }
        /// 409: the change conflicts with the resource's current state; re-read, merge, retry.
        public static var conflict: Code { Code(.conflict) }
        /// 412: the `If-Match` etag is stale; re-read to get the current etag, merge, retry.
        public static var preconditionFailed: Code { Code(.preconditionFailed) }
        /// 5xx: the service failed.
        public static var serverError: Code { Code(.serverError) }

        /// Any other refusal, named by the service's own error code (Graph's `error.code`,
        /// ClickUp's `ECODE`) or, when the body has none, `HTTP_<status>`.
        public static func serviceError(code: String) -> Code { Code(.serviceError(code)) }

        /// The service's code for ``serviceError(code:)``, otherwise `nil`.
        public var serviceErrorCode: String? {
            if case .serviceError(let code) = base { return code }
            return nil
        }

        /// A short, fixed, snake_case name, safe as a metric label (service codes are not
        /// included, so the set of labels stays bounded).
        public var shortDescription: String {
            switch base {
            case .invalidRequest: return "invalid_request"
            case .connectionFailed: return "connection_failed"
            case .transportFailed: return "transport_failed"
            case .timedOut: return "timed_out"
            case .ambiguous: return "ambiguous"
            case .invalidResponse: return "invalid_response"
            case .rateLimited: return "rate_limited"
            case .badRequest: return "bad_request"
            case .unauthorized: return "unauthorized"
            case .forbidden: return "forbidden"
            case .notFound: return "not_found"
            case .conflict: return "conflict"
            case .preconditionFailed: return "precondition_failed"
            case .serverError: return "server_error"
            case .serviceError: return "service_error"
            }
        }

        /// The short description, with the service code for ``serviceError(code:)``.
        public var description: String {
            if case .serviceError(let code) = base {
                return "service_error(\(TextSanitizer.quotedFragment(code, limit: 64)))"
            }
            return shortDescription
        }

        /// The code that a response status maps to: 400 ``badRequest``, 401 ``unauthorized``,
        /// 403 ``forbidden``, 404 ``notFound``, 408 ``timedOut``, 409 ``conflict``, 412
        /// ``preconditionFailed``, 429 ``rateLimited``, 5xx ``serverError``; anything else
        /// ``serviceError(code:)`` with the service's code or `HTTP_<status>`.
        public static func forStatus(_ status: HTTPStatus, serviceCode: String?) -> Code {
            switch status.code {
            case 400: return .badRequest
            case 401: return .unauthorized
            case 403: return .forbidden
            case 404: return .notFound
            case 408: return .timedOut
            case 409: return .conflict
            case 412: return .preconditionFailed
            case 429: return .rateLimited
            case 500...599: return .serverError
            default: return .serviceError(code: serviceCode ?? "HTTP_\(status.code)")
            }
        }
    }

    /// What kind of failure happened.
    public var code: Code
    /// The service the request was for.
    public var connector: ConnectorID
    /// The operation that failed, e.g. `createTask`.
    public var operation: String
    /// The response status, when a response arrived.
    public var status: HTTPStatus?
    /// The service's own error code: Graph's `error.code` (e.g. `MaximumChecklistItemsOnTask`),
    /// ClickUp's `ECODE` (e.g. `FIELD_011`).
    public var serviceCode: String?
    /// The service's error message (or, for failures the library detects, its explanation),
    /// with control and bidirectional characters escaped and cut to 300 characters.
    public var message: String?
    /// How long the service asked to wait before trying again (`Retry-After`, or the time
    /// until `X-RateLimit-Reset`).
    public var retryAfter: Duration?
    /// Whether the request may have been applied although it failed: see the type's
    /// discussion. Always `true` for ``Code/ambiguous``.
    public var isAmbiguous: Bool {
        get { ambiguous || code == .ambiguous }
        set { ambiguous = newValue }
    }
    private var ambiguous: Bool
    /// How many times the request was sent, retries included (1 when it was not retried).
    public var attempts: Int
    /// The host transport's or the system's error that caused this one, for inspection. Its own
    /// description is not included in ``description``, because it is not known to be log-safe.
    public var underlyingError: (any Error)?

    /// The most characters of a service message kept.
    public static let messageLimit = 300

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of failure happened.
    ///   - connector: The service the request was for.
    ///   - operation: The operation, e.g. `createTask`.
    ///   - status: The response status, if a response arrived.
    ///   - serviceCode: The service's own error code.
    ///   - message: The service's message or the library's explanation; sanitised and cut to
    ///     ``messageLimit`` characters here.
    ///   - retryAfter: How long the service asked to wait.
    ///   - isAmbiguous: Whether the request may have been applied.
    ///   - attempts: How many times the request was sent.
    ///   - underlyingError: The error that caused this one.
    public init(
        code: Code, connector: ConnectorID, operation: String, status: HTTPStatus? = nil, serviceCode: String? = nil,
        message: String? = nil, retryAfter: Duration? = nil, isAmbiguous: Bool = false, attempts: Int = 1,
        underlyingError: (any Error)? = nil
    ) {
        self.code = code
        self.connector = connector
        self.operation = operation
        self.status = status
        self.serviceCode = serviceCode.map { TextSanitizer.quotedFragment($0, limit: 64) }
        self.message = message.map { TextSanitizer.quotedFragment($0, limit: ConnectorError.messageLimit) }
        self.retryAfter = retryAfter
        self.ambiguous = isAmbiguous
        self.attempts = attempts
        self.underlyingError = underlyingError
    }

    /// Describes a non-2xx response: the code from the status (``Code/forStatus(_:serviceCode:)``),
    /// the service's code and message from a Graph (`{"error":{"code","message"}}`) or ClickUp
    /// (`{"err","ECODE"}`) error body, and the wait from `Retry-After` or
    /// `X-RateLimit-Reset`.
    ///
    /// ``isAmbiguous`` is set when ``RetryClassifier`` classifies the response as ambiguous (a
    /// 5xx other than 503 to a request that is not idempotent: the service may have applied it).
    ///
    /// - Parameters:
    ///   - response: The response.
    ///   - request: The request it answers.
    ///   - wallClock: The current time, to turn an HTTP-date or epoch reset time into a wait.
    public init(response: ConnectorResponse, request: ConnectorRequest, wallClock: WallClock = .system) {
        let body = ServiceErrorBody(response.body)
        let limits = RateLimitHeaders(response.fields, now: wallClock())
        self.init(
            code: .forStatus(response.status, serviceCode: body.code), connector: request.connector,
            operation: request.operation, status: response.status, serviceCode: body.code, message: body.message,
            retryAfter: limits.retryAfter ?? (response.status == .tooManyRequests ? limits.untilReset : nil),
            isAmbiguous: RetryClassifier.classify(response: response, for: request) == .ambiguous)
    }

    /// Wraps an error thrown while sending `request`.
    ///
    /// A `ConnectorError` is returned unchanged (wrap once). Anything else becomes
    /// ``Code/transportFailed`` with the error kept in ``underlyingError``, marked ambiguous when
    /// the request is not idempotent: an unclassified failure may have happened after the
    /// request reached the server.
    public init(wrapping error: any Error, request: ConnectorRequest) {
        if let error = error as? ConnectorError {
            self = error
            return
        }
        self.init(
            code: .transportFailed, connector: request.connector, operation: request.operation,
            message: "the transport failed (\(type(of: error)))", isAmbiguous: !request.isIdempotent,
            underlyingError: error)
    }

    /// `clickup.createTask failed: rate_limited (HTTP 429 Too Many Requests, service code …): message; retry after 10.0 seconds; after 3 attempts`.
    public var description: String {
        var text = "\(connector).\(TextSanitizer.quotedFragment(operation, limit: 64)) failed: \(code)"
        var details: [String] = []
        if let status { details.append("HTTP \(status)") }
        if let serviceCode, code.serviceErrorCode != serviceCode { details.append("service code \(serviceCode)") }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        if let message, !message.isEmpty { text += ": " + message }
        if let retryAfter { text += "; retry after \(retryAfter)" }
        if isAmbiguous { text += "; the request may have been applied" }
        if attempts > 1 { text += "; after \(attempts) attempts" }
        if let underlyingError { text += "; caused by \(type(of: underlyingError))" }
        return text
    }

    /// The same as ``description``: log-safe.
    public var debugDescription: String { description }

    /// A copy in which every occurrence of `secret` in ``message`` is replaced by `<redacted>`
    /// (for a service that echoes a token back in an error message).
    ///
    /// A message cut at ``messageLimit`` may end in the first characters of the secret (just
    /// before the `…`); those are replaced as well when there are at least three of them.
    public func redacting(_ secret: Secret) -> ConnectorError {
        let value = secret.reveal()
        guard !value.isEmpty, var text = message else { return self }
        text = text.replacing(value, with: Redaction.placeholder)
        let ellipsis = "…"
        if text.hasSuffix(ellipsis) {
            let kept = Array(text.dropLast().unicodeScalars)
            let secretScalars = Array(value.unicodeScalars)
            var length = min(secretScalars.count - 1, kept.count)
            while length >= 3 {
                if kept[(kept.count - length)...].elementsEqual(secretScalars[..<length]) {
                    var scalars = String.UnicodeScalarView()
                    scalars.append(contentsOf: kept[..<(kept.count - length)])
                    text = String(scalars) + Redaction.placeholder + ellipsis
                    break
                }
                length -= 1
            }
        }
        guard text != message else { return self }
        var copy = self
        copy.message = text
        return copy
    }
}

/// The code and message of a Graph or ClickUp error body.
struct ServiceErrorBody {
    var code: String?
    var message: String?

    /// Error bodies are small; anything larger is not parsed.
    static let limits = InputLimits(maxDocumentBytes: 256 << 10, maxDepth: 16)

    init(_ body: [UInt8]) {
        guard !body.isEmpty else { return }
        guard let value = try? StrictJSONParser(limits: ServiceErrorBody.limits).parse(body) else {
            // Not JSON (a gateway's HTML or plain-text page): keep the start as the message.
            let text = String(decoding: body.prefix(600), as: UTF8.self)
            message = text.allSatisfy(\.isWhitespace) ? nil : text
            return
        }
        guard case .object(let object) = value else { return }
        if case .object(let graph)? = object["error"] {
            // Graph: {"error": {"code": "...", "message": "...", "innerError": {...}}}
            code = graph["code"]?.stringValue
            message = graph["message"]?.stringValue
        } else {
            // ClickUp: {"err": "...", "ECODE": "..."}; template endpoints use "error".
            code = object["ECODE"]?.stringValue
            message = object["err"]?.stringValue ?? object["error"]?.stringValue ?? object["message"]?.stringValue
        }
    }
}

extension JSONValue {
    /// The text of a string, or the literal of a number; `nil` for other types.
    var stringValue: String? {
        switch self {
        case .string(let text): return text
        case .number(let literal): return literal
        default: return nil
        }
    }
}

extension ConnectorError: LocalizedError {
    /// The log-safe ``description``, so `localizedDescription` says what happened.
    public var errorDescription: String? { description }
}
