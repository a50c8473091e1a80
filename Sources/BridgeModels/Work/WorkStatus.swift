/// The tracker-neutral status of a piece of work.
///
/// Status maps translate each tracker's states into these (Planner: `percentComplete`, bucket
/// and applied categories; ClickUp: status name and type), and these into the
/// ``PartnerFacingStatus`` a partner sees. SLA policies pause clocks on some of them (by default
/// ``awaitingPartner`` and ``awaitingDocuments``: the partner owes us).
public enum WorkStatus: String, ClosedSetValue, Comparable, CustomStringConvertible {
    /// Created, nobody has started.
    case open
    /// Someone is working on it.
    case inProgress
    /// Being reviewed (documents, a claim, a request).
    case inReview
    /// Waiting for the partner to answer.
    case awaitingPartner
    /// Waiting for the partner to send documents.
    case awaitingDocuments
    /// Blocked internally.
    case blocked
    /// Escalated to a higher level.
    case escalated
    /// A request or document was approved.
    case approved
    /// A request or document was rejected.
    case rejected
    /// The issue is resolved.
    case resolved
    /// Closed after resolution.
    case closed
    /// Cancelled (the partner withdrew the case, or it was opened in error).
    case cancelled

    /// Whether the work is finished: approved, rejected, resolved, closed or cancelled.
    public var isDone: Bool {
        switch self {
        case .approved, .rejected, .resolved, .closed, .cancelled: return true
        default: return false
        }
    }

    /// Whether the partner owes the next step.
    public var isWaitingOnPartner: Bool { self == .awaitingPartner || self == .awaitingDocuments }

    /// Orders by declaration (workflow) order.
    public static func < (lhs: WorkStatus, rhs: WorkStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The raw value.
    public var description: String { rawValue }
}

/// The status a partner sees on their case thread. It never reveals internal detail: who works
/// on it, which team, which tracker.
public enum PartnerFacingStatus: String, ClosedSetValue, CustomStringConvertible {
    /// We have the case.
    case received
    /// We are reviewing it.
    case inReview
    /// We are working on it.
    case inProgress
    /// We need documents from the partner.
    case awaitingDocuments
    /// Progress is blocked (usually on the partner's side or a third party).
    case blocked
    /// The case was escalated.
    case escalated
    /// The request was approved.
    case approved
    /// The request was rejected.
    case rejected
    /// The issue is resolved.
    case resolved
    /// The case is closed.
    case closed

    /// The raw value.
    public var description: String { rawValue }
}

/// A work tracker the bridge writes to.
public enum Tracker: String, ClosedSetValue, CustomStringConvertible {
    /// Microsoft Planner through Microsoft Graph v1.0.
    case planner
    /// ClickUp API v2.
    case clickUp = "clickup"

    /// The raw value (`planner`, `clickup`).
    public var description: String { rawValue }
}
