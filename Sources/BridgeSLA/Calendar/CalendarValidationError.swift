public import BridgeModels

/// Every problem found in a business calendar, each with the JSON path of the offending value.
///
/// A calendar is configuration, so validation does not stop at the first mistake: it reports
/// all of them (up to ``maximumReported``), in document order, for example:
///
/// ```text
/// $.timeZone: invalid format: expected an IANA time zone identifier such as America/New_York
/// $.weeklyHours.monday[1]: inconsistent: window 11:00–13:00 overlaps window [0] 09:00–12:00
/// $.weeklyHours.funday: unknown value "funday" (expected one of: monday, …, sunday)
/// ```
///
/// Calendars built in code report the same paths, as if the calendar had been written as JSON.
public struct CalendarValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The most problems kept; a hostile document cannot make the error itself unbounded.
    public static let maximumReported = 100

    /// The problems, in document order (at most ``maximumReported``).
    public var problems: [InputError]
    /// How many further problems were found but not kept.
    public var omittedCount: Int

    /// Creates an error from its problems; keeps the first ``maximumReported``.
    public init(problems: [InputError]) {
        self.problems = Array(problems.prefix(Self.maximumReported))
        self.omittedCount = max(0, problems.count - Self.maximumReported)
    }

    /// One problem per line, `<json path>: <reason>`; safe to log.
    public var description: String {
        var lines = problems.map(\.description)
        if omittedCount > 0 { lines.append("… and \(omittedCount) more problems") }
        return lines.joined(separator: "\n")
    }
}
