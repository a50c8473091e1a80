import BridgeConnectors
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct ConnectorRequestTests {
    private func make(_ url: String) throws(ConnectorError) -> ConnectorRequest {
        try ConnectorRequest(method: .get, url: URL(string: url)!, connector: .planner, operation: "getTask")
    }

    @Test(arguments: [
        "/v1.0/planner/tasks", "ftp://graph.microsoft.com/x", "https:///nohost", "https://user:pw@graph.microsoft.com/",
        "mailto:someone@example.com",
    ])
    func refusesUnacceptableURLs(_ url: String) {
        do {
            _ = try make(url)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.connector == .planner)
            #expect(error.operation == "getTask")
            #expect(!error.description.contains("pw@"))
        }
    }

    @Test func acceptsHTTPAndHTTPS() throws {
        #expect(try make("https://graph.microsoft.com/v1.0/planner/tasks").url.host == "graph.microsoft.com")
        #expect(try make("http://127.0.0.1:8080/echo").url.port == 8080)
        var request = try make("https://graph.microsoft.com/v1.0/me")
        #expect(throws: ConnectorError.self) { try request.setURL(URL(string: "relative/path")!) }
        #expect(request.url.absoluteString == "https://graph.microsoft.com/v1.0/me")
        try request.setURL(URL(string: "https://graph.microsoft.com/v1.0/planner/plans")!)
        #expect(request.url.path == "/v1.0/planner/plans")
    }

    @Test func idempotencyDefaultsToTheMethodAndCanBeOverridden() {
        #expect(TransportFixtures.request(.get).isIdempotent)
        #expect(!TransportFixtures.request(.post).isIdempotent)
        #expect(TransportFixtures.request(.patch, isIdempotent: true).isIdempotent)
        #expect(!TransportFixtures.request(.put, isIdempotent: false).isIdempotent)
    }

    @Test func descriptionsNeverShowSecretsOrBodies() {
        let request = TransportFixtures.request(
            .post, "https://api.clickup.com/api/v2/list/9/task?access_token=\(TransportFixtures.token)&custom_task_ids=true#frag",
            operation: "createTask",
            fields: [.authorization: TransportFixtures.token, .contentType: "application/json"],
            body: Array(#"{"name":"invoice 4711 for ACME"}"#.utf8))
        var dumped = ""
        dump(request, to: &dumped)
        let texts = [request.description, request.debugDescription, "\(request)", String(reflecting: request), dumped]
        for text in texts {
            #expect(!text.contains(TransportFixtures.token), "token leaked in: \(text)")
            #expect(!text.contains("ACME"), "body leaked in: \(text)")
        }
        #expect(
            request.description
                == "POST https://api.clickup.com/api/v2/list/9/task?access_token=<redacted>&custom_task_ids=true "
                + "(clickup.createTask) [Authorization: <redacted>, Content-Type: application/json] 32-byte body")
    }

    @Test func percentEncodedCredentialKeysAreRedactedToo() {
        let request = TransportFixtures.request(.get, "https://example.com/cb?Access%5Ftoken=abc123&state=ok")
        #expect(request.description.contains("Access%5Ftoken=<redacted>"))
        #expect(request.description.contains("state=ok"))
        #expect(!request.description.contains("abc123"))
    }

    @Test func responsesDescribeStatusFieldsAndSizeOnly() {
        let response = ConnectorResponse(
            status: .tooManyRequests, fields: [.retryAfter: "10", .setCookie: "sid=\(TransportFixtures.token)"],
            text: #"{"err":"Rate limit reached"}"#)
        #expect(response.description == "429 Too Many Requests [Retry-After: 10, Set-Cookie: <redacted>] 28-byte body")
        var dumped = ""
        dump(response, to: &dumped)
        #expect(!dumped.contains(TransportFixtures.token))
        #expect(!dumped.contains("Rate limit"))
        #expect(response.bodyText == #"{"err":"Rate limit reached"}"#)
    }

    @Test func ensureSuccessPassesTwoHundredsAndThrowsOtherwise() throws {
        let request = TransportFixtures.request()
        #expect(try ConnectorResponse(status: .noContent).ensureSuccess(for: request).status == .noContent)
        do {
            try ConnectorResponse(status: .notFound, text: #"{"err":"Task not found","ECODE":"ITEM_013"}"#)
                .ensureSuccess(for: request)
            Issue.record("a 404 passed")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.serviceCode == "ITEM_013")
            #expect(error.message == "Task not found")
        }
    }
}
