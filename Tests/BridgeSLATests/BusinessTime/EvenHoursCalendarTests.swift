import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// The fake calendar the clock tests rely on is itself checked against minute stepping, so a
/// wrong fake cannot make a wrong clock look right.
@Suite struct EvenHoursCalendarTests {
    let calendar = EvenHoursCalendar()

    @Test func elapsedCountsOnlyEvenHours() {
        // 00:30–01:00 (30) + 02:00–03:00 (60) + 04:00–04:10 (10) = 100 minutes.
        #expect(calendar.elapsed(from: at("2026-03-02T00:30:00Z"), to: at("2026-03-02T04:10:00Z")) == minutes(100))
        // Entirely inside the closed 01:00–02:00 hour.
        #expect(calendar.elapsed(from: at("2026-03-02T01:10:00Z"), to: at("2026-03-02T01:50:00Z")) == .zero)
        #expect(calendar.elapsed(from: at("2026-03-02T04:00:00Z"), to: at("2026-03-02T03:00:00Z")) == .zero)
    }

    @Test func deadlineEndsAtWindowEndAndSkipsClosedHours() {
        // 60 minutes from 00:00 complete exactly at the window end 01:00, not at 02:00.
        #expect(calendar.deadline(start: at("2026-03-02T00:00:00Z"), adding: minutes(60)) == at("2026-03-02T01:00:00Z"))
        // From 01:10 (closed): counting starts at 02:00, 30 minutes → 02:30.
        #expect(calendar.deadline(start: at("2026-03-02T01:10:00Z"), adding: minutes(30)) == at("2026-03-02T02:30:00Z"))
        #expect(calendar.deadline(start: at("2026-03-02T01:10:00Z"), adding: .zero) == at("2026-03-02T01:10:00Z"))
    }

    @Test func agreesWithMinuteSteppingOnRandomSpans() {
        var random = SplitMix64(seed: 0xCA1E_0D42)
        let origin = at("2026-03-01T00:00:00Z").epochMilliseconds
        for _ in 0..<200 {
            let start = origin + Int64.random(in: 0..<(72 * 60), using: &random) * 60_000
            let span = Int64.random(in: 0..<(12 * 60), using: &random)
            var stepped: Int64 = 0
            for minute in 0..<span where (floorDivide(start + minute * 60_000, EvenHoursCalendar.hour) % 2) == 0 {
                stepped += 60_000
            }
            let end = Date(epochMilliseconds: start + span * 60_000)
            #expect(milliseconds(calendar.elapsed(from: Date(epochMilliseconds: start), to: end)) == stepped)
            let deadline = calendar.deadline(start: Date(epochMilliseconds: start), adding: .milliseconds(stepped))
            #expect(milliseconds(calendar.elapsed(from: Date(epochMilliseconds: start), to: deadline)) == stepped)
            #expect(deadline <= end)
        }
    }
}
