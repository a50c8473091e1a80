import Testing
import BridgeModels
import BridgeSLA
import Foundation

/// Only even UTC hours are business time: [00:00, 01:00), [02:00, 03:00), … An exact fake whose
/// arithmetic can be checked by hand: business time before `x` is `B(x)`, computed in closed
/// form, and `deadline` inverts it, returning a window's end when a target completes exactly
/// there (as calendars.md requires).
struct EvenHoursCalendar: BusinessTimeMeasuring {
    static let hour: Int64 = 3_600_000

    /// Business milliseconds in `[0, x)`.
    static func cumulative(_ x: Int64) -> Int64 {
        let h = floorDivide(x, hour)
        let pairs = floorDivide(h, 2)
        return pairs * hour + (h - 2 * pairs == 0 ? x - h * hour : hour)
    }

    func elapsed(from start: Date, to end: Date) -> Duration {
        .milliseconds(max(0, Self.cumulative(end.epochMilliseconds) - Self.cumulative(start.epochMilliseconds)))
    }

    func deadline(start: Date, adding businessTime: Duration) -> Date {
        let amount = milliseconds(businessTime)
        guard amount > 0 else { return start }
        let value = Self.cumulative(start.epochMilliseconds) + amount
        let pairs = floorDivide(value, Self.hour)
        let rest = value - pairs * Self.hour
        let instant = rest == 0 ? pairs * 2 * Self.hour - Self.hour : pairs * 2 * Self.hour + rest
        return Date(epochMilliseconds: max(instant, start.epochMilliseconds))
    }
}

func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

func milliseconds(_ duration: Duration) -> Int64 {
    let c = duration.components
    return c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000
}

/// Parses an RFC 3339 instant written in a test.
func at(_ text: String) -> Date {
    do {
        return try RFC3339.parse(text)
    } catch {
        Issue.record("bad instant in test: \(text)")
        return Date(epochMilliseconds: 0)
    }
}

/// `minutes` as a Duration.
func minutes(_ count: Int64) -> Duration { .seconds(count * 60) }

/// `hours` as a Duration.
func hours(_ count: Int64) -> Duration { .seconds(count * 3600) }

extension Date {
    /// This instant plus a duration.
    func plus(_ duration: Duration) -> Date { Date(epochMilliseconds: epochMilliseconds + milliseconds(duration)) }
    /// This instant plus some milliseconds.
    func plus(milliseconds amount: Int64) -> Date { Date(epochMilliseconds: epochMilliseconds + amount) }
}
