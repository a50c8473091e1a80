import BridgeMapping
import BridgeModels
import Testing

/// Hostile partner text: each case must come out of ``SafeMarkdown`` inert (no Markdown, HTML,
/// link or mention left) and still read the same.
struct HostileText: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    var testDescription: String { name }
}

@Suite struct SafeMarkdownTests {
    static let hostile: [HostileText] = [
        HostileText(name: "strong emphasis", text: "**Pay now** or __else__"),
        HostileText(name: "emphasis with combining mark", text: "*\u{301}urgent*"),
        HostileText(name: "inline link", text: "[Open invoice](https://evil.example/pay)"),
        HostileText(name: "image", text: "![logo](https://evil.example/track.png)"),
        HostileText(name: "reference definition", text: "[ref]: https://evil.example \"title\""),
        HostileText(name: "footnote", text: "Note[^1]"),
        HostileText(name: "raw HTML", text: "<script>alert('x')</script><img src=x onerror=alert(1)>"),
        HostileText(name: "angle autolink", text: "<https://evil.example>"),
        HostileText(name: "bare https URL", text: "see https://evil.example/a.b?c=d#e"),
        HostileText(name: "upper-case scheme", text: "HTTPS://EVIL.EXAMPLE"),
        HostileText(name: "www autolink", text: "visit www.evil.com today"),
        HostileText(name: "fuzzy domain", text: "open invoice.zip or evil.co"),
        HostileText(name: "protocol-relative", text: "//evil.example/x"),
        HostileText(name: "e-mail autolink", text: "mail ap@evil.example"),
        HostileText(name: "mention", text: "@everyone please pay"),
        HostileText(name: "user mention", text: "<@123456> @channel"),
        HostileText(name: "fullwidth mention", text: "\u{FF20}here"),
        HostileText(name: "javascript URL", text: "javascript:alert(document.cookie)"),
        HostileText(name: "heading", text: "# Approved by finance"),
        HostileText(name: "setext underline", text: "Approved\n========"),
        HostileText(name: "block quote", text: "> from the CFO"),
        HostileText(name: "list markers", text: "- one\n+ two\n* three\n1. four\n2) five"),
        HostileText(name: "table", text: "| a | b |\n|---|---|\n| 1 | 2 |"),
        HostileText(name: "inline code", text: "`rm -rf /`"),
        HostileText(name: "code fence", text: "```js\nalert(1)\n```"),
        HostileText(name: "long backtick run", text: "````` a `` b ```````"),
        HostileText(name: "tilde fence and strike", text: "~~~\n~~gone~~"),
        HostileText(name: "thematic break", text: "***\n---\n___"),
        HostileText(name: "indented code", text: "    four spaces\n\tand a tab"),
        HostileText(name: "entities", text: "&lt;b&gt; &#x3C;script&#x3E; &amp;"),
        HostileText(name: "bidi override", text: "invoice\u{202E}fdp.exe"),
        HostileText(name: "bidi isolates", text: "\u{2067}evil\u{2069}"),
        HostileText(name: "control characters", text: "a\u{0}b\u{7}c\u{1B}[2Jd"),
        HostileText(name: "line separators", text: "a\u{2028}b\u{2029}c"),
        HostileText(name: "trailing backslash", text: "C:\\path\\"),
        HostileText(name: "templates and math", text: "{{ secret }} $$x$$ ${x}"),
        HostileText(name: "hard break trick", text: "line  \nnext\\\nlast"),
        HostileText(name: "percent escapes", text: "%3Cscript%3E %41.b:c@d#e"),
        HostileText(name: "emoji and ZWJ", text: "👨‍👩‍👧 🇺🇸 e\u{301} 日本語"),
    ]

    @Test(arguments: hostile)
    func inlineEscapingLeavesNothingActive(_ hostile: HostileText) {
        let escaped = SafeMarkdown.escaped(hostile.text)
        #expect(markdownHazards(escaped) == [], "\(escaped.debugDescription)")
        // What a reader sees is the cleaned text, with nothing lost.
        let expected = TrackerText.line(hostile.text)
        #expect(markdownUnescaped(escaped) == String(expected.drop { $0.isWhitespace }))
    }

    @Test(arguments: hostile)
    func paragraphEscapingLeavesNothingActiveOnAnyLine(_ hostile: HostileText) {
        let escaped = SafeMarkdown.escapedParagraphs(hostile.text)
        for line in escaped.split(separator: "\n", omittingEmptySubsequences: true) {
            let content = line.hasSuffix("  ") ? String(line.dropLast(2)) : String(line)
            #expect(markdownHazards(content) == [], "\(content.debugDescription)")
        }
    }

    @Test(arguments: hostile)
    func defangedTextHasNoLinkOrMentionPattern(_ hostile: HostileText) {
        let defanged = SafeMarkdown.defanged(hostile.text)
        let lower = defanged.lowercased()
        #expect(!lower.contains("://") && !lower.contains("www.") && !lower.contains("//"))
        #expect(!defanged.contains { $0 == "\u{202E}" || $0 == "\u{2067}" })
        let characters = Array(defanged)
        for index in characters.indices where characters[index] == "@" || characters[index] == "\u{FF20}" {
            #expect(index + 1 == characters.count || characters[index + 1] == "\u{200B}")
        }
    }

    @Test func theHazardCheckCatchesActiveText() {
        // The check above must be able to fail: raw Markdown, escaped-but-still-linkable text.
        #expect(markdownHazards("**x**") == ["unescaped *", "unescaped *", "unescaped *", "unescaped *"])
        #expect(markdownHazards(#"see https\:\/\/e"#).contains("link pattern ://"))
        #expect(markdownHazards(#"\@everyone"#) == ["@ followed by a name"])
        #expect(markdownHazards(#"www\.x"#).contains("link pattern www."))
        #expect(markdownHazards("  \\# x") == ["leading whitespace"])
        #expect(markdownHazards("a\\b") == ["a backslash that escapes nothing"])
    }

    @Test func asciiLinesAndMixedLinesEscapeAlike() {
        // ASCII-only lines take a byte-level path; appending a non-ASCII word forces the general
        // path, which must give the same pieces for the ASCII part.
        var random = WireRandom(seed: 17)
        let alphabet = Array("ab.:/@www0129 *_[]()<>#`~|\\&!-+=?")
        for _ in 0..<500 {
            let text = TrackerText.line(String((0..<Int.random(in: 1...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
            guard !text.isEmpty else { continue }
            #expect(SafeMarkdown.escaped(text + " é") == SafeMarkdown.escaped(text) + " é", "\(text.debugDescription)")
            #expect(SafeMarkdown.defanged(text + " é") == SafeMarkdown.defanged(text) + " é")
        }
    }

    @Test func exactEscapesForTheCommonAttacks() {
        #expect(SafeMarkdown.escaped("**Pay**") == #"\*\*Pay\*\*"#)
        #expect(SafeMarkdown.escaped("[x](https://e.example)") == #"\[x\]\(https\:\#u{200B}\/\#u{200B}\/e\#u{200B}\.example\)"#)
        #expect(SafeMarkdown.escaped("@everyone") == #"\@\#u{200B}everyone"#)
        #expect(SafeMarkdown.escaped("www.evil.com") == #"www\#u{200B}\.evil\#u{200B}\.com"#)
        #expect(SafeMarkdown.escaped("# Heading") == ##"\# Heading"##)
        #expect(SafeMarkdown.escaped("1250.00 USD") == #"1250\.00 USD"#)
    }

    @Test func paragraphsKeepLinesAndParagraphs() {
        #expect(SafeMarkdown.escapedParagraphs("first\nsecond\n\n\nthird") == "first  \nsecond\n\nthird")
        #expect(SafeMarkdown.escapedParagraphs("    code?") == #"code\?"#)
    }

    @Test func linksAreMadeOnlyForWebURLs() {
        #expect(SafeMarkdown.link(title: "report.pdf", url: "https://c.example/docs/D-1") == "[report\u{200B}\\.pdf](https://c.example/docs/D-1)")
        #expect(SafeMarkdown.link(title: "x", url: "javascript:alert(1)") == nil)
        #expect(SafeMarkdown.link(title: "x", url: "https://c.example/a b") == nil)
        #expect(SafeMarkdown.link(title: "x", url: "https://user@c.example/") == nil)
        // Parentheses and other delimiters are percent-encoded, so the destination cannot end early.
        #expect(SafeMarkdown.link(title: "", url: "https://c.example/a_(b)'[c]") == "[https\\:\u{200B}\\/\u{200B}\\/c\u{200B}\\.example\\/a\\_\\(b\\)\\'\\[c\\]](https://c.example/a_%28b%29%27%5Bc%5D)")
    }
}
