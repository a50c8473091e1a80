public import BridgeModels

/// Where and how one team's work goes in ClickUp: the list, who is assigned, the list's status
/// names, and which custom fields hold the bridge's internal fields.
///
/// The bridge configuration embeds one per team under `"clickup"`:
///
/// ```json
/// {"listId": "901", "teamId": "9012345", "assignees": [183],
///  "statuses": {"open": "to do", "inProgress": "in progress", "inReview": "in review", "closed": "complete"},
///  "customFields": {"caseId": "0a52c486-5f05-403b-b4fd-c512ff05131c", "amount": "03efda77-c7a0-42d3-8afd-fd546353c2f5"}}
/// ```
///
/// A work item's own `WorkDestination/clickUp(listId:)` takes precedence for the list.
/// Status names are per list in ClickUp (clickup-api.md §8); resolve them from
/// `GET /api/v2/list/{id}` (``ClickUpList``) when writing the configuration.
///
/// Custom field kinds follow the key: `partner`, `caseId` and `transactionReference` are text
/// fields, `amount` a number or money field (ClickUp cannot set a money field's currency
/// through the API), `slaDue` a date field; other keys take the kind of their value. The
/// `caseId` field receives the idempotency marker (`TG-<partner>-<subject>-<hash>`), which
/// identifies the work exactly (see `IdempotencyMarker`).
public struct ClickUpDestination: Hashable, Sendable, Codable {
    /// The list id.
    public var listId: String
    /// The workspace (team) id, needed for custom task ids (`?custom_task_ids=true&team_id=`).
    public var teamId: String?
    /// ClickUp user ids assigned to every task.
    public var assignees: [Int64]
    /// Status name in this list for each neutral status the bridge writes.
    public var statuses: [WorkStatus: String]
    /// Custom field id (UUID) for each internal field written to ClickUp.
    public var customFields: [WorkFieldKey: String]

    /// Creates settings.
    public init(
        listId: String, teamId: String? = nil, assignees: [Int64] = [], statuses: [WorkStatus: String] = [:],
        customFields: [WorkFieldKey: String] = [:]
    ) {
        self.listId = listId
        self.teamId = teamId
        self.assignees = assignees
        self.statuses = statuses
        self.customFields = customFields
    }

    /// The internal fields that have a custom field here.
    public var mappedFieldKeys: Set<WorkFieldKey> { Set(customFields.keys) }

    /// The neutral statuses that have a status name here.
    public var mappedStatuses: Set<WorkStatus> { Set(statuses.keys) }

    /// The status name for a neutral status, if mapped.
    public func statusName(for status: WorkStatus) -> String? {
        statuses[status]
    }

    /// The neutral status a status name maps to (compared case-insensitively, as ClickUp shows
    /// status names in lower case); the first in workflow order when several map to the name.
    public func workStatus(forStatusName name: String) -> WorkStatus? {
        let wanted = name.lowercased()
        return statuses.filter { $0.value.lowercased() == wanted }.keys.min()
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case listId, teamId, assignees, statuses, customFields }

    /// Decodes and validates settings.
    ///
    /// - Throws: `InputError` with the path of the bad value: a missing `listId`, an assignee
    ///   that is not a positive integer, a `statuses` key that is not a `WorkStatus` (with the
    ///   accepted values), an empty status name, a `customFields` key that is not a token or a
    ///   field id that is not a UUID, an unknown member.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listId = try c.text(.listId, .identifier, limit: limits.identifier)
        teamId = try c.optionalText(.teamId, .identifier, limit: limits.identifier)
        let ids: [Int64] = try c.list(.assignees, limit: 100)
        for (index, id) in ids.enumerated() where id <= 0 {
            throw InputError(path: c.path(.assignees).appending(index: index), reason: .outOfRange("\(id) is not a user id"))
        }
        assignees = ids
        var statuses: [WorkStatus: String] = [:]
        for member in try c.nonNullMembers(.statuses, as: String.self, expected: "string", limit: 100) {
            guard let status = WorkStatus(rawValue: member.key) else {
                throw InputError(
                    path: member.path, reason: .unknownValue(member.key, allowed: WorkStatus.allCases.map(\.rawValue)))
            }
            statuses[status] = try TextRules.check(member.value, .line, limit: 100, path: member.path)
        }
        self.statuses = statuses
        var fields: [WorkFieldKey: String] = [:]
        for member in try c.nonNullMembers(.customFields, as: String.self, expected: "string", limit: 100) {
            let key = try TextRules.check(member.key, .token, limit: limits.token, path: member.path)
            guard GUIDText.isGUID(member.value) else {
                throw InputError(path: member.path, reason: .invalidFormat(expected: "a custom field id (UUID)"))
            }
            fields[WorkFieldKey(rawValue: key)] = member.value
        }
        customFields = fields
    }

    /// Encodes the settings (statuses and custom fields as JSON objects keyed by their tokens).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(listId, forKey: .listId)
        try c.encodeIfPresent(teamId, forKey: .teamId)
        try c.encodeUnlessEmpty(assignees, forKey: .assignees)
        if !statuses.isEmpty {
            try c.encode(Dictionary(uniqueKeysWithValues: statuses.map { ($0.key.rawValue, $0.value) }), forKey: .statuses)
        }
        if !customFields.isEmpty {
            try c.encode(
                Dictionary(uniqueKeysWithValues: customFields.map { ($0.key.rawValue, $0.value) }), forKey: .customFields)
        }
    }
}
