public import BridgeModels

/// Builds the ClickUp request bodies for a `WorkItem`.
///
/// - ``createTask(for:in:)``: the Create Task body: name with the marker, Markdown description
///   (partner text escaped by ``SafeMarkdown``), priority, dates, assignees, tags from labels, the
///   list's name for `WorkStatus/open`, and the mapped custom fields inline.
/// - ``taskUpdate(from:to:in:)``, ``customFieldChanges(from:to:in:)`` and ``tagChanges(from:to:)``:
///   what changed between two versions of a work item, split the way the API needs it (Update
///   Task cannot set custom fields or tags).
/// - ``comment(_:notifyAll:)``: a comment body with defanged text.
public enum ClickUpPayloads: Sendable {
    /// The name of the item's task: the cleaned title and ` [<marker>]`, within
    /// ``ClickUpLimits/name``.
    ///
    /// - Throws: `InputError` from ``MarkerPlacement/title(_:marker:budget:)``.
    public static func name(for item: WorkItem) throws(InputError) -> String {
        try MarkerPlacement.title(item.title, marker: item.marker, budget: ClickUpLimits.name)
    }

    /// The Markdown description of the item's task: its blocks, then a "Details" section with
    /// the internal fields that have no custom field in `destination`.
    public static func markdownContent(for item: WorkItem, in destination: ClickUpDestination) -> RenderedText {
        let unmapped = WorkFieldText.ordered(item.fields).filter { destination.customFields[$0.key] == nil }
        return DescriptionRenderer.markdown(
            item.description, appendix: WorkFieldText.blocks(unmapped), budget: ClickUpLimits.markdownContent)
    }

    /// The body that creates the item's task.
    ///
    /// - Throws: `InputError` at `$.destination` when the item goes to another tracker, at
    ///   `$.assigneeIDs[i]` for an id that is not a positive integer, at `$.fields.<key>` for a
    ///   field whose value does not fit its custom field's kind, or from ``name(for:)``.
    public static func createTask(for item: WorkItem, in destination: ClickUpDestination) throws(InputError)
        -> ClickUpTaskCreate
    {
        _ = try listId(of: item)
        let description = markdownContent(for: item, in: destination).text
        return ClickUpTaskCreate(
            name: try name(for: item), markdownContent: description.isEmpty ? nil : description, priority: item.priority,
            dueDate: item.dueAt, startDate: item.startAt, assignees: try assignees(of: item, in: destination),
            tags: tags(of: item), status: destination.statusName(for: .open),
            customFields: try customFieldValues(for: item, in: destination).map {
                ClickUpCustomFieldEntry(id: $0.fieldId, value: $0.value)
            })
    }

    /// The custom field values of an item, in ``WorkFieldText/order``: every internal field with
    /// a mapped field id, and the marker in the mapped `caseId` field.
    ///
    /// - Throws: `InputError` at `$.fields.<key>` when a value does not fit the field's kind
    ///   (text for `partner`, `caseId`, `transactionReference`; a number for `amount`; a date for
    ///   `slaDue`).
    public static func customFieldValues(for item: WorkItem, in destination: ClickUpDestination) throws(InputError)
        -> [(fieldId: String, value: ClickUpFieldInput)]
    {
        var values: [(fieldId: String, value: ClickUpFieldInput)] = []
        var keys = WorkFieldText.ordered(item.fields).map(\.key)
        if destination.customFields[.caseId] != nil, !keys.contains(.caseId) { keys.insert(.caseId, at: 0) }
        for key in WorkFieldText.order.filter(keys.contains) + keys.filter({ !WorkFieldText.order.contains($0) }) {
            guard let fieldId = destination.customFields[key] else { continue }
            if key == .caseId {
                values.append((fieldId, .text(item.marker.rawValue)))
            } else if let value = item.fields[key] {
                values.append((fieldId, try input(for: value, key: key)))
            }
        }
        return values
    }

    /// The ClickUp value of an internal field for its key's kind.
    ///
    /// - Throws: `InputError` at `$.fields.<key>` when the value cannot take that shape.
    public static func input(for value: WorkFieldValue, key: WorkFieldKey) throws(InputError) -> ClickUpFieldInput {
        let path = JSONPath.root.appending(key: "fields").appending(key: key.rawValue)
        switch (key, value) {
        case (.partner, _), (.caseId, _), (.transactionReference, _):
            return .text(ClickUpLimits.textFieldValue.truncated(TrackerText.line(WorkFieldText.text(for: value))))
        case (.amount, .number(let number)): return .number(number)
        case (.amount, .money(let money)): return .number(money.value)
        case (.amount, .text(let text)):
            guard let number = Money.parseSignedDecimal(text) else {
                throw InputError(path: path, reason: .wrongType(expected: "a number", found: "text"))
            }
            return .number(number)
        case (.amount, .date):
            throw InputError(path: path, reason: .wrongType(expected: "a number", found: "a date"))
        case (.slaDue, .date(let date)): return .date(date, includesTime: true)
        case (.slaDue, _):
            throw InputError(path: path, reason: .wrongType(expected: "a date", found: "another kind"))
        case (_, .text(let text)): return .text(ClickUpLimits.textFieldValue.truncated(TrackerText.line(text)))
        case (_, .number(let number)): return .number(number)
        case (_, .money(let money)): return .number(money.value)
        case (_, .date(let date)): return .date(date, includesTime: true)
        }
    }

    /// The task fields that change from `old` to `new`, or `nil` when none does: name,
    /// description, priority, due and start dates (a removed date is sent as `null`) and
    /// assignees (`{"add": […], "rem": […]}`).
    ///
    /// - Throws: `InputError` as ``createTask(for:in:)`` does.
    public static func taskUpdate(from old: WorkItem, to new: WorkItem, in destination: ClickUpDestination)
        throws(InputError) -> ClickUpTaskUpdate?
    {
        var update = ClickUpTaskUpdate()
        let newName = try name(for: new)
        if try name(for: old) != newName { update.name = newName }
        let newDescription = markdownContent(for: new, in: destination).text
        if markdownContent(for: old, in: destination).text != newDescription { update.markdownContent = newDescription }
        if old.priority != new.priority { update.priority = .set(new.priority) }
        update.dueDate = FieldChange.between(old.dueAt, new.dueAt)
        update.startDate = FieldChange.between(old.startAt, new.startAt)
        let before = try assignees(of: old, in: destination)
        let after = try assignees(of: new, in: destination)
        let added = after.filter { !before.contains($0) }
        let removed = before.filter { !after.contains($0) }
        if !added.isEmpty || !removed.isEmpty { update.assignees = ClickUpAssigneeChanges(add: added, rem: removed) }
        return update.isEmpty ? nil : update
    }

    /// The update that moves a task to the list's status for `status`.
    ///
    /// - Throws: `InputError` at `$.statuses.<status>` when the destination has no name for it.
    public static func statusUpdate(_ status: WorkStatus, in destination: ClickUpDestination) throws(InputError)
        -> ClickUpTaskUpdate
    {
        guard let name = destination.statusName(for: status) else {
            throw InputError(path: JSONPath.root.appending(key: "statuses").appending(key: status.rawValue), reason: .missing)
        }
        return ClickUpTaskUpdate(status: name)
    }

    /// The custom field values that change from `old` to `new`, keyed by field id: `set` for a
    /// new or changed value, `clear` for a removed one.
    ///
    /// - Throws: `InputError` as ``customFieldValues(for:in:)`` does.
    public static func customFieldChanges(from old: WorkItem, to new: WorkItem, in destination: ClickUpDestination)
        throws(InputError) -> [(fieldId: String, change: FieldChange<ClickUpFieldInput>)]
    {
        let before = try customFieldValues(for: old, in: destination)
        let after = try customFieldValues(for: new, in: destination)
        var changes: [(fieldId: String, change: FieldChange<ClickUpFieldInput>)] = []
        for entry in after where !before.contains(where: { $0.fieldId == entry.fieldId && $0.value == entry.value }) {
            changes.append((entry.fieldId, .set(entry.value)))
        }
        for entry in before where !after.contains(where: { $0.fieldId == entry.fieldId }) {
            changes.append((entry.fieldId, .clear))
        }
        return changes
    }

    /// The tags to add and remove from `old` to `new`.
    public static func tagChanges(from old: WorkItem, to new: WorkItem) -> (add: [String], remove: [String]) {
        let before = tags(of: old)
        let after = tags(of: new)
        return (after.filter { !before.contains($0) }, before.filter { !after.contains($0) })
    }

    /// A comment body: the text cleaned and defanged with ``SafeMarkdown/defanged(_:)`` (ClickUp
    /// turns URLs and `@` names in `comment_text` into links and mentions) and truncated to
    /// ``ClickUpLimits/commentText``.
    public static func comment(_ text: String, notifyAll: Bool = false) -> ClickUpCommentCreate {
        ClickUpCommentCreate(commentText: ClickUpLimits.commentText.truncated(SafeMarkdown.defanged(text)), notifyAll: notifyAll)
    }

    // MARK: - Parts

    /// The list id of an item that goes to ClickUp.
    static func listId(of item: WorkItem) throws(InputError) -> String {
        guard case .clickUp(let listId) = item.destination else {
            throw InputError(
                path: JSONPath.root.appending(key: "destination"),
                reason: .inconsistent("the work item goes to planner, not clickup"))
        }
        return listId
    }

    /// The destination's assignees followed by the item's, without duplicates.
    static func assignees(of item: WorkItem, in destination: ClickUpDestination) throws(InputError) -> [Int64] {
        var ids: [Int64] = []
        for id in destination.assignees where !ids.contains(id) { ids.append(id) }
        for (index, text) in item.assigneeIDs.enumerated() {
            guard let id = Int64(text), id > 0 else {
                throw InputError(
                    path: JSONPath.root.appending(key: "assigneeIDs").appending(index: index),
                    reason: .invalidFormat(expected: "a ClickUp user id (a positive integer)"))
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// The item's labels as tag names: cleaned, shortened to ``ClickUpLimits/tagName``, without
    /// empty names or duplicates.
    static func tags(of item: WorkItem) -> [String] {
        var tags: [String] = []
        for label in item.labels {
            let tag = ClickUpLimits.tagName.truncated(TrackerText.line(label))
            if !tag.isEmpty && !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }
}
