import BridgeConnectors
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite(.timeLimit(.minutes(1)))
struct RateLimitMiddlewareTests {
    let clock = ManualClock()

    private func pacing(_ policy: RateLimitPolicy, connectors: Set<ConnectorID>? = nil) -> RateLimitMiddleware {
        RateLimitMiddleware(policy: policy, connectors: connectors, clock: clock, wallClock: clock.wallClock)
    }

    private func at(_ seconds: Int64) -> ManualClock.Instant { ManualClock.Instant(offset: .seconds(seconds)) }

    private func request(token: String = "pk_A", connector: ConnectorID = .clickUp) -> ConnectorRequest {
        TransportFixtures.request(connector: connector, fields: [.authorization: token])
    }

    /// Sends one request that must wait, checks its deadline, and lets it go.
    private func sendAfterWait(_ chain: MiddlewareTransport, _ request: ConnectorRequest, until deadline: ManualClock.Instant)
        async throws
    {
        let task = Task { try await chain.send(request) }
        await clock.waitForSleepers(count: 1)
        #expect(clock.pendingDeadlines == [deadline])
        clock.advance(to: deadline)
        _ = try await task.value
    }

    /// Like `sendAfterWait`, but lets the request go whatever its deadline, so a wrong deadline
    /// fails the expectation instead of hanging the test.
    private func sendAfterAnyWait(
        _ chain: MiddlewareTransport, _ request: ConnectorRequest, expecting deadline: ManualClock.Instant
    ) async throws {
        let task = Task { try await chain.send(request) }
        await clock.waitForSleepers(count: 1)
        #expect(clock.pendingDeadlines == [deadline])
        clock.advanceToNextDeadline()
        _ = try await task.value
    }

    @Test func burstsUpToTheLimitThenWaitsForTheWindowExactly() async throws {
        let transport = RecordingTransport(clock: clock)
        let chain = transport.with(pacing(RateLimitPolicy(limit: 3, per: .seconds(60))))
        for _ in 0..<3 { _ = try await chain.send(request()) }
        clock.advance(by: .seconds(10))
        try await sendAfterWait(chain, request(), until: at(60))
        // The three sends at 0 left the window at 60: two more go at once, the next waits.
        _ = try await chain.send(request())
        _ = try await chain.send(request())
        try await sendAfterWait(chain, request(), until: at(120))
        #expect(transport.records.map(\.instant) == [at(0), at(0), at(0), at(60), at(60), at(60), at(120)])
    }

    @Test func slotsFreeUpOneWindowAfterEachSend() async throws {
        let transport = RecordingTransport(clock: clock)
        let chain = transport.with(pacing(RateLimitPolicy(limit: 2, per: .seconds(60))))
        _ = try await chain.send(request())  // t = 0
        clock.advance(by: .seconds(20))
        _ = try await chain.send(request())  // t = 20
        try await sendAfterWait(chain, request(), until: at(60))   // first slot frees at 0 + 60
        try await sendAfterWait(chain, request(), until: at(80))   // second at 20 + 60
        try await sendAfterWait(chain, request(), until: at(120))  // third at 60 + 60
        #expect(transport.records.map(\.instant) == [at(0), at(20), at(60), at(80), at(120)])
    }

    @Test func concurrentRequestsLineUpInSlots() async throws {
        let transport = RecordingTransport(clock: clock)
        let chain = transport.with(pacing(RateLimitPolicy(limit: 3, per: .seconds(60))))
        let tasks = (0..<10).map { _ in Task { try await chain.send(request()) } }
        await clock.waitForSleepers(count: 7)
        #expect(clock.pendingDeadlines == [at(60), at(60), at(60), at(120), at(120), at(120), at(180)])
        while clock.advanceToNextDeadline() {}
        for task in tasks { _ = try await task.value }
        #expect(transport.requests.count == 10)
    }

    @Test func eachTokenHasItsOwnBudget() async throws {
        let transport = RecordingTransport(clock: clock)
        let chain = transport.with(pacing(RateLimitPolicy(limit: 1, per: .seconds(60))))
        _ = try await chain.send(request(token: "pk_A"))
        _ = try await chain.send(request(token: "pk_B"))
        _ = try await chain.send(request(token: "pk_A", connector: .planner))
        #expect(transport.records.map(\.instant) == [at(0), at(0), at(0)])
        try await sendAfterWait(chain, request(token: "pk_A"), until: at(60))
    }

    @Test func idleBudgetsOfOldTokensArePruned() async throws {
        // Refreshed tokens (Graph's expire hourly) leave budgets behind; they must not pile up.
        let transport = RecordingTransport(clock: clock)
        let middleware = pacing(RateLimitPolicy(limit: 10, per: .seconds(60)))
        let chain = transport.with(middleware)
        for index in 0..<300 {
            _ = try await chain.send(request(token: "token-\(index)"))
            clock.advance(by: .seconds(1))
        }
        // Only the tokens used in the last minute can still constrain anything.
        #expect(await middleware.budgetCount <= 256)
        #expect(await middleware.budgetCount >= 60)
    }

    @Test func onlyTheListedConnectorsArePaced() async throws {
        let transport = RecordingTransport(clock: clock)
        let chain = transport.with(pacing(RateLimitPolicy(limit: 1, per: .seconds(60)), connectors: [.clickUp]))
        for _ in 0..<5 { _ = try await chain.send(request(connector: .planner)) }
        #expect(transport.requests.count == 5)
        #expect(clock.now == at(0))
    }

    @Test func budgetKeysAreHashesNotTokens() {
        let a = RateLimitMiddleware.budgetKey(for: request(token: TransportFixtures.token))
        let b = RateLimitMiddleware.budgetKey(for: request(token: TransportFixtures.token + "x"))
        #expect(!a.contains(TransportFixtures.token) && !a.contains("SECRET"))
        #expect(a != b)
        #expect(a.hasPrefix("clickup:"))
        #expect(a == RateLimitMiddleware.budgetKey(for: request(token: TransportFixtures.token)))
    }

    @Test func adoptsTheLimitTheServiceAnnounces() async throws {
        let transport = RecordingTransport(fallback: ConnectorResponse(status: .ok, fields: [.xRateLimitLimit: "2"]), clock: clock)
        let chain = transport.with(pacing(.clickUp(.freeForever)))
        _ = try await chain.send(request())
        _ = try await chain.send(request())
        try await sendAfterWait(chain, request(), until: at(60))
    }

    @Test func keepsItsOwnLimitWhenToldNotToFollowTheService() async throws {
        let transport = RecordingTransport(fallback: ConnectorResponse(status: .ok, fields: [.xRateLimitLimit: "1"]), clock: clock)
        let chain = transport.with(pacing(RateLimitPolicy(limit: 3, per: .seconds(60), followsServiceLimit: false)))
        for _ in 0..<3 { _ = try await chain.send(request()) }
        #expect(clock.now == at(0))
        #expect(transport.requests.count == 3)
    }

    @Test func waitsForTheResetWhenTheServiceHasNoneRemaining() async throws {
        // Another process used the token: ClickUp says 0 remaining, reset in 45 s (epoch seconds).
        let reset = Int(TransportFixtures.startDate.timeIntervalSince1970) + 45
        let transport = RecordingTransport(
            responses: [
                ConnectorResponse(
                    status: .ok,
                    fields: [.xRateLimitLimit: "100", .xRateLimitRemaining: "0", .xRateLimitReset: String(reset)])
            ], clock: clock)
        let chain = transport.with(pacing(.clickUp(.freeForever)))
        _ = try await chain.send(request())
        try await sendAfterWait(chain, request(), until: at(45))
        _ = try await chain.send(request())
        #expect(transport.records.map(\.instant) == [at(0), at(45), at(45)])
    }

    @Test func theLocalCountWinsWhenItIsAsStrictAsTheService() async throws {
        // The service agrees with the local count but rounds its reset up to whole seconds (61 s);
        // the local log knows the slot frees at exactly 60 s.
        let reset = String(Int(TransportFixtures.startDate.timeIntervalSince1970) + 61)
        let transport = RecordingTransport(
            responses: [
                ConnectorResponse(status: .ok, fields: [.xRateLimitRemaining: "1", .xRateLimitReset: reset]),
                ConnectorResponse(status: .ok, fields: [.xRateLimitRemaining: "0", .xRateLimitReset: reset]),
            ], clock: clock)
        let chain = transport.with(pacing(RateLimitPolicy(limit: 2, per: .seconds(60))))
        _ = try await chain.send(request())
        _ = try await chain.send(request())
        try await sendAfterWait(chain, request(), until: at(60))
    }

    @Test func aTooManyRequestsPausesTheWholeBudget() async throws {
        let transport = RecordingTransport(
            responses: [ConnectorResponse(status: .tooManyRequests, fields: [.retryAfter: "20"])], clock: clock)
        let chain = transport.with(pacing(.clickUp(.freeForever)))
        #expect(try await chain.send(request()).status == .tooManyRequests)
        try await sendAfterWait(chain, request(), until: at(20))
    }

    @Test func retriesArePacedWhenRetryComesFirst() async throws {
        // Limit 1/min and a 503: the retry's backoff (500 ms) is shorter than the budget, so the
        // retry waits for the budget: 60 s after the first attempt.
        let transport = RecordingTransport(responses: [ConnectorResponse(status: .serviceUnavailable)], clock: clock)
        let chain = transport.with(
            RetryMiddleware(
                policy: RetryPolicy(backoff: .exponential(jitter: .none)), clock: clock, wallClock: clock.wallClock),
            pacing(RateLimitPolicy(limit: 1, per: .seconds(60))))
        let task = Task { try await chain.send(request()) }
        await clock.waitForSleepers(count: 1)
        #expect(clock.pendingDeadlines == [ManualClock.Instant(offset: .milliseconds(500))])
        clock.advanceToNextDeadline()
        await clock.waitForSleepers(count: 1)
        #expect(clock.pendingDeadlines == [at(60)])
        clock.advanceToNextDeadline()
        #expect(try await task.value.status == .ok)
        #expect(transport.records.map(\.instant) == [at(0), at(60)])
    }

    @Test func clickUpPlansHaveTheirDocumentedLimits() {
        #expect(RateLimitPolicy.clickUp(.freeForever).limit == 100)
        #expect(RateLimitPolicy.clickUp(.unlimited).limit == 100)
        #expect(RateLimitPolicy.clickUp(.business).limit == 100)
        #expect(RateLimitPolicy.clickUp(.businessPlus).limit == 1_000)
        #expect(RateLimitPolicy.clickUp(.enterprise).limit == 10_000)
        #expect(RateLimitPolicy.clickUp(.enterprise).window == .seconds(60))
    }

    @Test func aHugeAnnouncedLimitDoesNotMakeTheBudgetKeepEverySendTime() async throws {
        // A broken or hostile X-RateLimit-Limit: the budget adopts it, but send times older than
        // the window constrain nothing and must not pile up, one per request, forever.
        let transport = RecordingTransport(
            fallback: ConnectorResponse(status: .ok, fields: [.xRateLimitLimit: "999999999999999"]), clock: clock)
        let middleware = pacing(RateLimitPolicy(limit: 5, per: .seconds(1)))
        let chain = transport.with(middleware)
        for _ in 0..<2_000 {
            _ = try await chain.send(request())
            clock.advance(by: .seconds(2))
        }
        #expect(transport.requests.count == 2_000)
        #expect(await middleware.retainedSendTimes <= 130)
    }

    @Test func anAbsurdServiceWaitIsCappedSoTheBudgetIsNotStalledForYears() async throws {
        // A broken or hostile Retry-After (about three years) must not stall every later request
        // of the token: the pacer waits at most the policy's maxServiceWait (15 minutes).
        let transport = RecordingTransport(
            responses: [ConnectorResponse(status: .tooManyRequests, fields: [.retryAfter: "99999999"])], clock: clock)
        let chain = transport.with(pacing(.clickUp(.freeForever)))
        #expect(try await chain.send(request()).status == .tooManyRequests)
        try await sendAfterAnyWait(chain, request(), expecting: at(900))
        #expect(RateLimitPolicy.clickUp(.freeForever).maxServiceWait == .seconds(900))
    }

    @Test func anAbsurdResetIsCappedToo() async throws {
        // An X-RateLimit-Reset about four months ahead with nothing remaining.
        let farReset = String(Int(TransportFixtures.startDate.timeIntervalSince1970) + 10_000_000)
        let resetting = RecordingTransport(
            responses: [ConnectorResponse(status: .ok, fields: [.xRateLimitRemaining: "0", .xRateLimitReset: farReset])],
            clock: clock)
        let other = resetting.with(pacing(.clickUp(.freeForever)))
        _ = try await other.send(request(token: "pk_B"))
        try await sendAfterAnyWait(other, request(token: "pk_B"), expecting: at(900))
    }
}
