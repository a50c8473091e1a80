public import BridgeConnectors

/// A transport backed by a closure, for tests that compute each answer.
///
/// ```swift
/// let transport = MockTransport { request in
///     request.method == .get
///         ? ConnectorResponse(status: .ok, text: #"{"tasks":[]}"#)
///         : ConnectorResponse(status: .created)
/// }
/// let alwaysFine = MockTransport.successful
/// let broken = MockTransport.failing          // throws MockTransport.Failure
/// ```
public struct MockTransport: HTTPTransport {
    /// The error ``failing`` throws.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// Creates the error.
        public init() {}
        /// `mock transport failure`.
        public var description: String { "mock transport failure" }
    }

    /// Computes the answer to each request.
    public var handler: @Sendable (ConnectorRequest) async throws -> ConnectorResponse

    /// Creates a transport that answers with `handler`.
    public init(_ handler: @escaping @Sendable (ConnectorRequest) async throws -> ConnectorResponse) {
        self.handler = handler
    }

    /// Answers with `handler`.
    public func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
        try await handler(request)
    }

    /// Answers every request with `200 OK` and an empty body.
    public static var successful: MockTransport { successful() }

    /// Answers every request with the given response.
    public static func successful(
        status: HTTPStatus = .ok, fields: HTTPFields = [:], body: [UInt8] = []
    ) -> MockTransport {
        let response = ConnectorResponse(status: status, fields: fields, body: body)
        return MockTransport { _ in response }
    }

    /// Fails every request with ``Failure``, as a host transport with an unclassified error
    /// would.
    public static var failing: MockTransport { failing(with: Failure()) }

    /// Fails every request with `error`.
    public static func failing(with error: any Error) -> MockTransport {
        MockTransport { _ in throw error }
    }
}
