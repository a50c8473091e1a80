public import BridgeModels

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The ClickUp API v2 encodings, each with its source.
public enum ClickUpWire: Sendable {
    /// The API base URL; paths start with `/api/v2/`.
    public static let baseURL = "https://api.clickup.com"

    /// The ClickUp priority for a `Priority`: 1 urgent, 2 high, 3 normal, 4 low
    /// (developer.clickup.com/docs/tasks: "Priorities cannot be customized").
    public static func priority(_ priority: Priority) -> Int {
        switch priority {
        case .urgent: return 1
        case .high: return 2
        case .normal: return 3
        case .low: return 4
        }
    }

    /// The `Priority` of a ClickUp priority 1–4, or `nil`.
    public static func priority(fromWire value: Int) -> Priority? {
        switch value {
        case 1: return .urgent
        case 2: return .high
        case 3: return .normal
        case 4: return .low
        default: return nil
        }
    }
}

/// A value to write to a ClickUp custom field, in the shape its field type takes
/// (clickup-api.md §3).
public enum ClickUpFieldInput: Hashable, Sendable {
    /// A `text` or `short_text` field: a string.
    case text(String)
    /// A `number` or `currency` field: a number. The currency of a money field cannot be set
    /// through the API; ClickUp uses the field's configured currency.
    case number(Decimal)
    /// A `date` field: Unix milliseconds, with `value_options: {"time": includesTime}` so ClickUp
    /// shows the time of day.
    case date(Date, includesTime: Bool)

    enum Keys: String, CodingKey { case value, valueOptions = "value_options" }
    enum OptionKeys: String, CodingKey { case time }

    func encode(into c: inout KeyedEncodingContainer<ClickUpFieldKeys>) throws {
        switch self {
        case .text(let text): try c.encode(text, forKey: .value)
        case .number(let number): try c.encode(number, forKey: .value)
        case .date(let date, let includesTime):
            try c.encode(date.epochMilliseconds, forKey: .value)
            var options = c.nestedContainer(keyedBy: OptionKeys.self, forKey: .valueOptions)
            try options.encode(includesTime, forKey: .time)
        }
    }

    static func decode(from c: KeyedDecodingContainer<ClickUpFieldKeys>) throws -> ClickUpFieldInput {
        if try c.has(.valueOptions) {
            let options = try c.nestedContainer(keyedBy: OptionKeys.self, forKey: .valueOptions)
            let time = try options.optional(Bool.self, .time) ?? false
            return .date(try ClickUpLenient.date(milliseconds: try c.required(Int64.self, .value), at: c.path(.value)), includesTime: time)
        }
        if let text = try? c.decode(String.self, forKey: .value) { return .text(text) }
        if let integer = try? c.decode(Int64.self, forKey: .value) { return .number(Decimal(integer)) }
        let number = try c.required(Double.self, .value)
        guard let decimal = Decimal(string: "\(number)") else {
            throw InputError(path: c.path(.value), reason: .outOfRange("\(number) is not a decimal number"))
        }
        return .number(decimal)
    }
}

/// Keys of a custom field value object.
enum ClickUpFieldKeys: String, CodingKey { case id, value, valueOptions = "value_options" }

/// One element of `custom_fields` in a create-task body: `{"id": …, "value": …[, "value_options": …]}`.
public struct ClickUpCustomFieldEntry: Hashable, Sendable, Codable {
    /// The custom field id (UUID).
    public var id: String
    /// The value.
    public var value: ClickUpFieldInput

    /// Creates an entry.
    public init(id: String, value: ClickUpFieldInput) {
        self.id = id
        self.value = value
    }

    /// Decodes an entry.
    public init(from decoder: any Decoder) throws {
        try ClickUpStrictKeys.check(decoder, allowed: ["id", "value", "value_options"])
        let c = try decoder.container(keyedBy: ClickUpFieldKeys.self)
        id = try c.text(.id, .identifier, limit: 100)
        value = try ClickUpFieldInput.decode(from: c)
    }

    /// Encodes `id`, `value` and, for dates, `value_options`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ClickUpFieldKeys.self)
        try c.encode(id, forKey: .id)
        try value.encode(into: &c)
    }
}

/// The body of `POST /api/v2/task/{task_id}/field/{field_id}` (Set Custom Field Value):
/// `{"value": …[, "value_options": …]}`.
public struct ClickUpSetCustomFieldValue: Hashable, Sendable, Codable {
    /// The value.
    public var value: ClickUpFieldInput

    /// Creates a body.
    public init(value: ClickUpFieldInput) {
        self.value = value
    }

    /// Decodes a body.
    public init(from decoder: any Decoder) throws {
        try ClickUpStrictKeys.check(decoder, allowed: ["value", "value_options"])
        value = try ClickUpFieldInput.decode(from: try decoder.container(keyedBy: ClickUpFieldKeys.self))
    }

    /// Encodes `value` and, for dates, `value_options`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ClickUpFieldKeys.self)
        try value.encode(into: &c)
    }
}

/// The body of `POST /api/v2/list/{list_id}/task` (Create Task; schema `CreateTaskRequestStrict`).
///
/// Encodes only what is set: `name`, `markdown_content`, `priority` 1–4, `due_date` and
/// `start_date` as Unix milliseconds each with its `…_time: true` flag (the bridge's dates are
/// instants, so the time of day matters), `assignees`, `tags`, `status` and `custom_fields`.
public struct ClickUpTaskCreate: Hashable, Sendable, Codable {
    /// The task name (required).
    public var name: String
    /// The description as Markdown.
    public var markdownContent: String?
    /// The priority.
    public var priority: Priority?
    /// When it is due.
    public var dueDate: Date?
    /// When work starts.
    public var startDate: Date?
    /// ClickUp user ids to assign.
    public var assignees: [Int64]
    /// Tag names.
    public var tags: [String]
    /// The status name (valid for the list).
    public var status: String?
    /// Custom field values.
    public var customFields: [ClickUpCustomFieldEntry]

    /// Creates a body.
    public init(
        name: String, markdownContent: String? = nil, priority: Priority? = nil, dueDate: Date? = nil,
        startDate: Date? = nil, assignees: [Int64] = [], tags: [String] = [], status: String? = nil,
        customFields: [ClickUpCustomFieldEntry] = []
    ) {
        self.name = name
        self.markdownContent = markdownContent
        self.priority = priority
        self.dueDate = dueDate
        self.startDate = startDate
        self.assignees = assignees
        self.tags = tags
        self.status = status
        self.customFields = customFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case markdownContent = "markdown_content"
        case priority
        case dueDate = "due_date"
        case dueDateTime = "due_date_time"
        case startDate = "start_date"
        case startDateTime = "start_date_time"
        case assignees, tags, status
        case customFields = "custom_fields"
    }

    /// Decodes a create body; unknown members are refused (`markdown_description` is a known
    /// mistake, clickup-api.md §14).
    public init(from decoder: any Decoder) throws {
        try ClickUpStrictKeys.check(decoder, keys: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.required(String.self, .name)
        if name.isEmpty { throw InputError(path: c.path(.name), reason: .empty) }
        markdownContent = try c.optional(String.self, .markdownContent)
        priority = try ClickUpPriorityField.decode(c, .priority)
        dueDate = try c.optional(Int64.self, .dueDate).map { milliseconds throws(InputError) in
            try ClickUpLenient.date(milliseconds: milliseconds, at: c.path(.dueDate))
        }
        _ = try c.optional(Bool.self, .dueDateTime)
        startDate = try c.optional(Int64.self, .startDate).map { milliseconds throws(InputError) in
            try ClickUpLenient.date(milliseconds: milliseconds, at: c.path(.startDate))
        }
        _ = try c.optional(Bool.self, .startDateTime)
        assignees = try c.list(.assignees, limit: 1_000)
        tags = try c.list(.tags, limit: 1_000)
        status = try c.optional(String.self, .status)
        customFields = try c.list(.customFields, limit: 1_000)
    }

    /// Encodes the set fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(markdownContent, forKey: .markdownContent)
        try c.encodeIfPresent(priority.map(ClickUpWire.priority), forKey: .priority)
        if let dueDate {
            try c.encode(dueDate.epochMilliseconds, forKey: .dueDate)
            try c.encode(true, forKey: .dueDateTime)
        }
        if let startDate {
            try c.encode(startDate.epochMilliseconds, forKey: .startDate)
            try c.encode(true, forKey: .startDateTime)
        }
        try c.encodeUnlessEmpty(assignees, forKey: .assignees)
        try c.encodeUnlessEmpty(tags, forKey: .tags)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeUnlessEmpty(customFields, forKey: .customFields)
    }
}

/// Assignees to add and remove in an update: `{"add": […], "rem": […]}` (both always sent).
public struct ClickUpAssigneeChanges: Hashable, Sendable, Codable {
    /// User ids to assign.
    public var add: [Int64]
    /// User ids to unassign.
    public var rem: [Int64]

    /// Creates changes.
    public init(add: [Int64] = [], rem: [Int64] = []) {
        self.add = add
        self.rem = rem
    }

    enum CodingKeys: String, CodingKey { case add, rem }

    /// Decodes changes; both lists are required, as in the spec.
    public init(from decoder: any Decoder) throws {
        try ClickUpStrictKeys.check(decoder, allowed: ["add", "rem"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        add = try c.required([Int64].self, .add)
        rem = try c.required([Int64].self, .rem)
    }
}

/// The body of `PUT /api/v2/task/{task_id}` (Update Task; schema `UpdateTaskRequestStrict`).
///
/// Carries only the fields that change. Priority, due and start date can be cleared (`null`).
/// Update Task cannot set custom fields or tags: those changes are separate requests
/// (``ClickUpRequests/updating(from:to:in:taskId:)`` plans them).
public struct ClickUpTaskUpdate: Hashable, Sendable, Codable {
    /// The new name.
    public var name: String?
    /// The new description (Markdown).
    public var markdownContent: String?
    /// The new status name.
    public var status: String?
    /// The new priority, or `clear`.
    public var priority: FieldChange<Priority>?
    /// The new due date, or `clear`.
    public var dueDate: FieldChange<Date>?
    /// The new start date, or `clear`.
    public var startDate: FieldChange<Date>?
    /// Assignees to add and remove.
    public var assignees: ClickUpAssigneeChanges?

    /// Creates a body.
    public init(
        name: String? = nil, markdownContent: String? = nil, status: String? = nil, priority: FieldChange<Priority>? = nil,
        dueDate: FieldChange<Date>? = nil, startDate: FieldChange<Date>? = nil, assignees: ClickUpAssigneeChanges? = nil
    ) {
        self.name = name
        self.markdownContent = markdownContent
        self.status = status
        self.priority = priority
        self.dueDate = dueDate
        self.startDate = startDate
        self.assignees = assignees
    }

    /// Whether the body changes nothing.
    public var isEmpty: Bool {
        name == nil && markdownContent == nil && status == nil && priority == nil && dueDate == nil && startDate == nil
            && assignees == nil
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case markdownContent = "markdown_content"
        case status, priority
        case dueDate = "due_date"
        case dueDateTime = "due_date_time"
        case startDate = "start_date"
        case startDateTime = "start_date_time"
        case assignees
    }

    /// Decodes an update body; unknown members (`custom_fields`, `tags`, …) are refused.
    public init(from decoder: any Decoder) throws {
        try ClickUpStrictKeys.check(decoder, keys: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.optional(String.self, .name)
        markdownContent = try c.optional(String.self, .markdownContent)
        status = try c.optional(String.self, .status)
        if c.contains(.priority) {
            priority = try ClickUpPriorityField.decode(c, .priority).map { .set($0) } ?? .clear
        }
        dueDate = try c.millisecondChange(.dueDate)
        _ = try c.optional(Bool.self, .dueDateTime)
        startDate = try c.millisecondChange(.startDate)
        _ = try c.optional(Bool.self, .startDateTime)
        assignees = try c.optional(ClickUpAssigneeChanges.self, .assignees)
    }

    /// Encodes the changed fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(markdownContent, forKey: .markdownContent)
        try c.encodeIfPresent(status, forKey: .status)
        switch priority {
        case .none: break
        case .clear: try c.encodeNil(forKey: .priority)
        case .set(let value): try c.encode(ClickUpWire.priority(value), forKey: .priority)
        }
        try c.encodeMillisecondChange(dueDate, forKey: .dueDate, flag: .dueDateTime)
        try c.encodeMillisecondChange(startDate, forKey: .startDate, flag: .startDateTime)
        try c.encodeIfPresent(assignees, forKey: .assignees)
    }
}

/// The body of `POST /api/v2/task/{task_id}/comment` (schema `CreateTaskCommentRequest`).
public struct ClickUpCommentCreate: Hashable, Sendable, Codable {
    /// The comment text (plain text; see ``ClickUpPayloads/comment(_:notifyAll:)``).
    public var commentText: String
    /// Whether the comment's creator is notified too (assignees and watchers always are).
    public var notifyAll: Bool
    /// A user id to assign the comment to.
    public var assignee: Int64?

    /// Creates a body.
    public init(commentText: String, notifyAll: Bool = false, assignee: Int64? = nil) {
        self.commentText = commentText
        self.notifyAll = notifyAll
        self.assignee = assignee
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case commentText = "comment_text"
        case notifyAll = "notify_all"
        case assignee
    }

    /// Decodes a comment body (`comment_text` and `notify_all` are required, as in the spec).
    public init(from decoder: any Decoder) throws {
        try ClickUpStrictKeys.check(decoder, keys: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        commentText = try c.required(String.self, .commentText)
        notifyAll = try c.required(Bool.self, .notifyAll)
        assignee = try c.optional(Int64.self, .assignee)
    }

    /// Encodes the comment.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(commentText, forKey: .commentText)
        try c.encode(notifyAll, forKey: .notifyAll)
        try c.encodeIfPresent(assignee, forKey: .assignee)
    }
}

/// Refuses members a strict ClickUp body does not have.
enum ClickUpStrictKeys {
    static func check<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, keys: Keys.Type) throws {
        try check(decoder, allowed: Set(Keys.allCases.map(\.stringValue)))
    }

    static func check(_ decoder: any Decoder, allowed: Set<String>) throws {
        let keys = try decoder.container(keyedBy: AnyCodingKey.self).allKeys
        if let unknown = keys.first(where: { !allowed.contains($0.stringValue) }) {
            throw InputError(
                path: decoder.jsonPath.appending(key: unknown.stringValue),
                reason: .unknownValue(unknown.stringValue, allowed: allowed.sorted()))
        }
    }
}

/// ClickUp priority checks: 1–4 or `null`.
enum ClickUpPriorityField {
    static func decode<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> Priority? {
        guard let value = try c.optional(Int.self, key) else { return nil }
        guard let priority = ClickUpWire.priority(fromWire: value) else {
            throw InputError(path: c.path(key), reason: .outOfRange("\(value) is not within 1…4"))
        }
        return priority
    }
}

extension KeyedDecodingContainer {
    /// Unix milliseconds that may be `null` (clear); absent gives `nil`.
    func millisecondChange(_ key: Key) throws -> FieldChange<Date>? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try ClickUpLenient.date(milliseconds: try decode(Int64.self, forKey: key), at: path(key)))
    }
}

extension KeyedEncodingContainer {
    /// Writes a millisecond date change (with its `…_time: true` flag), or `null`.
    mutating func encodeMillisecondChange(_ change: FieldChange<Date>?, forKey key: Key, flag: Key) throws {
        switch change {
        case .none: break
        case .clear: try encodeNil(forKey: key)
        case .set(let date):
            try encode(date.epochMilliseconds, forKey: key)
            try encode(true, forKey: flag)
        }
    }
}
