import Foundation
import Testing
import TradingGridBridge
@testable import tgbridge

@Suite struct EventsValidateCommandTests {
    let examples = repositoryRoot.appendingPathComponent("Examples/events.jsonl").path
    let mixed = repositoryRoot.appendingPathComponent("Examples/events-mixed.jsonl").path

    @Test func shippedExamplesAreAllValid() async {
        let result = await runTool(["events", "validate", examples])
        #expect(result.status == 0)
        #expect(result.out == "11 valid, 0 invalid\n")
        #expect(result.err.isEmpty)
    }

    @Test func verboseListsEachEvent() async {
        let result = await runTool(["events", "validate", "--verbose", examples])
        #expect(result.outLines.first == "line 1: ok case.opened evt-000123 partner ACME case C-1001")
        #expect(result.outLines.count == 12)
    }

    @Test func mixedFileGivesAVerdictPerLine() async {
        let result = await runTool(["events", "validate", mixed])
        #expect(result.status == 1)
        #expect(
            result.outLines == [
                "line 2: $.occurredAt: not a valid date: missing time-zone offset (Z or ±HH:MM)",
                #"line 3: $.case.amount.currency: not a valid ISO 4217 currency code: "XYZ""#,
                #"line 4: $.type: unknown event type "case.escalated""#,
                "line 6: $: malformed JSON: unexpected end of input in object at byte 35",
                "2 valid, 4 invalid",
            ])
    }

    @Test(arguments: [1, 3, 17, 1 << 16])
    func standardInputStreamsAcrossChunkBoundaries(_ chunkSize: Int) async throws {
        let text = try String(contentsOfFile: mixed, encoding: .utf8)
        let fromFile = await runTool(["events", "validate", mixed])
        let fromStdin = await runTool(["events", "validate", "-"], stdin: text, chunkSize: chunkSize)
        #expect(fromStdin.out == fromFile.out)
        #expect(fromStdin.status == 1)
    }

    @Test func blankLinesAreSkippedAndCRLFIsAccepted() async throws {
        let line = try String(contentsOfFile: examples, encoding: .utf8).split(separator: "\n")[4]
        let result = await runTool(["events", "validate", "-"], stdin: "\n\(line)\r\n   \n\(line)")
        #expect(result.out == "2 valid, 0 invalid\n")
        #expect(result.status == 0)
    }

    @Test func emptyInputIsValid() async {
        let result = await runTool(["events", "validate", "-"], stdin: "")
        #expect(result.out == "0 valid, 0 invalid\n")
        #expect(result.status == 0)
    }

    @Test func oversizedLinesAreReportedWithoutBuffering() throws {
        var source: any ByteSource = MemorySource("{\"a\":\"" + String(repeating: "x", count: 300) + "\"}\n{}\n", chunkSize: 16)
        var out = ""
        let tally = try EventsValidateCommand.validate(
            source: &source, limits: .init(maxDocumentBytes: 100), verbose: false, out: &out)
        #expect(tally == .init(valid: 0, invalid: 2))
        #expect(out.split(separator: "\n").first == "line 1: $: input of 308 bytes exceeds the limit of 100 bytes")
    }

    @Test func usageErrors() async {
        let missing = await runTool(["events", "validate"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("needs a FILE"))
        let extra = await runTool(["events", "validate", examples, "more"])
        #expect(extra.status == 2)
        let unknown = await runTool(["events", "frobnicate"])
        #expect(unknown.status == 2)
        let nothing = await runTool([])
        #expect(nothing.status == 2)
        #expect(nothing.err.contains("usage: tgbridge"))
    }

    @Test func unreadableFileIsAnIOError() async {
        let result = await runTool(["events", "validate", "/nonexistent/events.jsonl"])
        #expect(result.status == 2)
        #expect(result.err.contains("cannot open /nonexistent/events.jsonl"))
    }

    @Test func hostileCommandNamesAreNotEchoedRaw() async {
        let result = await runTool(["\u{1B}[2Jevil"])
        #expect(result.status == 2)
        #expect(!result.err.contains("\u{1B}"))
        // Bidirectional overrides, C1 controls and line separators are escaped too.
        for hostile in ["\u{202E}live", "a\u{85}b", "a\u{2028}b"] {
            let echoed = await runTool([hostile])
            #expect(echoed.status == 2)
            #expect(!echoed.err.unicodeScalars.contains { [0x202E, 0x85, 0x2028].contains($0.value) }, "\(echoed.err)")
        }
    }
}
