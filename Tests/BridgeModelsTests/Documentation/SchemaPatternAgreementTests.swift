import BridgeModels
import Foundation
import Testing

/// The JSON Schema's patterns and enums give the same verdict as the decoder on tricky values,
/// so a producer that validates against the schema is not surprised by the bridge (and the
/// other way round).
@Suite struct SchemaPatternAgreementTests {
    let definitions: [String: Any]

    init() throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Documentation/schemas/community-event.schema.json"))
        let root = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        definitions = try #require(root["$defs"] as? [String: Any])
    }

    /// Whether `text` matches the whole of an ECMA-262-style `pattern` (the subset the schema
    /// uses behaves the same in ICU; the match must cover the text, because ICU's `$` also
    /// matches before a final line terminator).
    func matches(_ pattern: String, _ text: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, range: range) else { return false }
        return match.range == range
    }

    func pattern(_ path: String...) throws -> String {
        var node: Any = definitions
        for key in path { node = try #require((node as? [String: Any])?[key], "\(path)") }
        return try #require(node as? String)
    }

    static let identifiers = [
        "C-1001", "x", " C", "C ", "a b", "a\u{00A0}b", "\u{00A0}a", "a\u{200B}b", "a\u{200E}b", "a\u{2060}b",
        "a\u{2061}b", "a\u{2062}b", "a\u{2064}b", "a\u{202E}b", "a\u{2066}b", "a\u{2028}b", "a\u{85}b", "a\u{7F}b",
        "a\u{FEFF}b", "a\u{061C}b", "ä-ü", "注文-1",
    ]

    @Test(arguments: identifiers)
    func identifierShapeAgrees(_ text: String) throws {
        let schema = try matches(pattern("identifier", "pattern"), text)
        let decoder = (try? Identifier<Partner>.validated(text)) != nil
        #expect(schema == decoder, "schema \(schema), decoder \(decoder) for \(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    static let urls = [
        "https://community.example.com/docs/D-501", "HTTP://A.EXAMPLE", "https://a.example?q=1", "https://a.example#f",
        "https://:443/x", "https://", "https:///x", "javascript:alert(1)", "file:///etc/passwd",
        "https://trusted.example@evil.example/x", "https://a.example/x y", "https://a.example/x\u{00A0}y",
        "https://a.example/x\u{3000}y", "https://a\u{00A0}b.example/", "https://a\\b.example/", "https://a\"b.example/",
        "https://a<b.example/", "https://a.example/x\\y", "https://a.example/\u{202E}fdp", "https://a\u{202E}b.example/",
        "https://a.example/\u{7F}", "https://a.example/\u{85}", "https://a.example/\u{2061}", "https://a.example/\u{200B}",
        "https://a.example/ü?q=注文",
    ]

    @Test(arguments: urls)
    func urlShapeAgrees(_ url: String) throws {
        let schema = try matches(pattern("document", "properties", "url", "pattern"), url)
        let json = try jsonText(["id": "D", "name": "a.pdf", "kind": "other", "url": url])
        let decoder = (try? StrictJSONDecoder().decode(Document.self, from: json)) != nil
        #expect(schema == decoder, "schema \(schema), decoder \(decoder) for \(url.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func currencyEnumIsExactlyTheAcceptedCodes() throws {
        let money = try #require(definitions["money"] as? [String: Any])
        let currency = try #require((money["properties"] as? [String: Any])?["currency"] as? [String: Any])
        let codes = try #require(currency["enum"] as? [String])
        #expect(Set(codes) == Set(CurrencyCode.all.map(\.rawValue)))
        #expect(codes.count == CurrencyCode.all.count)
    }
}
