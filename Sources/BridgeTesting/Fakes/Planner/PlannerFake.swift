public import BridgeConnectors
public import BridgeMapping
import BridgeModels

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An in-memory Microsoft Planner (Graph v1.0) that behaves like the service, as an
/// `HTTPTransport`: hand it to a `PlannerClient` (directly or behind middlewares) and test
/// without a tenant.
///
/// What it does as Graph does (planner-api.md):
///
/// - **Plans and buckets** you set up with ``addPlan(bucketCount:)``; tasks get 28-character
///   ids; each task has details created with it.
/// - **ETags.** Weak `W/"…"` ETags that change on every write; the task and its details have
///   different ones. A PATCH or DELETE without `If-Match` gets 400, with a stale one 412 (or 409,
///   ``init(seed:wallClock:pageSize:limits:staleETagStatus:batchOrder:acceptedToken:)``).
///   `Prefer: return=representation` gets 200 with the new representation, otherwise 204.
/// - **Progress.** `percentComplete` 100 stamps `completedDateTime`; less clears it.
/// - **Validation** of request bodies like the service: unknown or read-only properties,
///   inline `details` on create, a complex value without `@odata.type`, a checklist key that is
///   not a GUID, a reference key that is not an encoded URL, priorities outside 0–10, a start
///   after the due date: 400 with a Graph error body.
/// - **Limits:** more than 20 checklist items, 20 assignees or 10 references (``Limits``) get
///   403 with `MaximumChecklistItemsOnTask`, `MaximumAssigneesInTasks` or
///   `MaximumReferencesOnTask`.
/// - **Paging** of `GET /planner/plans/{id}/tasks` with `@odata.nextLink` (``pageSize``).
/// - **JSON batches** (`POST /$batch`): at most 20 requests with unique ids, `dependsOn`
///   ordering, 424 for the dependents of a failed request, responses out of order
///   (``BatchOrder``), and per-request faults.
///
/// Tests inject faults with ``inject(_:on:times:)`` (429 with `Retry-After`, 503, 500, a dropped
/// connection before or after the write is applied) and act as a person in Planner with
/// ``humanEdit(task:_:)`` and ``humanEditDetails(task:_:)`` (move a bucket, apply a label,
/// change progress, edit the checklist), so merge-retry and sync-back can be tested.
///
/// Deterministic: ids come from a seeded generator, dates from the injected wall clock
/// (``ManualClock/wallClock`` in tests); the fake never waits.
///
/// Assumption: Graph does not document whether writing a task's details changes the task's
/// ETag. The fake keeps them independent (the task's derived `hasDescription` and checklist
/// counts are computed when it is read).
public actor PlannerFake: HTTPTransport {
    /// Planner's service limits the fake enforces (planner-api.md §5).
    public struct Limits: Hashable, Sendable {
        /// Checklist items per task (default 20).
        public var checklistItems: Int
        /// Assignees per task (default 20).
        public var assignees: Int
        /// External references per task (default 10, the 2021 published limit).
        public var references: Int

        /// Creates limits.
        public init(checklistItems: Int = 20, assignees: Int = 20, references: Int = 10) {
            self.checklistItems = checklistItems
            self.assignees = assignees
            self.references = references
        }
    }

    /// The kinds of request the fake answers, for fault injection and the exchange log.
    public enum Operation: String, CaseIterable, Hashable, Sendable {
        /// `POST /planner/tasks`
        case createTask
        /// `GET /planner/tasks/{id}`
        case readTask
        /// `PATCH /planner/tasks/{id}`
        case updateTask
        /// `DELETE /planner/tasks/{id}`
        case deleteTask
        /// `GET /planner/tasks/{id}/details`
        case readTaskDetails
        /// `PATCH /planner/tasks/{id}/details`
        case updateTaskDetails
        /// `GET /planner/plans/{id}/tasks`
        case listTasks
        /// `POST /$batch`
        case batch
    }

    /// A failure to inject.
    public enum Fault: Hashable, Sendable {
        /// 429 Too Many Requests with `Retry-After` (seconds) when given; nothing is applied.
        case throttled(retryAfterSeconds: Int?)
        /// 503 Service Unavailable with `Retry-After` when given; nothing is applied.
        case serviceUnavailable(retryAfterSeconds: Int?)
        /// 500 Internal Server Error; nothing is applied.
        case serverError
        /// Any status with a Graph error body; nothing is applied.
        case refusal(status: HTTPStatus, code: String, message: String)
        /// The write is applied, then the connection drops: the transport throws
        /// ``ConnectionDropped`` instead of answering (the ambiguous case). Top-level requests only.
        case dropConnectionAfterApplying
        /// The request may have been sent, the connection drops, and nothing is applied; the
        /// transport throws ``ConnectionDropped``. Top-level requests only.
        case dropConnectionBeforeApplying
        /// No connection could be made: the transport throws a `ConnectorError` with code
        /// `ConnectorError/Code/connectionFailed`. Top-level requests only.
        case refuseConnection
    }

    /// How `$batch` responses are ordered (Graph may answer in any order).
    public enum BatchOrder: Hashable, Sendable {
        /// In the order the requests were sent.
        case asSent
        /// In reverse order (the default, so clients cannot rely on the order).
        case reversed
    }

    /// The error the transport throws for a dropped connection.
    public struct ConnectionDropped: Error, Hashable, Sendable, CustomStringConvertible {
        /// The operation whose connection dropped.
        public var operation: Operation
        /// Whether the fake applied the write before dropping.
        public var applied: Bool

        /// Creates the error.
        public init(operation: Operation, applied: Bool) {
            self.operation = operation
            self.applied = applied
        }
        /// `the connection dropped during createTask`.
        public var description: String { "the connection dropped during \(operation.rawValue)" }
    }

    /// A misuse of the fake's test API (an unknown task, plan or bucket).
    public struct SetupError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What was wrong.
        public var message: String

        /// Creates the error.
        public init(message: String) {
            self.message = message
        }
        /// The message.
        public var description: String { message }
    }

    /// One request the fake answered.
    public struct Exchange: Hashable, Sendable, CustomStringConvertible {
        /// What it was, or `nil` for a request the fake has no route for.
        public var operation: Operation?
        /// The method.
        public var method: String
        /// The path below `/v1.0`.
        public var path: String
        /// The status answered, or `nil` when the connection dropped.
        public var status: Int?
        /// Whether it was a part of a `$batch`.
        public var inBatch: Bool

        /// `PATCH /planner/tasks/abc → 412`.
        public var description: String {
            "\(inBatch ? "[batch] " : "")\(method) \(path) → \(status.map(String.init) ?? "dropped")"
        }
    }

    /// A plan set up with ``addPlan(bucketCount:)``.
    public struct Plan: Hashable, Sendable {
        /// The plan id.
        public var id: String
        /// Its buckets' ids.
        public var bucketIds: [String]
    }

    var model: PlannerFakeModel
    var faults: [(operation: Operation, fault: Fault, remaining: Int)] = []
    /// Tasks listed per page of `GET /planner/plans/{id}/tasks`.
    public private(set) var pageSize: Int
    /// The enforced limits.
    public let limits: Limits
    /// The status for a stale `If-Match`: 412 (default) or 409.
    public let staleETagStatus: HTTPStatus
    /// How batch responses are ordered.
    public let batchOrder: BatchOrder
    let acceptedToken: String?
    /// Every request answered, batch parts included, in order.
    public internal(set) var exchanges: [Exchange] = []
    /// Every top-level request received, as it arrived.
    public internal(set) var requests: [ConnectorRequest] = []

    /// Creates an empty fake.
    ///
    /// - Parameters:
    ///   - seed: Seeds the ids.
    ///   - wallClock: The time for created, completed and assigned dates (e.g. a
    ///     ``ManualClock``'s ``ManualClock/wallClock``).
    ///   - pageSize: Tasks per page of a plan's task list (at least 1).
    ///   - limits: The enforced service limits.
    ///   - staleETagStatus: 412 (default) or 409 for a stale `If-Match`.
    ///   - batchOrder: The order of `$batch` responses.
    ///   - acceptedToken: When set, every request must carry `Authorization: Bearer <token>`
    ///     (401 otherwise).
    public init(
        seed: UInt64 = 1, wallClock: WallClock = .constant(Date(timeIntervalSince1970: 1_767_225_600)),
        pageSize: Int = 100,
        limits: Limits = Limits(), staleETagStatus: HTTPStatus = .preconditionFailed,
        batchOrder: BatchOrder = .reversed,
        acceptedToken: String? = nil
    ) {
        model = PlannerFakeModel(seed: seed, wallClock: wallClock)
        self.pageSize = max(1, pageSize)
        self.limits = limits
        self.staleETagStatus = staleETagStatus
        self.batchOrder = batchOrder
        self.acceptedToken = acceptedToken
    }

    // MARK: - Set-up

    /// Adds a plan with `bucketCount` buckets, with new 28-character ids.
    @discardableResult
    public func addPlan(bucketCount: Int = 1) -> Plan {
        let id = model.newId()
        let buckets = (0..<max(0, bucketCount)).map { _ in model.newId() }
        model.plans[id] = PlannerFakeModel.Plan(id: id, bucketIds: buckets)
        return Plan(id: id, bucketIds: buckets)
    }

    /// Adds a plan with the ids a configuration names (its `planId` and `bucketId`s), so a
    /// bridge configuration runs against the fake unchanged. Adding a plan again adds the
    /// buckets it does not have yet.
    @discardableResult
    public func addPlan(id: String, bucketIds: [String]) -> Plan {
        var plan = model.plans[id] ?? PlannerFakeModel.Plan(id: id, bucketIds: [])
        for bucket in bucketIds where !plan.bucketIds.contains(bucket) { plan.bucketIds.append(bucket) }
        model.plans[id] = plan
        return Plan(id: id, bucketIds: plan.bucketIds)
    }

    /// Changes how many tasks a page lists (at least 1).
    public func setPageSize(_ size: Int) {
        pageSize = max(1, size)
    }

    /// Makes the next `times` requests of `operation` fail with `fault` (faults queue in order).
    public func inject(_ fault: Fault, on operation: Operation, times: Int = 1) {
        guard times > 0 else { return }
        faults.append((operation, fault, times))
    }

    /// Removes every injected fault that has not fired yet.
    public func removeFaults() {
        faults.removeAll()
    }

    // MARK: - State

    /// Every task, in creation order.
    public var tasks: [PlannerTask] { model.tasks.map(model.readModel) }

    /// The task with `id`, or `nil`.
    public func task(_ id: String) -> PlannerTask? {
        model.index(ofTask: id).map { model.readModel(model.tasks[$0]) }
    }

    /// The details of the task with `id`, or `nil`.
    public func details(ofTask id: String) -> PlannerTaskDetails? {
        model.index(ofTask: id).map { model.readModel(model.tasks[$0].details, id: id) }
    }

    /// The plans set up, by id.
    public var plans: [Plan] {
        model.plans.values.map { Plan(id: $0.id, bucketIds: $0.bucketIds) }.sorted { $0.id < $1.id }
    }

    /// Forgets the exchange log and the received requests.
    public func clearLog() {
        exchanges.removeAll()
        requests.removeAll()
    }

    // MARK: - Acting as a person in Planner

    /// Changes a task as a person would in the Planner app: edit `task` (title, bucket,
    /// progress, priority, dates, assignees, labels); the task gets a new ETag. Changing
    /// `percentComplete` to 100 stamps `completedDateTime`. The id, plan and ETag cannot be
    /// changed.
    ///
    /// - Returns: The task as it now is.
    /// - Throws: ``SetupError`` for an unknown task or a bucket of another plan.
    @discardableResult
    public func humanEdit(task id: String, _ edit: @Sendable (inout PlannerTask) -> Void) throws -> PlannerTask {
        guard let index = model.index(ofTask: id) else { throw SetupError(message: "no task \(id)") }
        var view = model.readModel(model.tasks[index])
        edit(&view)
        var task = model.tasks[index]
        if let bucket = view.bucketId, model.plans[task.planId]?.bucketIds.contains(bucket) != true {
            throw SetupError(message: "bucket \(bucket) is not in plan \(task.planId)")
        }
        let now = model.wallClock()
        task.title = view.title
        task.bucketId = view.bucketId
        task.priority = min(10, max(0, view.priority ?? task.priority))
        task.startDateTime = view.startDateTime
        task.dueDateTime = view.dueDateTime
        PlannerFakeModel.setProgress(min(100, max(0, view.percentComplete)), of: &task, now: now)
        var assignments: [String: PlannerFakeModel.Assignment] = [:]
        for userId in view.assigneeIds {
            assignments[userId] =
                task.assignments[userId] ?? PlannerFakeModel.Assignment(orderHint: " !", assignedDateTime: now)
        }
        task.assignments = assignments
        task.categories = view.appliedCategories
        task.etag = model.newETag("Task", task.id)
        model.tasks[index] = task
        return model.readModel(task)
    }

    /// Changes a task's details as a person would: edit `details` (description, checklist items
    /// added, checked, renamed or removed, references); the details get a new ETag, the task's
    /// stays.
    ///
    /// - Returns: The details as they now are.
    /// - Throws: ``SetupError`` for an unknown task.
    @discardableResult
    public func humanEditDetails(task id: String, _ edit: @Sendable (inout PlannerTaskDetails) -> Void) throws
        -> PlannerTaskDetails
    {
        guard let index = model.index(ofTask: id) else { throw SetupError(message: "no task \(id)") }
        var view = model.readModel(model.tasks[index].details, id: id)
        edit(&view)
        let now = model.wallClock()
        var details = model.tasks[index].details
        details.description = view.description
        details.previewType = view.previewType?.rawValue ?? details.previewType
        var checklist: [String: PlannerFakeModel.ChecklistItem] = [:]
        for (position, item) in view.checklist.enumerated() {
            let previous = details.checklist[item.key]
            let unchanged = previous.map { $0.title == item.title && $0.isChecked == item.isChecked } ?? false
            checklist[item.key] = PlannerFakeModel.ChecklistItem(
                title: item.title, isChecked: item.isChecked,
                orderHint: item.orderHint ?? PlannerWire.orderHint(position: position),
                lastModifiedDateTime: unchanged ? previous?.lastModifiedDateTime ?? now : now)
        }
        details.checklist = checklist
        var references: [String: PlannerFakeModel.Reference] = [:]
        for (position, reference) in view.references.enumerated() {
            references[reference.key] = PlannerFakeModel.Reference(
                alias: reference.alias, type: reference.type?.rawValue,
                previewPriority: reference.previewPriority ?? PlannerWire.orderHint(position: position),
                lastModifiedDateTime: now)
        }
        details.references = references
        details.etag = model.newETag("TaskDetails", id)
        model.tasks[index].details = details
        return model.readModel(details, id: id)
    }

    /// Creates a task as a person would in the Planner app (no marker in its title unless you
    /// write one), e.g. to fill a plan for paging tests.
    ///
    /// - Throws: ``SetupError`` for an unknown plan or a bucket of another plan.
    @discardableResult
    public func humanCreateTask(title: String, inPlan planId: String, bucketId: String? = nil) throws -> PlannerTask {
        guard let plan = model.plans[planId] else { throw SetupError(message: "no plan \(planId)") }
        if let bucketId, !plan.bucketIds.contains(bucketId) {
            throw SetupError(message: "bucket \(bucketId) is not in plan \(planId)")
        }
        let task = model.insertTask(planId: planId, bucketId: bucketId ?? plan.bucketIds.first, title: title)
        return model.readModel(task)
    }

    // MARK: - Transport

    /// Answers a request as Graph would (see the type's discussion).
    ///
    /// - Throws: ``ConnectionDropped`` or a `ConnectorError` with code
    ///   `ConnectorError/Code/connectionFailed` when such a fault was injected.
    public func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
        requests.append(request)
        let text = request.url.absoluteString
        let base = PlannerWire.baseURL
        guard text.hasPrefix(base + "/") else {
            exchanges.append(
                Exchange(operation: nil, method: request.method.rawValue, path: text, status: 404, inBatch: false))
            return encode(PlannerFakeRefusal.notFound.response(requestId: nextRequestId(), now: model.wallClock()))
        }
        let rest = String(text.dropFirst(base.count))
        let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for item in parts[1].split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query[PlannerWire.url(fromReferenceKey: String(pair[0]))] =
                    pair.count == 2 ? PlannerWire.url(fromReferenceKey: String(pair[1])) : ""
            }
        }
        let fakeRequest = PlannerFakeRequest(
            method: request.method.rawValue, path: String(parts[0]), query: query, fields: request.fields,
            body: request.body,
            inBatch: false)
        switch process(fakeRequest) {
        case .answer(let response):
            return encode(response)
        case .dropBeforeApplying(let operation):
            throw ConnectionDropped(operation: operation, applied: false)
        case .dropAfterApplying(let operation):
            throw ConnectionDropped(operation: operation, applied: true)
        case .refuseConnection:
            throw ConnectorError(
                code: .connectionFailed, connector: request.connector, operation: request.operation,
                message: "connection refused (injected)")
        }
    }

    func encode(_ response: PlannerFakeResponse) -> ConnectorResponse {
        var fields = response.fields
        var body: [UInt8] = []
        if let json = response.body {
            // JSONValue always encodes; an empty body would only hide a bug in the fake.
            body = (try? Array(StableJSON.encode(json))) ?? []
            if fields[.contentType] == nil { fields[.contentType] = "application/json" }
        }
        return ConnectorResponse(status: HTTPStatus(code: response.status), fields: fields, body: body)
    }

    func nextRequestId() -> Int {
        model.requestCount += 1
        return model.requestCount
    }
}
