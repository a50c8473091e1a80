public import BridgeModels

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A JSON value read from a ClickUp response where the shape depends on the data (a custom
/// field's `value`).
public indirect enum ClickUpFieldValue: Hashable, Sendable, Decodable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer that fits 64 bits.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([ClickUpFieldValue])
    /// An object.
    case object([String: ClickUpFieldValue])

    /// Decodes whichever JSON value is present.
    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let flag = try? single.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? single.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? single.decode(Double.self) {
            self = .number(number)
        } else if let text = try? single.decode(String.self) {
            self = .string(text)
        } else if var list = try? decoder.unkeyedContainer() {
            var elements: [ClickUpFieldValue] = []
            while !list.isAtEnd { elements.append(try list.decode(ClickUpFieldValue.self)) }
            self = .array(elements)
        } else {
            let object = try decoder.container(keyedBy: AnyCodingKey.self)
            var members: [String: ClickUpFieldValue] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(ClickUpFieldValue.self, forKey: key) }
            self = .object(members)
        }
    }
}

/// A ClickUp user as tasks list them (assignees, watchers).
public struct ClickUpUser: Hashable, Sendable, Decodable {
    /// The user id.
    public var id: Int64
    /// The user name.
    public var username: String?
    /// The e-mail address.
    public var email: String?

    /// Creates a user.
    public init(id: Int64, username: String? = nil, email: String? = nil) {
        self.id = id
        self.username = username
        self.email = email
    }

    enum CodingKeys: String, CodingKey { case id, username, email }

    /// Decodes a user; the id may be a number or a string of digits.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try ClickUpLenient.integer(c, .id)
        username = try c.optional(String.self, .username)
        email = try c.optional(String.self, .email)
    }
}

/// A status as ClickUp returns it on a task or a list: `{"status": "in progress", "type": "custom", …}`.
public struct ClickUpStatus: Hashable, Sendable, Decodable {
    /// The status name (per list).
    public var name: String
    /// The status type: `open`, `custom`, `closed` (and `done` per some docs; webhooks use
    /// `removed` for "no status yet").
    public var type: String?
    /// The display colour, e.g. `#7C4DFF`.
    public var color: String?

    /// Creates a status.
    public init(name: String, type: String? = nil, color: String? = nil) {
        self.name = name
        self.type = type
        self.color = color
    }

    /// Whether the type marks finished work (`closed` or `done`).
    public var isClosed: Bool { type == "closed" || type == "done" }

    enum CodingKeys: String, CodingKey { case status, type, color }

    /// Decodes a status; `status` is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.required(String.self, .status)
        type = try c.optional(String.self, .type)
        color = try c.optional(String.self, .color)
    }
}

/// A custom field as a task lists it: `{"id", "name", "type", "value"}`.
public struct ClickUpCustomField: Hashable, Sendable, Decodable {
    /// The field id.
    public var id: String
    /// The field name.
    public var name: String?
    /// The field type, e.g. `text`, `number`, `currency`, `date`, `drop_down`.
    public var type: String?
    /// The value, `nil` when the field is unset.
    public var value: ClickUpFieldValue?

    /// Creates a field.
    public init(id: String, name: String? = nil, type: String? = nil, value: ClickUpFieldValue? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.value = value
    }

    enum CodingKeys: String, CodingKey { case id, name, type, value }

    /// Decodes a field; `id` is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(String.self, .id)
        name = try c.optional(String.self, .name)
        type = try c.optional(String.self, .type)
        value = try c.optional(ClickUpFieldValue.self, .value)
    }
}

/// A ClickUp task as `GET /api/v2/task/{id}`, Create Task and Get Tasks return it.
///
/// Decoding is lenient where ClickUp is known to be loose (clickup-api.md §5, §14): dates are
/// millisecond strings or numbers, ids numbers or strings, `priority` an object or `null`, and
/// unknown members are ignored. A value the bridge relies on that cannot be read (a date that
/// is not a number, a priority other than 1–4) is an `InputError` with its path.
public struct ClickUpTask: Hashable, Sendable, Decodable {
    /// The task id.
    public var id: String
    /// The custom task id, when the workspace uses them.
    public var customId: String?
    /// The name.
    public var name: String
    /// The status.
    public var status: ClickUpStatus?
    /// The priority.
    public var priority: Priority?
    /// When it is due.
    public var dueDate: Date?
    /// When work starts.
    public var startDate: Date?
    /// When it was created.
    public var dateCreated: Date?
    /// When it was last updated (for change detection with `date_updated_gt`).
    public var dateUpdated: Date?
    /// When it was closed.
    public var dateClosed: Date?
    /// Assigned users.
    public var assignees: [ClickUpUser]
    /// Tag names.
    public var tags: [String]
    /// Custom fields.
    public var customFields: [ClickUpCustomField]
    /// The description as plain text (`text_content`).
    public var textContent: String?
    /// The description as Markdown (`markdown_description`, present with
    /// `include_markdown_description=true`).
    public var markdownDescription: String?
    /// The list id.
    public var listId: String?
    /// The task's web URL.
    public var url: String?
    /// Whether it is archived.
    public var archived: Bool?

    /// Creates a task value.
    public init(
        id: String, customId: String? = nil, name: String, status: ClickUpStatus? = nil, priority: Priority? = nil,
        dueDate: Date? = nil, startDate: Date? = nil, dateCreated: Date? = nil, dateUpdated: Date? = nil,
        dateClosed: Date? = nil, assignees: [ClickUpUser] = [], tags: [String] = [],
        customFields: [ClickUpCustomField] = [], textContent: String? = nil, markdownDescription: String? = nil,
        listId: String? = nil, url: String? = nil, archived: Bool? = nil
    ) {
        self.id = id
        self.customId = customId
        self.name = name
        self.status = status
        self.priority = priority
        self.dueDate = dueDate
        self.startDate = startDate
        self.dateCreated = dateCreated
        self.dateUpdated = dateUpdated
        self.dateClosed = dateClosed
        self.assignees = assignees
        self.tags = tags
        self.customFields = customFields
        self.textContent = textContent
        self.markdownDescription = markdownDescription
        self.listId = listId
        self.url = url
        self.archived = archived
    }

    enum CodingKeys: String, CodingKey {
        case id
        case customId = "custom_id"
        case name, status, priority
        case dueDate = "due_date"
        case startDate = "start_date"
        case dateCreated = "date_created"
        case dateUpdated = "date_updated"
        case dateClosed = "date_closed"
        case assignees, tags
        case customFields = "custom_fields"
        case textContent = "text_content"
        case markdownDescription = "markdown_description"
        case list, url, archived
    }

    enum PriorityKeys: String, CodingKey { case id, priority }

    /// A tag: `{"name": …}`, or a bare string (the Get Tasks list item schema types tags as
    /// strings, a spec defect; both are accepted).
    struct TagName: Decodable {
        var name: String
        enum Keys: String, CodingKey { case name }
        init(from decoder: any Decoder) throws {
            if let name = try? decoder.singleValueContainer().decode(String.self) {
                self.name = name
            } else {
                self.name = try decoder.container(keyedBy: Keys.self).required(String.self, .name)
            }
        }
    }
    enum ListKeys: String, CodingKey { case id }

    /// Decodes a task.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try ClickUpLenient.identifier(c, .id, limit: limits.identifier)
        customId = try c.optional(String.self, .customId)
        name = try c.optional(String.self, .name) ?? ""
        status = try c.optional(ClickUpStatus.self, .status)
        if try c.has(.priority) {
            let p = try c.nestedContainer(keyedBy: PriorityKeys.self, forKey: .priority)
            if let id = try? ClickUpLenient.integer(p, .id), let value = ClickUpWire.priority(fromWire: Int(truncatingIfNeeded: id)) {
                priority = value
            } else if let name = try p.optional(String.self, .priority), let value = Priority(rawValue: name.lowercased()) {
                priority = value
            } else {
                throw InputError(path: c.path(.priority), reason: .invalidFormat(expected: "a priority with id 1-4 or null"))
            }
        }
        dueDate = try ClickUpLenient.milliseconds(c, .dueDate)
        startDate = try ClickUpLenient.milliseconds(c, .startDate)
        dateCreated = try ClickUpLenient.milliseconds(c, .dateCreated)
        dateUpdated = try ClickUpLenient.milliseconds(c, .dateUpdated)
        dateClosed = try ClickUpLenient.milliseconds(c, .dateClosed)
        assignees = try c.list(.assignees, limit: 10_000)
        tags = try c.list(.tags, limit: 10_000).map { (tag: TagName) in tag.name }
        customFields = try c.list(.customFields, limit: 10_000)
        textContent = try c.optional(String.self, .textContent)
        markdownDescription = try c.optional(String.self, .markdownDescription)
        if try c.has(.list) {
            let list = try c.nestedContainer(keyedBy: ListKeys.self, forKey: .list)
            listId = try ClickUpLenient.optionalIdentifier(list, .id)
        }
        url = try c.optional(String.self, .url)
        archived = try c.optional(Bool.self, .archived)
    }
}

/// One page of `GET /api/v2/list/{id}/task`: `{"tasks": […], "last_page": …}` (at most 100 tasks).
public struct ClickUpTaskPage: Hashable, Sendable, Decodable {
    /// The tasks on this page.
    public var tasks: [ClickUpTask]
    /// `last_page`, when ClickUp sent it.
    public var lastPage: Bool?

    /// Creates a page.
    public init(tasks: [ClickUpTask], lastPage: Bool? = nil) {
        self.tasks = tasks
        self.lastPage = lastPage
    }

    /// The largest page ClickUp returns.
    public static let pageSize = 100

    /// Whether this is the last page: `last_page` when present, else whether the page has
    /// fewer than ``pageSize`` tasks.
    public var isLastPage: Bool { lastPage ?? (tasks.count < ClickUpTaskPage.pageSize) }

    enum CodingKeys: String, CodingKey {
        case tasks
        case lastPage = "last_page"
    }

    /// Decodes a page; `tasks` is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard c.contains(.tasks) else { throw InputError(path: c.path(.tasks), reason: .missing) }
        tasks = try c.list(.tasks, limit: 10_000)
        lastPage = try c.optional(Bool.self, .lastPage)
    }
}

/// A list as `GET /api/v2/list/{id}` returns it, for its status names.
public struct ClickUpList: Hashable, Sendable, Decodable {
    /// The list id.
    public var id: String
    /// The list name.
    public var name: String?
    /// The list's statuses, in ClickUp's order.
    public var statuses: [ClickUpStatus]
    /// Whether the list overrides its space's statuses.
    public var overrideStatuses: Bool?

    /// Creates a list.
    public init(id: String, name: String? = nil, statuses: [ClickUpStatus] = [], overrideStatuses: Bool? = nil) {
        self.id = id
        self.name = name
        self.statuses = statuses
        self.overrideStatuses = overrideStatuses
    }

    enum CodingKeys: String, CodingKey {
        case id, name, statuses
        case overrideStatuses = "override_statuses"
    }

    /// Decodes a list (the id may be a string or a number).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try ClickUpLenient.identifier(c, .id, limit: decoder.inputLimits.identifier)
        name = try c.optional(String.self, .name)
        statuses = try c.list(.statuses, limit: 1_000)
        overrideStatuses = try c.optional(Bool.self, .overrideStatuses)
    }

    /// The status names of the list, for checking a ``ClickUpDestination/statuses`` map.
    public var statusNames: [String] { statuses.map(\.name) }
}

/// The error body ClickUp sends with a 4xx or 5xx status: `{"err": "…", "ECODE": "…"}` (a few
/// endpoints send `error` instead of `err`).
///
/// ``description`` is safe to log: values are quoted with control and bidirectional characters
/// escaped and cut to 300 characters.
public struct ClickUpErrorResponse: Hashable, Sendable, Decodable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// The error code, e.g. `FIELD_011` or `OAUTH_019`.
    public var code: String?

    /// Creates an error body.
    public init(message: String, code: String? = nil) {
        self.message = message
        self.code = code
    }

    enum CodingKeys: String, CodingKey {
        case err, error
        case code = "ECODE"
    }

    /// Decodes an error body; `err` or `error` is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let message = try c.optional(String.self, .err) {
            self.message = message
        } else if let message = try c.optional(String.self, .error) {
            self.message = message
        } else {
            throw InputError(path: decoder.jsonPath, reason: .missingOneOf(["err", "error"]))
        }
        code = try c.optional(String.self, .code)
    }

    /// `<ECODE>: "<message>"`, log-safe.
    public var description: String {
        (code.map { TextSanitizer.quotedFragment($0, limit: 80) } ?? "ClickUp error") + ": \""
            + TextSanitizer.quotedFragment(message, limit: 300) + "\""
    }
}

/// Lenient reads of ClickUp's loosely typed values.
package enum ClickUpLenient {
    /// An integer sent as a number or as a string of digits.
    package static func integer<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> Int64 {
        if let number = try? c.decode(Int64.self, forKey: key) { return number }
        let text = try c.required(String.self, key)
        guard let number = Int64(text) else {
            throw InputError(path: c.path(key), reason: .invalidFormat(expected: "an integer"))
        }
        return number
    }

    /// Unix milliseconds sent as a string of digits or a number; absent, `null` or `""` give `nil`.
    ///
    /// - Throws: `InputError` for another type, text that is not an integer, or an instant
    ///   outside ``millisecondRange``.
    package static func milliseconds<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> Date? {
        guard try c.has(key) else { return nil }
        if let number = try? c.decode(Int64.self, forKey: key) { return try date(milliseconds: number, at: c.path(key)) }
        guard let text = try? c.decode(String.self, forKey: key) else {
            throw InputError(path: c.path(key), reason: .wrongType(expected: "milliseconds as a string or number", found: "another type"))
        }
        if text.isEmpty { return nil }
        guard let number = Int64(text) else {
            throw InputError(path: c.path(key), reason: .invalidFormat(expected: "Unix milliseconds"))
        }
        return try date(milliseconds: number, at: c.path(key))
    }

    /// The Unix milliseconds of 0001-01-01T00:00:00Z through 9999-12-31T23:59:59.999Z, the
    /// instants RFC 3339 can write. ClickUp dates outside are refused: a value near `Int64.max`
    /// would make `Date.epochMilliseconds` trap when the date is written again (a `date_updated_gt`
    /// filter, a request body, a log line).
    package static let millisecondRange: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999

    /// The instant of `milliseconds`, checked against ``millisecondRange``.
    ///
    /// - Throws: `InputError` at `path` (reason `outOfRange`).
    package static func date(milliseconds: Int64, at path: JSONPath) throws(InputError) -> Date {
        guard millisecondRange.contains(milliseconds) else {
            throw InputError(path: path, reason: .outOfRange("\(milliseconds) is not Unix milliseconds between the years 1 and 9999"))
        }
        return Date(epochMilliseconds: milliseconds)
    }

    /// An id sent as a string or a number.
    package static func identifier<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key, limit: Int) throws -> String {
        if let number = try? c.decode(Int64.self, forKey: key) { return String(number) }
        return try c.text(key, .identifier, limit: limit)
    }

    /// An optional id sent as a string or a number.
    package static func optionalIdentifier<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> String? {
        guard try c.has(key) else { return nil }
        return try identifier(c, key, limit: InputLimits.default.identifier)
    }
}
