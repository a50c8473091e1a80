import BridgeMapping
import BridgeModels
import Foundation

/// Seeded generators of hostile work items for property tests.
enum WireGenerators {
    /// Fragments that attack Markdown, HTML, links, mentions, bidirectional text, truncation and
    /// JSON encoding.
    static let hostilePieces = [
        "Carton", "**bold**", "[x](javascript:alert(1))", "https://evil.example/a.b", "www.evil.com", "@everyone",
        "<img src=x onerror=alert(1)>", "# h", "> q", "| a | b |", "`code`", "```", "\u{202E}gnp.exe", "👨‍👩‍👧",
        "🇺🇸", "e\u{301}", "%41.b:c@d#e", "\n- item\n", "   indented", "\u{0}\u{7}", "ümlaut", "日本語", "\\", "1. x",
        "~~s~~", "x\u{2028}y", "\r\n", "\t", "&amp;", "user@example.com", "a\u{200D}b", "\u{FEFF}",
    ]

    static func text<G: RandomNumberGenerator>(_ g: inout G, words: Int) -> String {
        (0..<words).map { _ in hostilePieces.randomElement(using: &g)! }.joined(separator: " ")
    }

    static let guids = (1...8).map { i in "\(String(repeating: String(i), count: 8))-0000-4000-8000-00000000000\(i)" }

    static let documentURLs: [String?] = [
        nil, "https://c.example/docs/D-1", "http://c.example:8080/a%20b/x.docx?q=1#frag", "https://u@c.example/x", "ftp://x",
        "https://c.example/docs/D-1",
    ]

    /// A random work item for `tracker`, built on the shared fixture.
    static func item<G: RandomNumberGenerator>(_ g: inout G, tracker: Tracker) -> WorkItem {
        var item = WireFixtures.item(
            tracker == .planner
                ? .planner(planId: "xqQg5FS2LkCp935s-FIFm2QAFkHM", bucketId: Bool.random(using: &g) ? "b2" : nil)
                : .clickUp(listId: "901"))
        item.title = text(&g, words: Int.random(in: 0...40, using: &g))
        item.description = (0..<Int.random(in: 0...6, using: &g)).map { _ in
            switch Int.random(in: 0...4, using: &g) {
            case 0: return .heading(text(&g, words: 3))
            case 1: return .paragraph(text(&g, words: Int.random(in: 0...200, using: &g)))
            case 2: return .field(label: text(&g, words: 2), value: text(&g, words: 5))
            case 3: return .bullets((0..<3).map { _ in text(&g, words: 3) })
            default:
                return .link(
                    title: text(&g, words: 2),
                    url: Bool.random(using: &g) ? "https://x.example/\(Int.random(in: 0...9, using: &g))" : "javascript:alert(1)")
            }
        }
        item.priority = Priority.allCases.randomElement(using: &g)!
        item.dueAt = Bool.random(using: &g) ? WireFixtures.due : nil
        item.startAt = Bool.random(using: &g) ? WireFixtures.start : nil
        item.assigneeIDs =
            tracker == .planner
            ? Array(guids.shuffled(using: &g).prefix(Int.random(in: 0...4, using: &g)))
            : (0..<Int.random(in: 0...3, using: &g)).map { _ in String(Int.random(in: 1...999, using: &g)) }
        item.labels = Array(["logistics", "escalated", "other", "x y"].shuffled(using: &g).prefix(Int.random(in: 0...4, using: &g)))
        item.checklist = (0..<Int.random(in: 0...30, using: &g)).map { _ in
            ChecklistEntry(title: text(&g, words: Int.random(in: 1...30, using: &g)), isChecked: Bool.random(using: &g))
        }
        item.documents = (0..<Int.random(in: 0...14, using: &g)).map { i in
            DocumentLink(
                documentId: DocumentID(rawValue: "D-\(i)"),
                name: text(&g, words: 2) + [".pdf", ".xlsx", ".pptx", ".docx", ""].randomElement(using: &g)!,
                url: documentURLs.randomElement(using: &g)!, mediaType: nil, size: 10)
        }
        if Bool.random(using: &g) { item.fields[.amount] = .number(Decimal(string: "-12.5")!) }
        if Bool.random(using: &g) { item.fields[.slaDue] = nil }
        if Bool.random(using: &g) { item.fields["notes"] = .text(text(&g, words: 4)) }
        return item
    }
}
