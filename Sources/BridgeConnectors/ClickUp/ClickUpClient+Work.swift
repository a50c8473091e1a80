#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeModels
public import BridgeMapping

/// What ``ClickUpClient/createWork(_:in:community:documentDigests:lookUpExistingFirst:)`` did.
public struct ClickUpCreatedWork: Hashable, Sendable {
    /// The task's id.
    public var taskId: String
    /// The attachment ids, one per document of the work item, in the item's order (an
    /// attachment found already on the task counts).
    public var attachmentIds: [String]
    /// Whether the task existed already (found by its idempotency marker after an ambiguous
    /// create, or before creating when asked to look first), so no task was created.
    public var foundExisting: Bool
    /// How many times Create Task was sent (0 when the task was found before creating).
    public var createRequestsSent: Int

    /// Creates a value.
    public init(taskId: String, attachmentIds: [String], foundExisting: Bool, createRequestsSent: Int) {
        self.taskId = taskId
        self.attachmentIds = attachmentIds
        self.foundExisting = foundExisting
        self.createRequestsSent = createRequestsSent
    }
}

/// What to do with a field that changed in ClickUp since the bridge last wrote it, when the
/// bridge now wants to change it too.
public enum ClickUpRemoteEditPolicy: Hashable, Sendable {
    /// Leave the value people set in ClickUp (the field is reported in
    /// ``ClickUpWorkUpdate/keptRemoteEdits``). The default.
    case keepRemoteEdits
    /// Write the bridge's value anyway.
    case overwrite
}

/// What ``ClickUpClient/updateWork(from:to:in:taskId:policy:)`` did.
public struct ClickUpWorkUpdate: Hashable, Sendable {
    /// The task's id.
    public var taskId: String
    /// The requests sent, in order (those of `ClickUpRequests.updating(from:to:in:taskId:)`
    /// that were still needed, an Update Task body reduced to the fields still needed).
    public var sent: [PlannedRequest]
    /// Fields not written because ClickUp already had the new value: `name`, `priority`,
    /// `due_date`, `start_date`, `assignees`, `custom_field:<id>`, `tag:<name>`.
    public var alreadyCurrent: [String]
    /// Fields left as people changed them in ClickUp (with ``ClickUpRemoteEditPolicy/keepRemoteEdits``);
    /// same names as ``alreadyCurrent``.
    public var keptRemoteEdits: [String]

    /// Creates a value.
    public init(taskId: String, sent: [PlannedRequest], alreadyCurrent: [String], keptRemoteEdits: [String]) {
        self.taskId = taskId
        self.sent = sent
        self.alreadyCurrent = alreadyCurrent
        self.keptRemoteEdits = keptRemoteEdits
    }
}

extension ClickUpClient {
    /// Creates a work item's task and attaches its documents: the `ClickUpRequests.creating`
    /// plan (Create Task with custom fields inline, then one upload per document).
    ///
    /// **Idempotent by the item's marker.** When Create Task fails ambiguously (the request may
    /// have been applied: the connection dropped, a gateway answered 502), the client looks the
    /// marker up in the list (in the `caseId` custom field with a filtered search when the
    /// destination maps one, then at the end of every task's name) and creates again only when
    /// it is absent, at most ``Configuration/createAttempts`` times. Set `lookUpExistingFirst`
    /// when an earlier run may have created the task (a replay after a crash, or after this
    /// method threw: Create Task may have succeeded before an upload failed) to look before the
    /// first create. If the look-up cannot read the whole list within
    /// ``Configuration/maxPages``, an ambiguous error is thrown instead of risking a duplicate
    /// (the create's own error after an ambiguous create; ``ConnectorError/Code/ambiguous``
    /// when looking first).
    ///
    /// Uploads are made idempotent the same way: after an ambiguous upload, and for a task that
    /// existed already, the task's attachments are read and a document whose file name is
    /// there (on an attachment not already counted for an earlier document of the item) is not
    /// uploaded again.
    ///
    /// Before creating, the status name for `WorkStatus.open` is checked against the list's
    /// statuses.
    ///
    /// - Parameters:
    ///   - item: The work item (its destination must be a ClickUp list).
    ///   - destination: The team's ClickUp settings.
    ///   - community: Where the documents' bytes come from.
    ///   - documentDigests: The community's SHA-256 per document (`Document/sha256`); a document
    ///     listed here is checked while it is read.
    ///   - lookUpExistingFirst: Look the marker up before the first create.
    /// - Returns: The task id, the attachment ids, and whether the task existed already.
    /// - Throws: `InputError` from the mapping or for a status the list lacks;
    ///   ``ConnectorError``; ``CommunityAdapterError`` from reading a document.
    public func createWork(
        _ item: WorkItem, in destination: ClickUpDestination, community: any CommunityAdapter,
        documentDigests: [DocumentID: String] = [:], lookUpExistingFirst: Bool = false
    ) async throws -> ClickUpCreatedWork {
        let plan = try ClickUpRequests.creating(item, in: destination)
        guard let create = plan.first, create.purpose == .createTask, case .clickUp(let listId) = item.destination else {
            throw InputError(path: JSONPath.root.appending(key: "destination"), reason: .missing)
        }
        if let status = try ClickUpPayloads.createTask(for: item, in: destination).status {
            try await checkStatus(status, inList: listId)
        }
        let (task, foundExisting, sent) = try await createOrFind(
            create, marker: item.marker, inList: listId, caseIdField: destination.customFields[.caseId],
            lookUpFirst: lookUpExistingFirst)
        let taskID = ClickUpTaskID(task.id)
        let uploads = plan.dropFirst().filter { $0.purpose == .uploadAttachment }
        var attached: [ClickUpAttachment]? = foundExisting && !uploads.isEmpty ? try await attachments(of: taskID) : nil
        var attachmentIds: [String] = []
        // An attachment already counted for an earlier document of this item is not counted
        // again: two documents with the same file name are two attachments.
        func unclaimed(named name: String) -> ClickUpAttachment? {
            attached?.first { $0.title == name && !attachmentIds.contains($0.id) }
        }
        for planned in uploads {
            guard case .multipart(let file)? = planned.body else { continue }
            let sentName = MultipartFormBody.escapedParameter(
                MultipartFormBody.cleanedFileName(file.fileName, fallback: file.documentId.rawValue))
            if let existing = unclaimed(named: sentName) {
                attachmentIds.append(existing.id)
                continue
            }
            let content = try await community.fetchDocument(file.documentId)
            do {
                let attachment = try await upload(
                    planned, content: content, values: [PlannedRequest.Placeholder.taskId.name: task.id],
                    sha256: documentDigests[file.documentId])
                attachmentIds.append(attachment.id)
            } catch let error as ConnectorError where error.isAmbiguous {
                attached = try await attachments(of: taskID)
                guard let existing = unclaimed(named: sentName) else { throw error }
                attachmentIds.append(existing.id)
            }
        }
        return ClickUpCreatedWork(
            taskId: task.id, attachmentIds: attachmentIds, foundExisting: foundExisting, createRequestsSent: sent)
    }

    /// Changes a work item's task from `old` to `new`: the `ClickUpRequests.updating` plan
    /// (Update Task, Set Custom Field Value or clear per changed field, one request per tag
    /// added or removed), after re-reading the task.
    ///
    /// ClickUp has no ETags, so the task is read first (clickup-api.md: re-read before
    /// overwriting) and each planned change is compared with what ClickUp holds:
    /// - already the new value: not sent (listed in ``ClickUpWorkUpdate/alreadyCurrent``);
    /// - neither the old nor the new value (someone changed it in ClickUp): not sent with
    ///   ``ClickUpRemoteEditPolicy/keepRemoteEdits`` (listed in
    ///   ``ClickUpWorkUpdate/keptRemoteEdits``), sent with ``ClickUpRemoteEditPolicy/overwrite``;
    /// - otherwise sent. Descriptions are always sent when they change: ClickUp converts
    ///   Markdown, so what it returns cannot be compared with what was written.
    ///
    /// Assignee additions and removals are reduced to the users still to add or remove.
    /// Nothing is read or sent when `old` and `new` map to the same requests.
    ///
    /// - Throws: `InputError` from the mapping; ``ConnectorError``.
    public func updateWork(
        from old: WorkItem, to new: WorkItem, in destination: ClickUpDestination, taskId: String,
        policy: ClickUpRemoteEditPolicy = .keepRemoteEdits
    ) async throws -> ClickUpWorkUpdate {
        var result = ClickUpWorkUpdate(taskId: taskId, sent: [], alreadyCurrent: [], keptRemoteEdits: [])
        guard try !ClickUpRequests.updating(from: old, to: new, in: destination, taskId: taskId).isEmpty else { return result }
        let reference = TaskReference.id(taskId)
        let remote = try await task(ClickUpTaskID(taskId))
        var plan: [PlannedRequest] = []
        func decide(_ field: String, current: Bool, remoteUnchanged: Bool) -> Bool {
            if current {
                result.alreadyCurrent.append(field)
                return false
            }
            if !remoteUnchanged && policy == .keepRemoteEdits {
                result.keptRemoteEdits.append(field)
                return false
            }
            return true
        }
        if var update = try ClickUpPayloads.taskUpdate(from: old, to: new, in: destination) {
            if let name = update.name,
                !decide("name", current: remote.name == name, remoteUnchanged: remote.name == (try ClickUpPayloads.name(for: old)))
            {
                update.name = nil
            }
            if let priority = update.priority,
                !decide("priority", current: remote.priority == priority.value, remoteUnchanged: remote.priority == old.priority)
            {
                update.priority = nil
            }
            if let due = update.dueDate,
                !decide("due_date", current: Self.sameInstant(remote.dueDate, due.value), remoteUnchanged: Self.sameInstant(remote.dueDate, old.dueAt))
            {
                update.dueDate = nil
            }
            if let start = update.startDate,
                !decide("start_date", current: Self.sameInstant(remote.startDate, start.value), remoteUnchanged: Self.sameInstant(remote.startDate, old.startAt))
            {
                update.startDate = nil
            }
            if let assignees = update.assignees {
                let present = Set(remote.assignees.map(\.id))
                let changes = ClickUpAssigneeChanges(
                    add: assignees.add.filter { !present.contains($0) }, rem: assignees.rem.filter { present.contains($0) })
                if changes.add.isEmpty && changes.rem.isEmpty {
                    result.alreadyCurrent.append("assignees")
                    update.assignees = nil
                } else {
                    update.assignees = changes
                }
            }
            if !update.isEmpty { plan.append(try ClickUpRequests.updateTask(reference, update)) }
        }
        let oldValues = try ClickUpPayloads.customFieldValues(for: old, in: destination)
        for (fieldId, change) in try ClickUpPayloads.customFieldChanges(from: old, to: new, in: destination) {
            let remoteValue = remote.customFields.first { $0.id == fieldId }?.value
            let oldValue = oldValues.first { $0.fieldId == fieldId }?.value
            let field = "custom_field:" + fieldId
            switch change {
            case .set(let value):
                if decide(field, current: Self.matches(remoteValue, value), remoteUnchanged: Self.matches(remoteValue, oldValue)) {
                    plan.append(try ClickUpRequests.setCustomField(reference, fieldId: fieldId, ClickUpSetCustomFieldValue(value: value)))
                }
            case .clear:
                if decide(field, current: Self.matches(remoteValue, nil), remoteUnchanged: Self.matches(remoteValue, oldValue)) {
                    plan.append(ClickUpRequests.clearCustomField(reference, fieldId: fieldId))
                }
            }
        }
        let remoteTags = Set(remote.tags.map { $0.lowercased() })
        let tags = ClickUpPayloads.tagChanges(from: old, to: new)
        for tag in tags.add {
            if remoteTags.contains(tag.lowercased()) { result.alreadyCurrent.append("tag:" + tag) } else { plan.append(ClickUpRequests.addTag(reference, tag: tag)) }
        }
        for tag in tags.remove {
            if !remoteTags.contains(tag.lowercased()) { result.alreadyCurrent.append("tag:" + tag) } else { plan.append(ClickUpRequests.removeTag(reference, tag: tag)) }
        }
        for planned in plan {
            try await send(planned, isIdempotent: planned.purpose == .setCustomField || planned.purpose == .addTag ? true : nil)
            result.sent.append(planned)
        }
        return result
    }

    // MARK: - Idempotency look-ups

    /// Sends Create Task until it succeeds, or finds the task by its marker after an ambiguous
    /// failure (and before the first attempt when `lookUpFirst`).
    ///
    /// - Returns: The task, whether it existed already, and how many creates were sent.
    private func createOrFind(
        _ create: PlannedRequest, marker: IdempotencyMarker, inList listId: String, caseIdField: String?, lookUpFirst: Bool
    ) async throws -> (task: ClickUpTask, foundExisting: Bool, sent: Int) {
        if lookUpFirst {
            switch try await lookUp(marker, inList: listId, caseIdField: caseIdField) {
            case .found(let existing):
                return (existing, true, 0)
            case .absent:
                break
            case .unknown:
                // The page limit stopped the search: the task an earlier run made may exist.
                throw ConnectorError(
                    code: .ambiguous, connector: .clickUp, operation: create.purpose.rawValue,
                    message: "the marker look-up read \(configuration.maxPages) pages without reaching the end of "
                        + "the list; the task may exist, so nothing was created (raise maxPages)")
            }
        }
        var sent = 0
        while true {
            sent += 1
            do {
                return (try await send(create, decoding: ClickUpTask.self), false, sent)
            } catch let error as ConnectorError where error.isAmbiguous {
                switch try await lookUp(marker, inList: listId, caseIdField: caseIdField) {
                case .found(let existing): return (existing, true, sent)
                case .absent where sent < configuration.createAttempts: continue
                case .absent, .unknown: throw error
                }
            }
        }
    }

    /// The outcome of looking a marker up.
    enum MarkerLookup {
        case found(ClickUpTask)
        case absent
        /// The page limit stopped the search before the list's end.
        case unknown
    }

    /// Looks for the task carrying `marker`: first by the `caseId` custom field (a filtered
    /// search), then in every task's name (closed tasks and subtasks included).
    func lookUp(_ marker: IdempotencyMarker, inList listId: String, caseIdField: String?) async throws -> MarkerLookup {
        if let caseIdField {
            let filtered = ClickUpTaskQuery(
                includeClosed: true, includeSubtasks: true,
                customFieldEquals: [ClickUpCustomFieldFilter(fieldId: caseIdField, value: marker.rawValue)])
            if case .found(let task) = try await scan(listId, query: filtered, marker: marker, caseIdField: caseIdField) {
                return .found(task)
            }
        }
        return try await scan(listId, query: ClickUpTaskQuery(includeClosed: true, includeSubtasks: true), marker: marker, caseIdField: caseIdField)
    }

    private func scan(_ listId: String, query: ClickUpTaskQuery, marker: IdempotencyMarker, caseIdField: String?)
        async throws -> MarkerLookup
    {
        var complete = false
        for try await page in taskPages(inList: listId, query: query) {
            if let task = page.tasks.first(where: { MarkerPlacement.marker(in: $0, caseIdFieldId: caseIdField) == marker }) {
                return .found(task)
            }
            complete = page.isLastPage
        }
        return complete ? .absent : .unknown
    }

    /// The attachments of a task, from Get Task.
    func attachments(of task: ClickUpTaskID) async throws -> [ClickUpAttachment] {
        try await send(task.addressing(ClickUpRequests.readTask(task.reference)), decoding: ClickUpTaskAttachments.self)
            .attachments
    }

    // MARK: - Comparisons with what ClickUp holds

    static func sameInstant(_ lhs: Date?, _ rhs: Date?) -> Bool {
        lhs?.epochMilliseconds == rhs?.epochMilliseconds
    }

    /// Whether a custom field value read from ClickUp equals a value the bridge writes (`nil`:
    /// unset).
    static func matches(_ remote: ClickUpFieldValue?, _ value: ClickUpFieldInput?) -> Bool {
        guard let value else {
            switch remote {
            case nil, .null?: return true
            case .string(let text)?: return text.isEmpty
            default: return false
            }
        }
        switch (value, remote) {
        case (.text(let text), .string(let remoteText)?): return text == remoteText
        case (.number(let number), .integer(let integer)?): return number == Decimal(integer)
        case (.number(let number), .number(let double)?): return number == Decimal(string: "\(double)")
        case (.number(let number), .string(let text)?): return Decimal(string: text) == number
        case (.date(let date, _), .integer(let milliseconds)?): return date.epochMilliseconds == milliseconds
        case (.date(let date, _), .string(let text)?): return Int64(text) == date.epochMilliseconds
        default: return false
        }
    }
}
