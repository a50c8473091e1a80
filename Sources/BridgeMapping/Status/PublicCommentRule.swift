import BridgeModels

/// Which internal tracker comments may reach the partner, and how they are cleaned first.
///
/// Comments are internal by default. A comment is public only when it starts with one of the
/// ``prefixes`` (e.g. `[public]` or `@partner`), compared without regard to case after leading
/// whitespace; the prefix is removed. A prefix that ends in a letter, digit or `_` must end a
/// word: `@partner` marks `@partner: shipped` public but not `@partnership …`, `@partners …` or
/// `@partner-team …`, which are mentions of someone else. The public text is then cleaned:
/// tracker links (ClickUp, Planner, Graph, Microsoft 365) become `[link removed]`, `@mentions` of
/// internal users become `[name removed]`, control and bidirectional characters are dropped, and
/// the text is capped at ``maximumLength`` characters.
public struct PublicCommentRule: Hashable, Sendable, Codable {
    /// Prefixes that mark a comment public.
    public var prefixes: [String]
    /// The longest public text, in characters.
    public var maximumLength: Int

    /// Creates a rule.
    public init(prefixes: [String] = ["[public]"], maximumLength: Int = 4_000) {
        self.prefixes = prefixes
        self.maximumLength = maximumLength
    }

    /// `[public]`.
    public static let standard = PublicCommentRule()

    /// The partner-safe text of a comment, or `nil` if the comment is internal.
    public func publicText(of comment: String) -> String? {
        let trimmed = comment.drop { $0.isWhitespace }
        for prefix in prefixes where !prefix.isEmpty {
            let candidate = trimmed.prefix(prefix.count)
            guard candidate.count == prefix.count, candidate.lowercased() == prefix.lowercased() else { continue }
            let body = trimmed.dropFirst(prefix.count)
            guard PublicCommentRule.endsWord(prefix, before: body) else { continue }
            let cleaned = PartnerText.clean(String(body), maximumLength: maximumLength)
            return cleaned.isEmpty ? nil : cleaned
        }
        return nil
    }

    /// Whether `prefix` ends a word where `rest` begins: always for a prefix ending in
    /// punctuation (`[public]x`); for one ending in a letter, digit or `_`, only when `rest` does
    /// not continue the name (a letter, digit, `_`, `-`, or `.` followed by a letter or digit).
    static func endsWord(_ prefix: String, before rest: Substring) -> Bool {
        guard let last = prefix.last, last.isLetter || last.isNumber || last == "_" else { return true }
        guard let next = rest.first else { return true }
        if next.isLetter || next.isNumber || next == "_" || next == "-" { return false }
        if next == ".", let after = rest.dropFirst().first, after.isLetter || after.isNumber { return false }
        return true
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case prefixes, maximumLength }

    /// Decodes and validates a rule: at least one non-empty prefix, no unknown members.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prefixes = try c.list(.prefixes, limit: 10)
        for (index, prefix) in prefixes.enumerated() {
            _ = try TextRules.check(prefix, .line, limit: 40, path: c.path(.prefixes).appending(index: index))
        }
        if prefixes.isEmpty { throw InputError(path: c.path(.prefixes), reason: .empty) }
        maximumLength = try c.optional(Int.self, .maximumLength) ?? 4_000
        if !(1...100_000).contains(maximumLength) {
            throw InputError(path: c.path(.maximumLength), reason: .outOfRange("1-100000"))
        }
    }
}

/// Cleaning of text that leaves the company for a partner.
public enum PartnerText: Sendable {
    /// Hosts of tracker and Microsoft 365 links that never reach a partner; their subdomains
    /// count too (`contoso.sharepoint.com`, `t123.p.clickup-attachments.com`).
    public static let internalHosts = [
        "app.clickup.com", "clickup.com", "sharing.clickup.com", "clickup-attachments.com", "tasks.office.com",
        "planner.cloud.microsoft", "cloud.microsoft", "planner.microsoft.com", "graph.microsoft.com",
        "teams.microsoft.com", "sharepoint.com", "office.com", "office365.com", "1drv.ms",
    ]

    /// Removes control and bidirectional characters, tracker links and `@mentions`, collapses
    /// whitespace runs inside lines, and caps the length on a character boundary.
    public static func clean(_ text: String, maximumLength: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" { scalars.append(scalar); continue }
            if scalar == "\t" { scalars.append(" "); continue }
            if TextRules.isControl(scalar) || TextRules.isBidiControl(scalar) || scalar.value == 0x2028 || scalar.value == 0x2029 { continue }
            scalars.append(scalar)
        }
        let words = String(scalars).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: " ").map { word -> String in
                let w = String(word)
                if isInternalLink(w) { return "[link removed]" }
                if w.hasPrefix("@") && w.count > 1 { return "[name removed]" }
                return w
            }.joined(separator: " ")
        }
        var cleaned = words.joined(separator: "\n").trimmingWhitespace()
        if cleaned.count > maximumLength {
            cleaned = String(cleaned.prefix(max(0, maximumLength - 1))) + "…"
        }
        return cleaned
    }

    /// Whether a word mentions an internal host anywhere: with or without a scheme, inside
    /// quotes, brackets or user info, after another URL, with a trailing dot, with invisible
    /// characters or percent-escapes inside the name. The word is percent-decoded once,
    /// lower-cased and stripped of invisible format characters; then every run of host
    /// characters (`a–z 0–9 . -`) is compared, without leading and trailing dots, with
    /// ``internalHosts`` and their subdomains.
    static func isInternalLink(_ word: String) -> Bool {
        var run = ""
        for scalar in PathSegment.decoded(word).lowercased().unicodeScalars where !TextRules.isInvisibleFormat(scalar) {
            let isHostCharacter =
                (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "." || scalar == "-"
            if isHostCharacter {
                run.unicodeScalars.append(scalar)
                continue
            }
            if isInternalHost(run) { return true }
            run = ""
        }
        return isInternalHost(run)
    }

    /// Whether a run of host characters is an internal host or one of its subdomains.
    static func isInternalHost(_ run: String) -> Bool {
        var host = Substring(run)
        while host.first == "." { host = host.dropFirst() }
        while host.last == "." { host = host.dropLast() }
        guard !host.isEmpty else { return false }
        return internalHosts.contains { host == $0 || host.hasSuffix("." + $0) }
    }
}

