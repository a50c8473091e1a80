import BridgeMapping
import BridgeModels

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PlannerClient {
    /// Sends a task PATCH, merging and retrying on 412/409 (see ``updateTask(id:_:etag:)``).
    func patchTask(id: String, _ first: PlannedRequest, _ update: PlannerTaskUpdate) async throws -> PlannerTask {
        try await patchMerging(
            first, update, operation: .updateTask, read: { try await self.task(id: id) }, etag: \.etag,
            rebase: PlannerConflictMerge.rebase,
            rebuild: { (update, etag) throws(InputError) in try PlannerRequests.updateTask(.id(id), update, etag: etag)
            })
    }

    /// Sends a details PATCH, merging and retrying on 412/409 (see
    /// ``updateTaskDetails(id:_:etag:)``).
    func patchDetails(id: String, _ first: PlannedRequest, _ update: PlannerTaskDetailsUpdate) async throws
        -> PlannerTaskDetails
    {
        try await patchMerging(
            first, update, operation: .updateTaskDetails, read: { try await self.taskDetails(id: id) }, etag: \.etag,
            rebase: PlannerConflictMerge.rebase,
            rebuild: { (update, etag) throws(InputError) in
                try PlannerRequests.updateTaskDetails(.id(id), update, etag: etag)
            })
    }

    /// The conflict loop shared by task and details PATCHes: send; on 412 or 409 read the
    /// resource again, rebase the update onto it, and send what is left with the fresh ETag.
    private func patchMerging<Resource: Decodable, Update>(
        _ first: PlannedRequest, _ update: Update, operation: PlannedRequest.Purpose,
        read: () async throws -> Resource, etag: (Resource) -> String?, rebase: (Update, Resource) -> Update?,
        rebuild: (Update, String) throws(InputError) -> PlannedRequest
    ) async throws -> Resource {
        var planned = first
        var update = update
        var merges = 0
        while true {
            do {
                let (request, response) = try await send(planned)
                // Without `Prefer: return=representation` honoured, Graph answers 204: read the
                // resource for its new ETag.
                if response.body.isEmpty { return try await read() }
                return try PlannerClient.decode(Resource.self, from: response.body, for: request)
            } catch let conflict as ConnectorError
                where conflict.code == .preconditionFailed || conflict.code == .conflict
            {
                guard merges < options.conflictRetries else { throw conflict }
                merges += 1
                let fresh = try await read()
                guard let rebased = rebase(update, fresh) else { return fresh }
                guard let freshETag = etag(fresh) else {
                    throw PlannerClient.invalidResponse(
                        operation, "the resource read after a conflict has no @odata.etag")
                }
                update = rebased
                planned = try mapping(operation: operation) { () throws(InputError) in try rebuild(rebased, freshETag) }
            }
        }
    }
}

/// Re-applies this client's change onto a resource someone else changed: what is left of an
/// update once everything the fresh state already holds is dropped.
///
/// An update body carries only the fields the bridge changes, so sending it again never touches
/// a field a person changed meanwhile. Rebasing removes what would be redundant or wrong on the
/// fresh state: a value the resource already has (our own earlier write that was applied before
/// the answer was lost, or the same edit made by a person), an assignee or label to add that is
/// already there or to remove that is already gone, a checklist item or reference to delete
/// that a person deleted, and an edit (title or check mark alone) of a checklist item a person
/// deleted, so the deletion stands.
enum PlannerConflictMerge {
    /// The task fields of `update` that `task` does not hold yet, or `nil` when none is left.
    static func rebase(_ update: PlannerTaskUpdate, onto task: PlannerTask) -> PlannerTaskUpdate? {
        var rebased = update
        if rebased.title == task.title { rebased.title = nil }
        if rebased.priority == task.priority { rebased.priority = nil }
        if rebased.percentComplete == task.percentComplete { rebased.percentComplete = nil }
        if rebased.bucketId == task.bucketId { rebased.bucketId = nil }
        if holds(rebased.dueDateTime, task.dueDateTime) { rebased.dueDateTime = nil }
        if holds(rebased.startDateTime, task.startDateTime) { rebased.startDateTime = nil }
        let assigned = Set(task.assigneeIds)
        rebased.assignments = rebased.assignments.filter { userId, change in
            switch change {
            case .set: return !assigned.contains(userId)
            case .clear: return assigned.contains(userId)
            }
        }
        rebased.appliedCategories = rebased.appliedCategories.filter { category, applied in
            task.appliedCategories.contains(category) != applied
        }
        return rebased.isEmpty ? nil : rebased
    }

    /// The details of `update` that `details` does not hold yet, or `nil` when none is left.
    static func rebase(_ update: PlannerTaskDetailsUpdate, onto details: PlannerTaskDetails)
        -> PlannerTaskDetailsUpdate?
    {
        var rebased = update
        if rebased.description == details.description { rebased.description = nil }
        if rebased.previewType == details.previewType { rebased.previewType = nil }
        let items = Dictionary(details.checklist.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        rebased.checklist = rebase(rebased.checklist, onto: items) { item, current in
            // An item the fresh details lack is sent again only when the update carries it
            // whole, as an added item (title and position); an edit of an item a person deleted
            // meanwhile is dropped, so the deletion stands. Positions are not compared: the
            // service rewrites order hints, and a person may have moved the item.
            guard let current else { return item.title != nil && item.orderHint != nil }
            return item.title.map { $0 != current.title } ?? false
                || item.isChecked.map { $0 != current.isChecked } ?? false
        }
        let references = Dictionary(details.references.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        rebased.references = rebase(rebased.references, onto: references) { reference, current in
            guard let current else { return true }
            return reference.alias.map { $0 != current.alias } ?? false
                || reference.type.map { $0 != current.type } ?? false
        }
        return rebased.isEmpty ? nil : rebased
    }

    /// The changes of an open-type dictionary (checklist, references) still needed on `current`:
    /// a removal of a present key, and a value `isNeeded` says is not in effect yet.
    private static func rebase<Write, Current>(
        _ changes: [String: FieldChange<Write>], onto current: [String: Current], isNeeded: (Write, Current?) -> Bool
    ) -> [String: FieldChange<Write>] {
        changes.filter { key, change in
            switch change {
            case .clear: return current[key] != nil
            case .set(let value): return isNeeded(value, current[key])
            }
        }
    }

    /// Whether a date change is already in effect (same instant to the millisecond, or cleared).
    private static func holds(_ change: FieldChange<Date>?, _ current: Date?) -> Bool {
        switch change {
        case .none: return false
        case .clear: return current == nil
        case .set(let date): return current.map { $0.epochMilliseconds == date.epochMilliseconds } ?? false
        }
    }
}
