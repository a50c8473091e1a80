#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeModels

/// A request budget: at most ``limit`` requests in any ``window``.
public struct RateLimitPolicy: Hashable, Sendable {
    /// The most requests in any window (≥ 1).
    public var limit: Int
    /// The window's length.
    public var window: Duration
    /// Whether to adopt the limit a response announces in `X-RateLimit-Limit` (a ClickUp
    /// Business Plus workspace announces 1,000), instead of keeping ``limit``.
    public var followsServiceLimit: Bool
    /// The longest pause the service can impose on the budget (a 429's `Retry-After`, or an
    /// `X-RateLimit-Reset` with nothing remaining). A longer one (a broken or hostile header) is
    /// cut to this, so it cannot stall every request of the token for years; if the service
    /// still refuses afterwards, its next 429 pauses the budget again. Default 15 minutes.
    public var maxServiceWait: Duration

    /// Creates a policy; a limit below 1 is treated as 1, a non-positive window as one second,
    /// and a negative `maxServiceWait` as zero.
    public init(
        limit: Int, per window: Duration, followsServiceLimit: Bool = true, maxServiceWait: Duration = .seconds(900)
    ) {
        self.limit = max(1, limit)
        self.window = window > .zero ? window : .seconds(1)
        self.followsServiceLimit = followsServiceLimit
        self.maxServiceWait = max(.zero, maxServiceWait)
    }

    /// A ClickUp Workspace plan, which sets the per-token limit (`clickup-api.md` §12).
    public enum ClickUpPlan: Hashable, Sendable {
        /// Free Forever: 100 requests per minute.
        case freeForever
        /// Unlimited: 100 requests per minute.
        case unlimited
        /// Business: 100 requests per minute.
        case business
        /// Business Plus: 1,000 requests per minute.
        case businessPlus
        /// Enterprise: 10,000 requests per minute.
        case enterprise
    }

    /// ClickUp's documented per-token limit for `plan`.
    public static func clickUp(_ plan: ClickUpPlan) -> RateLimitPolicy {
        switch plan {
        case .freeForever, .unlimited, .business: return RateLimitPolicy(limit: 100, per: .seconds(60))
        case .businessPlus: return RateLimitPolicy(limit: 1_000, per: .seconds(60))
        case .enterprise: return RateLimitPolicy(limit: 10_000, per: .seconds(60))
        }
    }
}

/// Paces requests so they stay within a per-token budget, instead of running into 429s.
///
/// Each request is assigned a send time: the earliest moment at which fewer than
/// ``RateLimitPolicy/limit`` requests of the same budget were sent in the preceding
/// ``RateLimitPolicy/window``, then waits for it on the injected clock. Bursts up to the limit go
/// at once; after that, requests go as slots free up. Because no window ever holds more than the
/// limit, the pacing suits a service that counts in fixed windows as well as one that counts in
/// sliding windows.
///
/// ### Budgets
///
/// Requests share a budget when they have the same connector and the same `Authorization`
/// value; the budget is keyed by a SHA-256 of the two, so the token itself is never stored.
/// Put this middleware **after** ``AuthorizationMiddleware`` (it needs the header) and after
/// ``RetryMiddleware`` (so each attempt is paced). Several clients share a budget by sharing one
/// middleware value.
///
/// ### What the service says
///
/// Every response is read, best effort:
/// - `X-RateLimit-Limit` replaces the policy's limit when ``RateLimitPolicy/followsServiceLimit``.
/// - `X-RateLimit-Remaining` lower than what the local count allows (another process uses the
///   same token) is honoured: once the service's remaining count is used up, requests wait for
///   `X-RateLimit-Reset` (units: see ``RateLimitHeaders``). When the local count is as strict,
///   it wins: it knows exact send times, while the reset is rounded to whole seconds.
/// - A 429 pauses the whole budget for its `Retry-After` or until `X-RateLimit-Reset`.
///
/// A pause the service imposes is cut to ``RateLimitPolicy/maxServiceWait`` (15 minutes by
/// default), so one absurd header cannot stall the token's requests indefinitely.
public struct RateLimitMiddleware: TransportMiddleware {
    /// The budget per token.
    public let policy: RateLimitPolicy
    /// The connectors paced; `nil` paces all.
    public let connectors: Set<ConnectorID>?
    private let pacer: any RequestPacing
    private let wallClock: WallClock

    /// Creates the middleware.
    ///
    /// - Parameters:
    ///   - policy: The budget per token, e.g. `.clickUp(.freeForever)`.
    ///   - connectors: The connectors to pace, e.g. `[.clickUp]`; `nil` paces every request.
    ///   - clock: The clock to wait on; inject a manual clock in tests.
    ///   - wallClock: The current date, to read `X-RateLimit-Reset` and `Retry-After` dates.
    public init(
        policy: RateLimitPolicy, connectors: Set<ConnectorID>? = nil, clock: any Clock<Duration> = ContinuousClock(),
        wallClock: WallClock = .system
    ) {
        self.policy = policy
        self.connectors = connectors
        self.wallClock = wallClock
        self.pacer = RateLimitMiddleware.makePacer(clock, policy: policy)
    }

    private static func makePacer<C: Clock<Duration>>(_ clock: C, policy: RateLimitPolicy) -> any RequestPacing {
        RequestPacer(clock: clock, policy: policy)
    }

    /// Waits for a slot in the request's budget, sends it, and learns from the response.
    public func intercept(
        _ request: ConnectorRequest,
        next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
    ) async throws -> ConnectorResponse {
        if let connectors, !connectors.contains(request.connector) { return try await next(request) }
        let key = RateLimitMiddleware.budgetKey(for: request)
        let sentAt = try await pacer.acquire(key: key)
        let response = try await next(request)
        await pacer.observe(
            key: key, sentAt: sentAt, status: response.status,
            headers: RateLimitHeaders(response.fields, now: wallClock()))
        return response
    }

    /// How many budgets are held (idle ones are pruned as tokens come and go).
    package var budgetCount: Int {
        get async { await pacer.budgetCount }
    }

    /// How many send times all budgets hold (those of the last window, plus a little slack).
    package var retainedSendTimes: Int {
        get async { await pacer.retainedSendTimes }
    }

    /// The budget a request belongs to: a hash of its connector and `Authorization` value.
    package static func budgetKey(for request: ConnectorRequest) -> String {
        let authorization = request.fields[.authorization] ?? ""
        let digest = SHA256Hasher.hash(Array("\(request.connector.rawValue)\n\(authorization)".utf8))
        return request.connector.rawValue + ":" + SHA256Hasher.hex(Array(digest.prefix(12)))
    }
}

/// The clock-independent face of ``RequestPacer``, so the middleware can hold any clock.
protocol RequestPacing: Sendable {
    /// Waits for a slot; returns a token for ``observe``, the instant the request was sent.
    func acquire(key: String) async throws -> any Sendable
    func observe(key: String, sentAt: any Sendable, status: HTTPStatus, headers: RateLimitHeaders) async
    var budgetCount: Int { get async }
    var retainedSendTimes: Int { get async }
}

/// The pacing state of every budget, on one clock.
actor RequestPacer<C: Clock<Duration>>: RequestPacing {
    private struct Budget {
        var limit: Int
        /// Send times of the last `limit` requests, oldest first (reserved times may lie in the
        /// future).
        var sent: [C.Instant] = []
        var head = 0
        /// No request goes before this (a 429, or the service's remaining count used up).
        var pausedUntil: C.Instant?
        /// The service's remaining count and when it resets, if it announced them.
        var serviceRemaining: Int?
        var serviceReset: C.Instant?

        var count: Int { sent.count - head }
        var oldest: C.Instant? { head < sent.count ? sent[head] : nil }

        /// How many more requests the local log allowed in the window ending at `instant`
        /// (requests reserved for later are not counted).
        func remaining(at instant: C.Instant, window: Duration) -> Int {
            var used = 0
            var index = sent.count - 1
            while index >= head, sent[index].advanced(by: window) > instant {
                if sent[index] <= instant { used += 1 }
                index -= 1
            }
            return max(0, limit - used)
        }

        /// Adds a send time, keeping only the last `limit` ones and none that left the window
        /// before `now` (they constrain nothing; without this, a huge announced limit would
        /// keep every send time ever made).
        mutating func append(_ instant: C.Instant, now: C.Instant, window: Duration) {
            sent.append(instant)
            while count > limit { head += 1 }
            while head < sent.count, sent[head].advanced(by: window) <= now { head += 1 }
            if head > 64 && head * 2 > sent.count {
                sent.removeFirst(head)
                head = 0
            }
        }
    }

    private let clock: C
    private let policy: RateLimitPolicy
    private var budgets: [String: Budget] = [:]
    /// Budgets are pruned when there are more than this many (refreshed tokens leave idle ones).
    private var pruneThreshold = 256

    init(clock: C, policy: RateLimitPolicy) {
        self.clock = clock
        self.policy = policy
    }

    func acquire(key: String) async throws -> any Sendable {
        let sendAt = reserve(key: key)
        if sendAt > clock.now {
            try await clock.sleep(until: sendAt, tolerance: nil)
        }
        return sendAt
    }

    /// Picks the earliest allowed send time and records it, before any waiting, so concurrent
    /// requests line up in arrival order.
    private func reserve(key: String) -> C.Instant {
        let now = clock.now
        var budget = budgets[key] ?? Budget(limit: policy.limit)
        var sendAt = now
        if let paused = budget.pausedUntil {
            if paused > sendAt { sendAt = paused } else { budget.pausedUntil = nil }
        }
        if budget.count >= budget.limit, let oldest = budget.oldest {
            let free = oldest.advanced(by: policy.window)
            if free > sendAt { sendAt = free }
        }
        if let reset = budget.serviceReset {
            if reset <= sendAt {
                budget.serviceRemaining = nil
                budget.serviceReset = nil
            } else if let remaining = budget.serviceRemaining {
                if remaining <= 0 {
                    sendAt = reset
                    budget.serviceRemaining = nil
                    budget.serviceReset = nil
                } else {
                    budget.serviceRemaining = remaining - 1
                }
            }
        }
        budget.append(sendAt, now: now, window: policy.window)
        budgets[key] = budget
        if budgets.count > pruneThreshold { pruneIdleBudgets(now: now) }
        return sendAt
    }

    /// Drops budgets that constrain nothing any more: no send in the last window, no pause and
    /// no service reset ahead.
    private func pruneIdleBudgets(now: C.Instant) {
        budgets = budgets.filter { _, budget in
            let lastSend = budget.sent.last.map { $0.advanced(by: policy.window) > now } ?? false
            let paused = budget.pausedUntil.map { $0 > now } ?? false
            let reset = budget.serviceReset.map { $0 > now } ?? false
            return lastSend || paused || reset
        }
        pruneThreshold = max(256, budgets.count * 2)
    }

    var budgetCount: Int { budgets.count }

    var retainedSendTimes: Int { budgets.values.reduce(0) { $0 + $1.sent.count } }

    func observe(key: String, sentAt: any Sendable, status: HTTPStatus, headers: RateLimitHeaders) {
        guard var budget = budgets[key] else { return }
        let now = clock.now
        // The service counted the request when it arrived, so compare with the local count at
        // the send time, not at the (later) response time.
        let sent = sentAt as? C.Instant ?? now
        if policy.followsServiceLimit, let limit = headers.limit, limit > 0, limit != budget.limit {
            budget.limit = limit
            while budget.count > limit { budget.head += 1 }
        }
        if let remaining = headers.remaining, let untilReset = headers.untilReset {
            if remaining < budget.remaining(at: sent, window: policy.window) {
                // Someone else uses the token too: spend only what the service says is left,
                // then wait for its reset.
                budget.serviceRemaining = min(remaining, budget.serviceRemaining ?? remaining)
                budget.serviceReset = now.advanced(by: min(untilReset, policy.maxServiceWait))
            } else {
                // The local count is at least as strict; it also knows the exact send times,
                // where the service's reset time is rounded to whole seconds.
                budget.serviceRemaining = nil
                budget.serviceReset = nil
            }
        }
        if status == .tooManyRequests, let wait = headers.retryAfter ?? headers.untilReset {
            let until = now.advanced(by: min(wait, policy.maxServiceWait))
            if budget.pausedUntil.map({ until > $0 }) ?? true { budget.pausedUntil = until }
        }
        budgets[key] = budget
    }
}
