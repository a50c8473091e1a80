import BridgeModels
import BridgeSLA
import Foundation
import Testing

@Suite struct DueActionIndexTests {
    func entry(_ id: String, _ millis: Int64) -> DueActionIndex.Entry {
        DueActionIndex.Entry(clockId: SLAClockID(rawValue: id), dueAt: Date(epochMilliseconds: millis))
    }

    @Test func insertUpdateRemoveAndQuery() {
        var index = DueActionIndex()
        #expect(index.isEmpty)
        #expect(index.due(upTo: Date(epochMilliseconds: .max / 2)).isEmpty)
        index.update("a", nextDue: Date(epochMilliseconds: 30))
        index.update("b", nextDue: Date(epochMilliseconds: 10))
        index.update("c", nextDue: Date(epochMilliseconds: 20))
        index.update("d", nextDue: Date(epochMilliseconds: 20))
        #expect(index.count == 4)
        #expect(index.earliest == entry("b", 10))
        // Ordered by instant, then id; the bound is inclusive.
        #expect(index.due(upTo: Date(epochMilliseconds: 20)) == [entry("b", 10), entry("c", 20), entry("d", 20)])
        index.update("b", nextDue: Date(epochMilliseconds: 40))
        #expect(index.nextDue(of: "b") == Date(epochMilliseconds: 40))
        #expect(index.due(upTo: Date(epochMilliseconds: 25)) == [entry("c", 20), entry("d", 20)])
        index.update("c", nextDue: nil)
        let removedOnce = index.remove("d")
        let removedTwice = index.remove("d")
        #expect(removedOnce)
        #expect(!removedTwice)
        #expect(index.count == 2)
        #expect(index.entries == [entry("a", 30), entry("b", 40)])
        // A freed slot is reused.
        index.update("e", nextDue: Date(epochMilliseconds: 5))
        #expect(index.entries == [entry("e", 5), entry("a", 30), entry("b", 40)])
    }

    @Test func buildsFromEntriesAndFromClocks() throws {
        let index = DueActionIndex(entries: [entry("x", 50), entry("y", 5), entry("x", 1)])
        #expect(index.entries == [entry("x", 1), entry("y", 5)])
        let start = at("2026-03-02T09:00:00Z")
        var stopped = SLAClock(caseId: "C-2", metric: .resolution, target: hours(1), startedAt: start)
        try stopped.stop(at: start.plus(minutes(10)))
        let clocks = [SLAClock(caseId: "C-1", metric: .resolution, target: hours(4), startedAt: start), stopped]
        let rebuilt = DueActionIndex(rebuildingFrom: clocks) { clock in
            clock.nextDueDate(after: start, calendar: BusinessCalendar.twentyFourSeven)
        }
        // The running clock's next point is its 50 % warning at 11:00; the stopped one has none.
        #expect(rebuilt.entries == [DueActionIndex.Entry(clockId: "C-1/resolution", dueAt: at("2026-03-02T11:00:00Z"))])
    }

    /// Random clock sets and update sequences: `due(upTo:)` always equals a full scan.
    @Test func dueEqualsAFullScan() {
        var random = SplitMix64(seed: 0x1DE)
        for round in 0..<40 {
            var index = DueActionIndex()
            var model: [SLAClockID: Int64] = [:]
            let idSpace = [10, 100, 1000][round % 3]
            for _ in 0..<600 {
                let id = SLAClockID(rawValue: "clock-\(Int.random(in: 0..<idSpace, using: &random))")
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<6:
                    let due = Int64.random(in: 0..<10_000, using: &random)
                    index.update(id, nextDue: Date(epochMilliseconds: due))
                    model[id] = due
                case 6..<8:
                    let wasIndexed = model.removeValue(forKey: id) != nil
                    let removed = index.remove(id)
                    #expect(removed == wasIndexed)
                case 8:
                    index.update(id, nextDue: nil)
                    model[id] = nil
                default:
                    let limit = Int64.random(in: -1..<11_000, using: &random)
                    let scan = model.filter { $0.value <= limit }.map { entry($0.key.rawValue, $0.value) }
                        .sorted { ($0.dueAt, $0.clockId) < ($1.dueAt, $1.clockId) }
                    #expect(index.due(upTo: Date(epochMilliseconds: limit)) == scan)
                }
            }
            #expect(index.count == model.count)
            #expect(index.entries.map(\.clockId) == model.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key))
            #expect(index.earliest?.dueAt == model.values.min().map { Date(epochMilliseconds: $0) })
        }
    }

    /// A simulated engine: clocks change state over time and the index is refreshed after every
    /// tick and transition. At every tick the index names exactly the clocks that have due
    /// actions since the previous tick, which is what a full scan of every clock finds.
    func indexMatchesScanningEveryClock(_ calendar: some BusinessTimeMeasuring, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let ladder = EscalationLadder(levels: [
            EscalationLevel(at: .percentOfTarget(80), [.notify(.assignee), .remind(.assignee, everyMinutes: 50)]),
            EscalationLevel(at: .minutesAfterBreach(90), [.createTask(template: "late")]),
        ])
        let profile = CaseProfile(kind: .dispute)
        let origin = at("2026-03-02T00:00:00Z").epochMilliseconds
        var clocks: [SLAClockID: SLAClock] = [:]
        for number in 0..<80 {
            let start = origin + Int64.random(in: 0..<86_400_000, using: &random)
            let clock = SLAClock(
                caseId: CaseID("C-\(number)"), metric: .resolution, target: .seconds(Int64.random(in: 60...20_000, using: &random) * 60),
                startedAt: Date(epochMilliseconds: start))
            clocks[clock.id] = clock
        }
        var now = Date(epochMilliseconds: origin + 86_400_000)
        var index = DueActionIndex(rebuildingFrom: clocks.values) { $0.nextDueDate(after: now, calendar: calendar, ladder: ladder) }
        var dueSeen = 0
        for _ in 0..<150 {
            let previous = now
            now = now.plus(milliseconds: Int64.random(in: 1...(3 * 3_600_000), using: &random))
            let fromIndex = index.due(upTo: now).map(\.clockId)
            let fromScan = clocks.values.filter {
                !$0.dueActions(from: previous, to: now, calendar: calendar, ladder: ladder, profile: profile).isEmpty
            }.map(\.id).sorted()
            #expect(Set(fromIndex) == Set(fromScan))
            dueSeen += fromScan.count
            for id in fromIndex {
                index.update(id, nextDue: clocks[id]?.nextDueDate(after: now, calendar: calendar, ladder: ladder))
            }
            // Some clocks change state at this tick.
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                guard var clock = clocks.values.randomElement(using: &random) else { continue }
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<3: _ = try? clock.pause(at: now)
                case 3..<6: _ = try? clock.resume(at: now)
                case 6: _ = try? clock.acknowledge(at: now)
                case 7: _ = try? clock.stop(at: now)
                case 8: try? clock.startNewCycle(at: now)
                default: _ = try? clock.cancel(at: now)
                }
                clocks[clock.id] = clock
                index.update(clock.id, nextDue: clock.nextDueDate(after: now, calendar: calendar, ladder: ladder))
            }
        }
        #expect(dueSeen > 100)
    }

    @Test func indexFindsExactlyTheClocksAFullScanFinds() throws {
        try indexMatchesScanningEveryClock(BusinessCalendar.twentyFourSeven, seed: 11)
        try indexMatchesScanningEveryClock(EvenHoursCalendar(), seed: 12)
    }
}
