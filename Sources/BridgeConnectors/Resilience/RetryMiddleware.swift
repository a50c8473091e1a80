/// How many times and for how long ``RetryMiddleware`` keeps trying.
public struct RetryPolicy: Hashable, Sendable {
    /// The most times a request is sent, the first time included (≥ 1).
    public var maxAttempts: Int
    /// The most time spent waiting between attempts, in total. A wait that would exceed what is
    /// left (a long `Retry-After`, say) is not started: the last outcome is returned instead, so
    /// the caller can schedule the work for later.
    public var maxTotalWait: Duration
    /// The waits when the service gives no `Retry-After` / `X-RateLimit-Reset`.
    public var backoff: Backoff

    /// Creates a policy; `maxAttempts` below 1 is treated as 1.
    public init(maxAttempts: Int = 4, maxTotalWait: Duration = .seconds(120), backoff: Backoff = .exponential()) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxTotalWait = max(maxTotalWait, .zero)
        self.backoff = backoff
    }

    /// Four attempts, at most two minutes of waiting, ``Backoff/exponential(initial:multiplier:maximum:jitter:)``.
    public static var `default`: RetryPolicy { RetryPolicy() }

    /// One attempt: never retry.
    public static var never: RetryPolicy { RetryPolicy(maxAttempts: 1) }
}

/// One retry that ``RetryMiddleware`` is about to make, for logs and metrics.
public struct RetryEvent: Sendable, CustomStringConvertible {
    /// The service.
    public var connector: ConnectorID
    /// The operation.
    public var operation: String
    /// The attempt about to be made (2 for the first retry).
    public var attempt: Int
    /// The wait before it.
    public var delay: Duration
    /// Whether the wait came from the service (`Retry-After`, `X-RateLimit-Reset`) rather than
    /// the backoff.
    public var delayFromService: Bool
    /// The status that caused the retry, if a response arrived.
    public var status: HTTPStatus?
    /// The error code that caused the retry, if the request failed.
    public var errorCode: ConnectorError.Code?

    /// `clickup.getTask: attempt 2 after 500 milliseconds (HTTP 503 Service Unavailable)`.
    public var description: String {
        let cause = status.map { "HTTP \($0)" } ?? errorCode.map(\.description) ?? "unknown"
        return "\(connector).\(operation): attempt \(attempt) after \(delay)"
            + (delayFromService ? " (as the service asked)" : "") + " (\(cause))"
    }
}

/// Retries what is safe to retry, waits as the service asks, and surfaces ambiguous failures
/// instead of resending them.
///
/// Every response and error goes through ``RetryClassifier``:
///
/// - ``RetryClassification/safeToRetry``: waits, then resends. The wait is the service's
///   `Retry-After` (seconds or HTTP date) or, on a 429, the time until `X-RateLimit-Reset`;
///   otherwise the policy's ``Backoff`` with jitter from the injected generator. Stops after
///   ``RetryPolicy/maxAttempts`` or when the next wait would exceed what is left of
///   ``RetryPolicy/maxTotalWait``, returning the last response or throwing the last error (with
///   ``ConnectorError/attempts`` set).
/// - ``RetryClassification/ambiguous``: a thrown error is rethrown as a ``ConnectorError`` with
///   ``ConnectorError/isAmbiguous`` set; an ambiguous response (a 502 to a `POST`) is returned,
///   and ``ConnectorResponse/ensureSuccess(for:)`` turns it into such an error. Never resent.
/// - Everything else (success, 409/412, other 4xx) is returned at once.
///
/// Errors that are not ``ConnectorError`` are wrapped once (``ConnectorError/init(wrapping:request:)``);
/// `CancellationError` propagates, and cancellation interrupts a wait.
///
/// Put it before ``RateLimitMiddleware`` so every attempt is paced:
/// `transport.with(auth, RetryMiddleware(), RateLimitMiddleware(policy: .clickUp(.freeForever)))`.
public struct RetryMiddleware: TransportMiddleware {
    /// The limits on retrying.
    public let policy: RetryPolicy
    private let clock: any Clock<Duration>
    private let wallClock: WallClock
    private let generator: LockedValue<any RandomNumberGenerator & Sendable>
    private let observer: (@Sendable (RetryEvent) -> Void)?

    /// Creates the middleware.
    ///
    /// - Parameters:
    ///   - policy: Attempts, total wait and backoff.
    ///   - clock: The clock to wait on; inject a manual clock in tests.
    ///   - wallClock: The current date, to read `Retry-After` dates and `X-RateLimit-Reset`.
    ///   - randomNumberGenerator: The jitter source; inject a `SeededRandomNumberGenerator`
    ///     for reproducible waits.
    ///   - onRetry: Called before each wait, for logs and metrics.
    public init(
        policy: RetryPolicy = .default, clock: any Clock<Duration> = ContinuousClock(), wallClock: WallClock = .system,
        randomNumberGenerator: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        onRetry: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        self.policy = policy
        self.clock = clock
        self.wallClock = wallClock
        self.generator = LockedValue(randomNumberGenerator)
        self.observer = onRetry
    }

    /// Sends `request`, retrying as described in the type's discussion.
    public func intercept(
        _ request: ConnectorRequest,
        next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
    ) async throws -> ConnectorResponse {
        var attempt = 1
        var waited = Duration.zero
        while true {
            let response: ConnectorResponse
            do {
                response = try await next(request)
            } catch let cancellation as CancellationError {
                throw cancellation
            } catch {
                var failure = ConnectorError(wrapping: error, request: request)
                failure.attempts = attempt
                switch RetryClassifier.classify(error: failure, for: request) {
                case .ambiguous:
                    failure.isAmbiguous = true
                    throw failure
                case .safeToRetry:
                    let (delay, fromService) = failure.retryAfter.map { ($0, true) } ?? (backoff(attempt), false)
                    guard attempt < policy.maxAttempts, waited + delay <= policy.maxTotalWait else { throw failure }
                    observer?(
                        RetryEvent(
                            connector: request.connector, operation: request.operation, attempt: attempt + 1,
                            delay: delay, delayFromService: fromService, status: nil, errorCode: failure.code))
                    try await clock.sleep(for: delay)
                    waited += delay
                    attempt += 1
                    continue
                default:
                    throw failure
                }
            }
            guard RetryClassifier.classify(response: response, for: request) == .safeToRetry,
                attempt < policy.maxAttempts
            else { return response }
            let serviceDelay = self.serviceDelay(response)
            let delay = serviceDelay ?? backoff(attempt)
            guard waited + delay <= policy.maxTotalWait else { return response }
            observer?(
                RetryEvent(
                    connector: request.connector, operation: request.operation, attempt: attempt + 1, delay: delay,
                    delayFromService: serviceDelay != nil, status: response.status, errorCode: nil))
            try await clock.sleep(for: delay)
            waited += delay
            attempt += 1
        }
    }

    private func backoff(_ attempt: Int) -> Duration {
        generator.withLock { generator in policy.backoff.delay(beforeRetry: attempt, using: &generator) }
    }

    private func serviceDelay(_ response: ConnectorResponse) -> Duration? {
        let headers = RateLimitHeaders(response.fields, now: wallClock())
        if let retryAfter = headers.retryAfter { return retryAfter }
        if response.status == .tooManyRequests { return headers.untilReset }
        return nil
    }
}
