import BridgeConnectors
import BridgeModels
import Testing

// Full Foundation: `localizedDescription` lives there.
import Foundation

@Suite struct ConnectorErrorTests {
    private let now = TransportFixtures.startDate

    @Test func graphErrorBodiesGiveCodeAndMessage() {
        let response = ConnectorResponse(
            status: .forbidden,
            text: #"{"error":{"code":"MaximumChecklistItemsOnTask","message":"Too many checklist items.","innerError":{}}}"#)
        let error = ConnectorError(
            response: response, request: TransportFixtures.request(.patch, connector: .planner, operation: "updateTaskDetails"),
            wallClock: .constant(now))
        #expect(error.code == .forbidden)
        #expect(error.status == .forbidden)
        #expect(error.serviceCode == "MaximumChecklistItemsOnTask")
        #expect(error.message == "Too many checklist items.")
        #expect(!error.isAmbiguous)
        #expect(
            error.description
                == "planner.updateTaskDetails failed: forbidden (HTTP 403 Forbidden, service code MaximumChecklistItemsOnTask): Too many checklist items."
        )
    }

    @Test func clickUpErrorBodiesGiveCodeAndMessage() {
        let response = ConnectorResponse(status: 422, text: #"{"err":"Value must be an option index or uuid","ECODE":"FIELD_011"}"#)
        let error = ConnectorError(response: response, request: TransportFixtures.request(.post, operation: "setCustomField"))
        #expect(error.code == .serviceError(code: "FIELD_011"))
        #expect(error.code.serviceErrorCode == "FIELD_011")
        #expect(error.code.shortDescription == "service_error")
        #expect(error.message == "Value must be an option index or uuid")
        let template = ConnectorError(
            response: ConnectorResponse(status: 400, text: #"{"error":"Template not found","ECODE":"OAUTH_117"}"#),
            request: TransportFixtures.request())
        #expect(template.code == .badRequest)
        #expect(template.message == "Template not found")
        #expect(template.serviceCode == "OAUTH_117")
    }

    @Test func unknownStatusesWithoutBodiesAreNamedByStatus() {
        let error = ConnectorError(response: ConnectorResponse(status: .gone), request: TransportFixtures.request())
        #expect(error.code == .serviceError(code: "HTTP_410"))
        #expect(error.message == nil)
    }

    @Test func nonJSONBodiesAreSanitisedAndTruncated() {
        let hostile = "<html>\u{1B}[31mBad gateway\u{202E}" + String(repeating: "x", count: 1000)
        let error = ConnectorError(response: ConnectorResponse(status: .badGateway, text: hostile), request: TransportFixtures.request())
        let message = try! #require(error.message)
        #expect(!message.contains("\u{1B}"))
        #expect(!message.contains("\u{202E}"))
        #expect(message.hasPrefix("<html>\\u{001B}[31mBad gateway\\u{202E}xxx"))
        // 300 characters of input are kept; the two escapes add 14 characters, the ellipsis one.
        #expect(message.unicodeScalars.count == ConnectorError.messageLimit + 14 + 1)
        #expect(message.hasSuffix("…"))
    }

    @Test func rateLimitWaitComesFromRetryAfterOrReset() {
        let graph = ConnectorError(
            response: ConnectorResponse(status: .tooManyRequests, fields: [.retryAfter: "10"]),
            request: TransportFixtures.request(connector: .planner), wallClock: .constant(now))
        #expect(graph.code == .rateLimited)
        #expect(graph.retryAfter == .seconds(10))
        let resetAt = Int(now.timeIntervalSince1970) + 42
        let clickUp = ConnectorError(
            response: ConnectorResponse(
                status: .tooManyRequests,
                fields: [.xRateLimitLimit: "100", .xRateLimitRemaining: "0", .xRateLimitReset: String(resetAt)]),
            request: TransportFixtures.request(), wallClock: .constant(now))
        #expect(clickUp.retryAfter == .seconds(42))
        #expect(clickUp.description.contains("retry after 42.0 seconds"))
    }

    @Test func ambiguityFollowsTheClassifier() {
        let post = TransportFixtures.request(.post, operation: "createTask")
        #expect(ConnectorError(response: ConnectorResponse(status: .badGateway), request: post).isAmbiguous)
        #expect(!ConnectorError(response: ConnectorResponse(status: .serviceUnavailable), request: post).isAmbiguous)
        #expect(!ConnectorError(response: ConnectorResponse(status: .badGateway), request: TransportFixtures.request(.get)).isAmbiguous)
        var error = ConnectorError(code: .ambiguous, connector: .clickUp, operation: "createTask")
        #expect(error.isAmbiguous)
        error.isAmbiguous = false
        #expect(error.isAmbiguous, "the ambiguous code is always ambiguous")
    }

    @Test func wrappingKeepsConnectorErrorsAndClassifiesOthers() {
        struct HostError: Error {}
        let original = ConnectorError(code: .timedOut, connector: .planner, operation: "getTask", attempts: 3)
        let same = ConnectorError(wrapping: original, request: TransportFixtures.request(.post))
        #expect(same.code == .timedOut && same.attempts == 3 && same.connector == .planner && !same.isAmbiguous)
        let wrappedPost = ConnectorError(wrapping: HostError(), request: TransportFixtures.request(.post, operation: "createTask"))
        #expect(wrappedPost.code == .transportFailed)
        #expect(wrappedPost.isAmbiguous)
        #expect(wrappedPost.underlyingError is HostError)
        #expect(wrappedPost.description.contains("caused by HostError"))
        let wrappedGet = ConnectorError(wrapping: HostError(), request: TransportFixtures.request(.get))
        #expect(!wrappedGet.isAmbiguous)
    }

    @Test func descriptionsNeverContainTokensEvenWhenTheServiceEchoesThem() {
        let response = ConnectorResponse(
            status: .unauthorized, text: #"{"err":"Token \#(TransportFixtures.token) invalid","ECODE":"OAUTH_019"}"#)
        let error = ConnectorError(response: response, request: TransportFixtures.request(fields: [.authorization: TransportFixtures.token]))
            .redacting(Secret(TransportFixtures.token))
        #expect(error.message == "Token <redacted> invalid")
        #expect(!error.description.contains(TransportFixtures.token))
        #expect(!String(reflecting: error).contains(TransportFixtures.token))
    }

    @Test func localizedDescriptionIsTheLogSafeDescription() {
        let error = ConnectorError(code: .notFound, connector: .planner, operation: "getTask", status: .notFound)
        #expect(error.localizedDescription == "planner.getTask failed: not_found (HTTP 404 Not Found)")
        #expect(WebhookError(.missingSignature).localizedDescription == "webhook refused: no X-Signature header")
    }

    @Test func codesHaveStableShortDescriptions() {
        let codes: [ConnectorError.Code] = [
            .invalidRequest, .connectionFailed, .transportFailed, .timedOut, .ambiguous, .invalidResponse, .rateLimited,
            .badRequest, .unauthorized, .forbidden, .notFound, .conflict, .preconditionFailed, .serverError,
            .serviceError(code: "X"),
        ]
        #expect(Set(codes.map(\.shortDescription)).count == codes.count)
        #expect(ConnectorError.Code.serviceError(code: "A") != .serviceError(code: "B"))
        #expect(ConnectorError.Code.forStatus(409, serviceCode: nil) == .conflict)
        #expect(ConnectorError.Code.forStatus(412, serviceCode: "x") == .preconditionFailed)
        #expect(ConnectorError.Code.forStatus(408, serviceCode: nil) == .timedOut)
        #expect(ConnectorError.Code.forStatus(504, serviceCode: nil) == .serverError)
    }
}
