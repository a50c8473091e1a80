#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeConnectors
public import BridgeMapping
public import BridgeModels

/// An in-memory ClickUp (API v2) that behaves like the service, as an `HTTPTransport`.
///
/// Point a `ClickUpClient` (with the usual middlewares) at it instead of the network:
///
/// ```swift
/// let clock = ManualClock()
/// let fake = ClickUpFake(clock: clock)
/// await fake.addWorkspace("9012345")
/// await fake.addToken("pk_1_TEST", user: ClickUpFake.User(id: 183, username: "ops"))
/// await fake.addList(ClickUpFake.List(id: "901", workspaceId: "9012345", statuses: ClickUpFake.Status.defaults))
/// let client = ClickUpClient(transport: fake.with(
///     AuthorizationMiddleware(scheme: .clickUp, token: Secret("pk_1_TEST")),
///     RateLimitMiddleware(policy: .clickUp(.freeForever), clock: clock, wallClock: clock.wallClock)))
/// ```
///
/// What it models:
/// - **Authorization** per token: personal tokens (`pk_…`) must be sent raw, OAuth tokens as
///   `Bearer …`; a missing header is `401 OAUTH_017`, an unknown token `401 OAUTH_019`, a
///   workspace the token may not use `401 OAUTH_027`.
/// - **Lists** with their own statuses (name and type) and custom fields; a status name the
///   list lacks is `400 ITEM_114`; custom field values are checked by type (a drop-down takes an
///   option id or a zero-based index, anything else is `400 FIELD_011`).
/// - **Tasks** with ids from a seeded generator, custom task ids when the workspace has a
///   prefix (`?custom_task_ids=true&team_id=` required to address them), paging by 100 with
///   `last_page`, `date_updated_gt`, closed tasks hidden unless `include_closed=true`,
///   subtasks unless `subtasks=true`, the `custom_fields` filter (`=`).
/// - **Comments** (25 per page, newest first, `start` + `start_id`), **tags**, **attachments**
///   (the `multipart/form-data` body is parsed for real; the workspace's storage limit gives
///   `GBUSED_005`).
/// - **Webhooks**: create (an id and a secret; the same configuration twice is `OAUTH_171`),
///   update, delete. Every task change produces history items, and the fake delivers them
///   signed (`X-Signature`, HMAC-SHA256 of the body with the webhook's secret) to the receiver
///   set with ``setWebhookReceiver(_:)``, with ClickUp's duplicates (every specific event also
///   as `taskUpdated`). Deliveries wait in ``pendingDeliveries`` until
///   ``deliverPendingWebhooks()``; those of a webhook suspended or deleted meanwhile are dropped.
/// - **Rate limits** per token (default 100 per minute, on the injected ``ManualClock``):
///   `429` with `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (epoch
///   seconds).
/// - **Faults** for a test to inject (``inject(_:on:count:)``): a 5xx with or without applying
///   the write, a 429, a refused connection, and the ambiguous case: the write is applied, then
///   the connection drops instead of an answer.
/// - **People in ClickUp**: ``humanChangesStatus(of:to:by:)``, ``humanPostsComment(on:text:by:)``
///   and friends change tasks the way the web app does, producing history and webhooks.
///
/// Error codes: `OAUTH_017/019/027/171`, `GBUSED_005`, `FIELD_011` as documented or observed;
/// `ITEM_114` ("Status does not exist") and `ITEM_013` ("Task not found") as third-party test
/// suites record them. Where ClickUp's code is unknown the fake answers with its own codes,
/// prefixed `FAKE_`: `FAKE_BODY` (a body member ClickUp does not document, or of the wrong
/// type: stricter than ClickUp, which ignores unknown members, so a typo such as
/// `markdown_description` fails in tests), `FAKE_FIELD` (a custom field that is not on the
/// task's list), `FAKE_ROUTE` (no such endpoint), `FAKE_LIST` (no such list),
/// `FAKE_WEBHOOK` (no such webhook).
///
/// Unverified choices, documented so tests do not mistake them for ClickUp facts: Get Tasks
/// lists newest first by default (`reverse=true` for oldest first); status names match ignoring
/// case; adding an unknown tag creates it; number fields read back as JSON numbers and date
/// fields as millisecond strings; drop-downs read back as the option's index.
public actor ClickUpFake: HTTPTransport {
    /// Limits of the fake service.
    public struct Configuration: Sendable {
        /// Requests per token per ``rateLimitWindow``. Default 100 (Free Forever, Unlimited and
        /// Business plans).
        public var requestsPerWindow: Int
        /// The rate-limit window. Default one minute.
        public var rateLimitWindow: Duration
        /// Whether every answer carries the `X-RateLimit-*` fields (ClickUp documents them on
        /// 429; third parties report them on every answer). Default `true`.
        public var rateLimitFieldsOnEveryResponse: Bool
        /// Tasks per page of Get Tasks. Default 100, as ClickUp.
        public var taskPageSize: Int
        /// Comments per page. Default 25, as ClickUp.
        public var commentPageSize: Int
        /// The seed of the generator behind task, webhook and attachment ids and webhook
        /// secrets.
        public var seed: UInt64

        /// Creates a configuration.
        public init(
            requestsPerWindow: Int = 100, rateLimitWindow: Duration = .seconds(60),
            rateLimitFieldsOnEveryResponse: Bool = true, taskPageSize: Int = 100, commentPageSize: Int = 25,
            seed: UInt64 = 0x5EED_C11C
        ) {
            self.requestsPerWindow = max(1, requestsPerWindow)
            self.rateLimitWindow = rateLimitWindow > .zero ? rateLimitWindow : .seconds(60)
            self.rateLimitFieldsOnEveryResponse = rateLimitFieldsOnEveryResponse
            self.taskPageSize = max(1, taskPageSize)
            self.commentPageSize = max(1, commentPageSize)
            self.seed = seed
        }
    }

    /// A ClickUp user.
    public struct User: Hashable, Sendable {
        /// The user id.
        public var id: Int64
        /// The user name.
        public var username: String
        /// The e-mail address.
        public var email: String

        /// Creates a user.
        public init(id: Int64, username: String, email: String? = nil) {
            self.id = id
            self.username = username
            self.email = email ?? "\(username)@example.com"
        }
    }

    /// A status of a list: its name and type (`open`, `custom`, `closed`, `done`).
    public struct Status: Hashable, Sendable {
        /// The name, e.g. `in review`.
        public var name: String
        /// The type: `open`, `custom`, `closed` or `done`.
        public var type: String
        /// The colour.
        public var color: String

        /// Creates a status.
        public init(_ name: String, type: String = "custom", color: String = "#87909e") {
            self.name = name
            self.type = type
            self.color = color
        }

        /// Whether tasks in this status count as closed (hidden from Get Tasks unless
        /// `include_closed=true`).
        public var isClosed: Bool { type == "closed" || type == "done" }

        /// `to do` (open), `in progress`, `in review`, `complete` (closed).
        public static let defaults: [Status] = [
            Status("to do", type: "open", color: "#d3d3d3"), Status("in progress", color: "#4194f6"),
            Status("in review", color: "#a875ff"), Status("complete", type: "closed", color: "#6bc950"),
        ]
    }

    /// A custom field definition of a list.
    public struct CustomField: Hashable, Sendable {
        /// The field id (a UUID).
        public var id: String
        /// The name.
        public var name: String
        /// The type as ClickUp names it: `text`, `short_text`, `number`, `currency`, `date`,
        /// `drop_down`, `labels`, `checkbox`, `url`, `email`.
        public var type: String
        /// The options of a `drop_down` or `labels` field, in order (index 0 first).
        public var options: [Option]

        /// Creates a field.
        public init(id: String, name: String, type: String, options: [Option] = []) {
            self.id = id
            self.name = name
            self.type = type
            self.options = options
        }
    }

    /// An option of a drop-down or labels field.
    public struct Option: Hashable, Sendable {
        /// The option id (a UUID).
        public var id: String
        /// The label.
        public var name: String

        /// Creates an option.
        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// A list: where tasks live, with its own statuses and custom fields.
    public struct List: Hashable, Sendable {
        /// The list id (digits, as ClickUp's).
        public var id: String
        /// The name.
        public var name: String
        /// The workspace (team) id.
        public var workspaceId: String
        /// The space id.
        public var spaceId: String
        /// The folder id, if the list is in a folder.
        public var folderId: String?
        /// The statuses, in order; new tasks get the first `open` one.
        public var statuses: [Status]
        /// The custom fields.
        public var customFields: [CustomField]

        /// Creates a list.
        public init(
            id: String, name: String = "Partner issues", workspaceId: String, spaceId: String = "790",
            folderId: String? = nil, statuses: [Status] = Status.defaults, customFields: [CustomField] = []
        ) {
            self.id = id
            self.name = name
            self.workspaceId = workspaceId
            self.spaceId = spaceId
            self.folderId = folderId
            self.statuses = statuses
            self.customFields = customFields
        }
    }

    /// A task as the fake holds it.
    public struct StoredTask: Hashable, Sendable {
        /// The task id.
        public var id: String
        /// The custom task id, when the workspace has a prefix.
        public var customId: String?
        /// The list.
        public var listId: String
        /// The name.
        public var name: String
        /// The description as Markdown (`markdown_content`) or plain text (`description`).
        public var markdown: String
        /// The status.
        public var status: Status
        /// The priority 1–4, or `nil`.
        public var priority: Int?
        /// The due date.
        public var dueDate: Date?
        /// The start date.
        public var startDate: Date?
        /// Assigned user ids.
        public var assignees: [Int64]
        /// Tag names.
        public var tags: [String]
        /// Custom field values by field id, as ClickUp returns them.
        public var customFieldValues: [String: JSONValue]
        /// The parent task, for a subtask.
        public var parent: String?
        /// Whether it is archived.
        public var archived: Bool
        /// The creator's user id.
        public var creatorId: Int64
        /// When it was created.
        public var dateCreated: Date
        /// When it last changed.
        public var dateUpdated: Date
        /// When it was closed.
        public var dateClosed: Date?
    }

    /// A comment as the fake holds it.
    public struct StoredComment: Hashable, Sendable {
        /// The comment id (digits).
        public var id: String
        /// The task.
        public var taskId: String
        /// The text (`comment_text`).
        public var text: String
        /// The author.
        public var userId: Int64
        /// When it was posted.
        public var date: Date
        /// `notify_all` as sent.
        public var notifyAll: Bool
    }

    /// An attachment as the fake parsed it from the `multipart/form-data` body.
    public struct StoredAttachment: Hashable, Sendable {
        /// The attachment id (`<uuid>.<extension>`).
        public var id: String
        /// The task.
        public var taskId: String
        /// The form field name of the part (`attachment`).
        public var fieldName: String
        /// The file name from `Content-Disposition` (`filename`), as sent (quoted-string
        /// escapes undone, nothing else decoded).
        public var fileName: String
        /// The part's `Content-Type`, or `application/octet-stream` when absent.
        public var mediaType: String
        /// The file's bytes.
        public var bytes: [UInt8]
        /// Every header line of the part, as received (to show that nothing was injected).
        public var partHeaderLines: [String]
        /// When it was attached.
        public var date: Date
    }

    /// A webhook as the fake holds it.
    public struct StoredWebhook: Sendable {
        /// The webhook id.
        public var id: String
        /// The workspace.
        public var workspaceId: String
        /// The user who created it.
        public var userId: Int64
        /// The endpoint.
        public var endpoint: String
        /// The subscribed events (`*` for all).
        public var events: [String]
        /// The location filter: `space_id`, `folder_id`, `list_id` or `task_id` and its id.
        public var location: (key: String, id: String)?
        /// The signing secret.
        public var secret: Secret
        /// `active` or `suspended`.
        public var status: String
        /// Failed deliveries since the last success.
        public var failCount: Int
    }

    /// One webhook delivery: the raw body and header fields ClickUp would post.
    public struct WebhookDelivery: Sendable {
        /// The webhook.
        public var webhookId: String
        /// The endpoint it goes to.
        public var endpoint: String
        /// The event.
        public var event: ClickUpWebhookEvent.Name
        /// The raw JSON body.
        public var body: [UInt8]
        /// `Content-Type` and `X-Signature`.
        public var fields: HTTPFields
        /// The history item ids in the body.
        public var historyItemIds: [String]
    }

    /// A request the fake received, for assertions.
    public struct ReceivedRequest: Hashable, Sendable {
        /// The method.
        public var method: HTTPMethod
        /// The URL as received.
        public var url: String
        /// The connector request's operation, e.g. `createTask`.
        public var operation: String
        /// The answer's status, or `nil` when the fake threw instead of answering.
        public var status: HTTPStatus?
    }

    /// A failure to inject.
    public enum Fault: Sendable {
        /// Answer with this status (e.g. 500, 502, 503) and an error body; with `applied`, the
        /// write takes effect first (a gateway answering 502 after the service acted).
        case status(HTTPStatus, applied: Bool)
        /// Answer 429 with the `X-RateLimit-*` fields, without applying anything.
        case rateLimited
        /// Throw `ConnectorError` with code `connectionFailed` (nothing sent, nothing applied).
        case connectionRefused
        /// Apply the write, then throw ``DroppedConnection`` instead of answering: the
        /// ambiguous case, where the client cannot know whether the request took effect.
        case dropConnectionAfterApplying
    }

    /// Thrown by the ``Fault/dropConnectionAfterApplying`` fault: the answer never arrived.
    public struct DroppedConnection: Error, Hashable, Sendable, CustomStringConvertible {
        /// Creates the error.
        public init() {}
        /// `the connection dropped before the answer arrived`.
        public var description: String { "the connection dropped before the answer arrived" }
    }

    struct Token {
        var user: User
        var isPersonal: Bool
        var workspaces: Set<String>?
    }

    struct Workspace {
        var customTaskIDPrefix: String?
        var nextCustomNumber = 1
        var storageLimitBytes: Int?
    }

    struct InjectedFault {
        var fault: Fault
        var operation: String?
        var remaining: Int
    }

    let clock: ManualClock
    let configuration: Configuration
    var generator: SeededRandomNumberGenerator
    var tokens: [String: Token] = [:]
    var users: [Int64: User] = [:]
    var workspaces: [String: Workspace] = [:]
    var lists: [String: List] = [:]
    var taskStore: [String: StoredTask] = [:]
    var taskOrder: [String] = []
    var commentStore: [String: [StoredComment]] = [:]
    var attachmentStore: [String: [StoredAttachment]] = [:]
    var webhookStore: [String: StoredWebhook] = [:]
    var webhookOrder: [String] = []
    var faults: [InjectedFault] = []
    var requestLog: [ReceivedRequest] = []
    var sentByToken: [String: [ManualClock.Instant]] = [:]
    var queuedDeliveries: [WebhookDelivery] = []
    var deliveryLog: [(delivery: WebhookDelivery, status: HTTPStatus)] = []
    var receiver: (@Sendable (WebhookDelivery) async -> HTTPStatus)?
    var nextCommentNumber: Int64 = 90_000_000_001
    var nextHistoryNumber: Int64 = 2_800_000_000_000_000_001
    /// How many 429s the fake answered because a token went over its limit (injected faults
    /// not counted).
    public internal(set) var rateLimitedCount = 0

    /// Creates an empty ClickUp: no workspaces, tokens or lists.
    ///
    /// - Parameters:
    ///   - clock: Time for dates, rate-limit windows and `X-RateLimit-Reset`.
    ///   - configuration: Limits and the id seed.
    public init(clock: ManualClock, configuration: Configuration = Configuration()) {
        self.clock = clock
        self.configuration = configuration
        self.generator = SeededRandomNumberGenerator(seed: configuration.seed)
    }

    // MARK: - Setting up

    /// Adds a workspace (team).
    ///
    /// - Parameters:
    ///   - id: The workspace id.
    ///   - customTaskIDPrefix: When set, every new task gets the custom id `<prefix>-<n>`.
    ///   - storageLimitBytes: When set, attachments beyond this total are refused with
    ///     `GBUSED_005`.
    public func addWorkspace(_ id: String, customTaskIDPrefix: String? = nil, storageLimitBytes: Int? = nil) {
        workspaces[id] = Workspace(customTaskIDPrefix: customTaskIDPrefix, storageLimitBytes: storageLimitBytes)
    }

    /// Accepts `token` for `user`: a personal token (`pk_…`) must be sent raw, any other token
    /// is an OAuth token and must be sent as `Bearer <token>`.
    ///
    /// - Parameters:
    ///   - token: The token.
    ///   - user: Whose token it is.
    ///   - workspaces: The workspaces it may use; `nil` for all.
    public func addToken(_ token: String, user: User, workspaces: Set<String>? = nil) {
        tokens[token] = Token(user: user, isPersonal: token.hasPrefix("pk_"), workspaces: workspaces)
        users[user.id] = user
    }

    /// Makes a user known (for assignee names).
    public func addUser(_ user: User) {
        users[user.id] = user
    }

    /// Adds a list (its workspace must have been added).
    public func addList(_ list: List) {
        lists[list.id] = list
    }

    /// Replaces a list's statuses, as a person editing the list would.
    public func setStatuses(_ statuses: [Status], ofList listId: String) {
        lists[listId]?.statuses = statuses
    }

    /// Receives every webhook delivery from ``deliverPendingWebhooks()``; its answer counts for
    /// the webhook's health (a non-2xx answer increments `fail_count`, 401 and 410 suspend the
    /// webhook at once, as ClickUp does).
    public func setWebhookReceiver(_ receiver: @escaping @Sendable (WebhookDelivery) async -> HTTPStatus) {
        self.receiver = receiver
    }

    // MARK: - Faults

    /// Makes the next `count` requests fail with `fault`; only requests whose operation is
    /// `operation` (e.g. `createTask`) when given.
    public func inject(_ fault: Fault, on operation: String? = nil, count: Int = 1) {
        faults.append(InjectedFault(fault: fault, operation: operation, remaining: max(1, count)))
    }

    // MARK: - Looking at the state

    /// Every task, in creation order (closed and archived ones included).
    public var tasks: [StoredTask] { taskOrder.compactMap { taskStore[$0] } }

    /// The task with `id`, or `nil`.
    public func task(_ id: String) -> StoredTask? { taskStore[id] }

    /// The comments of a task, oldest first.
    public func comments(on taskId: String) -> [StoredComment] { commentStore[taskId] ?? [] }

    /// The attachments of a task, oldest first.
    public func attachments(on taskId: String) -> [StoredAttachment] { attachmentStore[taskId] ?? [] }

    /// Every webhook, in creation order.
    public var webhooks: [StoredWebhook] { webhookOrder.compactMap { webhookStore[$0] } }

    /// Every request received, in order.
    public var receivedRequests: [ReceivedRequest] { requestLog }

    /// Deliveries waiting for ``deliverPendingWebhooks()``.
    public var pendingDeliveries: [WebhookDelivery] { queuedDeliveries }

    /// Every delivery made, with the receiver's answer.
    public var deliveredWebhooks: [(delivery: WebhookDelivery, status: HTTPStatus)] { deliveryLog }

    /// Hands every pending delivery to the receiver, in order, and records the answers.
    ///
    /// Deliveries of a webhook that is suspended or deleted by the time its turn comes are
    /// dropped, as ClickUp drops them (a 401 or 410 answer suspends the webhook at once).
    ///
    /// - Returns: How many deliveries were made (0 without a receiver: they stay pending).
    @discardableResult
    public func deliverPendingWebhooks() async -> Int {
        guard let receiver else { return 0 }
        var delivered = 0
        while !queuedDeliveries.isEmpty {
            let delivery = queuedDeliveries.removeFirst()
            guard webhookStore[delivery.webhookId]?.status == "active" else { continue }
            let status = await receiver(delivery)
            delivered += 1
            deliveryLog.append((delivery, status))
            // Read again: the webhook may have changed while the receiver answered.
            guard var webhook = webhookStore[delivery.webhookId] else { continue }
            if status.isSuccess {
                webhook.failCount = 0
            } else {
                webhook.failCount += 1
                if status == .unauthorized || status == .gone || webhook.failCount >= 100 { webhook.status = "suspended" }
            }
            webhookStore[delivery.webhookId] = webhook
        }
        return delivered
    }

    // MARK: - People in ClickUp

    /// Creates a task as a person in ClickUp would (also handy to fill a list for paging
    /// tests: no request is counted against any token).
    ///
    /// - Returns: The new task's id.
    /// - Throws: ``HumanActionError`` for an unknown list or status.
    @discardableResult
    public func humanCreatesTask(
        inList listId: String, name: String, status: String? = nil, customFieldValues: [String: JSONValue] = [:],
        parent: String? = nil, by userId: Int64 = 1
    ) throws(HumanActionError) -> String {
        guard let list = lists[listId] else { throw HumanActionError(reason: "no list \(listId)") }
        let chosen: Status
        if let status {
            guard let found = list.statuses.first(where: { $0.name.lowercased() == status.lowercased() }) else {
                throw HumanActionError(reason: "list \(listId) has no status \(status)")
            }
            chosen = found
        } else {
            chosen = defaultStatus(of: list)
        }
        let id = makeTask(
            in: list, name: name, markdown: "", status: chosen, priority: nil, dueDate: nil, startDate: nil,
            assignees: [], tags: [], customFieldValues: customFieldValues, parent: parent, creator: userId
        ).id
        recordCreation(of: id, by: userId)
        return id
    }

    /// Moves a task to another status of its list, as a person would: history and webhooks
    /// (`taskStatusUpdated` and `taskUpdated`) follow.
    ///
    /// - Throws: ``HumanActionError`` for an unknown task or status.
    public func humanChangesStatus(of taskId: String, to statusName: String, by userId: Int64 = 1) throws(HumanActionError) {
        guard let task = taskStore[taskId], let list = lists[task.listId] else { throw HumanActionError(reason: "no task \(taskId)") }
        guard let status = list.statuses.first(where: { $0.name.lowercased() == statusName.lowercased() }) else {
            throw HumanActionError(reason: "list \(task.listId) has no status \(statusName)")
        }
        let items = applyStatus(status, to: taskId, by: userId)
        publish(items, taskId: taskId)
    }

    /// Posts a comment, as a person would: history and webhooks (`taskCommentPosted` and
    /// `taskUpdated`) follow.
    ///
    /// - Returns: The comment id.
    /// - Throws: ``HumanActionError`` for an unknown task.
    @discardableResult
    public func humanPostsComment(on taskId: String, text: String, by userId: Int64 = 1) throws(HumanActionError) -> String {
        guard let task = taskStore[taskId] else { throw HumanActionError(reason: "no task \(taskId)") }
        let (comment, item) = addComment(to: task, text: text, notifyAll: false, by: userId)
        publish([item], taskId: taskId)
        return comment.id
    }

    /// Changes a task's priority (1–4, `nil` to clear), as a person would.
    ///
    /// - Throws: ``HumanActionError`` for an unknown task.
    public func humanChangesPriority(of taskId: String, to priority: Int?, by userId: Int64 = 1) throws(HumanActionError) {
        guard var task = taskStore[taskId] else { throw HumanActionError(reason: "no task \(taskId)") }
        let item = history(
            "priority", task: task, by: userId, before: priorityJSON(task.priority), after: priorityJSON(priority))
        task.priority = priority
        task.dateUpdated = clock.date
        taskStore[taskId] = task
        publish([item], taskId: taskId)
    }

    /// Renames a task, as a person would.
    ///
    /// - Throws: ``HumanActionError`` for an unknown task.
    public func humanRenames(_ taskId: String, to name: String, by userId: Int64 = 1) throws(HumanActionError) {
        guard var task = taskStore[taskId] else { throw HumanActionError(reason: "no task \(taskId)") }
        let item = history("name", task: task, by: userId, before: .string(task.name), after: .string(name))
        task.name = name
        task.dateUpdated = clock.date
        taskStore[taskId] = task
        publish([item], taskId: taskId)
    }

    /// Why a simulated person's action could not be done.
    public struct HumanActionError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What was wrong.
        public var reason: String
        /// The reason.
        public var description: String { reason }
    }
}
