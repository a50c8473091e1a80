#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The source of calendar time (`Date`) for everything that is persisted or compared with
/// times from other systems: webhook timestamps, `X-RateLimit-Reset`, `Retry-After` dates.
///
/// Waiting and measuring intervals use a monotonic `Clock` instead (injected as
/// `any Clock<Duration>`), because the wall clock can jump. Inject a wall clock so tests can fix
/// "now":
///
/// ```swift
/// let verifier = ClickUpWebhookVerifier(secret: secret, wallClock: .constant(fixedDate))
/// let now = wallClock()      // call it like a function
/// ```
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    /// Creates a wall clock that reads the time from `now`.
    public init(_ now: @escaping @Sendable () -> Date) {
        read = now
    }

    /// The current time.
    public var now: Date { read() }

    /// The current time.
    public func callAsFunction() -> Date { read() }

    /// The system's clock (`Date()`).
    public static var system: WallClock { WallClock { Date() } }

    /// A clock that always reads `date`, for tests.
    public static func constant(_ date: Date) -> WallClock { WallClock { date } }
}
