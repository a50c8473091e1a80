public import BridgeModels

/// The Microsoft Graph v1.0 requests that create and change Planner tasks, as
/// ``PlannedRequest`` values.
///
/// Creating a task takes three requests, in order (planner-api.md §1):
///
/// 1. `POST /planner/tasks` with the ``PlannerTaskCreate`` body; the response's `id` fills
///    `{taskId}`;
/// 2. `GET /planner/tasks/{taskId}/details`; the response's `@odata.etag` fills `{detailsEtag}`
///    (the details have their own ETag, never the task's);
/// 3. `PATCH /planner/tasks/{taskId}/details` with `If-Match: {detailsEtag}`,
///    `Prefer: return=representation` (so the answer carries the new ETag) and the
///    ``PlannerTaskDetailsUpdate`` body.
///
/// Steps 2 and 3 are left out when the work item has no details. Every request carries
/// `Authorization: <redacted>` first; requests with a body carry
/// `Content-Type: application/json`.
public enum PlannerRequests: Sendable {
    /// The requests that create the item's task and fill in its details.
    ///
    /// - Throws: `InputError` from ``PlannerPayloads/createTask(for:in:)``.
    public static func creating(_ item: WorkItem, in destination: PlannerDestination) throws(InputError) -> [PlannedRequest] {
        var plan = [try createTask(try PlannerPayloads.createTask(for: item, in: destination))]
        if let details = PlannerPayloads.detailsUpdate(for: item) {
            plan.append(readTaskDetails(.createdByPlan))
            plan.append(try updateTaskDetails(.createdByPlan, details))
        }
        return plan
    }

    /// The requests that change an existing task from `old` to `new`: a task PATCH with
    /// `If-Match: {taskEtag}` when task fields change, then a details GET and PATCH when the
    /// details change. Empty when nothing changes.
    ///
    /// - Throws: `InputError` from ``PlannerPayloads/taskUpdate(from:to:in:)``.
    public static func updating(from old: WorkItem, to new: WorkItem, in destination: PlannerDestination, taskId: String)
        throws(InputError) -> [PlannedRequest]
    {
        var plan: [PlannedRequest] = []
        if let update = try PlannerPayloads.taskUpdate(from: old, to: new, in: destination) {
            plan.append(try updateTask(.id(taskId), update))
        }
        if let details = PlannerPayloads.detailsUpdate(from: old, to: new) {
            plan.append(readTaskDetails(.id(taskId)))
            plan.append(try updateTaskDetails(.id(taskId), details))
        }
        return plan
    }

    /// `POST /planner/tasks`.
    ///
    /// - Throws: `InputError` when the body cannot be encoded (see ``PlannedRequest/Body``).
    public static func createTask(_ body: PlannerTaskCreate) throws(InputError) -> PlannedRequest {
        request(.createTask, "POST", "/planner/tasks", body: try RequestBodies.json(body))
    }

    /// `GET /planner/tasks/{id}`.
    public static func readTask(_ task: TaskReference) -> PlannedRequest {
        let segment = task.segment
        return request(.readTask, "GET", "/planner/tasks/" + segment.text, placeholders: [segment.placeholder])
    }

    /// `GET /planner/plans/{planId}/tasks`, the first page of a plan's tasks (follow
    /// ``PlannerTaskPage/nextLink`` for the rest).
    public static func listTasks(planId: String) -> PlannedRequest {
        request(.listTasks, "GET", "/planner/plans/" + PathSegment.encode(planId) + "/tasks")
    }

    /// `GET /planner/tasks/{id}/details`.
    public static func readTaskDetails(_ task: TaskReference) -> PlannedRequest {
        let segment = task.segment
        return request(.readTaskDetails, "GET", "/planner/tasks/" + segment.text + "/details", placeholders: [segment.placeholder])
    }

    /// `PATCH /planner/tasks/{id}` with `If-Match` (the task's ETag, or `{taskEtag}` when `etag`
    /// is `nil`) and `Prefer: return=representation`.
    ///
    /// - Throws: `InputError` at `$.etag` when `etag` has a control character.
    public static func updateTask(_ task: TaskReference, _ body: PlannerTaskUpdate, etag: String? = nil) throws(InputError)
        -> PlannedRequest
    {
        let segment = task.segment
        try checkHeaderValue(etag)
        return request(
            .updateTask, "PATCH", "/planner/tasks/" + segment.text, body: try RequestBodies.json(body),
            ifMatch: etag ?? PlannedRequest.Placeholder.taskETag.token,
            placeholders: [segment.placeholder, etag == nil ? .taskETag : nil])
    }

    /// `PATCH /planner/tasks/{id}/details` with `If-Match` (the details' ETag, or
    /// `{detailsEtag}` from the preceding details GET when `etag` is `nil`) and
    /// `Prefer: return=representation`.
    ///
    /// - Throws: `InputError` at `$.etag` when `etag` has a control character.
    public static func updateTaskDetails(_ task: TaskReference, _ body: PlannerTaskDetailsUpdate, etag: String? = nil)
        throws(InputError) -> PlannedRequest
    {
        let segment = task.segment
        try checkHeaderValue(etag)
        return request(
            .updateTaskDetails, "PATCH", "/planner/tasks/" + segment.text + "/details", body: try RequestBodies.json(body),
            ifMatch: etag ?? PlannedRequest.Placeholder.detailsETag.token,
            placeholders: [segment.placeholder, etag == nil ? .detailsETag : nil])
    }

    /// Refuses a header value with a control character (a CR or LF would add header lines).
    static func checkHeaderValue(_ value: String?) throws(InputError) {
        if let value, let bad = value.unicodeScalars.first(where: { TextRules.isControl($0) }) {
            throw InputError(path: JSONPath.root.appending(key: "etag"), reason: .forbiddenCharacter(scalar: bad.value))
        }
    }

    static func request(
        _ purpose: PlannedRequest.Purpose, _ method: String, _ path: String, body: PlannedRequest.Body? = nil,
        ifMatch: String? = nil, placeholders: [PlannedRequest.Placeholder?] = []
    ) -> PlannedRequest {
        var headers = [PlannedRequest.Header("Authorization", PlannedRequest.redactedAuthorization)]
        if body != nil { headers.append(PlannedRequest.Header("Content-Type", "application/json")) }
        if let ifMatch {
            headers.append(PlannedRequest.Header("If-Match", ifMatch))
            headers.append(PlannedRequest.Header("Prefer", "return=representation"))
        }
        return PlannedRequest(
            tracker: .planner, purpose: purpose, method: method, url: PlannerWire.baseURL + path, headers: headers,
            body: body, placeholders: placeholders.compactMap { $0 })
    }
}

/// JSON encoding of the bridge's own body types.
enum RequestBodies {
    /// Encodes a body with `StableJSON`.
    ///
    /// - Throws: `InputError` at the root when the value cannot be written as JSON (a `Decimal`
    ///   NaN in a field is the only way the bridge's body types can get there).
    static func json(_ body: some Encodable) throws(InputError) -> PlannedRequest.Body {
        do {
            return try PlannedRequest.Body.encodedJSON(body)
        } catch {
            throw InputError(path: .root, reason: .outOfRange("the body has a value JSON cannot represent"))
        }
    }
}
