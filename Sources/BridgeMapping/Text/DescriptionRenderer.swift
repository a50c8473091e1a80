public import BridgeModels

/// A description rendered for a tracker, and whether it had to be cut to fit.
public struct RenderedText: Hashable, Sendable {
    /// The text to send.
    public var text: String
    /// Whether the text was truncated (it then ends with ``TextBudget/ellipsis``).
    public var wasTruncated: Bool

    /// Creates a rendered text.
    public init(text: String, wasTruncated: Bool) {
        self.text = text
        self.wasTruncated = wasTruncated
    }
}

/// Renders a work item's `DescriptionBlock`s for a tracker, within a size budget.
///
/// - ``plainText(_:appendix:budget:)`` is for Planner, whose task description is plain text: headings
///   and paragraphs as lines, `Label: value` fields, `•` bullets, `title: url` links.
/// - ``markdown(_:appendix:budget:)`` is for ClickUp's `markdown_content`: every string inside the
///   blocks is escaped with ``SafeMarkdown`` and only the structure the bridge adds (`###`
///   headings, `**label:**`, `-` bullets, links to `http`/`https` URLs) is Markdown.
///
/// Text is cleaned with ``TrackerText`` first. When the blocks do not fit the budget, the
/// rendering stops at the last whole piece that fits (a character and its escape, a whole link)
/// and ends with an ellipsis. Blocks are separated by an empty line; in plain text a heading and
/// a run of fields are followed by a single line break.
public enum DescriptionRenderer: Sendable {
    /// The blocks as plain text within `budget`, followed by `appendix`.
    ///
    /// The appendix (lists the bridge adds: internal fields, checklist items or documents that
    /// did not fit the tracker's own fields) gets up to half of the budget and the main blocks
    /// the rest, so a very long partner text cannot push the appendix out.
    public static func plainText(_ blocks: [DescriptionBlock], appendix: [DescriptionBlock] = [], budget: TextBudget)
        -> RenderedText
    {
        render(blocks, appendix: appendix, style: .plainText, budget: budget)
    }

    /// The blocks as safe Markdown within `budget`, followed by `appendix` (which gets up to
    /// half of the budget, as in ``plainText(_:appendix:budget:)``).
    public static func markdown(_ blocks: [DescriptionBlock], appendix: [DescriptionBlock] = [], budget: TextBudget)
        -> RenderedText
    {
        render(blocks, appendix: appendix, style: .markdown, budget: budget)
    }

    static func render(_ blocks: [DescriptionBlock], appendix: [DescriptionBlock], style: Style, budget: TextBudget)
        -> RenderedText
    {
        func run(_ blocks: [DescriptionBlock], _ budget: TextBudget) -> RenderedText {
            var writer = BoundedTextWriter(budget: budget)
            write(blocks, style: style, into: &writer)
            return RenderedText(text: writer.finish(), wasTruncated: writer.overflowed)
        }
        let tail = appendix.isEmpty ? RenderedText(text: "", wasTruncated: false) : run(appendix, TextBudget(budget.limit / 2, budget.unit))
        if tail.text.isEmpty { return run(blocks, budget) }
        let separator = "\n\n"
        let head = run(blocks, budget.reduced(by: budget.size(of: tail.text) + budget.size(of: separator)))
        if head.text.isEmpty { return tail }
        return RenderedText(text: head.text + separator + tail.text, wasTruncated: head.wasTruncated || tail.wasTruncated)
    }

    enum Style { case plainText, markdown }

    /// Writes blocks after whatever the writer holds, separating blocks by an empty line.
    /// Returns `false` once the budget is exhausted.
    @discardableResult
    static func write(_ blocks: [DescriptionBlock], style: Style, into writer: inout BoundedTextWriter) -> Bool {
        var previous: DescriptionBlock?
        for block in blocks {
            var separator = ""
            if writer.currentSize > 0 {
                // Plain text keeps a heading with what follows it and consecutive fields together.
                separator = style == .plainText && (previous?.isHeading == true || (previous?.isField == true && block.isField)) ? "\n" : "\n\n"
            }
            switch write(block, style: style, leading: separator, into: &writer) {
            case .full: return false
            case .written: previous = block
            case .empty: continue
            }
        }
        return true
    }

    enum Outcome { case written, empty, full }

    /// Writes one block; `leading` is prepended to its first piece (so a separator is never
    /// written without content after it).
    static func write(_ block: DescriptionBlock, style: Style, leading: String, into writer: inout BoundedTextWriter)
        -> Outcome
    {
        var emitter = PieceEmitter(leading: leading)
        let finished: Bool
        switch (block, style) {
        case (.heading(let text), .plainText):
            finished = emitter.characters(TrackerText.line(text), into: &writer)
        case (.heading(let text), .markdown):
            emitter.prefix = "### "
            finished = emitter.markdownLine(TrackerText.line(text), into: &writer)
        case (.paragraph(let text), .plainText):
            finished = emitter.characters(TrackerText.multiline(text), into: &writer)
        case (.paragraph(let text), .markdown):
            finished = emitter.emit(whole: SafeMarkdown.escapedParagraphs(text), into: &writer) {
                SafeMarkdown.forEachParagraphPiece(text, $0)
            }
        case (.field(let label, let value), .plainText):
            let cleanValue = TrackerText.multiline(value)
            if cleanValue.isEmpty { return .empty }
            emitter.prefix = TrackerText.line(label) + ": "
            finished = emitter.characters(cleanValue, into: &writer)
        case (.field(let label, let value), .markdown):
            guard !TrackerText.multiline(value).isEmpty else { return .empty }
            emitter.prefix = "**" + SafeMarkdown.escaped(label) + ":** "
            finished = emitter.emit(whole: SafeMarkdown.escapedParagraphs(value), into: &writer) {
                SafeMarkdown.forEachParagraphPiece(value, $0)
            }
        case (.bullets(let items), _):
            var first = true
            var ok = true
            for item in items {
                let line = TrackerText.line(item)
                if line.isEmpty { continue }
                emitter.prefix = (first ? "" : "\n") + (style == .markdown ? "- " : "\u{2022} ")
                first = false
                ok = style == .markdown ? emitter.markdownLine(line, into: &writer) : emitter.characters(line, into: &writer)
                if !ok { break }
            }
            finished = ok
        case (.link(let title, let url), .plainText):
            let cleanTitle = TrackerText.line(title)
            let cleanURL = TrackerText.line(url)
            if cleanURL.isEmpty {
                finished = emitter.characters(cleanTitle, into: &writer)
            } else if cleanTitle.isEmpty || cleanTitle == cleanURL {
                finished = emitter.emit(cleanURL, into: &writer)
            } else {
                finished = emitter.characters(cleanTitle, into: &writer) && emitter.emit(": " + cleanURL, into: &writer)
            }
        case (.link(let title, let url), .markdown):
            if let link = SafeMarkdown.link(title: title, url: url) {
                finished = emitter.emit(link, into: &writer)
            } else {
                let cleanURL = TrackerText.line(url)
                finished =
                    emitter.markdownLine(TrackerText.line(title), into: &writer)
                    && (cleanURL.isEmpty || emitter.markdownLine(cleanURL, separator: ": ", into: &writer))
            }
        }
        if !finished { return .full }
        return emitter.wroteSomething ? .written : .empty
    }
}

/// Emits the pieces of one block: the first piece carries the pending separator and prefix, so
/// neither is written without content after it.
struct PieceEmitter {
    var leading: String
    var prefix = ""
    private(set) var wroteSomething = false

    init(leading: String) {
        self.leading = leading
    }

    mutating func emit(_ piece: String, into writer: inout BoundedTextWriter) -> Bool {
        if wroteSomething && prefix.isEmpty { return writer.append(piece) }
        let text = (wroteSomething ? "" : leading) + prefix + piece
        prefix = ""
        guard writer.append(text) else { return false }
        wroteSomething = true
        return true
    }

    /// Emits `whole` in one piece when it fits beside the ellipsis; otherwise the pieces that
    /// `pieces` produces (which must concatenate to `whole`), one by one.
    mutating func emit(
        whole: String, into writer: inout BoundedTextWriter, pieces: ((String) -> Bool) -> Bool
    ) -> Bool {
        if whole.isEmpty { return true }
        let head = (wroteSomething ? "" : leading) + prefix
        if writer.fitsBesideEllipsis(writer.budget.size(of: head) + writer.budget.size(of: whole)) {
            return emit(whole, into: &writer)
        }
        return pieces { emit($0, into: &writer) }
    }

    /// Emits each character of plain text as a piece.
    mutating func characters(_ text: String, into writer: inout BoundedTextWriter) -> Bool {
        emit(whole: text, into: &writer) { body in
            for character in text where !body(String(character)) { return false }
            return true
        }
    }

    /// Emits the escaped pieces of one line of Markdown text, the first after `separator`.
    mutating func markdownLine(_ line: String, separator: String = "", into writer: inout BoundedTextWriter) -> Bool {
        if line.isEmpty { return true }
        var whole = separator
        SafeMarkdown.forEachPiece(ofLine: line, markdown: true) { whole += $0; return true }
        return emit(whole: whole, into: &writer) { body in
            var pending = separator
            return SafeMarkdown.forEachPiece(ofLine: line, markdown: true) { piece in
                defer { pending = "" }
                return body(pending + piece)
            }
        }
    }
}

extension DescriptionBlock {
    fileprivate var isHeading: Bool {
        if case .heading = self { return true }
        return false
    }

    fileprivate var isField: Bool {
        if case .field = self { return true }
        return false
    }
}
