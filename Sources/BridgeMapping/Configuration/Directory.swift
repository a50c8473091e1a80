public import BridgeModels
import BridgeSLA

/// What the host's configuration knows about a partner. It takes precedence over what an event
/// says (a community may not know tiers at all), and fills in what the event leaves out.
///
/// ```json
/// {"name": "Acme Retail", "tier": "strategic", "calendar": "us-east", "locale": "en-US"}
/// ```
public struct PartnerProfile: Hashable, Sendable, Codable {
    /// The display name.
    public var name: String?
    /// The tier.
    public var tier: PartnerTier?
    /// The partner's calendar (a name in `calendars`), used when neither the SLA policy nor the
    /// team names one.
    public var calendar: String?
    /// The locale for message templates.
    public var locale: String?

    /// Creates a profile.
    public init(name: String? = nil, tier: PartnerTier? = nil, calendar: String? = nil, locale: String? = nil) {
        self.name = name
        self.tier = tier
        self.calendar = calendar
        self.locale = locale
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, tier, calendar, locale }

    /// Decodes and validates a profile.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.stringValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.optionalText(.name, .line, limit: 500)
        tier = try c.optional(PartnerTier.self, .tier)
        calendar = try c.optionalText(.calendar, .token, limit: 64)
        locale = try c.optionalText(.locale, .identifier, limit: 35)
    }

    /// The partner of an event with this profile applied: the profile's tier, name and locale
    /// win over the event's.
    public func applied(to partner: Partner) -> Partner {
        var merged = partner
        if let name { merged.name = name }
        if let tier { merged.tier = tier }
        if let locale { merged.locale = locale }
        return merged
    }
}

/// A team that receives work, with its tracker destinations.
///
/// ```json
/// {"publicName": "logistics", "calendar": "us-east", "tracker": "planner",
///  "departments": ["logistics"],
///  "planner": {"planId": "…", "bucketId": "…", "assignees": ["…"], "categories": {"dispute": "category3"}},
///  "clickup": {"listId": "901", "assignees": [183], "statuses": {"open": "to do"},
///              "customFields": {"caseId": "…"}}}
/// ```
/// `tracker` is where the team's work goes unless a routing rule says otherwise; it must have a
/// destination configured. `publicName`, when given, may appear in partner messages (`{team}`);
/// leave it out to keep the team internal.
public struct TeamConfiguration: Hashable, Sendable, Codable {
    /// A name partners may see, or `nil` to never mention the team.
    public var publicName: String?
    /// The team's working calendar (a name in `calendars`).
    public var calendar: String?
    /// The team's default tracker.
    public var tracker: Tracker
    /// The departments the team serves (for per-department routing).
    public var departments: [Department]
    /// The Planner destination.
    public var planner: PlannerDestination?
    /// The ClickUp destination.
    public var clickUp: ClickUpDestination?

    /// Creates a team.
    public init(
        publicName: String? = nil, calendar: String? = nil, tracker: Tracker, departments: [Department] = [],
        planner: PlannerDestination? = nil, clickUp: ClickUpDestination? = nil
    ) {
        self.publicName = publicName
        self.calendar = calendar
        self.tracker = tracker
        self.departments = departments
        self.planner = planner
        self.clickUp = clickUp
    }

    /// Whether the team has a destination in `tracker`.
    public func hasDestination(in tracker: Tracker) -> Bool {
        switch tracker {
        case .planner: return planner != nil
        case .clickUp: return clickUp != nil
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case publicName, calendar, tracker, departments, planner
        case clickUp = "clickup"
    }

    /// Decodes and validates a team.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.stringValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        publicName = try c.optionalText(.publicName, .line, limit: 100)
        calendar = try c.optionalText(.calendar, .token, limit: 64)
        planner = try c.optional(PlannerDestination.self, .planner)
        clickUp = try c.optional(ClickUpDestination.self, .clickUp)
        departments = try c.list(.departments, limit: 50)
        if let tracker = try c.optional(Tracker.self, .tracker) {
            self.tracker = tracker
        } else if planner != nil && clickUp == nil {
            tracker = .planner
        } else if clickUp != nil && planner == nil {
            tracker = .clickUp
        } else {
            throw InputError(path: c.path(.tracker), reason: .missing)
        }
        if !hasDestination(in: tracker) {
            throw InputError(
                path: c.path(.tracker),
                reason: .inconsistent("the team's tracker is \(tracker) but it has no \"\(tracker == .planner ? "planner" : "clickup")\" destination"))
        }
    }

    /// Encodes the team.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(publicName, forKey: .publicName)
        try c.encodeIfPresent(calendar, forKey: .calendar)
        try c.encode(tracker, forKey: .tracker)
        try c.encodeUnlessEmpty(departments, forKey: .departments)
        try c.encodeIfPresent(planner, forKey: .planner)
        try c.encodeIfPresent(clickUp, forKey: .clickUp)
    }
}

/// A task an escalation level creates (`createTask` / `createTaskGroup` actions name these).
///
/// ```json
/// {"title": "Escalation: {caseId} breached its SLA", "team": "logistics-leads",
///  "checklist": ["Call the partner", "Agree a recovery date"], "priority": "urgent"}
/// ```
public struct EscalationTaskTemplate: Hashable, Sendable, Codable {
    /// The task title; may use the message placeholders (`{caseId}`, `{reference}`, …).
    public var title: MessageTemplate
    /// The team that gets the task.
    public var team: String
    /// Checklist entries.
    public var checklist: [String]
    /// The task's priority (default: the case's priority raised by one).
    public var priority: Priority?

    /// Creates a template.
    public init(title: MessageTemplate, team: String, checklist: [String] = [], priority: Priority? = nil) {
        self.title = title
        self.team = team
        self.checklist = checklist
        self.priority = priority
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case title, team, checklist, priority }

    /// Decodes and validates a template.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.stringValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.required(MessageTemplate.self, .title)
        team = try c.text(.team, .token, limit: 64)
        checklist = try c.list(.checklist, limit: 20)
        for (index, item) in checklist.enumerated() {
            _ = try TextRules.check(item, .line, limit: 255, path: c.path(.checklist).appending(index: index))
        }
        priority = try c.optional(Priority.self, .priority)
    }
}
