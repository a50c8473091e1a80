public import BridgeModels

/// A Microsoft Graph `error.code` that a Planner request can fail with, so a host can switch on
/// it: the service limits Planner reports with 403, and the codes of the common refusals.
///
/// An open set: every code Graph sends is representable (``init(rawValue:)``), and the codes the
/// bridge knows are static members. Read it from a failure with
/// ``ConnectorError/plannerErrorCode``:
///
/// ```swift
/// do {
///     _ = try await planner.updateTaskDetails(id: taskId, update, etag: etag)
/// } catch let error as ConnectorError where error.plannerErrorCode == .maximumChecklistItemsOnTask {
///     // the task already has 20 checklist items: put the rest in the description
/// } catch let error as ConnectorError where error.plannerErrorCode?.isLimitExceeded == true {
///     // any other Planner service limit
/// }
/// ```
///
/// The limit codes are those of planner-overview ("403 Forbidden"); the numbers behind them
/// (20 checklist items, 20 assignees, 10 or 15 references, …) change without notice, so the
/// bridge maps the codes and never relies on the numbers.
public struct PlannerErrorCode: OpenSetValue {
    /// The code as Graph sent it, e.g. `MaximumChecklistItemsOnTask`.
    public let rawValue: String

    /// Wraps a code.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Whether the code reports an exceeded Planner service limit (Graph answers such requests
    /// with 403).
    public var isLimitExceeded: Bool { PlannerErrorCode.limitCodes.contains(self) }

    /// The limit codes of planner-overview, in the order the page lists them.
    public static let limitCodes: [PlannerErrorCode] = [
        .maximumProjectsOwnedByUser, .maximumProjectsSharedWithUser, .maximumTasksCreatedByUser,
        .maximumTasksAssignedToUser, .maximumTasksInProject, .maximumActiveTasksInProject, .maximumBucketsInProject,
        .maximumUsersSharedWithProject, .maximumReferencesOnTask, .maximumChecklistItemsOnTask,
        .maximumAssigneesInTasks, .maximumPlannerPlans,
    ]

    /// A user owns the most plans allowed.
    public static let maximumProjectsOwnedByUser: PlannerErrorCode = "MaximumProjectsOwnedByUser"
    /// The most plans are shared with a user.
    public static let maximumProjectsSharedWithUser: PlannerErrorCode = "MaximumProjectsSharedWithUser"
    /// A user created the most tasks allowed.
    public static let maximumTasksCreatedByUser: PlannerErrorCode = "MaximumTasksCreatedByUser"
    /// A user has the most tasks assigned that is allowed.
    public static let maximumTasksAssignedToUser: PlannerErrorCode = "MaximumTasksAssignedToUser"
    /// The plan holds the most tasks allowed.
    public static let maximumTasksInProject: PlannerErrorCode = "MaximumTasksInProject"
    /// The plan holds the most active (not completed) tasks allowed.
    public static let maximumActiveTasksInProject: PlannerErrorCode = "MaximumActiveTasksInProject"
    /// The plan holds the most buckets allowed.
    public static let maximumBucketsInProject: PlannerErrorCode = "MaximumBucketsInProject"
    /// The plan is shared with the most users allowed.
    public static let maximumUsersSharedWithProject: PlannerErrorCode = "MaximumUsersSharedWithProject"
    /// The task has the most external references allowed.
    public static let maximumReferencesOnTask: PlannerErrorCode = "MaximumReferencesOnTask"
    /// The task has the most checklist items allowed.
    public static let maximumChecklistItemsOnTask: PlannerErrorCode = "MaximumChecklistItemsOnTask"
    /// The task has the most assignees allowed.
    public static let maximumAssigneesInTasks: PlannerErrorCode = "MaximumAssigneesInTasks"
    /// The group or user has the most plans allowed.
    public static let maximumPlannerPlans: PlannerErrorCode = "MaximumPlannerPlans"
}

extension ConnectorError {
    /// The Graph `error.code` of a failed Planner request, or `nil` when the failure is not a
    /// Planner one or the response carried no code.
    public var plannerErrorCode: PlannerErrorCode? {
        guard connector == .planner, let serviceCode, !serviceCode.isEmpty else { return nil }
        return PlannerErrorCode(rawValue: serviceCode)
    }

    /// Whether a Planner request failed because a Planner service limit is exceeded (403 with
    /// one of ``PlannerErrorCode/limitCodes``).
    public var isPlannerLimitExceeded: Bool { plannerErrorCode?.isLimitExceeded ?? false }
}
