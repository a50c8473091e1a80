public import BridgeConnectors

/// A transport that records every request and answers with scripted responses, in order.
///
/// ```swift
/// let transport = RecordingTransport()
/// transport.enqueue(ConnectorResponse(status: .tooManyRequests, fields: [.retryAfter: "2"]))
/// transport.enqueue(ConnectorResponse(status: .ok, text: #"{"id":"1"}"#))
/// _ = try await client.createTask(…)
/// #expect(transport.requests.count == 2)
/// #expect(transport.requests[0].fields[.authorization] != nil)
/// ```
///
/// When the script is used up, requests get the fallback response (default `200 OK` with an
/// empty body), or fail with ``UnscriptedRequest`` when the fallback is `nil`. Give it a
/// ``ManualClock`` to also record when each request arrived. Safe to use from concurrent tasks:
/// recording and scripting are under a lock, and every property reads synchronously.
public final class RecordingTransport: HTTPTransport {
    /// One recorded request.
    public struct Record: Sendable {
        /// The request as it reached the transport (after every middleware).
        public var request: ConnectorRequest
        /// When it arrived, if the transport has a clock.
        public var instant: ManualClock.Instant?
    }

    /// Thrown when a request arrives after the script is used up and there is no fallback.
    public struct UnscriptedRequest: Error, Hashable, Sendable, CustomStringConvertible {
        /// The request's operation.
        public var operation: String
        /// `no scripted response left for createTask`.
        public var description: String { "no scripted response left for \(operation)" }
    }

    private enum Reply: Sendable {
        case response(ConnectorResponse)
        case failure(any Error)
    }

    private struct State: Sendable {
        var records: [Record] = []
        var script: [Reply] = []
        var head = 0
    }

    private let state = LockedValue(State())
    private let fallback: ConnectorResponse?
    private let clock: ManualClock?

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - responses: Responses to give, in order.
    ///   - fallback: The answer once the script is used up; `nil` to fail instead.
    ///   - clock: A clock whose ``ManualClock/now`` is recorded with each request.
    public init(
        responses: [ConnectorResponse] = [], fallback: ConnectorResponse? = ConnectorResponse(status: .ok),
        clock: ManualClock? = nil
    ) {
        self.fallback = fallback
        self.clock = clock
        state.withLock { $0.script = responses.map(Reply.response) }
    }

    /// Adds a response to the end of the script.
    public func enqueue(_ response: ConnectorResponse) {
        state.withLock { $0.script.append(.response(response)) }
    }

    /// Adds a failure to the end of the script: the request that reaches it throws `error`.
    public func enqueueFailure(_ error: any Error) {
        state.withLock { $0.script.append(.failure(error)) }
    }

    /// Every request so far, in arrival order.
    public var requests: [ConnectorRequest] { state.withLock { $0.records.map(\.request) } }

    /// Every request so far with its arrival instant.
    public var records: [Record] { state.withLock { $0.records } }

    /// The latest request, or `nil`.
    public var lastRequest: ConnectorRequest? { state.withLock { $0.records.last?.request } }

    /// How many scripted replies are left.
    public var pendingReplyCount: Int { state.withLock { $0.script.count - $0.head } }

    /// Forgets the recorded requests (the script is kept).
    public func removeAllRecords() {
        state.withLock { $0.records.removeAll() }
    }

    /// Records `request` and returns the next scripted reply.
    public func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
        let instant = clock?.now
        let reply = state.withLock { state -> Reply? in
            state.records.append(Record(request: request, instant: instant))
            guard state.head < state.script.count else { return nil }
            defer { state.head += 1 }
            return state.script[state.head]
        }
        switch reply {
        case .response(let response)?: return response
        case .failure(let error)?: throw error
        case nil:
            guard let fallback else { throw UnscriptedRequest(operation: request.operation) }
            return fallback
        }
    }
}
