/// Adds the `Authorization` header, in the form each service expects.
///
/// - Microsoft Graph and ClickUp OAuth tokens: `Authorization: Bearer <token>` (``Scheme/bearer``).
/// - ClickUp personal tokens (`pk_…`): the token itself, **without** `Bearer`
///   (``Scheme/raw``).
/// - ``Scheme/clickUp`` picks between the two by the `pk_` prefix.
///
/// The token comes from an async provider, so a host can refresh Graph tokens (which expire
/// after about an hour) from its identity library; a fixed ``Secret`` works too. The header value
/// is redacted in every description, and an error message that echoes the token has it replaced
/// by `<redacted>`.
///
/// ```swift
/// let graph = AuthorizationMiddleware(scheme: .bearer, connector: .planner) {
///     Secret(try await identity.accessToken(for: "https://graph.microsoft.com/.default"))
/// }
/// let clickUp = AuthorizationMiddleware(scheme: .clickUp, token: Secret(env["CLICKUP_TOKEN"] ?? ""), connector: .clickUp)
/// let transport = URLSessionTransport().with(graph, clickUp, RetryMiddleware())
/// ```
public struct AuthorizationMiddleware: TransportMiddleware {
    /// How the token is written into the header.
    public struct Scheme: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case bearer, raw, clickUp }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `Bearer <token>`: Microsoft Graph, ClickUp OAuth.
        public static var bearer: Scheme { Scheme(.bearer) }
        /// The token as is: ClickUp personal tokens (`pk_…`).
        public static var raw: Scheme { Scheme(.raw) }
        /// ClickUp: raw for personal tokens (`pk_` prefix), `Bearer` for OAuth tokens.
        public static var clickUp: Scheme { Scheme(.clickUp) }

        /// `bearer`, `raw` or `clickUp`.
        public var description: String {
            switch base {
            case .bearer: return "bearer"
            case .raw: return "raw"
            case .clickUp: return "clickUp"
            }
        }

        /// The header value for `token`.
        func headerValue(for token: String) -> String {
            switch base {
            case .bearer: return "Bearer " + token
            case .raw: return token
            case .clickUp: return token.hasPrefix("pk_") ? token : "Bearer " + token
            }
        }
    }

    /// How the token is written.
    public let scheme: Scheme
    /// The connector whose requests get the header; `nil` for every request.
    public let connector: ConnectorID?
    private let tokenProvider: @Sendable () async throws -> Secret

    /// Creates the middleware with a token provider, called once per request (cache inside it).
    ///
    /// - Parameters:
    ///   - scheme: How the token is written.
    ///   - connector: Only requests for this connector get the header; `nil` for all.
    ///   - tokenProvider: Returns the current token; may refresh it.
    public init(
        scheme: Scheme, connector: ConnectorID? = nil, tokenProvider: @escaping @Sendable () async throws -> Secret
    ) {
        self.scheme = scheme
        self.connector = connector
        self.tokenProvider = tokenProvider
    }

    /// Creates the middleware with a fixed token.
    ///
    /// - Parameters:
    ///   - scheme: How the token is written.
    ///   - token: The token.
    ///   - connector: Only requests for this connector get the header; `nil` for all.
    public init(scheme: Scheme, token: Secret, connector: ConnectorID? = nil) {
        self.init(scheme: scheme, connector: connector) { token }
    }

    /// Sets `Authorization` and sends the request.
    ///
    /// - Throws: ``ConnectorError`` with code ``ConnectorError/Code/unauthorized`` (nothing sent)
    ///   when the provider fails or returns an empty token; errors from further down with the
    ///   token redacted from their message. A non-2xx response comes back with every occurrence
    ///   of the token in its body replaced by `<redacted>`, so the error a client makes of it
    ///   cannot show the token either; 2xx bodies are returned unchanged.
    public func intercept(
        _ request: ConnectorRequest,
        next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
    ) async throws -> ConnectorResponse {
        if let connector, request.connector != connector { return try await next(request) }
        let token: Secret
        do {
            token = try await tokenProvider()
        } catch let cancellation as CancellationError {
            throw cancellation
        } catch {
            throw ConnectorError(
                code: .unauthorized, connector: request.connector, operation: request.operation,
                message: "the token provider failed; nothing was sent", underlyingError: error)
        }
        guard !token.isEmpty else {
            throw ConnectorError(
                code: .unauthorized, connector: request.connector, operation: request.operation,
                message: "the token is empty; nothing was sent")
        }
        var authorized = request
        authorized.fields[.authorization] = scheme.headerValue(for: token.reveal())
        let response: ConnectorResponse
        do {
            response = try await next(authorized)
        } catch let error as ConnectorError {
            throw error.redacting(token)
        }
        // A client turns a non-2xx answer into a `ConnectorError` whose message comes from the
        // body, above this middleware, where the token is no longer known: scrub it here.
        return response.status.isSuccess ? response : AuthorizationMiddleware.scrubbing(token, from: response)
    }

    /// `response` with every occurrence of the token in its body replaced by `<redacted>`.
    static func scrubbing(_ token: Secret, from response: ConnectorResponse) -> ConnectorResponse {
        let needle = token.withBytes { $0 }
        guard !needle.isEmpty, response.body.count >= needle.count,
            MultipartFormBody.occurs(needle, in: response.body, from: 0)
        else { return response }
        var scrubbed = response
        scrubbed.body = []
        scrubbed.body.reserveCapacity(response.body.count)
        let placeholder = Array(Redaction.placeholder.utf8)
        var index = 0
        let body = response.body
        while index < body.count {
            if body[index] == needle[0], index + needle.count <= body.count,
                body[index..<index + needle.count].elementsEqual(needle)
            {
                scrubbed.body.append(contentsOf: placeholder)
                index += needle.count
            } else {
                scrubbed.body.append(body[index])
                index += 1
            }
        }
        return scrubbed
    }
}
