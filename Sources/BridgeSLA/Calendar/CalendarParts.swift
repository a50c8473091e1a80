public import BridgeModels

extension BusinessCalendar {
    /// A wall-clock time of day with minute precision, from `00:00` to `24:00`.
    ///
    /// `24:00` is the end of the day; it is only allowed as the end of a ``Window``. Times are
    /// local to the calendar's time zone.
    public struct TimeOfDay: Hashable, Comparable, Sendable, LosslessStringConvertible {
        /// Minutes since local midnight, `0` (`00:00`) through `1440` (`24:00`).
        public let minutesSinceMidnight: Int

        /// Creates a time from its hour and minute; returns `nil` unless `00:00 ≤ time ≤ 24:00`.
        public init?(hour: Int, minute: Int) {
            guard (0...24).contains(hour), (0...59).contains(minute), hour < 24 || minute == 0 else { return nil }
            self.minutesSinceMidnight = hour * 60 + minute
        }

        /// Parses `HH:mm` (two digits each, `00:00` through `24:00`); returns `nil` for anything else.
        public init?(_ description: String) {
            let bytes = Array(description.utf8)
            guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return nil }
            var digits: [Int] = []
            for index in [0, 1, 3, 4] {
                let byte = bytes[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                digits.append(Int(byte - 0x30))
            }
            self.init(hour: digits[0] * 10 + digits[1], minute: digits[2] * 10 + digits[3])
        }

        /// The start of the day, `00:00`.
        public static let startOfDay = TimeOfDay(minutes: 0)
        /// The end of the day, `24:00` (only valid as a window end).
        public static let endOfDay = TimeOfDay(minutes: 1440)

        init(minutes: Int) {
            self.minutesSinceMidnight = minutes
        }

        /// The hour, `0` through `24`.
        public var hour: Int { minutesSinceMidnight / 60 }
        /// The minute, `0` through `59`.
        public var minute: Int { minutesSinceMidnight % 60 }

        /// `HH:mm`.
        public var description: String {
            let hour = minutesSinceMidnight / 60
            let minute = minutesSinceMidnight % 60
            return (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
        }

        /// Orders by position in the day.
        public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
            lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
        }
    }

    /// An opening window of one day, `[start, end)` in local wall-clock time.
    ///
    /// A window does not cross midnight: an overnight shift is two windows, `22:00–24:00` on one
    /// day and `00:00–06:00` on the next. The calendar initializers check that `start < end`,
    /// that `start` is not `24:00` and that the windows of one day do not overlap; windows that
    /// touch (`09:00–12:00` and `12:00–17:00`) are fine.
    public struct Window: Hashable, Comparable, Sendable, CustomStringConvertible {
        /// The first minute of the window.
        public let start: TimeOfDay
        /// The end of the window (exclusive); `24:00` for a window that runs to midnight.
        public let end: TimeOfDay

        /// Creates a window; the calendar that receives it validates it.
        public init(start: TimeOfDay, end: TimeOfDay) {
            self.start = start
            self.end = end
        }

        /// Creates a window from two `HH:mm` texts; returns `nil` if either is not a time of day.
        public init?(_ start: String, _ end: String) {
            guard let start = TimeOfDay(start), let end = TimeOfDay(end) else { return nil }
            self.init(start: start, end: end)
        }

        /// The window's length in wall-clock minutes (zero or negative for an invalid window).
        public var minutes: Int { end.minutesSinceMidnight - start.minutesSinceMidnight }

        /// `HH:mm–HH:mm`.
        public var description: String { "\(start)–\(end)" }

        /// Orders by start, then end.
        public static func < (lhs: Window, rhs: Window) -> Bool {
            (lhs.start, lhs.end) < (rhs.start, rhs.end)
        }
    }

    /// Different hours for one local date: opens a day that is normally closed, shortens or
    /// lengthens a normal day, or (with no windows) closes it.
    ///
    /// In JSON: `{"date": "2026-12-24", "windows": [["09:00", "12:00"]]}`.
    public struct Exception: Hashable, Sendable {
        /// The local date the exception applies to.
        public let date: LocalDate
        /// The windows of that date, in order; empty closes the date.
        public let windows: [Window]

        /// Creates an exception; the calendar that receives it validates its windows.
        public init(date: LocalDate, windows: [Window]) {
            self.date = date
            self.windows = windows
        }
    }
}
