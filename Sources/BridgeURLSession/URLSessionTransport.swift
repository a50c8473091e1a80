#if canImport(FoundationNetworking)
import Foundation
public import FoundationNetworking
#else
public import Foundation
#endif
public import BridgeConnectors

/// An `HTTPTransport` over `URLSession`, on Apple platforms and on Linux (FoundationNetworking).
///
/// ```swift
/// let transport = URLSessionTransport().with(
///     AuthorizationMiddleware(scheme: .clickUp, token: token, connector: .clickUp),
///     RetryMiddleware(),
///     RateLimitMiddleware(policy: .clickUp(.freeForever), connectors: [.clickUp])
/// )
/// ```
///
/// ### Timeouts
///
/// Each request uses its `ConnectorRequest/timeout` or the configuration's
/// ``Configuration/timeout``, as `URLRequest.timeoutInterval`: the longest time URLSession waits
/// **without receiving any data**, not a limit on the whole exchange. Put a deadline around the
/// call for that.
///
/// ### Errors
///
/// `URLError`s become `ConnectorError`s (the `URLError` is kept as
/// `ConnectorError/underlyingError`; its text, which may contain the URL, is not repeated):
///
/// | URLError | code | ambiguous? |
/// |---|---|---|
/// | `cannotConnectToHost`, `cannotFindHost`, `dnsLookupFailed`, `notConnectedToInternet`, TLS and certificate failures | `ConnectorError/Code/connectionFailed` (nothing was sent) | no |
/// | `timedOut` | `ConnectorError/Code/timedOut` | when the request is not idempotent |
/// | `networkConnectionLost`, `badServerResponse`, `cannotParseResponse`, `zeroByteResource` | `ConnectorError/Code/transportFailed` | when the request is not idempotent |
/// | `badURL`, `unsupportedURL` | `ConnectorError/Code/invalidRequest` | no |
/// | `dataLengthExceedsMaximum`, a body over ``Configuration/maximumResponseBytes`` | `ConnectorError/Code/invalidResponse` | when the request is not idempotent |
/// | anything else | `ConnectorError/Code/transportFailed` | when the request is not idempotent |
///
/// Task cancellation cancels the data task and throws `CancellationError`. Every HTTP status is
/// returned as a response, never thrown.
///
/// ### Session
///
/// By default each transport makes its own ephemeral session without cookies or cache, so
/// tenants sharing a process never share cookies and responses are never served stale. On that
/// session the transport reads each body as it arrives and abandons it as soon as it exceeds
/// ``Configuration/maximumResponseBytes``, and it follows redirects but drops the
/// `Authorization` field when one leads to another origin (scheme, host or port), so a token
/// never reaches a host it was not meant for. With a session of your own, its delegate decides
/// about redirects, and the limit is checked once the whole body has arrived.
public struct URLSessionTransport: HTTPTransport {
    /// Settings of the transport.
    public struct Configuration: Sendable {
        /// The timeout for requests without their own `ConnectorRequest/timeout`. Default 30 s.
        public var timeout: Duration
        /// The largest response body accepted; larger ones fail with
        /// `ConnectorError/Code/invalidResponse` (on the transport's own session as soon as the
        /// body grows past it). Default 32 MiB.
        public var maximumResponseBytes: Int

        /// Creates a configuration.
        public init(timeout: Duration = .seconds(30), maximumResponseBytes: Int = 32 << 20) {
            self.timeout = timeout
            self.maximumResponseBytes = maximumResponseBytes
        }
    }

    /// The session requests go through.
    public let session: URLSession
    /// The transport's settings.
    public let configuration: Configuration
    /// The delegate of the session the transport made, `nil` for a session of the host's.
    private let delegate: SessionDelegate?

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - session: The session to use; `nil` makes an ephemeral session without cookies or
    ///     cache, which enforces the size limit while a body arrives and keeps the
    ///     `Authorization` field from other origins on redirects (see the type's discussion).
    ///   - configuration: Timeouts and limits.
    public init(session: URLSession? = nil, configuration: Configuration = Configuration()) {
        if let session {
            self.session = session
            delegate = nil
        } else {
            let delegate = SessionDelegate()
            self.session = URLSessionTransport.makeSession(delegate: delegate)
            self.delegate = delegate
        }
        self.configuration = configuration
    }

    private static func makeSession(delegate: SessionDelegate) -> URLSession {
        let settings = URLSessionConfiguration.ephemeral
        settings.httpCookieStorage = nil
        settings.httpShouldSetCookies = false
        settings.urlCache = nil
        settings.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: settings, delegate: delegate, delegateQueue: nil)
    }

    /// Sends `request` with a data task and returns the response, whatever its status.
    ///
    /// - Throws: `ConnectorError` (see the table in the type's discussion) or
    ///   `CancellationError`.
    public func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
        let urlRequest = makeURLRequest(request)
        let handle = TaskHandle()
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let task: URLSessionDataTask
                    if let delegate {
                        task = session.dataTask(with: urlRequest)
                        delegate.register(task, limit: configuration.maximumResponseBytes) {
                            continuation.resume(with: $0)
                        }
                    } else {
                        task = session.dataTask(with: urlRequest) { data, response, error in
                            continuation.resume(
                                with: SessionDelegate.outcome(data: data, response: response, error: error))
                        }
                    }
                    handle.start(task)
                }
            } onCancel: {
                handle.cancel()
            }
        } catch let tooLarge as ResponseTooLarge {
            throw tooLarge.error(limit: configuration.maximumResponseBytes, for: request)
        } catch {
            throw URLSessionTransport.map(error, for: request)
        }
        guard let http = response as? HTTPURLResponse else {
            throw ConnectorError(
                code: .invalidResponse, connector: request.connector, operation: request.operation,
                message: "the response is not an HTTP response", isAmbiguous: !request.isIdempotent)
        }
        guard data.count <= configuration.maximumResponseBytes else {
            throw ResponseTooLarge(status: http.statusCode)
                .error(limit: configuration.maximumResponseBytes, for: request)
        }
        return ConnectorResponse(
            status: HTTPStatus(code: http.statusCode), fields: URLSessionTransport.fields(of: http), body: [UInt8](data))
    }

    func makeURLRequest(_ request: ConnectorRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        let timeout = (request.timeout ?? configuration.timeout).components
        urlRequest.timeoutInterval = max(0.001, TimeInterval(timeout.seconds) + TimeInterval(timeout.attoseconds) / 1e18)
        urlRequest.httpShouldHandleCookies = false
        for field in request.fields {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name.rawName)
        }
        if !request.body.isEmpty {
            urlRequest.httpBody = Data(request.body)
        }
        return urlRequest
    }

    static func fields(of response: HTTPURLResponse) -> HTTPFields {
        var fields = HTTPFields()
        let pairs = response.allHeaderFields.compactMap { key, value -> (HTTPField.Name, String)? in
            guard let text = key as? String, let name = HTTPField.Name(validating: text) else { return nil }
            return (name, value as? String ?? String(describing: value))
        }
        for (name, value) in pairs.sorted(by: { $0.0 < $1.0 }) {
            fields.append(name: name, value: value)
        }
        return fields
    }

    /// Maps a `URLSession` failure to a `ConnectorError` (or `CancellationError`).
    static func map(_ error: any Error, for request: ConnectorRequest) -> any Error {
        if error is CancellationError { return error }
        guard let urlError = error as? URLError else { return ConnectorError(wrapping: error, request: request) }
        let maybeSent = !request.isIdempotent
        func failure(_ code: ConnectorError.Code, ambiguous: Bool, _ message: String) -> ConnectorError {
            ConnectorError(
                code: code, connector: request.connector, operation: request.operation,
                message: "\(message) (URLError \(urlError.code.rawValue))", isAmbiguous: ambiguous,
                underlyingError: urlError)
        }
        switch urlError.code {
        case .cancelled:
            if Task.isCancelled { return CancellationError() }
            return failure(.transportFailed, ambiguous: maybeSent, "the request was cancelled")
        case .timedOut:
            return failure(.timedOut, ambiguous: maybeSent, "no response arrived in time")
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
            .internationalRoamingOff, .callIsActive, .dataNotAllowed, .secureConnectionFailed,
            .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
            .serverCertificateHasUnknownRoot, .clientCertificateRejected, .clientCertificateRequired,
            .appTransportSecurityRequiresSecureConnection:
            return failure(.connectionFailed, ambiguous: false, "no connection could be made; nothing was sent")
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse, .zeroByteResource,
            .cannotDecodeContentData, .cannotDecodeRawData:
            return failure(.transportFailed, ambiguous: maybeSent, "the connection failed before a complete response arrived")
        case .badURL, .unsupportedURL:
            return failure(.invalidRequest, ambiguous: false, "URLSession refused the URL")
        case .dataLengthExceedsMaximum:
            return failure(.invalidResponse, ambiguous: maybeSent, "the response is too large")
        default:
            return failure(.transportFailed, ambiguous: maybeSent, "the transport failed")
        }
    }
}

/// The data task of one request, so cancellation can reach it from another thread.
private final class TaskHandle: Sendable {
    private struct State: @unchecked Sendable {
        // @unchecked Sendable: URLSessionDataTask is thread-safe (its documented methods may be
        // called from any thread) but is not annotated `Sendable` in every Foundation; it is only
        // touched under the lock.
        var task: URLSessionDataTask?
        var cancelled = false
    }

    private let state = LockedValue(State())

    /// Starts `task`, or cancels it at once when cancellation came first.
    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() } else { task.resume() }
    }

    func cancel() {
        let task = state.withLock { state -> URLSessionDataTask? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}

/// A response body grew past the limit (the status is the response's, when one came).
struct ResponseTooLarge: Error {
    var status: Int?

    func error(limit: Int, for request: ConnectorRequest) -> ConnectorError {
        ConnectorError(
            code: .invalidResponse, connector: request.connector, operation: request.operation,
            status: status.map(HTTPStatus.init(code:)),
            message: "the response body exceeds the limit of \(limit) bytes", isAmbiguous: !request.isIdempotent)
    }
}

/// The delegate of a session the transport made: collects each task's body up to its limit,
/// cancelling the task once the body grows past it, and drops `Authorization` from redirects to
/// another origin.
final class SessionDelegate: NSObject, URLSessionDataDelegate, Sendable {
    typealias Outcome = Result<(Data, URLResponse), any Error>

    private struct Exchange: Sendable {
        var limit: Int
        var body = Data()
        var tooLarge = false
        var completion: @Sendable (Outcome) -> Void
    }

    /// The exchanges in flight, by task identifier (unique within the session).
    private let exchanges = LockedValue<[Int: Exchange]>([:])

    /// Routes the events of `task` to `completion`; call it before the task is resumed.
    func register(_ task: URLSessionDataTask, limit: Int, completion: @escaping @Sendable (Outcome) -> Void) {
        exchanges.withLock { $0[task.taskIdentifier] = Exchange(limit: limit, completion: completion) }
    }

    /// The outcome of a finished data task.
    static func outcome(data: Data?, response: URLResponse?, error: (any Error)?) -> Outcome {
        if let error { return .failure(error) }
        guard let response else { return .failure(URLError(.badServerResponse)) }
        return .success((data ?? Data(), response))
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let id = dataTask.taskIdentifier
        let exceeded = exchanges.withLock { exchanges -> Bool in
            guard let limit = exchanges[id]?.limit, let received = exchanges[id]?.body.count,
                exchanges[id]?.tooLarge == false
            else { return false }
            guard data.count <= limit - received else {
                exchanges[id]?.tooLarge = true
                exchanges[id]?.body = Data()
                return true
            }
            exchanges[id]?.body.append(data)  // in place: no copy of what arrived before
            return false
        }
        if exceeded { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let exchange = exchanges.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if exchange.tooLarge {
            exchange.completion(.failure(ResponseTooLarge(status: (task.response as? HTTPURLResponse)?.statusCode)))
        } else {
            exchange.completion(SessionDelegate.outcome(data: exchange.body, response: task.response, error: error))
        }
    }

    #if canImport(FoundationNetworking)
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(SessionDelegate.redirect(request, from: task.originalRequest?.url))
    }
    #else
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest
    ) async -> URLRequest? {
        SessionDelegate.redirect(request, from: task.originalRequest?.url)
    }
    #endif

    /// The redirected request, without `Authorization` when it leaves the origin of `original`.
    static func redirect(_ request: URLRequest, from original: URL?) -> URLRequest {
        guard let original, let target = request.url, let from = origin(of: original), origin(of: target) == from else {
            var stripped = request
            stripped.setValue(nil, forHTTPHeaderField: "Authorization")
            return stripped
        }
        return request
    }

    /// Scheme, host and port (the scheme's default when absent), compared without case.
    static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        let port = url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)
        return "\(scheme)://\(host):\(port)"
    }
}
