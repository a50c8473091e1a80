#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeModels
public import BridgeMapping

/// A client for the ClickUp API v2 over an injected ``HTTPTransport``.
///
/// Every operation sends exactly the request a `ClickUpRequests` builder plans (what
/// `tgbridge map` prints), with placeholders resolved, and returns a read model. Authorization,
/// retries and pacing are middlewares on the transport; the client handles what they cannot:
/// paging, comment cursors, the per-list status cache, multipart uploads, idempotency-marker
/// look-ups after an ambiguous create, and re-reading a task before overwriting it.
///
/// ```swift
/// let transport = URLSessionTransport().with(
///     AuthorizationMiddleware(scheme: .clickUp, token: Secret(token), connector: .clickUp),
///     RetryMiddleware(),
///     RateLimitMiddleware(policy: .clickUp(.freeForever), connectors: [.clickUp]))
/// let client = ClickUpClient(transport: transport)
/// let created = try await client.createWork(item, in: destination, community: community)
/// ```
///
/// ### Errors
///
/// - ``ConnectorError`` for every failure of the service or the transport. ClickUp's own code
///   is in ``ConnectorError/clickUpCode`` (``ClickUpErrorCode``; `FIELD_011`, `OAUTH_171`, …);
///   ``ConnectorError/isAmbiguous`` marks a write whose outcome is unknown. An answer that
///   does not decode is ``ConnectorError/Code/invalidResponse``.
/// - `InputError` when the client refuses a value before sending anything: a status name the
///   list does not have (`$.status`, with the list's names), or a body a builder refuses.
/// - ``CommunityAdapterError`` from reading a document to upload:
///   ``CommunityAdapterError/Code/documentTooLarge`` above
///   ``Configuration/maxAttachmentBytes``, ``CommunityAdapterError/Code/integrityMismatch``
///   when the bytes do not match the community's SHA-256.
///
/// Cancellation propagates as `CancellationError`.
public struct ClickUpClient: Sendable {
    /// Limits and strategies of a client.
    public struct Configuration: Sendable {
        /// The largest document uploaded as an attachment, in bytes. Default 100 MiB (ClickUp
        /// accepts up to 1 GB per file, clickup-api.md §7; the body is held in memory).
        public var maxAttachmentBytes: Int
        /// The most pages a collecting call or a marker look-up reads (100 tasks or 25 comments
        /// each). Default 50.
        public var maxPages: Int
        /// Limits for decoding answers. Default: 32 MiB documents, otherwise the library
        /// defaults.
        public var responseLimits: InputLimits
        /// Where multipart boundaries come from. Default ``MultipartBoundaryGenerator/random``.
        public var boundaries: MultipartBoundaryGenerator
        /// A timeout for each request, or `nil` for the transport's default.
        public var requestTimeout: Duration?
        /// A timeout for each attachment upload, or `nil` for ``requestTimeout``.
        public var uploadTimeout: Duration?
        /// How many times ``ClickUpClient/createWork(_:in:community:documentDigests:lookUpExistingFirst:)``
        /// sends Create Task when the outcome stays unknown and the marker is not found. Default 3.
        public var createAttempts: Int
        /// The current date, to read `X-RateLimit-Reset` in errors.
        public var wallClock: WallClock

        /// Creates a configuration; values below 1 are treated as 1.
        public init(
            maxAttachmentBytes: Int = 100 << 20, maxPages: Int = 50,
            responseLimits: InputLimits = InputLimits(maxDocumentBytes: 32 << 20),
            boundaries: MultipartBoundaryGenerator = .random, requestTimeout: Duration? = nil,
            uploadTimeout: Duration? = nil, createAttempts: Int = 3, wallClock: WallClock = .system
        ) {
            self.maxAttachmentBytes = max(1, maxAttachmentBytes)
            self.maxPages = max(1, maxPages)
            self.responseLimits = responseLimits
            self.boundaries = boundaries
            self.requestTimeout = requestTimeout
            self.uploadTimeout = uploadTimeout
            self.createAttempts = max(1, createAttempts)
            self.wallClock = wallClock
        }
    }

    /// The transport requests go through (with its middlewares).
    public let transport: any HTTPTransport
    /// Limits and strategies.
    public let configuration: Configuration
    private let lists: ClickUpListCache

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - transport: The transport, usually with authorization, retry and rate-limit
    ///     middlewares in front of it.
    ///   - configuration: Limits and strategies.
    public init(transport: any HTTPTransport, configuration: Configuration = Configuration()) {
        self.transport = transport
        self.configuration = configuration
        self.lists = ClickUpListCache()
    }

    // MARK: - Tasks

    /// Creates a task in a list (`POST /api/v2/list/{listId}/task`), custom fields inline.
    ///
    /// When the body names a status, it is checked against the list's statuses first (see
    /// ``list(_:refresh:)``).
    ///
    /// - Returns: The created task.
    /// - Throws: ``ConnectorError``; `InputError` at `$.status` for a status the list lacks.
    public func createTask(inList listId: String, _ body: ClickUpTaskCreate) async throws -> ClickUpTask {
        if let status = body.status { try await checkStatus(status, inList: listId) }
        return try await send(try ClickUpRequests.createTask(listId: listId, body), decoding: ClickUpTask.self)
    }

    /// Reads a task (`GET /api/v2/task/{id}?include_markdown_description=true`).
    ///
    /// - Throws: ``ConnectorError`` (``ClickUpErrorCode/taskNotFound`` for an unknown task).
    public func task(_ id: ClickUpTaskID) async throws -> ClickUpTask {
        try await send(id.addressing(ClickUpRequests.readTask(id.reference)), decoding: ClickUpTask.self)
    }

    /// Changes a task (`PUT /api/v2/task/{id}`); send only the fields that change.
    ///
    /// A status name is checked against the statuses of `listId` (or, when `listId` is `nil`,
    /// of the task's list, read first) before the update is sent.
    ///
    /// - Returns: The task as ClickUp answers after the change.
    /// - Throws: ``ConnectorError``; `InputError` at `$.status` for a status the list lacks.
    public func updateTask(_ id: ClickUpTaskID, _ body: ClickUpTaskUpdate, inList listId: String? = nil) async throws
        -> ClickUpTask
    {
        if let status = body.status {
            let list: String
            if let listId {
                list = listId
            } else if let known = try await task(id).listId {
                list = known
            } else {
                throw InputError(path: JSONPath.root.appending(key: "listId"), reason: .missing)
            }
            try await checkStatus(status, inList: list)
        }
        return try await send(id.addressing(try ClickUpRequests.updateTask(id.reference, body)), decoding: ClickUpTask.self)
    }

    /// Moves a task to the destination's status name for a neutral status.
    ///
    /// - Throws: `InputError` at `$.statuses.<status>` when the destination maps no name, at
    ///   `$.status` when the list lacks it; ``ConnectorError``.
    public func moveTask(_ id: ClickUpTaskID, to status: WorkStatus, in destination: ClickUpDestination) async throws
        -> ClickUpTask
    {
        try await updateTask(id, try ClickUpPayloads.statusUpdate(status, in: destination), inList: destination.listId)
    }

    /// Reads one page of a list's tasks (`GET /api/v2/list/{listId}/task?page=…`, at most 100
    /// tasks; `page` starts at 0).
    public func taskPage(inList listId: String, page: Int, query: ClickUpTaskQuery = ClickUpTaskQuery()) async throws
        -> ClickUpTaskPage
    {
        try await send(ClickUpRequests.listTasks(listId: listId, page: page, query: query), decoding: ClickUpTaskPage.self)
    }

    /// The pages of a list's tasks, read one request at a time as the sequence is iterated.
    ///
    /// The sequence ends after the page ClickUp marks `last_page` (or a short page), or after
    /// `maxPages` pages; then the last element's `ClickUpTaskPage/isLastPage` says whether the
    /// list was read to its end.
    ///
    /// ```swift
    /// for try await page in client.taskPages(inList: "901", query: ClickUpTaskQuery(updatedAfter: lastPoll)) {
    ///     for task in page.tasks { reconcile(task) }
    /// }
    /// ```
    public func taskPages(inList listId: String, query: ClickUpTaskQuery = ClickUpTaskQuery(), maxPages: Int? = nil)
        -> ClickUpTaskPages
    {
        ClickUpTaskPages(client: self, listId: listId, query: query, maxPages: maxPages ?? configuration.maxPages)
    }

    /// Reads a list's tasks, page after page, up to `maxPages` pages (default
    /// ``Configuration/maxPages``).
    ///
    /// A task that moves between pages while they are read (ClickUp has no snapshot paging)
    /// is kept once.
    public func allTasks(inList listId: String, query: ClickUpTaskQuery = ClickUpTaskQuery(), maxPages: Int? = nil)
        async throws -> ClickUpTaskListing
    {
        var listing = ClickUpTaskListing(tasks: [], pagesRead: 0, isComplete: false)
        var seen: Set<String> = []
        for try await page in taskPages(inList: listId, query: query, maxPages: maxPages) {
            listing.pagesRead += 1
            for task in page.tasks where seen.insert(task.id).inserted { listing.tasks.append(task) }
            listing.isComplete = page.isLastPage
        }
        return listing
    }

    // MARK: - Custom fields and tags

    /// Sets a custom field (`POST /api/v2/task/{id}/field/{fieldId}` with `{"value": …}`).
    ///
    /// Update Task cannot set custom fields; this is the only way after creation. A drop-down
    /// takes an option id (`.text(uuid)`) or a zero-based index (`.number(0)`), never the label
    /// (`FIELD_011`). The request sets an absolute value, so it is marked idempotent and a retry
    /// middleware may resend it.
    ///
    /// - Throws: ``ConnectorError`` (``ClickUpErrorCode/invalidCustomFieldValue`` for a value of
    ///   the wrong shape).
    public func setCustomField(_ fieldId: String, of task: ClickUpTaskID, to value: ClickUpFieldInput) async throws {
        let planned = try ClickUpRequests.setCustomField(task.reference, fieldId: fieldId, ClickUpSetCustomFieldValue(value: value))
        _ = try await send(task.addressing(planned), isIdempotent: true)
    }

    /// Clears a custom field (`DELETE /api/v2/task/{id}/field/{fieldId}`).
    public func clearCustomField(_ fieldId: String, of task: ClickUpTaskID) async throws {
        _ = try await send(task.addressing(ClickUpRequests.clearCustomField(task.reference, fieldId: fieldId)))
    }

    /// Adds a tag (`POST /api/v2/task/{id}/tag/{tag}`); adding a tag twice changes nothing, so
    /// the request is marked idempotent.
    public func addTag(_ tag: String, to task: ClickUpTaskID) async throws {
        _ = try await send(task.addressing(ClickUpRequests.addTag(task.reference, tag: tag)), isIdempotent: true)
    }

    /// Removes a tag (`DELETE /api/v2/task/{id}/tag/{tag}`).
    public func removeTag(_ tag: String, from task: ClickUpTaskID) async throws {
        _ = try await send(task.addressing(ClickUpRequests.removeTag(task.reference, tag: tag)))
    }

    // MARK: - Comments

    /// Posts a comment (`POST /api/v2/task/{id}/comment` with `comment_text` and `notify_all`).
    ///
    /// - Returns: The new comment's id, history id and date.
    public func addComment(to task: ClickUpTaskID, _ body: ClickUpCommentCreate) async throws -> ClickUpCommentReceipt {
        try await send(task.addressing(try ClickUpRequests.addComment(task.reference, body)), decoding: ClickUpCommentReceipt.self)
    }

    /// Posts text as a comment, cleaned and defanged by `ClickUpPayloads.comment(_:notifyAll:)`
    /// (URLs and `@` names in partner text do not become links or mentions).
    public func addComment(to task: ClickUpTaskID, text: String, notifyAll: Bool = false) async throws
        -> ClickUpCommentReceipt
    {
        try await addComment(to: task, ClickUpPayloads.comment(text, notifyAll: notifyAll))
    }

    /// Reads one page of a task's comments, newest first: the 25 newest, or the 25 before
    /// `cursor` (`start` and `start_id` of the previous page's last comment).
    public func commentPage(on task: ClickUpTaskID, before cursor: ClickUpCommentCursor? = nil) async throws
        -> ClickUpCommentPage
    {
        let planned = ClickUpRequests.listComments(task.reference, before: cursor.map { ($0.date, $0.commentId) })
        return try await send(task.addressing(planned), decoding: ClickUpCommentPage.self)
    }

    /// The pages of a task's comments, newest first, read one request at a time; the sequence
    /// ends after a page with fewer than 25 comments or after `maxPages` pages.
    public func commentPages(on task: ClickUpTaskID, maxPages: Int? = nil) -> ClickUpCommentPages {
        ClickUpCommentPages(client: self, task: task, maxPages: maxPages ?? configuration.maxPages)
    }

    // MARK: - Attachments

    /// Uploads a community document as an attachment (`POST /api/v2/task/{id}/attachment`,
    /// `multipart/form-data`, one part named `attachment`).
    ///
    /// The document is fetched from `community` and read chunk by chunk into the body; the
    /// upload stops at ``Configuration/maxAttachmentBytes``; the bytes are checked against
    /// `sha256` when given; the boundary never occurs in the file; the file name is cleaned and
    /// escaped so it cannot inject header lines (see ``MultipartBoundaryGenerator``).
    ///
    /// - Parameters:
    ///   - task: The task.
    ///   - document: The community document.
    ///   - community: Where the bytes come from.
    ///   - fileName: The name to show; default the community's name, else the document id.
    ///   - mediaType: The media type; default the community's.
    ///   - sha256: The expected SHA-256 (64 hex digits), e.g. `Document/sha256`.
    /// - Returns: The attachment ClickUp created.
    /// - Throws: ``CommunityAdapterError`` (too large, digest mismatch, unreadable);
    ///   ``ConnectorError`` (``ClickUpErrorCode/storageLimitExceeded`` when the workspace is
    ///   full).
    public func uploadAttachment(
        to task: ClickUpTaskID, document: DocumentID, from community: any CommunityAdapter, fileName: String? = nil,
        mediaType: String? = nil, sha256: String? = nil
    ) async throws -> ClickUpAttachment {
        let content = try await community.fetchDocument(document)
        let link = DocumentLink(
            documentId: document, name: fileName ?? content.name ?? document.rawValue,
            mediaType: mediaType ?? content.mediaType, size: content.size)
        let planned = task.addressing(ClickUpRequests.uploadAttachment(task.reference, document: link))
        return try await upload(planned, content: content, values: [:], sha256: sha256)
    }

    /// Sends a planned upload with the multipart body assembled from `content`.
    func upload(_ planned: PlannedRequest, content: DocumentContent, values: [String: String], sha256: String?)
        async throws -> ClickUpAttachment
    {
        guard case .multipart(let file)? = planned.body else {
            throw ConnectorError(
                code: .invalidRequest, connector: .clickUp, operation: planned.purpose.rawValue,
                message: "the planned upload has no multipart body")
        }
        let body: MultipartFormBody
        do {
            body = try await MultipartFormBody.assemble(
                fieldName: file.fieldName, fileName: file.fileName, mediaType: file.mediaType, content: content,
                maxBytes: configuration.maxAttachmentBytes, sha256: sha256, boundaries: configuration.boundaries)
        } catch let error as MultipartFormBody.BoundaryError {
            throw ConnectorError(
                code: .invalidRequest, connector: .clickUp, operation: planned.purpose.rawValue,
                message: error.description)
        }
        var resolvedValues = values
        resolvedValues[PlannedRequest.Placeholder.multipartBoundary.name] = body.boundary
        let resolved = try planned.resolving(resolvedValues)
        return try await send(
            resolved, body: body.bytes, timeout: configuration.uploadTimeout ?? configuration.requestTimeout,
            decoding: ClickUpAttachment.self)
    }

    // MARK: - Lists and statuses

    /// Reads a list (`GET /api/v2/list/{listId}`) for its statuses, from the client's cache
    /// unless `refresh` is set.
    ///
    /// Status names are per list in ClickUp (a list may override its space's statuses), so
    /// writes that name a status are checked against the cached list; a name the cache lacks
    /// makes the client read the list again once before refusing it.
    public func list(_ listId: String, refresh: Bool = false) async throws -> ClickUpList {
        if !refresh, let cached = await lists.list(listId) { return cached }
        let list = try await send(ClickUpRequests.readList(listId: listId), decoding: ClickUpList.self)
        await lists.store(list, for: listId)
        return list
    }

    /// Forgets the cached statuses of a list (or of every list), e.g. after a webhook reported
    /// `listUpdated`.
    public func forgetCachedList(_ listId: String? = nil) async {
        await lists.forget(listId)
    }

    /// Refuses a status name the list does not have (compared ignoring case, as ClickUp shows
    /// names in lower case); reads the list again once before refusing.
    func checkStatus(_ name: String, inList listId: String) async throws {
        func has(_ list: ClickUpList) -> Bool { list.statuses.contains { $0.name.lowercased() == name.lowercased() } }
        if has(try await list(listId)) { return }
        let fresh = try await list(listId, refresh: true)
        guard has(fresh) else {
            throw InputError(
                path: JSONPath.root.appending(key: "status"), reason: .unknownValue(name, allowed: fresh.statusNames))
        }
    }

    // MARK: - Webhooks

    /// Registers a webhook (`POST /api/v2/team/{teamId}/webhook`).
    ///
    /// - Returns: The webhook's id and signing secret (as a ``Secret``).
    /// - Throws: ``ConnectorError`` with ``ClickUpErrorCode/webhookAlreadyExists``
    ///   (`OAUTH_171`) when the same endpoint, events and location are registered already;
    ///   `InputError` for an endpoint that is not `https`.
    public func createWebhook(inWorkspace teamId: String, _ body: ClickUpWebhookCreate) async throws
        -> ClickUpWebhookRegistration
    {
        let (request, response) = try await exchange(try ClickUpRequests.createWebhook(teamId: teamId, body))
        do {
            return try ClickUpWebhookRegistration(parsing: response.body, limits: configuration.responseLimits)
        } catch {
            throw invalidResponse(error, request: request, response: response)
        }
    }

    /// Changes a webhook (`PUT /api/v2/webhook/{id}`); send status `active` to reactivate a
    /// suspended one.
    public func updateWebhook(_ webhookId: String, _ body: ClickUpWebhookUpdate) async throws {
        _ = try await send(try ClickUpRequests.updateWebhook(webhookId: webhookId, body), isIdempotent: true)
    }

    /// Deletes a webhook (`DELETE /api/v2/webhook/{id}`).
    public func deleteWebhook(_ webhookId: String) async throws {
        _ = try await send(ClickUpRequests.deleteWebhook(webhookId: webhookId))
    }

    // MARK: - Sending

    /// Sends a resolved planned request and returns the 2xx response.
    @discardableResult
    func send(
        _ planned: PlannedRequest, body: [UInt8]? = nil, timeout: Duration? = nil, isIdempotent: Bool? = nil
    ) async throws -> ConnectorResponse {
        try await exchange(planned, body: body, timeout: timeout, isIdempotent: isIdempotent).response
    }

    /// Sends a resolved planned request and decodes the 2xx response as `T`.
    func send<T: Decodable>(
        _ planned: PlannedRequest, body: [UInt8]? = nil, timeout: Duration? = nil, isIdempotent: Bool? = nil,
        decoding type: T.Type
    ) async throws -> T {
        let (request, response) = try await exchange(planned, body: body, timeout: timeout, isIdempotent: isIdempotent)
        return try decode(type, response, request: request)
    }

    /// Decodes a 2xx answer; a body that does not decode is
    /// ``ConnectorError/Code/invalidResponse``.
    func decode<T: Decodable>(_ type: T.Type, _ response: ConnectorResponse, request: ConnectorRequest) throws(ConnectorError)
        -> T
    {
        do {
            return try StrictJSONDecoder(limits: configuration.responseLimits).decode(type, from: response.body)
        } catch {
            throw invalidResponse(error, request: request, response: response)
        }
    }

    private func exchange(
        _ planned: PlannedRequest, body: [UInt8]? = nil, timeout: Duration? = nil, isIdempotent: Bool? = nil
    ) async throws -> (request: ConnectorRequest, response: ConnectorResponse) {
        var request = try ConnectorRequest(planned, body: body, timeout: timeout ?? configuration.requestTimeout)
        if let isIdempotent { request.isIdempotent = isIdempotent }
        return (request, try await transport.sendExpectingSuccess(request, wallClock: configuration.wallClock))
    }

    private func invalidResponse(_ error: InputError, request: ConnectorRequest, response: ConnectorResponse)
        -> ConnectorError
    {
        ConnectorError(
            code: .invalidResponse, connector: request.connector, operation: request.operation, status: response.status,
            message: "the answer does not decode: \(error)", isAmbiguous: !request.isIdempotent, underlyingError: error)
    }
}

/// The tasks of a list, read by ``ClickUpClient/allTasks(inList:query:maxPages:)``.
public struct ClickUpTaskListing: Hashable, Sendable {
    /// The tasks, in the order ClickUp listed them, each once.
    public var tasks: [ClickUpTask]
    /// How many pages were read.
    public var pagesRead: Int
    /// Whether the last page was reached (`false` when the page limit stopped the reading).
    public var isComplete: Bool

    /// Creates a listing.
    public init(tasks: [ClickUpTask], pagesRead: Int, isComplete: Bool) {
        self.tasks = tasks
        self.pagesRead = pagesRead
        self.isComplete = isComplete
    }
}

/// The pages of a list's tasks (``ClickUpClient/taskPages(inList:query:maxPages:)``), each
/// read when the iteration reaches it.
public struct ClickUpTaskPages: AsyncSequence, Sendable {
    /// One page.
    public typealias Element = ClickUpTaskPage

    let client: ClickUpClient
    let listId: String
    let query: ClickUpTaskQuery
    let maxPages: Int

    /// Reads the pages in order.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let pages: ClickUpTaskPages
        var next = 0
        var finished = false

        /// The next page, or `nil` after the last page or the page limit.
        public mutating func next() async throws -> ClickUpTaskPage? {
            guard !finished, next < pages.maxPages else { return nil }
            let page = try await pages.client.taskPage(inList: pages.listId, page: next, query: pages.query)
            next += 1
            finished = page.isLastPage
            return page
        }
    }

    /// Starts reading at page 0.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: self)
    }
}

/// The pages of a task's comments, newest first (``ClickUpClient/commentPages(on:maxPages:)``),
/// each read when the iteration reaches it.
public struct ClickUpCommentPages: AsyncSequence, Sendable {
    /// One page.
    public typealias Element = ClickUpCommentPage

    let client: ClickUpClient
    let task: ClickUpTaskID
    let maxPages: Int

    /// Reads the pages in order, continuing from each page's last comment.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let pages: ClickUpCommentPages
        var cursor: ClickUpCommentCursor?
        var read = 0
        var finished = false

        /// The next page, or `nil` after a short page or the page limit.
        public mutating func next() async throws -> ClickUpCommentPage? {
            guard !finished, read < pages.maxPages else { return nil }
            let page = try await pages.client.commentPage(on: pages.task, before: cursor)
            read += 1
            cursor = page.nextCursor
            finished = cursor == nil
            return page
        }
    }

    /// Starts with the newest comments.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: self)
    }
}

/// The lists whose statuses a client has read.
actor ClickUpListCache {
    private var lists: [String: ClickUpList] = [:]

    func list(_ id: String) -> ClickUpList? { lists[id] }

    func store(_ list: ClickUpList, for id: String) { lists[id] = list }

    func forget(_ id: String?) {
        if let id { lists[id] = nil } else { lists.removeAll() }
    }
}
