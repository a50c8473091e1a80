import BridgeModels

/// Escaping that makes untrusted text inert inside Markdown (ClickUp's `markdown_content`).
///
/// Every character of partner-supplied text keeps its meaning as text and loses any meaning as
/// Markdown, HTML or a link. Two techniques are combined:
///
/// 1. **Backslash escapes.** Every ASCII punctuation character is preceded by a backslash.
///    CommonMark 0.31 §2.4 ("Backslash escapes") allows a backslash before *any* ASCII
///    punctuation character and guarantees the escaped character is "treated as a regular
///    character" with no Markdown meaning. That removes emphasis (`*`, `_`, `~`), code spans
///    (the backtick), links and images (`[`, `]`, `(`, `)`, `!`), raw HTML and angle-bracket autolinks
///    (`<`, `>`), entity references (`&`), headings (`#`), block quotes (`>`), list markers
///    (`-`, `+`, `*`, `1.`), tables (`|`), setext underlines and thematic breaks (`=`, `-`, `*`).
///    Leading whitespace is removed from every line, so no line becomes an indented code block.
/// 2. **Defanging with U+200B ZERO WIDTH SPACE.** GFM's autolink-literal extension turns bare
///    `www.` domains, `http(s)://` URLs and e-mail addresses into links, and renderers in that
///    family run a second linkify pass after escapes are resolved (micromark's
///    `micromark-extension-gfm-autolink-literal` README: GitHub autolinks "at parse time and …
///    at transform time", where "character references and escapes are handled differently").
///    Escapes therefore do not stop autolinks; breaking the pattern does. A zero-width space
///    goes after every `@` (e-mail addresses and `@mentions` such as `@everyone` no longer
///    match), after a `:` or `/` that is followed by `/` (`https://`, `//host`), and before
///    a `.` between two letters or digits unless both are digits (`www.example.com`,
///    `invoice.zip`; decimals such as `1250.00` stay intact).
///
/// The result reads the same as the input; only copying it reveals the invisible breaks, which
/// is the point for links a partner supplied.
///
/// ```swift
/// SafeMarkdown.escaped("**Pay** [here](https://evil.example) @everyone")
/// // \*\*Pay\*\* \[here\]\(https\:​\/​\/evil​\.example\) \@​everyone   (​ = U+200B)
/// ```
public enum SafeMarkdown: Sendable {
    /// U+200B ZERO WIDTH SPACE, the invisible break inserted into link and mention patterns.
    public static let zeroWidthSpace: Character = "\u{200B}"

    /// One line of untrusted text escaped for Markdown inline content: cleaned with
    /// ``TrackerText/line(_:)``, then escaped and defanged.
    public static func escaped(_ text: String) -> String {
        var out = ""
        forEachPiece(ofLine: TrackerText.line(text), markdown: true) { out += $0; return true }
        return out
    }

    /// Several lines of untrusted text escaped for Markdown: lines of one paragraph are joined
    /// with hard line breaks (two spaces and a line break), an empty line separates paragraphs.
    public static func escapedParagraphs(_ text: String) -> String {
        var out = ""
        forEachParagraphPiece(text) { out += $0; return true }
        return out
    }

    /// Untrusted text defanged for a tracker field that is not Markdown but is auto-linked
    /// (ClickUp `comment_text`): cleaned with ``TrackerText/multiline(_:)`` and given the same
    /// zero-width breaks as ``escaped(_:)``, without backslashes.
    public static func defanged(_ text: String) -> String {
        var out = ""
        var first = true
        for line in TrackerText.lines(text) {
            if !first { out += "\n" }
            first = false
            forEachPiece(ofLine: line, markdown: false) { out += $0; return true }
        }
        return out
    }

    /// A Markdown link to `url` when it is an absolute `http`/`https` URL without whitespace,
    /// quotes, angle brackets or backslashes; `nil` otherwise.
    ///
    /// The title is escaped with ``escaped(_:)`` (an empty title shows the URL, escaped). In the
    /// destination every character outside `A–Z a–z 0–9 - . _ ~ : / ? # @ ! $ & + , ; = %` is
    /// percent-encoded as UTF-8, so parentheses cannot end the destination early.
    public static func link(title: String, url: String) -> String? {
        guard Document.isWebURL(url) else { return nil }
        let shown = escaped(TrackerText.line(title).isEmpty ? url : title)
        return "[" + shown + "](" + percentEncodedDestination(url) + ")"
    }

    // MARK: - Pieces

    /// Calls `body` with the escaped rendering of each character of `line` (one piece per
    /// `Character`, so a piece is never split by truncation); stops when `body` returns `false`.
    /// Leading whitespace is dropped in Markdown mode.
    @discardableResult
    static func forEachPiece(ofLine line: String, markdown: Bool, _ body: (String) -> Bool) -> Bool {
        if line.utf8.allSatisfy({ $0 < 0x80 }) {
            return forEachASCIIPiece(ofLine: line, markdown: markdown, body)
        }
        let characters = Array(markdown ? Substring(line).drop(while: { $0.isWhitespace }) : Substring(line))
        for index in characters.indices {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if !body(piece(characters[index], previous: previous, next: next, markdown: markdown)) { return false }
        }
        return true
    }

    /// ``forEachPiece(ofLine:markdown:_:)`` for a line of ASCII text, where every byte is one
    /// character (lines hold no CR LF), so the context rules read neighbouring bytes. It gives
    /// exactly the pieces of the general path.
    private static func forEachASCIIPiece(ofLine line: String, markdown: Bool, _ body: (String) -> Bool) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            var start = 0
            if markdown { while start < bytes.count && bytes[start] == 0x20 { start += 1 } }
            var index = start
            while index < bytes.count {
                let byte = bytes[index]
                let piece: String
                if isASCIIPunctuation(byte) {
                    let previous: UInt8? = index > start ? bytes[index - 1] : nil
                    let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
                    piece = asciiPiece(byte, previous: previous, next: next, markdown: markdown)
                } else {
                    piece = plainASCII[Int(byte)]
                }
                if !body(piece) { return false }
                index += 1
            }
            return true
        }
    }

    private static let plainASCII: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    private static func asciiPiece(_ byte: UInt8, previous: UInt8?, next: UInt8?, markdown: Bool) -> String {
        var out = markdown ? "\\" + plainASCII[Int(byte)] : plainASCII[Int(byte)]
        switch byte {
        case 0x40:  // @
            out += zeroWidth
        case 0x3A, 0x2F:  // : /
            if next == 0x2F { out += zeroWidth }
        case 0x2E:  // .
            if let previous, let next, isASCIIAlphanumeric(previous), isASCIIAlphanumeric(next),
                !(isASCIIDigit(previous) && isASCIIDigit(next))
            {
                out = zeroWidth + out
            }
        default:
            break
        }
        return out
    }

    @inline(__always)
    private static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inline(__always)
    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIIDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Calls `body` with the pieces of ``escapedParagraphs(_:)``; the first piece of each line
    /// carries the line break before it.
    @discardableResult
    static func forEachParagraphPiece(_ text: String, _ body: (String) -> Bool) -> Bool {
        var separator = ""
        for line in TrackerText.lines(text) {
            let trimmed = line.drop(while: { $0.isWhitespace })
            if trimmed.isEmpty {
                separator = "\n\n"
                continue
            }
            var pending = separator
            let finished = forEachPiece(ofLine: String(trimmed), markdown: true) { piece in
                defer { pending = "" }
                return body(pending + piece)
            }
            if !finished { return false }
            separator = "  \n"
        }
        return true
    }

    /// The escaped rendering of one character in its context.
    ///
    /// The decision looks at the character's first Unicode scalar, because Markdown parsers work
    /// on code points: `*` followed by a combining mark is still an emphasis delimiter, so it is
    /// escaped like a bare `*`.
    static func piece(_ character: Character, previous: Character?, next: Character?, markdown: Bool) -> String {
        let first = character.unicodeScalars.first?.value ?? 0
        guard first < 0x80, isASCIIPunctuation(UInt8(first)) else {
            // Fullwidth and small commercial at: some mention parsers normalise them to "@".
            if first == 0xFF20 || first == 0xFE6B { return String(character) + zeroWidth }
            return String(character)
        }
        var out = markdown ? "\\" + String(character) : String(character)
        let nextIsSlash = next?.unicodeScalars.first == "/"
        switch first {
        case 0x40:  // @
            out += zeroWidth
        case 0x3A, 0x2F:  // : /
            if nextIsSlash { out += zeroWidth }
        case 0x2E:  // .
            if let previous, let next, isAlphanumeric(previous), isAlphanumeric(next),
                !(previous.isASCIIDigit && next.isASCIIDigit)
            {
                out = zeroWidth + out
            }
        default:
            break
        }
        return out
    }

    private static let zeroWidth = String(zeroWidthSpace)

    /// `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~` (CommonMark's ASCII punctuation).
    @inline(__always)
    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (byte >= 0x21 && byte <= 0x2F) || (byte >= 0x3A && byte <= 0x40) || (byte >= 0x5B && byte <= 0x60)
            || (byte >= 0x7B && byte <= 0x7E)
    }

    private static func isAlphanumeric(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    static func percentEncodedDestination(_ url: String) -> String {
        var out = ""
        for byte in url.utf8 {
            let allowed =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "-._~:/?#@!$&+,;=%".utf8.contains(byte)
            if allowed {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hexByte(byte)
            }
        }
        return out
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool {
        guard let ascii = asciiValue else { return false }
        return ascii >= 0x30 && ascii <= 0x39
    }
}
