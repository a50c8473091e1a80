public import BridgeModels

/// The facts about a case that SLA policies and escalation routing look at.
///
/// Build it from a case and its partner with ``init(case:partner:)``, or field by field when the
/// facts come from elsewhere (a case update, the host's own records). Update the profile when
/// the case changes (priority raised, amount corrected) and re-resolve the policy, as Zendesk and
/// Jira Service Management re-evaluate SLA policies on every update.
public struct CaseProfile: Hashable, Sendable {
    /// What kind of issue the case is.
    public var kind: CaseKind
    /// The case's current priority.
    public var priority: Priority
    /// The partner's tier, when known. A case without a tier never matches a tier condition.
    public var partnerTier: PartnerTier?
    /// The departments that must act. A case without departments never matches a department
    /// condition.
    public var departments: [Department]
    /// The transaction value at stake. A case without an amount never matches a value
    /// threshold.
    public var amount: Money?

    /// Creates a profile from its facts.
    public init(
        kind: CaseKind, priority: Priority = .normal, partnerTier: PartnerTier? = nil, departments: [Department] = [],
        amount: Money? = nil
    ) {
        self.kind = kind
        self.priority = priority
        self.partnerTier = partnerTier
        self.departments = departments
        self.amount = amount
    }

    /// The profile of a community case raised by `partner`.
    public init(case partnerCase: PartnerCase, partner: Partner) {
        self.init(
            kind: partnerCase.kind, priority: partnerCase.priority, partnerTier: partner.tier,
            departments: partnerCase.departments, amount: partnerCase.amount)
    }
}
