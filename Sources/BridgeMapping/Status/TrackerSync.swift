public import BridgeModels

/// What a tracker says about a task's state, before it is mapped to a `WorkStatus`.
public enum TrackerStatusFacts: Hashable, Sendable {
    /// Planner: progress, bucket and applied categories.
    case planner(percentComplete: Int, bucketId: String?, categories: Set<String>)
    /// ClickUp: the status name and its type (`open`, `custom`, `closed`, `done`).
    case clickUp(name: String, type: String)
}

/// One change observed in a tracker (from a poll or a webhook history item).
public enum TrackerChange: Hashable, Sendable {
    /// The task's state as observed now.
    case status(TrackerStatusFacts)
    /// A comment was posted on the task.
    case comment(id: String, text: String)
}

/// What the bridge last synced for one task (kept with the case ↔ task link in the store).
public struct TaskSyncState: Hashable, Sendable, Codable {
    /// The tracker.
    public var tracker: Tracker
    /// The task id.
    public var taskId: String
    /// The work status last seen or written.
    public var workStatus: WorkStatus?
    /// The partner-facing status last posted.
    public var postedStatus: PartnerFacingStatus?
    /// Comment ids already handled (the bridge's own comments are recorded here when it
    /// writes them, so they are never echoed back).
    public var handledCommentIDs: Set<String>

    /// Creates a state.
    public init(
        tracker: Tracker, taskId: String, workStatus: WorkStatus? = nil, postedStatus: PartnerFacingStatus? = nil,
        handledCommentIDs: Set<String> = []
    ) {
        self.tracker = tracker
        self.taskId = taskId
        self.workStatus = workStatus
        self.postedStatus = postedStatus
        self.handledCommentIDs = handledCommentIDs
    }
}

/// The result of interpreting a tracker change.
public struct SyncOutcome: Hashable, Sendable {
    /// The new work status, when the change moved the task to another one.
    public var newWorkStatus: WorkStatus?
    /// The post to publish to the partner, if the change is partner-visible.
    public var post: PartnerPost?
    /// The sync state to store (only after the post, if any, is published).
    public var state: TaskSyncState
    /// Why nothing happened, for logs (`nil` when something did).
    public var ignoredBecause: String?
}

/// Interprets tracker changes for the partner: tracker state → `WorkStatus` (status maps) →
/// `PartnerFacingStatus` → a `PartnerPost` through the templates; public comments → comment
/// posts. Pure: the engine stores ``SyncOutcome/state`` and publishes ``SyncOutcome/post``.
///
/// Loops cannot start: a status the bridge wrote itself reads back as the status already in the
/// sync state (no change), and comments the bridge wrote are in
/// ``TaskSyncState/handledCommentIDs``.
public struct TrackerSync: Hashable, Sendable {
    /// Planner state → work status.
    public var plannerStatus: PlannerStatusMap
    /// ClickUp status → work status.
    public var clickUpStatus: ClickUpStatusMap
    /// The partner post composer.
    public var composer: PartnerPostComposer

    /// Creates an interpreter.
    public init(plannerStatus: PlannerStatusMap = .standard, clickUpStatus: ClickUpStatusMap = .standard, composer: PartnerPostComposer = PartnerPostComposer()) {
        self.plannerStatus = plannerStatus
        self.clickUpStatus = clickUpStatus
        self.composer = composer
    }

    /// The interpreter a configuration describes.
    public init(configuration: BridgeConfiguration) {
        self.init(plannerStatus: configuration.plannerStatus, clickUpStatus: configuration.clickUpStatus, composer: configuration.postComposer)
    }

    /// The work status of the observed tracker state, or `nil` if the maps do not cover it.
    public func workStatus(_ facts: TrackerStatusFacts) -> WorkStatus? {
        switch facts {
        case .planner(let percent, let bucket, let categories):
            return plannerStatus.status(percentComplete: percent, bucketId: bucket, categories: categories)
        case .clickUp(let name, let type):
            return clickUpStatus.status(name: name, type: type)
        }
    }

    /// Interprets one change for the partner.
    ///
    /// - Parameters:
    ///   - change: What the tracker reports.
    ///   - state: What was last synced for the task.
    ///   - context: The partner-safe facts of the case.
    ///   - reference: What identifies this change in the tracker (a ClickUp history item id, a
    ///     Planner etag); part of the post id, so a redelivered change makes the same post.
    public func interpret(_ change: TrackerChange, state: TaskSyncState, context: PostContext, reference: String) -> SyncOutcome {
        var next = state
        switch change {
        case .status(let facts):
            guard let status = workStatus(facts) else {
                return SyncOutcome(state: state, ignoredBecause: "the status maps do not cover \(facts)")
            }
            guard status != state.workStatus else {
                return SyncOutcome(state: state, ignoredBecause: "status unchanged (\(status))")
            }
            next.workStatus = status
            let cause = PostCause(tracker: state.tracker, taskId: state.taskId, change: "status", reference: reference)
            let post = composer.statusPost(context, status: status, lastPosted: state.postedStatus, cause: cause)
            if let post { next.postedStatus = post.status }
            return SyncOutcome(
                newWorkStatus: status, post: post, state: next,
                ignoredBecause: post == nil ? "\(status) is not partner-visible or already shown" : nil)
        case .comment(let id, let text):
            guard !state.handledCommentIDs.contains(id) else {
                return SyncOutcome(state: state, ignoredBecause: "comment \(id) already handled")
            }
            next.handledCommentIDs.insert(id)
            let cause = PostCause(tracker: state.tracker, taskId: state.taskId, change: "comment", reference: id)
            let post = composer.commentPost(context, comment: text, cause: cause)
            return SyncOutcome(post: post, state: next, ignoredBecause: post == nil ? "comment \(id) is internal" : nil)
        }
    }
}

extension TrackerStatusFacts {
    /// The facts of a Planner task as polled: progress, bucket and applied categories.
    public init(_ task: PlannerTask) {
        self = .planner(percentComplete: task.percentComplete, bucketId: task.bucketId, categories: Set(task.appliedCategories.map(\.rawValue)))
    }

    /// The facts of a ClickUp task as polled, or `nil` when the task has no status.
    public init?(_ task: ClickUpTask) {
        guard let status = task.status else { return nil }
        self = .clickUp(name: status.name, type: status.type ?? "custom")
    }
}

extension TrackerChange {
    /// The partner-relevant change a ClickUp webhook history item carries: a status change (with
    /// the new status) or a comment; `nil` for everything else (assignees, custom fields, due
    /// dates, … are internal).
    public init?(_ item: ClickUpHistoryItem) {
        switch item.change {
        case .status(_, let to?):
            self = .status(.clickUp(name: to.name, type: to.type ?? "custom"))
        case .comment(let comment):
            self = .comment(id: comment.id ?? item.id, text: comment.text)
        default:
            return nil
        }
    }
}
