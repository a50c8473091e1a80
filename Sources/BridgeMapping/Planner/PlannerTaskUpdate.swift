import BridgeModels

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The body of `PATCH /planner/tasks/{id}` (request profile `request.plannerTask.update`; send
/// the task's ETag in `If-Match`).
///
/// Carries only the fields that change. Build it from explicit changes, or let
/// ``PlannerPayloads/taskUpdate(from:to:in:)`` compute it from two work items. Assignments
/// are added with an assignment value and removed with `null`; label slots are applied with
/// `true` and removed with `false`; dates are cleared with `null`.
public struct PlannerTaskUpdate: Hashable, Sendable, Codable {
    /// The new title.
    public var title: String?
    /// The new wire priority, 0–10.
    public var priority: Int?
    /// The new due date, or `clear`.
    public var dueDateTime: FieldChange<Date>?
    /// The new start date, or `clear`.
    public var startDateTime: FieldChange<Date>?
    /// The new progress, 0–100 (100 completes the task). Values outside are clamped.
    public var percentComplete: Int? {
        didSet { percentComplete = percentComplete.map { min(100, max(0, $0)) } }
    }
    /// The bucket to move the task to.
    public var bucketId: String?
    /// Assignments to add (`set`) or remove (`clear`), keyed by user object id.
    public var assignments: [String: FieldChange<PlannerAssignment>]
    /// Label slots to apply (`true`) or remove (`false`).
    public var appliedCategories: [PlannerCategory: Bool]

    /// Creates a body; `percentComplete` is clamped to 0–100.
    public init(
        title: String? = nil, priority: Int? = nil, dueDateTime: FieldChange<Date>? = nil,
        startDateTime: FieldChange<Date>? = nil, percentComplete: Int? = nil, bucketId: String? = nil,
        assignments: [String: FieldChange<PlannerAssignment>] = [:], appliedCategories: [PlannerCategory: Bool] = [:]
    ) {
        self.title = title
        self.priority = priority
        self.dueDateTime = dueDateTime
        self.startDateTime = startDateTime
        self.percentComplete = percentComplete.map { min(100, max(0, $0)) }
        self.bucketId = bucketId
        self.assignments = assignments
        self.appliedCategories = appliedCategories
    }

    /// Whether the body changes nothing (Graph refuses an empty PATCH body).
    public var isEmpty: Bool {
        title == nil && priority == nil && dueDateTime == nil && startDateTime == nil && percentComplete == nil
            && bucketId == nil && assignments.isEmpty && appliedCategories.isEmpty
    }

    enum CodingKeys: String, CodingKey {
        case title, priority, dueDateTime, startDateTime, percentComplete, bucketId, assignments, appliedCategories
    }

    /// Decodes an update body, checking what the request profile checks.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.optional(String.self, .title)
        priority = try PlannerPriorityField.decode(c, .priority)
        dueDateTime = try c.dateChange(.dueDateTime)
        startDateTime = try c.dateChange(.startDateTime)
        if let value = try c.optional(Int.self, .percentComplete) {
            guard (0...100).contains(value) else {
                throw InputError(path: c.path(.percentComplete), reason: .outOfRange("\(value) is not within 0…100"))
            }
            percentComplete = value
        }
        bucketId = try c.optionalText(.bucketId, .identifier, limit: limits.identifier)
        var assignments: [String: FieldChange<PlannerAssignment>] = [:]
        for (key, value) in try c.members(.assignments, as: PlannerAssignment.self, limit: 100) {
            try PlannerKeys.checkGUID(key, path: c.path(.assignments).appending(key: key))
            assignments[key] = value.map { .set($0) } ?? .clear
        }
        self.assignments = assignments
        var categories: [PlannerCategory: Bool] = [:]
        for member in try c.nonNullMembers(.appliedCategories, as: Bool.self, expected: "boolean", limit: 25) {
            categories[try PlannerCategory.parse(member.key, at: member.path)] = member.value
        }
        appliedCategories = categories
    }

    /// Encodes the changed fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeDateChange(dueDateTime, forKey: .dueDateTime)
        try c.encodeDateChange(startDateTime, forKey: .startDateTime)
        try c.encodeIfPresent(percentComplete, forKey: .percentComplete)
        try c.encodeIfPresent(bucketId, forKey: .bucketId)
        try c.encodeChanges(assignments, forKey: .assignments)
        if !appliedCategories.isEmpty {
            var categories = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .appliedCategories)
            for category in appliedCategories.keys.sorted() {
                try categories.encode(appliedCategories[category] ?? false, forKey: AnyCodingKey(category.rawValue))
            }
        }
    }
}

extension KeyedDecodingContainer {
    /// An RFC 3339 date that may be `null` (clear); absent gives `nil`.
    func dateChange(_ key: Key) throws -> FieldChange<Date>? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try timestamp(key))
    }
}

extension KeyedEncodingContainer {
    /// Writes a date change: RFC 3339 in UTC, or `null`.
    mutating func encodeDateChange(_ change: FieldChange<Date>?, forKey key: Key) throws {
        switch change {
        case .none: break
        case .clear: try encodeNil(forKey: key)
        case .set(let date): try encodeTimestamp(date, forKey: key)
        }
    }
}
