#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeModels

/// Measures business time: the two operations every SLA computation is built on.
///
/// ``BusinessCalendar`` is the shipped conformance. The SLA types (``SLAClock``,
/// ``EscalationLadder``, ``ServiceMetrics``) take any conformance, so a host can plug in its own
/// notion of working time and tests can use exact fakes.
///
/// ### Implementation requirements
///
/// Both operations work in whole milliseconds and must agree with each other:
/// - `elapsed(from:to:)` is the business time inside `[start, end]`, zero when `end <= start`,
///   never negative, and additive: `elapsed(a, c) == elapsed(a, b) + elapsed(b, c)` for
///   `a <= b <= c`.
/// - `deadline(start:adding:)` is the earliest instant `t >= start` with
///   `elapsed(start, t) == businessTime`; `start` itself for a zero or negative duration.
///
/// A conformance must have open time in every week, so that `deadline` always exists.
public protocol BusinessTimeMeasuring: Sendable {
    /// The earliest instant at or after `start` at which `businessTime` of business time has
    /// elapsed since `start`; `start` itself when `businessTime <= .zero`.
    func deadline(start: Date, adding businessTime: Duration) -> Date

    /// The business time inside `[start, end]`; zero when `end <= start`.
    func elapsed(from start: Date, to end: Date) -> Duration
}

extension BusinessCalendar: BusinessTimeMeasuring {}

// MARK: - Millisecond arithmetic

/// Whole-millisecond conversions. Every SLA computation runs on `Int64` milliseconds since the
/// Unix epoch, so results are exact and independent of `Double` rounding in `Date`.
enum Millis {
    /// Milliseconds in one minute.
    static let minute: Int64 = 60_000

    /// A duration in whole milliseconds, truncated toward zero and saturated at the `Int64`
    /// range (a `Duration` can hold about 2.9 × 10¹¹ years; `Int64` milliseconds 2.9 × 10⁸).
    @inline(__always)
    static func of(_ duration: Duration) -> Int64 {
        let components = duration.components
        let (scaled, overflow) = components.seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return components.seconds < 0 ? .min : .max }
        let (total, overflowAdding) = scaled.addingReportingOverflow(components.attoseconds / 1_000_000_000_000_000)
        if overflowAdding { return scaled < 0 ? .min : .max }
        return total
    }

    /// `count` minutes in milliseconds, clamped to 0 ... ten years, so no value a host passes
    /// in code can overflow the arithmetic.
    @inline(__always)
    static func minutes(_ count: Int) -> Int64 {
        Int64(min(max(count, 0), SLALimits.maximumMinutes)) * minute
    }

    /// 0001-01-01T00:00:00Z, the earliest instant RFC 3339 writes. (`Date.distantPast` lies two
    /// days earlier, in year 0 of the proleptic Gregorian calendar.)
    static let earliest: Int64 = -62_135_596_800_000

    /// An instant in milliseconds since the epoch, rounded to the nearest and clamped to
    /// 0001-01-01T00:00:00Z ... `Date.distantFuture` (NaN counts as the earliest), inside the
    /// range the calendars handle: no host-supplied date can trap the conversion or overflow
    /// the arithmetic, and every persisted instant is one RFC 3339 reads back.
    @inline(__always)
    static func of(_ date: Date) -> Int64 { max(earliest, BusinessTimeMath.milliseconds(of: date)) }

    /// The instant `milliseconds` after the epoch.
    @inline(__always)
    static func date(_ milliseconds: Int64) -> Date { Date(epochMilliseconds: milliseconds) }

    /// A duration of `milliseconds`.
    @inline(__always)
    static func duration(_ milliseconds: Int64) -> Duration { .milliseconds(milliseconds) }
}

extension BusinessTimeMeasuring {
    /// `elapsed(from:to:)` in whole milliseconds.
    @inline(__always)
    func elapsedMillis(_ start: Int64, _ end: Int64) -> Int64 {
        guard end > start else { return 0 }
        return max(0, Millis.of(elapsed(from: Millis.date(start), to: Millis.date(end))))
    }

    /// `deadline(start:adding:)` in whole milliseconds, never before `start`.
    @inline(__always)
    func deadlineMillis(_ start: Int64, adding amount: Int64) -> Int64 {
        guard amount > 0 else { return start }
        return max(start, Millis.of(deadline(start: Millis.date(start), adding: Millis.duration(amount))))
    }
}
