import BridgeConnectors
import BridgeMapping
import BridgeModels

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The stored state of a ``PlannerFake`` and its Graph JSON representations.
struct PlannerFakeModel: Sendable {
    struct Plan: Sendable {
        var id: String
        var bucketIds: [String]
    }

    struct Assignment: Sendable {
        var orderHint: String
        var assignedDateTime: Date
    }

    struct ChecklistItem: Sendable {
        var title: String
        var isChecked: Bool
        var orderHint: String
        var lastModifiedDateTime: Date
    }

    struct Reference: Sendable {
        var alias: String?
        var type: String?
        var previewPriority: String
        var lastModifiedDateTime: Date
    }

    struct Details: Sendable {
        var description = ""
        var previewType = "automatic"
        var checklist: [String: ChecklistItem] = [:]
        var references: [String: Reference] = [:]
        var etag: String
    }

    struct Task: Sendable {
        var id: String
        var planId: String
        var bucketId: String?
        var title: String
        var orderHint: String
        var assigneePriority = ""
        var percentComplete = 0
        var priority = 5
        var startDateTime: Date?
        var dueDateTime: Date?
        var completedDateTime: Date?
        var createdDateTime: Date
        var conversationThreadId: String?
        var assignments: [String: Assignment] = [:]
        var categories: Set<PlannerCategory> = []
        var etag: String
        var details: Details
    }

    var plans: [String: Plan] = [:]
    /// Every task, in creation order (the order a plan lists them).
    var tasks: [Task] = []
    var generator: SeededRandomNumberGenerator
    var version = 0
    var requestCount = 0
    let wallClock: WallClock

    init(seed: UInt64, wallClock: WallClock) {
        generator = SeededRandomNumberGenerator(seed: seed)
        self.wallClock = wallClock
    }

    /// The application the fake says created tasks (an identitySet's user id).
    static let applicationUserId = "00000000-0000-4000-8000-0000000000a1"

    // MARK: - Ids and ETags

    /// A 28-character Planner id (`[A-Za-z0-9_-]`), from the seeded generator.
    mutating func newId() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(28)
        for _ in 0..<28 { bytes.append(alphabet[Int(generator.next() & 63)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A new weak ETag, `W/"…"`, different from every earlier one: base64 of the resource kind,
    /// id and a version counter, shaped like Graph's (`W/"JzEtVGFzayAg…"`).
    mutating func newETag(_ kind: String, _ id: String) -> String {
        version += 1
        let text = "'\(version)-\(kind) \(id)'"
        return "W/\"" + Data(text.utf8).base64EncodedString() + "\""
    }

    func index(ofTask id: String) -> Int? {
        tasks.firstIndex { $0.id == id }
    }

    /// Sets progress and stamps or clears `completedDateTime` as Planner does.
    static func setProgress(_ value: Int, of task: inout Task, now: Date) {
        let wasComplete = task.percentComplete >= 100
        task.percentComplete = value
        if value >= 100 {
            if !wasComplete || task.completedDateTime == nil { task.completedDateTime = now }
        } else {
            task.completedDateTime = nil
        }
    }

    // MARK: - Read models

    func readModel(_ task: Task) -> PlannerTask {
        PlannerTask(
            id: task.id, planId: task.planId, bucketId: task.bucketId, title: task.title,
            percentComplete: task.percentComplete, priority: task.priority, startDateTime: task.startDateTime,
            dueDateTime: task.dueDateTime, completedDateTime: task.completedDateTime,
            createdDateTime: task.createdDateTime,
            assigneeIds: task.assignments.keys.sorted(), appliedCategories: task.categories, etag: task.etag)
    }

    func readModel(_ details: Details, id: String) -> PlannerTaskDetails {
        PlannerTaskDetails(
            id: id, description: details.description,
            checklist: details.checklist.map { key, item in
                PlannerChecklistItem(key: key, title: item.title, isChecked: item.isChecked, orderHint: item.orderHint)
            }.sorted { ($0.orderHint ?? "", $0.key) < ($1.orderHint ?? "", $1.key) },
            references: details.references.map { key, reference in
                PlannerReference(
                    url: PlannerWire.url(fromReferenceKey: key), key: key, alias: reference.alias,
                    type: reference.type.flatMap(PlannerReferenceKind.init(rawValue:)),
                    previewPriority: reference.previewPriority)
            }.sorted { ($0.previewPriority ?? "", $0.url) < ($1.previewPriority ?? "", $1.url) },
            previewType: PlannerPreviewType(rawValue: details.previewType), etag: details.etag)
    }

    // MARK: - JSON representations

    /// A task as Graph returns it.
    func json(_ task: Task) -> JSONValue {
        var object = JSONObject()
        object.insert(.string(task.etag), forKey: "@odata.etag")
        object.insert(.string(task.planId), forKey: "planId")
        object.insert(task.bucketId.map(JSONValue.string) ?? .null, forKey: "bucketId")
        object.insert(.string(task.title), forKey: "title")
        object.insert(.string(task.orderHint), forKey: "orderHint")
        object.insert(.string(task.assigneePriority), forKey: "assigneePriority")
        object.insert(.number(String(task.percentComplete)), forKey: "percentComplete")
        object.insert(PlannerFakeModel.date(task.startDateTime), forKey: "startDateTime")
        object.insert(PlannerFakeModel.date(task.createdDateTime), forKey: "createdDateTime")
        object.insert(PlannerFakeModel.date(task.dueDateTime), forKey: "dueDateTime")
        object.insert(.bool(!task.details.description.isEmpty), forKey: "hasDescription")
        object.insert(.string(task.details.previewType), forKey: "previewType")
        object.insert(PlannerFakeModel.date(task.completedDateTime), forKey: "completedDateTime")
        object.insert(task.completedDateTime == nil ? .null : PlannerFakeModel.identitySet(), forKey: "completedBy")
        object.insert(.number(String(task.details.references.count)), forKey: "referenceCount")
        object.insert(.number(String(task.details.checklist.count)), forKey: "checklistItemCount")
        let active = task.details.checklist.values.filter { !$0.isChecked }.count
        object.insert(.number(String(active)), forKey: "activeChecklistItemCount")
        object.insert(task.conversationThreadId.map(JSONValue.string) ?? .null, forKey: "conversationThreadId")
        object.insert(.number(String(task.priority)), forKey: "priority")
        object.insert(.string(task.id), forKey: "id")
        object.insert(PlannerFakeModel.identitySet(), forKey: "createdBy")
        var categories = JSONObject()
        for category in task.categories.sorted() { categories.insert(.bool(true), forKey: category.rawValue) }
        object.insert(.object(categories), forKey: "appliedCategories")
        var assignments = JSONObject()
        for userId in task.assignments.keys.sorted() {
            guard let assignment = task.assignments[userId] else { continue }
            var value = JSONObject()
            value.insert(.string(PlannerWire.assignmentType), forKey: "@odata.type")
            value.insert(PlannerFakeModel.date(assignment.assignedDateTime), forKey: "assignedDateTime")
            value.insert(.string(assignment.orderHint), forKey: "orderHint")
            value.insert(PlannerFakeModel.identitySet(), forKey: "assignedBy")
            assignments.insert(.object(value), forKey: userId)
        }
        object.insert(.object(assignments), forKey: "assignments")
        return .object(object)
    }

    /// A task's details as Graph returns them.
    func json(_ details: Details, id: String) -> JSONValue {
        var object = JSONObject()
        object.insert(.string(details.etag), forKey: "@odata.etag")
        object.insert(.string(details.description), forKey: "description")
        object.insert(.string(details.previewType), forKey: "previewType")
        object.insert(.string(id), forKey: "id")
        var references = JSONObject()
        for key in details.references.keys.sorted() {
            guard let reference = details.references[key] else { continue }
            var value = JSONObject()
            value.insert(.string(PlannerWire.referenceType), forKey: "@odata.type")
            value.insert(reference.alias.map(JSONValue.string) ?? .null, forKey: "alias")
            value.insert(reference.type.map(JSONValue.string) ?? .null, forKey: "type")
            value.insert(.string(reference.previewPriority), forKey: "previewPriority")
            value.insert(PlannerFakeModel.date(reference.lastModifiedDateTime), forKey: "lastModifiedDateTime")
            value.insert(PlannerFakeModel.identitySet(), forKey: "lastModifiedBy")
            references.insert(.object(value), forKey: key)
        }
        object.insert(.object(references), forKey: "references")
        var checklist = JSONObject()
        for key in details.checklist.keys.sorted() {
            guard let item = details.checklist[key] else { continue }
            var value = JSONObject()
            value.insert(.string(PlannerWire.checklistItemType), forKey: "@odata.type")
            value.insert(.bool(item.isChecked), forKey: "isChecked")
            value.insert(.string(item.title), forKey: "title")
            value.insert(.string(item.orderHint), forKey: "orderHint")
            value.insert(PlannerFakeModel.date(item.lastModifiedDateTime), forKey: "lastModifiedDateTime")
            value.insert(PlannerFakeModel.identitySet(), forKey: "lastModifiedBy")
            checklist.insert(.object(value), forKey: key)
        }
        object.insert(.object(checklist), forKey: "checklist")
        return .object(object)
    }

    static func date(_ date: Date?) -> JSONValue {
        date.map { .string(RFC3339.string(from: $0)) } ?? .null
    }

    static func identitySet() -> JSONValue {
        var user = JSONObject()
        user.insert(.null, forKey: "displayName")
        user.insert(.string(applicationUserId), forKey: "id")
        var set = JSONObject()
        set.insert(.object(user), forKey: "user")
        return .object(set)
    }
}
