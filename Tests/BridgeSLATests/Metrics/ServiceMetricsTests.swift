import BridgeModels
import BridgeSLA
import Foundation
import Testing

@Suite struct ServiceMetricsTests {
    /// Five cases; business time on the even-hours fake (open 00–01, 02–03, 04–05, 06–07 UTC, …).
    static let records: [CaseServiceRecord] = [
        // Response 30 min (business 30), resolved after 5 h (business 00–01, 02–03, 04–05 = 180 min).
        CaseServiceRecord(
            caseId: "R1", partner: "A", kind: .dispute, openedAt: at("2026-03-02T00:00:00Z"),
            firstResponseAt: at("2026-03-02T00:30:00Z"), resolvedAt: at("2026-03-02T05:00:00Z"), status: .resolved,
            slaStates: [.firstResponse: .met, .resolution: .met]),
        // Response 120 min (business 02–03 = 60), still open with both clocks breached.
        CaseServiceRecord(
            caseId: "R2", partner: "A", kind: .dispute, openedAt: at("2026-03-02T01:00:00Z"),
            firstResponseAt: at("2026-03-02T03:00:00Z"), status: .inProgress,
            slaStates: [.firstResponse: .breached, .resolution: .breached]),
        // Response 10 min (business 10), closed after 4 h (business 30 + 60 + 30 = 120 min).
        CaseServiceRecord(
            caseId: "R3", partner: "A", kind: .chargeback, openedAt: at("2026-03-02T02:30:00Z"),
            firstResponseAt: at("2026-03-02T02:40:00Z"), resolvedAt: at("2026-03-02T06:30:00Z"), status: .closed,
            slaStates: [.firstResponse: .met, .resolution: .breached]),
        // Open since the day before, waiting on the partner, no response yet.
        CaseServiceRecord(
            caseId: "R4", partner: "B", kind: .missingASN, openedAt: at("2026-03-01T00:00:00Z"), status: .awaitingPartner,
            slaStates: [.resolution: .paused]),
        // Response 20 min (business 20), then cancelled.
        CaseServiceRecord(
            caseId: "R5", partner: "B", kind: .missingASN, openedAt: at("2026-03-02T04:00:00Z"),
            firstResponseAt: at("2026-03-02T04:20:00Z"), status: .cancelled,
            slaStates: [.firstResponse: .met, .resolution: .cancelled]),
    ]

    let metrics = ServiceMetrics(ageingEdges: [hours(1), hours(12), hours(24)])

    func report(_ records: [CaseServiceRecord]) -> ServiceMetricsReport {
        metrics.report(for: records, at: at("2026-03-02T12:00:00Z")) { _ in EvenHoursCalendar() }
    }

    @Test func timeToFirstResponse() throws {
        let response = report(Self.records).timeToFirstResponse
        // Calendar minutes 30, 120, 10, 20 → sorted 10, 20, 30, 120: mean 180 / 4 = 45,
        // median rank ⌈0.5 × 4⌉ = 2 → 20, p90 rank ⌈0.9 × 4⌉ = 4 → 120.
        let calendar = try #require(response.calendar)
        #expect(calendar.count == 4)
        #expect(calendar.mean == minutes(45))
        #expect(calendar.median == minutes(20))
        #expect(calendar.p90 == minutes(120))
        #expect(calendar.minimum == minutes(10))
        #expect(calendar.maximum == minutes(120))
        // Business minutes 30, 60, 10, 20 → sorted 10, 20, 30, 60: mean 30, median 20, p90 60.
        let business = try #require(response.business)
        #expect(business.mean == minutes(30))
        #expect(business.median == minutes(20))
        #expect(business.p90 == minutes(60))
    }

    @Test func timeToResolution() throws {
        let resolution = report(Self.records).timeToResolution
        // Only R1 (300 min, business 180) and R3 (240 min, business 120) are resolved and done.
        let calendar = try #require(resolution.calendar)
        #expect(calendar.count == 2)
        #expect(calendar.mean == minutes(270))
        #expect(calendar.median == minutes(240))  // rank ⌈0.5 × 2⌉ = 1
        #expect(calendar.p90 == minutes(300))  // rank ⌈0.9 × 2⌉ = 2
        let business = try #require(resolution.business)
        #expect(business.mean == minutes(150))
        #expect(business.median == minutes(120))
        #expect(business.p90 == minutes(180))
    }

    @Test func openOverdueAndAgeing() {
        let report = report(Self.records)
        #expect(report.caseCount == 5)
        #expect(report.openCount == 2)
        #expect(report.openByPartner == [PartnerCount("A", count: 1), PartnerCount("B", count: 1)])
        #expect(report.overdueCount == 1)
        #expect(report.overdueByPartner == [PartnerCount("A", count: 1)])
        #expect(report.overdueByMetric == [.firstResponse: 1, .resolution: 1])
        // At 12:00: R2 is 11 h old ([1 h, 12 h)), R4 36 h ([24 h, ∞)).
        #expect(report.ageing.map(\.count) == [0, 1, 0, 1])
        #expect(report.ageing.map(\.lowerBound) == [.zero, hours(1), hours(12), hours(24)])
        #expect(report.ageing.map(\.upperBound) == [hours(1), hours(12), hours(24), nil])
    }

    @Test func complianceIsMetOverMetAndBreached() throws {
        let report = report(Self.records)
        // First response: met R1, R3, R5; breached R2 → 3 / 4 = 75 %.
        #expect(report.complianceByMetric[.firstResponse] == SLACompliance(met: 3, breached: 1))
        #expect(report.complianceByMetric[.firstResponse]?.percentage == 75)
        // Resolution: met R1; breached R2, R3; paused and cancelled do not count → 1 / 3.
        #expect(report.complianceByMetric[.resolution] == SLACompliance(met: 1, breached: 2))
        let resolution = try #require(report.complianceByMetric[.resolution]?.percentage)
        #expect(abs(resolution - 100.0 / 3) < 1e-9)
        // Overall 4 / 7.
        #expect(report.compliance == SLACompliance(met: 4, breached: 3))
        #expect(abs((report.compliance.percentage ?? 0) - 400.0 / 7) < 1e-9)
    }

    @Test func mostRecurringKindsPerPartner() {
        let report = report(Self.records)
        #expect(report.recurringKinds["A"] == [KindCount(.dispute, count: 2), KindCount(.chargeback, count: 1)])
        #expect(report.recurringKinds["B"] == [KindCount(.missingASN, count: 2)])
        let topOne = ServiceMetrics(recurringKindsPerPartner: 1).report(for: Self.records, at: at("2026-03-02T12:00:00Z")) { _ in
            BusinessCalendar.twentyFourSeven
        }
        #expect(topOne.recurringKinds["A"] == [KindCount(.dispute, count: 2)])
    }

    /// `recurringKindsPerPartner` is a settable property: a negative count lists no kinds
    /// rather than crashing (`Array.prefix` refuses negative lengths).
    @Test func negativeRecurringKindsCountListsNone() {
        var metrics = ServiceMetrics()
        metrics.recurringKindsPerPartner = -1
        let report = metrics.report(for: Self.records, at: at("2026-03-02T12:00:00Z")) { _ in BusinessCalendar.twentyFourSeven }
        #expect(report.recurringKinds["A"] == [])
        #expect(report.caseCount == Self.records.count)
    }

    @Test func emptyInputGivesNilNotNaN() {
        let empty = report([])
        #expect(empty.caseCount == 0)
        #expect(empty.timeToFirstResponse.business == nil)
        #expect(empty.timeToFirstResponse.calendar == nil)
        #expect(empty.timeToResolution.calendar == nil)
        #expect(empty.compliance.percentage == nil)
        #expect(empty.complianceByMetric.isEmpty)
        #expect(empty.openByPartner.isEmpty)
        #expect(empty.ageing.map(\.count) == [0, 0, 0, 0])
        #expect(empty.recurringKinds.isEmpty)
        #expect(DurationStatistics([Duration]()) == nil)
        #expect(DurationStatistics.percentile(90, of: [Duration]()) == nil)
    }

    @Test func nearestRankPercentilesAndRoundedMean() throws {
        let values: [Duration] = [.seconds(40), .seconds(10), .seconds(30), .seconds(20)]
        let statistics = try #require(DurationStatistics(values))
        #expect(statistics.median == .seconds(20))  // the lower middle value, never interpolated
        #expect(statistics.p90 == .seconds(40))
        #expect(statistics.mean == .seconds(25))
        #expect(DurationStatistics.percentile(25, of: values) == .seconds(10))  // rank 1
        #expect(DurationStatistics.percentile(26, of: values) == .seconds(20))  // rank ⌈1.04⌉ = 2
        #expect(DurationStatistics.percentile(100, of: values) == .seconds(40))
        // Mean of 1 ms and 2 ms is 1.5 ms, rounded half up to 2 ms.
        #expect(DurationStatistics([.milliseconds(1), .milliseconds(2)])?.mean == .milliseconds(2))
        let single = try #require(DurationStatistics([.seconds(7)]))
        #expect(single.median == .seconds(7) && single.p90 == .seconds(7) && single.mean == .seconds(7))
    }

    /// Durations near the top of the millisecond range (or cases opened at `Date.distantPast`
    /// and resolved at `Date.distantFuture`) must not overflow the sum behind the mean.
    @Test func meanOfHugeDurationsDoesNotOverflow() throws {
        let huge = Duration.milliseconds(Int64.max - 1)
        let statistics = try #require(DurationStatistics([huge, huge, .milliseconds(Int64.max)]))
        #expect(statistics.mean == huge)  // (3·max − 2) / 3 = max − ⅔, rounded to max − 1
        #expect(statistics.maximum == .milliseconds(Int64.max))
        #expect(DurationStatistics([huge, .milliseconds(-(Int64.max - 1))])?.mean == .zero)
        // Halves round up on both sides of zero: −1.5 ms is −1 ms.
        #expect(DurationStatistics([.milliseconds(-1), .milliseconds(-2)])?.mean == .milliseconds(-1))
        let span = Duration.milliseconds(Date.distantFuture.epochMilliseconds - Date.distantPast.epochMilliseconds)
        let longest = [Duration](repeating: span, count: 100_000)
        #expect(DurationStatistics(longest)?.mean == span)
    }

    @Test func ageingEdgesAreNormalised() {
        let metrics = ServiceMetrics(ageingEdges: [hours(12), .zero, hours(1), hours(12), .seconds(-5)])
        #expect(metrics.ageingEdges == [hours(1), hours(12)])
    }
}
