// Interim destination types: the Planner/ClickUp payload work (branch mapping-wire) replaces
// this file with the full types (validation, request bodies, read models) when it merges.
import BridgeModels

/// A team's Planner destination: plan, bucket, assignees and label → category map.
public struct PlannerDestination: Hashable, Sendable, Codable {
    /// The plan id.
    public var planId: String
    /// The bucket id, if tasks go to a bucket.
    public var bucketId: String?
    /// Planner user object ids to assign.
    public var assignees: [String]
    /// Label name → `category1` … `category25`.
    public var categories: [String: String]
}

/// A team's ClickUp destination: list, assignees, status names and custom field ids.
public struct ClickUpDestination: Hashable, Sendable, Codable {
    /// The list id.
    public var listId: String
    /// ClickUp user ids to assign.
    public var assignees: [Int]
    /// `WorkStatus` raw value → the list's status name.
    public var statuses: [String: String]
    /// `WorkFieldKey` raw value → custom field id.
    public var customFields: [String: String]
    /// The workspace id.
    public var teamId: String?
}

extension ClickUpDestination {
    var writtenStatuses: [WorkStatus: String] {
        Dictionary(uniqueKeysWithValues: statuses.compactMap { key, value in WorkStatus(rawValue: key).map { ($0, value) } })
    }
    func customFieldID(for key: WorkFieldKey) -> String? { customFields[key.rawValue] }
}
