public import BridgeModels

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A Planner task as Graph returns it (`GET /planner/tasks/{id}`, the create response, one
/// element of a plan's task list).
///
/// Decoding is lenient where Graph may grow (unknown members are ignored, unknown label slots
/// are skipped) and strict where the bridge relies on a value (a wrong type, an unparsable date
/// or a priority outside 0–10 is an `InputError` with its path).
public struct PlannerTask: Hashable, Sendable, Decodable {
    /// The task id.
    public var id: String
    /// The plan id.
    public var planId: String
    /// The bucket id.
    public var bucketId: String?
    /// The title.
    public var title: String
    /// Progress, 0–100 (100 = completed).
    public var percentComplete: Int
    /// The wire priority, 0–10 (``PlannerWire/priority(fromWire:)`` reads it).
    public var priority: Int?
    /// When work starts.
    public var startDateTime: Date?
    /// When it is due.
    public var dueDateTime: Date?
    /// When it was completed.
    public var completedDateTime: Date?
    /// When it was created.
    public var createdDateTime: Date?
    /// Assigned user object ids, in the order Graph listed them.
    public var assigneeIds: [String]
    /// The applied label slots (those set to `true`).
    public var appliedCategories: Set<PlannerCategory>
    /// The task's ETag (`@odata.etag`), for `If-Match` on a task PATCH.
    public var etag: String?

    /// The bridge priority, when ``priority`` is present.
    public var bridgePriority: Priority? { priority.flatMap(PlannerWire.priority(fromWire:)) }

    /// Whether the task is completed (`percentComplete` 100).
    public var isCompleted: Bool { percentComplete >= 100 }

    /// Creates a task value.
    public init(
        id: String, planId: String, bucketId: String? = nil, title: String, percentComplete: Int = 0,
        priority: Int? = nil, startDateTime: Date? = nil, dueDateTime: Date? = nil, completedDateTime: Date? = nil,
        createdDateTime: Date? = nil, assigneeIds: [String] = [], appliedCategories: Set<PlannerCategory> = [],
        etag: String? = nil
    ) {
        self.id = id
        self.planId = planId
        self.bucketId = bucketId
        self.title = title
        self.percentComplete = percentComplete
        self.priority = priority
        self.startDateTime = startDateTime
        self.dueDateTime = dueDateTime
        self.completedDateTime = completedDateTime
        self.createdDateTime = createdDateTime
        self.assigneeIds = assigneeIds
        self.appliedCategories = appliedCategories
        self.etag = etag
    }

    enum CodingKeys: String, CodingKey {
        case id, planId, bucketId, title, percentComplete, priority, startDateTime, dueDateTime
        case completedDateTime, createdDateTime, assignments, appliedCategories
        case etag = "@odata.etag"
    }

    /// Decodes a task response.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.text(.id, .identifier, limit: limits.identifier)
        planId = try c.text(.planId, .identifier, limit: limits.identifier)
        bucketId = try c.optionalText(.bucketId, .identifier, limit: limits.identifier)
        title = try c.optional(String.self, .title) ?? ""
        percentComplete = try c.optional(Int.self, .percentComplete) ?? 0
        priority = try PlannerPriorityField.decode(c, .priority)
        startDateTime = try c.optionalTimestamp(.startDateTime)
        dueDateTime = try c.optionalTimestamp(.dueDateTime)
        completedDateTime = try c.optionalTimestamp(.completedDateTime)
        createdDateTime = try c.optionalTimestamp(.createdDateTime)
        assigneeIds = try c.members(.assignments, as: IgnoredJSON.self, limit: 1_000).compactMap { key, value in
            value == nil ? nil : key
        }
        var categories: Set<PlannerCategory> = []
        for (key, flag) in try c.members(.appliedCategories, as: Bool.self, limit: 1_000) {
            if flag == true, let category = PlannerCategory(rawValue: key) { categories.insert(category) }
        }
        appliedCategories = categories
        etag = try c.optional(String.self, .etag)
    }
}

/// A checklist item of ``PlannerTaskDetails``.
public struct PlannerChecklistItem: Hashable, Sendable {
    /// The item's GUID key.
    public var key: String
    /// The text.
    public var title: String
    /// Whether it is checked.
    public var isChecked: Bool
    /// Its position (order-hint format, as the service wrote it).
    public var orderHint: String?

    /// Creates an item.
    public init(key: String, title: String, isChecked: Bool, orderHint: String? = nil) {
        self.key = key
        self.title = title
        self.isChecked = isChecked
        self.orderHint = orderHint
    }
}

/// An external reference of ``PlannerTaskDetails``.
public struct PlannerReference: Hashable, Sendable {
    /// The URL (decoded from the property name).
    public var url: String
    /// The property name as Graph returned it (the encoded URL).
    public var key: String
    /// The name shown for the link.
    public var alias: String?
    /// The kind, when Graph returned a known one.
    public var type: PlannerReferenceKind?
    /// Its position among the references.
    public var previewPriority: String?

    /// Creates a reference.
    public init(url: String, key: String, alias: String? = nil, type: PlannerReferenceKind? = nil, previewPriority: String? = nil) {
        self.url = url
        self.key = key
        self.alias = alias
        self.type = type
        self.previewPriority = previewPriority
    }
}

/// A Planner task's details as Graph returns them (`GET /planner/tasks/{id}/details`).
public struct PlannerTaskDetails: Hashable, Sendable, Decodable {
    /// The details id (the task id).
    public var id: String?
    /// The description (plain text).
    public var description: String
    /// The checklist, ordered by order hint (then key).
    public var checklist: [PlannerChecklistItem]
    /// The references, ordered by preview priority (then URL).
    public var references: [PlannerReference]
    /// The preview type, when known.
    public var previewType: PlannerPreviewType?
    /// The details' ETag (`@odata.etag`), for `If-Match` on the details PATCH. It is not the
    /// task's ETag.
    public var etag: String?

    /// Creates a details value.
    public init(
        id: String? = nil, description: String = "", checklist: [PlannerChecklistItem] = [],
        references: [PlannerReference] = [], previewType: PlannerPreviewType? = nil, etag: String? = nil
    ) {
        self.id = id
        self.description = description
        self.checklist = checklist
        self.references = references
        self.previewType = previewType
        self.etag = etag
    }

    enum CodingKeys: String, CodingKey {
        case id, description, checklist, references, previewType
        case etag = "@odata.etag"
    }

    struct Item: Decodable {
        var title: String?
        var isChecked: Bool?
        var orderHint: String?
    }

    struct Reference: Decodable {
        var alias: String?
        var type: String?
        var previewPriority: String?
    }

    /// Decodes a details response.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.optional(String.self, .id)
        description = try c.optional(String.self, .description) ?? ""
        checklist = try c.members(.checklist, as: Item.self, limit: 10_000).compactMap { key, item in
            item.map { PlannerChecklistItem(key: key, title: $0.title ?? "", isChecked: $0.isChecked ?? false, orderHint: $0.orderHint) }
        }.sorted { ($0.orderHint ?? "", $0.key) < ($1.orderHint ?? "", $1.key) }
        references = try c.members(.references, as: Reference.self, limit: 10_000).compactMap { key, reference in
            reference.map {
                PlannerReference(
                    url: PlannerWire.url(fromReferenceKey: key), key: key, alias: $0.alias,
                    type: $0.type.flatMap(PlannerReferenceKind.init(rawValue:)), previewPriority: $0.previewPriority)
            }
        }.sorted { ($0.previewPriority ?? "", $0.url) < ($1.previewPriority ?? "", $1.url) }
        previewType = try c.optional(String.self, .previewType).flatMap(PlannerPreviewType.init(rawValue:))
        etag = try c.optional(String.self, .etag)
    }
}

/// One page of `GET /planner/plans/{id}/tasks`: the tasks and the link to the next page.
public struct PlannerTaskPage: Hashable, Sendable, Decodable {
    /// The tasks on this page.
    public var tasks: [PlannerTask]
    /// The absolute URL of the next page (`@odata.nextLink`), or `nil` on the last page.
    public var nextLink: String?

    /// Creates a page.
    public init(tasks: [PlannerTask], nextLink: String? = nil) {
        self.tasks = tasks
        self.nextLink = nextLink
    }

    enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
    }

    /// Decodes a page; `value` is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard c.contains(.value) else { throw InputError(path: c.path(.value), reason: .missing) }
        tasks = try c.list(.value, limit: 10_000)
        nextLink = try c.optional(String.self, .nextLink)
        if let nextLink, !Document.isWebURL(nextLink) {
            throw InputError(path: c.path(.nextLink), reason: .invalidFormat(expected: "an absolute https URL"))
        }
    }
}

/// The error body Graph sends with a 4xx or 5xx status: `{"error": {"code", "message", "innerError"}}`.
///
/// ``description`` is safe to log: the message is quoted with control and bidirectional
/// characters escaped and cut to 300 characters.
public struct GraphErrorResponse: Hashable, Sendable, Decodable, CustomStringConvertible {
    /// The error code, e.g. `MaximumChecklistItemsOnTask` or `Request_ResourceNotFound`.
    public var code: String
    /// The human-readable message.
    public var message: String
    /// The request id from `innerError`, for support cases.
    public var requestId: String?

    /// Creates an error body.
    public init(code: String, message: String, requestId: String? = nil) {
        self.code = code
        self.message = message
        self.requestId = requestId
    }

    enum OuterKeys: String, CodingKey { case error }
    enum ErrorKeys: String, CodingKey { case code, message, innerError }
    enum InnerKeys: String, CodingKey { case requestId = "request-id" }

    /// Decodes an error body; `error.code` is required.
    public init(from decoder: any Decoder) throws {
        let outer = try decoder.container(keyedBy: OuterKeys.self)
        let c = try outer.nestedContainer(keyedBy: ErrorKeys.self, forKey: .error)
        code = try c.required(String.self, .code)
        message = try c.optional(String.self, .message) ?? ""
        if try c.has(.innerError) {
            requestId = try c.nestedContainer(keyedBy: InnerKeys.self, forKey: .innerError).optional(String.self, .requestId)
        }
    }

    /// `<code>: "<message>"`, log-safe.
    public var description: String {
        TextSanitizer.quotedFragment(code, limit: 80) + ": \"" + TextSanitizer.quotedFragment(message, limit: 300) + "\""
    }
}

/// Skips any JSON value while decoding (used to read only the keys of an object).
struct IgnoredJSON: Decodable {
    init(from decoder: any Decoder) throws {}
}
