#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels
public import BridgeSLA

/// Who an escalation step is for, resolved through the configuration's `roles`.
public enum EscalationResponder: Hashable, Sendable, CustomStringConvertible {
    /// A team (a role mapped to a team in `roles`, or a team named directly).
    case team(String)
    /// Whoever holds the case's tasks: the tracker user ids assigned to them.
    case assignees([String])
    /// The role names neither a team in `roles` nor a configured team.
    case unresolved(ResponderRole)

    /// `team logistics-leads`, `assignees 2201, 183`, `unresolved role manager`.
    public var description: String {
        switch self {
        case .team(let team): return "team \(team)"
        case .assignees(let ids): return ids.isEmpty ? "assignees (none assigned)" : "assignees \(ids.joined(separator: ", "))"
        case .unresolved(let role): return "unresolved role \(role)"
        }
    }
}

/// An SLA point the engine reached for one case: which clock, which due action and when.
public struct SLANotice: Hashable, Sendable {
    /// The due action's stable id (`C-1001/resolution#1:breach`); a notice may be repeated
    /// after a crash, never with another id.
    public var actionId: DueActionID
    /// The partner of the case.
    public var partnerId: PartnerID
    /// The case (or request, document, onboarding) the clock measures.
    public var caseId: CaseID
    /// The metric the clock measures.
    public var metric: SLAMetric
    /// The clock's cycle, from 1.
    public var cycle: Int
    /// When the point was reached.
    public var dueAt: Date

    /// Creates a notice.
    public init(actionId: DueActionID, partnerId: PartnerID, caseId: CaseID, metric: SLAMetric, cycle: Int, dueAt: Date) {
        self.actionId = actionId
        self.partnerId = partnerId
        self.caseId = caseId
        self.metric = metric
        self.cycle = cycle
        self.dueAt = dueAt
    }
}

/// Something the engine tells its host that no tracker or partner sees: SLA warnings and
/// breaches, escalation notifications, reminders and re-routing, operations that failed for
/// good, input it dead-lettered.
///
/// Events never carry secrets, partner message text or tracker comment text.
public enum EngineEvent: Hashable, Sendable {
    /// A clock reached a warning threshold.
    case slaWarning(SLANotice, threshold: WarningThreshold)
    /// A clock breached.
    case slaBreached(SLANotice)
    /// An escalation level asks to notify a responder.
    case notify(SLANotice, role: ResponderRole, responder: EscalationResponder)
    /// An escalation level's reminder is due (`skipped` earlier ones fell into the same tick).
    case remind(SLANotice, role: ResponderRole, responder: EscalationResponder, number: Int, skipped: Int)
    /// An escalation level routes the case to a responder.
    case route(SLANotice, role: ResponderRole, responder: EscalationResponder)
    /// An escalation step could not be carried out (a missing template, a tracker without a
    /// client); the reason is log-safe.
    case escalationFailed(SLANotice, reason: String)
    /// An outbox operation failed for good and waits in the outbox history for an operator.
    case operationFailed(partnerId: PartnerID, sequence: UInt64, operation: SyncOperation, reason: String)
    /// A document could not be attached to a new ClickUp task (missing, too large, or not
    /// matching its digest); the task was created without it.
    case attachmentFailed(partnerId: PartnerID, marker: IdempotencyMarker, reason: String)
    /// Input was dead-lettered (kept in the store with the reason).
    case deadLettered(id: StoreKey, reason: String)
    /// A tracker change could not be applied to SLA clocks (the reason is log-safe).
    case clockNotUpdated(partnerId: PartnerID, clockId: String, reason: String)
}

/// Receives the engine's internal notifications (``EngineEvent``): hand them to a pager, a chat
/// channel or a log.
///
/// ### Implementation requirements
///
/// Return quickly: the engine waits for ``observe(_:)`` before it goes on. The same event may
/// arrive twice after a crash (SLA notices keep their ``SLANotice/actionId``), so de-duplicate
/// by id where a repeat matters.
public protocol BridgeEngineObserver: Sendable {
    /// Handles one notification.
    func observe(_ event: EngineEvent) async
}

/// The default observer: ignores every notification.
public struct IgnoringEngineObserver: BridgeEngineObserver {
    /// Creates the observer.
    public init() {}

    /// Does nothing.
    public func observe(_ event: EngineEvent) async {}
}

/// An observer that keeps every notification in memory, in order: for tests, demos and
/// debugging.
public actor EngineEventRecorder: BridgeEngineObserver {
    /// Every notification received, oldest first.
    public private(set) var events: [EngineEvent] = []

    /// Creates an empty recorder.
    public init() {}

    /// Appends the notification.
    public func observe(_ event: EngineEvent) async {
        events.append(event)
    }

    /// Forgets the notifications received so far and returns them.
    public func drain() -> [EngineEvent] {
        defer { events = [] }
        return events
    }
}
