public import BridgeModels

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension PlannedRequest.Purpose {
    /// Read a page of a ClickUp task's comments.
    public static let listComments: PlannedRequest.Purpose = "listComments"
    /// Register a ClickUp webhook.
    public static let createWebhook: PlannedRequest.Purpose = "createWebhook"
    /// Change a ClickUp webhook (endpoint, events, status).
    public static let updateWebhook: PlannedRequest.Purpose = "updateWebhook"
    /// Delete a ClickUp webhook.
    public static let deleteWebhook: PlannedRequest.Purpose = "deleteWebhook"
}

/// What a `GET /api/v2/list/{list_id}/task` page request asks for, beyond the page number.
///
/// The defaults suit reconciliation: closed tasks included (a task a human closed is a change
/// the bridge must see), subtasks excluded (as ClickUp's own default).
///
/// ```swift
/// var query = ClickUpTaskQuery(updatedAfter: lastPoll)   // date_updated_gt
/// query.includeSubtasks = true
/// let request = ClickUpRequests.listTasks(listId: "901", page: 0, query: query)
/// ```
public struct ClickUpTaskQuery: Hashable, Sendable {
    /// The order ClickUp sorts the tasks in (`order_by`).
    public struct Order: RawRepresentable, Hashable, Sendable {
        /// The `order_by` value.
        public let rawValue: String
        /// Creates an order from its `order_by` value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// By creation date (ClickUp's default).
        public static let created = Order(rawValue: "created")
        /// By last update.
        public static let updated = Order(rawValue: "updated")
        /// By task id.
        public static let id = Order(rawValue: "id")
        /// By due date.
        public static let dueDate = Order(rawValue: "due_date")
    }

    /// Include closed tasks (`include_closed=true`). Default `true`.
    public var includeClosed: Bool
    /// Include subtasks (`subtasks=true`). Default `false`, as in ClickUp.
    public var includeSubtasks: Bool
    /// Only tasks updated after this instant (`date_updated_gt`, Unix milliseconds).
    public var updatedAfter: Date?
    /// The sort order (`order_by`); `nil` leaves ClickUp's default.
    public var order: Order?
    /// Reverse the sort order (`reverse=true`).
    public var reverse: Bool
    /// Only tasks whose custom field (by id) equals the text
    /// (`custom_fields=[{"field_id":…,"operator":"=","value":…}]`); used to find a task by the
    /// marker in its `caseId` field.
    public var customFieldEquals: [ClickUpCustomFieldFilter]
    /// Return descriptions as Markdown (`include_markdown_description=true`).
    public var includeMarkdownDescription: Bool

    /// Creates a query.
    public init(
        includeClosed: Bool = true, includeSubtasks: Bool = false, updatedAfter: Date? = nil, order: Order? = nil,
        reverse: Bool = false, customFieldEquals: [ClickUpCustomFieldFilter] = [], includeMarkdownDescription: Bool = false
    ) {
        self.includeClosed = includeClosed
        self.includeSubtasks = includeSubtasks
        self.updatedAfter = updatedAfter
        self.order = order
        self.reverse = reverse
        self.customFieldEquals = customFieldEquals
        self.includeMarkdownDescription = includeMarkdownDescription
    }
}

/// One custom-field condition of a task search: the field's value equals ``value``
/// (`{"field_id": …, "operator": "=", "value": …}`, developer.clickup.com/docs/taskfilters).
public struct ClickUpCustomFieldFilter: Hashable, Sendable, Encodable {
    /// The custom field id.
    public var fieldId: String
    /// The text the value must equal.
    public var value: String

    /// Creates a condition.
    public init(fieldId: String, value: String) {
        self.fieldId = fieldId
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case fieldId = "field_id"
        case `operator`, value
    }

    /// Encodes `{"field_id", "operator": "=", "value"}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fieldId, forKey: .fieldId)
        try c.encode("=", forKey: .operator)
        try c.encode(value, forKey: .value)
    }
}

/// Where a ClickUp webhook listens: the whole workspace, or one space, folder, list or task
/// (clickup-api.md §11: one location, the most specific one wins).
public enum ClickUpWebhookScope: Hashable, Sendable {
    /// Every change in the workspace.
    case workspace
    /// One space (`space_id`, a number).
    case space(String)
    /// One folder (`folder_id`, a number).
    case folder(String)
    /// One list (`list_id`, a number).
    case list(String)
    /// One task (`task_id`, a string).
    case task(String)
}

/// The body of `POST /api/v2/team/{team_id}/webhook` (Create Webhook):
/// `{"endpoint": …, "events": […][, "list_id": …]}`.
public struct ClickUpWebhookCreate: Hashable, Sendable, Encodable {
    /// The `https` URL ClickUp posts deliveries to.
    public var endpoint: String
    /// The events to deliver; `["*"]` for all.
    public var events: [ClickUpWebhookEvent.Name]
    /// Where the webhook listens.
    public var scope: ClickUpWebhookScope

    /// Creates a body.
    public init(endpoint: String, events: [ClickUpWebhookEvent.Name], scope: ClickUpWebhookScope = .workspace) {
        self.endpoint = endpoint
        self.events = events
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, events
        case spaceId = "space_id"
        case folderId = "folder_id"
        case listId = "list_id"
        case taskId = "task_id"
    }

    /// Encodes the endpoint, the event names and the location (space, folder and list ids as
    /// numbers, as the spec types them).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(endpoint, forKey: .endpoint)
        try c.encode(events.map(\.rawValue), forKey: .events)
        switch scope {
        case .workspace: break
        case .space(let id): try c.encode(ClickUpWebhookCreate.number(id), forKey: .spaceId)
        case .folder(let id): try c.encode(ClickUpWebhookCreate.number(id), forKey: .folderId)
        case .list(let id): try c.encode(ClickUpWebhookCreate.number(id), forKey: .listId)
        case .task(let id): try c.encode(id, forKey: .taskId)
        }
    }

    /// The id as a number; ``ClickUpRequests/createWebhook(teamId:_:)`` checks the digits first.
    static func number(_ id: String) -> Int64 { Int64(id) ?? 0 }
}

/// The body of `PUT /api/v2/webhook/{webhook_id}` (Update Webhook): `{"endpoint", "events",
/// "status"}`, all required by the spec; `events` is a comma-separated string there (its
/// example is `"*"`).
public struct ClickUpWebhookUpdate: Hashable, Sendable, Encodable {
    /// The `https` URL ClickUp posts deliveries to.
    public var endpoint: String
    /// The events to deliver; `["*"]` for all.
    public var events: [ClickUpWebhookEvent.Name]
    /// `active` (also to reactivate a suspended webhook) or `suspended`.
    public var status: String

    /// Creates a body.
    public init(endpoint: String, events: [ClickUpWebhookEvent.Name], status: String = "active") {
        self.endpoint = endpoint
        self.events = events
        self.status = status
    }

    enum CodingKeys: String, CodingKey { case endpoint, events, status }

    /// Encodes the three members; the events joined with `,`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(endpoint, forKey: .endpoint)
        try c.encode(events.map(\.rawValue).joined(separator: ","), forKey: .events)
        try c.encode(status, forKey: .status)
    }
}

extension ClickUpRequests {
    /// `GET /api/v2/list/{listId}/task?page=N` with everything a ``ClickUpTaskQuery`` asks for:
    /// the query of ``listTasks(listId:page:includeClosed:updatedAfter:)``, then `subtasks`,
    /// `order_by`, `reverse`, `custom_fields` and `include_markdown_description` when set.
    public static func listTasks(listId: String, page: Int, query: ClickUpTaskQuery) -> PlannedRequest {
        var planned = listTasks(
            listId: listId, page: page, includeClosed: query.includeClosed, updatedAfter: query.updatedAfter)
        var extra = ""
        if query.includeSubtasks { extra += "&subtasks=true" }
        if let order = query.order { extra += "&order_by=" + PathSegment.encode(order.rawValue) }
        if query.reverse { extra += "&reverse=true" }
        if !query.customFieldEquals.isEmpty, let json = try? StableJSON.string(query.customFieldEquals) {
            extra += "&custom_fields=" + PathSegment.encode(json)
        }
        if query.includeMarkdownDescription { extra += "&include_markdown_description=true" }
        planned.url += extra
        return planned
    }

    /// `GET /api/v2/task/{id}/comment`: the 25 newest comments, newest first; with `start` (Unix
    /// milliseconds) and `start_id` from the last comment of the previous page, the 25 before
    /// it (developer.clickup.com/docs/task-comments-pagination; both are needed).
    public static func listComments(_ task: TaskReference, before cursor: (date: Date, commentId: String)? = nil)
        -> PlannedRequest
    {
        let segment = task.segment
        var path = "/api/v2/task/" + segment.text + "/comment"
        if let cursor {
            path += "?start=\(cursor.date.epochMilliseconds)&start_id=" + PathSegment.encode(cursor.commentId)
        }
        return request(.listComments, "GET", path, placeholders: [segment.placeholder])
    }

    /// `POST /api/v2/team/{teamId}/webhook` (Create Webhook).
    ///
    /// - Throws: `InputError` at `$.endpoint` when the endpoint is not an absolute `https` URL,
    ///   at `$.events` when there are none, or at `$.space_id`, `$.folder_id` or `$.list_id`
    ///   when the location id is not a number.
    public static func createWebhook(teamId: String, _ body: ClickUpWebhookCreate) throws(InputError) -> PlannedRequest {
        try checkWebhook(endpoint: body.endpoint, events: body.events)
        let numbered: (key: String, id: String)?
        switch body.scope {
        case .space(let id): numbered = ("space_id", id)
        case .folder(let id): numbered = ("folder_id", id)
        case .list(let id): numbered = ("list_id", id)
        case .workspace, .task: numbered = nil
        }
        if let numbered, !isNumber(numbered.id) {
            throw InputError(
                path: JSONPath.root.appending(key: numbered.key), reason: .invalidFormat(expected: "a numeric id"))
        }
        return request(
            .createWebhook, "POST", "/api/v2/team/" + PathSegment.encode(teamId) + "/webhook",
            body: try RequestBodies.json(body))
    }

    /// `PUT /api/v2/webhook/{webhookId}` (Update Webhook); send status `active` to reactivate a
    /// suspended webhook.
    ///
    /// - Throws: `InputError` as ``createWebhook(teamId:_:)`` does for the endpoint and events.
    public static func updateWebhook(webhookId: String, _ body: ClickUpWebhookUpdate) throws(InputError) -> PlannedRequest {
        try checkWebhook(endpoint: body.endpoint, events: body.events)
        return request(
            .updateWebhook, "PUT", "/api/v2/webhook/" + PathSegment.encode(webhookId), body: try RequestBodies.json(body))
    }

    /// `DELETE /api/v2/webhook/{webhookId}`.
    public static func deleteWebhook(webhookId: String) -> PlannedRequest {
        request(.deleteWebhook, "DELETE", "/api/v2/webhook/" + PathSegment.encode(webhookId))
    }

    /// The same request addressing its task by a custom task id (clickup-api.md §10): the query
    /// gains `custom_task_ids=true&team_id=<teamId>` (without `team_id` ClickUp answers a
    /// misleading `401 Team not authorized`).
    ///
    /// Only task-scoped routes (`/api/v2/task/…`) take custom ids; any other request is returned
    /// unchanged (Create Task and Get Tasks address a list).
    public static func addressingCustomTaskID(_ planned: PlannedRequest, teamId: String) -> PlannedRequest {
        let taskPrefix = ClickUpWire.baseURL + "/api/v2/task/"
        guard planned.url.hasPrefix(taskPrefix) else { return planned }
        var resolved = planned
        resolved.url += (planned.url.contains("?") ? "&" : "?") + "custom_task_ids=true&team_id=" + PathSegment.encode(teamId)
        return resolved
    }

    private static func checkWebhook(endpoint: String, events: [ClickUpWebhookEvent.Name]) throws(InputError) {
        let lower = endpoint.lowercased()
        let rest = lower.hasPrefix("https://") ? lower.dropFirst(8) : ""
        guard !rest.isEmpty, !rest.hasPrefix("/"), endpoint.utf8.count <= 2_000,
            endpoint.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw InputError(
                path: JSONPath.root.appending(key: "endpoint"), reason: .invalidFormat(expected: "an absolute https URL"))
        }
        guard !events.isEmpty else { throw InputError(path: JSONPath.root.appending(key: "events"), reason: .empty) }
    }

    private static func isNumber(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 18 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
