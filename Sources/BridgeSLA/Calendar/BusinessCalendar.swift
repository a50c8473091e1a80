// PLACEHOLDER: replaced by the real calendar when branches merge.
//
// Implements only the API the SLA engine codes against, for plain 24/7 time. Decoding accepts the
// calendars.md JSON loosely (it keeps the time zone name and ignores the windows).
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeModels

/// A business calendar (placeholder: every instant is business time).
///
/// The real calendar (weekly windows in a time zone, holidays, exceptions) replaces this file.
public struct BusinessCalendar: Hashable, Sendable, Codable {
    /// The calendar's time zone identifier as written in its JSON.
    public var timeZone: String

    /// Plain wall-clock time: 24-hour windows all week, UTC, no holidays.
    public static let twentyFourSeven = BusinessCalendar(timeZone: "UTC")

    init(timeZone: String) {
        self.timeZone = timeZone
    }

    /// The earliest instant at or after `start` with `minutes` of business time since `start`;
    /// `start` itself for `minutes <= 0`.
    public func deadline(start: Date, minutes: Int) -> Date {
        deadline(start: start, adding: .seconds(Int64(max(0, minutes)) * 60))
    }

    /// The earliest instant at or after `start` with `businessTime` of business time since
    /// `start` (millisecond precision); `start` itself for a negative duration.
    public func deadline(start: Date, adding businessTime: Duration) -> Date {
        let components = businessTime.components
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        return Date(epochMilliseconds: start.epochMilliseconds + max(0, milliseconds))
    }

    /// Business time inside `[start, end]` in whole milliseconds; zero when `end <= start`.
    public func elapsed(from start: Date, to end: Date) -> Duration {
        .milliseconds(max(0, end.epochMilliseconds - start.epochMilliseconds))
    }

    enum CodingKeys: String, CodingKey { case timeZone }

    /// Decodes a calendars.md document, keeping only its time zone.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone) ?? "UTC"
    }

    /// Encodes a 24/7 calendar in the calendars.md format.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timeZone, forKey: .timeZone)
    }
}
