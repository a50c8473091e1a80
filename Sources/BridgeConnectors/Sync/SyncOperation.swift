public import BridgeModels

/// One step the sync engine writes ahead to the outbox before it touches a tracker or the
/// community: create a task, bring a task in line with its work item, set a task's status,
/// forward a partner message as a comment, publish a partner post.
///
/// Every step is idempotent, so running it again after a crash or a lost answer does no harm:
/// a task is created under its ``marker`` (looked up before creating again), an update sends
/// only what differs from what was last written, a post carries its deterministic id. Hosts see
/// these values when they list the outbox
/// (`store.outboxEntries(SyncOperation.self, states: [.failed])`) to find work that failed for
/// good; ``description`` says what the step is without any partner or secret text.
public struct SyncOperation: Hashable, Sendable, Codable, CustomStringConvertible {
    enum Action: Hashable, Sendable, Codable {
        /// Create the task of the subject's task entry with this marker.
        case createTask(IdempotencyMarker)
        /// Send what differs between the task as written and as intended.
        case syncTask(IdempotencyMarker)
        /// Move the task to a work status (the engine's own write, so it is not echoed back).
        case setStatus(IdempotencyMarker, WorkStatus)
        /// Add a partner message to a ClickUp task as a comment.
        case addComment(IdempotencyMarker, messageId: String, text: String)
        /// Publish a post to the partner.
        case publish(PartnerPost)
    }

    /// The case (or request, document, onboarding, requirement) the step belongs to.
    public var subjectId: CaseID
    var action: Action

    init(_ subjectId: CaseID, _ action: Action) {
        self.subjectId = subjectId
        self.action = action
    }

    /// The idempotency marker of the task the step concerns, if it concerns a task.
    public var marker: IdempotencyMarker? {
        switch action {
        case .createTask(let marker), .syncTask(let marker), .setStatus(let marker, _), .addComment(let marker, _, _):
            return marker
        case .publish:
            return nil
        }
    }

    /// `create task TG-ACME-C-1001`, `publish post-…` and the like: log-safe, without message
    /// or post text.
    public var description: String {
        switch action {
        case .createTask(let marker): return "create task \(marker)"
        case .syncTask(let marker): return "update task \(marker)"
        case .setStatus(let marker, let status): return "set task \(marker) to \(status)"
        case .addComment(let marker, let messageId, _):
            return "comment message \(TextSanitizer.quotedFragment(messageId, limit: 60)) on task \(marker)"
        case .publish(let post): return "publish \(post.kind) post \(post.id) on \(subjectId)"
        }
    }
}
