#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeMapping
public import BridgeModels
import BridgeSLA

extension BridgeEngine {
    // MARK: - ClickUp webhooks

    /// Applies a ClickUp webhook delivery that ``ClickUpWebhookReceiver`` verified and
    /// de-duplicated: each new history item that changes a task's status or adds a comment goes
    /// through ``apply(change:tracker:taskId:reference:)`` with the history item id as reference
    /// (so a redelivered item makes the same post id); other fields are internal.
    ///
    /// - Returns: One outcome per new history item, in order.
    /// - Throws: The store's errors, or the community's when a post cannot be published (nothing
    ///   is recorded then: answer ClickUp with a non-2xx, or keep the delivery and apply it again).
    public func receive(clickUpWebhook delivery: ClickUpWebhookDelivery) async throws -> [TrackerChangeOutcome] {
        var outcomes: [TrackerChangeOutcome] = []
        for item in delivery.newHistoryItems {
            guard let taskId = delivery.event.taskID else {
                outcomes.append(
                    TrackerChangeOutcome(tracker: .clickUp, taskId: "", ignoredBecause: "\(delivery.event.name) is not a task event"))
                continue
            }
            guard let change = TrackerChange(item) else {
                outcomes.append(
                    TrackerChangeOutcome(
                        tracker: .clickUp, taskId: taskId,
                        ignoredBecause: "\(TextSanitizer.quotedFragment(item.field, limit: 40)) changes are internal"))
                continue
            }
            outcomes.append(try await applyChange(change, tracker: .clickUp, taskId: taskId, reference: item.id, observedETag: nil))
        }
        return outcomes
    }

    // MARK: - Planner polling

    /// Polls every Planner plan the configuration names (Graph v1.0 has no Planner webhooks):
    /// lists its tasks, and for each bridge task whose ETag differs from the stored one applies
    /// its state (progress, bucket, labels) as a status change, with the ETag as reference.
    ///
    /// A plan whose tasks and ETags are all as at the last poll (a digest kept as the plan's
    /// ``PollCursor``) costs one listing and nothing more.
    ///
    /// - Parameter now: The time to stamp the poll cursors with; the wall clock's by default.
    /// - Returns: The plans polled and what every changed task did.
    /// - Throws: ``ConnectorError`` when a plan cannot be listed; the store's and the
    ///   community's errors (the cursor is not advanced then, so the next poll sees the change
    ///   again).
    @discardableResult
    public func pollPlanner(now: Date? = nil) async throws -> PlannerPollReport {
        let now = now ?? wallClock.now
        var report = PlannerPollReport(plans: [], unchangedPlans: [], tasksSeen: 0, changes: [])
        guard let planner else { return report }
        report.plans = Set(configuration.teams.values.compactMap { $0.planner?.planId }).sorted()
        for planId in report.plans {
            let tasks = try await planner.tasks(inPlan: planId)
            report.tasksSeen += tasks.count
            let digest = SHA256Hasher.hexDigest(
                tasks.map { "\($0.id) \($0.etag ?? "")" }.sorted().joined(separator: "\n"))
            let cursor = try await store.pollCursor(tracker: .planner, container: planId)
            if cursor?.value.position == digest {
                report.unchangedPlans.append(planId)
                continue
            }
            for task in tasks {
                guard let record = try await store.caseRecord(tracker: .planner, taskId: task.id),
                    let link = record.value.link(tracker: .planner, taskId: task.id), link.taskETag != task.etag
                else { continue }
                report.changes.append(
                    try await applyChange(
                        .status(TrackerStatusFacts(task)), tracker: .planner, taskId: task.id,
                        reference: task.etag ?? task.id, observedETag: task.etag))
            }
            do {
                try await store.savePollCursor(
                    PollCursor(tracker: .planner, container: planId, position: digest, updatedAt: now),
                    expecting: cursor?.version)
            } catch is StoreConflict {
                // Another poller saved the plan first; it saw the same tasks.
            }
        }
        return report
    }

    // MARK: - Applying a change

    /// Applies one change observed in a tracker to the case its task belongs to.
    ///
    /// `TrackerSync.interpret` maps the change with the task's stored sync state: a status
    /// through the status maps and the partner-facing map, a comment through the public-comment
    /// rule. A status change is posted as the status of the **case** over all its work tasks (one
    /// department's task resolved while another is open does not tell the partner "resolved").
    /// The post, if any, is published **before** the new state is stored, so a failure
    /// leaves everything as it was and applying the change again makes the same post (same id).
    /// Then the case's SLA clocks follow its status (over all its tasks): paused while waiting
    /// on the partner, resumed, stopped when done, cancelled when cancelled, a new cycle when a
    /// resolved case reopens; a partner post made by a person answers the first-response clock
    /// and starts the next partner-update cycle.
    ///
    /// Changes the engine made itself read back as the stored state and change nothing;
    /// internal escalation tasks and withdrawn cases are never reported to the partner.
    ///
    /// - Parameters:
    ///   - change: The status or comment observed.
    ///   - tracker: The tracker.
    ///   - taskId: The task.
    ///   - reference: What identifies the change in the tracker (a ClickUp history item id, a
    ///     Planner ETag); part of the post id.
    /// - Returns: What happened, with the reason when nothing was posted.
    /// - Throws: The store's errors; the community's when the post cannot be published.
    public func apply(change: TrackerChange, tracker: Tracker, taskId: String, reference: String) async throws
        -> TrackerChangeOutcome
    {
        try await applyChange(change, tracker: tracker, taskId: taskId, reference: reference, observedETag: nil)
    }

    func applyChange(
        _ change: TrackerChange, tracker: Tracker, taskId: String, reference: String, observedETag: String?
    ) async throws -> TrackerChangeOutcome {
        var outcome = TrackerChangeOutcome(tracker: tracker, taskId: taskId)
        guard let found = try await store.caseRecord(tracker: tracker, taskId: taskId),
            let link = found.value.link(tracker: tracker, taskId: taskId)
        else {
            outcome.ignoredBecause = "not a task the bridge created"
            return outcome
        }
        let record = found.value
        let partner = record.partnerId
        outcome.caseId = record.caseId
        guard let subject = try await subject(partner: partner, id: record.caseId)?.value,
            let task = subject.task(link.marker)
        else {
            outcome.ignoredBecause = "the bridge has no sync state for \(record.caseId)"
            return outcome
        }
        let now = wallClock.now
        guard task.isWork, !subject.isWithdrawn else {
            try await recordObserved(observedETag, of: link, in: record)
            outcome.ignoredBecause = task.isWork ? "the case was withdrawn" : "an internal escalation task"
            return outcome
        }
        let state = TaskSyncState(
            tracker: tracker, taskId: taskId, workStatus: link.lastSyncedStatus, postedStatus: record.partnerFacingStatus,
            handledCommentIDs: Set(task.handledCommentIds))
        let context = postContext(subject, threadId: record.threadId, team: task.team)
        var result = sync.interpret(change, state: state, context: context, reference: reference)
        if case .status = change, let newStatus = result.newWorkStatus {
            // The partner sees the case, not one of its tasks: on a case split across teams, one
            // task resolved while another is still open is not "resolved" to the partner. Post
            // the case-wide status, computed with this task's new status.
            var withThisTask = record
            if let index = withThisTask.links.firstIndex(where: { $0.tracker == tracker && $0.taskId == taskId }) {
                withThisTask.links[index].lastSyncedStatus = newStatus
            }
            let caseStatus = partnerCaseStatus(withThisTask, subject)
            let cause = PostCause(tracker: tracker, taskId: taskId, change: "status", reference: reference)
            result.post = sync.composer.statusPost(context, status: caseStatus, lastPosted: record.partnerFacingStatus, cause: cause)
            result.state.postedStatus = result.post?.status ?? record.partnerFacingStatus
            result.ignoredBecause = result.post == nil ? "the case as a whole still shows \(record.partnerFacingStatus.map(\.rawValue) ?? "nothing")" : nil
        }
        if let post = result.post { _ = try await community.publish(post) }

        // The post is out: now the state may be stored.
        let saved = try await store.updateCaseRecord(partner: partner, case: record.caseId) { current in
            guard let index = current?.links.firstIndex(where: { $0.tracker == tracker && $0.taskId == taskId }) else { return }
            current?.links[index].lastSyncedStatus = result.state.workStatus
            current?.links[index].lastSyncedAt = now
            if let observedETag { current?.links[index].taskETag = observedETag }
            if let post = result.post {
                if let posted = result.state.postedStatus { current?.partnerFacingStatus = posted }
                current?.lastPostId = post.id
            }
            current?.updatedAt = now
        }
        let status = aggregateStatus(saved?.value ?? record, subject)
        let answered = result.post != nil
        try await updateSubject(partner: partner, id: record.caseId) { current in
            guard var subject = current else { return }
            subject.updateTask(link.marker) { $0.handledCommentIds = result.state.handledCommentIDs.sorted() }
            if answered && subject.firstResponseAt == nil { subject.firstResponseAt = now }
            if status.isDone && !subject.status.isDone { subject.resolvedAt = now }
            if !status.isDone { subject.resolvedAt = nil }
            subject.status = status
            current = subject
        }
        if answered || result.newWorkStatus != nil {
            outcome.clockChanges = try await moveClocks(of: subject, to: status, partnerWasAnswered: answered, at: now)
        }
        outcome.newWorkStatus = result.newWorkStatus
        outcome.post = result.post
        outcome.ignoredBecause = result.ignoredBecause
        return outcome
    }

    /// Stores an ETag seen on a task whose changes are not reported, so polls stay quiet.
    private func recordObserved(_ etag: String?, of link: TrackerLink, in record: CaseRecord) async throws {
        guard let etag, etag != link.taskETag else { return }
        try await store.updateCaseRecord(partner: record.partnerId, case: record.caseId) { current in
            guard let index = current?.links.firstIndex(where: { $0.marker == link.marker }) else { return }
            current?.links[index].taskETag = etag
        }
    }

    /// The status of a subject over its work tasks: done when all are (cancelled when all were
    /// cancelled); waiting on the partner when every open task is in a pause status; otherwise
    /// the first open status that keeps the clocks running.
    func aggregateStatus(_ record: CaseRecord, _ subject: SyncSubject) -> WorkStatus {
        let statuses = workStatuses(record, subject)
        guard !statuses.isEmpty else { return subject.status }
        let open = statuses.filter { !$0.isDone }
        guard let firstOpen = open.first else { return doneStatus(statuses) }
        let pauseOn = subject.sla?.pauseOn ?? SLAPolicy.defaultPauseStatuses
        return open.first { !pauseOn.contains($0) } ?? firstOpen
    }

    /// The status the **partner** is told for a subject over its work tasks. Done only when all
    /// are (as ``aggregateStatus(_:_:)``). While any task is open: if one waits on the partner
    /// (documents first), that, because the partner has something to do even while another team
    /// works; otherwise the furthest open status in workflow order, so one team starting a review
    /// is news while another has not started. (The SLA clocks use ``aggregateStatus(_:_:)``
    /// instead: they pause only when *every* open task waits on the partner.)
    func partnerCaseStatus(_ record: CaseRecord, _ subject: SyncSubject) -> WorkStatus {
        let statuses = workStatuses(record, subject)
        guard !statuses.isEmpty else { return subject.status }
        let open = statuses.filter { !$0.isDone }
        guard let furthest = open.max() else { return doneStatus(statuses) }
        for waiting in [WorkStatus.awaitingDocuments, .awaitingPartner] where open.contains(waiting) { return waiting }
        return furthest
    }

    /// The last synced status of each of a subject's work tasks (not yet synced: open).
    private func workStatuses(_ record: CaseRecord, _ subject: SyncSubject) -> [WorkStatus] {
        let work = Set(subject.workTasks.map(\.marker))
        return record.links.filter { work.contains($0.marker) }.map { $0.lastSyncedStatus ?? .open }
    }

    /// The status of work that is all done: the furthest outcome, or cancelled when all were.
    private func doneStatus(_ statuses: [WorkStatus]) -> WorkStatus {
        statuses.filter { $0 != .cancelled }.max() ?? .cancelled
    }
}
