import BridgeModels

/// Where and how one team's work goes in Microsoft Planner: the plan, the bucket, who is
/// assigned, and which Planner label slot each work-item label uses.
///
/// The bridge configuration embeds one per team under `"planner"`:
///
/// ```json
/// {"planId": "xqQg5FS2LkCp935s-FIFm2QAFkHM", "bucketId": "hsOf2dhOJkqyYYZEtdzDe2QAIUCR",
///  "assignees": ["fbab97d0-4932-4511-b675-204639209557"],
///  "categories": {"logistics": "category3", "escalated": "category1"}}
/// ```
///
/// A work item's own `WorkDestination/planner(planId:bucketId:)` takes precedence for the plan
/// and bucket (routing may pick a bucket); ``bucketId`` applies when the work item names none.
/// ``assignees`` are assigned to every task in addition to the work item's own assignees.
public struct PlannerDestination: Hashable, Sendable, Codable {
    /// The plan id (an existing basic plan).
    public var planId: String
    /// The bucket for new tasks, when the work item names none.
    public var bucketId: String?
    /// Microsoft Entra user object ids (GUIDs) assigned to every task.
    public var assignees: [String]
    /// Work-item label name → Planner label slot. Labels without an entry are not applied.
    public var categories: [String: PlannerCategory]

    /// Creates settings.
    public init(planId: String, bucketId: String? = nil, assignees: [String] = [], categories: [String: PlannerCategory] = [:]) {
        self.planId = planId
        self.bucketId = bucketId
        self.assignees = assignees
        self.categories = categories
    }

    /// The label slot for a work-item label, if mapped (exact, case-sensitive match).
    public func category(forLabel label: String) -> PlannerCategory? {
        categories[label]
    }

    /// The labels of `labels` that have no slot here (a configuration validator can warn).
    public func unmappedLabels(_ labels: [String]) -> [String] {
        labels.filter { categories[$0] == nil }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case planId, bucketId, assignees, categories }

    /// Decodes and validates settings.
    ///
    /// - Throws: `InputError` with the path of the bad value: a missing or empty `planId`, an
    ///   assignee that is not a GUID, more than 20 assignees (Planner's per-task limit), a label
    ///   slot other than `category1` … `category25`, an unknown member (a misspelt `bucketId`
    ///   would otherwise leave every task outside its bucket).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        planId = try c.text(.planId, .identifier, limit: limits.identifier)
        bucketId = try c.optionalText(.bucketId, .identifier, limit: limits.identifier)
        let assigneeList: [String] = try c.list(.assignees, limit: PlannerLimits.assigneesPerTask)
        for (index, id) in assigneeList.enumerated() where !GUIDText.isGUID(id) {
            throw InputError(
                path: c.path(.assignees).appending(index: index),
                reason: .invalidFormat(expected: "a user object id (GUID, 8-4-4-4-12 hexadecimal digits)"))
        }
        assignees = assigneeList
        var map: [String: PlannerCategory] = [:]
        for member in try c.nonNullMembers(.categories, as: PlannerCategory.self, expected: "string", limit: 200) {
            map[try TextRules.check(member.key, .line, limit: limits.line, path: member.path)] = member.value
        }
        categories = map
    }

    /// Encodes the settings (categories as a JSON object keyed by label).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(planId, forKey: .planId)
        try c.encodeIfPresent(bucketId, forKey: .bucketId)
        try c.encodeUnlessEmpty(assignees, forKey: .assignees)
        if !categories.isEmpty { try c.encode(categories, forKey: .categories) }
    }
}
