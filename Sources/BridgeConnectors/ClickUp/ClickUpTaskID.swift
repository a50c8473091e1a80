import BridgeMapping

/// How a request addresses a ClickUp task: by its ClickUp id (`86a1b2c3d`), or by the custom
/// task id a workspace shows (`DEF-43`) together with the workspace id.
///
/// A custom id makes every task-scoped request carry `custom_task_ids=true&team_id=<workspace>`
/// (clickup-api.md §10; without `team_id` ClickUp answers a misleading `401 Team not
/// authorized`). A string literal is a ClickUp id:
///
/// ```swift
/// let task = try await client.task("86a1b2c3d")
/// let same = try await client.task(.custom("DEF-43", teamId: "9012345"))
/// ```
public struct ClickUpTaskID: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The id text: a ClickUp id, or a custom id when ``customIDWorkspace`` is set.
    public var value: String
    /// The workspace (team) id whose custom ids ``value`` belongs to; `nil` for a ClickUp id.
    public var customIDWorkspace: String?

    /// A ClickUp task id.
    public init(_ id: String) {
        value = id
        customIDWorkspace = nil
    }

    /// A ClickUp task id from a literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// A custom task id of workspace `teamId`.
    public static func custom(_ id: String, teamId: String) -> ClickUpTaskID {
        var taskID = ClickUpTaskID(id)
        taskID.customIDWorkspace = teamId
        return taskID
    }

    /// The id, with ` (custom id in workspace …)` for a custom id.
    public var description: String {
        customIDWorkspace.map { "\(value) (custom id in workspace \($0))" } ?? value
    }

    /// The planned-request reference to the task.
    var reference: TaskReference { .id(value) }

    /// `planned`, with the custom-id query when this is a custom id.
    func addressing(_ planned: PlannedRequest) -> PlannedRequest {
        guard let customIDWorkspace else { return planned }
        return ClickUpRequests.addressingCustomTaskID(planned, teamId: customIDWorkspace)
    }
}
