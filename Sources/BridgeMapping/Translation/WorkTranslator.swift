#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels
public import BridgeSLA

extension CaseKind {
    /// The kind of a document review (`document.uploaded`), for routing and SLA policies.
    public static let documentReview: CaseKind = "documentReview"
    /// The kind of a discussion action item (`case.actionItemIdentified`).
    public static let actionItem: CaseKind = "actionItem"
    /// The kind of partner onboarding (`partner.added`).
    public static let onboarding: CaseKind = "onboarding"
    /// The kind of a compliance requirement (`compliance.requirementTriggered`).
    public static let complianceRequirement: CaseKind = "complianceRequirement"
}

/// Why an event's work cannot be planned, although the event itself is valid: a reference the
/// configuration cannot resolve. The engine dead-letters the event with this reason.
public struct TranslationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is missing.
    public enum Reason: Hashable, Sendable {
        /// `partner.added` names a programme the configuration does not define.
        case unknownProgram(String)
        /// A calendar name resolved for the SLA is not configured.
        case unknownCalendar(String)
        /// A route names a team that is not configured (only possible with an unvalidated
        /// configuration).
        case unknownTeam(String)
        /// The team has no destination in the tracker the route chose.
        case noDestination(team: String, tracker: Tracker)
    }

    /// What is missing.
    public var reason: Reason
    /// The event.
    public var eventId: EventID

    /// Creates an error.
    public init(reason: Reason, eventId: EventID) {
        self.reason = reason
        self.eventId = eventId
    }

    /// A log-safe description.
    public var description: String {
        switch reason {
        case .unknownProgram(let name): return "event \(eventId): no onboarding programme named \"\(TextSanitizer.quotedFragment(name, limit: 60))\""
        case .unknownCalendar(let name): return "event \(eventId): no calendar named \"\(name)\""
        case .unknownTeam(let name): return "event \(eventId): no team named \"\(name)\""
        case .noDestination(let team, let tracker): return "event \(eventId): team \(team) has no \(tracker) destination"
        }
    }
}

/// One task a route asks for: a team, the tracker and destination, and (for per-department
/// routing) the department.
public struct TaskAssignment: Hashable, Sendable {
    /// The team's name.
    public var team: String
    /// The tracker.
    public var tracker: Tracker
    /// The destination in that tracker.
    public var destination: WorkDestination
    /// The department the task is for, when the case was split by department.
    public var department: Department?
}

/// A work item with the assignment it was built for.
public struct AssignedWork: Hashable, Sendable {
    /// The work item.
    public var item: WorkItem
    /// The team, tracker, destination and department.
    public var assignment: TaskAssignment
}

/// The outcome of routing: which rule matched (or the default) and the tasks it asks for.
public struct RouteDecision: Hashable, Sendable {
    /// The matching rule's name, or `nil` for the default route.
    public var ruleName: String?
    /// The target.
    public var target: RouteTarget
    /// The tasks, one per team (or per department).
    public var assignments: [TaskAssignment]
}

/// Plans the work an event creates: routes it, computes priority and the SLA due date, and
/// builds the tracker-neutral `WorkItem`s. Pure: the same event and configuration always give
/// the same work items.
///
/// ```swift
/// let translator = WorkTranslator(configuration: configuration)
/// let items = try translator.workItems(for: event)   // [] for events that create no task
/// ```
public struct WorkTranslator: Sendable {
    /// The configuration.
    public var configuration: BridgeConfiguration
    /// A tracker that replaces every route's choice (previews and tests); every team routed to
    /// must then have a destination there.
    public var trackerOverride: Tracker?

    /// Creates a translator.
    public init(configuration: BridgeConfiguration, trackerOverride: Tracker? = nil) {
        self.configuration = configuration
        self.trackerOverride = trackerOverride
    }

    // MARK: Routing

    /// The routing subject of an event, or `nil` for events that create no task.
    public func subject(for event: CommunityEvent) -> RoutingSubject? {
        let partner = configuration.partner(event.partner)
        func profile(_ kind: CaseKind, _ priority: Priority = .normal, amount: Money? = nil, departments: [Department] = []) -> CaseProfile {
            CaseProfile(kind: kind, priority: priority, partnerTier: partner.tier, departments: departments, amount: amount)
        }
        switch event.body {
        case .caseOpened(let partnerCase):
            return RoutingSubject(eventType: event.type, partner: partner, profile: CaseProfile(case: partnerCase, partner: partner))
        case .documentUploaded(let upload):
            return RoutingSubject(eventType: event.type, partner: partner, profile: profile(.documentReview), documentKind: upload.document.kind)
        case .requestSubmitted(let request):
            return RoutingSubject(
                eventType: event.type, partner: partner, profile: profile(CaseKind(rawValue: request.kind.rawValue), amount: request.amount),
                requestKind: request.kind)
        case .actionItemIdentified(let identified):
            return RoutingSubject(eventType: event.type, partner: partner, profile: profile(.actionItem), owner: identified.actionItem.owner)
        case .partnerAdded:
            return RoutingSubject(eventType: event.type, partner: partner, profile: profile(.onboarding))
        case .complianceRequirementTriggered:
            return RoutingSubject(eventType: event.type, partner: partner, profile: profile(.complianceRequirement))
        case .caseUpdated, .messagePosted, .caseWithdrawn, .requirementCompleted, .acknowledgementReceived:
            return nil
        }
    }

    /// Routes a subject: the first matching rule, or the default route.
    public func route(_ subject: RoutingSubject, eventId: EventID) throws(TranslationError) -> RouteDecision {
        let rule = configuration.routing.first { $0.matches(subject) }
        let target = rule?.target ?? configuration.defaultRoute
        var assignments: [TaskAssignment] = []
        func assign(_ teamName: String, department: Department?) throws(TranslationError) {
            guard let team = configuration.teams[teamName] else {
                throw TranslationError(reason: .unknownTeam(teamName), eventId: eventId)
            }
            let tracker = trackerOverride ?? target.tracker ?? team.tracker
            let destination: WorkDestination
            switch tracker {
            case .planner:
                guard let planner = team.planner else { throw TranslationError(reason: .noDestination(team: teamName, tracker: tracker), eventId: eventId) }
                destination = .planner(planId: planner.planId, bucketId: planner.bucketId)
            case .clickUp:
                guard let clickUp = team.clickUp else { throw TranslationError(reason: .noDestination(team: teamName, tracker: tracker), eventId: eventId) }
                destination = .clickUp(listId: clickUp.listId)
            }
            if !assignments.contains(where: { $0.team == teamName && $0.department == department }) {
                assignments.append(TaskAssignment(team: teamName, tracker: tracker, destination: destination, department: department))
            }
        }
        if target.perDepartment && !subject.profile.departments.isEmpty {
            for department in subject.profile.departments {
                if let serving = configuration.teamServing(department) {
                    try assign(serving, department: department)
                } else {
                    for team in target.teams { try assign(team, department: department) }
                }
            }
        } else {
            for team in target.teams { try assign(team, department: nil) }
        }
        return RouteDecision(ruleName: rule?.name, target: target, assignments: assignments)
    }

    /// The priority of work: the partner's, then every matching global priority rule in order,
    /// then the route's adjustment.
    public func priority(for subject: RoutingSubject, route: RouteDecision) -> Priority {
        var priority = subject.profile.priority
        for rule in configuration.priorityRules where rule.match.matches(subject.profile) {
            priority = rule.adjust.applied(to: priority)
        }
        if let adjustment = route.target.priority { priority = adjustment.applied(to: priority) }
        return priority
    }

    /// The SLA applied to work routed to `team`, with the final priority, or `nil` when no
    /// policy matches.
    public func appliedSLA(for subject: RoutingSubject, priority: Priority, team: String?, eventId: EventID) throws(TranslationError)
        -> AppliedSLA?
    {
        var profile = subject.profile
        profile.priority = priority
        do {
            return try configuration.sla.resolve(
                for: profile, teamCalendar: team.flatMap { configuration.teams[$0]?.calendar },
                partnerCalendar: configuration.partners[subject.partner.id]?.calendar, calendars: configuration.calendars)
        } catch {
            throw TranslationError(reason: .unknownCalendar(error.name), eventId: eventId)
        }
    }

    // MARK: Work items

    /// The work items an event creates, in a stable order; `[]` for events that create none
    /// (updates, messages, withdrawals, completions and acknowledgements change existing work).
    ///
    /// - Parameters:
    ///   - event: The event.
    ///   - slaStart: When SLA clocks start; `nil` (the default) starts them retroactively at the
    ///     event's `occurredAt`.
    /// - Throws: ``TranslationError`` when the configuration cannot resolve a reference.
    public func workItems(for event: CommunityEvent, slaStart: Date? = nil) throws(TranslationError) -> [WorkItem] {
        try assignedWork(for: event, slaStart: slaStart).map(\.item)
    }

    /// The work items an event creates, each with the assignment (team, tracker, destination,
    /// department) it was built for.
    ///
    /// - Throws: ``TranslationError`` when the configuration cannot resolve a reference.
    public func assignedWork(for event: CommunityEvent, slaStart: Date? = nil) throws(TranslationError) -> [AssignedWork] {
        guard let subject = subject(for: event) else { return [] }
        let route = try route(subject, eventId: event.id)
        let priority = priority(for: subject, route: route)
        let content = try content(for: event, subject: subject)
        var items: [AssignedWork] = []
        for assignment in route.assignments {
            let sla = try appliedSLA(for: subject, priority: priority, team: assignment.team, eventId: event.id)
            let resolutionDue = sla.flatMap { applied in
                applied.targets[.resolution].map { applied.calendar.deadline(start: slaStart ?? event.occurredAt, adding: $0) }
            }
            let due = resolutionDue ?? content.requestedDue
            var description = content.description
            if let department = assignment.department {
                description.insert(.field(label: "Department", value: PostWording.splitCamelCase(department.rawValue)), at: 1)
            }
            if let sla {
                var text = "policy \(sla.policyName)"
                if let calendar = sla.calendarName { text += ", calendar \(calendar)" }
                if let resolutionDue { text += ", resolution due \(RFC3339.string(from: resolutionDue))" }
                description.append(.field(label: "SLA", value: text))
            }
            var fields = content.fields
            if let resolutionDue { fields[.slaDue] = .date(resolutionDue) }
            // One task: the case marker alone; several: the team, and the department when the
            // team does not already say it.
            let suffix: String? =
                route.assignments.count > 1
                ? (assignment.department.map { $0.rawValue == assignment.team ? assignment.team : "\(assignment.team)-\($0.rawValue)" }
                    ?? assignment.team) : nil
            let checklist = (configuration.checklists[subject.profile.kind] ?? []) + content.checklist + route.target.checklist
            var seen = Set<String>()
            let team = configuration.teams[assignment.team]
            items.append(AssignedWork(item:
                WorkItem(
                    title: content.title, description: description, priority: priority, dueAt: due,
                    assigneeIDs: assigneeIDs(team, tracker: assignment.tracker), labels: route.target.labels,
                    checklist: checklist.filter { seen.insert($0).inserted }.map { ChecklistEntry(title: $0) },
                    documents: content.documents, destination: assignment.destination,
                    marker: IdempotencyMarker(
                            partner: subject.partner.id, namespace: content.markerNamespace, subject: content.markerSubject,
                            suffix: suffix),
                    fields: fields, partnerId: subject.partner.id, caseId: content.caseId), assignment: assignment))
        }
        return items
    }

    func assigneeIDs(_ team: TeamConfiguration?, tracker: Tracker) -> [String] {
        switch tracker {
        case .planner: return team?.planner?.assignees ?? []
        case .clickUp: return team?.clickUp?.assignees.map(String.init) ?? []
        }
    }

    /// What the work is about, independent of the team it goes to.
    struct Content {
        var title: String
        var description: [DescriptionBlock]
        var checklist: [String] = []
        var documents: [DocumentLink] = []
        var fields: [WorkFieldKey: WorkFieldValue] = [:]
        var requestedDue: Date?
        var caseId: CaseID?
        var markerNamespace: MarkerNamespace = .case
        var markerSubject: String
    }

    func content(for event: CommunityEvent, subject: RoutingSubject) throws(TranslationError) -> Content {
        let partner = subject.partner
        let partnerName = partner.name ?? partner.id.rawValue
        var partnerLine = "\(partnerName) (\(partner.id)"
        if let tier = partner.tier { partnerLine += ", \(tier)" }
        if let address = partner.ediAddress { partnerLine += ", EDI \(address)" }
        partnerLine += ")"
        var fields: [WorkFieldKey: WorkFieldValue] = [.partner: .text("\(partnerName) (\(partner.id))")]
        func referenceBlocks(_ references: [TransactionReference], amount: Money?) -> [DescriptionBlock] {
            var blocks: [DescriptionBlock] = []
            if !references.isEmpty { blocks.append(.bullets(references.map(\.description))) }
            if let amount { blocks.append(.field(label: "Amount", value: amount.description)) }
            return blocks
        }
        func documentLinks(_ documents: [Document]) -> [DocumentLink] { documents.map(DocumentLink.init) }

        switch event.body {
        case .caseOpened(let partnerCase):
            let kindWords = PostWording.words(for: partnerCase.kind)
            var title = "\(partnerName) · \(kindWords.capitalizedFirst)"
            if let reference = partnerCase.keyReference { title += " · \(reference)" }
            var description: [DescriptionBlock] = [
                .heading("\(kindWords.capitalizedFirst) reported by \(partnerName)"),
                .field(label: "Partner", value: partnerLine),
                .field(label: "Case", value: "\(partnerCase.id), partner priority \(partnerCase.priority)"),
            ]
            description += referenceBlocks(partnerCase.references, amount: partnerCase.amount)
            if let dueBy = partnerCase.dueBy { description.append(.field(label: "Partner asks for a resolution by", value: RFC3339.string(from: dueBy))) }
            if partnerCase.departments.count > 1 {
                description.append(.field(label: "Departments involved", value: partnerCase.departments.map { PostWording.splitCamelCase($0.rawValue) }.joined(separator: ", ")))
            }
            if let detail = partnerCase.detail { description.append(.paragraph(detail)) }
            for document in partnerCase.documents { description.append(.link(title: document.name, url: document.url ?? "")) }
            fields[.caseId] = .text(partnerCase.id.rawValue)
            if let reference = partnerCase.keyReference { fields[.transactionReference] = .text(reference.description) }
            if let amount = partnerCase.amount { fields[.amount] = .money(amount) }
            return Content(
                title: title, description: description.filter(\.isMeaningful), documents: documentLinks(partnerCase.documents), fields: fields,
                requestedDue: partnerCase.dueBy, caseId: partnerCase.id, markerSubject: partnerCase.id.rawValue)

        case .documentUploaded(let upload):
            let document = upload.document
            let kindWords = PostWording.splitCamelCase(document.kind.rawValue)
            var description: [DescriptionBlock] = [
                .heading("Review \(kindWords) from \(partnerName)"), .field(label: "Partner", value: partnerLine),
                .field(label: "Document", value: document.name),
            ]
            var checklist = ["Check the document is complete and legible", "Approve or reject it"]
            if let expiry = document.expiresOn {
                description.append(.field(label: "Expires on", value: expiry.description))
                checklist.insert("Check the expiry date (\(expiry))", at: 1)
            }
            if let caseId = upload.caseId {
                description.append(.field(label: "Case", value: caseId.rawValue))
                fields[.caseId] = .text(caseId.rawValue)
            }
            if let url = document.url { description.append(.link(title: document.name, url: url)) }
            return Content(
                title: "\(partnerName) · Review \(kindWords) · \(document.name)", description: description, checklist: checklist,
                documents: [DocumentLink(document)], fields: fields, caseId: upload.caseId, markerNamespace: .document,
                markerSubject: document.id.rawValue)

        case .requestSubmitted(let request):
            let kindWords = PostWording.splitCamelCase(request.kind.rawValue)
            var description: [DescriptionBlock] = [
                .heading("\(kindWords.capitalizedFirst) requested by \(partnerName)"), .field(label: "Partner", value: partnerLine),
                .field(label: "Request", value: "\(request.id): \(request.title)"),
            ]
            description += referenceBlocks(request.references, amount: request.amount)
            if let detail = request.detail { description.append(.paragraph(detail)) }
            for document in request.documents { description.append(.link(title: document.name, url: document.url ?? "")) }
            if let reference = request.references.min(by: { $0.type.prominence < $1.type.prominence }) {
                fields[.transactionReference] = .text(reference.description)
            }
            if let amount = request.amount { fields[.amount] = .money(amount) }
            fields[.caseId] = .text(request.id.rawValue)
            return Content(
                title: "\(partnerName) · Approve \(kindWords) · \(request.title)", description: description.filter(\.isMeaningful),
                checklist: ["Check the request against the agreement", "Approve or reject it with a note for the partner"],
                documents: documentLinks(request.documents), fields: fields, markerNamespace: .request, markerSubject: request.id.rawValue)

        case .actionItemIdentified(let identified):
            let item = identified.actionItem
            let firstLine = item.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? item.text
            var description: [DescriptionBlock] = [.heading("Action item from a discussion with \(partnerName)"), .field(label: "Partner", value: partnerLine)]
            if let caseId = identified.caseId {
                description.append(.field(label: "Case", value: caseId.rawValue))
                fields[.caseId] = .text(caseId.rawValue)
            }
            if let owner = item.owner { description.append(.field(label: "Owner hint", value: owner)) }
            description.append(.paragraph(item.text))
            return Content(
                title: "\(partnerName) · Action: \(firstLine)", description: description, fields: fields, requestedDue: item.dueBy,
                caseId: identified.caseId, markerNamespace: .actionItem, markerSubject: item.id.rawValue)

        case .partnerAdded(let added):
            guard let program = configuration.programs[added.program] else {
                throw TranslationError(reason: .unknownProgram(added.program), eventId: event.id)
            }
            let description: [DescriptionBlock] = [
                .heading("Onboard \(partnerName)"), .field(label: "Partner", value: partnerLine), .field(label: "Programme", value: program.name),
                .bullets(program.steps.map { step in step.dependsOn.isEmpty ? step.title : "\(step.title) (after \(step.dependsOn.map(\.rawValue).joined(separator: ", ")))" }),
            ]
            return Content(
                title: "\(partnerName) · Onboarding · \(program.name)", description: description, checklist: program.steps.map(\.title),
                fields: fields, markerNamespace: .onboarding, markerSubject: program.name)

        case .complianceRequirementTriggered(let requirement):
            var description: [DescriptionBlock] = [
                .heading("Compliance requirement for \(partnerName)"), .field(label: "Partner", value: partnerLine),
                .field(label: "Requirement", value: "\(requirement.id): \(requirement.title)"),
            ]
            if let dueBy = requirement.dueBy { description.append(.field(label: "Due", value: RFC3339.string(from: dueBy))) }
            if let detail = requirement.detail { description.append(.paragraph(detail)) }
            return Content(
                title: "\(partnerName) · Compliance · \(requirement.title)", description: description, fields: fields,
                requestedDue: requirement.dueBy, markerNamespace: .compliance, markerSubject: requirement.id.rawValue)

        case .caseUpdated, .messagePosted, .caseWithdrawn, .requirementCompleted, .acknowledgementReceived:
            return Content(title: "", description: [], markerSubject: event.id.rawValue)
        }
    }
}

extension DescriptionBlock {
    /// Whether the block has content (empty links from documents without URLs are dropped).
    var isMeaningful: Bool {
        if case .link(_, let url) = self { return !url.isEmpty }
        return true
    }
}

extension String {
    /// The text with its first character upper-cased.
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
