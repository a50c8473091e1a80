import BridgeConnectors
import BridgeMapping
import BridgeModels

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Which request a method and path are.
enum PlannerFakeRoute: Hashable, Sendable {
    case createTask
    case readTask(String)
    case updateTask(String)
    case deleteTask(String)
    case readTaskDetails(String)
    case updateTaskDetails(String)
    case listTasks(planId: String)
    case batch

    init?(_ request: PlannerFakeRequest) {
        let segments = request.segments
        switch (request.method, segments.count) {
        case ("POST", 2) where segments == ["planner", "tasks"]: self = .createTask
        case ("POST", 1) where segments == ["$batch"]: self = .batch
        case (_, 3) where segments[0] == "planner" && segments[1] == "tasks":
            switch request.method {
            case "GET": self = .readTask(segments[2])
            case "PATCH": self = .updateTask(segments[2])
            case "DELETE": self = .deleteTask(segments[2])
            default: return nil
            }
        case (_, 4) where segments[0] == "planner" && segments[1] == "tasks" && segments[3] == "details":
            switch request.method {
            case "GET": self = .readTaskDetails(segments[2])
            case "PATCH": self = .updateTaskDetails(segments[2])
            default: return nil
            }
        case ("GET", 4) where segments[0] == "planner" && segments[1] == "plans" && segments[3] == "tasks":
            self = .listTasks(planId: segments[2])
        default:
            return nil
        }
    }

    var operation: PlannerFake.Operation {
        switch self {
        case .createTask: return .createTask
        case .readTask: return .readTask
        case .updateTask: return .updateTask
        case .deleteTask: return .deleteTask
        case .readTaskDetails: return .readTaskDetails
        case .updateTaskDetails: return .updateTaskDetails
        case .listTasks: return .listTasks
        case .batch: return .batch
        }
    }
}

/// What the fake does with a request: answer, or fail the connection.
enum PlannerFakeOutcome: Sendable {
    case answer(PlannerFakeResponse)
    case dropBeforeApplying(PlannerFake.Operation)
    case dropAfterApplying(PlannerFake.Operation)
    case refuseConnection
}

extension PlannerFake {
    typealias Rules = PlannerFakeRules
    typealias Refusal = PlannerFakeRefusal

    static let createMembers: Set<String> = [
        "planId", "bucketId", "title", "priority", "percentComplete", "startDateTime", "dueDateTime", "assignments",
        "appliedCategories", "orderHint", "assigneePriority", "conversationThreadId",
    ]
    /// plannertask-update.md: the properties a PATCH may change.
    static let updateMembers: Set<String> = [
        "appliedCategories", "assigneePriority", "assignments", "bucketId", "conversationThreadId", "dueDateTime",
        "orderHint", "priority", "percentComplete", "startDateTime", "title",
    ]
    static let readOnlyTaskMembers: Set<String> = [
        "id", "createdDateTime", "completedDateTime", "completedBy", "createdBy", "hasDescription", "details",
        "assignedToTaskBoardFormat", "bucketTaskBoardFormat", "progressTaskBoardFormat", "activeChecklistItemCount",
        "checklistItemCount", "referenceCount", "previewType",
    ]

    /// Answers a request (top-level or a batch part), applying an injected fault first.
    func process(_ request: PlannerFakeRequest) -> PlannerFakeOutcome {
        let requestId = nextRequestId()
        let now = model.wallClock()
        func answer(_ operation: Operation?, _ response: PlannerFakeResponse) -> PlannerFakeOutcome {
            exchanges.append(
                Exchange(
                    operation: operation, method: request.method, path: request.path, status: response.status,
                    inBatch: request.inBatch))
            return .answer(response)
        }
        guard let route = PlannerFakeRoute(request) else {
            return answer(
                nil,
                Refusal.badRequest("Resource not found for the segment '\(request.path)'.").response(
                    requestId: requestId, now: now))
        }
        let operation = route.operation
        if let token = acceptedToken, request.fields[.authorization] != "Bearer " + token {
            let refusal = Refusal(
                status: 401, code: "InvalidAuthenticationToken", message: "Access token is empty or invalid.")
            return answer(operation, refusal.response(requestId: requestId, now: now))
        }
        if let fault = takeFault(for: operation, inBatch: request.inBatch) {
            func dropped() {
                exchanges.append(
                    Exchange(
                        operation: operation, method: request.method, path: request.path, status: nil,
                        inBatch: request.inBatch))
            }
            switch fault {
            case .throttled(let seconds):
                var refusal = Refusal(status: 429, code: "TooManyRequests", message: "Too many requests.")
                if let seconds { refusal.fields[.retryAfter] = String(seconds) }
                return answer(operation, refusal.response(requestId: requestId, now: now))
            case .serviceUnavailable(let seconds):
                var refusal = Refusal(
                    status: 503, code: "ServiceUnavailable", message: "The service is temporarily unavailable.")
                if let seconds { refusal.fields[.retryAfter] = String(seconds) }
                return answer(operation, refusal.response(requestId: requestId, now: now))
            case .serverError:
                let refusal = Refusal(
                    status: 500, code: "InternalServerError", message: "An internal server error occurred.")
                return answer(operation, refusal.response(requestId: requestId, now: now))
            case .refusal(let status, let code, let message):
                return answer(
                    operation,
                    Refusal(status: status.code, code: code, message: message).response(requestId: requestId, now: now))
            case .dropConnectionBeforeApplying:
                dropped()
                return .dropBeforeApplying(operation)
            case .dropConnectionAfterApplying:
                _ = handle(route, request, requestId: requestId, now: now)
                dropped()
                return .dropAfterApplying(operation)
            case .refuseConnection:
                dropped()
                return .refuseConnection
            }
        }
        return answer(operation, handle(route, request, requestId: requestId, now: now))
    }

    /// The first queued fault for `operation`; inside a batch only faults that answer with a
    /// status apply.
    private func takeFault(for operation: Operation, inBatch: Bool) -> Fault? {
        guard
            let index = faults.firstIndex(where: { entry in
                guard entry.operation == operation else { return false }
                guard inBatch else { return true }
                switch entry.fault {
                case .dropConnectionAfterApplying, .dropConnectionBeforeApplying, .refuseConnection: return false
                default: return true
                }
            })
        else { return nil }
        let fault = faults[index].fault
        faults[index].remaining -= 1
        if faults[index].remaining == 0 { faults.remove(at: index) }
        return fault
    }

    private func handle(_ route: PlannerFakeRoute, _ request: PlannerFakeRequest, requestId: Int, now: Date)
        -> PlannerFakeResponse
    {
        do throws(Refusal) {
            switch route {
            case .createTask: return try createTask(request, now: now)
            case .readTask(let id): return try readTask(id)
            case .updateTask(let id): return try updateTask(id, request, now: now)
            case .deleteTask(let id): return try deleteTask(id, request)
            case .readTaskDetails(let id): return try readDetails(id)
            case .updateTaskDetails(let id): return try updateDetails(id, request, now: now)
            case .listTasks(let planId): return try listTasks(planId, request)
            case .batch:
                guard !request.inBatch else {
                    throw Refusal.badRequest("A batch request cannot contain another batch.")
                }
                return try batch(request)
            }
        } catch {
            return error.response(requestId: requestId, now: now)
        }
    }

    // MARK: - Tasks

    private func createTask(_ request: PlannerFakeRequest, now: Date) throws(Refusal) -> PlannerFakeResponse {
        let body = try Rules.object(request.body)
        try Rules.checkMembers(
            body, allowed: PlannerFake.createMembers, readOnly: PlannerFake.readOnlyTaskMembers, type: "plannerTask")
        guard let planValue = body["planId"] else { throw .badRequest("The 'planId' property is required.") }
        let planId = try Rules.string(planValue, "planId")
        guard let plan = model.plans[planId] else { throw .notFound }
        guard let titleValue = body["title"], titleValue != .null else {
            throw .badRequest("The 'title' property is required.")
        }
        var task = model.newTask(planId: planId, bucketId: nil, title: try Rules.string(titleValue, "title"))
        try apply(body, to: &task, plan: plan, now: now)
        model.tasks.append(task)
        return PlannerFakeResponse(status: 201, body: withContext(model.json(task), "planner/tasks/$entity"))
    }

    private func readTask(_ id: String) throws(Refusal) -> PlannerFakeResponse {
        guard let index = model.index(ofTask: id) else { throw .notFound }
        return PlannerFakeResponse(
            status: 200, body: withContext(model.json(model.tasks[index]), "planner/tasks/$entity"))
    }

    private func updateTask(_ id: String, _ request: PlannerFakeRequest, now: Date) throws(Refusal)
        -> PlannerFakeResponse
    {
        guard let index = model.index(ofTask: id) else { throw .notFound }
        var task = model.tasks[index]
        try checkIfMatch(request, current: task.etag)
        let body = try Rules.object(request.body)
        guard body.keys.contains(where: { !$0.hasPrefix("@") }) else {
            throw .badRequest("The request body must change at least one property.")
        }
        try Rules.checkMembers(
            body, allowed: PlannerFake.updateMembers, readOnly: PlannerFake.readOnlyTaskMembers.union(["planId"]),
            type: "plannerTask")
        guard let plan = model.plans[task.planId] else { throw .notFound }
        try apply(body, to: &task, plan: plan, now: now)
        task.etag = model.newETag("Task", id)
        model.tasks[index] = task
        return wantsRepresentation(request)
            ? PlannerFakeResponse(status: 200, body: withContext(model.json(task), "planner/tasks/$entity"))
            : PlannerFakeResponse(status: 204)
    }

    private func deleteTask(_ id: String, _ request: PlannerFakeRequest) throws(Refusal) -> PlannerFakeResponse {
        guard let index = model.index(ofTask: id) else { throw .notFound }
        try checkIfMatch(request, current: model.tasks[index].etag)
        model.tasks.remove(at: index)
        return PlannerFakeResponse(status: 204)
    }

    private func listTasks(_ planId: String, _ request: PlannerFakeRequest) throws(Refusal) -> PlannerFakeResponse {
        guard model.plans[planId] != nil else { throw .notFound }
        let all = model.tasks.filter { $0.planId == planId }
        var offset = 0
        if let token = request.query["$skiptoken"] {
            guard let value = Int(token), value >= 0, value <= all.count else {
                throw .badRequest("The $skiptoken value is not valid.")
            }
            offset = value
        }
        let end = offset + min(pageSize, all.count - offset)
        var object = JSONObject()
        object.insert(
            .string(PlannerWire.baseURL + "/$metadata#planner/plans('\(planId)')/tasks"), forKey: "@odata.context")
        if end < all.count {
            object.insert(
                .string(PlannerWire.baseURL + "/planner/plans/\(planId)/tasks?$skiptoken=\(end)"),
                forKey: "@odata.nextLink")
        }
        object.insert(.array(all[offset..<end].map(model.json)), forKey: "value")
        return PlannerFakeResponse(status: 200, body: .object(object))
    }

    /// Applies the task members of a create or update body to `task`, checking them as Graph
    /// does; `task` is only stored by the caller when every check passed.
    private func apply(_ body: JSONObject, to task: inout PlannerFakeModel.Task, plan: PlannerFakeModel.Plan, now: Date)
        throws(Refusal)
    {
        if let value = body["bucketId"] {
            if value == .null {
                task.bucketId = nil
            } else {
                let bucket = try Rules.string(value, "bucketId")
                guard plan.bucketIds.contains(bucket) else {
                    throw .badRequest("The bucket '\(bucket)' does not belong to the plan of the task.")
                }
                task.bucketId = bucket
            }
        }
        if let value = body["title"] {
            guard value != .null else { throw .badRequest("The 'title' property cannot be null.") }
            task.title = try Rules.string(value, "title")
        }
        if let value = body["priority"], value != .null { task.priority = try Rules.int(value, "priority", in: 0...10) }
        if let value = body["startDateTime"] { task.startDateTime = try Rules.date(value, "startDateTime") }
        if let value = body["dueDateTime"] { task.dueDateTime = try Rules.date(value, "dueDateTime") }
        if let value = body["orderHint"], value != .null { task.orderHint = try Rules.orderHint(value, "orderHint") }
        if let value = body["assigneePriority"], value != .null {
            task.assigneePriority = try Rules.orderHint(value, "assigneePriority")
        }
        if let value = body["conversationThreadId"] {
            task.conversationThreadId = value == .null ? nil : try Rules.string(value, "conversationThreadId")
        }
        if let value = body["assignments"] { try applyAssignments(value, to: &task, now: now) }
        if let value = body["appliedCategories"] {
            guard case .object(let categories) = value else {
                throw .badRequest("'appliedCategories' must be an object.")
            }
            for key in categories.keys where !key.hasPrefix("@") {
                guard let category = PlannerCategory(rawValue: key) else {
                    throw .badRequest(
                        "The property '\(key)' does not exist on type 'microsoft.graph.plannerAppliedCategories'.")
                }
                if try Rules.bool(categories[key] ?? .null, key) {
                    task.categories.insert(category)
                } else {
                    task.categories.remove(category)
                }
            }
        }
        if let start = task.startDateTime, let due = task.dueDateTime, start > due {
            throw .badRequest("The task's start date is after its due date, which is logically inconsistent.")
        }
        if let value = body["percentComplete"], value != .null {
            PlannerFakeModel.setProgress(try Rules.int(value, "percentComplete", in: 0...100), of: &task, now: now)
        }
    }

    private func applyAssignments(_ value: JSONValue, to task: inout PlannerFakeModel.Task, now: Date) throws(Refusal) {
        let members = try Rules.openTypeMembers(
            value, kind: .assignment, isValidKey: Rules.isGUID, keyProblem: "is not a valid user id")
        for (userId, assignment) in members {
            guard let assignment else {
                task.assignments[userId] = nil
                continue
            }
            guard let hint = assignment["orderHint"] else {
                throw .badRequest("The orderHint property on the assignment must be specified.")
            }
            task.assignments[userId] = PlannerFakeModel.Assignment(
                orderHint: try Rules.orderHint(hint, "orderHint"),
                assignedDateTime: task.assignments[userId]?.assignedDateTime ?? now)
        }
        guard task.assignments.count <= limits.assignees else {
            throw Refusal(
                status: 403, code: PlannerErrorCode.maximumAssigneesInTasks.rawValue,
                message: "The maximum number of assignees for a task has been reached.")
        }
    }

    // MARK: - Details

    private func readDetails(_ id: String) throws(Refusal) -> PlannerFakeResponse {
        guard let index = model.index(ofTask: id) else { throw .notFound }
        return PlannerFakeResponse(
            status: 200,
            body: withContext(model.json(model.tasks[index].details, id: id), "planner/tasks('\(id)')/details/$entity"))
    }

    private func updateDetails(_ id: String, _ request: PlannerFakeRequest, now: Date) throws(Refusal)
        -> PlannerFakeResponse
    {
        guard let index = model.index(ofTask: id) else { throw .notFound }
        var details = model.tasks[index].details
        try checkIfMatch(request, current: details.etag)
        let body = try Rules.object(request.body)
        guard body.keys.contains(where: { !$0.hasPrefix("@") }) else {
            throw .badRequest("The request body must change at least one property.")
        }
        try Rules.checkMembers(
            body, allowed: ["checklist", "description", "previewType", "references"], readOnly: ["id"],
            type: "plannerTaskDetails")
        if let value = body["description"] {
            details.description = value == .null ? "" : try Rules.string(value, "description")
        }
        if let value = body["previewType"], value != .null {
            let text = try Rules.string(value, "previewType")
            guard PlannerPreviewType(rawValue: text) != nil else {
                throw .badRequest("The value '\(text)' is not a valid plannerPreviewType.")
            }
            details.previewType = text
        }
        if let value = body["checklist"] { try applyChecklist(value, to: &details, now: now) }
        if let value = body["references"] { try applyReferences(value, to: &details, now: now) }
        details.etag = model.newETag("TaskDetails", id)
        model.tasks[index].details = details
        return wantsRepresentation(request)
            ? PlannerFakeResponse(
                status: 200, body: withContext(model.json(details, id: id), "planner/tasks('\(id)')/details/$entity"))
            : PlannerFakeResponse(status: 204)
    }

    private func applyChecklist(_ value: JSONValue, to details: inout PlannerFakeModel.Details, now: Date)
        throws(Refusal)
    {
        let members = try Rules.openTypeMembers(
            value, kind: .checklistItem, isValidKey: Rules.isGUID,
            keyProblem: "is not valid: checklist items are keyed by GUIDs")
        for (key, item) in members {
            guard let item else {
                details.checklist[key] = nil
                continue
            }
            let existing = details.checklist[key]
            let title = try item["title"].map { (value) throws(Refusal) in try Rules.string(value, "title") }
            let isChecked = try item["isChecked"].map { (value) throws(Refusal) in try Rules.bool(value, "isChecked") }
            let orderHint = try item["orderHint"].map { (value) throws(Refusal) in
                try Rules.orderHint(value, "orderHint")
            }
            guard let title = title ?? existing?.title else { throw .badRequest("A new checklist item needs a title.") }
            details.checklist[key] = PlannerFakeModel.ChecklistItem(
                title: title, isChecked: isChecked ?? existing?.isChecked ?? false,
                orderHint: orderHint ?? existing?.orderHint ?? PlannerWire.orderHint(position: details.checklist.count),
                lastModifiedDateTime: now)
        }
        guard details.checklist.count <= limits.checklistItems else {
            throw Refusal(
                status: 403, code: PlannerErrorCode.maximumChecklistItemsOnTask.rawValue,
                message: "The maximum number of checklist items on a task has been reached.")
        }
    }

    private func applyReferences(_ value: JSONValue, to details: inout PlannerFakeModel.Details, now: Date)
        throws(Refusal)
    {
        let members = try Rules.openTypeMembers(
            value, kind: .reference, isValidKey: Rules.isEncodedReferenceURL,
            keyProblem: "is not a valid URL with '.', ':', '%', '@' and '#' encoded")
        for (key, reference) in members {
            guard let reference else {
                details.references[key] = nil
                continue
            }
            var stored =
                details.references[key]
                ?? PlannerFakeModel.Reference(
                    alias: nil, type: nil, previewPriority: PlannerWire.orderHint(position: details.references.count),
                    lastModifiedDateTime: now)
            if let alias = reference["alias"] { stored.alias = alias == .null ? nil : try Rules.string(alias, "alias") }
            if let type = reference["type"] {
                if type == .null {
                    stored.type = nil
                } else {
                    let text = try Rules.string(type, "type")
                    guard PlannerReferenceKind(rawValue: text) != nil else {
                        throw .badRequest("The value '\(text)' is not a valid reference type.")
                    }
                    stored.type = text
                }
            }
            if let hint = reference["previewPriority"], hint != .null {
                stored.previewPriority = try Rules.orderHint(hint, "previewPriority")
            }
            stored.lastModifiedDateTime = now
            details.references[key] = stored
        }
        guard details.references.count <= limits.references else {
            throw Refusal(
                status: 403, code: PlannerErrorCode.maximumReferencesOnTask.rawValue,
                message: "The maximum number of references on a task has been reached.")
        }
    }

    // MARK: - Helpers

    private func checkIfMatch(_ request: PlannerFakeRequest, current: String) throws(Refusal) {
        guard let ifMatch = request.fields[.ifMatch] else {
            throw .badRequest("The If-Match header must be specified for this kind of request.")
        }
        guard ifMatch == current else {
            if staleETagStatus == .conflict {
                throw Refusal(
                    status: 409, code: "Conflict", message: "The item was changed since the given version was read.")
            }
            throw Refusal(
                status: staleETagStatus.code, code: "PreconditionFailed",
                message: "The precondition given in the request headers evaluated to false.")
        }
    }

    private func wantsRepresentation(_ request: PlannerFakeRequest) -> Bool {
        request.fields.values(for: .prefer).contains { $0.lowercased().contains("return=representation") }
    }

    private func withContext(_ value: JSONValue, _ context: String) -> JSONValue {
        guard case .object(let object) = value else { return value }
        var result = JSONObject()
        result.insert(.string(PlannerWire.baseURL + "/$metadata#" + context), forKey: "@odata.context")
        for key in object.keys { result.insert(object[key] ?? .null, forKey: key) }
        return .object(result)
    }
}

extension PlannerFakeModel {
    /// A new task with fresh id, ETags and empty details (not stored yet).
    mutating func newTask(planId: String, bucketId: String?, title: String) -> Task {
        let id = newId()
        let now = wallClock()
        return Task(
            id: id, planId: planId, bucketId: bucketId, title: title, orderHint: "8585" + String(version + 1_000_000),
            createdDateTime: now, etag: newETag("Task", id), details: Details(etag: newETag("TaskDetails", id)))
    }

    /// Creates and stores a task.
    mutating func insertTask(planId: String, bucketId: String?, title: String) -> Task {
        let task = newTask(planId: planId, bucketId: bucketId, title: title)
        tasks.append(task)
        return task
    }
}
