import BridgeModels

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The value of one assignment in a Planner task body:
/// `{"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}`.
///
/// planner-overview: "the orderHint property on the assignment must be specified", and complex
/// values in open types must declare `@odata.type` (otherwise 400).
public struct PlannerAssignment: Hashable, Sendable, Codable {
    /// The order hint (printable ASCII); `" !"` by default.
    public var orderHint: String

    /// Creates an assignment value.
    public init(orderHint: String = " !") {
        self.orderHint = orderHint
    }

    enum CodingKeys: String, CodingKey {
        case type = "@odata.type"
        case orderHint
    }

    /// Decodes an assignment value; `@odata.type` must name `plannerAssignment` when present.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try PlannerODataType.check(c, .type, expected: PlannerWire.assignmentType)
        orderHint = try PlannerOrderHint.decode(c, .orderHint) ?? " !"
    }

    /// Encodes `@odata.type` and `orderHint`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(PlannerWire.assignmentType, forKey: .type)
        try c.encode(orderHint, forKey: .orderHint)
    }
}

/// The body of `POST /planner/tasks` (request profile `request.plannerTask.create`).
///
/// Encodes only what is set: `planId`, `bucketId`, `title`, `priority`, `startDateTime`,
/// `dueDateTime` (UTC, `YYYY-MM-DDTHH:MM:SSZ`), `assignments` keyed by user id, and
/// `appliedCategories` (`{"category3": true}`). Details (description, checklist, references)
/// are not part of it: inline `details` on create is undocumented, so they go in a separate
/// PATCH (planner-api.md §1).
public struct PlannerTaskCreate: Hashable, Sendable, Codable {
    /// The plan (required).
    public var planId: String
    /// The bucket, if any.
    public var bucketId: String?
    /// The title (required).
    public var title: String
    /// The wire priority, 0–10 (see ``PlannerWire/priority(_:)``).
    public var priority: Int?
    /// When work starts.
    public var startDateTime: Date?
    /// When it is due.
    public var dueDateTime: Date?
    /// Assignments keyed by user object id.
    public var assignments: [String: PlannerAssignment]
    /// Applied label slots.
    public var appliedCategories: Set<PlannerCategory>

    /// Creates a body.
    public init(
        planId: String, bucketId: String? = nil, title: String, priority: Int? = nil, startDateTime: Date? = nil,
        dueDateTime: Date? = nil, assignments: [String: PlannerAssignment] = [:], appliedCategories: Set<PlannerCategory> = []
    ) {
        self.planId = planId
        self.bucketId = bucketId
        self.title = title
        self.priority = priority
        self.startDateTime = startDateTime
        self.dueDateTime = dueDateTime
        self.assignments = assignments
        self.appliedCategories = appliedCategories
    }

    enum CodingKeys: String, CodingKey {
        case planId, bucketId, title, priority, startDateTime, dueDateTime, assignments, appliedCategories
    }

    /// Decodes a create body, checking what the request profile checks: non-empty `planId`,
    /// priority 0–10, GUID assignee keys, `category1`–`category25` keys set to `true`.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        planId = try c.text(.planId, .identifier, limit: limits.identifier)
        bucketId = try c.optionalText(.bucketId, .identifier, limit: limits.identifier)
        title = try c.required(String.self, .title)
        priority = try PlannerPriorityField.decode(c, .priority)
        startDateTime = try c.optionalTimestamp(.startDateTime)
        dueDateTime = try c.optionalTimestamp(.dueDateTime)
        var assignments: [String: PlannerAssignment] = [:]
        for member in try c.nonNullMembers(
            .assignments, as: PlannerAssignment.self, expected: "object", limit: PlannerLimits.assigneesPerTask)
        {
            try PlannerKeys.checkGUID(member.key, path: member.path)
            assignments[member.key] = member.value
        }
        self.assignments = assignments
        var categories: Set<PlannerCategory> = []
        for member in try c.nonNullMembers(.appliedCategories, as: Bool.self, expected: "boolean", limit: 25) {
            let category = try PlannerCategory.parse(member.key, at: member.path)
            guard member.value else { throw InputError(path: member.path, reason: .invalidFormat(expected: "true")) }
            categories.insert(category)
        }
        appliedCategories = categories
    }

    /// Encodes the set fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(planId, forKey: .planId)
        try c.encodeIfPresent(bucketId, forKey: .bucketId)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeTimestampIfPresent(startDateTime, forKey: .startDateTime)
        try c.encodeTimestampIfPresent(dueDateTime, forKey: .dueDateTime)
        if !assignments.isEmpty { try c.encode(assignments, forKey: .assignments) }
        if !appliedCategories.isEmpty {
            var categories = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .appliedCategories)
            for category in appliedCategories.sorted() { try categories.encode(true, forKey: AnyCodingKey(category.rawValue)) }
        }
    }
}

/// Checks of Planner open-type keys.
enum PlannerKeys {
    static func checkGUID(_ key: String, path: JSONPath) throws(InputError) {
        guard GUIDText.isGUID(key) else {
            throw InputError(path: path, reason: .invalidFormat(expected: "a GUID (8-4-4-4-12 hexadecimal digits)"))
        }
    }

    /// A reference key: `http(s)%3A//…` with none of `.` `:` `@` `#` and only well-formed `%XX`.
    static func checkReferenceKey(_ key: String, path: JSONPath) throws(InputError) {
        let bytes = Array(key.utf8)
        let lower = key.lowercased()
        var ok = lower.hasPrefix("http%3a//") || lower.hasPrefix("https%3a//")
        if ok {
            var index = lower.hasPrefix("https") ? 10 : 9
            if index >= bytes.count { ok = false }
            while ok && index < bytes.count {
                switch bytes[index] {
                case 0x2E, 0x3A, 0x40, 0x23: ok = false
                case 0x25:
                    ok = index + 2 < bytes.count && bytes[index + 1].isHexDigit && bytes[index + 2].isHexDigit
                    index += 3
                default: index += 1
                }
            }
        }
        guard ok else {
            throw InputError(
                path: path, reason: .invalidFormat(expected: "an http(s) URL with % . : @ # percent-encoded"))
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x46) || (self >= 0x61 && self <= 0x66)
    }
}

/// `@odata.type` checks for decoded Planner bodies.
enum PlannerODataType {
    /// Accepts the expected type with or without the leading `#`, or an absent annotation.
    static func check<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key, expected: String) throws {
        guard let value = try c.optional(String.self, key) else { return }
        let bare = expected.hasPrefix("#") ? String(expected.dropFirst()) : expected
        guard value == expected || value == bare else {
            throw InputError(path: c.path(key), reason: .unknownValue(value, allowed: [expected]))
        }
    }
}

/// Order hint checks: printable ASCII (32–126), planner-order-hint-format.md.
enum PlannerOrderHint {
    static func decode<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> String? {
        guard let value = try c.optional(String.self, key) else { return nil }
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
            throw InputError(path: c.path(key), reason: .invalidFormat(expected: "printable ASCII (32-126)"))
        }
        return value
    }
}

/// Planner priority checks: an integer 0–10.
enum PlannerPriorityField {
    static func decode<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> Int? {
        guard let value = try c.optional(Int.self, key) else { return nil }
        guard (0...10).contains(value) else {
            throw InputError(path: c.path(key), reason: .outOfRange("\(value) is not within 0…10"))
        }
        return value
    }
}
