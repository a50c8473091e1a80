#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeMapping
import BridgeModels

/// A task that must exist before the operation can run (a comment on a task whose create is
/// still waiting for a retry); the operation is retried.
struct WaitingForTask: Error, CustomStringConvertible {
    var marker: IdempotencyMarker
    var description: String { "task \(marker) is not created yet" }
}

extension BridgeEngine {
    // MARK: - Running the outbox

    /// Runs every outbox operation that can run now, for every partner: retries whose time has
    /// come, and operations queued while ``Options/runsOutboxAfterEachEvent`` was off. A tick
    /// does this too.
    ///
    /// Each operation is claimed with a lease (``Options/leaseDuration``), so engines sharing
    /// the store never run one twice. A failure that may pass (a timeout, an ambiguous create, a
    /// 429 or 5xx, a community outage) is retried after ``Options/retryBackoff`` (or the
    /// service's `Retry-After`), up to ``Options/maxAttempts`` attempts; anything else fails for
    /// good, stays in the outbox history and is reported to the observer.
    ///
    /// - Parameter now: The current time; the wall clock's by default.
    /// - Returns: What each operation did, in order.
    /// - Throws: The store's errors.
    @discardableResult
    public func runOutbox(now: Date? = nil) async throws -> [OperationResult] {
        try await runOutbox(partner: nil, now: now ?? wallClock.now)
    }

    func runOutbox(partner: PartnerID?, now: Date) async throws -> [OperationResult] {
        var results: [OperationResult] = []
        for _ in 0..<options.operationsPerRun {
            guard
                let claimed = try await store.claimNextOperation(
                    SyncOperation.self, partner: partner, owner: instanceId, now: now, leaseDuration: options.leaseDuration)
            else { break }
            results.append(try await run(claimed, now: now))
        }
        return results
    }

    private func run(_ claimed: ClaimedOperation<SyncOperation>, now: Date) async throws -> OperationResult {
        let entry = claimed.entry
        var result = OperationResult(
            partnerId: entry.partnerId, sequence: entry.sequence, operation: entry.operation, attempt: entry.attempts,
            state: .leaseLost)
        do {
            // An earlier attempt that failed or never reported back may have done the work.
            let retried = entry.attempts > 1 || entry.lastError != nil
            let effect = try await execute(entry.operation, partner: entry.partnerId, retried: retried, now: now)
            try await store.completeOperation(claimed, at: now)
            result.state = .done(effect)
        } catch let error as StoreError where error.code == .leaseLost {
            result.state = .leaseLost
        } catch let error as StoreError where error.code != .invalidRecord {
            throw error  // the lease runs out and the operation is tried again
        } catch let error where error is CancellationError || error is StoreConflict {
            throw error
        } catch {
            let reason = Self.describe(error)
            let (retryable, serviceWait) = Self.classify(error)
            var retryAt: Date?
            if retryable && entry.attempts < options.maxAttempts {
                let wait = max(options.retryBackoff.baseDelay(beforeRetry: entry.attempts), serviceWait ?? .zero)
                retryAt = Self.instant(now, plus: wait)
            }
            do {
                try await store.failOperation(claimed, reason: reason, at: now, retryAt: retryAt)
            } catch let error as StoreError where error.code == .leaseLost {
                return result
            }
            if let retryAt {
                result.state = .retryScheduled(retryAt: retryAt, reason: reason)
            } else {
                result.state = .failed(reason: reason)
                await observer.observe(
                    .operationFailed(
                        partnerId: entry.partnerId, sequence: entry.sequence, operation: entry.operation, reason: reason))
            }
        }
        return result
    }

    /// Whether a failure may pass if the operation is tried again, and how long the service
    /// asked to wait.
    static func classify(_ error: any Error) -> (retryable: Bool, wait: Duration?) {
        switch error {
        case let error as ConnectorError:
            if error.isAmbiguous { return (true, error.retryAfter) }
            if let status = error.status {
                let passing = status.code >= 500 || [401, 408, 409, 412, 423, 425, 429].contains(status.code)
                return (passing, error.retryAfter)
            }
            return (error.code != .invalidRequest, error.retryAfter)
        case let error as CommunityAdapterError:
            return (error.code == .unavailable || error.code == .io, nil)
        case is InputError, is EngineRejection, is StoreError:
            return (false, nil)  // a store error here is a record that does not decode
        default:
            return (true, nil)
        }
    }

    // MARK: - Operations

    private func execute(_ operation: SyncOperation, partner: PartnerID, retried: Bool, now: Date) async throws
        -> OperationResult.Effect
    {
        let subjectId = operation.subjectId
        if case .publish(let post) = operation.action {
            return try await publish(post, partner: partner, subjectId: subjectId, now: now)
        }
        guard let marker = operation.marker,
            let subject = try await subject(partner: partner, id: subjectId)?.value,
            let task = subject.task(marker)
        else { return .nothingToDo("the case has no task \(operation.marker?.rawValue ?? "")") }
        let link = try await store.caseRecord(partner: partner, case: subjectId)?.value.link(marker: marker)
        switch operation.action {
        case .createTask:
            if let link { return .nothingToDo("task \(marker) exists already (\(link.taskId))") }
            if subject.isWithdrawn { return .nothingToDo("the case was withdrawn before task \(marker) was created") }
            return try await create(task, subject: subject, lookUpFirst: retried, now: now)
        case .syncTask:
            guard let link, let written = task.written else {
                return .nothingToDo("task \(marker) is not created yet; its create sends the latest work item")
            }
            guard task.item != written else { return .nothingToDo("task \(marker) is up to date") }
            return try await update(task, from: written, link: link, subject: subject, now: now)
        case .setStatus(_, let status):
            guard let link else { return .nothingToDo("task \(marker) was never created") }
            return try await setStatus(status, of: task, link: link, subject: subject, now: now)
        case .addComment(_, let messageId, let text):
            if task.forwardedMessages.contains(messageId) { return .nothingToDo("message \(messageId) was forwarded already") }
            guard let link else {
                if subject.isWithdrawn { return .nothingToDo("the case was withdrawn") }
                throw WaitingForTask(marker: marker)
            }
            return try await comment(text, messageId: messageId, on: task, link: link, subject: subject, retried: retried)
        case .publish:
            return .nothingToDo("")  // handled above
        }
    }

    private func summary(_ task: SyncTask, taskId: String, item: WorkItem? = nil) -> TaskSummary {
        let item = item ?? task.item
        return TaskSummary(
            marker: task.marker, team: task.team, destination: item.destination, taskId: taskId, priority: item.priority,
            dueAt: item.dueAt, isEscalation: !task.isWork)
    }

    /// The team's destination in the task's tracker and the client for it.
    private func plannerSettings(_ task: SyncTask) throws -> (PlannerClient, PlannerDestination) {
        guard let planner, let settings = configuration.teams[task.team]?.planner else {
            throw EngineRejection(.root, "team \(task.team) has no planner destination or the engine no planner client")
        }
        return (planner, settings)
    }

    private func clickUpSettings(_ task: SyncTask) throws -> (ClickUpClient, ClickUpDestination) {
        guard let clickUp, let settings = configuration.teams[task.team]?.clickUp else {
            throw EngineRejection(.root, "team \(task.team) has no clickup destination or the engine no clickup client")
        }
        return (clickUp, settings)
    }

    /// Creates a task (looking its marker up first when an earlier attempt may have created
    /// it), then saves the link and what was written.
    private func create(_ task: SyncTask, subject: SyncSubject, lookUpFirst: Bool, now: Date) async throws
        -> OperationResult.Effect
    {
        let item = task.item
        var link: TrackerLink
        let foundExisting: Bool
        switch item.destination {
        case .planner:
            let (planner, settings) = try plannerSettings(task)
            let created = try await planner.createWork(item, in: settings, lookUpMarkerFirst: lookUpFirst)
            link = created.link(for: item)
            link.lastSyncedStatus = readBackStatus(TrackerStatusFacts(created.task)) ?? .open
            foundExisting = created.wasFoundByMarker
        case .clickUp:
            let (clickUp, settings) = try clickUpSettings(task)
            let created: ClickUpCreatedWork
            do {
                created = try await clickUp.createWork(
                    item, in: settings, community: community, documentDigests: documentDigests(subject.origin),
                    lookUpExistingFirst: lookUpFirst)
            } catch let error as CommunityAdapterError where !Self.classify(error).retryable {
                // A document that can never be attached (gone, too large, not what the community
                // said) must not keep the task from existing: create or find it without documents.
                await observer.observe(
                    .attachmentFailed(partnerId: subject.partner.id, marker: item.marker, reason: error.description))
                var bare = item
                bare.documents = []
                created = try await clickUp.createWork(bare, in: settings, community: community, lookUpExistingFirst: true)
            }
            link = TrackerLink(destination: item.destination, taskId: created.taskId, marker: item.marker)
            let openName = settings.statusName(for: .open)
            link.lastSyncedStatus = openName.flatMap { readBackStatus(.clickUp(name: $0, type: "open")) } ?? .open
            foundExisting = created.foundExisting
        }
        link.lastSyncedAt = now
        let partner = subject.partner.id
        try await store.updateCaseRecord(partner: partner, case: subject.subjectId) { current in
            var record =
                current ?? CaseRecord(partnerId: partner, caseId: subject.subjectId, threadId: subject.origin.threadId, createdAt: now)
            if record.link(marker: item.marker) == nil { record.links.append(link) }
            record.updatedAt = now
            current = record
        }
        let saved = try await updateSubject(partner: partner, id: subject.subjectId) { current in
            current?.updateTask(item.marker) { $0.written = item }
        }
        // The case changed while the task was being created: bring the task up to date.
        if let latest = saved?.value.task(item.marker), latest.item != item {
            try await store.appendOperation(
                SyncOperation(subject.subjectId, .syncTask(item.marker)), partner: partner, marker: item.marker, at: now)
        }
        return .taskCreated(summary(task, taskId: link.taskId, item: item), foundExisting: foundExisting)
    }

    /// The SHA-256 digests the community gave for the subject's documents.
    private func documentDigests(_ event: CommunityEvent) -> [DocumentID: String] {
        let documents: [Document]
        switch event.body {
        case .caseOpened(let partnerCase): documents = partnerCase.documents
        case .documentUploaded(let upload): documents = [upload.document]
        case .requestSubmitted(let request): documents = request.documents
        default: documents = []
        }
        var digests: [DocumentID: String] = [:]
        for document in documents { digests[document.id] = document.sha256 }
        return digests
    }

    /// Sends what differs between the task as written and as intended.
    private func update(_ task: SyncTask, from written: WorkItem, link: TrackerLink, subject: SyncSubject, now: Date)
        async throws -> OperationResult.Effect
    {
        let item = task.item
        let partner = subject.partner.id
        let requests: Int
        var drifted: PlannerTask?
        switch item.destination {
        case .planner:
            let (planner, settings) = try plannerSettings(task)
            let updated = try await planner.updateWork(
                from: written, to: item, in: settings, taskId: link.taskId, taskETag: link.taskETag)
            requests = updated.plannedRequests
            // A PATCH that met a person's change merged it; if that moved the task's status,
            // the change is applied below like a polled one (with the new ETag).
            if let fresh = updated.task, readBackStatus(TrackerStatusFacts(fresh)) != link.lastSyncedStatus {
                drifted = fresh
            }
            try await store.updateCaseRecord(partner: partner, case: subject.subjectId) { current in
                guard let index = current?.links.firstIndex(where: { $0.marker == item.marker }) else { return }
                if drifted == nil, let etag = updated.taskETag { current?.links[index].taskETag = etag }
                if let etag = updated.detailsETag { current?.links[index].detailsETag = etag }
            }
        case .clickUp:
            let (clickUp, settings) = try clickUpSettings(task)
            let updated = try await clickUp.updateWork(
                from: written, to: item, in: settings, taskId: link.taskId, policy: options.remoteEditPolicy)
            requests = updated.sent.count
        }
        try await updateSubject(partner: partner, id: subject.subjectId) { current in
            current?.updateTask(item.marker) { $0.written = item }
        }
        if let drifted {
            _ = try await applyChange(
                .status(TrackerStatusFacts(drifted)), tracker: .planner, taskId: link.taskId,
                reference: drifted.etag ?? link.taskId, observedETag: drifted.etag)
        }
        return .taskUpdated(summary(task, taskId: link.taskId, item: item), requests: requests)
    }

    /// Moves a task to a work status (cancelling a withdrawn case's tasks). The link records the
    /// status the tracker reads back, so the engine's own write is not echoed to the partner.
    private func setStatus(_ status: WorkStatus, of task: SyncTask, link: TrackerLink, subject: SyncSubject, now: Date)
        async throws -> OperationResult.Effect
    {
        var readBack: WorkStatus?
        var etag: String?
        switch task.tracker {
        case .planner:
            let (planner, _) = try plannerSettings(task)
            var current = link.taskETag
            if current == nil { current = try await planner.task(id: link.taskId).etag }
            guard let current else { throw EngineRejection(.root, "planner task \(link.taskId) has no ETag") }
            let written = try await planner.updateTask(
                id: link.taskId, PlannerTaskUpdate(percentComplete: status.isDone ? 100 : 0), etag: current)
            readBack = readBackStatus(TrackerStatusFacts(written))
            etag = written.etag
        case .clickUp:
            let (clickUp, settings) = try clickUpSettings(task)
            var name = settings.statusName(for: status)
            if name == nil && status == .cancelled { name = settings.statusName(for: .closed) }
            if name == nil && status.isDone {
                name = try await clickUp.list(settings.listId).statuses.first(where: \.isClosed)?.name
            }
            guard let name else {
                throw EngineRejection(.root, "list \(settings.listId) has no status for \(status) and no closed status")
            }
            let written = try await clickUp.updateTask(
                ClickUpTaskID(link.taskId), ClickUpTaskUpdate(status: name), inList: settings.listId)
            readBack = TrackerStatusFacts(written).flatMap(readBackStatus)
        }
        try await store.updateCaseRecord(partner: subject.partner.id, case: subject.subjectId) { current in
            guard let index = current?.links.firstIndex(where: { $0.marker == task.marker }) else { return }
            current?.links[index].lastSyncedStatus = readBack ?? status
            current?.links[index].lastSyncedAt = now
            if let etag { current?.links[index].taskETag = etag }
        }
        return .statusSet(summary(task, taskId: link.taskId), status)
    }

    /// Adds a partner message to a ClickUp task as a comment, and records the comment's id so
    /// its webhook is never echoed back to the partner.
    private func comment(
        _ text: String, messageId: String, on task: SyncTask, link: TrackerLink, subject: SyncSubject, retried: Bool
    ) async throws -> OperationResult.Effect {
        let (clickUp, _) = try clickUpSettings(task)
        let body = ClickUpPayloads.comment(text)
        let taskId = ClickUpTaskID(link.taskId)
        var commentId: String?
        if retried {
            // The earlier attempt may have posted it: the newest comments show.
            commentId = try await clickUp.commentPage(on: taskId).comments.first { $0.text == body.commentText }?.id
        }
        if commentId == nil { commentId = try await clickUp.addComment(to: taskId, body).id }
        let id = commentId ?? ""
        try await updateSubject(partner: subject.partner.id, id: subject.subjectId) { current in
            current?.updateTask(task.marker) { task in
                if !task.handledCommentIds.contains(id) { task.handledCommentIds.append(id) }
                if !task.forwardedMessages.contains(messageId) { task.forwardedMessages.append(messageId) }
            }
        }
        return .commentAdded(summary(task, taskId: link.taskId), commentId: id)
    }

    /// Publishes a post and records it on the case.
    private func publish(_ post: PartnerPost, partner: PartnerID, subjectId: CaseID, now: Date) async throws
        -> OperationResult.Effect
    {
        let outcome = try await community.publish(post)
        try await store.updateCaseRecord(partner: partner, case: subjectId) { current in
            guard current != nil else { return }
            current?.lastPostId = post.id
            current?.updatedAt = now
            // "received" never replaces what the partner was told since.
            if let status = post.status, status != .received || current?.partnerFacingStatus == nil {
                current?.partnerFacingStatus = status
            }
        }
        return .published(post, outcome)
    }
}
