import BridgeModels

/// Reads the calendar format from a parsed JSON value into a ``CalendarBuilder``, reporting every
/// structural problem (wrong types, unknown keys, bad `HH:mm`, bad dates) and carrying on.
enum CalendarJSONReader {
    typealias Window = BusinessCalendar.Window

    static let calendarKeys = ["timeZone", "weeklyHours", "holidays", "exceptions"]
    static let exceptionKeys = ["date", "windows"]

    static func read(_ value: JSONValue, into builder: inout CalendarBuilder) {
        guard case .object(let object) = value else {
            builder.report(builder.root, .wrongType(expected: "object", found: value.typeName))
            // Do not add "missing" problems for the members of something that is not an object.
            builder.sawTimeZone = true
            builder.sawWeeklyHours = true
            return
        }
        for key in object.keys {
            guard let member = object[key] else { continue }
            let path = builder.root.appending(key: key)
            switch key {
            case "timeZone":
                builder.sawTimeZone = true
                if case .string(let identifier) = member {
                    builder.setTimeZone(identifier: identifier)
                } else {
                    builder.report(path, wrongTypeOrMissing(member, expected: "string"))
                }
            case "weeklyHours":
                builder.sawWeeklyHours = true
                readWeeklyHours(member, at: path, into: &builder)
            case "holidays":
                readHolidays(member, at: path, into: &builder)
            case "exceptions":
                readExceptions(member, at: path, into: &builder)
            default:
                builder.report(path, .unknownValue(key, allowed: calendarKeys))
            }
        }
    }

    private static func wrongTypeOrMissing(_ value: JSONValue, expected: String) -> InputError.Reason {
        value == .null ? .missing : .wrongType(expected: expected, found: value.typeName)
    }

    private static func readWeeklyHours(_ value: JSONValue, at path: JSONPath, into builder: inout CalendarBuilder) {
        guard case .object(let days) = value else {
            builder.report(path, wrongTypeOrMissing(value, expected: "object"))
            return
        }
        builder.readWeeklyHours = true
        for key in days.keys {
            guard let member = days[key] else { continue }
            let dayPath = path.appending(key: key)
            guard let weekday = Weekday(rawValue: key) else {
                builder.report(dayPath, .unknownValue(key, allowed: Weekday.allCases.map(\.rawValue)))
                continue
            }
            if let windows = readWindows(member, at: dayPath, into: &builder) {
                builder.addWeekday(weekday, windows: windows)
            }
        }
    }

    /// A list of `["HH:mm", "HH:mm"]` pairs; reports bad entries and returns the readable ones
    /// with their positions, or `nil` when the value is not a list.
    private static func readWindows(_ value: JSONValue, at path: JSONPath, into builder: inout CalendarBuilder)
        -> [(index: Int, window: Window)]?
    {
        guard case .array(let items) = value else {
            builder.report(path, wrongTypeOrMissing(value, expected: "array of [\"HH:mm\", \"HH:mm\"] windows"))
            return nil
        }
        guard builder.accepts(count: items.count, limit: BusinessCalendar.maximumWindowsPerDay, at: path) else {
            return nil
        }
        var windows: [(index: Int, window: Window)] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index: index)
            guard case .array(let bounds) = item, bounds.count == 2 else {
                builder.report(
                    itemPath,
                    item.typeName == "array"
                        ? .invalidFormat(expected: "[\"HH:mm\", \"HH:mm\"], a start and an end")
                        : .wrongType(expected: "array [\"HH:mm\", \"HH:mm\"]", found: item.typeName))
                continue
            }
            let start = readTime(bounds[0], at: itemPath.appending(index: 0), into: &builder)
            let end = readTime(bounds[1], at: itemPath.appending(index: 1), into: &builder)
            if let start, let end { windows.append((index, Window(start: start, end: end))) }
        }
        return windows
    }

    private static func readTime(_ value: JSONValue, at path: JSONPath, into builder: inout CalendarBuilder)
        -> BusinessCalendar.TimeOfDay?
    {
        guard case .string(let text) = value else {
            builder.report(path, .wrongType(expected: "string \"HH:mm\"", found: value.typeName))
            return nil
        }
        if let time = BusinessCalendar.TimeOfDay(text) { return time }
        let bytes = Array(text.utf8)
        let shaped =
            bytes.count == 5 && bytes[2] == UInt8(ascii: ":")
            && [0, 1, 3, 4].allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
        if shaped {
            builder.report(path, .outOfRange("\(text) is not a time of day between 00:00 and 24:00"))
        } else {
            builder.report(path, .invalidFormat(expected: "HH:mm, a 24-hour time such as 09:30"))
        }
        return nil
    }

    private static func readDate(_ value: JSONValue, at path: JSONPath, into builder: inout CalendarBuilder)
        -> LocalDate?
    {
        guard case .string(let text) = value else {
            builder.report(path, wrongTypeOrMissing(value, expected: "string \"YYYY-MM-DD\""))
            return nil
        }
        do {
            return try LocalDate.parse(text)
        } catch {
            builder.report(path, .invalidDate(error.detail + " (expected YYYY-MM-DD)"))
            return nil
        }
    }

    /// The elements of an optional list (`null` is an empty list), or `nil` after reporting a
    /// value that is not a list or is too long.
    private static func readList(
        _ value: JSONValue, at path: JSONPath, of elements: String, limit: Int, into builder: inout CalendarBuilder
    ) -> [JSONValue]? {
        if value == .null { return [] }
        guard case .array(let items) = value else {
            builder.report(path, .wrongType(expected: "array of " + elements, found: value.typeName))
            return nil
        }
        return builder.accepts(count: items.count, limit: limit, at: path) ? items : nil
    }

    private static func readHolidays(_ value: JSONValue, at path: JSONPath, into builder: inout CalendarBuilder) {
        let limit = BusinessCalendar.maximumHolidays
        guard let items = readList(value, at: path, of: "\"YYYY-MM-DD\" dates", limit: limit, into: &builder) else {
            return
        }
        for (index, item) in items.enumerated() {
            if let date = readDate(item, at: path.appending(index: index), into: &builder) {
                builder.addHoliday(date, index: index)
            }
        }
    }

    private static func readExceptions(_ value: JSONValue, at path: JSONPath, into builder: inout CalendarBuilder) {
        let limit = BusinessCalendar.maximumExceptions
        let elements = "{\"date\", \"windows\"} objects"
        guard let items = readList(value, at: path, of: elements, limit: limit, into: &builder) else { return }
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(index: index)
            guard case .object(let object) = item else {
                builder.report(itemPath, .wrongType(expected: "object", found: item.typeName))
                continue
            }
            var date: LocalDate?
            var windows: [(index: Int, window: Window)]?
            for key in object.keys {
                guard let member = object[key] else { continue }
                let memberPath = itemPath.appending(key: key)
                switch key {
                case "date": date = readDate(member, at: memberPath, into: &builder)
                case "windows": windows = readWindows(member, at: memberPath, into: &builder)
                default: builder.report(memberPath, .unknownValue(key, allowed: exceptionKeys))
                }
            }
            if object["date"] == nil { builder.report(itemPath.appending(key: "date"), .missing) }
            if object["windows"] == nil {
                builder.report(itemPath.appending(key: "windows"), .missing)
            }
            builder.addException(date: date, windows: windows, index: index)
        }
    }
}

// MARK: - Codable

extension BusinessCalendar {
    private enum CodingKeys: String, CodingKey {
        case timeZone, weeklyHours, holidays, exceptions
    }

    private enum ExceptionKeys: String, CodingKey {
        case date, windows
    }

    private struct WeekdayKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ weekday: Weekday) { stringValue = weekday.rawValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a calendar from any decoder, validating it.
    ///
    /// Through `Decodable` only the *first* problem can be thrown, as an `InputError` with its
    /// full path (so a calendar nested in a larger configuration decoded with
    /// `StrictJSONDecoder` reports `$.sla.calendar.weeklyHours.monday[1]`). To get every
    /// problem, use ``init(json:limits:)-(String,_)`` or ``init(jsonValue:at:)``.
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        do throws(CalendarValidationError) {
            try self.init(jsonValue: value, at: decoder.jsonPath)
        } catch {
            throw error.problems.first ?? InputError(path: decoder.jsonPath, reason: .malformedJSON("invalid calendar"))
        }
    }

    /// Encodes the calendar format: `timeZone`, `weeklyHours` (open weekdays only), and
    /// `holidays` and `exceptions` when not empty.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timeZoneIdentifier, forKey: .timeZone)
        var weekly = container.nestedContainer(keyedBy: WeekdayKey.self, forKey: .weeklyHours)
        for weekday in Weekday.allCases {
            guard let windows = weeklyHours[weekday], !windows.isEmpty else { continue }
            try weekly.encode(windows.map(\.pair), forKey: WeekdayKey(weekday))
        }
        if !holidays.isEmpty { try container.encode(holidays, forKey: .holidays) }
        if !exceptions.isEmpty {
            var list = container.nestedUnkeyedContainer(forKey: .exceptions)
            for exception in exceptions {
                var item = list.nestedContainer(keyedBy: ExceptionKeys.self)
                try item.encode(exception.date, forKey: .date)
                try item.encode(exception.windows.map(\.pair), forKey: .windows)
            }
        }
    }
}

extension BusinessCalendar.Window {
    /// `["HH:mm", "HH:mm"]`, as the calendar format writes a window.
    var pair: [String] { [start.description, end.description] }
}

