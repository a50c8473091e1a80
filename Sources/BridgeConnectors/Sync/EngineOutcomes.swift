#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeMapping
public import BridgeModels
public import BridgeSLA

/// One tracker task the engine created or changed, as an outcome reports it.
public struct TaskSummary: Hashable, Sendable {
    /// The task's idempotency marker.
    public var marker: IdempotencyMarker
    /// The team it is routed to.
    public var team: String
    /// Where it lives.
    public var destination: WorkDestination
    /// The task id in the tracker.
    public var taskId: String
    /// The task's priority.
    public var priority: Priority
    /// When it is due, if it has a due date.
    public var dueAt: Date?
    /// Whether it is an internal escalation task (never reported to the partner).
    public var isEscalation: Bool

    /// The tracker.
    public var tracker: Tracker { destination.tracker }

    /// Creates a summary.
    public init(
        marker: IdempotencyMarker, team: String, destination: WorkDestination, taskId: String, priority: Priority,
        dueAt: Date?, isEscalation: Bool
    ) {
        self.marker = marker
        self.team = team
        self.destination = destination
        self.taskId = taskId
        self.priority = priority
        self.dueAt = dueAt
        self.isEscalation = isEscalation
    }
}

/// What running one outbox operation did.
public struct OperationResult: Hashable, Sendable {
    /// What the operation achieved.
    public enum Effect: Hashable, Sendable {
        /// A task was created (`foundExisting`: an earlier attempt had created it, found by its
        /// marker).
        case taskCreated(TaskSummary, foundExisting: Bool)
        /// A task was brought in line with its work item; `requests` is how many changes were sent.
        case taskUpdated(TaskSummary, requests: Int)
        /// A task was moved to a work status.
        case statusSet(TaskSummary, WorkStatus)
        /// A partner message was added to a ClickUp task as the comment `commentId`.
        case commentAdded(TaskSummary, commentId: String)
        /// A post was published (or the community had it already).
        case published(PartnerPost, PublishOutcome)
        /// Nothing needed doing (the reason says why).
        case nothingToDo(String)
    }

    /// Where the operation stands now.
    public enum State: Hashable, Sendable {
        /// Done.
        case done(Effect)
        /// Failed; tried again from `retryAt`.
        case retryScheduled(retryAt: Date, reason: String)
        /// Failed for good; it waits in the outbox history (state `failed`).
        case failed(reason: String)
        /// Another engine instance took the operation over (this one's lease had expired).
        case leaseLost
    }

    /// The partner whose outbox held it.
    public var partnerId: PartnerID
    /// Its position in the partner's outbox.
    public var sequence: UInt64
    /// The operation.
    public var operation: SyncOperation
    /// Which attempt this was, from 1.
    public var attempt: Int
    /// The outcome.
    public var state: State
}

/// What ``BridgeEngine/handle(_:)`` did with one community event.
public struct EventOutcome: Hashable, Sendable {
    /// How the event was taken.
    public enum Disposition: Hashable, Sendable {
        /// Its work was planned (and, as far as the trackers allowed, done).
        case handled
        /// The event id was handled before: nothing was done.
        case duplicate
        /// The event (or the bytes) could not be used and were kept as a dead letter.
        case deadLettered(id: StoreKey, reason: String)
    }

    /// The event's id (`nil` for bytes that did not decode).
    public var eventId: EventID?
    /// The event's partner (`nil` for bytes that did not decode).
    public var partnerId: PartnerID?
    /// How the event was taken.
    public var disposition: Disposition
    /// The SLA clocks started for it.
    public var startedClocks: [SLAClockID]
    /// The outbox operations run while handling it (the event's own and any other of the
    /// partner that were due), in order.
    public var operations: [OperationResult]

    /// The tasks created.
    public var createdTasks: [TaskSummary] {
        operations.compactMap { result in
            if case .done(.taskCreated(let task, _)) = result.state { return task }
            return nil
        }
    }

    /// The posts published.
    public var publishedPosts: [PartnerPost] {
        operations.compactMap { result in
            if case .done(.published(let post, _)) = result.state { return post }
            return nil
        }
    }

    /// Operations that are waiting for a retry or failed for good.
    public var unfinishedOperations: [OperationResult] {
        operations.filter { result in
            if case .done = result.state { return false }
            return true
        }
    }
}

/// What one tracker change did: the post it made, or why it made none.
public struct TrackerChangeOutcome: Hashable, Sendable {
    /// The tracker.
    public var tracker: Tracker
    /// The task.
    public var taskId: String
    /// The case the task belongs to, when it is a bridge task.
    public var caseId: CaseID?
    /// The work status the task moved to, if it moved.
    public var newWorkStatus: WorkStatus?
    /// The post published to the partner, if any.
    public var post: PartnerPost?
    /// What the SLA clocks of the case did.
    public var clockChanges: [SLAClockID: SLAClockChange]
    /// Why nothing was posted, for logs (`nil` when a post was made).
    public var ignoredBecause: String?

    /// Creates an outcome.
    public init(
        tracker: Tracker, taskId: String, caseId: CaseID? = nil, newWorkStatus: WorkStatus? = nil, post: PartnerPost? = nil,
        clockChanges: [SLAClockID: SLAClockChange] = [:], ignoredBecause: String? = nil
    ) {
        self.tracker = tracker
        self.taskId = taskId
        self.caseId = caseId
        self.newWorkStatus = newWorkStatus
        self.post = post
        self.clockChanges = clockChanges
        self.ignoredBecause = ignoredBecause
    }
}

/// What ``BridgeEngine/pollPlanner(now:)`` found.
public struct PlannerPollReport: Hashable, Sendable {
    /// The plans listed.
    public var plans: [String]
    /// The plans whose tasks had not changed since the last poll (skipped after one listing).
    public var unchangedPlans: [String]
    /// How many tasks were listed.
    public var tasksSeen: Int
    /// The bridge tasks whose ETag changed, with what each change did.
    public var changes: [TrackerChangeOutcome]
}

/// What one SLA due action made the engine do.
public struct PerformedDueAction: Hashable, Sendable {
    /// What the engine did.
    public enum Effect: Hashable, Sendable {
        /// The observer was told (warnings, breaches, notify, remind, route).
        case reported(EngineEvent)
        /// The priority of the case's tasks was raised (their updates are in the outbox).
        case priorityRaised(from: Priority, to: Priority)
        /// An escalation task was queued for creation under `marker`.
        case escalationTaskQueued(marker: IdempotencyMarker, team: String)
        /// A post to the partner was queued.
        case partnerNotified(PartnerPost)
        /// The step could not be carried out (also reported to the observer).
        case failed(String)
    }

    /// The partner of the case.
    public var partnerId: PartnerID
    /// The due action.
    public var action: SLADueAction
    /// What the engine did, one entry per effect (a task group queues several tasks).
    public var effects: [Effect]
}

/// What one ``BridgeEngine/tick(now:)`` did.
public struct TickReport: Hashable, Sendable {
    /// The instant evaluated up to.
    public var now: Date
    /// How many clocks were due.
    public var clocksDue: Int
    /// The due actions acted on, in order.
    public var actions: [PerformedDueAction]
    /// The outbox operations run (escalation tasks, priority raises, partner notices, and
    /// retries that had become due).
    public var operations: [OperationResult]
}
