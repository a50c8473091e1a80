public import BridgeModels

/// Where the bridge puts a work item's `IdempotencyMarker` in a tracker task, and how it finds
/// it again.
///
/// A connector whose create request may or may not have reached the tracker (the request was
/// sent, no answer came) looks the marker up before creating again. The marker therefore goes
/// where both trackers let a client search:
///
/// - at the end of the task title, in brackets: `ASN short by 8 units [TG-ACME-C-1001]`. It
///   counts against the title budget and is never truncated: the title text is shortened
///   instead;
/// - in ClickUp also in the `caseId` custom field when the list maps one
///   (``ClickUpDestination/customFields``), so a filtered task search finds it exactly.
public enum MarkerPlacement: Sendable {
    /// The title text followed by ` [<marker>]`, within `budget`.
    ///
    /// The title is cleaned with ``TrackerText/line(_:)`` and truncated on a character boundary
    /// so that title and marker together fit; an empty title gives `[<marker>]` alone.
    ///
    /// - Throws: `InputError` at `$.marker` when the marker is not `TG-` followed by letters,
    ///   digits, `.`, `_` or `-` (it would not be found again), or when the marker alone does
    ///   not fit the budget.
    public static func title(_ title: String, marker: IdempotencyMarker, budget: TextBudget) throws(InputError) -> String {
        let path = JSONPath.root.appending(key: "marker")
        guard isMarkerText(marker.rawValue) else {
            throw InputError(path: path, reason: .invalidFormat(expected: "TG- followed by letters, digits, '.', '_' or '-'"))
        }
        let suffix = "[" + marker.rawValue + "]"
        let suffixSize = budget.size(of: suffix)
        guard suffixSize <= budget.limit else {
            throw InputError(path: path, reason: .tooLong(limit: budget.limit, length: suffixSize))
        }
        let text = TrackerText.line(title)
        if text.isEmpty { return suffix }
        let room = budget.reduced(by: suffixSize + 1)
        let shortened = room.limit > budget.size(of: String(TextBudget.ellipsis)) ? room.truncated(text) : ""
        return shortened.isEmpty ? suffix : shortened + " " + suffix
    }

    /// The marker at the end of a title (`… [TG-…]`), or `nil`.
    public static func marker(inTitle title: String) -> IdempotencyMarker? {
        var text = Substring(title)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        guard text.last == "]", let open = text.lastIndex(of: "[") else { return nil }
        let candidate = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        return isMarkerText(candidate) ? IdempotencyMarker(rawValue: candidate) : nil
    }

    /// The marker of a Planner task (from its title), or `nil`.
    public static func marker(in task: PlannerTask) -> IdempotencyMarker? {
        marker(inTitle: task.title)
    }

    /// The marker of a ClickUp task: from its name, else from the custom field `caseIdFieldId`
    /// (the list's mapped `caseId` field) when given; `nil` when neither holds one.
    public static func marker(in task: ClickUpTask, caseIdFieldId: String? = nil) -> IdempotencyMarker? {
        if let found = marker(inTitle: task.name) { return found }
        guard let caseIdFieldId, let field = task.customFields.first(where: { $0.id == caseIdFieldId }),
            case .string(let text)? = field.value, isMarkerText(text)
        else { return nil }
        return IdempotencyMarker(rawValue: text)
    }

    /// `TG-` followed by at least one of `A–Z a–z 0–9 . _ -`, at most 300 bytes.
    static func isMarkerText(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count > 3, bytes.count <= 300, text.hasPrefix("TG-") else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }
}
