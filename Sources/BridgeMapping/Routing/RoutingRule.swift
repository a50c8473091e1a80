public import BridgeModels
public import BridgeSLA

/// A priority adjustment: set a priority, raise it, or make sure it is at least a level.
///
/// JSON: `"urgent"` (set), `{"raise": 1}`, `{"atLeast": "high"}`.
public enum PriorityAdjustment: Hashable, Sendable, Codable {
    /// Use this priority.
    case set(Priority)
    /// Raise by this many levels (capped at `urgent`).
    case raise(Int)
    /// Raise to this priority if it is lower.
    case atLeast(Priority)

    /// The adjusted priority.
    public func applied(to priority: Priority) -> Priority {
        switch self {
        case .set(let value): return value
        case .raise(let steps): return priority.raised(by: steps)
        case .atLeast(let floor): return max(priority, floor)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case raise, atLeast }

    /// Decodes `"urgent"`, `{"raise": 1}` or `{"atLeast": "high"}` (exactly one member).
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            guard let priority = Priority(rawValue: text) else {
                throw InputError(path: decoder.jsonPath, reason: .unknownValue(text, allowed: Priority.allCases.map(\.rawValue)))
            }
            self = .set(priority)
            return
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if try c.has(.raise) && c.has(.atLeast) {
            throw InputError(path: c.path(.atLeast), reason: .inconsistent("give either raise or atLeast, not both"))
        }
        if try c.has(.raise) {
            let steps = try c.decode(Int.self, forKey: .raise)
            guard (1...3).contains(steps) else { throw InputError(path: c.path(.raise), reason: .outOfRange("1-3 levels")) }
            self = .raise(steps)
        } else if try c.has(.atLeast) {
            self = .atLeast(try c.decode(Priority.self, forKey: .atLeast))
        } else {
            throw InputError(path: decoder.jsonPath, reason: .missingOneOf(["raise", "atLeast"]))
        }
    }

    /// Encodes the adjustment in its JSON form.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .set(let priority):
            var c = encoder.singleValueContainer()
            try c.encode(priority)
        case .raise(let steps):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(steps, forKey: .raise)
        case .atLeast(let floor):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(floor, forKey: .atLeast)
        }
    }
}

/// A global priority rule: cases matching ``match`` get ``adjust`` applied. All matching rules
/// apply, in order, after the partner's own priority.
///
/// ```json
/// {"match": {"tiers": ["strategic"]}, "adjust": {"raise": 1}}
/// {"match": {"minimumValue": [{"value": "50000", "currency": "USD"}]}, "adjust": {"atLeast": "high"}}
/// ```
public struct PriorityRule: Hashable, Sendable, Codable {
    /// The cases the rule applies to.
    public var match: CaseConditions
    /// The adjustment.
    public var adjust: PriorityAdjustment

    /// Creates a rule.
    public init(match: CaseConditions, adjust: PriorityAdjustment) {
        self.match = match
        self.adjust = adjust
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case match, adjust }

    /// Decodes a rule; both members are required and no others are accepted.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        match = try c.required(CaseConditions.self, .match)
        adjust = try c.required(PriorityAdjustment.self, .adjust)
    }
}

/// What a piece of community work is, for routing: the event type and the facts rules match on.
public struct RoutingSubject: Hashable, Sendable {
    /// The event type that produced the work.
    public var eventType: CommunityEventType
    /// The partner (with its tier).
    public var partner: Partner
    /// The case facts (kind, priority, tier, departments, amount).
    public var profile: CaseProfile
    /// The document kind, for `document.uploaded`.
    public var documentKind: DocumentKind?
    /// The request kind, for `request.submitted`.
    public var requestKind: RequestKind?
    /// The action item owner hint, for `case.actionItemIdentified`.
    public var owner: String?

    /// Creates a subject.
    public init(
        eventType: CommunityEventType, partner: Partner, profile: CaseProfile, documentKind: DocumentKind? = nil,
        requestKind: RequestKind? = nil, owner: String? = nil
    ) {
        self.eventType = eventType
        self.partner = partner
        self.profile = profile
        self.documentKind = documentKind
        self.requestKind = requestKind
        self.owner = owner
    }
}

/// Where matching work goes: teams, the tracker, labels, priority, checklist.
///
/// ```json
/// {"teams": ["accounts-payable", "buying"], "tracker": "clickup", "labels": ["dispute"],
///  "priority": {"raise": 1}, "checklist": ["Pull the 810 and the receipt"], "perDepartment": false}
/// ```
/// `teams` gets one task per team. With `perDepartment: true`, a case that lists departments
/// gets one task per department, each routed to the team serving that department (a team's
/// `departments`), falling back on `teams` for a department no team serves. `tracker` overrides
/// each team's own default tracker.
public struct RouteTarget: Hashable, Sendable, Codable {
    /// The teams (names in the configuration), one task each.
    public var teams: [String]
    /// The tracker to use instead of each team's default.
    public var tracker: Tracker?
    /// Labels for the tasks.
    public var labels: [String]
    /// A priority adjustment applied after the global priority rules.
    public var priority: PriorityAdjustment?
    /// Checklist entries added to the case kind's standard checklist.
    public var checklist: [String]
    /// Whether multi-department cases get one task per department.
    public var perDepartment: Bool

    /// Creates a target.
    public init(
        teams: [String], tracker: Tracker? = nil, labels: [String] = [], priority: PriorityAdjustment? = nil,
        checklist: [String] = [], perDepartment: Bool = false
    ) {
        self.teams = teams
        self.tracker = tracker
        self.labels = labels
        self.priority = priority
        self.checklist = checklist
        self.perDepartment = perDepartment
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case teams, tracker, labels, priority, checklist, perDepartment }

    /// Decodes and validates a target (team names are checked by the configuration). A rule's
    /// conditions (`match`, `events`, …) are refused: a target alone, such as the configuration's
    /// `defaultRoute`, has none, and ignoring them would hide a mistake.
    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder, allowingRuleKeys: false)
    }

    /// Decodes a target, alongside a rule's own members when `allowingRuleKeys`.
    init(from decoder: any Decoder, allowingRuleKeys: Bool) throws {
        try decoder.rejectUnknownKeys(
            allowed: CodingKeys.allCases.map(\.stringValue) + (allowingRuleKeys ? RoutingRule.ruleOnlyKeys : []))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        teams = try c.list(.teams, limit: 20)
        if teams.isEmpty { throw InputError(path: c.path(.teams), reason: .empty) }
        for (index, team) in teams.enumerated() {
            _ = try TextRules.check(team, .token, limit: 64, path: c.path(.teams).appending(index: index))
        }
        tracker = try c.optional(Tracker.self, .tracker)
        labels = try c.list(.labels, limit: 25)
        for (index, label) in labels.enumerated() {
            _ = try TextRules.check(label, .line, limit: 100, path: c.path(.labels).appending(index: index))
        }
        priority = try c.optional(PriorityAdjustment.self, .priority)
        checklist = try c.list(.checklist, limit: 20)
        for (index, item) in checklist.enumerated() {
            _ = try TextRules.check(item, .line, limit: 255, path: c.path(.checklist).appending(index: index))
        }
        perDepartment = try c.optional(Bool.self, .perDepartment) ?? false
    }

    /// Encodes the target.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(teams, forKey: .teams)
        try c.encodeIfPresent(tracker, forKey: .tracker)
        try c.encodeUnlessEmpty(labels, forKey: .labels)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeUnlessEmpty(checklist, forKey: .checklist)
        if perDepartment { try c.encode(true, forKey: .perDepartment) }
    }

}

/// One routing rule: which work it takes and where it goes. Rules are ordered; the first that
/// matches wins; work no rule matches goes to the configuration's `defaultRoute`.
///
/// ```json
/// {"name": "strategic-disputes",
///  "events": ["case.opened"],
///  "match": {"kinds": ["dispute", "chargeback"], "tiers": ["strategic"],
///            "minimumValue": [{"value": "10000", "currency": "USD"}]},
///  "teams": ["deductions"], "tracker": "clickup", "labels": ["dispute"], "priority": {"raise": 1}}
/// ```
/// Every condition present must hold: `events` (event types), `match` (case kind, tier,
/// priority, department, transaction value — the same conditions as SLA policies),
/// `documentKinds` (for `document.uploaded`), `requestKinds` (for `request.submitted`),
/// `owners` (action item owner hints, compared without case), `partners` (partner ids).
public struct RoutingRule: Hashable, Sendable, Codable {
    /// The rule's name (a token), for logs and validation messages.
    public var name: String
    /// Accepted event types, or any.
    public var events: [CommunityEventType]?
    /// Case conditions.
    public var match: CaseConditions
    /// Accepted document kinds, or any.
    public var documentKinds: [DocumentKind]?
    /// Accepted request kinds, or any.
    public var requestKinds: [RequestKind]?
    /// Accepted action item owner hints (case-insensitive), or any.
    public var owners: [String]?
    /// Accepted partners, or any.
    public var partners: [PartnerID]?
    /// Where matching work goes.
    public var target: RouteTarget

    static let ruleOnlyKeys = ["name", "events", "match", "documentKinds", "requestKinds", "owners", "partners"]

    /// Creates a rule.
    public init(
        name: String, events: [CommunityEventType]? = nil, match: CaseConditions = .any, documentKinds: [DocumentKind]? = nil,
        requestKinds: [RequestKind]? = nil, owners: [String]? = nil, partners: [PartnerID]? = nil, target: RouteTarget
    ) {
        self.name = name
        self.events = events
        self.match = match
        self.documentKinds = documentKinds
        self.requestKinds = requestKinds
        self.owners = owners
        self.partners = partners
        self.target = target
    }

    /// Whether the rule takes this work.
    public func matches(_ subject: RoutingSubject) -> Bool {
        if let events, !events.contains(subject.eventType) { return false }
        if !match.matches(subject.profile) { return false }
        if let documentKinds {
            guard let kind = subject.documentKind, documentKinds.contains(kind) else { return false }
        }
        if let requestKinds {
            guard let kind = subject.requestKind, requestKinds.contains(kind) else { return false }
        }
        if let owners {
            guard let owner = subject.owner?.lowercased(), owners.contains(where: { $0.lowercased() == owner }) else { return false }
        }
        if let partners, !partners.contains(subject.partner.id) { return false }
        return true
    }

    enum CodingKeys: String, CodingKey { case name, events, match, documentKinds, requestKinds, owners, partners }

    /// Decodes and validates a rule (team names are checked by the configuration).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name, .token, limit: 64)
        events = try RoutingRule.optionalList(c, .events) { text, path in
            guard let type = CommunityEventType(rawValue: text) else {
                throw InputError(path: path, reason: .unknownValue(text, allowed: CommunityEventType.allCases.map(\.rawValue)))
            }
            return type
        }
        match = try c.optional(CaseConditions.self, .match) ?? .any
        documentKinds = try c.has(.documentKinds) ? try c.list(.documentKinds, limit: 50) : nil
        requestKinds = try c.has(.requestKinds) ? try c.list(.requestKinds, limit: 50) : nil
        owners = try RoutingRule.optionalList(c, .owners) { text, path in try TextRules.check(text, .line, limit: 200, path: path) }
        partners = try c.has(.partners) ? try c.list(.partners, limit: 10_000) : nil
        for (key, count) in [(CodingKeys.documentKinds, documentKinds?.count), (.requestKinds, requestKinds?.count), (.partners, partners?.count)] where count == 0 {
            throw InputError(path: c.path(key), reason: .empty)
        }
        target = try RouteTarget(from: decoder, allowingRuleKeys: true)
    }

    /// Encodes the rule with its target's members alongside.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(events?.map(\.rawValue), forKey: .events)
        if match != .any { try c.encode(match, forKey: .match) }
        try c.encodeIfPresent(documentKinds, forKey: .documentKinds)
        try c.encodeIfPresent(requestKinds, forKey: .requestKinds)
        try c.encodeIfPresent(owners, forKey: .owners)
        try c.encodeIfPresent(partners, forKey: .partners)
        try target.encode(to: encoder)
    }

    static func optionalList<T>(
        _ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, _ element: (String, JSONPath) throws -> T
    ) throws -> [T]? {
        guard try c.has(key) else { return nil }
        let texts: [String] = try c.list(key, limit: 100)
        if texts.isEmpty { throw InputError(path: c.path(key), reason: .empty) }
        return try texts.enumerated().map { index, text in try element(text, c.path(key).appending(index: index)) }
    }
}
