import BridgeConnectors
import BridgeTesting
import Testing

@Suite struct RetryClassifierTests {
    typealias Row = (status: Int, get: RetryClassification, post: RetryClassification)

    static let statusTable: [Row] = [
        (200, .success, .success), (201, .success, .success), (204, .success, .success), (304, .success, .success),
        (408, .safeToRetry, .safeToRetry), (429, .safeToRetry, .safeToRetry), (503, .safeToRetry, .safeToRetry),
        (500, .safeToRetry, .ambiguous), (502, .safeToRetry, .ambiguous), (504, .safeToRetry, .ambiguous),
        (501, .doNotRetry, .doNotRetry), (505, .doNotRetry, .doNotRetry),
        (409, .resolveConflictThenRetry, .resolveConflictThenRetry),
        (412, .resolveConflictThenRetry, .resolveConflictThenRetry),
        (400, .doNotRetry, .doNotRetry), (401, .doNotRetry, .doNotRetry), (403, .doNotRetry, .doNotRetry),
        (404, .doNotRetry, .doNotRetry), (410, .doNotRetry, .doNotRetry), (422, .doNotRetry, .doNotRetry),
        (424, .doNotRetry, .doNotRetry), (600, .doNotRetry, .doNotRetry),
    ]

    @Test(arguments: statusTable)
    func responses(_ row: Row) {
        let response = ConnectorResponse(status: HTTPStatus(code: row.status))
        #expect(RetryClassifier.classify(response: response, for: TransportFixtures.request(.get)) == row.get)
        #expect(RetryClassifier.classify(response: response, for: TransportFixtures.request(.post)) == row.post)
        // PUT and DELETE are idempotent like GET; a PATCH marked idempotent too.
        #expect(RetryClassifier.classify(response: response, for: TransportFixtures.request(.put)) == row.get)
        #expect(RetryClassifier.classify(response: response, for: TransportFixtures.request(.patch, isIdempotent: true)) == row.get)
        #expect(RetryClassifier.classify(response: response, for: TransportFixtures.request(.patch)) == row.post)
    }

    typealias ErrorRow = (error: any Error & Sendable, get: RetryClassification, post: RetryClassification)

    static func failure(_ code: ConnectorError.Code, ambiguous: Bool = false, status: HTTPStatus? = nil) -> ConnectorError {
        ConnectorError(code: code, connector: .clickUp, operation: "op", status: status, isAmbiguous: ambiguous)
    }

    static let errorTable: [ErrorRow] = [
        (failure(.connectionFailed), .safeToRetry, .safeToRetry),
        (failure(.timedOut), .safeToRetry, .ambiguous),
        (failure(.transportFailed), .safeToRetry, .ambiguous),
        (failure(.invalidResponse), .safeToRetry, .ambiguous),
        (failure(.ambiguous), .ambiguous, .ambiguous),
        (failure(.timedOut, ambiguous: true), .ambiguous, .ambiguous),
        (failure(.rateLimited), .safeToRetry, .safeToRetry),
        (failure(.serverError, status: 503), .safeToRetry, .safeToRetry),
        (failure(.serverError, status: 502), .safeToRetry, .ambiguous),
        (failure(.conflict), .resolveConflictThenRetry, .resolveConflictThenRetry),
        (failure(.preconditionFailed), .resolveConflictThenRetry, .resolveConflictThenRetry),
        (failure(.invalidRequest), .doNotRetry, .doNotRetry),
        (failure(.unauthorized), .doNotRetry, .doNotRetry),
        (failure(.notFound), .doNotRetry, .doNotRetry),
        (MockTransport.Failure(), .safeToRetry, .ambiguous),
        (CancellationError(), .doNotRetry, .doNotRetry),
    ]

    @Test(arguments: 0..<errorTable.count)
    func errors(_ index: Int) {
        let row = Self.errorTable[index]
        #expect(RetryClassifier.classify(error: row.error, for: TransportFixtures.request(.get)) == row.get, "row \(index)")
        #expect(RetryClassifier.classify(error: row.error, for: TransportFixtures.request(.post)) == row.post, "row \(index)")
    }

    /// An error made from a refused response (`ensureSuccess`) is classified like the response,
    /// and its `isAmbiguous` agrees: a 408 refused the request before acting, even for a POST.
    @Test(arguments: statusTable.filter { $0.status >= 400 })
    func errorsMadeFromResponsesAreClassifiedLikeTheResponses(_ row: Row) {
        for (method, expected) in [(HTTPMethod.get, row.get), (.post, row.post)] {
            let request = TransportFixtures.request(method)
            let error = ConnectorError(response: ConnectorResponse(status: HTTPStatus(code: row.status)), request: request)
            #expect(RetryClassifier.classify(error: error, for: request) == expected, "\(method) \(row.status)")
            #expect(error.isAmbiguous == (expected == .ambiguous), "\(method) \(row.status)")
        }
    }
}
