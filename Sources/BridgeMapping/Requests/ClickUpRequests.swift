public import BridgeModels

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The ClickUp API v2 requests that create and change tasks, as ``PlannedRequest`` values.
///
/// Creating a task is one request plus one per document:
///
/// 1. `POST /api/v2/list/{listId}/task` with the ``ClickUpTaskCreate`` body, custom fields
///    inline; the response's `id` fills `{taskId}`;
/// 2. for each document, `POST /api/v2/task/{taskId}/attachment` with a `multipart/form-data`
///    body whose one part, `attachment`, the connector streams from the community document
///    (`Content-Type: multipart/form-data; boundary={multipartBoundary}`).
///
/// Every request carries `Authorization: <redacted>` first; JSON bodies carry
/// `Content-Type: application/json`.
public enum ClickUpRequests: Sendable {
    /// The requests that create the item's task and attach its documents.
    ///
    /// - Throws: `InputError` from ``ClickUpPayloads/createTask(for:in:)``.
    public static func creating(_ item: WorkItem, in destination: ClickUpDestination) throws(InputError) -> [PlannedRequest] {
        let body = try ClickUpPayloads.createTask(for: item, in: destination)
        var plan = [try createTask(listId: try ClickUpPayloads.listId(of: item), body)]
        for document in item.documents { plan.append(uploadAttachment(.createdByPlan, document: document)) }
        return plan
    }

    /// The requests that change an existing task from `old` to `new`: Update Task for the
    /// task's own fields, then one Set Custom Field Value (or `DELETE` to clear) per changed
    /// custom field, then one request per tag added or removed. Empty when nothing changes.
    ///
    /// - Throws: `InputError` from ``ClickUpPayloads``.
    public static func updating(from old: WorkItem, to new: WorkItem, in destination: ClickUpDestination, taskId: String)
        throws(InputError) -> [PlannedRequest]
    {
        let task = TaskReference.id(taskId)
        var plan: [PlannedRequest] = []
        if let update = try ClickUpPayloads.taskUpdate(from: old, to: new, in: destination) {
            plan.append(try updateTask(task, update))
        }
        for (fieldId, change) in try ClickUpPayloads.customFieldChanges(from: old, to: new, in: destination) {
            switch change {
            case .set(let value): plan.append(try setCustomField(task, fieldId: fieldId, ClickUpSetCustomFieldValue(value: value)))
            case .clear: plan.append(clearCustomField(task, fieldId: fieldId))
            }
        }
        let tags = ClickUpPayloads.tagChanges(from: old, to: new)
        for tag in tags.add { plan.append(addTag(task, tag: tag)) }
        for tag in tags.remove { plan.append(removeTag(task, tag: tag)) }
        return plan
    }

    /// `POST /api/v2/list/{listId}/task`.
    ///
    /// - Throws: `InputError` when the body cannot be encoded.
    public static func createTask(listId: String, _ body: ClickUpTaskCreate) throws(InputError) -> PlannedRequest {
        request(.createTask, "POST", "/api/v2/list/" + PathSegment.encode(listId) + "/task", body: try RequestBodies.json(body))
    }

    /// `GET /api/v2/task/{id}`, with `include_markdown_description=true` so the description comes
    /// back as Markdown.
    public static func readTask(_ task: TaskReference) -> PlannedRequest {
        let segment = task.segment
        return request(
            .readTask, "GET", "/api/v2/task/" + segment.text + "?include_markdown_description=true",
            placeholders: [segment.placeholder])
    }

    /// `GET /api/v2/list/{listId}/task?page=N` (at most 100 tasks per page; `page` starts at 0),
    /// with closed tasks included when `includeClosed` and only tasks updated after
    /// `updatedAfter` when given (`date_updated_gt`, Unix milliseconds).
    public static func listTasks(listId: String, page: Int = 0, includeClosed: Bool = true, updatedAfter: Date? = nil)
        -> PlannedRequest
    {
        var query = "?page=\(max(0, page))"
        if includeClosed { query += "&include_closed=true" }
        if let updatedAfter { query += "&date_updated_gt=\(updatedAfter.epochMilliseconds)" }
        return request(.listTasks, "GET", "/api/v2/list/" + PathSegment.encode(listId) + "/task" + query)
    }

    /// `GET /api/v2/list/{listId}`, for the list's status names.
    public static func readList(listId: String) -> PlannedRequest {
        request(.readList, "GET", "/api/v2/list/" + PathSegment.encode(listId))
    }

    /// `PUT /api/v2/task/{id}`.
    ///
    /// - Throws: `InputError` when the body cannot be encoded.
    public static func updateTask(_ task: TaskReference, _ body: ClickUpTaskUpdate) throws(InputError) -> PlannedRequest {
        let segment = task.segment
        return request(
            .updateTask, "PUT", "/api/v2/task/" + segment.text, body: try RequestBodies.json(body),
            placeholders: [segment.placeholder])
    }

    /// `POST /api/v2/task/{id}/field/{fieldId}` (Set Custom Field Value).
    ///
    /// - Throws: `InputError` when the body cannot be encoded.
    public static func setCustomField(_ task: TaskReference, fieldId: String, _ body: ClickUpSetCustomFieldValue)
        throws(InputError) -> PlannedRequest
    {
        let segment = task.segment
        return request(
            .setCustomField, "POST", "/api/v2/task/" + segment.text + "/field/" + PathSegment.encode(fieldId),
            body: try RequestBodies.json(body), placeholders: [segment.placeholder])
    }

    /// `DELETE /api/v2/task/{id}/field/{fieldId}`, which clears the field's value.
    public static func clearCustomField(_ task: TaskReference, fieldId: String) -> PlannedRequest {
        let segment = task.segment
        return request(
            .setCustomField, "DELETE", "/api/v2/task/" + segment.text + "/field/" + PathSegment.encode(fieldId),
            placeholders: [segment.placeholder])
    }

    /// `POST /api/v2/task/{id}/tag/{tag}`.
    public static func addTag(_ task: TaskReference, tag: String) -> PlannedRequest {
        let segment = task.segment
        return request(
            .addTag, "POST", "/api/v2/task/" + segment.text + "/tag/" + PathSegment.encode(tag),
            placeholders: [segment.placeholder])
    }

    /// `DELETE /api/v2/task/{id}/tag/{tag}`.
    public static func removeTag(_ task: TaskReference, tag: String) -> PlannedRequest {
        let segment = task.segment
        return request(
            .removeTag, "DELETE", "/api/v2/task/" + segment.text + "/tag/" + PathSegment.encode(tag),
            placeholders: [segment.placeholder])
    }

    /// `POST /api/v2/task/{id}/comment`.
    ///
    /// - Throws: `InputError` when the body cannot be encoded.
    public static func addComment(_ task: TaskReference, _ body: ClickUpCommentCreate) throws(InputError) -> PlannedRequest {
        let segment = task.segment
        return request(
            .addComment, "POST", "/api/v2/task/" + segment.text + "/comment", body: try RequestBodies.json(body),
            placeholders: [segment.placeholder])
    }

    /// `POST /api/v2/task/{id}/attachment` with one `multipart/form-data` part named `attachment`
    /// holding the document (clickup-api.md §7). The file name is cleaned with
    /// ``TrackerText/line(_:)``.
    public static func uploadAttachment(_ task: TaskReference, document: DocumentLink) -> PlannedRequest {
        let segment = task.segment
        let name = TrackerText.line(document.name)
        let file = PlannedRequest.MultipartFile(
            fieldName: "attachment", fileName: name.isEmpty ? document.documentId.rawValue : name,
            mediaType: document.mediaType, documentId: document.documentId, size: document.size)
        return PlannedRequest(
            tracker: .clickUp, purpose: .uploadAttachment, method: "POST",
            url: ClickUpWire.baseURL + "/api/v2/task/" + segment.text + "/attachment",
            headers: [
                PlannedRequest.Header("Authorization", PlannedRequest.redactedAuthorization),
                PlannedRequest.Header(
                    "Content-Type", "multipart/form-data; boundary=" + PlannedRequest.Placeholder.multipartBoundary.token),
            ],
            body: .multipart(file), placeholders: [segment.placeholder, .multipartBoundary].compactMap { $0 })
    }

    static func request(
        _ purpose: PlannedRequest.Purpose, _ method: String, _ path: String, body: PlannedRequest.Body? = nil,
        placeholders: [PlannedRequest.Placeholder?] = []
    ) -> PlannedRequest {
        var headers = [PlannedRequest.Header("Authorization", PlannedRequest.redactedAuthorization)]
        if body != nil { headers.append(PlannedRequest.Header("Content-Type", "application/json")) }
        return PlannedRequest(
            tracker: .clickUp, purpose: purpose, method: method, url: ClickUpWire.baseURL + path, headers: headers,
            body: body, placeholders: placeholders.compactMap { $0 })
    }
}
