public import BridgeModels
public import BridgeSLA

/// Everything the bridge needs to know about a host's set-up, loadable from one JSON file:
/// calendars, the partner directory, teams and their Planner/ClickUp destinations, routing,
/// priority rules, SLA policies and escalation ladders, status maps, partner message templates,
/// the public-comment rule, standard checklists and onboarding programmes.
///
/// Load it with ``load(_:limits:)``, which reports **every** problem at once, each with its JSON
/// path (`$.routing[2].teams[0]: unknown team "ap"`), so a configuration is fixed in one pass.
/// `Documentation/Configuration.md` describes every key with a complete example.
public struct BridgeConfiguration: Hashable, Sendable {
    /// Business calendars by name.
    public var calendars: [String: BusinessCalendar]
    /// What the host knows about partners, by partner id.
    public var partners: [PartnerID: PartnerProfile]
    /// Teams by name.
    public var teams: [String: TeamConfiguration]
    /// Routing rules, first match wins.
    public var routing: [RoutingRule]
    /// Where work no rule matches goes.
    public var defaultRoute: RouteTarget
    /// Global priority rules, all matching apply in order.
    public var priorityRules: [PriorityRule]
    /// SLA policies and escalation ladders.
    public var sla: SLAConfiguration
    /// Escalation responder roles → team names (`assignee` needs no entry).
    public var roles: [ResponderRole: String]
    /// Tasks escalation levels create, by template name.
    public var escalationTasks: [String: EscalationTaskTemplate]
    /// Planner task state → work status.
    public var plannerStatus: PlannerStatusMap
    /// ClickUp status → work status.
    public var clickUpStatus: ClickUpStatusMap
    /// Work status → what the partner sees.
    public var partnerFacing: PartnerFacingMap
    /// Partner message templates.
    public var templates: TemplateCatalog
    /// Which internal comments may reach partners.
    public var publicComments: PublicCommentRule
    /// Standard checklist entries per case kind.
    public var checklists: [CaseKind: [String]]
    /// The internal fields written to ClickUp custom fields; every ClickUp destination must map
    /// each to a field id.
    public var clickUpFields: [WorkFieldKey]
    /// Onboarding programmes by name.
    public var programs: [String: OnboardingProgram]

    /// Creates a configuration; everything but the default route has a default.
    public init(
        calendars: [String: BusinessCalendar] = [:], partners: [PartnerID: PartnerProfile] = [:],
        teams: [String: TeamConfiguration], routing: [RoutingRule] = [], defaultRoute: RouteTarget,
        priorityRules: [PriorityRule] = [], sla: SLAConfiguration = SLAConfiguration(policies: []),
        roles: [ResponderRole: String] = [:], escalationTasks: [String: EscalationTaskTemplate] = [:],
        plannerStatus: PlannerStatusMap = .standard, clickUpStatus: ClickUpStatusMap = .standard,
        partnerFacing: PartnerFacingMap = .standard, templates: TemplateCatalog = .standardEnglish,
        publicComments: PublicCommentRule = .standard, checklists: [CaseKind: [String]] = [:],
        clickUpFields: [WorkFieldKey] = BridgeConfiguration.standardClickUpFields, programs: [String: OnboardingProgram] = [:]
    ) {
        self.calendars = calendars
        self.partners = partners
        self.teams = teams
        self.routing = routing
        self.defaultRoute = defaultRoute
        self.priorityRules = priorityRules
        self.sla = sla
        self.roles = roles
        self.escalationTasks = escalationTasks
        self.plannerStatus = plannerStatus
        self.clickUpStatus = clickUpStatus
        self.partnerFacing = partnerFacing
        self.templates = templates
        self.publicComments = publicComments
        self.checklists = checklists
        self.clickUpFields = clickUpFields
        self.programs = programs
    }

    /// `partner`, `caseId`, `transactionReference`, `amount`, `slaDue`.
    public static let standardClickUpFields: [WorkFieldKey] = [.partner, .caseId, .transactionReference, .amount, .slaDue]

    /// The partner composer configured by this configuration's templates, status map and
    /// public-comment rule.
    public var postComposer: PartnerPostComposer {
        PartnerPostComposer(templates: templates, partnerFacing: partnerFacing, publicComments: publicComments)
    }

    /// The partner of an event with the directory's profile applied.
    public func partner(_ partner: Partner) -> Partner {
        partners[partner.id]?.applied(to: partner) ?? partner
    }

    /// The team per-department routing gives `department`: the first team, by name, that lists
    /// it in its `departments`; `nil` when none does.
    func teamServing(_ department: Department) -> String? {
        teams.keys.sorted().first { teams[$0]?.departments.contains(department) == true }
    }
}

/// A configuration that does not load: every problem found, each with its JSON path.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, in document order of their sections.
    public var problems: [InputError]

    /// Creates an error from its problems.
    public init(problems: [InputError]) {
        self.problems = problems
    }

    /// One problem per line, `<path>: <reason>`.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

extension BridgeConfiguration {
    /// The top-level keys of the configuration file.
    public static let topLevelKeys = [
        "version", "calendars", "partners", "teams", "routing", "defaultRoute", "priorityRules", "sla", "roles",
        "escalationTasks", "statusMaps", "templates", "publicComments", "checklists", "clickupFields", "programs",
    ]

    /// Loads and validates a configuration from JSON, reporting every problem at once.
    ///
    /// Each section, and each element of a list or map, is decoded on its own, so one bad
    /// element does not hide the others; then references between sections are checked (teams
    /// in rules, calendars, roles, escalation tasks and messages, status map coverage, template
    /// coverage and placeholders, ClickUp custom field ids).
    ///
    /// - Throws: ``ConfigurationError`` with every problem.
    public static func load<Bytes: Collection<UInt8>>(_ bytes: Bytes, limits: InputLimits = .default) throws(ConfigurationError)
        -> BridgeConfiguration
    {
        var loader = ConfigurationLoader(decoder: StrictJSONDecoder(limits: limits))
        let root: JSONValue
        do {
            root = try StrictJSONParser(limits: limits).parse(bytes)
        } catch {
            throw ConfigurationError(problems: [error])
        }
        guard let configuration = loader.load(root), loader.problems.isEmpty else {
            throw ConfigurationError(problems: loader.problems)
        }
        return configuration
    }

    /// Loads a configuration from JSON text.
    ///
    /// - Throws: ``ConfigurationError`` with every problem.
    public static func load(_ text: String) throws(ConfigurationError) -> BridgeConfiguration {
        try load(Array(text.utf8))
    }

    /// Checks the references between sections of an already built configuration (what
    /// ``load(_:limits:)`` checks after decoding), returning every problem with its path.
    public func validate() -> [InputError] {
        var checks = ConfigurationChecks(configuration: self)
        return checks.run()
    }

    /// The checks, knowing what failed to decode: names that exist but did not decode count as
    /// present, and problems under a path that already failed are not repeated, so one mistake
    /// is reported once, where it is.
    func validate(failedNames: [String: Set<String>], failedPaths: Set<JSONPath>) -> [InputError] {
        var checks = ConfigurationChecks(configuration: self, failedNames: failedNames, failedPaths: failedPaths)
        return checks.run().filter { problem in
            !failedPaths.contains { failed in problem.path.components.starts(with: failed.components) }
        }
    }
}

/// Decodes the sections of a configuration one element at a time, collecting problems.
struct ConfigurationLoader {
    let decoder: StrictJSONDecoder
    var problems: [InputError] = []
    /// Per section, the names of entries that exist but failed to decode.
    var failedNames: [String: Set<String>] = [:]

    init(decoder: StrictJSONDecoder) {
        self.decoder = decoder
    }

    mutating func load(_ root: JSONValue) -> BridgeConfiguration? {
        guard case .object(let object) = root else {
            problems.append(InputError(path: .root, reason: .wrongType(expected: "object", found: root.typeName)))
            return nil
        }
        for key in object.keys where !BridgeConfiguration.topLevelKeys.contains(key) {
            problems.append(InputError(path: JSONPath.root.appending(key: key), reason: .unknownValue(key, allowed: BridgeConfiguration.topLevelKeys)))
        }
        if let version = object["version"], version != .number("1") {
            problems.append(InputError(path: JSONPath.root.appending(key: "version"), reason: .unknownValue("\(version)", allowed: ["1"])))
        }
        let calendars = loadCalendars(object["calendars"])
        let partnerProfiles = map(object, "partners", PartnerProfile.self, keyShape: .identifier)
        let teams = map(object, "teams", TeamConfiguration.self, keyShape: .token)
        let routing = list(object, "routing", RoutingRule.self)
        let defaultRoute = single(object, "defaultRoute", RouteTarget.self, required: true)
        let priorityRules = list(object, "priorityRules", PriorityRule.self)
        let sla = single(object, "sla", SLAConfiguration.self) ?? SLAConfiguration(policies: [])
        let roles = map(object, "roles", String.self, keyShape: .token, expected: "string")
        let escalationTasks = map(object, "escalationTasks", EscalationTaskTemplate.self, keyShape: .token)
        let statusMaps = object["statusMaps"].flatMap { value -> JSONObject? in
            guard case .object(let maps) = value else {
                problems.append(InputError(path: JSONPath.root.appending(key: "statusMaps"), reason: .wrongType(expected: "object", found: value.typeName)))
                return nil
            }
            for key in maps.keys where !["planner", "clickup", "partnerFacing"].contains(key) {
                problems.append(InputError(path: JSONPath.root.appending(key: "statusMaps").appending(key: key), reason: .unknownValue(key, allowed: ["clickup", "partnerFacing", "planner"])))
            }
            return maps
        }
        let statusPath = JSONPath.root.appending(key: "statusMaps")
        let plannerStatus = statusMaps.flatMap { decode(PlannerStatusMap.self, $0["planner"], at: statusPath.appending(key: "planner")) } ?? .standard
        // These two decode without their coverage checks: the configuration checks report every
        // missing status type or work status at once.
        let clickUpStatus =
            statusMaps.flatMap { decode(ClickUpStatusEntries.self, $0["clickup"], at: statusPath.appending(key: "clickup"))?.map }
            ?? .standard
        let partnerFacing =
            statusMaps.flatMap { decode(PartnerFacingEntries.self, $0["partnerFacing"], at: statusPath.appending(key: "partnerFacing"))?.map }
            ?? .standard
        let templates = loadTemplates(object["templates"])
        let publicComments = single(object, "publicComments", PublicCommentRule.self) ?? .standard
        let checklists = map(object, "checklists", ChecklistItems.self, keyShape: .token, expected: "array")
        let clickUpFields = single(object, "clickupFields", [WorkFieldKey].self) ?? BridgeConfiguration.standardClickUpFields
        let programs = map(object, "programs", OnboardingProgram.self, keyShape: .line)

        guard let defaultRoute else { return nil }
        let configuration = BridgeConfiguration(
            calendars: calendars, partners: Dictionary(uniqueKeysWithValues: partnerProfiles.map { (PartnerID($0.key), $0.value) }),
            teams: teams, routing: routing, defaultRoute: defaultRoute, priorityRules: priorityRules, sla: sla,
            roles: Dictionary(uniqueKeysWithValues: roles.map { (ResponderRole(rawValue: $0.key), $0.value) }),
            escalationTasks: escalationTasks, plannerStatus: plannerStatus, clickUpStatus: clickUpStatus,
            partnerFacing: partnerFacing, templates: templates, publicComments: publicComments,
            checklists: Dictionary(uniqueKeysWithValues: checklists.map { (CaseKind(rawValue: $0.key), $0.value.items) }),
            clickUpFields: clickUpFields, programs: programs)
        problems += configuration.validate(failedNames: failedNames, failedPaths: Set(problems.map(\.path)))
        return configuration
    }

    mutating func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue?, at path: JSONPath) -> T? {
        guard let value, value != .null else { return nil }
        do {
            return try decoder.decode(type, from: value, at: path)
        } catch {
            problems.append(error)
            return nil
        }
    }

    mutating func single<T: Decodable>(_ object: JSONObject, _ key: String, _ type: T.Type, required: Bool = false) -> T? {
        let path = JSONPath.root.appending(key: key)
        guard let value = object[key], value != .null else {
            if required { problems.append(InputError(path: path, reason: .missing)) }
            return nil
        }
        return decode(type, value, at: path)
    }

    /// A section that is a list; a `null` section is an empty list, a `null` element a problem
    /// (a rule or entry set to `null` must not vanish without a word).
    mutating func list<T: Decodable>(_ object: JSONObject, _ key: String, _ type: T.Type) -> [T] {
        let path = JSONPath.root.appending(key: key)
        guard let value = object[key], value != .null else { return [] }
        guard case .array(let elements) = value else {
            problems.append(InputError(path: path, reason: .wrongType(expected: "array", found: value.typeName)))
            return []
        }
        return elements.enumerated().compactMap { index, element in
            let elementPath = path.appending(index: index)
            guard element != .null else {
                problems.append(InputError(path: elementPath, reason: .wrongType(expected: "object", found: "null")))
                return nil
            }
            return decode(type, element, at: elementPath)
        }
    }

    /// A section that is a map; a `null` section is an empty map, a `null` member a problem
    /// (references to it are then not reported again).
    mutating func map<T: Decodable>(
        _ object: JSONObject, _ key: String, _ type: T.Type, keyShape: TextShape, expected: String = "object"
    ) -> [String: T] {
        let path = JSONPath.root.appending(key: key)
        guard let value = object[key], value != .null else { return [:] }
        guard case .object(let members) = value else {
            problems.append(InputError(path: path, reason: .wrongType(expected: "object", found: value.typeName)))
            return [:]
        }
        var result: [String: T] = [:]
        for name in members.keys {
            let memberPath = path.appending(key: name)
            do {
                _ = try TextRules.check(name, keyShape, limit: keyShape == .token ? 64 : 200, path: memberPath)
            } catch {
                problems.append(error)
                continue
            }
            if members[name] == .null {
                problems.append(InputError(path: memberPath, reason: .wrongType(expected: expected, found: "null")))
                failedNames[key, default: []].insert(name)
            } else if let decoded = decode(type, members[name], at: memberPath) {
                result[name] = decoded
            } else {
                failedNames[key, default: []].insert(name)
            }
        }
        return result
    }

    /// Calendars report every problem of each calendar (overlapping windows, bad times, unknown
    /// time zones), not only the first.
    mutating func loadCalendars(_ value: JSONValue?) -> [String: BusinessCalendar] {
        let path = JSONPath.root.appending(key: "calendars")
        guard let value, value != .null else { return [:] }
        guard case .object(let members) = value else {
            problems.append(InputError(path: path, reason: .wrongType(expected: "object", found: value.typeName)))
            return [:]
        }
        var calendars: [String: BusinessCalendar] = [:]
        for name in members.keys {
            guard let calendarValue = members[name] else { continue }
            do {
                _ = try TextRules.check(name, .token, limit: 64, path: path.appending(key: name))
                calendars[name] = try BusinessCalendar(jsonValue: calendarValue, at: path.appending(key: name))
            } catch let error as CalendarValidationError {
                problems += error.problems
                failedNames["calendars", default: []].insert(name)
            } catch let error as InputError {
                problems.append(error)
            } catch {
                problems.append(InputError(path: path.appending(key: name), reason: .malformedJSON("undecodable calendar")))
            }
        }
        return calendars
    }

    mutating func loadTemplates(_ value: JSONValue?) -> TemplateCatalog {
        let path = JSONPath.root.appending(key: "templates")
        guard let value, value != .null else { return .standardEnglish }
        guard case .object(let object) = value else {
            problems.append(InputError(path: path, reason: .wrongType(expected: "object", found: value.typeName)))
            return .standardEnglish
        }
        for key in object.keys where key != "defaultLocale" && key != "locales" {
            problems.append(InputError(path: path.appending(key: key), reason: .unknownValue(key, allowed: ["defaultLocale", "locales"])))
        }
        let defaultLocale = decode(String.self, object["defaultLocale"], at: path.appending(key: "defaultLocale")) ?? "en-US"
        var locales: [String: LocaleTemplates] = [:]
        let localesPath = path.appending(key: "locales")
        if let value = object["locales"] {
            if case .object(let members) = value {
                for name in members.keys {
                    guard let localeValue = members[name] else { continue }
                    let (templates, found) = LocaleTemplates.decode(localeValue, at: localesPath.appending(key: name), using: decoder)
                    problems += found
                    locales[name] = templates
                }
            } else {
                problems.append(InputError(path: localesPath, reason: .wrongType(expected: "object", found: value.typeName)))
            }
        }
        return TemplateCatalog(defaultLocale: defaultLocale, locales: locales)
    }
}

/// `statusMaps.clickup` without the coverage check of `byType`.
struct ClickUpStatusEntries: Decodable {
    var map: ClickUpStatusMap
    init(from decoder: any Decoder) throws { map = try ClickUpStatusMap.decodeEntries(from: decoder) }
}

/// `statusMaps.partnerFacing` without the check that every work status is listed.
struct PartnerFacingEntries: Decodable {
    var map: PartnerFacingMap
    init(from decoder: any Decoder) throws { map = try PartnerFacingMap.decodeEntries(from: decoder) }
}

/// A standard checklist: at most 20 one-line entries.
struct ChecklistItems: Decodable {
    var items: [String]

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        if let count = container.count, count > 20 {
            throw InputError(path: decoder.jsonPath, reason: .tooManyItems(limit: 20, count: count))
        }
        var items: [String] = []
        while !container.isAtEnd {
            let path = decoder.jsonPath.appending(index: container.currentIndex)
            items.append(try TextRules.check(try container.decode(String.self), .line, limit: 255, path: path))
        }
        self.items = items
    }
}
