import BridgeConnectors
import BridgeModels
import BridgeURLSession
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `URLSessionTransport` against a real HTTP server on loopback (see `LoopbackServer`).
@Suite(.timeLimit(.minutes(2)))
struct URLSessionTransportTests {
    let transport = URLSessionTransport()

    func request(
        _ method: HTTPMethod = .get, _ url: URL, fields: HTTPFields = [:], body: [UInt8] = [],
        timeout: Duration? = nil
    ) throws -> ConnectorRequest {
        try ConnectorRequest(
            method: method, url: url, fields: fields, body: body, connector: .clickUp, operation: "test",
            timeout: timeout)
    }

    struct Echo: Decodable {
        var method: String
        var path: String
        var query: String
        var headers: [[String]]
        var body: String

        func header(_ name: String) -> [String] {
            headers.filter { $0.first?.lowercased() == name.lowercased() }.map { $0[1] }
        }
    }

    @Test func getEchoesMethodQueryAndHeaders() async throws {
        try await LoopbackServer.with { server in
            let response = try await transport.send(
                request(.get, server.url("/echo?list=901&page=0"), fields: ["X-Trace": "abc", .accept: "application/json"]))
            #expect(response.status == .ok)
            #expect(response.fields[.contentType] == "application/json")
            let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
            #expect(echo.method == "GET")
            #expect(echo.path == "/echo")
            #expect(echo.query == "list=901&page=0")
            #expect(echo.header("x-trace") == ["abc"])
            #expect(echo.body.isEmpty)
        }
    }

    @Test(arguments: [HTTPMethod.post, .put, .patch, .delete])
    func bodiesArriveIntact(_ method: HTTPMethod) async throws {
        try await LoopbackServer.with { server in
            let json = #"{"name":"Invoice 4711 — ACME","priority":2}"#
            let response = try await transport.send(
                request(method, server.url("/echo"), fields: [.contentType: "application/json"], body: Array(json.utf8)))
            let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
            #expect(echo.method == method.rawValue)
            #expect(echo.body == json)
            #expect(echo.header("content-type") == ["application/json"])
        }
    }

    @Test func theAuthorizationMiddlewareReachesTheServer() async throws {
        try await LoopbackServer.with { server in
            let chain = transport.with(AuthorizationMiddleware(scheme: .raw, token: Secret("pk_1-loopback")))
            let response = try await chain.send(request(.get, server.url("/echo")))
            let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
            #expect(echo.header("authorization") == ["pk_1-loopback"])
        }
    }

    @Test(arguments: [201, 204, 400, 404, 409, 412, 429, 500, 503])
    func everyStatusIsAResponseNotAnError(_ code: Int) async throws {
        try await LoopbackServer.with { server in
            let response = try await transport.send(request(.get, server.url("/status/\(code)?h=Retry-After:7")))
            #expect(response.status.code == code)
            #expect(response.fields[.retryAfter] == "7")
            if code != 204 {
                #expect(response.bodyText == #"{"status": \#(code)}"#)
            }
        }
    }

    @Test func responseHeaderFieldsAreReadable() async throws {
        try await LoopbackServer.with { server in
            let response = try await transport.send(
                request(.get, server.url("/headers?h=X-RateLimit-Limit:100&h=X-RateLimit-Remaining:0&h=X-RateLimit-Reset:1767225630&h=ETag:W/%221%22")))
            #expect(response.fields["x-ratelimit-limit"] == "100")
            let limits = RateLimitHeaders(response.fields, now: Date(timeIntervalSince1970: 1_767_225_600))
            #expect(limits.limit == 100 && limits.remaining == 0 && limits.untilReset == .seconds(30))
            #expect(response.fields[.eTag] == "W/\"1\"")
        }
    }

    @Test func aSlowServerTimesOutAmbiguouslyForAPost() async throws {
        try await LoopbackServer.with { server in
            for method in [HTTPMethod.get, .post] {
                do {
                    _ = try await transport.send(request(method, server.url("/slow?ms=3000"), timeout: .milliseconds(300)))
                    Issue.record("no timeout")
                } catch let error as ConnectorError {
                    #expect(error.code == .timedOut)
                    #expect(error.isAmbiguous == (method == .post))
                    #expect(error.underlyingError is URLError)
                }
            }
        }
    }

    @Test func largeAndChunkedBodiesArriveWhole() async throws {
        try await LoopbackServer.with { server in
            let size = 5 << 20
            let large = try await transport.send(request(.get, server.url("/large?bytes=\(size)")))
            #expect(large.body.count == size)
            #expect(large.body.enumerated().allSatisfy { $0.element == UInt8($0.offset % 256) })
            let chunked = try await transport.send(request(.get, server.url("/chunked?chunks=5")))
            #expect(chunked.bodyText == (0..<5).map { "chunk-\($0)\n" }.joined())
        }
    }

    @Test func responsesOverTheLimitAreRefused() async throws {
        try await LoopbackServer.with { server in
            let limit = URLSessionTransport.Configuration(maximumResponseBytes: 1 << 20)
            let own = URLSessionTransport(configuration: limit)
            let hosts = URLSessionTransport(session: URLSession(configuration: .ephemeral), configuration: limit)
            for small in [own, hosts] {
                do {
                    _ = try await small.send(request(.post, server.url("/large?bytes=\((1 << 20) + 1)")))
                    Issue.record("accepted")
                } catch let error as ConnectorError {
                    #expect(error.code == .invalidResponse)
                    #expect(error.status == .ok)
                    #expect(error.isAmbiguous, "the POST was answered, so it may have been applied")
                }
                let atTheLimit = try await small.send(request(.get, server.url("/large?bytes=\(1 << 20)")))
                #expect(atTheLimit.body.count == 1 << 20)
            }
        }
    }

    @Test func aResponseOverTheLimitIsAbandonedWhileItArrives() async throws {
        try await LoopbackServer.with { server in
            let small = URLSessionTransport(configuration: .init(maximumResponseBytes: 1 << 20))
            // 2 MiB arrive, then the server waits (up to 30 s) for the client to give up before it
            // sends the other 62 MiB: a transport that reads on gets them all.
            let size = 64 << 20
            do {
                _ = try await small.send(request(.get, server.url("/stream?bytes=\(size)&pause=\(2 << 20)")))
                Issue.record("accepted")
            } catch let error as ConnectorError {
                #expect(error.code == .invalidResponse)
                #expect(error.status == .ok)
            }
            let report = try await transport.send(request(.get, server.url("/streamed")))
            let written = try JSONDecoder().decode([String: Int].self, from: Data(report.body))["written"] ?? -1
            #expect(written <= 2 << 20, "the server wrote \(written) of \(size) bytes: the transport kept reading")
        }
    }

    @Test func redirectsToAnotherOriginDropTheAuthorization() async throws {
        try await LoopbackServer.with { server in
            let chain = transport.with(AuthorizationMiddleware(scheme: .raw, token: Secret("pk_1-loopback")))
            let sameOrigin = server.url("/echo").absoluteString
            let otherOrigin = "http://localhost:\(server.port)/echo"
            for (target, host, keepsToken) in [
                (sameOrigin, "127.0.0.1:\(server.port)", true), (otherOrigin, "localhost:\(server.port)", false),
            ] {
                let escaped = try #require(target.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let response = try await chain.send(request(.get, server.url("/redirect?to=\(escaped)")))
                #expect(response.status == .ok)
                let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
                #expect(echo.header("host") == [host])
                #expect(echo.header("authorization") == (keepsToken ? ["pk_1-loopback"] : []))
            }
        }
    }

    @Test func aDroppedConnectionIsAmbiguousForAPost() async throws {
        try await LoopbackServer.with { server in
            do {
                _ = try await transport.send(request(.post, server.url("/drop"), body: Array("{}".utf8)))
                Issue.record("no error")
            } catch let error as ConnectorError {
                #expect(error.code == .transportFailed)
                #expect(error.isAmbiguous)
            }
        }
    }

    @Test func aRefusedConnectionIsSafeToRetry() async throws {
        // The server holds the port bound without listening, so no other process can take it.
        try await LoopbackServer.with { server in
            let url = server.refusingURL("/echo")
            do {
                _ = try await transport.send(request(.post, url))
                Issue.record("connected to a port that does not listen")
            } catch let error as ConnectorError {
                #expect(error.code == .connectionFailed)
                #expect(!error.isAmbiguous)
                #expect(RetryClassifier.classify(error: error, for: try request(.post, url)) == .safeToRetry)
            }
        }
    }

    @Test func cancellationCancelsTheRequest() async throws {
        try await LoopbackServer.with { server in
            let r = try request(.get, server.url("/slow?ms=5000"))
            let task = Task { try await transport.send(r) }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }

    @Test func aTaskCancelledBeforeSendingThrowsCancellation() async throws {
        try await LoopbackServer.with { server in
            let r = try request(.get, server.url("/echo"))
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await transport.send(r)
            }
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }

    @Test func cancellationReachesARequestInFlight() async throws {
        try await LoopbackServer.with { server in
            // The server would answer after 30 s; only a cancelled data task ends sooner.
            let r = try request(.get, server.url("/slow?ms=30000"))
            let task = Task { try await transport.send(r) }
            try await server.waitUntilSeen("/slow")
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }
}
