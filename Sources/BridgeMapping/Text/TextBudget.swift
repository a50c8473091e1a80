/// A size limit for text sent to a tracker, in the unit the tracker counts.
///
/// Trackers count differently: ClickUp documents its description limit in bytes (256 KB), while
/// Microsoft Graph and ClickUp's web client hold strings as UTF-16. A budget names both the limit
/// and the unit, so a title that fits its budget fits the service whichever way the service
/// counts.
///
/// Truncation always cuts between `Character`s (extended grapheme clusters), so it never splits
/// an emoji, a flag, a ZWJ sequence or a letter from its combining marks, and it ends cut text
/// with ``ellipsis``:
///
/// ```swift
/// let budget = TextBudget(10, .utf16CodeUnits)
/// budget.truncated("Carton 👨‍👩‍👧 short")   // "Carton …" (the family emoji is 8 code units)
/// ```
public struct TextBudget: Hashable, Sendable, CustomStringConvertible {
    /// How a budget counts text.
    public enum Unit: String, Hashable, Sendable, CaseIterable {
        /// User-perceived characters (`Character`, extended grapheme clusters).
        case characters
        /// UTF-16 code units: what .NET (Microsoft Graph) and JavaScript count as a string's length.
        case utf16CodeUnits
        /// UTF-8 bytes: what a limit "in KB" counts.
        case utf8Bytes
    }

    /// The largest allowed size.
    public var limit: Int
    /// The unit of ``limit``.
    public var unit: Unit

    /// The character that ends truncated text: U+2026 HORIZONTAL ELLIPSIS.
    public static let ellipsis: Character = "\u{2026}"

    /// Creates a budget of `limit` in `unit`; a negative limit counts as zero.
    public init(_ limit: Int, _ unit: Unit) {
        self.limit = max(0, limit)
        self.unit = unit
    }

    /// `"<limit> <unit>"`, e.g. `255 utf16CodeUnits`.
    public var description: String { "\(limit) \(unit.rawValue)" }

    /// The size of `text` in this budget's unit.
    public func size<S: StringProtocol>(of text: S) -> Int {
        switch unit {
        case .characters: return text.count
        case .utf16CodeUnits: return text.utf16.count
        case .utf8Bytes: return text.utf8.count
        }
    }

    /// The size of one character in this budget's unit.
    func size(of character: Character) -> Int {
        switch unit {
        case .characters: return 1
        case .utf16CodeUnits: return character.utf16.count
        case .utf8Bytes: return character.utf8.count
        }
    }

    /// Whether `text` fits.
    public func fits<S: StringProtocol>(_ text: S) -> Bool {
        size(of: text) <= limit
    }

    /// A budget smaller by `amount` (never below zero).
    public func reduced(by amount: Int) -> TextBudget {
        TextBudget(limit - amount, unit)
    }

    /// Returns `text` unchanged when it fits; otherwise its longest prefix of whole characters
    /// that fits together with ``ellipsis``, with trailing whitespace removed, followed by the
    /// ellipsis.
    ///
    /// When not even the ellipsis fits, the result is empty.
    public func truncated(_ text: String) -> String {
        truncating(text).text
    }

    /// Like ``truncated(_:)``, and also says whether anything was cut.
    public func truncating(_ text: String) -> (text: String, wasTruncated: Bool) {
        if fits(text) { return (text, false) }
        var writer = BoundedTextWriter(budget: self)
        for character in text {
            if !writer.append(character) { break }
        }
        return (writer.finish(), true)
    }
}

/// Appends pieces of text while they fit a budget, and ends with an ellipsis when something did
/// not fit.
///
/// Each appended piece is atomic: it is either written whole or not at all, so an escape
/// sequence, a Markdown link or a grapheme cluster is never split. Pieces that fit the budget
/// but not beside the ellipsis are held back until the writer knows whether more is coming.
struct BoundedTextWriter {
    let budget: TextBudget
    private(set) var text = ""
    private var size = 0
    private var held: [String] = []
    private var heldSize = 0
    private(set) var overflowed = false
    private let reserve: Int

    init(budget: TextBudget) {
        self.budget = budget
        self.reserve = budget.size(of: TextBudget.ellipsis)
    }

    /// Appends a piece; returns `false` (and ignores everything after) once a piece did not fit.
    @discardableResult
    mutating func append(_ piece: String) -> Bool {
        append(piece, size: budget.size(of: piece))
    }

    /// Appends one character.
    @discardableResult
    mutating func append(_ character: Character) -> Bool {
        append(String(character), size: budget.size(of: character))
    }

    private mutating func append(_ piece: String, size pieceSize: Int) -> Bool {
        if overflowed { return false }
        if held.isEmpty && size + pieceSize <= budget.limit - reserve {
            text += piece
            size += pieceSize
            return true
        }
        if size + heldSize + pieceSize <= budget.limit {
            held.append(piece)
            heldSize += pieceSize
            return true
        }
        overflowed = true
        held.removeAll()
        heldSize = 0
        return false
    }

    /// Whether a piece of `size` would be written directly (it fits beside the ellipsis and
    /// nothing is held back).
    func fitsBesideEllipsis(_ size: Int) -> Bool {
        !overflowed && held.isEmpty && self.size + size <= budget.limit - reserve
    }

    /// The size written so far (including held pieces).
    var currentSize: Int { size + heldSize }

    /// The written text; with an ellipsis (after trimming trailing whitespace) when a piece did
    /// not fit.
    func finish() -> String {
        if !overflowed { return text + held.joined() }
        guard reserve <= budget.limit else { return "" }
        var result = Substring(text)
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return String(result) + String(TextBudget.ellipsis)
    }
}
