import Foundation
import TradingGridBridge
import Testing

@testable import tgbridge

/// `tgbridge sla deadline|elapsed|batch`, run in-process with in-memory input and output.
@Suite struct SLACommandTests {
    /// Mon 09–12 + 13–17, Tue–Thu 09–17, Fri 09–16 in New York; Thanksgiving and Christmas
    /// closed.
    static let calendar = """
        {"timeZone": "America/New_York",
         "weeklyHours": {"monday": [["09:00", "12:00"], ["13:00", "17:00"]], "tuesday": [["09:00", "17:00"]],
                         "wednesday": [["09:00", "17:00"]], "thursday": [["09:00", "17:00"]], "friday": [["09:00", "16:00"]]},
         "holidays": ["2026-11-26", "2026-12-25"]}
        """

    static var calendarLine: String {
        calendar.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    func run(_ arguments: [String], stdin: String = "", chunkSize: Int = 1 << 16) async -> Run {
        var out = ""
        var err = ""
        let status = await CommandRunner().run(
            arguments, stdin: MemorySource(stdin, chunkSize: chunkSize), out: &out, err: &err)
        return Run(status: status, out: out, err: err)
    }

    // MARK: deadline

    @Test func deadlineFromStandardInput() async {
        // Wed 11-25 10:00 EST + 8 h: 7 h Wednesday, Thanksgiving closed, Fri 09:00 + 1 h =
        // 10:00 EST = 15:00Z.
        let result = await run(
            ["sla", "deadline", "--calendar", "-", "--start", "2026-11-25T10:00:00-05:00", "--minutes", "480"],
            stdin: Self.calendar)
        #expect(result.status == 0)
        #expect(result.out == "2026-11-27T15:00:00Z\n")
        #expect(result.err.isEmpty)
    }

    @Test func deadlineFromAFileDropsFractionsOfASecond() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tgbridge-sla-\(UUID().uuidString).json")
        try Data(Self.calendar.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // Mon 11-23 09:00:00.750 EST + 1 min = 09:01:00.750 EST → printed 14:01:00Z.
        let result = await run([
            "sla", "deadline", "--calendar", file.path, "--start=2026-11-23T09:00:00.750-05:00", "--minutes", "1",
        ])
        #expect(result.status == 0)
        #expect(result.out == "2026-11-23T14:01:00Z\n")
    }

    @Test func deadlineUsageErrors() async {
        let missing = await run(["sla", "deadline", "--calendar", "-", "--minutes", "5"], stdin: Self.calendar)
        #expect(missing.status == 2)
        #expect(missing.err == "tgbridge: missing --start\n")
        let badStart = await run(
            ["sla", "deadline", "--calendar", "-", "--start", "2026-11-25 10:00", "--minutes", "5"], stdin: Self.calendar)
        #expect(badStart.status == 2)
        #expect(badStart.err == "tgbridge: --start \"2026-11-25 10:00\": expected 'T' between date and time\n")
        let negative = await run(
            ["sla", "deadline", "--calendar", "-", "--start", "2026-11-25T10:00:00Z", "--minutes", "-5"], stdin: Self.calendar)
        #expect(negative.status == 2)
        #expect(negative.err == "tgbridge: --minutes needs a whole number of minutes, 0 or more\n")
        let extra = await run(
            ["sla", "deadline", "--calendar", "-", "--start", "2026-11-25T10:00:00Z", "--minutes", "5", "--fast"],
            stdin: Self.calendar)
        #expect(extra.status == 2)
        #expect(extra.err == "tgbridge: unexpected arguments: --fast\n")
        let noFile = await run(["sla", "deadline", "--calendar", "/nonexistent/calendar.json", "--start", "2026-11-25T10:00:00Z", "--minutes", "5"])
        #expect(noFile.status == 2)
        #expect(noFile.err.hasPrefix("tgbridge: cannot open /nonexistent/calendar.json"))
        let noSubcommand = await run(["sla"])
        #expect(noSubcommand.status == 2)
        #expect(noSubcommand.err == "tgbridge: unknown or missing sla subcommand (deadline, elapsed, batch)\n")
    }

    @Test func anInvalidCalendarListsEveryProblem() async {
        let calendar = #"{"timeZone": "Mars/Olympus", "weeklyHours": {"monday": [["09:00", "12:00"], ["11:00", "13:00"]]}}"#
        let result = await run(
            ["sla", "deadline", "--calendar", "-", "--start", "2026-11-25T10:00:00Z", "--minutes", "5"], stdin: calendar)
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(
            result.err == """
                tgbridge: invalid calendar -:
                  $.timeZone: invalid format: expected an IANA time zone identifier such as America/New_York ("Mars/Olympus" is unknown)
                  $.weeklyHours.monday[1]: inconsistent: window 11:00–13:00 overlaps window [0] 09:00–12:00

                """)
    }

    // MARK: elapsed

    @Test func elapsedPrintsWholeSeconds() async {
        // Mon 11-23 → Mon 11-30: 7 + 8 + 8 + 0 + 7 = 30 h = 108,000 s.
        let week = await run(
            ["sla", "elapsed", "--calendar", "-", "--start", "2026-11-23T00:00:00-05:00", "--end", "2026-11-30T00:00:00-05:00"],
            stdin: Self.calendar)
        #expect(week.status == 0)
        #expect(week.out == "108000\n")
        // Mon 09:00:00 → 09:00:01.999 is 1.999 s, printed rounded down: 1.
        let short = await run(
            ["sla", "elapsed", "--calendar", "-", "--start", "2026-11-23T09:00:00-05:00", "--end", "2026-11-23T09:00:01.999-05:00"],
            stdin: Self.calendar)
        #expect(short.out == "1\n")
        // An end before the start is zero.
        let backwards = await run(
            ["sla", "elapsed", "--calendar", "-", "--start", "2026-11-24T00:00:00Z", "--end", "2026-11-23T00:00:00Z"],
            stdin: Self.calendar)
        #expect(backwards.out == "0\n")
        let missingEnd = await run(["sla", "elapsed", "--calendar", "-", "--start", "2026-11-24T00:00:00Z"], stdin: Self.calendar)
        #expect(missingEnd.status == 2)
        #expect(missingEnd.err == "tgbridge: missing --end\n")
    }

    // MARK: batch

    @Test func batchAnswersEveryLineInOrder() async {
        let calendar = Self.calendarLine
        let input = [
            // Wed 10:00 + 8 h → Fri 10:00 EST.
            #"{"calendar": \#(calendar), "start": "2026-11-25T10:00:00-05:00", "minutes": 480}"#,
            // Thanksgiving week: 30 h.
            #"{"calendar": \#(calendar), "start": "2026-11-23T00:00:00-05:00", "end": "2026-11-30T00:00:00-05:00"}"#,
            "",
            "not json",
            #"{"calendar": {"timeZone": "UTC"}, "start": "yesterday", "minutes": -1, "extra": true}"#,
            #"{"calendar": \#(calendar), "start": "2026-11-25T10:00:00Z", "minutes": 1.5}"#,
            #"{"calendar": \#(calendar), "start": "2026-11-25T10:00:00Z"}"#,
            #"{"calendar": \#(calendar), "start": "2026-11-25T10:00:00Z", "minutes": 1, "end": "2026-11-25T11:00:00Z"}"#,
            "[1]",
            // Mon 11-23 12:30 (lunch) + 30 min → 13:30 EST = 18:30Z; no trailing newline.
            #"{"calendar": \#(calendar), "start": "2026-11-23T12:30:00-05:00", "minutes": 30}"#,
        ].joined(separator: "\n")
        let result = await run(["sla", "batch"], stdin: input, chunkSize: 7)
        #expect(result.status == 1)
        #expect(
            result.out.split(separator: "\n", omittingEmptySubsequences: false) == [
                #"{"deadline":"2026-11-27T15:00:00Z"}"#,
                #"{"elapsedSeconds":108000}"#,
                #"{"error":"$: must not be empty"}"#,
                #"{"error":"$: malformed JSON: invalid literal at byte 0"}"#,
                #"{"error":"$.extra: unknown value \"extra\" (expected one of: calendar, start, minutes, end); $.calendar.weeklyHours: missing required field; $.start: not a valid date: expected 4 digits for the year; $.minutes: out of range: -1 is negative"}"#,
                #"{"error":"$.minutes: out of range: 1.5 is not a whole number of minutes"}"#,
                #"{"error":"$: one of minutes, end is required"}"#,
                #"{"error":"$.end: inconsistent: give either minutes or end, not both"}"#,
                #"{"error":"$: expected object, found array"}"#,
                #"{"deadline":"2026-11-23T18:30:00Z"}"#,
                "",
            ])
        #expect(result.err.isEmpty)
    }

    @Test func batchOfValidLinesSucceedsAndReusesCalendars() async {
        // The same calendar on 2,000 lines: one validation, 2,000 answers. Start Mon 11-23
        // 09:00 EST + i minutes stays in the 09–12 window for i < 180.
        let lines = (0..<2000).map { index in
            #"{"calendar": \#(Self.calendarLine), "start": "2026-11-23T09:00:00-05:00", "minutes": \#(index % 180)}"#
        }
        let result = await run(["sla", "batch"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(result.status == 0)
        let answers = result.out.split(separator: "\n")
        #expect(answers.count == 2000)
        // Line 61: 60 minutes → 10:00 EST = 15:00Z.
        #expect(answers[60] == #"{"deadline":"2026-11-23T15:00:00Z"}"#)
        #expect(answers[179] == #"{"deadline":"2026-11-23T16:59:00Z"}"#)
    }

    @Test func batchQuotesHugeMinuteLiteralsShortly() async {
        let digits = String(repeating: "9", count: 100_000)
        let input = [
            #"{"calendar": \#(Self.calendarLine), "start": "2026-11-25T10:00:00Z", "minutes": \#(digits)}"#,
            #"{"calendar": \#(Self.calendarLine), "start": "2026-11-25T10:00:00Z", "minutes": 1.\#(digits)}"#,
        ].joined(separator: "\n")
        let result = await run(["sla", "batch"], stdin: input)
        #expect(result.status == 1)
        let answers = result.out.split(separator: "\n").map(String.init)
        #expect(answers.count == 2)
        #expect(answers.allSatisfy { $0.count < 200 })
        #expect(answers.first?.hasPrefix(#"{"error":"$.minutes: out of range: 9999"#) == true)
        #expect(answers.first?.hasSuffix(#"… is too large"}"#) == true)
        #expect(answers.last?.hasSuffix(#"… is not a whole number of minutes"}"#) == true)
    }

    @Test func batchReportsOversizedLines() async {
        var source: any ByteSource = MemorySource(String(repeating: " ", count: 100) + "\n" + "{}\n", chunkSize: 16)
        var out = ""
        var err = ""
        let status = try? SLACommand.batch(
            source: &source, limits: .init(maxDocumentBytes: 50), out: &out, err: &err)
        #expect(status == 1)
        #expect(
            out == """
                {"error":"$: input of 100 bytes exceeds the limit of 50 bytes"}
                {"error":"$.calendar: missing required field; $.start: missing required field; $: one of minutes, end is required"}

                """)
    }

    /// Calendars are cached by their JSON. The cache is bounded by bytes as well as by count:
    /// 256 distinct calendars of 16 MB each must not all stay in memory.
    @Test func batchCalendarCacheStaysWithinItsByteBudget() {
        var cache = SLACommand.CalendarCache(capacity: 256, byteBudget: 10_000)
        let padding = String(repeating: "x", count: 1000)
        func line(_ index: Int) -> [UInt8] {
            // A distinct, invalid calendar (an unknown member) on a line of about 1.1 KB.
            Array(
                #"{"calendar": {"timeZone": "UTC", "weeklyHours": {"monday": [["09:00", "17:00"]]}, "note\#(index)": "\#(padding)"}, "start": "2026-11-23T09:00:00Z", "minutes": 1}"#
                    .utf8)
        }
        for index in 0..<50 {
            let answer = SLACommand.answer(line(index), limits: .default, cache: &cache)
            #expect(answer.error?.contains("$.calendar.note\(index): unknown value") == true)
            #expect(cache.byteCount <= 10_000)
            #expect(cache.count <= 9)
        }
        #expect(cache.validations == 50)
        // A calendar still cached is not validated again.
        _ = SLACommand.answer(line(49), limits: .default, cache: &cache)
        #expect(cache.validations == 50)
        // A line larger than the whole budget is answered but not kept.
        var small = SLACommand.CalendarCache(capacity: 256, byteBudget: 500)
        #expect(SLACommand.answer(line(1), limits: .default, cache: &small).error != nil)
        #expect(small.count == 0 && small.byteCount == 0)
    }

    /// The same calendar on many lines is validated once.
    @Test func batchValidatesARepeatedCalendarOnce() {
        var cache = SLACommand.CalendarCache()
        for index in 0..<100 {
            let line = #"{"calendar": \#(Self.calendarLine), "start": "2026-11-23T09:00:00-05:00", "minutes": \#(index)}"#
            #expect(SLACommand.answer(Array(line.utf8), limits: .default, cache: &cache).deadline != nil)
        }
        #expect(cache.validations == 1)
        #expect(cache.count == 1)
    }
}
