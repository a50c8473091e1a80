/// The sizes the Planner payloads keep to, and why.
///
/// Microsoft documents no length limit for a task title, description, checklist item title or
/// reference alias (not in the Graph docs, the v1.0 CSDL or the OpenAPI; planner-api.md §3, §4,
/// §9). The text limits below are conservative choices of this library, counted in UTF-16 code
/// units as .NET counts string length, so a title that fits here fits however the service
/// counts. The item counts are Planner's published service limits (planner-api.md §5).
public enum PlannerLimits: Sendable {
    /// Task title, marker included: 255 UTF-16 code units (a conservative choice; no official
    /// limit is documented).
    public static let title = TextBudget(255, .utf16CodeUnits)
    /// Task description: 25,000 UTF-16 code units (a conservative choice; no official limit is
    /// documented).
    public static let description = TextBudget(25_000, .utf16CodeUnits)
    /// Checklist item title: 100 UTF-16 code units (a conservative choice; no official limit is
    /// documented).
    public static let checklistItemTitle = TextBudget(100, .utf16CodeUnits)
    /// Reference alias: 100 UTF-16 code units (a conservative choice; no official limit is
    /// documented).
    public static let referenceAlias = TextBudget(100, .utf16CodeUnits)
    /// Checklist items per task: 20 (Planner limits, both published versions; over it Graph
    /// answers 403 `MaximumChecklistItemsOnTask`).
    public static let checklistItems = 20
    /// References per task: 10 (the 2021 published limit; a newer version of the page says 15,
    /// so 10 is safe under both).
    public static let references = 10
    /// Assignees per task: 20 (Planner limits, both published versions).
    public static let assigneesPerTask = 20
}
