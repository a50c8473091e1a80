public import BridgeMapping
public import BridgeModels

/// What ``PlannerClient/createWork(_:in:lookUpMarkerFirst:)`` made: the task, its details, and both ETags for the
/// store's link.
public struct PlannerCreatedWork: Hashable, Sendable {
    /// The task as the create answered it (or as the plan listed it when it was found by its
    /// marker).
    public var task: PlannerTask
    /// The details after the details PATCH, or `nil` when the work item has no details.
    public var details: PlannerTaskDetails?
    /// Whether the task was not created by this call but found by its idempotency marker after
    /// an ambiguous create (an earlier attempt had created it).
    public var wasFoundByMarker: Bool

    /// Creates a value.
    public init(task: PlannerTask, details: PlannerTaskDetails?, wasFoundByMarker: Bool) {
        self.task = task
        self.details = details
        self.wasFoundByMarker = wasFoundByMarker
    }

    /// The task id.
    public var taskId: String { task.id }
    /// The task's ETag, for `If-Match` on the next task PATCH.
    public var taskETag: String? { task.etag }
    /// The details' ETag, for `If-Match` on the next details PATCH (`nil` when the details
    /// were not written).
    public var detailsETag: String? { details?.etag }

    /// The store's link between the work item and its task.
    public func link(for item: WorkItem) -> TrackerLink {
        TrackerLink(
            destination: item.destination, taskId: taskId, marker: item.marker, taskETag: taskETag,
            detailsETag: detailsETag)
    }
}

/// What ``PlannerClient/updateWork(from:to:in:taskId:taskETag:)`` changed.
public struct PlannerUpdatedWork: Hashable, Sendable {
    /// The task id.
    public var taskId: String
    /// The task after its PATCH (or as read for its ETag), or `nil` when no task field changed.
    public var task: PlannerTask?
    /// The details after their PATCH, or `nil` when the details did not change.
    public var details: PlannerTaskDetails?
    /// How many requests the plan had (0 when nothing changed between the two work items).
    public var plannedRequests: Int

    /// Creates a value.
    public init(taskId: String, task: PlannerTask?, details: PlannerTaskDetails?, plannedRequests: Int) {
        self.taskId = taskId
        self.task = task
        self.details = details
        self.plannedRequests = plannedRequests
    }

    /// The task's latest ETag, when the task was written or read.
    public var taskETag: String? { task?.etag }
    /// The details' latest ETag, when the details were written.
    public var detailsETag: String? { details?.etag }
}

extension PlannerClient {
    /// Creates a work item's task and fills in its details: runs
    /// `PlannerRequests.creating(_:in:)` (create → read details for their own ETag → patch
    /// details).
    ///
    /// When the create's outcome is ambiguous (the connection dropped after sending, a gateway
    /// error, an unreadable answer), the plan's tasks are searched for the item's marker before
    /// anything is created again; a found task is used as if just created
    /// (``PlannerCreatedWork/wasFoundByMarker``). Only when the marker is absent is the create
    /// sent again, at most ``Options/createAttempts`` times in all. If the search itself fails,
    /// the ambiguous error is thrown: the outcome is still unknown, and calling again is safe.
    ///
    /// A call that throws leaves the outcome open, whatever the error (the create may have
    /// succeeded before reading or patching the details failed), and so does a process that
    /// stopped mid-create; call again with `lookUpMarkerFirst` set (the host's outbox knows an
    /// earlier create of this item did not finish) and the plan is searched before the first
    /// create too.
    ///
    /// The details PATCH merges and retries on 412/409 like
    /// ``updateTaskDetails(id:_:etag:)``.
    ///
    /// - Parameters:
    ///   - item: The work item (its destination must be a Planner plan).
    ///   - destination: The team's Planner settings (bucket, assignees, label slots).
    ///   - lookUpMarkerFirst: Whether to search the plan for the item's marker before creating
    ///     anything, because an earlier attempt may have created the task.
    /// - Returns: The task, the details and both ETags; ``PlannerCreatedWork/link(for:)`` makes
    ///   the store's link.
    /// - Throws: ``ConnectorError``: ``ConnectorError/Code/invalidRequest`` when the work item
    ///   cannot be mapped (nothing is sent), a request's failure, or the ambiguous create's error.
    public func createWork(_ item: WorkItem, in destination: PlannerDestination, lookUpMarkerFirst: Bool = false)
        async throws
        -> PlannerCreatedWork
    {
        let plan = try mapping(operation: .createTask) { () throws(InputError) in
            try PlannerRequests.creating(item, in: destination)
        }
        guard case .planner(let planId, _) = item.destination else {
            throw ConnectorError(
                code: .invalidRequest, connector: .planner, operation: PlannedRequest.Purpose.createTask.rawValue,
                message: "the work item does not go to Planner")
        }
        var run = PlanRun()
        if lookUpMarkerFirst, let found = try await findTask(marker: item.marker, inPlan: planId) {
            run.task = found
            run.taskId = found.id
            run.foundByMarker = true
        }
        try await execute(plan, &run, marker: item.marker, planId: planId)
        guard let task = run.task else {
            throw PlannerClient.invalidResponse(.createTask, "the plan created no task")
        }
        return PlannerCreatedWork(task: task, details: run.details, wasFoundByMarker: run.foundByMarker)
    }

    /// Changes a work item's task from `old` to `new`: runs `PlannerRequests.updating(from:to:in:taskId:)`
    /// (task PATCH with `If-Match`, then details GET and PATCH), merging and retrying each PATCH
    /// on 412/409.
    ///
    /// - Parameters:
    ///   - old: The work item as the task was last written.
    ///   - new: The work item now.
    ///   - destination: The team's Planner settings.
    ///   - taskId: The task.
    ///   - taskETag: The task's last known ETag (the store's link has it); `nil` reads the task
    ///     first when a task field changes.
    /// - Returns: What was written; ``PlannerUpdatedWork/plannedRequests`` is 0 when nothing changed.
    /// - Throws: ``ConnectorError``.
    public func updateWork(
        from old: WorkItem, to new: WorkItem, in destination: PlannerDestination, taskId: String,
        taskETag: String? = nil
    ) async throws -> PlannerUpdatedWork {
        let plan = try mapping(operation: .updateTask) { () throws(InputError) in
            try PlannerRequests.updating(from: old, to: new, in: destination, taskId: taskId)
        }
        var run = PlanRun(taskId: taskId, knownTaskETag: taskETag)
        try await execute(plan, &run, marker: new.marker, planId: nil)
        return PlannerUpdatedWork(taskId: taskId, task: run.task, details: run.details, plannedRequests: plan.count)
    }

    // MARK: - Running a plan

    /// What the steps of a plan learned so far: the values placeholders are resolved from.
    struct PlanRun {
        var taskId: String?
        /// The task's ETag the caller knows (the store's link), until the task is read or written.
        var knownTaskETag: String?
        var task: PlannerTask?
        var details: PlannerTaskDetails?
        var foundByMarker = false

        var taskETag: String? { task?.etag ?? knownTaskETag }
        var detailsETag: String? { details?.etag }
    }

    /// Sends each planned request in order, resolving its placeholders from `run`.
    private func execute(_ plan: [PlannedRequest], _ run: inout PlanRun, marker: IdempotencyMarker, planId: String?)
        async throws
    {
        for step in plan {
            switch step.purpose {
            case .createTask:
                guard run.taskId == nil else { continue }  // found by its marker already
                guard let planId else { throw unexpected(step) }
                let (task, found) = try await createGuarded(step, marker: marker, planId: planId)
                run.task = task
                run.taskId = task.id
                run.foundByMarker = found
            case .readTask:
                run.task = try await sendDecoding(try resolve(step, run), as: PlannerTask.self)
            case .readTaskDetails:
                run.details = try await sendDecoding(try resolve(step, run), as: PlannerTaskDetails.self)
            case .updateTask:
                let taskId = try self.taskId(for: step, run)
                if run.taskETag == nil { run.task = try await task(id: taskId) }
                run.task = try await patchTask(id: taskId, try resolve(step, run), try body(of: step))
            case .updateTaskDetails:
                let taskId = try self.taskId(for: step, run)
                if run.detailsETag == nil { run.details = try await taskDetails(id: taskId) }
                run.details = try await patchDetails(id: taskId, try resolve(step, run), try body(of: step))
            default:
                throw unexpected(step)
            }
        }
    }

    private func taskId(for step: PlannedRequest, _ run: PlanRun) throws(ConnectorError) -> String {
        guard let taskId = run.taskId else { throw unexpected(step) }
        return taskId
    }

    /// Sends a create; when its outcome is ambiguous, looks the marker up before creating again.
    private func createGuarded(_ step: PlannedRequest, marker: IdempotencyMarker, planId: String) async throws
        -> (PlannerTask, foundByMarker: Bool)
    {
        var attempts = 0
        while true {
            attempts += 1
            do {
                return (try await sendDecoding(step, as: PlannerTask.self), false)
            } catch let failure as ConnectorError where failure.isAmbiguous || failure.code == .invalidResponse {
                // invalidResponse: a 2xx whose body was unusable; the task may well exist.
                var unknown = failure
                unknown.isAmbiguous = true
                let found: PlannerTask?
                do {
                    found = try await findTask(marker: marker, inPlan: planId)
                } catch let cancellation as CancellationError {
                    throw cancellation
                } catch {
                    // The look-up failed: whether the task exists is still unknown.
                    throw unknown
                }
                if let found { return (found, true) }
                guard attempts < options.createAttempts else { throw unknown }
            }
        }
    }

    /// The step with `{taskId}`, `{taskEtag}` and `{detailsEtag}` filled in from `run`.
    private func resolve(_ step: PlannedRequest, _ run: PlanRun) throws(ConnectorError) -> PlannedRequest {
        var values: [String: String] = [:]
        for placeholder in step.placeholders {
            let value: String?
            switch placeholder.name {
            case PlannedRequest.Placeholder.taskId.name: value = run.taskId
            case PlannedRequest.Placeholder.taskETag.name: value = run.taskETag
            case PlannedRequest.Placeholder.detailsETag.name: value = run.detailsETag
            default: value = nil
            }
            if let value { values[placeholder.name] = value }
        }
        return try mapping(operation: step.purpose) { () throws(InputError) in try step.resolving(values) }
    }

    /// The planned JSON body decoded back into its type, so a conflict can rebase it.
    private func body<T: Decodable>(of step: PlannedRequest, as type: T.Type = T.self) throws(ConnectorError) -> T {
        guard case .json(let bytes)? = step.body else { throw unexpected(step) }
        return try mapping(operation: step.purpose) { () throws(InputError) in
            try StrictJSONDecoder().decode(T.self, from: bytes)
        }
    }

    private func unexpected(_ step: PlannedRequest) -> ConnectorError {
        ConnectorError(
            code: .invalidRequest, connector: .planner, operation: step.purpose.rawValue,
            message: "the plan has a step the Planner client cannot run here: \(step.description)")
    }
}
