/// How a response or failure should be handled: the one place that decides what may be resent.
public enum RetryClassification: Hashable, Sendable {
    /// The request succeeded (1xx–3xx).
    case success
    /// The request was certainly not applied, or applying it again does no harm: resend it
    /// unchanged after a wait.
    case safeToRetry
    /// 409 or 412: the resource changed since it was read. Resending the same request fails
    /// again; the client re-reads the resource, merges and sends a new request.
    case resolveConflictThenRetry
    /// A refusal that resending cannot fix (4xx such as 400, 401, 403, 404).
    case doNotRetry
    /// The request may have been applied, and it is not idempotent: never resend blindly. The
    /// client looks up its idempotency marker (e.g. searches for the task it meant to create)
    /// before creating again.
    case ambiguous
}

/// Classifies responses and failures into safe retries, conflicts, permanent refusals and
/// ambiguous outcomes.
///
/// | outcome | idempotent request | other request (`POST`, plain `PATCH`) |
/// |---|---|---|
/// | 1xx–3xx | ``RetryClassification/success`` | ``RetryClassification/success`` |
/// | 408, 429, 503 | safe to retry | safe to retry (the service refused before acting) |
/// | 500, 502, 504 and other 5xx | safe to retry | **ambiguous** (the service or an upstream may have acted) |
/// | 501, 505 | do not retry | do not retry |
/// | 409, 412 | resolve conflict, then retry | resolve conflict, then retry |
/// | other 4xx | do not retry | do not retry |
/// | ``ConnectorError/Code/connectionFailed`` (refused, no route, DNS) | safe to retry | safe to retry (nothing was sent) |
/// | ``ConnectorError/Code/timedOut``, ``ConnectorError/Code/transportFailed``, other errors | safe to retry | **ambiguous** |
/// | ``ConnectorError/Code/invalidResponse`` | safe to retry | **ambiguous** (applied, answer unusable) |
/// | any error with ``ConnectorError/isAmbiguous`` | ambiguous | ambiguous |
/// | an error made from a 4xx or 5xx response (``ConnectorError/init(response:request:wallClock:)``) | as that response | as that response |
/// | ``ConnectorError/Code/rateLimited`` thrown by a middleware | safe to retry | safe to retry |
/// | ``ConnectorError/Code/invalidRequest``, other codes, `CancellationError` | do not retry | do not retry |
///
/// 502 and 504 are treated more carefully than a plain "always retry" rule: a gateway answers
/// them when *its upstream* failed or was slow, and the upstream may have created the task
/// anyway. For idempotent requests that does not matter; for a `POST` it is the very case the
/// idempotency marker exists for.
public enum RetryClassifier: Sendable {
    /// Classifies a response to `request`.
    public static func classify(response: ConnectorResponse, for request: ConnectorRequest) -> RetryClassification {
        let code = response.status.code
        switch code {
        case 100...399: return .success
        case 408, 429, 503: return .safeToRetry
        case 409, 412: return .resolveConflictThenRetry
        case 501, 505: return .doNotRetry
        case 500...599: return request.isIdempotent ? .safeToRetry : .ambiguous
        default: return .doNotRetry
        }
    }

    /// Classifies an error thrown while sending `request`.
    public static func classify(error: any Error, for request: ConnectorRequest) -> RetryClassification {
        if error is CancellationError { return .doNotRetry }
        guard let error = error as? ConnectorError else {
            return request.isIdempotent ? .safeToRetry : .ambiguous
        }
        if error.isAmbiguous { return .ambiguous }
        // An error made from a refused response (`ensureSuccess`) is classified like that
        // response: a 408 was refused before the service acted, even for a POST.
        if let status = error.status, status.code >= 400,
            error.code == .forStatus(status, serviceCode: error.serviceCode)
        {
            return classify(response: ConnectorResponse(status: status), for: request)
        }
        switch error.code {
        case .connectionFailed, .rateLimited:
            return .safeToRetry
        case .timedOut, .transportFailed, .invalidResponse, .serverError:
            return request.isIdempotent ? .safeToRetry : .ambiguous
        case .conflict, .preconditionFailed:
            return .resolveConflictThenRetry
        default:
            return .doNotRetry
        }
    }
}
