/// Sends HTTP requests: the seam between the connectors and the host's HTTP client.
///
/// The Planner and ClickUp clients never open sockets themselves; they build a
/// ``ConnectorRequest`` and hand it to a transport. `BridgeURLSession` ships one over
/// `URLSession`; a host on AsyncHTTPClient, or with its own proxy, TLS or tracing set-up, writes
/// about twenty lines (see `Documentation/Adapters.md`). Tests use the recording and mock
/// transports of `BridgeTesting`.
///
/// ### Choose between a transport and a middleware
///
/// - Implement a **transport** to change *how bytes travel*: another HTTP client, a proxy, an
///   in-process fake of a service. There is exactly one at the bottom of a chain.
/// - Implement a ``TransportMiddleware`` to change *what is sent or how results are handled*
///   without caring how bytes travel: authorization, retries, rate limiting, logging, metrics,
///   extra header fields. Middlewares wrap a transport with ``HTTPTransport/with(_:)-(TransportMiddleware...)``
///   and can be reused with any transport.
///
/// ### Implementation requirements
///
/// - Return every response the server sent, whatever its status: a 429 or a 412 is a
///   ``ConnectorResponse``, not an error. Throw only when no response arrived.
/// - Throw ``ConnectorError`` where you can classify the failure: ``ConnectorError/Code/connectionFailed``
///   when the request was certainly not sent (connection refused, name resolution failed),
///   ``ConnectorError/Code/timedOut`` for a timeout, and set ``ConnectorError/isAmbiguous`` when a
///   non-idempotent request may have reached the server. Any other error is wrapped by the
///   middlewares into ``ConnectorError/Code/transportFailed`` and treated as possibly sent.
/// - Honour ``ConnectorRequest/timeout`` and task cancellation (throw `CancellationError`).
/// - Never put header values or bodies into error messages: they may carry tokens.
///
/// ### Example
///
/// A transport that answers every request from a closure, for a test:
///
/// ```swift
/// struct TestTransport: HTTPTransport {
///     var answer: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
///     func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
///         try await answer(request)
///     }
/// }
///
/// let transport = TestTransport { request in
///     ConnectorResponse(status: .ok, text: #"{"id":"abc"}"#)
/// }
/// let response = try await transport.send(request)
/// ```
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the server's response, whatever its status.
    ///
    /// - Parameter request: The request to send.
    /// - Returns: The response.
    /// - Throws: When no response arrived; preferably a ``ConnectorError``.
    func send(_ request: ConnectorRequest) async throws -> ConnectorResponse
}

/// Intercepts requests on their way to a transport: authorization, retries, rate limits,
/// logging, metrics.
///
/// A middleware receives the request and `next`, which sends a request through the rest of the
/// chain. It may change the request, call `next` zero, one or several times (a retry), and
/// change or replace the response.
///
/// ### Choose between a transport and a middleware
///
/// - Implement an ``HTTPTransport`` to change *how bytes travel*: another HTTP client, a proxy,
///   an in-process fake. There is exactly one at the bottom of a chain.
/// - Implement a **middleware** to change *what is sent or how results are handled*:
///   authorization (``AuthorizationMiddleware``), retries (``RetryMiddleware``), pacing
///   (``RateLimitMiddleware``), logging, metrics. A middleware works over any transport.
///
/// ### Order
///
/// `transport.with(a, b, c)` sends a request through `a`, then `b`, then `c`, then the
/// transport; responses come back in reverse. The shipped middlewares go in this order:
///
/// ```swift
/// let transport = URLSessionTransport().with(
///     AuthorizationMiddleware(scheme: .clickUpPersonalToken, token: token),
///     RetryMiddleware(),                                // retries each failure…
///     RateLimitMiddleware(policy: .clickUp(.freeForever)) // …and paces every attempt
/// )
/// ```
///
/// ### Example
///
/// A middleware that adds a `User-Agent`:
///
/// ```swift
/// struct UserAgentMiddleware: TransportMiddleware {
///     var product: String
///     func intercept(
///         _ request: ConnectorRequest,
///         next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
///     ) async throws -> ConnectorResponse {
///         var request = request
///         request.fields[.userAgent] = product
///         return try await next(request)
///     }
/// }
/// ```
public protocol TransportMiddleware: Sendable {
    /// Handles `request`, usually by passing it (possibly changed) to `next`.
    ///
    /// - Parameters:
    ///   - request: The request coming from the client or the previous middleware.
    ///   - next: Sends a request through the remaining middlewares and the transport.
    /// - Returns: The response to hand back to the previous middleware or the client.
    func intercept(
        _ request: ConnectorRequest,
        next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
    ) async throws -> ConnectorResponse
}

/// A transport with middlewares in front of it, made by ``HTTPTransport/with(_:)-(TransportMiddleware...)``.
///
/// It is itself a transport, so chains compose: `base.with(a).with(b)` sends through `b`, `a`,
/// then `base`.
public struct MiddlewareTransport: HTTPTransport {
    /// The transport at the bottom of the chain.
    public let base: any HTTPTransport
    /// The middlewares, outermost first.
    public let middlewares: [any TransportMiddleware]

    /// Wraps `base` with `middlewares`, outermost first.
    public init(base: any HTTPTransport, middlewares: [any TransportMiddleware]) {
        self.base = base
        self.middlewares = middlewares
    }

    /// Sends `request` through every middleware, then the base transport.
    public func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
        try await send(request, from: 0)
    }

    private func send(_ request: ConnectorRequest, from index: Int) async throws -> ConnectorResponse {
        guard index < middlewares.count else { return try await base.send(request) }
        return try await middlewares[index].intercept(request) { next in
            try await self.send(next, from: index + 1)
        }
    }
}

extension HTTPTransport {
    /// Returns this transport with `middlewares` in front of it; the first middleware sees each
    /// request first.
    ///
    /// - Parameter middlewares: The middlewares, outermost first.
    /// - Returns: A transport that sends through the middlewares, then this transport.
    public func with(_ middlewares: [any TransportMiddleware]) -> MiddlewareTransport {
        MiddlewareTransport(base: self, middlewares: middlewares)
    }

    /// Returns this transport with `middlewares` in front of it; the first middleware sees each
    /// request first.
    ///
    /// - Parameter middlewares: The middlewares, outermost first.
    /// - Returns: A transport that sends through the middlewares, then this transport.
    public func with(_ middlewares: any TransportMiddleware...) -> MiddlewareTransport {
        with(middlewares)
    }
}

extension HTTPTransport {
    /// Sends `request` for a client and returns the response when it is 2xx.
    ///
    /// - A failure without a response is wrapped once (``ConnectorError/init(wrapping:request:)``)
    ///   and marked ambiguous when ``RetryClassifier`` says the request may have been applied (a
    ///   timed-out `POST`), also when the host transport did not set
    ///   ``ConnectorError/isAmbiguous`` itself, so a client's marker look-up never depends on
    ///   whether a retry middleware is in the chain. `CancellationError` propagates.
    /// - A non-2xx response becomes ``ConnectorError/init(response:request:wallClock:)``.
    func sendExpectingSuccess(_ request: ConnectorRequest, wallClock: WallClock) async throws -> ConnectorResponse {
        let response: ConnectorResponse
        do {
            response = try await send(request)
        } catch let cancellation as CancellationError {
            throw cancellation
        } catch {
            var failure = ConnectorError(wrapping: error, request: request)
            if !failure.isAmbiguous, RetryClassifier.classify(error: failure, for: request) == .ambiguous {
                failure.isAmbiguous = true
            }
            throw failure
        }
        guard response.status.isSuccess else {
            throw ConnectorError(response: response, request: request, wallClock: wallClock)
        }
        return response
    }
}
