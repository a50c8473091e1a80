import BridgeModels

/// The value of one checklist item in a details PATCH:
/// `{"@odata.type": "#microsoft.graph.plannerChecklistItem", "title": …, "isChecked": …, "orderHint": …}`.
///
/// Fields left `nil` are not sent (an update of `isChecked` alone keeps title and position).
public struct PlannerChecklistItemWrite: Hashable, Sendable, Codable {
    /// The item text.
    public var title: String?
    /// Whether it is checked.
    public var isChecked: Bool?
    /// Its position (order-hint format).
    public var orderHint: String?

    /// Creates an item value.
    public init(title: String? = nil, isChecked: Bool? = nil, orderHint: String? = nil) {
        self.title = title
        self.isChecked = isChecked
        self.orderHint = orderHint
    }

    enum CodingKeys: String, CodingKey {
        case type = "@odata.type"
        case title, isChecked, orderHint
    }

    /// Decodes an item value.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try PlannerODataType.check(c, .type, expected: PlannerWire.checklistItemType)
        title = try c.optional(String.self, .title)
        isChecked = try c.optional(Bool.self, .isChecked)
        orderHint = try PlannerOrderHint.decode(c, .orderHint)
    }

    /// Encodes `@odata.type` and the set fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(PlannerWire.checklistItemType, forKey: .type)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(isChecked, forKey: .isChecked)
        try c.encodeIfPresent(orderHint, forKey: .orderHint)
    }
}

/// The value of one external reference in a details PATCH:
/// `{"@odata.type": "#microsoft.graph.plannerExternalReference", "alias": …, "type": …, "previewPriority": …}`.
public struct PlannerReferenceWrite: Hashable, Sendable, Codable {
    /// The name shown for the link.
    public var alias: String?
    /// The kind (icon).
    public var type: PlannerReferenceKind?
    /// Its position among the references (order-hint format).
    public var previewPriority: String?

    /// Creates a reference value.
    public init(alias: String? = nil, type: PlannerReferenceKind? = nil, previewPriority: String? = nil) {
        self.alias = alias
        self.type = type
        self.previewPriority = previewPriority
    }

    enum CodingKeys: String, CodingKey {
        case odataType = "@odata.type"
        case alias, type, previewPriority
    }

    /// Decodes a reference value.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try PlannerODataType.check(c, .odataType, expected: PlannerWire.referenceType)
        alias = try c.optional(String.self, .alias)
        type = try c.optional(PlannerReferenceKind.self, .type)
        previewPriority = try PlannerOrderHint.decode(c, .previewPriority)
    }

    /// Encodes `@odata.type` and the set fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(PlannerWire.referenceType, forKey: .odataType)
        try c.encodeIfPresent(alias, forKey: .alias)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(previewPriority, forKey: .previewPriority)
    }
}

/// The body of `PATCH /planner/tasks/{id}/details` (request profile
/// `request.plannerTaskDetails.update`; send the details' own ETag in `If-Match`).
///
/// Carries only what is set: `description` (plain text), `previewType`, `checklist` keyed by
/// GUID and `references` keyed by encoded URL. A ``FieldChange/clear`` entry is sent as `null`,
/// which deletes that checklist item or reference.
public struct PlannerTaskDetailsUpdate: Hashable, Sendable, Codable {
    /// The new description.
    public var description: String?
    /// The new preview type.
    public var previewType: PlannerPreviewType?
    /// Checklist changes keyed by item GUID.
    public var checklist: [String: FieldChange<PlannerChecklistItemWrite>]
    /// Reference changes keyed by encoded URL (``PlannerWire/referenceKey(forURL:)``).
    public var references: [String: FieldChange<PlannerReferenceWrite>]

    /// Creates a body.
    public init(
        description: String? = nil, previewType: PlannerPreviewType? = nil,
        checklist: [String: FieldChange<PlannerChecklistItemWrite>] = [:],
        references: [String: FieldChange<PlannerReferenceWrite>] = [:]
    ) {
        self.description = description
        self.previewType = previewType
        self.checklist = checklist
        self.references = references
    }

    /// Whether the body changes nothing (Graph refuses an empty PATCH body).
    public var isEmpty: Bool {
        description == nil && previewType == nil && checklist.isEmpty && references.isEmpty
    }

    enum CodingKeys: String, CodingKey { case description, previewType, checklist, references }

    /// Decodes a details body: GUID checklist keys, encoded-URL reference keys, known
    /// `@odata.type` values, printable-ASCII order hints.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        description = try c.optional(String.self, .description)
        previewType = try c.optional(PlannerPreviewType.self, .previewType)
        var checklist: [String: FieldChange<PlannerChecklistItemWrite>] = [:]
        for (key, value) in try c.members(.checklist, as: PlannerChecklistItemWrite.self, limit: 1_000) {
            try PlannerKeys.checkGUID(key, path: c.path(.checklist).appending(key: key))
            checklist[key] = value.map { .set($0) } ?? .clear
        }
        self.checklist = checklist
        var references: [String: FieldChange<PlannerReferenceWrite>] = [:]
        for (key, value) in try c.members(.references, as: PlannerReferenceWrite.self, limit: 1_000) {
            try PlannerKeys.checkReferenceKey(key, path: c.path(.references).appending(key: key))
            references[key] = value.map { .set($0) } ?? .clear
        }
        self.references = references
    }

    /// Encodes the set fields; cleared entries as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(previewType, forKey: .previewType)
        try c.encodeChanges(checklist, forKey: .checklist)
        try c.encodeChanges(references, forKey: .references)
    }
}

extension KeyedEncodingContainer {
    /// Encodes a dictionary of changes as a JSON object (`null` for cleared entries), in key
    /// order; nothing when empty.
    mutating func encodeChanges<Value: Encodable>(_ changes: [String: FieldChange<Value>], forKey key: Key) throws {
        guard !changes.isEmpty else { return }
        var object = nestedContainer(keyedBy: AnyCodingKey.self, forKey: key)
        for member in changes.keys.sorted() {
            switch changes[member] {
            case .set(let value): try object.encode(value, forKey: AnyCodingKey(member))
            case .clear, .none: try object.encodeNil(forKey: AnyCodingKey(member))
            }
        }
    }
}
