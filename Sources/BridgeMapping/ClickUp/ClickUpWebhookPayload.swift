#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// A ClickUp webhook delivery, parsed into typed changes.
///
/// The payload (`clickup-api.md` §11; developer.clickup.com/docs/webhooktaskpayloads) is
/// `{event, webhook_id, task_id | list_id | folder_id | space_id | goal_id, history_items}`; each
/// history item records one change with `id`, `date` (epoch milliseconds, as a string), `field`,
/// `user`, `before` and `after`. Parsing is strict about structure (the JSON must be well formed
/// and the identifiers present) and lenient about what ClickUp varies: ids arrive as strings or
/// numbers, unknown events and fields are kept (``Name`` is an open set; unknown fields become
/// ``ClickUpChange/other(field:)``), and `before`/`after` are kept raw beside the typed change.
///
/// Parse only after the signature is verified: `ClickUpWebhookVerifier/verify(body:signature:)`
/// does both.
public struct ClickUpWebhookEvent: Hashable, Sendable {
    /// A webhook event name, e.g. `taskStatusUpdated`.
    ///
    /// An open set: the 28 documented events are static members; anything else ClickUp sends
    /// (such as the undocumented `taskAttachmentUpdated`) is kept as its raw value.
    public struct Name: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The event name as sent.
        public let rawValue: String
        /// Creates a name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Creates a name from a literal.
        public init(stringLiteral value: String) { self.init(rawValue: value) }
        /// The event name.
        public var description: String { rawValue }

        /// Whether the name is one of the 28 documented events.
        public var isDocumented: Bool { Name.documented.contains(self) }

        /// `taskCreated`
        public static let taskCreated: Name = "taskCreated"
        /// `taskUpdated`: also sent beside every more specific task event.
        public static let taskUpdated: Name = "taskUpdated"
        /// `taskDeleted`
        public static let taskDeleted: Name = "taskDeleted"
        /// `taskPriorityUpdated`
        public static let taskPriorityUpdated: Name = "taskPriorityUpdated"
        /// `taskStatusUpdated`
        public static let taskStatusUpdated: Name = "taskStatusUpdated"
        /// `taskAssigneeUpdated`
        public static let taskAssigneeUpdated: Name = "taskAssigneeUpdated"
        /// `taskDueDateUpdated`
        public static let taskDueDateUpdated: Name = "taskDueDateUpdated"
        /// `taskTagUpdated`
        public static let taskTagUpdated: Name = "taskTagUpdated"
        /// `taskMoved`
        public static let taskMoved: Name = "taskMoved"
        /// `taskCommentPosted`
        public static let taskCommentPosted: Name = "taskCommentPosted"
        /// `taskCommentUpdated`
        public static let taskCommentUpdated: Name = "taskCommentUpdated"
        /// `taskTimeEstimateUpdated`
        public static let taskTimeEstimateUpdated: Name = "taskTimeEstimateUpdated"
        /// `taskTimeTrackedUpdated`
        public static let taskTimeTrackedUpdated: Name = "taskTimeTrackedUpdated"
        /// `listCreated`
        public static let listCreated: Name = "listCreated"
        /// `listUpdated`
        public static let listUpdated: Name = "listUpdated"
        /// `listDeleted`
        public static let listDeleted: Name = "listDeleted"
        /// `folderCreated`
        public static let folderCreated: Name = "folderCreated"
        /// `folderUpdated`
        public static let folderUpdated: Name = "folderUpdated"
        /// `folderDeleted`
        public static let folderDeleted: Name = "folderDeleted"
        /// `spaceCreated`
        public static let spaceCreated: Name = "spaceCreated"
        /// `spaceUpdated`
        public static let spaceUpdated: Name = "spaceUpdated"
        /// `spaceDeleted`
        public static let spaceDeleted: Name = "spaceDeleted"
        /// `goalCreated`
        public static let goalCreated: Name = "goalCreated"
        /// `goalUpdated`
        public static let goalUpdated: Name = "goalUpdated"
        /// `goalDeleted`
        public static let goalDeleted: Name = "goalDeleted"
        /// `keyResultCreated`
        public static let keyResultCreated: Name = "keyResultCreated"
        /// `keyResultUpdated`
        public static let keyResultUpdated: Name = "keyResultUpdated"
        /// `keyResultDeleted`
        public static let keyResultDeleted: Name = "keyResultDeleted"

        /// The 28 documented events.
        public static let documented: Set<Name> = [
            .taskCreated, .taskUpdated, .taskDeleted, .taskPriorityUpdated, .taskStatusUpdated, .taskAssigneeUpdated,
            .taskDueDateUpdated, .taskTagUpdated, .taskMoved, .taskCommentPosted, .taskCommentUpdated,
            .taskTimeEstimateUpdated, .taskTimeTrackedUpdated, .listCreated, .listUpdated, .listDeleted,
            .folderCreated, .folderUpdated, .folderDeleted, .spaceCreated, .spaceUpdated, .spaceDeleted,
            .goalCreated, .goalUpdated, .goalDeleted, .keyResultCreated, .keyResultUpdated, .keyResultDeleted,
        ]
    }

    /// The event (`event`).
    public var name: Name
    /// The webhook that delivered it (`webhook_id`).
    public var webhookID: String
    /// `task_id`, for task events.
    public var taskID: String?
    /// `list_id`, for list events.
    public var listID: String?
    /// `folder_id`, for folder events.
    public var folderID: String?
    /// `space_id`, for space events.
    public var spaceID: String?
    /// `goal_id`, for goal and key-result events.
    public var goalID: String?
    /// `key_result_id`, for key-result events.
    public var keyResultID: String?
    /// The changes (`history_items`), in payload order.
    public var historyItems: [ClickUpHistoryItem]
    /// For an event without history items, a key from the webhook id and a SHA-256 of the body,
    /// so exact re-deliveries are still recognised; `nil` when there are history items.
    public var bodyDeduplicationKey: String?

    /// The de-duplication keys ClickUp prescribes, `webhook_id:history_item_id`, one per history
    /// item (or ``bodyDeduplicationKey`` for an event without items).
    public var deduplicationKeys: [String] {
        if historyItems.isEmpty { return bodyDeduplicationKey.map { [$0] } ?? [] }
        return historyItems.map(\.deduplicationKey)
    }

    /// The newest history item's date: when the change happened.
    public var latestChange: Date? { historyItems.map(\.date).max() }

    /// Parses a payload.
    ///
    /// - Parameters:
    ///   - body: The raw request body.
    ///   - limits: Size limits (document size, nesting, identifier and text lengths).
    /// - Throws: `InputError` naming the JSON path and the reason.
    public init(parsing body: [UInt8], limits: InputLimits = .default) throws(InputError) {
        let root = try StrictJSONParser(limits: limits).parse(body)
        let reader = PayloadReader(limits: limits)
        let object = try reader.object(root, at: .root)
        name = Name(rawValue: try reader.requiredText(object, "event", at: .root, limit: limits.token))
        webhookID = try reader.requiredID(object, "webhook_id", at: .root)
        taskID = try reader.optionalID(object, "task_id", at: .root)
        listID = try reader.optionalID(object, "list_id", at: .root)
        folderID = try reader.optionalID(object, "folder_id", at: .root)
        spaceID = try reader.optionalID(object, "space_id", at: .root)
        goalID = try reader.optionalID(object, "goal_id", at: .root)
        keyResultID = try reader.optionalID(object, "key_result_id", at: .root)
        var items: [ClickUpHistoryItem] = []
        if let value = object["history_items"], value != .null {
            let path = JSONPath.root.appending(key: "history_items")
            guard case .array(let elements) = value else {
                throw InputError(path: path, reason: .wrongType(expected: "array", found: value.typeName))
            }
            for (index, element) in elements.enumerated() {
                items.append(
                    try ClickUpHistoryItem(
                        element, webhookID: webhookID, at: path.appending(index: index), reader: reader))
            }
        }
        historyItems = items
        bodyDeduplicationKey =
            items.isEmpty ? "\(webhookID):body-\(SHA256Hasher.hex(Array(SHA256Hasher.hash(body).prefix(16))))" : nil
    }
}

/// One change in a ClickUp webhook (`history_items[]`).
public struct ClickUpHistoryItem: Hashable, Sendable {
    /// The history item's id.
    public var id: String
    /// The changed field as ClickUp names it (`status`, `comment`, `assignee_add`, …).
    public var field: String
    /// When the change happened (`date`, epoch milliseconds).
    public var date: Date
    /// `parent_id`: for task events, the List the task is in.
    public var parentID: String?
    /// The id of the user who made the change (`user.id`), as text.
    public var userID: String?
    /// The change, typed where the field is known.
    public var change: ClickUpChange
    /// The raw `before` value.
    public var before: JSONValue?
    /// The raw `after` value.
    public var after: JSONValue?
    /// `webhook_id:history_item_id`, the idempotency key ClickUp prescribes.
    public var deduplicationKey: String

    init(_ value: JSONValue, webhookID: String, at path: JSONPath, reader: PayloadReader) throws(InputError) {
        let object = try reader.object(value, at: path)
        id = try reader.requiredID(object, "id", at: path)
        field = try reader.optionalText(object, "field", at: path, limit: reader.limits.token) ?? ""
        date = try reader.requiredMilliseconds(object, "date", at: path)
        parentID = try reader.optionalID(object, "parent_id", at: path)
        if case .object(let user)? = object["user"] {
            userID = try reader.optionalID(user, "id", at: path.appending(key: "user"))
        }
        before = object["before"].flatMap { $0 == .null ? nil : $0 }
        after = object["after"].flatMap { $0 == .null ? nil : $0 }
        deduplicationKey = "\(webhookID):\(id)"
        change = try ClickUpChange(field: field, item: object, at: path, reader: reader)
    }
}

/// A typed change from a history item.
public enum ClickUpChange: Hashable, Sendable {
    /// The task's status changed (`field` `status`); `from` is `nil` for a new task.
    case status(from: ClickUpStatus?, to: ClickUpStatus?)
    /// A comment was posted or edited (`field` `comment`).
    case comment(ClickUpComment)
    /// A user was assigned (`field` `assignee_add`; the user is `after`).
    case assigneeAdded(userID: String)
    /// A user was unassigned (`field` `assignee_rem`; the user is `before`).
    case assigneeRemoved(userID: String)
    /// A custom field's value changed (`field` `custom_field`).
    case customField(ClickUpCustomFieldChange)
    /// The task was created (`field` `task_creation`).
    case taskCreated
    /// Any other field (`content`, `priority`, `due_date`, `tag`, …); the raw values are in
    /// ``ClickUpHistoryItem/before`` and ``ClickUpHistoryItem/after``.
    case other(field: String)

    init(field: String, item: JSONObject, at path: JSONPath, reader: PayloadReader) throws(InputError) {
        switch field {
        case "status":
            self = .status(
                from: try ClickUpStatus(item["before"], at: path.appending(key: "before"), reader: reader),
                to: try ClickUpStatus(item["after"], at: path.appending(key: "after"), reader: reader))
        case "comment":
            self = .comment(try ClickUpComment(item, at: path, reader: reader))
        case "assignee_add", "assignee_rem":
            let key = field == "assignee_add" ? "after" : "before"
            let userPath = path.appending(key: key)
            let user = try reader.object(item[key] ?? .null, at: userPath)
            let userID = try reader.requiredID(user, "id", at: userPath)
            self = field == "assignee_add" ? .assigneeAdded(userID: userID) : .assigneeRemoved(userID: userID)
        case "custom_field":
            self = .customField(try ClickUpCustomFieldChange(item, at: path, reader: reader))
        case "task_creation":
            self = .taskCreated
        default:
            self = .other(field: field)
        }
    }
}

extension ClickUpStatus {
    /// A status as a webhook history item gives it; `nil` for a missing or null value, or for
    /// `{"status": null}` (a task's state before creation).
    init?(_ value: JSONValue?, at path: JSONPath, reader: PayloadReader) throws(InputError) {
        guard let value, value != .null else { return nil }
        let object = try reader.object(value, at: path)
        guard let name = try reader.optionalText(object, "status", at: path, limit: reader.limits.line) else {
            return nil
        }
        self.init(
            name: name, type: try reader.optionalText(object, "type", at: path, limit: reader.limits.token),
            color: try reader.optionalText(object, "color", at: path, limit: reader.limits.token))
    }
}

/// A comment from a `comment` history item.
public struct ClickUpComment: Hashable, Sendable {
    /// The comment's id, when given.
    public var id: String?
    /// The comment's plain text (`text_content`, or `comment_text`); may be empty (an
    /// attachment-only comment). Not sanitised: treat it as partner-unsafe until the mapping
    /// layer has cleaned it.
    public var text: String

    /// Creates a comment.
    public init(id: String?, text: String) {
        self.id = id
        self.text = text
    }

    init(_ item: JSONObject, at path: JSONPath, reader: PayloadReader) throws(InputError) {
        let commentPath = path.appending(key: "comment")
        guard let value = item["comment"], value != .null else {
            throw InputError(path: commentPath, reason: .missing)
        }
        let comment = try reader.object(value, at: commentPath)
        id = try reader.optionalID(comment, "id", at: commentPath)
        if let text = try reader.rawText(comment, "text_content", at: commentPath) {
            self.text = text
        } else {
            text = try reader.rawText(comment, "comment_text", at: commentPath) ?? ""
        }
    }
}

/// A custom field change from a `custom_field` history item.
public struct ClickUpCustomFieldChange: Hashable, Sendable {
    /// The field's id (`custom_field.id`).
    public var fieldID: String
    /// The field's name, when given.
    public var name: String?
    /// The field's type (`drop_down`, `labels`, `date`, …), when given.
    public var type: String?
    /// The value before (raw: ClickUp does not normalise custom field values).
    public var before: JSONValue?
    /// The value after (raw).
    public var after: JSONValue?

    /// Creates a change.
    public init(fieldID: String, name: String? = nil, type: String? = nil, before: JSONValue? = nil, after: JSONValue? = nil) {
        self.fieldID = fieldID
        self.name = name
        self.type = type
        self.before = before
        self.after = after
    }

    init(_ item: JSONObject, at path: JSONPath, reader: PayloadReader) throws(InputError) {
        let fieldPath = path.appending(key: "custom_field")
        let field = try reader.object(item["custom_field"] ?? .null, at: fieldPath)
        fieldID = try reader.requiredID(field, "id", at: fieldPath)
        name = try reader.optionalText(field, "name", at: fieldPath, limit: reader.limits.line)
        type = try reader.optionalText(field, "type", at: fieldPath, limit: reader.limits.token)
        before = item["before"].flatMap { $0 == .null ? nil : $0 }
        after = item["after"].flatMap { $0 == .null ? nil : $0 }
    }
}

/// Typed reads from parsed JSON with path-precise errors.
package struct PayloadReader {
    package let limits: InputLimits

    package init(limits: InputLimits) {
        self.limits = limits
    }

    package func object(_ value: JSONValue, at path: JSONPath) throws(InputError) -> JSONObject {
        guard case .object(let object) = value else {
            if value == .null { throw InputError(path: path, reason: .missing) }
            throw InputError(path: path, reason: .wrongType(expected: "object", found: value.typeName))
        }
        return object
    }

    /// An identifier that may arrive as a string or an integer.
    package func optionalID(_ object: JSONObject, _ key: String, at path: JSONPath) throws(InputError) -> String? {
        let fieldPath = path.appending(key: key)
        switch object[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return try TextRules.check(text, .identifier, limit: limits.identifier, path: fieldPath)
        case .number(let literal)?:
            guard literal.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
                throw InputError(path: fieldPath, reason: .invalidFormat(expected: "an integer or a string id"))
            }
            return literal
        case let value?:
            throw InputError(path: fieldPath, reason: .wrongType(expected: "string or integer", found: value.typeName))
        }
    }

    package func requiredID(_ object: JSONObject, _ key: String, at path: JSONPath) throws(InputError) -> String {
        guard let id = try optionalID(object, key, at: path) else {
            throw InputError(path: path.appending(key: key), reason: .missing)
        }
        return id
    }

    package func optionalText(_ object: JSONObject, _ key: String, at path: JSONPath, limit: Int) throws(InputError)
        -> String?
    {
        switch object[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return try TextRules.check(text, .line, limit: limit, path: path.appending(key: key))
        case let value?:
            throw InputError(path: path.appending(key: key), reason: .wrongType(expected: "string", found: value.typeName))
        }
    }

    package func requiredText(_ object: JSONObject, _ key: String, at path: JSONPath, limit: Int) throws(InputError) -> String {
        guard let text = try optionalText(object, key, at: path, limit: limit) else {
            throw InputError(path: path.appending(key: key), reason: .missing)
        }
        return text
    }

    /// Free text kept as sent, only length-checked.
    package func rawText(_ object: JSONObject, _ key: String, at path: JSONPath) throws(InputError) -> String? {
        switch object[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            let length = text.unicodeScalars.count
            if length > limits.text {
                throw InputError(path: path.appending(key: key), reason: .tooLong(limit: limits.text, length: length))
            }
            return text
        case let value?:
            throw InputError(path: path.appending(key: key), reason: .wrongType(expected: "string", found: value.typeName))
        }
    }

    /// Epoch milliseconds as a string of digits (ClickUp's form) or a JSON integer.
    package func requiredMilliseconds(_ object: JSONObject, _ key: String, at path: JSONPath) throws(InputError) -> Date {
        let fieldPath = path.appending(key: key)
        let literal: String
        switch object[key] {
        case nil, .null?:
            throw InputError(path: fieldPath, reason: .missing)
        case .string(let text)?:
            literal = text
        case .number(let text)?:
            literal = text
        case let value?:
            throw InputError(path: fieldPath, reason: .wrongType(expected: "epoch milliseconds", found: value.typeName))
        }
        guard !literal.isEmpty, literal.utf8.count <= 15, literal.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let milliseconds = Int64(literal)
        else {
            throw InputError(path: fieldPath, reason: .invalidFormat(expected: "epoch milliseconds"))
        }
        return try ClickUpLenient.date(milliseconds: milliseconds, at: fieldPath)
    }
}
