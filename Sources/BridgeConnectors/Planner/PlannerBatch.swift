public import BridgeMapping
import BridgeModels

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The outcome of one request of a JSON batch: its status, header fields and body, as Graph
/// answered it inside the `$batch` response.
///
/// A batch succeeds as a whole (200) even when parts fail, so every item is checked on its own:
///
/// ```swift
/// let result = try await planner.batch(parts)
/// for item in result.items {
///     switch item.status {
///     case .ok: let task = try item.decode(PlannerTask.self)
///     case .failedDependency: break   // a request it depends on failed
///     default: log(item.error)        // ConnectorError with Graph's code
///     }
/// }
/// ```
public struct PlannerBatchItem: Hashable, Sendable {
    /// The part's id in the batch.
    public var id: String
    /// The part that was sent.
    public var part: PlannerBatchPart
    /// The part as a transport request (the context of ``error``).
    public var request: ConnectorRequest
    /// The answer: status, header fields, and the body re-encoded as JSON bytes.
    public var response: ConnectorResponse
    /// How many batches carried this part (more than 1 when it was throttled and sent again).
    public var attempts: Int
    /// The body as parsed from the batch answer, so decoding does not parse it again.
    var json: JSONValue?

    /// The part's status.
    public var status: HTTPStatus { response.status }

    /// Whether the part succeeded (2xx).
    public var isSuccess: Bool { response.status.isSuccess }

    /// The part's failure as a ``ConnectorError`` (with Graph's `error.code` in
    /// ``ConnectorError/plannerErrorCode``), or `nil` when it succeeded.
    public var error: ConnectorError? {
        guard !isSuccess else { return nil }
        var error = ConnectorError(response: response, request: request)
        error.attempts = attempts
        return error
    }

    /// Decodes the part's JSON body, e.g. as `PlannerTask`.
    ///
    /// - Throws: The part's ``error`` when it failed; ``ConnectorError/Code/invalidResponse``
    ///   when the body is not a valid `T`.
    public func decode<T: Decodable>(_ type: T.Type) throws(ConnectorError) -> T {
        if let error { throw error }
        guard let json else { return try PlannerClient.decode(type, from: response.body, for: request) }
        do {
            return try StrictJSONDecoder().decode(type, from: json)
        } catch {
            throw PlannerClient.undecodable(T.self, error, for: request)
        }
    }
}

/// The outcome of a JSON batch: one ``PlannerBatchItem`` per part, in the order of the parts
/// (Graph may answer them in any order).
public struct PlannerBatchResult: Hashable, Sendable {
    /// The items, in the order the parts were given.
    public var items: [PlannerBatchItem]
    /// How many `$batch` requests were sent (more than 1 when throttled parts were sent again).
    public var rounds: Int

    /// Creates a result.
    public init(items: [PlannerBatchItem], rounds: Int) {
        self.items = items
        self.rounds = rounds
    }

    /// The item with the given part id, or `nil`.
    public subscript(id: String) -> PlannerBatchItem? {
        items.first { $0.id == id }
    }

    /// The items that failed (non-2xx), in part order.
    public var failures: [PlannerBatchItem] { items.filter { !$0.isSuccess } }
}

extension PlannerClient {
    /// Sends up to 20 requests in one JSON batch (`POST /$batch`) and returns each part's
    /// outcome.
    ///
    /// Parts run in parallel unless they name others in `PlannerBatchPart/dependsOn`; a part
    /// whose dependency fails is answered 424 Failed Dependency. Parts answered 429 (or 503, or
    /// another status ``RetryClassifier`` deems safe to resend) are sent again in a new batch,
    /// with the parts that failed only because they depend on them, after the longest
    /// `Retry-After` among them (else ``Options/batchBackoff``), at most
    /// ``Options/batchRetries`` times and ``Options/maxBatchWait`` in total. Parts that still
    /// fail are returned as they failed.
    ///
    /// A response cannot feed a later part of the same batch, so batch requests whose
    /// placeholders are already resolved: PATCHes of known tasks with their ETags, reads,
    /// deletes. Batched PATCHes are not merged on 412; check ``PlannerBatchItem/status`` and use
    /// ``updateTask(id:_:etag:)`` for the conflicts.
    ///
    /// - Parameter parts: 1 to 20 parts with unique ids; dependencies must name earlier parts.
    /// - Returns: Every part's outcome, in part order.
    /// - Throws: ``ConnectorError``: ``ConnectorError/Code/invalidRequest`` for an invalid batch
    ///   (nothing is sent), the batch request's own failure, or
    ///   ``ConnectorError/Code/invalidResponse`` when the answer is not a batch response for
    ///   exactly these parts.
    public func batch(_ parts: [PlannerBatchPart]) async throws -> PlannerBatchResult {
        var first: PlannedRequest? = try mapping(operation: .batch) { () throws(InputError) in
            try PlannerRequests.batch(parts)
        }
        var outcomes: [String: PlannerBatchItem] = [:]
        var pending = parts
        var rounds = 0
        var waited = Duration.zero
        while true {
            rounds += 1
            let planned =
                try first ?? mapping(operation: .batch) { () throws(InputError) in try PlannerRequests.batch(pending) }
            first = nil
            let (request, response) = try await send(planned)
            for item in try PlannerBatchResponse.items(response.body, parts: pending, request: request) {
                var item = item
                item.attempts = (outcomes[item.id]?.attempts ?? 0) + 1
                outcomes[item.id] = item
            }
            let retry = PlannerBatchResponse.retryableIds(pending, outcomes)
            guard !retry.isEmpty, rounds <= options.batchRetries else { break }
            let delay =
                PlannerBatchResponse.delay(for: retry, outcomes, now: wallClock())
                ?? options.batchBackoff.baseDelay(beforeRetry: rounds)
            guard waited + delay <= options.maxBatchWait else { break }
            try await clock.sleep(for: delay)
            waited += delay
            pending = pending.filter { retry.contains($0.id) }.map { part in
                // A dependency that succeeded earlier is satisfied; only retried ones still order.
                PlannerBatchPart(id: part.id, request: part.request, dependsOn: part.dependsOn.filter(retry.contains))
            }
        }
        return PlannerBatchResult(items: parts.compactMap { outcomes[$0.id] }, rounds: rounds)
    }
}

/// Reading a `$batch` response and choosing what to send again.
enum PlannerBatchResponse {
    /// The items of a batch response body, checked against the parts sent.
    static func items(_ body: [UInt8], parts: [PlannerBatchPart], request: ConnectorRequest) throws(ConnectorError)
        -> [PlannerBatchItem]
    {
        func invalid(_ message: String) -> ConnectorError {
            PlannerClient.invalidResponse(.batch, message)
        }
        let root: JSONValue
        do {
            root = try StrictJSONParser().parse(body)
        } catch {
            throw invalid("the batch response is not JSON: \(error)")
        }
        guard case .object(let object) = root, case .array(let responses)? = object["responses"] else {
            throw invalid("the batch response has no \"responses\" array")
        }
        let partsById = Dictionary(parts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [String: PlannerBatchItem] = [:]
        for (index, element) in responses.enumerated() {
            guard case .object(let response) = element, let id = response["id"]?.stringValue,
                let statusText = response["status"]?.stringValue, let code = Int(statusText)
            else { throw invalid("responses[\(index)] has no id or status") }
            guard let part = partsById[id] else { throw invalid("responses[\(index)] answers an id that was not sent") }
            guard items[id] == nil else { throw invalid("responses[\(index)] answers an id twice") }
            var fields = HTTPFields()
            if case .object(let headers)? = response["headers"] {
                for name in headers.keys {
                    if let fieldName = HTTPField.Name(validating: name), let value = headers[name]?.stringValue {
                        fields.append(name: fieldName, value: value)
                    }
                }
            }
            var bytes: [UInt8] = []
            let content = response["body"].flatMap { $0 == .null ? nil : $0 }
            if let content {
                do {
                    bytes = Array(try StableJSON.encode(content))
                } catch {
                    throw invalid("responses[\(index)] has a body that cannot be re-encoded")
                }
            }
            let partRequest = try PlannerClient.transportRequest(part.request, timeout: request.timeout)
            items[id] = PlannerBatchItem(
                id: id, part: part, request: partRequest,
                response: ConnectorResponse(status: HTTPStatus(code: code), fields: fields, body: bytes), attempts: 1,
                json: content)
        }
        let missing = parts.filter { items[$0.id] == nil }.map(\.id)
        guard missing.isEmpty else { throw invalid("no response for ids \(missing.joined(separator: ", "))") }
        return parts.compactMap { items[$0.id] }
    }

    /// The ids of the parts to send again: those whose answer is safe to resend (429, 503, …),
    /// and the parts answered 424 that depend on one of them, directly or through others.
    static func retryableIds(_ parts: [PlannerBatchPart], _ outcomes: [String: PlannerBatchItem]) -> Set<String> {
        var retry = Set(
            parts.compactMap { part -> String? in
                guard let item = outcomes[part.id] else { return nil }
                return RetryClassifier.classify(response: item.response, for: item.request) == .safeToRetry
                    ? part.id : nil
            })
        guard !retry.isEmpty else { return retry }
        var grew = true
        while grew {
            grew = false
            for part in parts where !retry.contains(part.id) && outcomes[part.id]?.status == .failedDependency {
                if part.dependsOn.contains(where: retry.contains) {
                    retry.insert(part.id)
                    grew = true
                }
            }
        }
        return retry
    }

    /// The longest wait the retried parts asked for (`Retry-After`), or `nil` when none asked.
    static func delay(for ids: Set<String>, _ outcomes: [String: PlannerBatchItem], now: Date) -> Duration? {
        ids.compactMap { id in outcomes[id].flatMap { RateLimitHeaders($0.response.fields, now: now).retryAfter } }
            .max()
    }
}
