import Dispatch
import Foundation
import TradingGridBridge

/// Rate-limit pacing: one simulated hour of a client sending ClickUp requests back to back
/// against a fake server that allows 100 requests in any 60 s and answers 429 beyond that.
/// Time is simulated (nothing waits for real), so the hour takes well under a second.
///
/// Clients, in the same run: unpaced (the baseline, which runs into 429s), unpaced with
/// `RetryMiddleware` (reacts to 429s), paced with `RateLimitMiddleware`, and paced with retries
/// (the recommended chain).
enum PacingBenchmarks {
    static let suite = Suite(name: "pacing") { try run() }

    static let simulatedRun = Duration.seconds(3600)
    static let latency = Duration.milliseconds(200)

    struct Outcome {
        var name: String
        var sent = 0
        var succeeded = 0
        var tooMany = 0
        var simulated = Duration.zero
        var realNanoseconds = 0.0
    }

    static func run() throws {
        let clients: [(String, @Sendable (SimulatedClock, WallClock) -> [any TransportMiddleware])] = [
            ("unpaced (baseline)", { _, _ in [] }),
            ("unpaced + RetryMiddleware", { clock, wall in [retry(clock, wall)] }),
            ("RateLimitMiddleware 100/min", { clock, wall in [pacer(clock, wall)] }),
            ("RetryMiddleware + RateLimitMiddleware", { clock, wall in [retry(clock, wall), pacer(clock, wall)] }),
        ]
        var outcomes: [Outcome] = []
        for (name, middlewares) in clients {
            let started = ContinuousClock.now
            var outcome = try runBlocking { await simulate(name: name, middlewares: middlewares) }
            let elapsed = started.duration(to: .now)
            outcome.realNanoseconds =
                Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            outcomes.append(outcome)
        }
        print("\n### Rate-limit pacing\n")
        print(
            "One simulated hour, one client sending back to back (\(latency) per request) with one token, against a fake "
                + "ClickUp that allows 100 requests in any 60 s and answers 429 beyond that. Simulated time: nothing "
                + "waits for real.\n")
        print("| client | requests sent | 2xx | 429s | successful per minute | real time for the simulated hour |")
        print("|---|---:|---:|---:|---:|---:|")
        for outcome in outcomes {
            let minutes = Double(outcome.simulated.components.seconds) / 60
            print(
                "| \(outcome.name) | \(outcome.sent) | \(outcome.succeeded) | \(outcome.tooMany) | "
                    + "\(Harness.format(Double(outcome.succeeded) / minutes, digits: 1)) | "
                    + "\(Harness.format(nanoseconds: outcome.realNanoseconds)) |")
        }
    }

    static func retry(_ clock: SimulatedClock, _ wall: WallClock) -> RetryMiddleware {
        RetryMiddleware(
            policy: RetryPolicy(maxAttempts: 4, maxTotalWait: .seconds(120)), clock: clock, wallClock: wall,
            randomNumberGenerator: SeededRandomNumberGenerator(seed: 1))
    }

    static func pacer(_ clock: SimulatedClock, _ wall: WallClock) -> RateLimitMiddleware {
        RateLimitMiddleware(policy: .clickUp(.freeForever), connectors: [.clickUp], clock: clock, wallClock: wall)
    }

    static func simulate(
        name: String, middlewares: @Sendable (SimulatedClock, WallClock) -> [any TransportMiddleware]
    ) async -> Outcome {
        let clock = SimulatedClock()
        let wall = clock.wallClock
        let server = FakeClickUp(clock: clock, wallClock: wall)
        let transport = server.with(middlewares(clock, wall))
        let auth: HTTPFields = [.authorization: "pk_10000_BENCHMARK"]
        var outcome = Outcome(name: name)
        let request: ConnectorRequest
        do {
            request = try ConnectorRequest(
                method: .get, url: URL(string: "https://api.clickup.com/api/v2/task/abc")!, fields: auth,
                connector: .clickUp, operation: "getTask")
        } catch {
            return outcome
        }
        while clock.now.offset < simulatedRun {
            do {
                let response = try await transport.send(request)
                if response.status.isSuccess { outcome.succeeded += 1 }
            } catch {
                break
            }
        }
        let counts = server.counts
        outcome.sent = counts.sent
        outcome.tooMany = counts.tooMany
        outcome.simulated = clock.now.offset
        return outcome
    }
}


/// A clock for one sequential client: sleeping moves time forward at once to the deadline.
/// Exact for a single client (nothing else runs while it "waits").
final class SimulatedClock: Clock, @unchecked Sendable {
    // @unchecked Sendable: `current` is only read and written under `lock`.
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    let startDate = Date(timeIntervalSince1970: 1_767_225_600)

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .zero }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        lock.withLock { if deadline > current { current = deadline } }
    }

    var wallClock: WallClock {
        WallClock { [self] in
            let offset = self.now.offset.components
            return self.startDate.addingTimeInterval(Double(offset.seconds) + Double(offset.attoseconds) / 1e18)
        }
    }
}

/// A fake ClickUp rate limiter: 100 requests per token in any 60 s, 429 beyond, with
/// `X-RateLimit-*` headers (Reset in epoch seconds, rounded up). Rejected requests do not count.
final class FakeClickUp: HTTPTransport, @unchecked Sendable {
    // @unchecked Sendable: the mutable counters are only touched under `lock`.
    let limit = 100
    let window = Duration.seconds(60)
    private let clock: SimulatedClock
    private let wallClock: WallClock
    private let lock = NSLock()
    private var accepted: [SimulatedClock.Instant] = []
    private var head = 0
    private var sent = 0
    private var tooMany = 0

    init(clock: SimulatedClock, wallClock: WallClock) {
        self.clock = clock
        self.wallClock = wallClock
    }

    var counts: (sent: Int, tooMany: Int) { lock.withLock { (sent, tooMany) } }

    func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
        let now = clock.now
        let status: HTTPStatus
        let fields: HTTPFields
        (status, fields) = lock.withLock {
            sent += 1
            while head < accepted.count && accepted[head].advanced(by: window) <= now { head += 1 }
            let inWindow = accepted.count - head
            let isAccepted = inWindow < limit
            if isAccepted { accepted.append(now) } else { tooMany += 1 }
            let oldest = head < accepted.count ? accepted[head] : now
            let resetOffset = oldest.advanced(by: window).offset.components
            let reset = (wallClock().timeIntervalSince1970 - Double(now.offset.components.seconds)
                - Double(now.offset.components.attoseconds) / 1e18
                + Double(resetOffset.seconds) + Double(resetOffset.attoseconds) / 1e18).rounded(.up)
            let remaining = max(0, limit - (accepted.count - head))
            let headers: HTTPFields = [
                .xRateLimitLimit: String(limit), .xRateLimitRemaining: String(remaining),
                .xRateLimitReset: String(Int(reset)),
            ]
            return (isAccepted ? .ok : .tooManyRequests, headers)
        }
        try await clock.sleep(for: PacingBenchmarks.latency)
        return ConnectorResponse(status: status, fields: fields)
    }
}
