public import BridgeModels

extension PlannedRequest.Purpose {
    /// Delete a Planner task (`DELETE /planner/tasks/{id}` with `If-Match`).
    public static let deleteTask: PlannedRequest.Purpose = "deleteTask"
    /// Send several Graph requests in one JSON batch (`POST /$batch`).
    public static let batch: PlannedRequest.Purpose = "batch"
}

/// One request inside a Microsoft Graph JSON batch: an id unique in the batch, the planned
/// request (placeholders resolved) and the ids of the requests it must wait for.
///
/// json-batching.md: a batch holds at most 20 requests; each has an `id`, a `method` and a URL
/// relative to the version root (`/planner/tasks/{id}`); `headers` (with `Content-Type`) when
/// there is a body; and `dependsOn` to run after other requests of the same batch. A request
/// whose dependency fails is answered 424 Failed Dependency.
public struct PlannerBatchPart: Hashable, Sendable {
    /// The id of the request in the batch (unique in the batch; Graph answers the whole batch
    /// with 400 otherwise).
    public var id: String
    /// The request to send, as a ``PlannerRequests`` builder planned it, with every placeholder
    /// resolved.
    public var request: PlannedRequest
    /// The ids of requests of the same batch that must succeed before this one runs.
    public var dependsOn: [String]

    /// Creates a batch part.
    ///
    /// - Parameters:
    ///   - id: The id, unique in the batch (e.g. `"1"`).
    ///   - request: The planned request, placeholders resolved.
    ///   - dependsOn: Ids of requests of the same batch to run first.
    public init(id: String, request: PlannedRequest, dependsOn: [String] = []) {
        self.id = id
        self.request = request
        self.dependsOn = dependsOn
    }
}

extension PlannerRequests {
    /// The most requests Graph accepts in one JSON batch (json-batching.md).
    public static let batchLimit = 20

    /// `DELETE /planner/tasks/{id}` with `If-Match` (the task's ETag, or `{taskEtag}` when
    /// `etag` is `nil`). Graph answers 204.
    ///
    /// - Throws: `InputError` at `$.etag` when `etag` has a control character.
    public static func deleteTask(_ task: TaskReference, etag: String? = nil) throws(InputError) -> PlannedRequest {
        let segment = task.segment
        try checkHeaderValue(etag)
        var planned = request(
            .deleteTask, "DELETE", "/planner/tasks/" + segment.text, placeholders: [segment.placeholder])
        // A DELETE answers 204 whatever `Prefer` says, so only `If-Match` is added.
        planned.headers.append(PlannedRequest.Header("If-Match", etag ?? PlannedRequest.Placeholder.taskETag.token))
        if etag == nil { planned.placeholders.append(.taskETag) }
        return planned
    }

    /// The next page of a plan's tasks: `GET` of the `@odata.nextLink` a
    /// ``listTasks(planId:)`` (or an earlier next page) response carried.
    ///
    /// The link must lie under ``PlannerWire/baseURL`` (`https://graph.microsoft.com/v1.0/…`):
    /// the connector sends its Graph token with the request, so a link to any other host is
    /// refused rather than followed.
    ///
    /// - Throws: `InputError` at `$["@odata.nextLink"]` when the link is not a Graph v1.0 URL or
    ///   contains spaces, control characters or a fragment.
    public static func listTasks(nextLink: String) throws(InputError) -> PlannedRequest {
        let path = JSONPath.root.appending(key: "@odata.nextLink")
        let prefix = PlannerWire.baseURL + "/"
        let bytes = Array(nextLink.utf8)
        guard nextLink.hasPrefix(prefix), bytes.count > prefix.utf8.count, bytes.count <= 8_192,
            bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") })
        else {
            throw InputError(
                path: path, reason: .invalidFormat(expected: "a URL under \(prefix) (printable ASCII, no fragment)"))
        }
        let relative = String(nextLink.dropFirst(PlannerWire.baseURL.count))
        return request(.listTasks, "GET", relative)
    }

    /// `POST /$batch` with the parts as one JSON batch body.
    ///
    /// Each part becomes `{"id", "method", "url", "headers", "body", "dependsOn"}`: the URL
    /// relative to the Graph v1.0 root, the planned headers except `Authorization` (the batch
    /// request itself carries the credential), the planned JSON body embedded as JSON, and
    /// `dependsOn` when the part has dependencies.
    ///
    /// A response cannot feed a later request of the same batch, so only requests whose
    /// placeholders are already resolved can be batched (planner-api.md §6): independent
    /// PATCHes with known ETags, reads, deletes.
    ///
    /// - Throws: `InputError` at `$.requests` for an empty batch or more than ``batchLimit``
    ///   parts; at `$.requests[i].id` for an empty or repeated id; at `$.requests[i].dependsOn[j]`
    ///   for a dependency that is not an earlier part of the batch; at `$.requests[i].url` for a
    ///   part that is not a Planner request under ``PlannerWire/baseURL``, still has placeholders
    ///   or has a multipart body.
    public static func batch(_ parts: [PlannerBatchPart]) throws(InputError) -> PlannedRequest {
        let requestsPath = JSONPath.root.appending(key: "requests")
        guard !parts.isEmpty else { throw InputError(path: requestsPath, reason: .empty) }
        guard parts.count <= batchLimit else {
            throw InputError(path: requestsPath, reason: .tooManyItems(limit: batchLimit, count: parts.count))
        }
        var seen: Set<String> = []
        var elements: [JSONValue] = []
        for (index, part) in parts.enumerated() {
            let partPath = requestsPath.appending(index: index)
            elements.append(try batchElement(part, at: partPath, earlierIds: seen))
            seen.insert(part.id)
        }
        var object = JSONObject()
        object.insert(.array(elements), forKey: "requests")
        return request(.batch, "POST", "/$batch", body: try RequestBodies.json(JSONValue.object(object)))
    }

    /// One part as the JSON object of a batch body.
    private static func batchElement(_ part: PlannerBatchPart, at path: JSONPath, earlierIds: Set<String>)
        throws(InputError)
        -> JSONValue
    {
        let idPath = path.appending(key: "id")
        let id = try TextRules.check(part.id, .identifier, limit: 64, path: idPath)
        guard !earlierIds.contains(id) else { throw InputError(path: idPath, reason: .duplicateKey(id)) }
        for (index, dependency) in part.dependsOn.enumerated() where !earlierIds.contains(dependency) {
            throw InputError(
                path: path.appending(key: "dependsOn").appending(index: index),
                reason: .inconsistent("depends on a request that is not earlier in the batch"))
        }
        let planned = part.request
        let urlPath = path.appending(key: "url")
        guard planned.tracker == .planner, planned.url.hasPrefix(PlannerWire.baseURL + "/") else {
            throw InputError(
                path: urlPath, reason: .invalidFormat(expected: "a Planner request under \(PlannerWire.baseURL)"))
        }
        guard planned.placeholders.isEmpty else {
            throw InputError(
                path: urlPath,
                reason: .inconsistent(
                    "unresolved placeholders: " + planned.placeholders.map(\.token).joined(separator: ", ")))
        }
        var object = JSONObject()
        object.insert(.string(id), forKey: "id")
        object.insert(.string(planned.method), forKey: "method")
        object.insert(.string(String(planned.url.dropFirst(PlannerWire.baseURL.count))), forKey: "url")
        var headers = JSONObject()
        for header in planned.headers where !PlannedRequest.isCredential(header.name) {
            headers.insert(.string(header.value), forKey: header.name)
        }
        if headers.count > 0 { object.insert(.object(headers), forKey: "headers") }
        switch planned.body {
        case .none:
            break
        case .json(let bytes):
            do {
                object.insert(try StrictJSONParser().parse(bytes), forKey: "body")
            } catch {
                throw InputError(path: path.appending(key: "body"), reason: error.reason)
            }
        case .multipart:
            throw InputError(path: path.appending(key: "body"), reason: .invalidFormat(expected: "a JSON body"))
        }
        if !part.dependsOn.isEmpty { object.insert(.array(part.dependsOn.map(JSONValue.string)), forKey: "dependsOn") }
        return .object(object)
    }
}
