public import BridgeModels

/// A team or role that escalations route work to, notify or remind: `assignee`, `manager`,
/// `finance-leads`, … The mapping layer turns it into tracker assignees or buckets.
public struct ResponderRole: OpenSetValue {
    /// The role's token.
    public let rawValue: String
    /// Creates a role from its token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Whoever the work is assigned to.
    public static let assignee: ResponderRole = "assignee"
    /// The assignee's manager.
    public static let manager: ResponderRole = "manager"
}

/// When an escalation level fires, measured on the SLA clock's business time.
public enum EscalationTrigger: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// When the clock has used this percentage of its target (1–100; 100 is the breach).
    case percentOfTarget(Int)
    /// This many business minutes after the breach (0 is the breach itself).
    case minutesAfterBreach(Int)

    /// The elapsed business time, in milliseconds, at which the level fires on a clock with
    /// `target` milliseconds. Percentages round up to the next millisecond.
    func elapsedPoint(target: Int64) -> Int64 {
        switch self {
        case .percentOfTarget(let percent): return max(1, ceilingDivide(target * Int64(min(max(percent, 1), 100)), 100))
        case .minutesAfterBreach(let minutes): return target + Millis.minutes(minutes)
        }
    }

    /// Orders by the point on the clock: percentages, then minutes after the breach.
    public static func < (lhs: EscalationTrigger, rhs: EscalationTrigger) -> Bool {
        lhs.orderKey < rhs.orderKey
    }

    private var orderKey: (Int, Int) {
        switch self {
        case .percentOfTarget(let percent): return percent >= 100 ? (1, 0) : (0, percent)
        case .minutesAfterBreach(let minutes): return (1, minutes)
        }
    }

    /// `75%` or `breach+60m`.
    public var description: String {
        switch self {
        case .percentOfTarget(let percent): return "\(percent)%"
        case .minutesAfterBreach(let minutes): return "breach+\(minutes)m"
        }
    }
}

/// Picks the responder for a case: the first rule whose conditions accept it, else the
/// fallback.
///
/// ```json
/// {"type": "route",
///  "rules": [{"match": {"tiers": ["strategic"], "minimumValue": [{"value": "10000", "currency": "USD"}]},
///             "to": "key-account-desk"},
///            {"match": {"kinds": ["missingASN", "shipmentDiscrepancy"]}, "to": "logistics-leads"}],
///  "fallback": "service-leads"}
/// ```
public struct EscalationRouting: Hashable, Sendable {
    /// One routing rule.
    public struct Rule: Hashable, Sendable, Codable {
        /// Which cases the rule accepts (see ``CaseConditions``).
        public var conditions: CaseConditions
        /// Where they go.
        public var responder: ResponderRole

        /// Creates a rule.
        public init(_ conditions: CaseConditions, to responder: ResponderRole) {
            self.conditions = conditions
            self.responder = responder
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case match, to }

        /// Decodes and validates a rule.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            conditions = try c.optional(CaseConditions.self, .match) ?? .any
            responder = try c.required(ResponderRole.self, .to)
        }

        /// Encodes the rule.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(conditions, forKey: .match)
            try c.encode(responder, forKey: .to)
        }
    }

    /// The rules, first match wins.
    public var rules: [Rule]
    /// The responder when no rule matches; with none, the route action is skipped.
    public var fallback: ResponderRole?

    /// Creates routing.
    public init(rules: [Rule], fallback: ResponderRole? = nil) {
        self.rules = rules
        self.fallback = fallback
    }

    /// The responder for a case, or `nil` when no rule matches and there is no fallback.
    public func responder(for profile: CaseProfile) -> ResponderRole? {
        rules.first { $0.conditions.matches(profile) }?.responder ?? fallback
    }
}

/// What an escalation level does when it fires.
public enum EscalationAction: Hashable, Sendable, Codable {
    /// Route the work to a responder chosen by case kind, partner tier, transaction value, ….
    case route(EscalationRouting)
    /// Raise the case's priority by this many levels, 1 to 3 (capped at `urgent`; a count
    /// below 1 raises nothing, one above 3 counts as 3).
    case raisePriority(steps: Int)
    /// Create one escalation task from a named task template.
    case createTask(template: String)
    /// Create a group of escalation tasks (one per template), e.g. one per department.
    case createTaskGroup(templates: [String])
    /// Notify a responder once.
    case notify(ResponderRole)
    /// Remind a responder every this many business minutes of the clock until the escalation
    /// is acknowledged (see ``SLAClock/acknowledge(at:)``).
    case remind(ResponderRole, everyMinutes: Int)
    /// Post an update to the partner from a named message template.
    case notifyPartner(template: String)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, rules, fallback, steps, template, templates, to, everyMinutes
    }

    private enum Kind: String, ClosedSetValue {
        case route, raisePriority, createTask, createTaskGroup, notify, remind, notifyPartner

        var members: Set<CodingKeys> {
            switch self {
            case .route: return [.type, .rules, .fallback]
            case .raisePriority: return [.type, .steps]
            case .createTask, .notifyPartner: return [.type, .template]
            case .createTaskGroup: return [.type, .templates]
            case .notify: return [.type, .to]
            case .remind: return [.type, .to, .everyMinutes]
            }
        }
    }

    /// Decodes an action by its `type`.
    ///
    /// - Throws: `InputError`: an unknown type, a member that does not belong to the type, a
    ///   missing or out-of-range value.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.required(Kind.self, .type)
        let any = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in any.allKeys {
            if let member = CodingKeys(stringValue: key.stringValue), !kind.members.contains(member) {
                throw InputError(
                    path: c.path(member), reason: .inconsistent("\"\(member.rawValue)\" does not apply to a \(kind.rawValue) action"))
            }
        }
        switch kind {
        case .route:
            let rules: [EscalationRouting.Rule] = try c.list(.rules, limit: SLALimits.listItems)
            let fallback = try c.optional(ResponderRole.self, .fallback)
            if rules.isEmpty && fallback == nil { throw InputError(path: c.path(.rules), reason: .missingOneOf(["rules", "fallback"])) }
            self = .route(EscalationRouting(rules: rules, fallback: fallback))
        case .raisePriority:
            self = .raisePriority(steps: try c.optionalInteger(.steps, in: 1...3) ?? 1)
        case .createTask:
            self = .createTask(template: try c.name(.template))
        case .createTaskGroup:
            let templates = try c.distinctList(.templates, limit: SLALimits.listItems) as [String]? ?? []
            for (index, template) in templates.enumerated() {
                _ = try TextRules.check(template, .token, limit: SLALimits.name, path: c.path(.templates).appending(index: index))
            }
            if templates.isEmpty { throw InputError(path: c.path(.templates), reason: .missing) }
            self = .createTaskGroup(templates: templates)
        case .notify:
            self = .notify(try c.required(ResponderRole.self, .to))
        case .remind:
            self = .remind(
                try c.required(ResponderRole.self, .to),
                everyMinutes: try c.integer(.everyMinutes, in: 1...SLALimits.maximumMinutes))
        case .notifyPartner:
            self = .notifyPartner(template: try c.name(.template))
        }
    }

    /// Encodes the action with its `type`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .route(let routing):
            try c.encode(Kind.route, forKey: .type)
            try c.encode(routing.rules, forKey: .rules)
            try c.encodeIfPresent(routing.fallback, forKey: .fallback)
        case .raisePriority(let steps):
            try c.encode(Kind.raisePriority, forKey: .type)
            try c.encode(steps, forKey: .steps)
        case .createTask(let template):
            try c.encode(Kind.createTask, forKey: .type)
            try c.encode(template, forKey: .template)
        case .createTaskGroup(let templates):
            try c.encode(Kind.createTaskGroup, forKey: .type)
            try c.encode(templates, forKey: .templates)
        case .notify(let responder):
            try c.encode(Kind.notify, forKey: .type)
            try c.encode(responder, forKey: .to)
        case .remind(let responder, let minutes):
            try c.encode(Kind.remind, forKey: .type)
            try c.encode(responder, forKey: .to)
            try c.encode(minutes, forKey: .everyMinutes)
        case .notifyPartner(let template):
            try c.encode(Kind.notifyPartner, forKey: .type)
            try c.encode(template, forKey: .template)
        }
    }
}

/// One rung of an escalation ladder: when it fires and what it does.
public struct EscalationLevel: Hashable, Sendable, Codable {
    /// When the level fires.
    public var trigger: EscalationTrigger
    /// What it does, in order.
    public var actions: [EscalationAction]

    /// Creates a level.
    public init(at trigger: EscalationTrigger, _ actions: [EscalationAction]) {
        self.trigger = trigger
        self.actions = actions
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case percentOfTarget, minutesAfterBreach, actions }

    /// Decodes a level: exactly one of `percentOfTarget` (1–100) and `minutesAfterBreach`
    /// (0 or more), and a non-empty `actions` list with at most one `remind`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let percent = try c.optionalInteger(.percentOfTarget, in: 1...100)
        let after = try c.optionalInteger(.minutesAfterBreach, in: 0...SLALimits.maximumMinutes)
        switch (percent, after) {
        case (let percent?, nil): trigger = .percentOfTarget(percent)
        case (nil, let after?): trigger = .minutesAfterBreach(after)
        case (nil, nil):
            throw InputError(path: decoder.jsonPath, reason: .missingOneOf(["percentOfTarget", "minutesAfterBreach"]))
        case (.some, .some):
            throw InputError(path: c.path(.minutesAfterBreach), reason: .inconsistent("give percentOfTarget or minutesAfterBreach, not both"))
        }
        actions = try c.list(.actions, limit: SLALimits.actions)
        if actions.isEmpty { throw InputError(path: c.path(.actions), reason: .empty) }
        let reminders = actions.indices.filter { if case .remind = actions[$0] { return true } else { return false } }
        if reminders.count > 1 {
            throw InputError(path: c.path(.actions).appending(index: reminders[1]), reason: .inconsistent("a level has at most one remind action"))
        }
    }

    /// Encodes the level.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch trigger {
        case .percentOfTarget(let percent): try c.encode(percent, forKey: .percentOfTarget)
        case .minutesAfterBreach(let minutes): try c.encode(minutes, forKey: .minutesAfterBreach)
        }
        try c.encode(actions, forKey: .actions)
    }

    /// The level's remind action, if any.
    var reminder: (responder: ResponderRole, everyMinutes: Int)? {
        for action in actions {
            if case .remind(let responder, let minutes) = action, minutes > 0 { return (responder, minutes) }
        }
        return nil
    }
}

/// An escalation ladder: levels that fire as an SLA clock uses up its target and passes its
/// breach, each with actions (route, raise priority, create tasks, notify, remind until
/// acknowledged, notify the partner).
///
/// Levels are measured on the clock's business time, like its warnings, so they stop while the
/// clock is paused and never fire for a clock that is met or cancelled first. Each level fires
/// once per cycle. See ``actionsDue(for:profile:calendar:from:to:)``.
///
/// ```json
/// {"levels": [
///   {"percentOfTarget": 75, "actions": [{"type": "notify", "to": "assignee"}]},
///   {"minutesAfterBreach": 0, "actions": [
///      {"type": "route", "rules": [{"match": {"tiers": ["strategic"]}, "to": "key-account-desk"}], "fallback": "service-leads"},
///      {"type": "raisePriority", "steps": 1},
///      {"type": "createTask", "template": "sla-breach-review"},
///      {"type": "remind", "to": "manager", "everyMinutes": 60},
///      {"type": "notifyPartner", "template": "sla-delay-apology"}]},
///   {"minutesAfterBreach": 480, "actions": [{"type": "createTaskGroup", "templates": ["finance-review", "logistics-review"]}]}
/// ]}
/// ```
/// Levels must be strictly increasing along the clock (`percentOfTarget: 100` and
/// `minutesAfterBreach: 0` are the same point).
public struct EscalationLadder: Hashable, Sendable, Codable {
    /// The levels, in firing order.
    public var levels: [EscalationLevel]

    /// Creates a ladder. Levels are used in the order given.
    public init(levels: [EscalationLevel]) {
        self.levels = levels
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case levels }

    /// Decodes and validates a ladder.
    ///
    /// - Throws: `InputError`: no levels, levels out of order, invalid actions.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        levels = try c.list(.levels, limit: SLALimits.listItems)
        if levels.isEmpty { throw InputError(path: c.path(.levels), reason: .empty) }
        for index in levels.indices.dropFirst() where !(levels[index - 1].trigger < levels[index].trigger) {
            throw InputError(
                path: c.path(.levels).appending(index: index),
                reason: .inconsistent(
                    "levels must fire in order: \(levels[index].trigger) does not come after \(levels[index - 1].trigger)"))
        }
    }

    /// Encodes the ladder.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(levels, forKey: .levels)
    }
}
