import BridgeConnectors
import BridgeTesting
import Testing

/// Records its name on the way in and out and tags the request and response.
private struct Tagging: TransportMiddleware {
    var name: String
    var log: EventLog

    func intercept(
        _ request: ConnectorRequest, next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
    ) async throws -> ConnectorResponse {
        log.append("in \(name)")
        var request = request
        request.fields.append(name: "X-Path", value: name)
        var response = try await next(request)
        response.fields.append(name: "X-Back", value: name)
        log.append("out \(name)")
        return response
    }
}

@Suite struct MiddlewareTests {
    @Test func middlewaresRunOutermostFirstAndResponsesReturnInReverse() async throws {
        let log = EventLog()
        let transport = RecordingTransport()
        let chain = transport.with(Tagging(name: "a", log: log), Tagging(name: "b", log: log), Tagging(name: "c", log: log))
        let response = try await chain.send(TransportFixtures.request())
        #expect(log.all == ["in a", "in b", "in c", "out c", "out b", "out a"])
        #expect(transport.lastRequest?.fields.values(for: "X-Path") == ["a", "b", "c"])
        #expect(response.fields.values(for: "X-Back") == ["c", "b", "a"])
    }

    @Test func chainsComposeLikeOneList() async throws {
        let log = EventLog()
        let transport = RecordingTransport()
        let inner = transport.with(Tagging(name: "inner", log: log))
        let outer = inner.with([Tagging(name: "outer", log: log)])
        _ = try await outer.send(TransportFixtures.request())
        #expect(log.all == ["in outer", "in inner", "out inner", "out outer"])
        #expect(outer.middlewares.count == 1)
    }

    @Test func aMiddlewareMayAnswerWithoutTheTransport() async throws {
        struct Cache: TransportMiddleware {
            func intercept(
                _ request: ConnectorRequest, next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
            ) async throws -> ConnectorResponse {
                request.method == .get ? ConnectorResponse(status: .ok, text: "cached") : try await next(request)
            }
        }
        let transport = RecordingTransport(fallback: ConnectorResponse(status: .created))
        let chain = transport.with(Cache())
        #expect(try await chain.send(TransportFixtures.request(.get)).bodyText == "cached")
        #expect(try await chain.send(TransportFixtures.request(.post)).status == .created)
        #expect(transport.requests.map(\.method) == [.post])
    }

    @Test func aMiddlewareMayCallNextSeveralTimes() async throws {
        struct Twice: TransportMiddleware {
            func intercept(
                _ request: ConnectorRequest, next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
            ) async throws -> ConnectorResponse {
                _ = try await next(request)
                return try await next(request)
            }
        }
        let transport = RecordingTransport(responses: [ConnectorResponse(status: 503), ConnectorResponse(status: 200)])
        let response = try await transport.with(Twice()).send(TransportFixtures.request())
        #expect(response.status == .ok)
        #expect(transport.requests.count == 2)
    }

    @Test func errorsPropagateThroughTheChain() async {
        let log = EventLog()
        let chain = MockTransport.failing.with(Tagging(name: "a", log: log))
        await #expect(throws: MockTransport.Failure.self) { try await chain.send(TransportFixtures.request()) }
        #expect(log.all == ["in a"])
    }
}
