/// Exponential backoff with jitter: how long to wait before each retry when the service gave
/// no `Retry-After`.
///
/// Before retry *n* (1 for the first retry) the base wait is
/// `initial × multiplierⁿ⁻¹`, capped at ``maximum``. ``jitter`` then spreads it so clients that
/// failed together do not retry together. Waits are whole milliseconds.
///
/// ```swift
/// var generator = SeededRandomNumberGenerator(seed: 42)
/// let backoff = Backoff.exponential(initial: .milliseconds(500), multiplier: 2, maximum: .seconds(30))
/// backoff.delay(beforeRetry: 1, using: &generator)   // between 250 ms and 500 ms
/// backoff.delay(beforeRetry: 2, using: &generator)   // between 500 ms and 1 s
/// ```
public struct Backoff: Hashable, Sendable {
    /// How the base wait is spread.
    public enum Jitter: Hashable, Sendable {
        /// Exactly the base wait.
        case none
        /// Uniform between zero and the base wait ("full jitter"): spreads best, may retry at
        /// once.
        case full
        /// Half the base wait plus a uniform share of the other half ("equal jitter"): always
        /// waits at least half. The default.
        case equal
    }

    /// The base wait before the first retry.
    public var initial: Duration
    /// The growth factor per retry (≥ 1).
    public var multiplier: Double
    /// The largest base wait.
    public var maximum: Duration
    /// How the base wait is spread.
    public var jitter: Jitter

    /// The longest wait a backoff gives, whatever its ``maximum``: 10¹⁵ ms, about 31,700 years
    /// (the cap `RateLimitHeaders` applies too). It keeps the millisecond arithmetic in range.
    public static let longestDelay = Duration.milliseconds(1_000_000_000_000_000)

    /// Creates a backoff; a multiplier below 1 is treated as 1, negative durations as zero, and
    /// durations beyond ``longestDelay`` as ``longestDelay``.
    public init(initial: Duration, multiplier: Double, maximum: Duration, jitter: Jitter = .equal) {
        self.initial = min(max(initial, .zero), Backoff.longestDelay)
        self.multiplier = multiplier.isFinite ? max(multiplier, 1) : 1
        self.maximum = min(max(maximum, .zero), Backoff.longestDelay)
        self.jitter = jitter
    }

    /// Exponential backoff; the defaults (500 ms doubling up to 30 s, equal jitter) suit both
    /// Graph and ClickUp.
    public static func exponential(
        initial: Duration = .milliseconds(500), multiplier: Double = 2, maximum: Duration = .seconds(30),
        jitter: Jitter = .equal
    ) -> Backoff {
        Backoff(initial: initial, multiplier: multiplier, maximum: maximum, jitter: jitter)
    }

    /// The base wait before retry `retry` (1-based), before jitter.
    public func baseDelay(beforeRetry retry: Int) -> Duration {
        // Clamped here as well: `initial` and `maximum` are settable after `init`.
        let cap = Backoff.milliseconds(Backoff.longestDelay)
        let maximumMilliseconds = min(max(Backoff.milliseconds(maximum), 0), cap)
        var value = min(max(Backoff.milliseconds(initial), 0), cap)
        var step = 1
        while step < retry && value < maximumMilliseconds {
            value *= multiplier
            step += 1
        }
        return .milliseconds(Int64(min(value, maximumMilliseconds).rounded(.down)))
    }

    /// The wait before retry `retry` (1-based), with jitter drawn from `generator`.
    ///
    /// One random number is drawn per call for ``Jitter/full`` and ``Jitter/equal`` (none for
    /// ``Jitter/none``), so a seeded generator gives a reproducible sequence.
    public func delay(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let base = Backoff.milliseconds(baseDelay(beforeRetry: retry))
        let milliseconds: Double
        switch jitter {
        case .none:
            milliseconds = base
        case .full:
            milliseconds = base * Backoff.unitInterval(&generator)
        case .equal:
            milliseconds = base / 2 + base / 2 * Backoff.unitInterval(&generator)
        }
        return .milliseconds(Int64(milliseconds.rounded(.down)))
    }

    /// A uniform value in [0, 1) from the top 53 bits of one draw.
    static func unitInterval(_ generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1.0p-53
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
