#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeModels

/// HTTP dates (RFC 9110 §5.6.7), as `Retry-After`, `Date` and `Last-Modified` carry them.
///
/// Parsing accepts the three forms HTTP recipients must accept: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
/// (`Sunday, 06-Nov-94 08:49:37 GMT`, two-digit years 70–99 read as 19xx, 00–69 as 20xx) and
/// ANSI C `asctime()` (`Sun Nov  6 08:49:37 1994`). The weekday name is checked for spelling but,
/// as RFC 9110 allows, not against the date. Formatting writes IMF-fixdate. No locale or time-zone
/// database is involved.
public enum HTTPDate: Sendable {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let longDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Parses an HTTP date, or returns `nil` when `text` is in none of the three forms.
    public static func parse(_ text: String) -> Date? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.count == 6, words[0].hasSuffix(","), shortDays.contains(String(words[0].dropLast())),
            words[5] == "GMT"
        {
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            return make(day: words[1], month: words[2], year: words[3], time: words[4], digitsInDay: 2, yearDigits: 4)
        }
        if words.count == 4, words[0].hasSuffix(","), longDays.contains(String(words[0].dropLast())),
            words[3] == "GMT"
        {
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let parts = words[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { return nil }
            return make(day: parts[0], month: parts[1], year: parts[2], time: words[2], digitsInDay: 2, yearDigits: 2)
        }
        if words.count == 5, shortDays.contains(words[0]) {
            // asctime: Sun Nov  6 08:49:37 1994 (the day is space-padded, so 1 or 2 digits)
            return make(day: words[2], month: words[1], year: words[4], time: words[3], digitsInDay: nil, yearDigits: 4)
        }
        return nil
    }

    /// Formats `date` as IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT` (whole seconds).
    public static func string(from date: Date) -> String {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let civil = CivilCalendar.date(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday (index 3 with Monday = 0).
        let weekday = ((days % 7) + 7 + 3) % 7
        return "\(shortDays[weekday]), \(pad(civil.day, 2)) \(months[civil.month - 1]) \(pad(civil.year, 4)) "
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)) GMT"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func number(_ text: String, digits: Int?) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if let digits, text.utf8.count != digits { return nil }
        if digits == nil, text.utf8.count > 2 { return nil }
        return Int(text)
    }

    private static func make(
        day: String, month: String, year: String, time: String, digitsInDay: Int?, yearDigits: Int
    ) -> Date? {
        guard let day = number(day, digits: digitsInDay),
            let monthIndex = months.firstIndex(of: month),
            var year = number(year, digits: yearDigits)
        else { return nil }
        if yearDigits == 2 { year += year < 70 ? 2000 : 1900 }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard clock.count == 3, let hour = number(clock[0], digits: 2), let minute = number(clock[1], digits: 2),
            let second = number(clock[2], digits: 2), hour < 24, minute < 60, second < 60,
            day >= 1, day <= CivilCalendar.daysIn(year: year, month: monthIndex + 1)
        else { return nil }
        let days = CivilCalendar.daysSinceEpoch(year: year, month: monthIndex + 1, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
