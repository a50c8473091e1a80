/// The sizes the ClickUp payloads keep to, and why.
public enum ClickUpLimits: Sendable {
    /// Task name, marker included: 255 UTF-16 code units. ClickUp documents no name limit;
    /// this is a conservative choice of this library.
    public static let name = TextBudget(255, .utf16CodeUnits)
    /// `markdown_content`: 200,000 UTF-8 bytes. ClickUp's help center states "Task descriptions
    /// cannot exceed 256 KB" (help.clickup.com, "Tasks feature availability and limits", limit
    /// introduced August 2024); 200,000 bytes leaves room for ClickUp's conversion of Markdown
    /// into its rich-text format.
    public static let markdownContent = TextBudget(200_000, .utf8Bytes)
    /// `comment_text`: 50,000 UTF-8 bytes. ClickUp documents no comment limit; this is a
    /// conservative choice of this library.
    public static let commentText = TextBudget(50_000, .utf8Bytes)
    /// A text custom field value: 1,000 UTF-16 code units. ClickUp documents no limit; this is
    /// a conservative choice of this library. The `caseId` field (the marker) is never cut.
    public static let textFieldValue = TextBudget(1_000, .utf16CodeUnits)
    /// A tag name: 100 UTF-16 code units (a conservative choice; no limit is documented).
    public static let tagName = TextBudget(100, .utf16CodeUnits)
}
