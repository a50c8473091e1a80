#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// Summary statistics of a set of durations.
///
/// Percentiles use the **nearest-rank** definition: the p-th percentile of n sorted values is
/// the value at 1-based rank ⌈p/100 × n⌉. It is always one of the observed values, never an
/// interpolation. The median is the 50th percentile by the same rule, so for an even count it
/// is the lower of the two middle values (for 10, 20, 30, 40 the median is 20 and the 90th
/// percentile 40). The mean is rounded to the nearest millisecond, halves up.
public struct DurationStatistics: Hashable, Sendable {
    /// How many values.
    public var count: Int
    /// The arithmetic mean.
    public var mean: Duration
    /// The nearest-rank 50th percentile.
    public var median: Duration
    /// The nearest-rank 90th percentile.
    public var p90: Duration
    /// The smallest value.
    public var minimum: Duration
    /// The largest value.
    public var maximum: Duration

    /// The statistics of `values`, or `nil` when there are none.
    public init?(_ values: some Sequence<Duration>) {
        self.init(millis: values.map(Millis.of))
    }

    init?(millis values: [Int64]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        self.count = sorted.count
        self.mean = Millis.duration(DurationStatistics.roundedMean(sorted))
        self.median = Millis.duration(DurationStatistics.nearestRank(50, sorted))
        self.p90 = Millis.duration(DurationStatistics.nearestRank(90, sorted))
        self.minimum = Millis.duration(sorted[0])
        self.maximum = Millis.duration(sorted[sorted.count - 1])
    }

    /// `⌊(Σ values + n/2) / n⌋`: the mean rounded to the nearest, halves up. The sum is kept in
    /// 128 bits, so no number of values, however large, can overflow it.
    static func roundedMean(_ values: [Int64]) -> Int64 {
        var high: Int64 = 0
        var low: UInt64 = 0
        func add(_ value: Int64) {
            let (sum, carry) = low.addingReportingOverflow(UInt64(bitPattern: value))
            low = sum
            high &+= (value < 0 ? -1 : 0) &+ (carry ? 1 : 0)
        }
        for value in values { add(value) }
        let count = Int64(values.count)
        add(count / 2)
        // The quotient lies between the smallest and the largest value, so it fits.
        let (quotient, remainder) = count.dividingFullWidth((high: high, low: low))
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The value at rank ⌈p × n / 100⌉ (at least 1) of a sorted, non-empty list.
    static func nearestRank(_ percentile: Int, _ sorted: [Int64]) -> Int64 {
        let rank = max(1, (percentile * sorted.count + 99) / 100)
        return sorted[min(rank, sorted.count) - 1]
    }

    /// The nearest-rank percentile (`percentile` in 1–100) of `values`, or `nil` when there are
    /// none.
    public static func percentile(_ percentile: Int, of values: some Sequence<Duration>) -> Duration? {
        let sorted = values.map(Millis.of).sorted()
        guard !sorted.isEmpty else { return nil }
        return Millis.duration(nearestRank(min(max(percentile, 1), 100), sorted))
    }
}

/// A time-to metric (first response, resolution) in business time and in calendar (24×7)
/// time.
public struct TimeToStatistics: Hashable, Sendable {
    /// Business time, in each case's calendar; `nil` when no case has the metric.
    public var business: DurationStatistics?
    /// Calendar (24×7) time; `nil` when no case has the metric.
    public var calendar: DurationStatistics?
}

/// How many SLA clocks met and breached their targets.
public struct SLACompliance: Hashable, Sendable {
    /// Clocks in state ``SLAState/met``.
    public var met: Int
    /// Clocks in state ``SLAState/breached`` (running past the deadline or stopped late).
    public var breached: Int

    /// Creates counts.
    public init(met: Int, breached: Int) {
        self.met = met
        self.breached = breached
    }

    /// `met / (met + breached) × 100`, or `nil` when there is neither. Running, paused, at-risk
    /// and cancelled clocks are not counted.
    public var percentage: Double? {
        met + breached == 0 ? nil : Double(met) * 100 / Double(met + breached)
    }
}

/// Open cases whose age falls in `[lowerBound, upperBound)`.
public struct AgeingBucket: Hashable, Sendable {
    /// The smallest age in the bucket.
    public var lowerBound: Duration
    /// The age the bucket stops before; `nil` for the last, open-ended bucket.
    public var upperBound: Duration?
    /// How many open cases.
    public var count: Int
}

/// How many times a value occurs: cases per partner, per kind.
public struct Counted<Value: Hashable & Comparable & Sendable>: Hashable, Sendable {
    /// The value counted.
    public var value: Value
    /// How many times.
    public var count: Int

    /// Creates a count.
    public init(_ value: Value, count: Int) {
        self.value = value
        self.count = count
    }

    /// The counts, most first, ties by value.
    static func ranked(_ counts: [Value: Int]) -> [Counted] {
        counts.map { Counted($0.key, count: $0.value) }.sorted { ($1.count, $0.value) < ($0.count, $1.value) }
    }
}

/// A number of cases per partner.
public typealias PartnerCount = Counted<PartnerID>

/// A number of cases per case kind.
public typealias KindCount = Counted<CaseKind>

/// Service metrics over a set of cases, as ``ServiceMetrics/report(for:at:calendar:)`` computes
/// them.
public struct ServiceMetricsReport: Hashable, Sendable {
    /// When the report was computed (ages are measured to it).
    public var computedAt: Date
    /// How many cases.
    public var caseCount: Int
    /// How many are open.
    public var openCount: Int
    /// Time from opening to first response, over cases that have one.
    public var timeToFirstResponse: TimeToStatistics
    /// Time from opening to resolution, over resolved cases that are not open.
    public var timeToResolution: TimeToStatistics
    /// Open cases per partner, most first (ties by partner id).
    public var openByPartner: [PartnerCount]
    /// Open cases with at least one breached SLA clock.
    public var overdueCount: Int
    /// Overdue cases per partner, most first.
    public var overdueByPartner: [PartnerCount]
    /// Open cases whose clock for the metric is breached.
    public var overdueByMetric: [SLAMetric: Int]
    /// Met and breached clocks over all metrics.
    public var compliance: SLACompliance
    /// Met and breached clocks per metric.
    public var complianceByMetric: [SLAMetric: SLACompliance]
    /// Open cases by age (calendar time since opening).
    public var ageing: [AgeingBucket]
    /// Per partner, the case kinds raised most often (all cases, open or not), most first,
    /// ties by kind.
    public var recurringKinds: [PartnerID: [KindCount]]
}

/// Computes service metrics over case records: time to first response and to resolution
/// (mean, median, 90th percentile; business and calendar time), open and overdue cases per
/// partner, SLA compliance, ageing of open cases, and the most recurring kinds per partner.
///
/// Pure: the records and the instant come in as arguments. Empty input gives `nil` statistics
/// and percentages, never a crash or NaN.
public struct ServiceMetrics: Hashable, Sendable {
    /// Ageing bucket edges, ascending and positive: edges `[1d, 3d]` give the buckets
    /// `[0, 1d)`, `[1d, 3d)` and `[3d, ∞)`.
    public private(set) var ageingEdges: [Duration]
    /// How many kinds ``ServiceMetricsReport/recurringKinds`` lists per partner (a negative
    /// count lists none).
    public var recurringKindsPerPartner: Int

    /// 1, 3, 7 and 30 days.
    public static let defaultAgeingEdges: [Duration] = [1, 3, 7, 30].map { .seconds($0 * 86_400) }

    /// Creates a metrics calculator. Edges are sorted and de-duplicated; zero or negative edges
    /// are dropped.
    public init(ageingEdges: [Duration] = ServiceMetrics.defaultAgeingEdges, recurringKindsPerPartner: Int = 3) {
        self.ageingEdges = Array(Set(ageingEdges.filter { $0 > .zero })).sorted()
        self.recurringKindsPerPartner = max(0, recurringKindsPerPartner)
    }

    /// Computes the report.
    ///
    /// - Parameters:
    ///   - records: The cases.
    ///   - now: The instant ages are measured to.
    ///   - calendar: The business calendar of a record (for business-time statistics), for
    ///     example `{ calendars[$0.calendarName ?? ""] ?? .twentyFourSeven }`.
    public func report<Calendar: BusinessTimeMeasuring>(
        for records: some Sequence<CaseServiceRecord>, at now: Date, calendar: (CaseServiceRecord) -> Calendar
    ) -> ServiceMetricsReport {
        let nowMillis = Millis.of(now)
        var caseCount = 0
        var firstBusiness: [Int64] = []
        var firstCalendar: [Int64] = []
        var resolutionBusiness: [Int64] = []
        var resolutionCalendar: [Int64] = []
        var openByPartner: [PartnerID: Int] = [:]
        var overdueByPartner: [PartnerID: Int] = [:]
        var overdueByMetric: [SLAMetric: Int] = [:]
        var compliance: [SLAMetric: SLACompliance] = [:]
        var ageCounts = [Int](repeating: 0, count: ageingEdges.count + 1)
        let edges = ageingEdges.map(Millis.of)
        var kinds: [PartnerID: [CaseKind: Int]] = [:]

        for record in records {
            caseCount += 1
            let opened = Millis.of(record.openedAt)
            if let response = record.firstResponseAt.map(Millis.of) {
                firstCalendar.append(max(0, response - opened))
                firstBusiness.append(calendar(record).elapsedMillis(opened, response))
            }
            if !record.isOpen, let resolved = record.resolvedAt.map(Millis.of) {
                resolutionCalendar.append(max(0, resolved - opened))
                resolutionBusiness.append(calendar(record).elapsedMillis(opened, resolved))
            }
            if record.isOpen {
                openByPartner[record.partner, default: 0] += 1
                let age = max(0, nowMillis - opened)
                ageCounts[edges.firstIndex { age < $0 } ?? edges.count] += 1
                if record.isOverdue { overdueByPartner[record.partner, default: 0] += 1 }
                for (metric, state) in record.slaStates where state == .breached {
                    overdueByMetric[metric, default: 0] += 1
                }
            }
            for (metric, state) in record.slaStates {
                if state == .met { compliance[metric, default: SLACompliance(met: 0, breached: 0)].met += 1 }
                if state == .breached { compliance[metric, default: SLACompliance(met: 0, breached: 0)].breached += 1 }
            }
            kinds[record.partner, default: [:]][record.kind, default: 0] += 1
        }

        var ageing: [AgeingBucket] = []
        for index in ageCounts.indices {
            ageing.append(
                AgeingBucket(
                    lowerBound: index == 0 ? .zero : ageingEdges[index - 1],
                    upperBound: index < ageingEdges.count ? ageingEdges[index] : nil, count: ageCounts[index]))
        }
        let total = compliance.values.reduce(SLACompliance(met: 0, breached: 0)) {
            SLACompliance(met: $0.met + $1.met, breached: $0.breached + $1.breached)
        }
        var recurring: [PartnerID: [KindCount]] = [:]
        for (partner, counts) in kinds {
            recurring[partner] = Array(KindCount.ranked(counts).prefix(max(0, recurringKindsPerPartner)))
        }
        return ServiceMetricsReport(
            computedAt: now, caseCount: caseCount, openCount: openByPartner.values.reduce(0, +),
            timeToFirstResponse: TimeToStatistics(
                business: DurationStatistics(millis: firstBusiness), calendar: DurationStatistics(millis: firstCalendar)),
            timeToResolution: TimeToStatistics(
                business: DurationStatistics(millis: resolutionBusiness),
                calendar: DurationStatistics(millis: resolutionCalendar)),
            openByPartner: PartnerCount.ranked(openByPartner), overdueCount: overdueByPartner.values.reduce(0, +),
            overdueByPartner: PartnerCount.ranked(overdueByPartner), overdueByMetric: overdueByMetric,
            compliance: total, complianceByMetric: compliance, ageing: ageing, recurringKinds: recurring)
    }
}
