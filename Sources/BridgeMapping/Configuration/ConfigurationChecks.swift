import BridgeModels
import BridgeSLA

/// The checks between sections of a configuration, each problem with its path.
struct ConfigurationChecks {
    let configuration: BridgeConfiguration
    /// Per section (`calendars`, `teams`, `escalationTasks`), names that exist in the file but
    /// failed to decode: references to them are not reported again.
    let failedNames: [String: Set<String>]
    /// Paths where decoding failed: a section that failed there was replaced by its default, so
    /// checks that would judge the default instead are skipped.
    let failedPaths: Set<JSONPath>
    var problems: [InputError] = []

    init(configuration: BridgeConfiguration, failedNames: [String: Set<String>] = [:], failedPaths: Set<JSONPath> = []) {
        self.configuration = configuration
        self.failedNames = failedNames
        self.failedPaths = failedPaths
    }

    func failed(_ section: String, _ name: String) -> Bool {
        failedNames[section]?.contains(name) == true
    }

    /// Whether decoding failed at `components`, inside it or at a section containing it.
    func failed(at components: [JSONPath.Component]) -> Bool {
        failedPaths.contains { failed in
            !failed.components.isEmpty
                && (failed.components.starts(with: components) || components.starts(with: failed.components))
        }
    }

    func path(_ components: JSONPath.Component...) -> JSONPath { JSONPath(components) }

    mutating func run() -> [InputError] {
        checkCalendars()
        checkTeams()
        checkRouting()
        checkEscalation()
        checkStatusMaps()
        checkTemplates()
        checkClickUpFields()
        return problems
    }

    mutating func requireCalendar(_ name: String?, at path: JSONPath) {
        guard let name, configuration.calendars[name] == nil, !failed("calendars", name) else { return }
        problems.append(InputError(path: path, reason: .unknownValue(name, allowed: configuration.calendars.keys.sorted())))
    }

    mutating func requireTeam(_ name: String, at path: JSONPath) {
        guard configuration.teams[name] == nil, !failed("teams", name) else { return }
        problems.append(InputError(path: path, reason: .unknownValue(name, allowed: configuration.teams.keys.sorted())))
    }

    mutating func checkCalendars() {
        for (id, profile) in configuration.partners.sorted(by: { $0.key < $1.key }) {
            requireCalendar(profile.calendar, at: path(.key("partners"), .key(id.rawValue), .key("calendar")))
        }
        for (name, team) in configuration.teams.sorted(by: { $0.key < $1.key }) {
            requireCalendar(team.calendar, at: path(.key("teams"), .key(name), .key("calendar")))
        }
        let calendarNames = Array(configuration.calendars.keys) + Array(failedNames["calendars"] ?? [])
        for error in configuration.sla.unknownCalendarReferences(in: calendarNames) {
            problems.append(InputError(path: JSONPath([.key("sla")] + error.path.components), reason: error.reason))
        }
    }

    mutating func checkTeams() {
        // A ClickUp status map that did not decode was replaced by the standard one, and one
        // without a `custom` type reads every unnamed status as nothing: either way its problem
        // is reported where it is, and judging the teams' statuses by it would only repeat it.
        guard !failed(at: [.key("statusMaps"), .key("clickup")]), configuration.clickUpStatus.byType["custom"] != nil else { return }
        for (name, team) in configuration.teams.sorted(by: { $0.key < $1.key }) {
            guard let clickUp = team.clickUp else { continue }
            // A status the bridge writes must read back as the same work status, or two-way
            // sync would flip it.
            for (statusName, written) in clickUp.statuses.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let readBack = configuration.clickUpStatus.status(name: written, type: "custom")
                if readBack != statusName {
                    problems.append(
                        InputError(
                            path: path(.key("teams"), .key(name), .key("clickup"), .key("statuses"), .key(statusName.rawValue)),
                            reason: .inconsistent(
                                "status \"\(written)\" reads back as \(readBack.map(\.rawValue) ?? "nothing") in statusMaps.clickup.byName; map it to \(statusName)")))
                }
            }
        }
    }

    mutating func checkRoute(_ target: RouteTarget, at base: JSONPath) {
        for (index, team) in target.teams.enumerated() {
            requireTeam(team, at: base.appending(key: "teams").appending(index: index))
            if let tracker = target.tracker, let configured = configuration.teams[team], !configured.hasDestination(in: tracker) {
                problems.append(
                    InputError(
                        path: base.appending(key: "teams").appending(index: index),
                        reason: .inconsistent("team \(team) has no \(tracker) destination but the route sends it to \(tracker)")))
            }
        }
        // Per-department work also goes to the teams serving the departments, in the route's
        // tracker: each must have a destination there (the route's own teams are checked above).
        guard target.perDepartment, let tracker = target.tracker else { return }
        let departments = Set(configuration.teams.values.flatMap(\.departments)).sorted()
        let serving = Set(departments.compactMap { configuration.teamServing($0) })
        for team in serving.sorted() where !target.teams.contains(team) {
            guard let configured = configuration.teams[team], !configured.hasDestination(in: tracker) else { continue }
            let served = departments.filter { configuration.teamServing($0) == team }.map(\.rawValue).joined(separator: ", ")
            problems.append(
                InputError(
                    path: base.appending(key: "perDepartment"),
                    reason: .inconsistent(
                        "team \(team) serves \(served) but has no \(tracker) destination, and the route sends per-department work to \(tracker)")))
        }
    }

    mutating func checkRouting() {
        var names = Set<String>()
        for (index, rule) in configuration.routing.enumerated() {
            let base = path(.key("routing"), .index(index))
            if !names.insert(rule.name).inserted {
                problems.append(InputError(path: base.appending(key: "name"), reason: .inconsistent("another routing rule has this name")))
            }
            checkRoute(rule.target, at: base)
        }
        checkRoute(configuration.defaultRoute, at: path(.key("defaultRoute")))
    }

    mutating func checkEscalation() {
        for (role, team) in configuration.roles.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            requireTeam(team, at: path(.key("roles"), .key(role.rawValue)))
        }
        for (name, template) in configuration.escalationTasks.sorted(by: { $0.key < $1.key }) {
            let base = path(.key("escalationTasks"), .key(name))
            requireTeam(template.team, at: base.appending(key: "team"))
            let allowed = TemplateCatalog.allowedPlaceholders(for: .status)
            for placeholder in template.title.placeholders.sorted() where !allowed.contains(placeholder) {
                problems.append(InputError(path: base.appending(key: "title"), reason: .unknownValue(placeholder.description, allowed: allowed.sorted().map(\.description))))
            }
        }
        let defaultLocale = configuration.templates.defaultLocale
        for (ladderName, ladder) in configuration.sla.ladders.sorted(by: { $0.key < $1.key }) {
            for (levelIndex, level) in ladder.levels.enumerated() {
                for (actionIndex, action) in level.actions.enumerated() {
                    let base = path(.key("sla"), .key("ladders"), .key(ladderName), .key("levels"), .index(levelIndex), .key("actions"), .index(actionIndex))
                    switch action {
                    case .route(let routing):
                        for (ruleIndex, rule) in routing.rules.enumerated() {
                            requireRole(rule.responder, at: base.appending(key: "rules").appending(index: ruleIndex).appending(key: "to"))
                        }
                        if let fallback = routing.fallback { requireRole(fallback, at: base.appending(key: "fallback")) }
                    case .notify(let role), .remind(let role, _):
                        requireRole(role, at: base.appending(key: "to"))
                    case .createTask(let template):
                        requireTask(template, at: base.appending(key: "template"))
                    case .createTaskGroup(let templates):
                        for (index, template) in templates.enumerated() {
                            requireTask(template, at: base.appending(key: "templates").appending(index: index))
                        }
                    case .notifyPartner(let name):
                        if configuration.templates.message(named: name, locale: defaultLocale) == nil {
                            problems.append(
                                InputError(
                                    path: base.appending(key: "template"),
                                    reason: .inconsistent("no message \"\(name)\" in templates.locales.\(defaultLocale).messages")))
                        }
                    case .raisePriority:
                        break
                    }
                }
            }
        }
    }

    mutating func requireRole(_ role: ResponderRole, at path: JSONPath) {
        if role == .assignee || configuration.roles[role] != nil || configuration.teams[role.rawValue] != nil
            || failed("roles", role.rawValue) || failed("teams", role.rawValue)
        {
            return
        }
        problems.append(
            InputError(
                path: path,
                reason: .unknownValue(role.rawValue, allowed: (["assignee"] + configuration.roles.keys.map(\.rawValue) + configuration.teams.keys).sorted())))
    }

    mutating func requireTask(_ name: String, at path: JSONPath) {
        guard configuration.escalationTasks[name] == nil, !failed("escalationTasks", name) else { return }
        problems.append(InputError(path: path, reason: .unknownValue(name, allowed: configuration.escalationTasks.keys.sorted())))
    }

    mutating func checkStatusMaps() {
        let uncovered = configuration.plannerStatus.uncoveredPercentages
        if !uncovered.isEmpty {
            problems.append(
                InputError(
                    path: path(.key("statusMaps"), .key("planner"), .key("rules")),
                    reason: .inconsistent("no rule maps a plain task with percentComplete \(Self.ranges(uncovered))")))
        }
        for type in configuration.clickUpStatus.missingStatusTypes {
            problems.append(InputError(path: path(.key("statusMaps"), .key("clickup"), .key("byType"), .key(type)), reason: .missing))
        }
        for status in configuration.partnerFacing.missingStatuses {
            problems.append(InputError(path: path(.key("statusMaps"), .key("partnerFacing"), .key(status.rawValue)), reason: .missing))
        }
    }

    mutating func checkTemplates() {
        let catalog = configuration.templates
        let base = path(.key("templates"), .key("locales"))
        guard let defaults = catalog.locales.first(where: { $0.key.lowercased() == catalog.defaultLocale.lowercased() }) else {
            problems.append(
                InputError(
                    path: path(.key("templates"), .key("defaultLocale")),
                    reason: .unknownValue(catalog.defaultLocale, allowed: catalog.locales.keys.sorted())))
            return
        }
        let defaultBase = base.appending(key: defaults.key)
        for status in PartnerFacingStatus.allCases where defaults.value.status[status] == nil {
            problems.append(InputError(path: defaultBase.appending(key: "status").appending(key: status.rawValue), reason: .missing))
        }
        for status in [PartnerFacingStatus.approved, .rejected] where defaults.value.decision[status] == nil {
            problems.append(InputError(path: defaultBase.appending(key: "decision").appending(key: status.rawValue), reason: .missing))
        }
        for kind in PostKind.allCases where kind != .status && kind != .decision && defaults.value.other[kind] == nil {
            problems.append(InputError(path: defaultBase.appending(key: kind.rawValue), reason: .missing))
        }
        for (locale, templates) in catalog.locales.sorted(by: { $0.key < $1.key }) {
            let localeBase = base.appending(key: locale)
            func check(_ template: MessageTemplate, kind: PostKind, at path: JSONPath) {
                let allowed = TemplateCatalog.allowedPlaceholders(for: kind)
                for placeholder in template.placeholders.sorted() where !allowed.contains(placeholder) {
                    problems.append(
                        InputError(path: path, reason: .inconsistent("\(placeholder) is never filled in a \(kind) message; use one of \(allowed.sorted().map(\.description).joined(separator: " "))")))
                }
            }
            for (status, template) in templates.status { check(template, kind: .status, at: localeBase.appending(key: "status").appending(key: status.rawValue)) }
            for (status, template) in templates.decision { check(template, kind: .decision, at: localeBase.appending(key: "decision").appending(key: status.rawValue)) }
            for (kind, template) in templates.other { check(template, kind: kind, at: localeBase.appending(key: kind.rawValue)) }
            for (name, template) in templates.messages { check(template, kind: .status, at: localeBase.appending(key: "messages").appending(key: name)) }
        }
    }

    mutating func checkClickUpFields() {
        for (name, team) in configuration.teams.sorted(by: { $0.key < $1.key }) {
            guard let clickUp = team.clickUp else { continue }
            for field in configuration.clickUpFields where clickUp.customFields[field] == nil {
                problems.append(
                    InputError(
                        path: path(.key("teams"), .key(name), .key("clickup"), .key("customFields"), .key(field.rawValue)),
                        reason: .inconsistent("no custom field id for \(field), which clickupFields maps")))
            }
        }
    }

    /// `3, 50-52`.
    static func ranges(_ values: [Int]) -> String {
        var parts: [String] = []
        var start = values.first
        var previous = values.first
        for value in values.dropFirst() + [Int.min] {
            if let p = previous, value == p + 1 {
                previous = value
                continue
            }
            if let s = start, let p = previous { parts.append(s == p ? "\(s)" : "\(s)-\(p)") }
            start = value
            previous = value
        }
        return parts.joined(separator: ", ")
    }
}
