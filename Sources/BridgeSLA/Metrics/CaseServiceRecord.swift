#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// What service metrics need to know about one case: who raised it, what it is, when it was
/// opened, first answered and resolved, where its SLA clocks ended up, and its status now.
///
/// The engine keeps these in its store; a host can also build them from its own records.
public struct CaseServiceRecord: Hashable, Sendable {
    /// The case.
    public var caseId: CaseID
    /// The partner who raised it.
    public var partner: PartnerID
    /// The partner's tier, if known.
    public var partnerTier: PartnerTier?
    /// What kind of issue it is.
    public var kind: CaseKind
    /// Its priority.
    public var priority: Priority
    /// When it was opened (the community event's `occurredAt`).
    public var openedAt: Date
    /// When the partner first got a response, if yet.
    public var firstResponseAt: Date?
    /// When it was (last) resolved, if it is.
    public var resolvedAt: Date?
    /// Its work status now.
    public var status: WorkStatus
    /// The state of each of its SLA clocks (current cycle), from
    /// ``SLAClockStatus/state``.
    public var slaStates: [SLAMetric: SLAState]
    /// The name of the business calendar its SLA measures in; `nil` for 24/7.
    public var calendarName: String?

    /// Creates a record.
    public init(
        caseId: CaseID, partner: PartnerID, partnerTier: PartnerTier? = nil, kind: CaseKind, priority: Priority = .normal,
        openedAt: Date, firstResponseAt: Date? = nil, resolvedAt: Date? = nil, status: WorkStatus = .open,
        slaStates: [SLAMetric: SLAState] = [:], calendarName: String? = nil
    ) {
        self.caseId = caseId
        self.partner = partner
        self.partnerTier = partnerTier
        self.kind = kind
        self.priority = priority
        self.openedAt = openedAt
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
        self.status = status
        self.slaStates = slaStates
        self.calendarName = calendarName
    }

    /// Whether the case is still open: its status is not a finished one (see
    /// `WorkStatus.isDone`).
    public var isOpen: Bool { !status.isDone }

    /// Whether any of its SLA clocks is breached while the case is open.
    public var isOverdue: Bool { isOpen && slaStates.values.contains(.breached) }
}
