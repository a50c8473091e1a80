public import BridgeModels

/// The encodings Microsoft Graph's Planner API requires, each with its source.
public enum PlannerWire: Sendable {
    /// The Graph v1.0 base URL.
    public static let baseURL = "https://graph.microsoft.com/v1.0"

    /// The `@odata.type` of an assignment value. OData JSON writes type names with a leading `#`;
    /// the create example in planner-post-tasks.md uses exactly this value.
    public static let assignmentType = "#microsoft.graph.plannerAssignment"
    /// The `@odata.type` of a checklist item value (the CSDL type `plannerChecklistItem`).
    public static let checklistItemType = "#microsoft.graph.plannerChecklistItem"
    /// The `@odata.type` of an external reference value (the CSDL type
    /// `plannerExternalReference`, as in the plannertaskdetails-update.md example).
    public static let referenceType = "#microsoft.graph.plannerExternalReference"

    /// The Planner priority to write for a `Priority`: 1 urgent, 3 important, 5 medium,
    /// 9 low (plannertask.md: Planner writes these four values).
    public static func priority(_ priority: Priority) -> Int {
        switch priority {
        case .urgent: return 1
        case .high: return 3
        case .normal: return 5
        case .low: return 9
        }
    }

    /// The `Priority` of a Planner priority read back: 0–1 urgent, 2–4 important, 5–7
    /// medium, 8–10 low (plannertask.md); `nil` outside 0–10.
    public static func priority(fromWire value: Int) -> Priority? {
        switch value {
        case 0...1: return .urgent
        case 2...4: return .high
        case 5...7: return .normal
        case 8...10: return .low
        default: return nil
        }
    }

    /// The order hint that places an item at `position` (0-based) of a new list.
    ///
    /// planner-order-hint-format.md: a hint is `<previous> <next>!`, and `" !"` is the first
    /// item of an empty list. Appending after the previous item (empty `next`) gives
    /// `" !"`, `" ! !"`, `" ! ! !"`, …, which compare in list order (ordinal string
    /// comparison) and use only printable ASCII (32–126). The service replaces them with its
    /// own values.
    public static func orderHint(position: Int) -> String {
        String(repeating: " !", count: max(0, position) + 1)
    }

    /// The deterministic GUID key of a checklist item: a name-based GUID (RFC 9562 version 8,
    /// from SHA-256) of the idempotency marker, the item's title and its occurrence among items
    /// with the same title.
    ///
    /// Planner wants client-generated GUIDs as checklist keys (plannerchecklistitems.md). Deriving
    /// them from content means a retried PATCH sends the same keys (no duplicate items), an
    /// unchanged item keeps its key across updates, and two equal titles still get two keys.
    public static func checklistKey(marker: IdempotencyMarker, title: String, occurrence: Int) -> String {
        GUIDText.nameBased("planner-checklist\u{0}" + marker.rawValue + "\u{0}" + title + "\u{0}" + String(occurrence))
    }

    /// The property name of an external reference: the URL with `%` `.` `:` `@` `#` encoded as
    /// `%25` `%2E` `%3A` `%40` `%23`, `%` first.
    ///
    /// plannerexternalreferences.md: "property names in Open Types can't contain the following
    /// characters: `.`, `:`, `%`, `@`, `#`", with the example
    /// `https%3A//contoso%2Esharepoint%2Ecom/teams/agile/documents/AnnualReport%2Epptx`.
    public static func referenceKey(forURL url: String) -> String {
        var out = ""
        for scalar in url.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case ".": out += "%2E"
            case ":": out += "%3A"
            case "@": out += "%40"
            case "#": out += "%23"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The URL a reference property name stands for: every `%XX` decoded once (the inverse of
    /// ``referenceKey(forURL:)``, which encodes `%` first). Malformed escapes are kept as they
    /// are.
    public static func url(fromReferenceKey key: String) -> String {
        PathSegment.decoded(key)
    }
}

/// The kind of an external reference, which decides the icon Planner shows
/// (plannerexternalreference.md: `PowerPoint`, `Word`, `Excel`, `Other`).
public enum PlannerReferenceKind: String, ClosedSetValue {
    /// A presentation.
    case powerPoint = "PowerPoint"
    /// A text document.
    case word = "Word"
    /// A spreadsheet (CSV included: it opens in Excel).
    case excel = "Excel"
    /// Anything else (PDF, images, EDI files, …).
    case other = "Other"

    /// The kind for a document, from its media type, or else from its file name's extension.
    public init(fileName: String, mediaType: String?) {
        let media = (mediaType ?? "").lowercased()
        if media.contains("presentation") || media.contains("powerpoint") {
            self = .powerPoint
        } else if media.contains("wordprocessing") || media == "application/msword" || media == "application/rtf" {
            self = .word
        } else if media.contains("spreadsheet") || media.contains("ms-excel") || media == "text/csv" {
            self = .excel
        } else {
            let name = fileName.lowercased()
            let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last ?? "") : ""
            switch ext {
            case "ppt", "pptx", "pptm", "pps", "ppsx", "pot", "potx", "odp": self = .powerPoint
            case "doc", "docx", "docm", "dot", "dotx", "rtf", "odt": self = .word
            case "xls", "xlsx", "xlsm", "xlsb", "xlt", "xltx", "csv", "ods": self = .excel
            default: self = .other
            }
        }
    }
}

/// How a Planner card previews the task (`plannerPreviewType`).
public enum PlannerPreviewType: String, ClosedSetValue {
    /// The client chooses.
    case automatic
    /// No preview.
    case noPreview
    /// The checklist.
    case checklist
    /// The description.
    case description
    /// A reference.
    case reference
}
