import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// Seeded property tests over 24/7 time and the even-hours fake. Seeds are fixed; nothing uses
/// wall-clock randomness.
@Suite struct SLAClockPropertyTests {
    static let origin = at("2026-03-02T00:00:00Z").epochMilliseconds
    static let day: Int64 = 86_400_000

    static func randomInstant(after base: Int64, within span: Int64, using random: inout SplitMix64) -> Int64 {
        base + Int64.random(in: 0...span, using: &random)
    }

    /// A clock with a random start and target and a random history of pauses and resumes, all
    /// at or before the returned instant.
    static func randomClock(using random: inout SplitMix64) -> (clock: SLAClock, last: Int64) {
        let start = randomInstant(after: origin, within: 7 * day, using: &random)
        let target = Duration.milliseconds(Int64.random(in: 60_000...(3 * day), using: &random))
        var clock = SLAClock(
            caseId: CaseID("C-\(random.next() % 1000)"), metric: .resolution, target: target, startedAt: Date(epochMilliseconds: start),
            warnings: WarningThresholds(percentages: [50, 75], minutesBeforeBreach: [30]))
        var instant = start
        for step in 0..<Int.random(in: 0...6, using: &random) {
            instant += Int64.random(in: 0...(day / 2), using: &random)
            let when = Date(epochMilliseconds: instant)
            do {
                if step % 2 == 0 { try clock.pause(at: when) } else { try clock.resume(at: when) }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        return (clock, instant)
    }

    func pausingAddsThePausedBusinessTime(_ calendar: some BusinessTimeMeasuring, seed: UInt64, plainTime: Bool) throws {
        var random = SplitMix64(seed: seed)
        var checked = 0
        defer { #expect(checked > 250) }
        for _ in 0..<300 {
            let start = Self.randomInstant(after: Self.origin, within: 7 * Self.day, using: &random)
            let target = Duration.milliseconds(Int64.random(in: 1...(3 * Self.day), using: &random))
            var clock = SLAClock(caseId: "C-1", metric: .resolution, target: target, startedAt: Date(epochMilliseconds: start))
            let deadline = try #require(clock.status(at: Date(epochMilliseconds: start), calendar: calendar).deadline)
            let pauseStart = start + Int64.random(in: 0..<max(1, deadline.epochMilliseconds - start), using: &random)
            let pauseEnd = pauseStart + Int64.random(in: 0...(5 * Self.day), using: &random)
            guard pauseStart < deadline.epochMilliseconds else { continue }
            try clock.pause(at: Date(epochMilliseconds: pauseStart))
            try clock.resume(at: Date(epochMilliseconds: pauseEnd))
            let moved = try #require(clock.status(at: Date(epochMilliseconds: pauseEnd), calendar: calendar).deadline)
            let pausedBusinessTime = calendar.elapsed(
                from: Date(epochMilliseconds: pauseStart), to: Date(epochMilliseconds: pauseEnd))
            #expect(moved == calendar.deadline(start: deadline, adding: pausedBusinessTime))
            checked += 1
            if plainTime {
                #expect(moved.epochMilliseconds - deadline.epochMilliseconds == pauseEnd - pauseStart)
            }
        }
    }

    @Test func pausingAddsThePausedBusinessTimeToTheBreachInstant() throws {
        try pausingAddsThePausedBusinessTime(BusinessCalendar.twentyFourSeven, seed: 1, plainTime: true)
        try pausingAddsThePausedBusinessTime(EvenHoursCalendar(), seed: 2, plainTime: false)
    }

    func percentIsMonotone(_ calendar: some BusinessTimeMeasuring, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let (clock, last) = Self.randomClock(using: &random)
            let start = clock.currentCycle.startedAt.epochMilliseconds
            let instants = (0..<40).map { _ in Self.randomInstant(after: start, within: last - start + 3 * Self.day, using: &random) }
                .sorted()
            var previous: SLAClockStatus?
            for instant in instants {
                let status = clock.status(at: Date(epochMilliseconds: instant), calendar: calendar)
                #expect(status.elapsed <= status.wallClockElapsed)
                #expect(status.remaining == status.target - status.elapsed)
                if let previous {
                    #expect(status.percentUsed >= previous.percentUsed)
                    if previous.isPaused && status.isPaused && previous.pausedTime != .zero
                        && status.wallClockElapsed == previous.wallClockElapsed
                    {
                        #expect(status.percentUsed == previous.percentUsed)
                    }
                }
                previous = status
            }
        }
    }

    @Test func percentUsedNeverDecreases() {
        percentIsMonotone(BusinessCalendar.twentyFourSeven, seed: 3)
        percentIsMonotone(EvenHoursCalendar(), seed: 4)
    }

    static let ladder = EscalationLadder(levels: [
        EscalationLevel(at: .percentOfTarget(60), [.notify(.assignee), .remind(.assignee, everyMinutes: 45)]),
        EscalationLevel(at: .minutesAfterBreach(0), [.raisePriority(steps: 1), .remind(.manager, everyMinutes: 90)]),
        EscalationLevel(at: .minutesAfterBreach(600), [.createTask(template: "breach-review")]),
    ])

    func partitionsReportEveryPointOnce(_ calendar: some BusinessTimeMeasuring, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let profile = CaseProfile(kind: .dispute, priority: .normal)
        for _ in 0..<150 {
            let (clock, last) = Self.randomClock(using: &random)
            let start = clock.currentCycle.startedAt.epochMilliseconds
            let end = last + 4 * Self.day
            let whole = clock.dueActions(
                from: nil, to: Date(epochMilliseconds: end), calendar: calendar, ladder: Self.ladder, profile: profile)
            var cuts = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                Self.randomInstant(after: start, within: end - start, using: &random)
            }
            cuts.append(end)
            cuts.sort()
            var pieces: [SLADueAction] = []
            var from: Date?
            for cut in cuts {
                let to = Date(epochMilliseconds: cut)
                pieces += clock.dueActions(from: from, to: to, calendar: calendar, ladder: Self.ladder, profile: profile)
                from = to
            }
            func isReminder(_ action: SLADueAction) -> Bool {
                if case .reminder = action.kind { return true }
                return false
            }
            #expect(Set(pieces.map(\.id)).count == pieces.count)
            #expect(pieces.filter { !isReminder($0) } == whole.filter { !isReminder($0) })
            // Reminders: the latest one is the same, and the pieces' reminders account for
            // every reminder number up to it (each reported or counted as skipped).
            for level in [1, 2] {
                func reminders(_ actions: [SLADueAction]) -> [(number: Int, skipped: Int)] {
                    actions.compactMap { action in
                        if case .reminder(level, let number, _, let skipped) = action.kind { return (number, skipped) }
                        return nil
                    }
                }
                let wholeReminders = reminders(whole)
                let pieceReminders = reminders(pieces)
                #expect(wholeReminders.count <= 1)
                #expect(wholeReminders.last?.number == pieceReminders.last?.number)
                #expect(pieceReminders.reduce(0) { $0 + 1 + $1.skipped } == wholeReminders.reduce(0) { $0 + 1 + $1.skipped })
            }
        }
    }

    @Test func successiveIntervalsReportEveryPointExactlyOnce() {
        partitionsReportEveryPointOnce(BusinessCalendar.twentyFourSeven, seed: 5)
        partitionsReportEveryPointOnce(EvenHoursCalendar(), seed: 6)
    }

    func nextDueMatchesDueActions(_ calendar: some BusinessTimeMeasuring, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let profile = CaseProfile(kind: .dispute)
        var withNext = 0
        defer { #expect(withNext > 100) }
        for _ in 0..<200 {
            var (clock, last) = Self.randomClock(using: &random)
            if Bool.random(using: &random) {
                // Acknowledge somewhere after the last transition.
                last += Int64.random(in: 0...Self.day, using: &random)
                _ = try? clock.acknowledge(at: Date(epochMilliseconds: last))
            }
            let now = Date(epochMilliseconds: last + Int64.random(in: 0...(2 * Self.day), using: &random))
            let next = clock.nextDueDate(after: now, calendar: calendar, ladder: Self.ladder)
            guard let next else {
                // Paused, ended, or everything past and every reminder acknowledged.
                let later = now.plus(.seconds(365 * 86_400))
                #expect(clock.dueActions(from: now, to: later, calendar: calendar, ladder: Self.ladder, profile: profile).isEmpty)
                continue
            }
            #expect(next > now)
            withNext += 1
            let atNext = clock.dueActions(from: now, to: next, calendar: calendar, ladder: Self.ladder, profile: profile)
            #expect(!atNext.isEmpty)
            #expect(atNext.allSatisfy { $0.dueAt == next })
            let justBefore = clock.dueActions(
                from: now, to: next.plus(milliseconds: -1), calendar: calendar, ladder: Self.ladder, profile: profile)
            #expect(justBefore.isEmpty)
        }
    }

    @Test func nextDueDateIsTheFirstInstantWithDueActions() {
        nextDueMatchesDueActions(BusinessCalendar.twentyFourSeven, seed: 7)
        nextDueMatchesDueActions(EvenHoursCalendar(), seed: 8)
    }

    /// Reminders of `level` as the numbers they stand for: reminder `n` with `skipped` earlier
    /// ones stands for `n - skipped ... n`.
    static func reminderNumbers(_ actions: [SLADueAction], level: Int) -> [Int] {
        actions.flatMap { action -> [Int] in
            if case .reminder(level, let number, _, let skipped) = action.kind { return Array((number - skipped)...number) }
            return []
        }
    }

    static func isReminder(_ action: SLADueAction) -> Bool {
        if case .reminder = action.kind { return true }
        return false
    }

    /// Target changes, pauses, resumes, acknowledgements and new cycles interleaved with
    /// evaluations at increasing instants, as an engine records and sweeps them: the actions
    /// reported interval by interval are exactly those one evaluation over the whole span
    /// reports (no id lost, none twice, the same instants), and before every interval
    /// `nextDueDate` says when its first action is reported.
    ///
    /// Changes and pauses may share the instant of the last evaluation (recorded after it);
    /// acknowledgements come strictly after it, since one at an evaluated instant would stop a
    /// reminder that evaluation already reported.
    func splitEvaluationsMatchOneEvaluation(_ calendar: some BusinessTimeMeasuring, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let profile = CaseProfile(kind: .dispute, priority: .normal)
        var changes = 0
        var dueAtTheChange = 0
        var dueAtTheStartOfTheInterval = 0
        for _ in 0..<120 {
            let start = Self.randomInstant(after: Self.origin, within: 7 * Self.day, using: &random)
            var clock = SLAClock(
                caseId: CaseID("C-\(random.next() % 1000)"), metric: .resolution,
                target: .milliseconds(Int64.random(in: 3_600_000...(2 * Self.day), using: &random)),
                startedAt: Date(epochMilliseconds: start), warnings: WarningThresholds(percentages: [50, 75], minutesBeforeBreach: [30]))
            var now = start
            var evaluatedThrough: Int64?
            var changeInstants: Set<Int64> = []
            var pieces: [SLADueAction] = []
            func evaluate(to instant: Int64) {
                let from = evaluatedThrough.map(Date.init(epochMilliseconds:))
                let to = Date(epochMilliseconds: instant)
                let next = clock.nextDueDate(after: from ?? Date(epochMilliseconds: start - 1), calendar: calendar, ladder: Self.ladder)
                let due = clock.dueActions(from: from, to: to, calendar: calendar, ladder: Self.ladder, profile: profile)
                // nextDueDate is the first `to` that reports anything.
                #expect(due.isEmpty == (next.map { $0 > to } ?? true))
                if let next, next <= to {
                    let before = clock.dueActions(
                        from: from, to: next.plus(milliseconds: -1), calendar: calendar, ladder: Self.ladder, profile: profile)
                    #expect(before.isEmpty)
                }
                for action in due {
                    #expect(action.dueAt <= to)
                    // Due at the start of the interval only when a change at that instant made it due.
                    if let from, action.dueAt <= from {
                        #expect(action.dueAt == from && changeInstants.contains(action.dueAt.epochMilliseconds))
                        dueAtTheStartOfTheInterval += 1
                    }
                    if changeInstants.contains(action.dueAt.epochMilliseconds) { dueAtTheChange += 1 }
                }
                pieces += due
                evaluatedThrough = instant
            }
            for _ in 0..<Int.random(in: 4...24, using: &random) {
                // Often the same instant as the previous step, to mix transitions and
                // evaluations at one instant.
                if Bool.random(using: &random) { now += Int64.random(in: 0...(Self.day / 3), using: &random) }
                let when = Date(epochMilliseconds: now)
                let ended = clock.currentCycle.hasEnded
                switch Int.random(in: 0..<20, using: &random) {
                case 0..<7:
                    if evaluatedThrough.map({ now > $0 }) ?? true { evaluate(to: now) }
                case 7..<13 where !ended:
                    // Often below the business time used, so that the change makes points due.
                    let used = milliseconds(clock.status(at: when, calendar: calendar).elapsed)
                    let target = Int64.random(in: 60_000...max(120_000, 2 * used), using: &random)
                    if try clock.changeTarget(to: .milliseconds(target), at: when) {
                        changes += 1
                        changeInstants.insert(now)
                    }
                case 13..<16 where !ended:
                    if clock.currentCycle.isPaused { try clock.resume(at: when) } else { try clock.pause(at: when) }
                case 16..<18 where !ended:
                    if evaluatedThrough.map({ now > $0 }) ?? true { try clock.acknowledge(at: when) }
                case 18:
                    if ended { try clock.startNewCycle(at: when) } else { try clock.stop(at: when) }
                default:
                    break
                }
            }
            let end = now + 3 * Self.day
            evaluate(to: end)
            let whole = clock.dueActions(from: nil, to: Date(epochMilliseconds: end), calendar: calendar, ladder: Self.ladder, profile: profile)
            #expect(Set(pieces.map(\.id)).count == pieces.count)
            #expect(pieces.filter { !Self.isReminder($0) } == whole.filter { !Self.isReminder($0) })
            for level in 1...Self.ladder.levels.count {
                for cycle in clock.cycles.map(\.number) {
                    let piecesOfCycle = pieces.filter { $0.cycle == cycle }
                    let wholeOfCycle = whole.filter { $0.cycle == cycle }
                    // Every reminder number once, reported or counted as skipped, as in one evaluation.
                    #expect(Self.reminderNumbers(piecesOfCycle, level: level) == Self.reminderNumbers(wholeOfCycle, level: level))
                    #expect(
                        piecesOfCycle.last(where: Self.isReminder)?.dueAt == wholeOfCycle.last(where: Self.isReminder)?.dueAt)
                }
            }
        }
        #expect(changes > 300)
        #expect(dueAtTheChange > 200)
        #expect(dueAtTheStartOfTheInterval > 50)
    }

    @Test func evaluatingInPiecesAcrossTargetChangesReportsWhatOneEvaluationReports() throws {
        try splitEvaluationsMatchOneEvaluation(BusinessCalendar.twentyFourSeven, seed: 10)
        try splitEvaluationsMatchOneEvaluation(EvenHoursCalendar(), seed: 11)
    }

    @Test func codableRoundTripKeepsEveryCycle() throws {
        var random = SplitMix64(seed: 9)
        for _ in 0..<50 {
            var (clock, last) = Self.randomClock(using: &random)
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                last += Int64.random(in: 0...Self.day, using: &random)
                try clock.changeTarget(to: .milliseconds(Int64.random(in: 1...(3 * Self.day), using: &random)), at: Date(epochMilliseconds: last))
            }
            try clock.stop(at: Date(epochMilliseconds: last + 1000))
            try clock.startNewCycle(at: Date(epochMilliseconds: last + 5000), target: .seconds(600))
            _ = try clock.acknowledge(at: Date(epochMilliseconds: last + 6000))
            let json = try StableJSON.string(clock)
            let decoded = try StrictJSONDecoder().decode(SLAClock.self, from: json)
            #expect(decoded == clock)
        }
    }
}
