public import BridgeMapping
import BridgeModels

/// A Microsoft Planner client (Microsoft Graph v1.0) over the transport you inject.
///
/// It sends exactly the requests `PlannerRequests` plans (what `tgbridge map` prints),
/// resolving `{taskId}`, `{taskEtag}` and `{detailsEtag}` from earlier responses, and returns the
/// read models of BridgeMapping (`PlannerTask`, `PlannerTaskDetails`, `PlannerTaskPage`).
/// Every failure is a ``ConnectorError`` (a cancelled task throws `CancellationError`); Graph's
/// `error.code` is in ``ConnectorError/plannerErrorCode``.
///
/// What the client handles itself, because a middleware cannot:
///
/// - **Conflicts.** A PATCH answered 412 (stale `If-Match`) or 409 is resolved by re-reading the
///   resource, re-applying only this client's change onto the fresh state (a human's concurrent
///   edit of other fields, checklist items or labels is kept) and sending it again with the fresh
///   ETag, at most ``Options/conflictRetries`` times.
/// - **Ambiguous creates.** When a `POST /planner/tasks` may or may not have been applied
///   (``ConnectorError/isAmbiguous``), ``createWork(_:in:lookUpMarkerFirst:)`` looks the work
///   item's idempotency marker up in the plan before it creates again, so a task is never
///   created twice.
/// - **Paging** over `@odata.nextLink`, and **JSON batches** whose throttled items are sent
///   again after their `Retry-After`.
///
/// Authorization (`AuthorizationMiddleware` with the `bearer` scheme), retries of whole requests
/// (``RetryMiddleware``) and pacing compose as middleware on the transport.
public struct PlannerClient: Sendable {
    /// Bounds on the work the client does on its own.
    public struct Options: Hashable, Sendable {
        /// How many times a PATCH answered 412 or 409 is re-read, merged and sent again before
        /// the conflict is thrown. Default 3.
        public var conflictRetries: Int
        /// How many create requests ``PlannerClient/createWork(_:in:lookUpMarkerFirst:)`` sends
        /// at most when the outcome of a create is ambiguous and the marker is not found.
        /// Default 2.
        public var createAttempts: Int
        /// How many pages of a plan's tasks are read at most by the collecting calls and the
        /// marker look-up. Default 100.
        public var pageLimit: Int
        /// How many times the throttled items of a JSON batch are sent again. Default 3.
        public var batchRetries: Int
        /// The wait before a batch retry when the throttled items carry no `Retry-After`.
        /// Default: 500 ms doubling, no jitter.
        public var batchBackoff: Backoff
        /// The most time spent waiting for batch retries, in total. Default 120 seconds.
        public var maxBatchWait: Duration
        /// The timeout of every request, or `nil` for the transport's default.
        public var timeout: Duration?

        /// Creates options; counts below their minimum (0 for retries, 1 otherwise) are raised to it.
        public init(
            conflictRetries: Int = 3, createAttempts: Int = 2, pageLimit: Int = 100, batchRetries: Int = 3,
            batchBackoff: Backoff = .exponential(jitter: .none), maxBatchWait: Duration = .seconds(120),
            timeout: Duration? = nil
        ) {
            self.conflictRetries = max(0, conflictRetries)
            self.createAttempts = max(1, createAttempts)
            self.pageLimit = max(1, pageLimit)
            self.batchRetries = max(0, batchRetries)
            self.batchBackoff = batchBackoff
            self.maxBatchWait = max(.zero, maxBatchWait)
            self.timeout = timeout
        }
    }

    /// The transport every request goes through (with the host's middlewares).
    public let transport: any HTTPTransport
    /// The client's bounds.
    public let options: Options
    let clock: any Clock<Duration>
    let wallClock: WallClock

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - transport: The transport, usually with `AuthorizationMiddleware(scheme: .bearer, …)`
    ///     and ``RetryMiddleware`` in front of it.
    ///   - options: Conflict, create, paging and batch bounds.
    ///   - clock: The clock batch retries wait on; inject a manual clock in tests.
    ///   - wallClock: The current date, to read `Retry-After` dates.
    public init(
        transport: any HTTPTransport, options: Options = Options(), clock: any Clock<Duration> = ContinuousClock(),
        wallClock: WallClock = .system
    ) {
        self.transport = transport
        self.options = options
        self.clock = clock
        self.wallClock = wallClock
    }

    // MARK: - Tasks

    /// Creates a task: `POST /planner/tasks`.
    ///
    /// This sends the create once. To create a work item's task with its details, and without
    /// duplicates when the outcome is ambiguous, use ``createWork(_:in:lookUpMarkerFirst:)``.
    ///
    /// - Parameter body: The create body (see `PlannerPayloads/createTask(for:in:)`).
    /// - Returns: The new task, with its `@odata.etag`.
    /// - Throws: ``ConnectorError``; ``ConnectorError/isAmbiguous`` when the task may have been
    ///   created although no answer came.
    public func createTask(_ body: PlannerTaskCreate) async throws -> PlannerTask {
        let planned = try mapping(operation: .createTask) { () throws(InputError) in
            try PlannerRequests.createTask(body)
        }
        return try await sendDecoding(planned)
    }

    /// Reads a task: `GET /planner/tasks/{id}`.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/notFound`` for an unknown id).
    public func task(id: String) async throws -> PlannerTask {
        try await sendDecoding(PlannerRequests.readTask(.id(id)))
    }

    /// Reads a task's details: `GET /planner/tasks/{id}/details`. Their
    /// `PlannerTaskDetails/etag` is the details' own, never the task's.
    ///
    /// - Throws: ``ConnectorError``.
    public func taskDetails(id: String) async throws -> PlannerTaskDetails {
        try await sendDecoding(PlannerRequests.readTaskDetails(.id(id)))
    }

    /// Changes a task: `PATCH /planner/tasks/{id}` with `If-Match: etag` and
    /// `Prefer: return=representation`, merging and retrying on 412 or 409.
    ///
    /// On a conflict the task is read again and only the fields of `update` that the fresh task
    /// does not already hold are sent with the fresh ETag; a human's concurrent change of any
    /// other field is kept. When nothing is left to change, the fresh task is returned without a
    /// PATCH.
    ///
    /// - Parameters:
    ///   - id: The task id.
    ///   - update: The fields to change (must not be empty).
    ///   - etag: The task's last known `@odata.etag`.
    /// - Returns: The updated task with its new ETag (read again when the service answers 204).
    /// - Throws: ``ConnectorError``; the last conflict after ``Options/conflictRetries`` merges.
    public func updateTask(id: String, _ update: PlannerTaskUpdate, etag: String) async throws -> PlannerTask {
        let planned = try mapping(operation: .updateTask) { () throws(InputError) in
            try PlannerRequests.updateTask(.id(id), update, etag: etag)
        }
        return try await patchTask(id: id, planned, update)
    }

    /// Changes a task's details: `PATCH /planner/tasks/{id}/details` with the details' own
    /// `If-Match` ETag and `Prefer: return=representation`, merging and retrying on 412 or 409.
    ///
    /// On a conflict the details are read again and only this update's description, checklist
    /// items and references that differ from the fresh state are sent again; items a human
    /// added, checked or removed meanwhile stay as the human left them.
    ///
    /// - Parameters:
    ///   - id: The task id.
    ///   - update: The details to change (must not be empty).
    ///   - etag: The details' last known `@odata.etag` (not the task's).
    /// - Returns: The updated details with their new ETag.
    /// - Throws: ``ConnectorError``, e.g. 403 with ``PlannerErrorCode/maximumChecklistItemsOnTask``.
    public func updateTaskDetails(id: String, _ update: PlannerTaskDetailsUpdate, etag: String) async throws
        -> PlannerTaskDetails
    {
        let planned = try mapping(operation: .updateTaskDetails) { () throws(InputError) in
            try PlannerRequests.updateTaskDetails(.id(id), update, etag: etag)
        }
        return try await patchDetails(id: id, planned, update)
    }

    /// Deletes a task: `DELETE /planner/tasks/{id}` with `If-Match: etag`.
    ///
    /// A stale ETag is not merged: deleting a task a person changed meanwhile is the host's
    /// decision, so the 412 is thrown.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/preconditionFailed`` for a stale ETag,
    ///   ``ConnectorError/Code/notFound`` when the task is gone).
    public func deleteTask(id: String, etag: String) async throws {
        let planned = try mapping(operation: .deleteTask) { () throws(InputError) in
            try PlannerRequests.deleteTask(.id(id), etag: etag)
        }
        _ = try await send(planned)
    }

    // MARK: - Sending

    /// Sends a planned request (placeholders resolved) and returns the 2xx response with the
    /// transport request it was answered for.
    func send(_ planned: PlannedRequest) async throws -> (request: ConnectorRequest, response: ConnectorResponse) {
        let request = try PlannerClient.transportRequest(planned, timeout: options.timeout)
        return (request, try await transport.sendExpectingSuccess(request, wallClock: wallClock))
    }

    /// The transport request for a planned Planner request.
    ///
    /// A PATCH or DELETE with If-Match cannot apply twice: a replay meets a changed ETag and fails
    /// with 412, so it is marked idempotent and may be resent after a dropped connection or a
    /// 5xx (by the retry middleware, or as a part of a JSON batch).
    static func transportRequest(_ planned: PlannedRequest, timeout: Duration?) throws(ConnectorError)
        -> ConnectorRequest
    {
        var request = try ConnectorRequest(planned, timeout: timeout)
        if request.method == .patch || request.method == .delete, request.fields[.ifMatch] != nil {
            request.isIdempotent = true
        }
        return request
    }

    /// Sends a planned request and decodes its JSON response.
    func sendDecoding<T: Decodable>(_ planned: PlannedRequest, as type: T.Type = T.self) async throws -> T {
        let (request, response) = try await send(planned)
        return try PlannerClient.decode(type, from: response.body, for: request)
    }

    /// Decodes a response body strictly, naming the request in the error.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], for request: ConnectorRequest)
        throws(ConnectorError)
        -> T
    {
        do {
            return try StrictJSONDecoder().decode(type, from: body)
        } catch {
            throw undecodable(T.self, error, for: request)
        }
    }

    /// The ``ConnectorError/Code/invalidResponse`` for an answer that is not a valid `T`.
    static func undecodable<T>(_ type: T.Type, _ error: InputError, for request: ConnectorRequest) -> ConnectorError {
        ConnectorError(
            code: .invalidResponse, connector: request.connector, operation: request.operation,
            message: "the response is not a valid \(T.self): \(error)")
    }

    /// Runs a request builder, turning its `InputError` into an ``ConnectorError/Code/invalidRequest``.
    func mapping<T>(operation: PlannedRequest.Purpose, _ build: () throws(InputError) -> T) throws(ConnectorError) -> T
    {
        do {
            return try build()
        } catch {
            throw ConnectorError(
                code: .invalidRequest, connector: .planner, operation: operation.rawValue, message: error.description)
        }
    }

    /// An ``ConnectorError/Code/invalidResponse`` for `operation`.
    static func invalidResponse(_ operation: PlannedRequest.Purpose, _ message: String) -> ConnectorError {
        ConnectorError(code: .invalidResponse, connector: .planner, operation: operation.rawValue, message: message)
    }
}
