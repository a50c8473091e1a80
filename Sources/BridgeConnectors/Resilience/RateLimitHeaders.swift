#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What a response says about rate limits: ClickUp's `X-RateLimit-Limit`,
/// `X-RateLimit-Remaining` and `X-RateLimit-Reset`, and the standard `Retry-After`.
///
/// ### `X-RateLimit-Reset` units
///
/// ClickUp documents Reset only as "time when the rate limit will reset, in Unix timestamp
/// format" and does not give the unit. Third-party clients treat it as epoch **seconds**
/// (triptechtravel/clickup-cli `internal/api/rate_limit.go`, Npab19/clickup-mcp `client.py`;
/// see `clickup-api.md` §12); this is unverified against the live API. So the value is read as:
///
/// | value | read as |
/// |---|---|
/// | ≥ 10¹² | epoch milliseconds (no epoch-seconds value is that large before the year 33658) |
/// | ≥ 10⁹ | epoch seconds (the documented and third-party reading) |
/// | smaller | seconds from now (the IETF `RateLimit-Reset` draft's delta form) |
///
/// ### `Retry-After`
///
/// Either a number of seconds or an HTTP date (RFC 9110 §10.2.3); Graph sends seconds with 429.
/// A date in the past means "now".
public struct RateLimitHeaders: Hashable, Sendable {
    /// `X-RateLimit-Limit`: requests allowed per window for this token.
    public var limit: Int?
    /// `X-RateLimit-Remaining`: requests left in the current window.
    public var remaining: Int?
    /// `X-RateLimit-Reset` as a date (see the units table above).
    public var reset: Date?
    /// The time from the reading's `now` until ``reset``, never negative.
    public var untilReset: Duration?
    /// `Retry-After` as a wait from the reading's `now`, never negative.
    public var retryAfter: Duration?

    /// Creates a value from its parts.
    public init(
        limit: Int? = nil, remaining: Int? = nil, reset: Date? = nil, untilReset: Duration? = nil,
        retryAfter: Duration? = nil
    ) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
        self.untilReset = untilReset
        self.retryAfter = retryAfter
    }

    /// Reads the rate-limit fields of a response. Unparseable values are ignored (a broken
    /// header must not break a request); negative counts are ignored.
    ///
    /// - Parameters:
    ///   - fields: The response's header fields.
    ///   - now: The current wall-clock time, to turn dates into waits.
    public init(_ fields: HTTPFields, now: Date) {
        limit = fields[.xRateLimitLimit].flatMap(RateLimitHeaders.count)
        remaining = fields[.xRateLimitRemaining].flatMap(RateLimitHeaders.count)
        if let text = fields[.xRateLimitReset], let reset = RateLimitHeaders.resetDate(text, now: now) {
            self.reset = reset
            untilReset = RateLimitHeaders.wait(from: now, to: reset)
        }
        if let text = fields[.retryAfter] {
            retryAfter = RateLimitHeaders.retryAfter(text, now: now)
        }
    }

    /// Parses a `Retry-After` value: whole seconds, or an HTTP date turned into the wait from
    /// `now` (zero when it is in the past). Returns `nil` for anything else.
    public static func retryAfter(_ text: String, now: Date) -> Duration? {
        let trimmed = text.trimmedOfSpaces
        if let seconds = digitsValue(trimmed) { return .seconds(seconds) }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        return wait(from: now, to: date)
    }

    /// Parses an `X-RateLimit-Reset` value with the unit rules above.
    public static func resetDate(_ text: String, now: Date) -> Date? {
        guard let value = Double(text.trimmedOfSpaces), value.isFinite, value >= 0 else { return nil }
        if value >= 1e12 { return Date(timeIntervalSince1970: value / 1000) }
        if value >= 1e9 { return Date(timeIntervalSince1970: value) }
        return now.addingTimeInterval(value)
    }

    private static func count(_ text: String) -> Int? {
        digitsValue(text.trimmedOfSpaces).flatMap { Int(exactly: $0) }
    }

    private static func digitsValue(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return Int64(text)
    }

    /// The wait from `now` to `date` in whole milliseconds, never negative. Rounded to the
    /// nearest millisecond: rounding up would turn the floating-point noise of two nearby
    /// dates into an extra millisecond on every wait.
    static func wait(from now: Date, to date: Date) -> Duration {
        let milliseconds = ((date.timeIntervalSince1970 - now.timeIntervalSince1970) * 1000).rounded()
        guard milliseconds > 0 else { return .zero }
        return .milliseconds(Int64(min(milliseconds, 1e15)))
    }
}

extension String {
    var trimmedOfSpaces: String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
            let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
