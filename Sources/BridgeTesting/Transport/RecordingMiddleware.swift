public import BridgeConnectors

/// A middleware that records every request passing through it and the answer it got (or that
/// none came), for tests that wrap a real client around a fake or a scripted transport.
///
/// Unlike ``RecordingTransport``, which answers requests itself, it sits in a middleware chain
/// and lets them through:
///
/// ```swift
/// let recorder = RecordingMiddleware()
/// let client = PlannerClient(transport: fake.with(recorder))
/// _ = try await client.createTask(body)
/// #expect(recorder.operations == ["createTask"])
/// #expect(recorder.statuses == ["201"])
/// ```
public final class RecordingMiddleware: TransportMiddleware {
    /// One request and the response it got, or `nil` when the next stage threw.
    public struct Exchange: Sendable {
        /// The request as it left the middleware chain above this one.
        public var request: ConnectorRequest
        /// The response, or `nil` when none came.
        public var response: ConnectorResponse?
    }

    private let log = LockedValue<[Exchange]>([])

    /// Creates an empty recorder.
    public init() {}

    /// Every exchange so far, in the order the answers (or failures) came; concurrent requests
    /// appear when they finish, and a request still waiting for its answer is not listed yet.
    public var exchanges: [Exchange] { log.withLock { $0 } }
    /// Every request so far, in order.
    public var requests: [ConnectorRequest] { exchanges.map(\.request) }
    /// The operation of each request (`createTask`, `readTaskDetails`, …).
    public var operations: [String] { requests.map(\.operation) }
    /// The status of each answer as text (`"201"`), or `"error"` when none came.
    public var statuses: [String] { exchanges.map { $0.response.map { String($0.status.code) } ?? "error" } }

    /// Forgets what was recorded.
    public func clear() {
        log.withLock { $0.removeAll() }
    }

    /// Records the request and its outcome, passing both through unchanged.
    public func intercept(
        _ request: ConnectorRequest, next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
    ) async throws -> ConnectorResponse {
        do {
            let response = try await next(request)
            log.withLock { $0.append(Exchange(request: request, response: response)) }
            return response
        } catch {
            log.withLock { $0.append(Exchange(request: request, response: nil)) }
            throw error
        }
    }
}
