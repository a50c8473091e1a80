import BridgeModels

/// One warning point of an SLA clock.
public enum WarningThreshold: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// When the clock has used this percentage of its target (1–99; 100 is the breach itself).
    case percentOfTarget(Int)
    /// This many business minutes before the breach.
    case minutesBeforeBreach(Int)

    /// `75%` or `30m-before-breach`; part of the due action's id.
    public var description: String {
        switch self {
        case .percentOfTarget(let percent): return "\(percent)%"
        case .minutesBeforeBreach(let minutes): return "\(minutes)m-before-breach"
        }
    }

    /// Percentages first (ascending), then absolute thresholds (largest lead first).
    public static func < (lhs: WarningThreshold, rhs: WarningThreshold) -> Bool {
        switch (lhs, rhs) {
        case (.percentOfTarget(let a), .percentOfTarget(let b)): return a < b
        case (.minutesBeforeBreach(let a), .minutesBeforeBreach(let b)): return a > b
        case (.percentOfTarget, .minutesBeforeBreach): return true
        case (.minutesBeforeBreach, .percentOfTarget): return false
        }
    }

    /// The elapsed business time, in milliseconds, at which this warning is due on a clock with
    /// `target` milliseconds, or `nil` when it would not lie strictly inside the target.
    ///
    /// A percentage rounds up to the next millisecond, so "75 % reached" means
    /// `elapsed / target >= 0.75` exactly.
    func elapsedPoint(target: Int64) -> Int64? {
        let point: Int64
        switch self {
        case .percentOfTarget(let percent):
            guard percent > 0, percent < 100 else { return nil }
            point = ceilingDivide(target * Int64(percent), 100)
        case .minutesBeforeBreach(let minutes):
            guard minutes > 0 else { return nil }
            point = target - Millis.minutes(minutes)
        }
        return point > 0 && point < target ? point : nil
    }
}

/// `⌈a / b⌉` for `a >= 0`, `b > 0`.
@inline(__always)
func ceilingDivide(_ a: Int64, _ b: Int64) -> Int64 { (a + b - 1) / b }

/// When an SLA clock warns before it breaches: at percentages of the target (ServiceNow's
/// default flow warns at 50 % and 75 % and breaches at 100 %) and at absolute times before the
/// breach ("30 minutes before breach", as Jira Service Management automation does).
///
/// The breach itself is always reported, once per cycle, whether or not 100 is listed; a listed
/// 100 stands for the breach and adds no separate warning. An absolute threshold at least as long
/// as a clock's target is skipped for that clock (it would fall on or before the start).
///
/// In JSON: `{"percentages": [50, 75, 100], "minutesBeforeBreach": [30, 120]}`; both lists are
/// optional, strictly increasing, percentages 1–100, minutes 1–5,256,000.
public struct WarningThresholds: Hashable, Sendable, Codable {
    /// Percentages of the target, ascending.
    public var percentages: [Int]
    /// Business minutes before the breach, ascending.
    public var minutesBeforeBreach: [Int]

    /// Creates thresholds.
    public init(percentages: [Int] = [50, 75, 100], minutesBeforeBreach: [Int] = []) {
        self.percentages = percentages
        self.minutesBeforeBreach = minutesBeforeBreach
    }

    /// 50 %, 75 %, 100 % (breach): ServiceNow's default notification flow.
    public static let standard = WarningThresholds()

    /// No warnings; only the breach.
    public static let none = WarningThresholds(percentages: [], minutesBeforeBreach: [])

    /// The warnings, ordered, without the 100 % breach and without values out of range (which
    /// never warn).
    public var thresholds: [WarningThreshold] {
        let all = Self.normalized(percentages, in: 1...99).map(WarningThreshold.percentOfTarget)
            + Self.normalized(minutesBeforeBreach, in: 1...SLALimits.maximumMinutes).map(WarningThreshold.minutesBeforeBreach)
        return all.sorted()
    }

    /// The warnings that apply to a clock with `target` milliseconds, with their elapsed points,
    /// ordered by point.
    func points(target: Int64) -> [(threshold: WarningThreshold, point: Int64)] {
        thresholds.compactMap { threshold in threshold.elapsedPoint(target: target).map { (threshold, $0) } }
            .sorted { ($0.point, $0.threshold) < ($1.point, $1.threshold) }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case percentages, minutesBeforeBreach }

    /// Decodes and validates thresholds.
    ///
    /// - Throws: `InputError`: a value out of range or a list that is not strictly increasing.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        percentages = try c.increasingIntegers(.percentages, in: 1...100, limit: SLALimits.listItems) ?? []
        minutesBeforeBreach =
            try c.increasingIntegers(.minutesBeforeBreach, in: 1...SLALimits.maximumMinutes, limit: SLALimits.listItems)
            ?? []
    }

    /// Encodes both lists in the form the decoder accepts: ascending, without repeats, in
    /// range. Values built in code outside the range never produce a warning, so leaving them
    /// out changes nothing, and a clock persisted with them decodes again.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.normalized(percentages, in: 1...100), forKey: .percentages)
        try c.encode(Self.normalized(minutesBeforeBreach, in: 1...SLALimits.maximumMinutes), forKey: .minutesBeforeBreach)
    }

    private static func normalized(_ values: [Int], in range: ClosedRange<Int>) -> [Int] {
        Array(Set(values.filter(range.contains))).sorted()
    }
}
