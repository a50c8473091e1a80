#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeConnectors

/// A `Clock` that moves only when a test says so, with a wall-clock `Date` that moves with it.
///
/// Code under test sleeps on it as on any clock (`try await clock.sleep(for: .seconds(60))`); the
/// test advances time with ``advance(by:)`` or ``advance(to:)``, which resumes every sleeper
/// whose deadline has come, earliest deadline first (ties in the order they started sleeping).
/// The resumed tasks then run concurrently, so when their order matters, move time one
/// deadline at a time (``advanceToNextDeadline()``) and await each effect. Nothing ever waits on
/// real time, and every method may be called from any task.
///
/// To keep tests deterministic, wait until the code under test is actually asleep before moving
/// time, with ``waitForSleepers(count:)``:
///
/// ```swift
/// let clock = ManualClock()
/// let task = Task { try await pacedClient.send(request) }
/// await clock.waitForSleepers(count: 1)          // the request is waiting for its slot
/// #expect(clock.nextDeadline == clock.now.advanced(by: .seconds(60)))
/// clock.advance(by: .seconds(60))
/// let response = try await task.value
/// ```
///
/// Sleeping is cancellable: a cancelled sleeper throws `CancellationError` at once.
public final class ManualClock: Clock, Sendable {

    /// A point in the clock's time: the duration since the clock was created.
    public struct Instant: InstantProtocol, Hashable, Sendable, CustomStringConvertible {
        /// Time since the clock's origin.
        public var offset: Duration

        /// Creates an instant at `offset` from the origin.
        public init(offset: Duration) {
            self.offset = offset
        }

        /// The instant `duration` later.
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        /// The duration from this instant to `other`.
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        /// Orders by offset.
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        /// `+90.0 seconds`.
        public var description: String { "+\(offset)" }
    }

    /// A sleeper or a waiter: something a task registers and its cancellation withdraws.
    private protocol Registration {
        var id: UInt64 { get }
    }

    private struct Sleeper: Registration {
        var id: UInt64
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Waiter: Registration {
        var id: UInt64
        var count: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var waiters: [Waiter] = []
        /// Ids of sleepers and waiters, from one counter.
        var nextID: UInt64 = 0
        /// Sleepers and waiters whose task was cancelled before they were registered.
        var cancelledBeforeSuspending: Set<UInt64> = []

        mutating func newID() -> UInt64 {
            nextID += 1
            return nextID
        }

        /// Removes and returns the registration `id` from `list`; when it is not there (its task
        /// was cancelled before it registered, or it was resumed already), notes the
        /// cancellation instead, for the registering code or the caller's clean-up to consume.
        mutating func withdraw<Entry: Registration>(_ id: UInt64, from list: WritableKeyPath<State, [Entry]>)
            -> Entry?
        {
            guard let index = self[keyPath: list].firstIndex(where: { $0.id == id }) else {
                cancelledBeforeSuspending.insert(id)
                return nil
            }
            return self[keyPath: list].remove(at: index)
        }
    }

    private let state = LockedValue(State())

    /// The wall-clock date at the clock's origin.
    public let startDate: Date

    /// Creates a clock at offset zero.
    ///
    /// - Parameter startDate: The wall-clock date at offset zero; ``date`` moves with the clock.
    ///   Default 2026-01-01T00:00:00Z.
    public init(startDate: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        self.startDate = startDate
    }

    /// The current instant.
    public var now: Instant { state.withLock { $0.now } }

    /// Zero: the clock is exact.
    public var minimumResolution: Duration { .zero }

    /// The wall-clock date now: ``startDate`` plus the time advanced.
    public var date: Date {
        let parts = now.offset.components
        return startDate.addingTimeInterval(TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18)
    }

    /// A `WallClock` that reads ``date``, for code that needs both kinds of time.
    public var wallClock: WallClock {
        WallClock { [self] in self.date }
    }

    /// How many tasks are sleeping on the clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The deadlines of every sleeping task, earliest first.
    public var pendingDeadlines: [Instant] { state.withLock { state in state.sleepers.map(\.deadline).sorted() } }

    /// The earliest deadline of a sleeping task, or `nil` when none sleeps.
    public var nextDeadline: Instant? { state.withLock { state in state.sleepers.map(\.deadline).min() } }

    /// Suspends until `deadline`. Returns at once when the deadline has passed.
    ///
    /// - Throws: `CancellationError` when the task is cancelled.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = state.withLock { $0.newID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case resume, cancel, sleep([Waiter]) }
                let outcome = state.withLock { state -> Outcome in
                    if state.cancelledBeforeSuspending.remove(id) != nil { return .cancel }
                    if deadline <= state.now { return .resume }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    let count = state.sleepers.count
                    let ready = state.waiters.filter { $0.count <= count }
                    state.waiters.removeAll { $0.count <= count }
                    return .sleep(ready)
                }
                switch outcome {
                case .resume: continuation.resume()
                case .cancel: continuation.resume(throwing: CancellationError())
                case .sleep(let ready): ready.forEach { $0.continuation.resume() }
                }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.withdraw(id, from: \.sleepers) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        // A sleeper resumed normally leaves no trace; one cancelled before it suspended was
        // consumed above. Drop a stale cancellation mark if the task was cancelled after waking.
        state.withLock { _ = $0.cancelledBeforeSuspending.remove(id) }
    }

    /// Moves time forward by `duration` and wakes every sleeper whose deadline has come, earliest
    /// first. A negative duration does nothing. Concurrent calls add up: reading the time and
    /// moving it is one atomic step.
    public func advance(by duration: Duration) {
        advance { $0.advanced(by: duration) }
    }

    /// Moves time to `instant` (never backwards) and wakes every sleeper whose deadline has come,
    /// earliest first.
    public func advance(to instant: Instant) {
        advance { _ in instant }
    }

    /// Moves time to `target(now)` (never backwards) under the lock, then wakes the sleepers due.
    private func advance(_ target: (Instant) -> Instant) {
        let due = state.withLock { state -> [Sleeper] in
            let instant = target(state.now)
            if instant > state.now { state.now = instant }
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves time to the earliest deadline of a sleeping task and wakes the sleepers due then.
    ///
    /// - Returns: `false` when no task sleeps (time does not move).
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        guard let deadline = nextDeadline else { return false }
        advance(to: deadline)
        return true
    }

    /// Suspends until at least `count` tasks are sleeping on the clock.
    ///
    /// Use it before ``advance(by:)`` so the code under test has reached its sleep; combine with
    /// a test time limit, since it waits for as long as that takes. It returns early, with fewer
    /// sleepers, when the waiting task is cancelled (as a time limit does), so a test whose code
    /// never sleeps fails instead of hanging the run.
    public func waitForSleepers(count: Int) async {
        let id = state.withLock { $0.newID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.cancelledBeforeSuspending.remove(id) != nil || state.sleepers.count >= count {
                        return true
                    }
                    state.waiters.append(Waiter(id: id, count: count, continuation: continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.withdraw(id, from: \.waiters) }
            waiter?.continuation.resume()
        }
        // As in `sleep(until:)`: drop the mark of a cancellation that came after the wait ended.
        state.withLock { _ = $0.cancelledBeforeSuspending.remove(id) }
    }
}
