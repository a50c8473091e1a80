public import BridgeModels

/// Builds the Planner request bodies for a `WorkItem`.
///
/// - ``createTask(for:in:)``: the `POST /planner/tasks` body: title with the marker, plan and
///   bucket, priority, dates, assignees (the team's and the work item's), label slots.
/// - ``detailsUpdate(for:)``: the `PATCH /planner/tasks/{id}/details` body: description as plain
///   text (with the internal fields and whatever did not fit elsewhere), checklist with
///   deterministic GUID keys, document references.
/// - ``taskUpdate(from:to:in:)`` and ``detailsUpdate(from:to:)``: only what changed between two
///   versions of a work item.
///
/// **Checklist overflow.** Planner allows 20 checklist items (``PlannerLimits/checklistItems``).
/// Up to 20 items are sent as they are. With more, the first 19 are sent, the 20th item reads
/// `+N more items in the description` (checked when all of them are), and the N items are listed
/// under "More checklist items" in the description.
///
/// **References.** Documents with an `http`/`https` URL become references, at most 10
/// (``PlannerLimits/references``), in document order; a second document with the same URL is
/// skipped. Documents beyond 10 or without a web URL are listed under "More documents" in the
/// description.
public enum PlannerPayloads: Sendable {
    /// The title of the item's task: the cleaned title and ` [<marker>]`, within
    /// ``PlannerLimits/title``.
    ///
    /// - Throws: `InputError` from ``MarkerPlacement/title(_:marker:budget:)``.
    public static func title(for item: WorkItem) throws(InputError) -> String {
        try MarkerPlacement.title(item.title, marker: item.marker, budget: PlannerLimits.title)
    }

    /// The body that creates the item's task.
    ///
    /// The plan and bucket come from the item's destination (the settings' bucket when the
    /// item names none); assignees are the settings' followed by the item's, without duplicates;
    /// label slots come from the settings' category map (unmapped labels are not applied).
    ///
    /// - Throws: `InputError` at `$.destination` when the item goes to another tracker, at
    ///   `$.assigneeIDs[i]` for an id that is not a GUID, at `$.assigneeIDs` for more than 20
    ///   assignees, at `$.startAt` when the start is after the due date (Graph answers 400), or
    ///   from ``title(for:)``.
    public static func createTask(for item: WorkItem, in destination: PlannerDestination) throws(InputError)
        -> PlannerTaskCreate
    {
        let resolved = try Resolved(item, destination)
        return PlannerTaskCreate(
            planId: resolved.planId, bucketId: resolved.bucketId, title: try title(for: item),
            priority: PlannerWire.priority(item.priority), startDateTime: item.startAt, dueDateTime: item.dueAt,
            assignments: Dictionary(uniqueKeysWithValues: resolved.assignees.map { ($0, PlannerAssignment()) }),
            appliedCategories: resolved.categories)
    }

    /// The body that fills in the item's task details, or `nil` when there is nothing to fill
    /// in (no description, checklist, fields or documents).
    public static func detailsUpdate(for item: WorkItem) -> PlannerTaskDetailsUpdate? {
        let details = Details(item)
        guard !details.description.isEmpty || !details.checklist.isEmpty || !details.references.isEmpty else {
            return nil
        }
        return PlannerTaskDetailsUpdate(
            description: details.description.isEmpty ? nil : details.description, previewType: .automatic,
            checklist: details.checklist.mapValues { .set($0) }, references: details.references.mapValues { .set($0) })
    }

    /// The plain-text description of the item's task (what ``detailsUpdate(for:)`` sends).
    public static func description(for item: WorkItem) -> RenderedText {
        Details(item).rendered
    }

    /// The task fields that change from `old` to `new`, or `nil` when none does.
    ///
    /// Compared: title (with marker), priority, due and start dates (a removed date is sent as
    /// `null`), bucket, assignments (added ones with an assignment value, removed ones as
    /// `null`) and label slots (added `true`, removed `false`). Progress is not part of a work
    /// item; set ``PlannerTaskUpdate/percentComplete`` explicitly.
    ///
    /// - Throws: `InputError` as ``createTask(for:in:)`` does, and at `$.destination` when the
    ///   plan changes (a Planner task cannot move to another plan).
    public static func taskUpdate(from old: WorkItem, to new: WorkItem, in destination: PlannerDestination)
        throws(InputError) -> PlannerTaskUpdate?
    {
        let before = try Resolved(old, destination)
        let after = try Resolved(new, destination)
        guard before.planId == after.planId else {
            throw InputError(
                path: JSONPath.root.appending(key: "destination"),
                reason: .inconsistent("a Planner task cannot move to another plan"))
        }
        var update = PlannerTaskUpdate()
        let oldTitle = try title(for: old)
        let newTitle = try title(for: new)
        if oldTitle != newTitle { update.title = newTitle }
        if old.priority != new.priority { update.priority = PlannerWire.priority(new.priority) }
        update.dueDateTime = FieldChange.between(old.dueAt, new.dueAt)
        update.startDateTime = FieldChange.between(old.startAt, new.startAt)
        if let bucket = after.bucketId, bucket != before.bucketId { update.bucketId = bucket }
        for id in after.assignees where !before.assignees.contains(id) { update.assignments[id] = .set(PlannerAssignment()) }
        for id in before.assignees where !after.assignees.contains(id) { update.assignments[id] = .clear }
        for category in after.categories.subtracting(before.categories) { update.appliedCategories[category] = true }
        for category in before.categories.subtracting(after.categories) { update.appliedCategories[category] = false }
        return update.isEmpty ? nil : update
    }

    /// The details that change from `old` to `new`, or `nil` when none does: the description
    /// when it differs, checklist items added (with their position), removed (`null`) or changed
    /// (title or check mark), references added, removed or renamed.
    public static func detailsUpdate(from old: WorkItem, to new: WorkItem) -> PlannerTaskDetailsUpdate? {
        let before = Details(old)
        let after = Details(new)
        var update = PlannerTaskDetailsUpdate()
        if before.description != after.description { update.description = after.description }
        for (key, item) in after.checklist {
            if let previous = before.checklist[key] {
                if previous.title != item.title || previous.isChecked != item.isChecked {
                    update.checklist[key] = .set(PlannerChecklistItemWrite(title: item.title, isChecked: item.isChecked))
                }
            } else {
                update.checklist[key] = .set(item)
            }
        }
        for key in before.checklist.keys where after.checklist[key] == nil { update.checklist[key] = .clear }
        for (key, reference) in after.references where before.references[key] != reference {
            update.references[key] = .set(reference)
        }
        for key in before.references.keys where after.references[key] == nil { update.references[key] = .clear }
        return update.isEmpty ? nil : update
    }

    // MARK: - Resolution

    /// Plan, bucket, assignees and label slots of an item in a destination.
    struct Resolved {
        var planId: String
        var bucketId: String?
        var assignees: [String]
        var categories: Set<PlannerCategory>

        init(_ item: WorkItem, _ destination: PlannerDestination) throws(InputError) {
            switch item.destination {
            case .planner(let planId, let bucketId):
                self.planId = planId
                self.bucketId = bucketId ?? destination.bucketId
            case .clickUp:
                throw InputError(
                    path: JSONPath.root.appending(key: "destination"),
                    reason: .inconsistent("the work item goes to clickup, not planner"))
            }
            var assignees: [String] = []
            for id in destination.assignees where !assignees.contains(id) { assignees.append(id) }
            for (index, id) in item.assigneeIDs.enumerated() {
                guard GUIDText.isGUID(id) else {
                    throw InputError(
                        path: JSONPath.root.appending(key: "assigneeIDs").appending(index: index),
                        reason: .invalidFormat(expected: "a Planner user object id (GUID)"))
                }
                if !assignees.contains(id) { assignees.append(id) }
            }
            guard assignees.count <= PlannerLimits.assigneesPerTask else {
                throw InputError(
                    path: JSONPath.root.appending(key: "assigneeIDs"),
                    reason: .tooManyItems(limit: PlannerLimits.assigneesPerTask, count: assignees.count))
            }
            self.assignees = assignees
            categories = Set(item.labels.compactMap { destination.category(forLabel: $0) })
            if let start = item.startAt, let due = item.dueAt, start > due {
                throw InputError(
                    path: JSONPath.root.appending(key: "startAt"), reason: .inconsistent("the work starts after it is due"))
            }
        }
    }

    /// Description, checklist and references of an item's details.
    struct Details {
        var rendered: RenderedText
        var description: String { rendered.text }
        var checklist: [String: PlannerChecklistItemWrite] = [:]
        var references: [String: PlannerReferenceWrite] = [:]

        init(_ item: WorkItem) {
            // Checklist: up to 20 items; beyond, 19 and a pointer to the description.
            let entries = item.checklist.compactMap { entry -> ChecklistEntry? in
                let title = TrackerText.line(entry.title)
                return title.isEmpty ? nil : ChecklistEntry(title: title, isChecked: entry.isChecked)
            }
            let limit = PlannerLimits.checklistItems
            var kept = entries
            var overflow: [ChecklistEntry] = []
            if entries.count > limit {
                kept = Array(entries.prefix(limit - 1))
                overflow = Array(entries.dropFirst(limit - 1))
                kept.append(
                    ChecklistEntry(
                        title: "+\(overflow.count) more items in the description",
                        isChecked: overflow.allSatisfy(\.isChecked)))
            }
            var occurrences: [String: Int] = [:]
            var checklist: [String: PlannerChecklistItemWrite] = [:]
            for (position, entry) in kept.enumerated() {
                let occurrence = occurrences[entry.title, default: 0]
                occurrences[entry.title] = occurrence + 1
                let key = PlannerWire.checklistKey(marker: item.marker, title: entry.title, occurrence: occurrence)
                checklist[key] = PlannerChecklistItemWrite(
                    title: PlannerLimits.checklistItemTitle.truncated(entry.title), isChecked: entry.isChecked,
                    orderHint: PlannerWire.orderHint(position: position))
            }
            self.checklist = checklist

            // References: documents with a web URL, at most 10.
            var references: [String: PlannerReferenceWrite] = [:]
            var unlisted: [DocumentLink] = []
            for document in item.documents {
                guard let url = document.url, Document.isWebURL(url) else {
                    unlisted.append(document)
                    continue
                }
                let key = PlannerWire.referenceKey(forURL: url)
                if references[key] != nil { continue }
                guard references.count < PlannerLimits.references else {
                    unlisted.append(document)
                    continue
                }
                let alias = PlannerLimits.referenceAlias.truncated(TrackerText.line(document.name))
                references[key] = PlannerReferenceWrite(
                    alias: alias.isEmpty ? nil : alias, type: PlannerReferenceKind(fileName: document.name, mediaType: document.mediaType),
                    previewPriority: PlannerWire.orderHint(position: references.count))
            }
            self.references = references

            var appendix = WorkFieldText.blocks(WorkFieldText.ordered(item.fields))
            if !overflow.isEmpty {
                appendix.append(.heading("More checklist items"))
                appendix.append(.bullets(overflow.map { ($0.isChecked ? "[x] " : "[ ] ") + $0.title }))
            }
            if !unlisted.isEmpty {
                appendix.append(.heading("More documents"))
                appendix.append(.bullets(unlisted.map { document in
                    let name = TrackerText.line(document.name)
                    guard let url = document.url, !url.isEmpty else { return name }
                    return name + ": " + TrackerText.line(url)
                }))
            }
            rendered = DescriptionRenderer.plainText(item.description, appendix: appendix, budget: PlannerLimits.description)
        }
    }
}
