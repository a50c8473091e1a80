import BridgeModels
import Foundation
import Testing

/// One hostile input and the error it must produce: the exact JSON path and the reason.
struct HostileCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var path: String
    var reason: String
    var limits: InputLimits = .default
    var testDescription: String { name }
}

/// A minimal valid `case.opened` event with the given members inside `case` (after `id`) and
/// the given partner object.
func caseOpened(_ caseMembers: String = "", partner: String = #"{"id":"ACME"}"#, envelope: String = "") -> String {
    let extra = caseMembers.isEmpty ? "" : "," + caseMembers
    return #"{"id":"e1","type":"case.opened","occurredAt":"2026-11-20T14:03:00Z"\#(envelope),"partner":\#(partner),"case":{"id":"C-1","kind":"dispute","title":"Chargeback 7781"\#(extra)}}"#
}

let tenMegabytes = String(repeating: "A", count: 10 << 20)

let hostileCases: [HostileCase] = [
    // Malformed and truncated JSON.
    HostileCase(name: "empty input", input: "", path: "$", reason: "malformedJSON"),
    HostileCase(name: "truncated after a member", input: #"{"id":"e1","type":"case.opened""#, path: "$", reason: "malformedJSON"),
    HostileCase(name: "truncated inside a string", input: #"{"id":"e1","type":"case.op"#, path: "$.type", reason: "malformedJSON"),
    HostileCase(
        name: "truncated inside a nested array",
        input: #"{"id":"e1","type":"case.opened","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"A"},"case":{"id":"C","kind":"dispute","title":"t","references":[{"type":"asn","value":"1"},"#,
        path: "$.case.references[1]", reason: "malformedJSON"),
    HostileCase(name: "top-level array", input: "[1,2,3]", path: "$", reason: "wrongType"),
    HostileCase(name: "top-level string", input: #""case.opened""#, path: "$", reason: "wrongType"),
    HostileCase(name: "trailing garbage", input: caseOpened() + " {}", path: "$", reason: "malformedJSON"),
    HostileCase(name: "trailing comma", input: #"{"id":"e1",}"#, path: "$", reason: "malformedJSON"),
    HostileCase(name: "single quotes", input: "{'id':'e1'}", path: "$", reason: "malformedJSON"),
    HostileCase(name: "raw control character in a string", input: "{\"id\":\"e\u{01}1\"}", path: "$.id", reason: "malformedJSON"),
    HostileCase(name: "raw NUL in a string", input: "{\"id\":\"e\u{00}1\"}", path: "$.id", reason: "malformedJSON"),
    HostileCase(name: "invalid escape", input: #"{"id":"e\x41"}"#, path: "$.id", reason: "malformedJSON"),
    HostileCase(name: "unpaired surrogate escape", input: #"{"id":"\ud800"}"#, path: "$.id", reason: "malformedJSON"),
    HostileCase(name: "comments are not JSON", input: "{/* c */\"id\":\"e1\"}", path: "$", reason: "malformedJSON"),
    HostileCase(name: "NaN is not JSON", input: #"{"id":NaN}"#, path: "$.id", reason: "malformedJSON"),
    HostileCase(name: "leading zero number", input: #"{"id":012}"#, path: "$.id", reason: "malformedJSON"),
    // Duplicated keys and nesting.
    HostileCase(name: "duplicated top-level key", input: #"{"id":"e1","id":"e2"}"#, path: "$", reason: "duplicateKey"),
    HostileCase(
        name: "duplicated key inside case", input: caseOpened(#""title":"second title""#), path: "$.case",
        reason: "duplicateKey"),
    HostileCase(
        name: "deeply nested junk in an unknown field",
        input: #"{"junk":"# + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "}",
        path: "$.junk" + String(repeating: "[0]", count: 31), reason: "nestingTooDeep"),
    HostileCase(
        name: "deeply nested objects in detail",
        input: caseOpened(#""detail":"# + String(repeating: #"{"a":"#, count: 100) + "1" + String(repeating: "}", count: 100)),
        path: "$.case.detail" + String(repeating: ".a", count: 30), reason: "nestingTooDeep"),
    // Oversize text and documents.
    HostileCase(
        name: "10 MB string in detail", input: caseOpened(#""detail":""# + tenMegabytes + #"""#), path: "$.case.detail",
        reason: "tooLong"),
    HostileCase(
        name: "10 MB string in title",
        input: #"{"id":"e1","type":"case.opened","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"A"},"case":{"id":"C","kind":"dispute","title":""# + tenMegabytes + #""}}"#,
        path: "$.case.title", reason: "tooLong"),
    HostileCase(name: "10 MB event id", input: #"{"id":""# + tenMegabytes + #""}"#, path: "$.id", reason: "tooLong"),
    HostileCase(
        name: "document over the byte limit", input: caseOpened(#""detail":"# + "\"" + String(repeating: "x", count: 5000) + "\""),
        path: "$", reason: "inputTooLarge", limits: InputLimits(maxDocumentBytes: 4096)),
    HostileCase(
        name: "too many references",
        input: caseOpened(#""references":["# + Array(repeating: #"{"type":"asn","value":"SH-1"}"#, count: 51).joined(separator: ",") + "]"),
        path: "$.case.references", reason: "tooManyItems"),
    // Control, bidirectional and invisible characters.
    HostileCase(name: "escaped NUL in title", input: caseOpened(#""detail":"a\u0000b""#), path: "$.case.detail", reason: "forbiddenCharacter"),
    HostileCase(name: "bidi override in title", input: caseOpened(envelope: "").replacingOccurrences(of: "Chargeback 7781", with: "Invoice \u{202E}fdp.exe"), path: "$.case.title", reason: "forbiddenCharacter"),
    HostileCase(name: "bidi isolate in detail", input: caseOpened(#""detail":"pay \u2067now\u2069""#), path: "$.case.detail", reason: "forbiddenCharacter"),
    HostileCase(name: "zero-width space in case id", input: caseOpened().replacingOccurrences(of: "C-1", with: "C-\u{200B}1"), path: "$.case.id", reason: "forbiddenCharacter"),
    HostileCase(name: "line separator in title", input: caseOpened().replacingOccurrences(of: "Chargeback 7781", with: "Charge\u{2028}back"), path: "$.case.title", reason: "forbiddenCharacter"),
    HostileCase(name: "escape character in author", input: #"{"id":"e1","type":"case.messagePosted","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"A"},"caseId":"C","message":{"id":"M","author":"\u001b[31mroot","text":"hi","postedAt":"2026-11-20T14:03:00Z"}}"#, path: "$.message.author", reason: "forbiddenCharacter"),
    // Empty and whitespace.
    HostileCase(name: "empty event id", input: #"{"id":"","type":"case.opened"}"#, path: "$.id", reason: "empty"),
    HostileCase(name: "whitespace-only title", input: caseOpened().replacingOccurrences(of: "Chargeback 7781", with: "   "), path: "$.case.title", reason: "empty"),
    HostileCase(name: "id with leading space", input: caseOpened().replacingOccurrences(of: "\"C-1\"", with: "\" C-1\""), path: "$.case.id", reason: "invalidFormat"),
    // Missing fields and wrong types.
    HostileCase(name: "missing id", input: #"{"type":"case.opened"}"#, path: "$.id", reason: "missing"),
    HostileCase(name: "null id", input: #"{"id":null,"type":"case.opened"}"#, path: "$.id", reason: "missing"),
    HostileCase(name: "numeric id", input: #"{"id":42,"type":"case.opened"}"#, path: "$.id", reason: "wrongType"),
    HostileCase(name: "missing partner", input: #"{"id":"e1","type":"case.opened","occurredAt":"2026-11-20T14:03:00Z"}"#, path: "$.partner", reason: "missing"),
    HostileCase(name: "missing partner id", input: caseOpened(partner: #"{"name":"Acme"}"#), path: "$.partner.id", reason: "missing"),
    HostileCase(name: "partner is a string", input: caseOpened(partner: #""ACME""#), path: "$.partner", reason: "wrongType"),
    // A required field that is null is missing (as the guide says), whatever its type.
    HostileCase(name: "title is null", input: caseOpened().replacingOccurrences(of: "\"Chargeback 7781\"", with: "null"), path: "$.case.title", reason: "missing"),
    HostileCase(name: "occurredAt is null", input: caseOpened().replacingOccurrences(of: "\"2026-11-20T14:03:00Z\"", with: "null"), path: "$.occurredAt", reason: "missing"),
    HostileCase(name: "type is null", input: #"{"id":"e1","type":null}"#, path: "$.type", reason: "missing"),
    HostileCase(name: "amount value is null", input: caseOpened(#""amount":{"value":null,"currency":"USD"}"#), path: "$.case.amount.value", reason: "missing"),
    HostileCase(name: "references is an object", input: caseOpened(#""references":{"type":"asn"}"#), path: "$.case.references", reason: "wrongType"),
    HostileCase(name: "size with exponent", input: caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","size":1e999}]"#), path: "$.case.documents[0].size", reason: "wrongType"),
    HostileCase(name: "size overflowing 64 bits", input: caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","size":99999999999999999999}]"#), path: "$.case.documents[0].size", reason: "outOfRange"),
    HostileCase(name: "size with 100,000 digits", input: caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","size":"# + String(repeating: "9", count: 100_000) + "}]"), path: "$.case.documents[0].size", reason: "outOfRange"),
    HostileCase(name: "size with a 100,000-digit fraction", input: caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","size":1."# + String(repeating: "5", count: 100_000) + "}]"), path: "$.case.documents[0].size", reason: "wrongType"),
    // Dates.
    HostileCase(name: "date-time without zone", input: caseOpened().replacingOccurrences(of: "14:03:00Z", with: "14:03:00"), path: "$.occurredAt", reason: "invalidDate"),
    HostileCase(name: "month 13", input: caseOpened().replacingOccurrences(of: "2026-11-20", with: "2026-13-20"), path: "$.occurredAt", reason: "invalidDate"),
    HostileCase(name: "February 30", input: caseOpened().replacingOccurrences(of: "2026-11-20", with: "2026-02-30"), path: "$.occurredAt", reason: "invalidDate"),
    HostileCase(name: "epoch number as date", input: #"{"id":"e1","type":"case.opened","occurredAt":1763647380}"#, path: "$.occurredAt", reason: "wrongType"),
    HostileCase(name: "date only for a date-time", input: caseOpened(#""dueBy":"2026-11-27""#), path: "$.case.dueBy", reason: "invalidDate"),
    HostileCase(name: "leap second", input: caseOpened().replacingOccurrences(of: "14:03:00Z", with: "23:59:60Z"), path: "$.occurredAt", reason: "invalidDate"),
    HostileCase(name: "offset out of range", input: caseOpened().replacingOccurrences(of: "14:03:00Z", with: "14:03:00+25:00"), path: "$.occurredAt", reason: "invalidDate"),
    HostileCase(name: "expiry date not a date", input: caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","expiresOn":"30/06/2027"}]"#), path: "$.case.documents[0].expiresOn", reason: "invalidDate"),
    // Money.
    HostileCase(name: "unknown currency", input: caseOpened(#""amount":{"value":"12.00","currency":"XYZ"}"#), path: "$.case.amount.currency", reason: "invalidCurrency"),
    HostileCase(name: "lowercase currency", input: caseOpened(#""amount":{"value":"12.00","currency":"usd"}"#), path: "$.case.amount.currency", reason: "invalidCurrency"),
    HostileCase(name: "no-currency code XXX", input: caseOpened(#""amount":{"value":"12.00","currency":"XXX"}"#), path: "$.case.amount.currency", reason: "invalidCurrency"),
    HostileCase(name: "negative amount", input: caseOpened(#""amount":{"value":"-5.00","currency":"USD"}"#), path: "$.case.amount.value", reason: "outOfRange"),
    HostileCase(name: "non-numeric amount", input: caseOpened(#""amount":{"value":"twelve","currency":"USD"}"#), path: "$.case.amount.value", reason: "invalidFormat"),
    HostileCase(name: "non-numeric amount with a minus", input: caseOpened(#""amount":{"value":"-twelve","currency":"USD"}"#), path: "$.case.amount.value", reason: "invalidFormat"),
    HostileCase(name: "amount as a JSON number", input: caseOpened(#""amount":{"value":12.5,"currency":"USD"}"#), path: "$.case.amount.value", reason: "wrongType"),
    HostileCase(name: "amount with exponent", input: caseOpened(#""amount":{"value":"1e3","currency":"USD"}"#), path: "$.case.amount.value", reason: "invalidFormat"),
    HostileCase(name: "amount with grouping", input: caseOpened(#""amount":{"value":"1,250.00","currency":"USD"}"#), path: "$.case.amount.value", reason: "invalidFormat"),
    HostileCase(name: "amount with leading zeros", input: caseOpened(#""amount":{"value":"007","currency":"USD"}"#), path: "$.case.amount.value", reason: "invalidFormat"),
    HostileCase(name: "amount without currency", input: caseOpened(#""amount":{"value":"7.00"}"#), path: "$.case.amount.currency", reason: "missing"),
    // Unknown values of closed sets; malformed open-set tokens.
    HostileCase(name: "unknown event type", input: #"{"id":"e1","type":"case.escalated","occurredAt":"2026-11-20T14:03:00Z"}"#, path: "$.type", reason: "unknownEventType"),
    HostileCase(name: "unknown priority", input: caseOpened(#""priority":"critical""#), path: "$.case.priority", reason: "unknownValue"),
    HostileCase(name: "unknown reference type", input: caseOpened(#""references":[{"type":"asn","value":"SH-1"},{"type":"waybill","value":"W1"}]"#), path: "$.case.references[1].type", reason: "unknownValue"),
    HostileCase(name: "unknown requirement kind", input: #"{"id":"e1","type":"onboarding.requirementCompleted","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"A"},"requirement":{"id":"R","kind":"payment","completedAt":"2026-11-20T14:03:00Z"}}"#, path: "$.requirement.kind", reason: "unknownValue"),
    HostileCase(name: "case kind with a space", input: caseOpened().replacingOccurrences(of: "\"dispute\"", with: "\"dispute now\""), path: "$.case.kind", reason: "invalidFormat"),
    HostileCase(name: "tier with markup", input: caseOpened(partner: #"{"id":"A","tier":"<b>gold</b>"}"#), path: "$.partner.tier", reason: "invalidFormat"),
    // Domain checks.
    HostileCase(name: "ISA13 with 8 digits", input: caseOpened(#""references":[{"type":"interchangeControl","value":"12345678"}]"#), path: "$.case.references[0].value", reason: "invalidFormat"),
    // ST02 lengths count characters, as the schema's minLength does (not UTF-8 bytes: "ÄÄ" is 4 bytes).
    HostileCase(name: "ST02 with 2 non-ASCII characters", input: caseOpened(#""references":[{"type":"transactionSet","value":"ÄÄ"}]"#), path: "$.case.references[0].value", reason: "invalidFormat"),
    HostileCase(name: "javascript URL", input: caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","url":"javascript:alert(1)"}]"#), path: "$.case.documents[0].url", reason: "invalidFormat"),
    HostileCase(name: "URL with user info", input: caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","url":"https://trusted.example@evil.example/x"}]"#), path: "$.case.documents[0].url", reason: "invalidFormat"),
    HostileCase(name: "sha256 not hex", input: caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","sha256":"zz"}]"#), path: "$.case.documents[0].sha256", reason: "invalidFormat"),
    HostileCase(name: "negative size", input: caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","size":-1}]"#), path: "$.case.documents[0].size", reason: "outOfRange"),
    HostileCase(name: "EDI qualifier without id", input: caseOpened(partner: #"{"id":"A","ediQualifier":"01"}"#), path: "$.partner.ediId", reason: "missing"),
    HostileCase(name: "lowercase EDI qualifier", input: caseOpened(partner: #"{"id":"A","ediQualifier":"zz","ediId":"X"}"#), path: "$.partner.ediQualifier", reason: "invalidFormat"),
    HostileCase(name: "EDI id over 15 characters", input: caseOpened(partner: #"{"id":"A","ediQualifier":"ZZ","ediId":"1234567890123456"}"#), path: "$.partner.ediId", reason: "tooLong"),
    HostileCase(name: "garbage locale", input: caseOpened(partner: #"{"id":"A","locale":"en_US.UTF-8"}"#), path: "$.partner.locale", reason: "invalidFormat"),
    HostileCase(name: "duplicated department", input: caseOpened(#""departments":["logistics","logistics"]"#), path: "$.case.departments[1]", reason: "inconsistent"),
    HostileCase(name: "duplicated department in an update", input: #"{"id":"e1","type":"case.updated","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"A"},"case":{"id":"C-1","departments":["legal","logistics","legal"]}}"#, path: "$.case.departments[2]", reason: "inconsistent"),
    HostileCase(name: "action item without case or thread", input: #"{"id":"e1","type":"case.actionItemIdentified","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"A"},"actionItem":{"id":"AI","text":"do it"}}"#, path: "$.caseId", reason: "missingOneOf"),
    HostileCase(name: "partner.added without a name", input: #"{"id":"e1","type":"partner.added","occurredAt":"2026-11-20T14:03:00Z","partner":{"id":"A"},"program":"Std"}"#, path: "$.partner.name", reason: "missing"),
]

@Suite struct HostileInputTests {
    @Test(arguments: hostileCases)
    func refusedWithPathAndReason(_ hostile: HostileCase) throws {
        let error = try #require(decodingError(hostile.input, limits: hostile.limits))
        #expect(error.path.description == hostile.path)
        #expect(reasonName(error.reason) == hostile.reason, "\(error)")
    }

    @Test func thereAreAtLeastFortyCases() {
        #expect(hostileCases.count >= 40)
        #expect(Set(hostileCases.map(\.name)).count == hostileCases.count)
    }

    @Test(arguments: hostileCases)
    func errorDescriptionsAreLogSafe(_ hostile: HostileCase) throws {
        let error = try #require(decodingError(hostile.input, limits: hostile.limits))
        let text = error.description
        #expect(text.count < 400, "descriptions stay short even for 10 MB inputs")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
    }

    @Test func foreignNULIsNamed() throws {
        let error = try #require(decodingError(caseOpened(#""detail":"a\u0000b""#)))
        #expect(error.reason == .forbiddenCharacter(scalar: 0))
        #expect(error.description == "$.case.detail: contains forbidden character U+0000 (NUL)")
    }

    @Test func tooLongReportsLengthAndLimit() throws {
        let error = try #require(decodingError(caseOpened(#""detail":""# + tenMegabytes + #"""#)))
        #expect(error.reason == .tooLong(limit: 200_000, length: 10 << 20))
    }

    @Test func unknownValueListsTheAcceptedOnes() throws {
        let error = try #require(decodingError(caseOpened(#""priority":"critical""#)))
        #expect(error.reason == .unknownValue("critical", allowed: ["urgent", "high", "normal", "low"]))
        #expect(error.field == "priority")
    }

    @Test func hugeNumberLiteralsAreTruncatedInErrors() throws {
        let digits = String(repeating: "9", count: 100_000)
        let error = try #require(
            decodingError(caseOpened(#""documents":[{"id":"D","name":"a.pdf","kind":"other","size":"# + digits + "}]")))
        #expect(error.description.hasPrefix("$.case.documents[0].size: out of range: 9999"))
        #expect(error.description.contains("…"))
        #expect(error.description.count < 200)
        // Floating-point fields quote the literal the same way.
        do {
            let value = try StrictJSONDecoder().decode(Double.self, from: "1" + digits)
            Issue.record("decoded \(value)")
        } catch {
            #expect(reasonName(error.reason) == "outOfRange")
            #expect(error.description.count < 200)
        }
    }

    @Test func hostileKeysAreQuotedSafely() throws {
        let error = try #require(decodingError("{\"a\\u202eb\":1,\"a\\u202eb\":2}"))
        #expect(error.reason == .duplicateKey("a\u{202E}b"))
        #expect(error.description == #"$: duplicate key "a\u{202E}b""#)
    }
}
