import Testing

@testable import tgbridge

/// The hand-written argument reader behind every `tgbridge` command.
@Suite struct CommandRunnerTests {
    @Test func optionsFlagsAndPositionalWords() throws {
        var arguments = Arguments(["sla", "--calendar", "cal.json", "--start=2026-11-25T10:00:00Z", "--verbose", "deadline"])
        let command = arguments.next()
        let verbose = arguments.flag("verbose")
        let calendar = try arguments.option("calendar")
        let start = try arguments.option("start")
        let subcommand = arguments.next()
        #expect(command == "sla")
        #expect(verbose)
        #expect(calendar == "cal.json")
        #expect(start == "2026-11-25T10:00:00Z")
        #expect(subcommand == "deadline")
        #expect(arguments.remaining.isEmpty)
        #expect(throws: UsageError.self) {
            var last = Arguments(["--calendar"])
            _ = try last.option("calendar")
        }
    }

    @Test func doubleDashEndsTheOptions() throws {
        // After `--` every word is positional, even one starting with `--`, and `--` itself is
        // not a word.
        var arguments = Arguments(["validate", "--verbose", "--", "--verbose", "--start", "x"])
        let command = arguments.next()
        let first = arguments.flag("verbose")
        let second = arguments.flag("verbose")
        let start = try arguments.option("start")
        #expect(command == "validate")
        #expect(first)
        #expect(!second)
        #expect(start == nil)
        var words: [String] = []
        #expect(arguments.remaining == ["--verbose", "--start", "x"])
        while let word = arguments.next() { words.append(word) }
        #expect(words == ["--verbose", "--start", "x"])
        #expect(arguments.remaining.isEmpty)
    }

    @Test func doubleDashBeforeStandardInput() async {
        let result = await runTool(["events", "validate", "--verbose", "--", "-"], stdin: "{}\n")
        #expect(result.status == 1)
        #expect(result.out == "line 1: $.id: missing required field\n0 valid, 1 invalid\n")
        #expect(result.err.isEmpty)
    }
}
