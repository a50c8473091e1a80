import Foundation
import TradingGridBridge

/// The SLA due-action index against full scans over 1,000,000 open clocks of which 1,000 are
/// due, all in the same run.
///
/// Every clock has a 480-minute resolution target in 24/7 time and no warnings, so its next due
/// instant is its breach. Clocks 0..<1000 breach within the minute after `now`; the others at
/// least two hours later.
enum SLAIndexBenchmarks {
    static let suite = Suite(name: "sla") { try run() }

    static let clockCount = 1_000_000
    static let dueCount = 1_000

    struct WrongCount: Error, CustomStringConvertible {
        var found: Int
        var description: String { "expected \(dueCount) due clocks, found \(found)" }
    }

    static func check(_ found: Int) throws {
        if found != dueCount { throw WrongCount(found: found) }
    }

    static func run() throws {
        let calendar = BusinessCalendar.twentyFourSeven
        let now = try RFC3339.parse("2026-03-02T12:00:00Z")
        let horizon = now.addingTimeInterval(60)
        let target = Duration.seconds(480 * 60)
        var clocks: [SLAClock] = []
        clocks.reserveCapacity(clockCount)
        for number in 0..<clockCount {
            let caseId = CaseID("C-\(number)")
            let startOffset: Int64 =
                number < dueCount
                ? -(480 * 60_000) + Int64(number % 60_000) + 1  // breach in (now, now + 60 s]
                : -(Int64(number) * 7_919 % (6 * 3_600_000))  // breach ≥ now + 2 h, spread deterministically
            let start = Date(epochMilliseconds: now.epochMilliseconds + startOffset)
            clocks.append(
                SLAClock(caseId: caseId, metric: .resolution, target: target, startedAt: start, warnings: .none))
        }
        let nextDue = clocks.map { $0.nextDueDate(after: now, calendar: calendar) ?? .distantFuture }
        let ids = clocks.map(\.id)

        var found = 0
        let evaluateAll = Harness.measure("full scan: evaluate all 1,000,000 clocks", rounds: 3) {
            found = 0
            for clock in clocks {
                if let due = clock.nextDueDate(after: now, calendar: calendar), due <= horizon { found += 1 }
            }
        }
        try check(found)
        let scanStored = Harness.measure("full scan: 1,000,000 stored next-due instants", rounds: 5) {
            found = 0
            for due in nextDue where due <= horizon { found += 1 }
        }
        try check(found)
        var index = DueActionIndex()
        let build = Harness.measure("index: build from 1,000,000 entries", rounds: 3) {
            index = DueActionIndex(entries: zip(ids, nextDue).map { DueActionIndex.Entry(clockId: $0, dueAt: $1) })
        }
        var dueEntries: [DueActionIndex.Entry] = []
        let query = Harness.measure("index: due(upTo:) → 1,000 clocks", rounds: 25) {
            dueEntries = index.due(upTo: horizon)
        }
        try check(dueEntries.count)
        let later = now.addingTimeInterval(86_400)
        let updates = Harness.measure("index: update (re-key a due clock and back)", operations: 2 * dueCount, rounds: 9) {
            for entry in dueEntries { index.update(entry.clockId, nextDue: later) }
            for entry in dueEntries { index.update(entry.clockId, nextDue: entry.dueAt) }
        }
        try check(index.due(upTo: horizon).count)

        Harness.report(
            "SLA due-action index (\(clockCount) open clocks, \(dueCount) due)",
            [evaluateAll, scanStored, query, build, updates],
            note: """
                Baseline: evaluating every open clock (`nextDueDate(after:)`, 24/7 calendar). "time per op" is per \
                whole scan or query, except the update row (per single update). Peak resident memory \
                \(Harness.peakResidentBytes() / 1_048_576) MiB.
                """)
    }
}
