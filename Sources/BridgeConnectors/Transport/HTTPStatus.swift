/// An HTTP response status code, such as `200` or `429`.
///
/// Write a status as an integer literal (`let status: HTTPStatus = 412`) or with a static member
/// (``preconditionFailed``). ``kind`` groups codes into their classes. Any integer is accepted so
/// that a host transport can pass on whatever a server sent; codes outside 100–599 have the kind
/// ``Kind/invalid``.
public struct HTTPStatus: Hashable, Sendable, Comparable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The three-digit status code.
    public let code: Int

    /// Creates a status from its code.
    public init(code: Int) {
        self.code = code
    }

    /// Creates a status from an integer literal, e.g. `let status: HTTPStatus = 404`.
    public init(integerLiteral value: Int) {
        self.init(code: value)
    }

    /// The class of a status code (RFC 9110 §15).
    @frozen
    public enum Kind: Hashable, Sendable {
        /// 1xx
        case informational
        /// 2xx
        case successful
        /// 3xx
        case redirection
        /// 4xx: the request was refused; resending it unchanged usually fails again.
        case clientError
        /// 5xx
        case serverError
        /// Not in 100–599.
        case invalid
    }

    /// The class of this status.
    public var kind: Kind {
        switch code {
        case 100...199: return .informational
        case 200...299: return .successful
        case 300...399: return .redirection
        case 400...499: return .clientError
        case 500...599: return .serverError
        default: return .invalid
        }
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { kind == .successful }

    /// The code and its standard reason phrase where known, e.g. `429 Too Many Requests`.
    public var description: String {
        if let phrase = reasonPhrase { return "\(code) \(phrase)" }
        return String(code)
    }

    /// The standard reason phrase of the common codes, or `nil`.
    public var reasonPhrase: String? {
        switch code {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 412: return "Precondition Failed"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 422: return "Unprocessable Content"
        case 424: return "Failed Dependency"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return nil
        }
    }

    /// Orders statuses by code.
    public static func < (lhs: HTTPStatus, rhs: HTTPStatus) -> Bool { lhs.code < rhs.code }

    /// 200 OK
    public static var ok: HTTPStatus { 200 }
    /// 201 Created (Graph's answer to `POST /planner/tasks`)
    public static var created: HTTPStatus { 201 }
    /// 202 Accepted
    public static var accepted: HTTPStatus { 202 }
    /// 204 No Content (Graph's answer to a `PATCH` without `Prefer: return=representation`)
    public static var noContent: HTTPStatus { 204 }
    /// 400 Bad Request
    public static var badRequest: HTTPStatus { 400 }
    /// 401 Unauthorized
    public static var unauthorized: HTTPStatus { 401 }
    /// 403 Forbidden (Graph also uses it for exceeded Planner limits)
    public static var forbidden: HTTPStatus { 403 }
    /// 404 Not Found
    public static var notFound: HTTPStatus { 404 }
    /// 408 Request Timeout
    public static var requestTimeout: HTTPStatus { 408 }
    /// 409 Conflict
    public static var conflict: HTTPStatus { 409 }
    /// 410 Gone
    public static var gone: HTTPStatus { 410 }
    /// 412 Precondition Failed (a stale `If-Match`)
    public static var preconditionFailed: HTTPStatus { 412 }
    /// 424 Failed Dependency (a `$batch` request whose dependency failed)
    public static var failedDependency: HTTPStatus { 424 }
    /// 429 Too Many Requests
    public static var tooManyRequests: HTTPStatus { 429 }
    /// 500 Internal Server Error
    public static var internalServerError: HTTPStatus { 500 }
    /// 502 Bad Gateway
    public static var badGateway: HTTPStatus { 502 }
    /// 503 Service Unavailable
    public static var serviceUnavailable: HTTPStatus { 503 }
    /// 504 Gateway Timeout
    public static var gatewayTimeout: HTTPStatus { 504 }
}
