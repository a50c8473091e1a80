/// Which task a planned request addresses.
public enum TaskReference: Hashable, Sendable {
    /// The task the same plan creates: the URL carries the ``PlannedRequest/Placeholder/taskId``
    /// placeholder, filled from the create response.
    case createdByPlan
    /// An existing task, by its tracker id.
    case id(String)

    /// The URL path segment and the placeholder it needs, if any.
    var segment: (text: String, placeholder: PlannedRequest.Placeholder?) {
        switch self {
        case .createdByPlan: return (PlannedRequest.Placeholder.taskId.token, .taskId)
        case .id(let id): return (PathSegment.encode(id), nil)
        }
    }
}
