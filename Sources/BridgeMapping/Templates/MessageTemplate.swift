public import BridgeModels

/// A named value a partner message template may use, such as `{caseId}` or `{reference}`.
///
/// The set is closed on purpose: it holds only partner-safe facts. There is no placeholder for
/// assignees, internal comments, internal fields or tracker URLs, so a template cannot leak them.
public enum TemplatePlaceholder: String, ClosedSetValue, Comparable, CustomStringConvertible {
    /// The community case id, e.g. `C-1001`.
    case caseId
    /// The case's key transaction reference, e.g. `PO PO-4471` (empty when it has none).
    case reference
    /// The partner's display name (or id).
    case partnerName
    /// The case kind in words, e.g. `shipment discrepancy`.
    case kind
    /// The partner-facing status in words, e.g. `in review`.
    case status
    /// The public name of the team handling it, e.g. `logistics` (empty if the team has none).
    case team
    /// The due date (`YYYY-MM-DD`, in the partner calendar's zone when known, else UTC).
    case dueDate
    /// The public text of a comment or decision note (already sanitised).
    case text
    /// A document's file name.
    case documentName
    /// The onboarding programme name.
    case program
    /// Onboarding progress in percent.
    case percentComplete
    /// A change notice's title.
    case noticeTitle

    /// Orders by name.
    public static func < (lhs: TemplatePlaceholder, rhs: TemplatePlaceholder) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `{name}`.
    public var description: String { "{\(rawValue)}" }
}

/// A partner message template: text with named placeholders such as
/// `Your case {caseId} ({reference}) is being reviewed by our {team} team.`
///
/// Write `{{` and `}}` for literal braces. Parsing refuses unknown placeholders and unbalanced
/// braces, so a typo is a configuration error reported with its path, not a message with a
/// hole in it.
public struct MessageTemplate: Hashable, Sendable, Codable, CustomStringConvertible {
    enum Segment: Hashable, Sendable {
        case literal(String)
        case placeholder(TemplatePlaceholder)
    }

    /// Why a template text does not parse.
    public enum ParseError: Error, Hashable, Sendable {
        /// `{name}` with a name that is not a ``TemplatePlaceholder``.
        case unknownPlaceholder(String)
        /// A `{` without its `}` (or a lone `}`).
        case unbalancedBrace(offset: Int)
    }

    /// The template text as written.
    public let source: String
    let segments: [Segment]

    /// Parses a template.
    ///
    /// - Throws: ``ParseError``.
    public init(parsing source: String) throws(ParseError) {
        var segments: [Segment] = []
        var literal = ""
        let characters = Array(source)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "{" {
                if index + 1 < characters.count, characters[index + 1] == "{" {
                    literal.append("{")
                    index += 2
                    continue
                }
                guard let close = characters[(index + 1)...].firstIndex(of: "}") else {
                    throw ParseError.unbalancedBrace(offset: index)
                }
                let name = String(characters[(index + 1)..<close])
                guard let placeholder = TemplatePlaceholder(rawValue: name) else {
                    throw ParseError.unknownPlaceholder(name)
                }
                if !literal.isEmpty {
                    segments.append(.literal(literal))
                    literal = ""
                }
                segments.append(.placeholder(placeholder))
                index = close + 1
            } else if character == "}" {
                guard index + 1 < characters.count, characters[index + 1] == "}" else {
                    throw ParseError.unbalancedBrace(offset: index)
                }
                literal.append("}")
                index += 2
            } else {
                literal.append(character)
                index += 1
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.source = source
        self.segments = segments
    }

    /// The placeholders the template uses.
    public var placeholders: Set<TemplatePlaceholder> {
        Set(segments.compactMap { if case .placeholder(let p) = $0 { return p } else { return nil } })
    }

    /// Fills the placeholders; a placeholder without a value renders as nothing, and runs of
    /// spaces, empty brackets `()` and spaces before `.` or `,` that this leaves in the template's
    /// own text are tidied. The values are inserted exactly as given (a public comment that says
    /// `f()` keeps its brackets); the result is trimmed.
    public func render(_ values: [TemplatePlaceholder: String]) -> String {
        var text = ""
        var literal = ""
        for segment in segments {
            switch segment {
            case .literal(let part):
                literal += part
            case .placeholder(let placeholder):
                guard let value = values[placeholder], !value.isEmpty else { continue }
                text += MessageTemplate.tidy(literal) + value
                literal = ""
            }
        }
        return (text + MessageTemplate.tidy(literal)).trimmingWhitespace()
    }

    /// Tidies the template's own text around placeholders that rendered as nothing.
    static func tidy(_ text: String) -> String {
        var out = text.replacing(" ()", with: "").replacing("()", with: "")
        while out.contains("  ") { out = out.replacing("  ", with: " ") }
        return out.replacing(" .", with: ".").replacing(" ,", with: ",")
    }

    /// The template text.
    public var description: String { source }

    /// Decodes and parses a template; a bad one fails with an `InputError` at its path.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        _ = try TextRules.check(text, .multiline, limit: 4_000, path: decoder.jsonPath)
        do {
            try self.init(parsing: text)
        } catch .unknownPlaceholder(let name) {
            throw InputError(
                path: decoder.jsonPath,
                reason: .unknownValue("{\(name)}", allowed: TemplatePlaceholder.allCases.map(\.description)))
        } catch .unbalancedBrace(let offset) {
            throw InputError(
                path: decoder.jsonPath, reason: .invalidFormat(expected: "balanced braces (write {{ or }} for a literal brace; character \(offset))"))
        }
    }

    /// Encodes the template text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }
}

extension String {
    /// The text without leading and trailing whitespace (FoundationEssentials has no
    /// `trimmingCharacters(in:)`).
    func trimmingWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
