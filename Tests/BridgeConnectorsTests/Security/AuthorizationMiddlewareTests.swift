import BridgeConnectors
import BridgeTesting
import Testing

@Suite struct AuthorizationMiddlewareTests {
    @Test func clickUpPersonalTokensAreSentRaw() async throws {
        let transport = RecordingTransport()
        let chain = transport.with(AuthorizationMiddleware(scheme: .raw, token: Secret(TransportFixtures.token)))
        _ = try await chain.send(TransportFixtures.request())
        #expect(transport.lastRequest?.fields[.authorization] == TransportFixtures.token)
    }

    @Test func graphAndOAuthTokensAreBearer() async throws {
        let transport = RecordingTransport()
        _ = try await transport.with(AuthorizationMiddleware(scheme: .bearer, token: Secret("eyJ0.graph")))
            .send(TransportFixtures.request(connector: .planner))
        #expect(transport.lastRequest?.fields[.authorization] == "Bearer eyJ0.graph")
    }

    @Test func theClickUpSchemePicksByPrefix() async throws {
        let transport = RecordingTransport()
        _ = try await transport.with(AuthorizationMiddleware(scheme: .clickUp, token: Secret("pk_1_ABC"))).send(TransportFixtures.request())
        _ = try await transport.with(AuthorizationMiddleware(scheme: .clickUp, token: Secret("oauth-xyz"))).send(TransportFixtures.request())
        #expect(transport.requests.map { $0.fields[.authorization] } == ["pk_1_ABC", "Bearer oauth-xyz"])
    }

    @Test func replacesAnExistingHeaderAndSkipsOtherConnectors() async throws {
        let transport = RecordingTransport()
        let chain = transport.with(AuthorizationMiddleware(scheme: .bearer, token: Secret("graph"), connector: .planner))
        _ = try await chain.send(TransportFixtures.request(connector: .planner, fields: [.authorization: "stale"]))
        _ = try await chain.send(TransportFixtures.request(connector: .clickUp))
        #expect(transport.requests[0].fields.values(for: .authorization) == ["Bearer graph"])
        #expect(transport.requests[1].fields[.authorization] == nil)
    }

    @Test func theProviderIsAskedForEveryRequestSoTokensCanBeRefreshed() async throws {
        let counter = LockedCounter()
        let transport = RecordingTransport()
        let chain = transport.with(
            AuthorizationMiddleware(scheme: .bearer) { Secret("token-\(counter.next())") })
        _ = try await chain.send(TransportFixtures.request())
        _ = try await chain.send(TransportFixtures.request())
        #expect(transport.requests.map { $0.fields[.authorization] } == ["Bearer token-1", "Bearer token-2"])
    }

    @Test func providerFailuresAndEmptyTokensSendNothing() async throws {
        struct IdentityDown: Error {}
        let transport = RecordingTransport()
        do {
            _ = try await transport.with(AuthorizationMiddleware(scheme: .bearer) { throw IdentityDown() })
                .send(TransportFixtures.request(operation: "listTasks"))
            Issue.record("no error")
        } catch let error as ConnectorError {
            #expect(error.code == .unauthorized)
            #expect(error.operation == "listTasks")
            #expect(error.underlyingError is IdentityDown)
        }
        do {
            _ = try await transport.with(AuthorizationMiddleware(scheme: .raw, token: Secret(""))).send(TransportFixtures.request())
            Issue.record("no error")
        } catch let error as ConnectorError {
            #expect(error.code == .unauthorized)
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func tokensEchoedInErrorsAreRedacted() async throws {
        let echoing = MockTransport { request in
            throw ConnectorError(
                code: .badRequest, connector: request.connector, operation: request.operation,
                message: "bad header \(request.fields[.authorization] ?? "")")
        }
        do {
            _ = try await echoing.with(AuthorizationMiddleware(scheme: .raw, token: Secret(TransportFixtures.token)))
                .send(TransportFixtures.request())
            Issue.record("no error")
        } catch let error as ConnectorError {
            #expect(error.message == "bad header <redacted>")
            #expect(!error.description.contains(TransportFixtures.token))
        }
    }

    @Test func noDescriptionAlongTheWayShowsTheToken() async throws {
        let transport = RecordingTransport(responses: [
            ConnectorResponse(status: .tooManyRequests, fields: [.retryAfter: "0"]),
            ConnectorResponse(status: .ok),
        ])
        let events = EventLog()
        let chain = transport.with(
            AuthorizationMiddleware(scheme: .raw, token: Secret(TransportFixtures.token)),
            RetryMiddleware(clock: ImmediateTestClock(), onRetry: { events.append($0.description) }))
        let response = try await chain.send(TransportFixtures.request())
        #expect(response.status == .ok)
        let texts = transport.requests.flatMap { [$0.description, String(reflecting: $0)] } + events.all
        #expect(texts.count == 5)
        for text in texts { #expect(!text.contains(TransportFixtures.token), "leaked in: \(text)") }
    }
}

/// A counter shared by concurrent closures.
final class LockedCounter: Sendable {
    private let value = LockedValue(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

/// A clock whose sleeps return at once, for tests that do not look at time.
struct ImmediateTestClock: Clock {
    typealias Instant = ContinuousClock.Instant
    var now: Instant { ContinuousClock().now }
    var minimumResolution: Duration { .zero }
    func sleep(until deadline: Instant, tolerance: Duration?) async throws { try Task.checkCancellation() }
}

@Suite struct AuthorizationMiddlewareEchoTests {
    /// A service that echoes the credential it received in its error body.
    private static let echoing = MockTransport { request in
        let sent = request.fields[.authorization] ?? ""
        return ConnectorResponse(status: .unauthorized, text: #"{"err":"Token \#(sent) not found","ECODE":"OAUTH_019"}"#)
    }

    @Test func tokensEchoedInErrorResponsesNeverReachTheClientsErrors() async throws {
        let client = ClickUpClient(
            transport: Self.echoing.with(AuthorizationMiddleware(scheme: .raw, token: Secret(TransportFixtures.token))))
        do {
            _ = try await client.task("abc")
            Issue.record("no error")
        } catch let error as ConnectorError {
            #expect(error.code == .unauthorized)
            #expect(error.message == "Token <redacted> not found")
            #expect(!error.description.contains("SECRET"))
        }
    }

    @Test func successfulBodiesAreLeftAlone() async throws {
        let body = #"{"note":"\#(TransportFixtures.token)"}"#
        let response = try await MockTransport.successful(body: Array(body.utf8))
            .with(AuthorizationMiddleware(scheme: .raw, token: Secret(TransportFixtures.token)))
            .send(TransportFixtures.request())
        #expect(response.bodyText == body)
    }

    @Test func aTokenCutByTheMessageLimitIsRedactedToo() async throws {
        // The service message is cut to 300 characters in the middle of the echoed token.
        let padding = String(repeating: "x", count: ConnectorError.messageLimit - 20)
        let cutting = MockTransport { request in
            throw ConnectorError(
                code: .badRequest, connector: request.connector, operation: request.operation,
                message: padding + (request.fields[.authorization] ?? ""))
        }
        do {
            _ = try await cutting.with(AuthorizationMiddleware(scheme: .raw, token: Secret(TransportFixtures.token)))
                .send(TransportFixtures.request())
            Issue.record("no error")
        } catch let error as ConnectorError {
            let message = try #require(error.message)
            #expect(!message.contains("pk_8123"), "a prefix of the token leaked: \(message)")
            #expect(message == padding + "<redacted>…")
        }
    }
}
