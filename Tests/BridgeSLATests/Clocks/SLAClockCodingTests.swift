import BridgeModels
import BridgeSLA
import Foundation
import Testing

@Suite struct SLAClockCodingTests {
    static let persisted = """
        {"id": "C-1001/resolution", "caseId": "C-1001", "metric": "resolution", "calendar": "us-east", "escalation": "finance",
         "warnings": {"percentages": [50, 75, 100], "minutesBeforeBreach": []},
         "cycles": [
           {"number": 1, "startedAt": "2026-03-02T09:00:00Z", "targetMilliseconds": 14400000,
            "targetChanges": [{"at": "2026-03-02T09:30:00Z", "targetMilliseconds": 10800000}],
            "pauses": [{"start": "2026-03-02T10:00:00Z", "end": "2026-03-02T11:30:00Z"}],
            "endedAt": "2026-03-02T12:00:00Z", "end": "stopped"},
           {"number": 2, "startedAt": "2026-03-03T09:00:00Z", "targetMilliseconds": 7200000,
            "pauses": [{"start": "2026-03-03T09:30:00Z"}], "acknowledgements": ["2026-03-03T09:10:00Z"]}
         ]}
        """

    func decode(_ json: String) throws(InputError) -> SLAClock {
        try StrictJSONDecoder().decode(SLAClock.self, from: json)
    }

    @Test func decodesAPersistedClock() throws {
        let clock = try decode(Self.persisted)
        #expect(clock.id == "C-1001/resolution")
        #expect(clock.calendarName == "us-east")
        #expect(clock.ladderName == "finance")
        #expect(clock.cycles.count == 2)
        #expect(clock.cycles[0].end == .stopped)
        #expect(clock.currentCycle.isPaused)
        #expect(clock.currentCycle.acknowledgements == [at("2026-03-03T09:10:00Z")])
        // Cycle 1: 09:00–10:00 and 11:30–12:00 ran: 90 min of 4 h, changed to 3 h at 09:30, met.
        #expect(clock.cycles[0].initialTarget == hours(4))
        #expect(clock.cycles[0].targetChanges.map(\.at) == [at("2026-03-02T09:30:00Z")])
        #expect(clock.cycles[0].target == hours(3))
        let first = clock.status(at: at("2026-03-04T00:00:00Z"), calendar: BusinessCalendar.twentyFourSeven, cycle: 1)
        #expect(first.state == .met)
        #expect(first.elapsed == minutes(90))
        #expect(first.target == hours(3))
        // A cycle stored without target changes (as before they were recorded) has none.
        #expect(clock.cycles[1].targetChanges.isEmpty)
        #expect(clock.cycles[1].target == hours(2))
        #expect(try decode(try StableJSON.string(clock)) == clock)
    }

    @Test(arguments: [
        (#""end": "stopped"}"#, #""end": "finished"}"#, "$.cycles[0].end", "unknown value"),
        (#", "end": "stopped"}"#, "}", "$.cycles[0].end", "missing"),
        (#""number": 2"#, #""number": 3"#, "$.cycles[1].number", "numbered"),
        (#""targetMilliseconds": 7200000"#, #""targetMilliseconds": 0"#, "$.cycles[1].targetMilliseconds", "out of range"),
        (#""targetMilliseconds": 7200000"#, #""targetMilliseconds": 1.5"#, "$.cycles[1].targetMilliseconds", "integer"),
        (#""start": "2026-03-02T10:00:00Z""#, #""start": "2026-03-02T08:00:00Z""#, "$.cycles[0].pauses[0].start", "in order"),
        (#""end": "2026-03-02T11:30:00Z""#, #""end": "2026-03-02T09:30:00Z""#, "$.cycles[0].pauses[0].end", "before it starts"),
        (#", "end": "2026-03-02T11:30:00Z"}"#, "}", "$.cycles[0].pauses[0].end", "missing"),
        (#""endedAt": "2026-03-02T12:00:00Z""#, #""endedAt": "2026-03-02T11:00:00Z""#, "$.cycles[0].endedAt", "last transition"),
        (#""startedAt": "2026-03-03T09:00:00Z""#, #""startedAt": "2026-03-02T11:00:00Z""#, "$.cycles[1].startedAt", "before the previous"),
        (#""acknowledgements": ["2026-03-03T09:10:00Z"]"#, #""acknowledgements": ["2026-03-03"]"#, "$.cycles[1].acknowledgements[0]", "not a valid date"),
        (#""acknowledgements": ["2026-03-03T09:10:00Z"]"#, #""acknowledgements": ["2026-03-01T09:10:00Z"]"#, "$.cycles[1].acknowledgements[0]", "inside the cycle"),
        (#""metric": "resolution""#, #""metric": "resolutionTime""#, "$.metric", "unknown value"),
        (#""at": "2026-03-02T09:30:00Z""#, #""at": "2026-03-02T08:30:00Z""#, "$.cycles[0].targetChanges[0].at", "inside the cycle"),
        (#""at": "2026-03-02T09:30:00Z""#, #""at": "2026-03-02T12:00:00.001Z""#, "$.cycles[0].targetChanges[0].at", "inside the cycle"),
        (#""at": "2026-03-02T09:30:00Z", "#, "", "$.cycles[0].targetChanges[0].at", "missing"),
        (#""at": "2026-03-02T09:30:00Z""#, #""at": "09:30""#, "$.cycles[0].targetChanges[0].at", "not a valid date"),
        (
            #""targetMilliseconds": 10800000}"#, #""targetMilliseconds": 10800000}, {"at": "2026-03-02T09:20:00Z", "targetMilliseconds": 1}"#,
            "$.cycles[0].targetChanges[1].at", "in order"
        ),
        (#""targetMilliseconds": 10800000"#, #""targetMilliseconds": 0"#, "$.cycles[0].targetChanges[0].targetMilliseconds", "out of range"),
        (
            #""targetMilliseconds": 10800000"#, #""targetMilliseconds": 315360000001"#,
            "$.cycles[0].targetChanges[0].targetMilliseconds", "out of range"
        ),
        (#""targetMilliseconds": 10800000}"#, #""targetMilliseconds": 10800000, "by": "x"}"#, "$.cycles[0].targetChanges[0].by", "unknown value"),
        (#""calendar": "us-east""#, #""calender": "us-east""#, "$.calender", "unknown value"),
    ])
    func refusesInconsistentHistory(original: String, replacement: String, path: String, reason: String) {
        #expect(Self.persisted.contains(original), "the mutation must apply")
        let json = Self.persisted.replacingOccurrences(of: original, with: replacement)
        expectInputError(path: path, reason: reason) { () throws(InputError) in try decode(json) }
    }

    /// Target changes are stored only when there are any, and at most 10,000 per cycle decode.
    @Test func targetChangesAreStoredOnlyWhenThereAreAny() throws {
        var clock = SLAClock(caseId: "C-1", metric: .resolution, target: hours(8), startedAt: at("2026-03-02T09:00:00Z"))
        #expect(try !StableJSON.string(clock).contains("targetChanges"))
        try clock.changeTarget(to: hours(4), at: at("2026-03-02T14:00:00Z"))
        try clock.changeTarget(to: hours(6), at: at("2026-03-02T15:00:00Z"))
        let json = try StableJSON.string(clock)
        #expect(
            json.contains(
                #""targetChanges":[{"at":"2026-03-02T14:00:00Z","targetMilliseconds":14400000},{"at":"2026-03-02T15:00:00Z","targetMilliseconds":21600000}]"#
            ))
        let decoded = try decode(json)
        #expect(decoded == clock)
        #expect(decoded.status(at: at("2026-03-02T15:00:00Z"), calendar: BusinessCalendar.twentyFourSeven).breachedAt == at("2026-03-02T14:00:00Z"))

        let change = #"{"at": "2026-03-02T09:30:00Z", "targetMilliseconds": 10800000}"#
        let tooMany = Self.persisted.replacingOccurrences(
            of: #""targetChanges": [\#(change)]"#,
            with: #""targetChanges": ["# + Array(repeating: change, count: 10_001).joined(separator: ",") + "]")
        #expect(tooMany != Self.persisted)
        expectInputError(path: "$.cycles[0].targetChanges", reason: "too many items") { () throws(InputError) in try decode(tooMany) }
    }

    @Test func targetsAreClampedToTheSupportedRange() {
        let tiny = SLAClock(caseId: "C-1", metric: .resolution, target: .zero, startedAt: at("2026-03-02T09:00:00Z"))
        #expect(tiny.currentCycle.target == .milliseconds(1))
        let huge = SLAClock(caseId: "C-1", metric: .resolution, target: .seconds(Int64.max / 4), startedAt: at("2026-03-02T09:00:00Z"))
        #expect(huge.currentCycle.target == SLAClock.maximumTarget)
    }

    /// A persisted clock must decode again: the store reads it back on every transition and
    /// the index is rebuilt from every stored clock at start-up.
    @Test func aClockForTheLongestValidCaseIdDecodesAgain() throws {
        let caseId = try CaseID.validated(String(repeating: "C", count: InputLimits.default.identifier))
        for metric in SLAMetric.allCases {
            let clock = SLAClock(caseId: caseId, metric: metric, target: hours(4), startedAt: at("2026-03-02T09:00:00Z"))
            #expect(try decode(try StableJSON.string(clock)) == clock, "\(metric)")
        }
    }

    /// Team and partner calendar names come from the host's calendar dictionary, not from the
    /// validated configuration, so they need not be tokens.
    @Test func aClockMeasuringInAHostNamedCalendarDecodesAgain() throws {
        let configuration = SLAConfiguration(policies: [SLAPolicy(name: "default", targets: [.resolution: SLATarget(minutes: 60)])])
        let applied = try #require(
            try configuration.resolve(
                for: CaseProfile(kind: .dispute), partnerCalendar: "24x7 Acme (EMEA)",
                calendars: ["24x7 Acme (EMEA)": .twentyFourSeven]))
        let clock = try #require(applied.startClocks(for: "C-1", at: at("2026-03-02T09:00:00Z")).first)
        #expect(clock.calendarName == "24x7 Acme (EMEA)")
        #expect(try decode(try StableJSON.string(clock)) == clock)
    }

    /// Thresholds built in code need not be sorted or in range; the persisted clock must still
    /// decode, and warn exactly as before.
    @Test func aClockWithUnorderedThresholdsDecodesAgainAndWarnsAlike() throws {
        let warnings = WarningThresholds(percentages: [75, 50, 50, 0, 150, 100], minutesBeforeBreach: [30, 120, 30, -5, Int.max])
        let clock = SLAClock(
            caseId: "C-1", metric: .resolution, target: hours(4), startedAt: at("2026-03-02T09:00:00Z"), warnings: warnings)
        let decoded = try decode(try StableJSON.string(clock))
        #expect(decoded.warnings.thresholds == warnings.thresholds)
        #expect(decoded.warnings.percentages == [50, 75, 100])
        #expect(decoded.warnings.minutesBeforeBreach == [30, 120])
        let calendar = BusinessCalendar.twentyFourSeven
        let original = clock.dueActions(from: nil, to: at("2026-03-03T00:00:00Z"), calendar: calendar)
        #expect(original.count == 5)
        #expect(decoded.dueActions(from: nil, to: at("2026-03-03T00:00:00Z"), calendar: calendar) == original)
    }

    /// A persisted cycle holds at most 10,000 pauses and 10,000 acknowledgements, and a clock
    /// at most 10,000 cycles. A case toggled between statuses without end must not grow a clock
    /// past what decodes: the transition that would is refused, and nothing changes.
    @Test func historyStopsGrowingAtWhatDecodes() throws {
        let limit = 10_000
        var clock = SLAClock(caseId: "C-1", metric: .partnerUpdate, target: hours(4), startedAt: at("2026-03-02T09:00:00Z"))
        var instant = at("2026-03-02T09:00:00Z")
        for _ in 0..<limit {
            try clock.pause(at: instant)
            instant = instant.plus(milliseconds: 1)
            try clock.resume(at: instant)
            try clock.acknowledge(at: instant)
        }
        let full = clock
        #expect(throws: SLAClockError.historyFull(limit: limit)) { try clock.pause(at: instant) }
        #expect(throws: SLAClockError.historyFull(limit: limit)) { try clock.acknowledge(at: instant.plus(minutes(1))) }
        #expect(throws: SLAClockError.historyFull(limit: limit)) { try clock.apply(status: .awaitingPartner, at: instant) }
        #expect(clock == full)
        #expect(try decode(try StableJSON.string(clock)) == clock)

        var cycles = SLAClock(caseId: "C-2", metric: .partnerUpdate, target: hours(4), startedAt: at("2026-03-02T09:00:00Z"))
        for _ in 1..<limit { try cycles.stopAndStartNewCycle(at: instant) }
        #expect(cycles.cycles.count == limit)
        let allCycles = cycles
        #expect(throws: SLAClockError.historyFull(limit: limit)) { try cycles.stopAndStartNewCycle(at: instant) }
        // Refused as a whole: the current cycle is not stopped either.
        #expect(cycles == allCycles)
        try cycles.stop(at: instant)
        #expect(throws: SLAClockError.historyFull(limit: limit)) { try cycles.startNewCycle(at: instant) }
        #expect(throws: SLAClockError.historyFull(limit: limit)) { try cycles.apply(status: .open, at: instant) }
        #expect(try decode(try StableJSON.string(cycles)) == cycles)
    }

    /// Instants from the host are clamped to 0001-01-01T00:00:00Z ... `Date.distantFuture`: no
    /// trap on infinite, NaN or absurd dates, and the persisted clock stays within the years
    /// RFC 3339 writes and reads.
    @Test func extremeInstantsAreClampedNotTrapped() throws {
        let calendar = BusinessCalendar.twentyFourSeven
        var clock = SLAClock(
            caseId: "C-1", metric: .resolution, target: hours(4), startedAt: Date(timeIntervalSince1970: -.infinity))
        #expect(clock.currentCycle.startedAt == at("0001-01-01T00:00:00Z"))
        try clock.pause(at: Date(timeIntervalSince1970: .nan))
        try clock.resume(at: Date(timeIntervalSince1970: 1e12))  // year 33658
        #expect(clock.currentCycle.pauses.first?.end == .distantFuture)
        // Paused from the first instant to the last: no business time ever ran.
        let status = clock.status(at: Date(timeIntervalSince1970: .infinity), calendar: calendar)
        #expect(status.evaluatedAt == .distantFuture)
        #expect(status.elapsed == .zero)
        #expect(try decode(try StableJSON.string(clock)) == clock)
        #expect(clock.dueActions(from: Date(timeIntervalSince1970: -1e300), to: Date(timeIntervalSince1970: 1e300), calendar: calendar).isEmpty)
        var index = DueActionIndex()
        index.update("far", nextDue: Date(timeIntervalSince1970: 1e300))
        #expect(index.nextDue(of: "far") == .distantFuture)
        #expect(index.due(upTo: Date(timeIntervalSince1970: .infinity)).count == 1)
    }
}
