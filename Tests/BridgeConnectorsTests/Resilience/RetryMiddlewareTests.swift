import BridgeModels
import BridgeConnectors
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite(.timeLimit(.minutes(1)))
struct RetryMiddlewareTests {
    let clock = ManualClock()

    private func retry(
        _ policy: RetryPolicy = RetryPolicy(backoff: .exponential(jitter: .none)), seed: UInt64 = 1,
        events: EventLog? = nil
    ) -> RetryMiddleware {
        var observer: (@Sendable (RetryEvent) -> Void)?
        if let events {
            observer = { event in events.append(event.description) }
        }
        return RetryMiddleware(
            policy: policy, clock: clock, wallClock: clock.wallClock,
            randomNumberGenerator: SeededRandomNumberGenerator(seed: seed), onRetry: observer)
    }

    private func at(_ milliseconds: Int64) -> ManualClock.Instant {
        ManualClock.Instant(offset: .milliseconds(milliseconds))
    }

    @Test func retriesAServiceUnavailableAfterTheBackoff() async throws {
        let transport = RecordingTransport(responses: [ConnectorResponse(status: .serviceUnavailable)], clock: clock)
        let chain = transport.with(retry())
        let task = Task { try await chain.send(TransportFixtures.request()) }
        await clock.waitForSleepers(count: 1)
        #expect(clock.pendingDeadlines == [at(500)])
        clock.advance(by: .milliseconds(500))
        #expect(try await task.value.status == .ok)
        #expect(transport.records.map(\.instant) == [at(0), at(500)])
    }

    @Test func jitterComesFromTheInjectedGenerator() async throws {
        let transport = RecordingTransport(
            responses: [ConnectorResponse(status: .badGateway), ConnectorResponse(status: .gatewayTimeout)], clock: clock)
        let chain = transport.with(retry(RetryPolicy(), seed: 42))
        let task = Task { try await chain.send(TransportFixtures.request()) }
        // The equal-jitter sequence for seed 42 starts 435 ms, 579 ms (see BackoffTests).
        await clock.waitForSleepers(count: 1)
        #expect(clock.pendingDeadlines == [at(435)])
        clock.advanceToNextDeadline()
        await clock.waitForSleepers(count: 1)
        #expect(clock.pendingDeadlines == [at(435 + 579)])
        clock.advanceToNextDeadline()
        #expect(try await task.value.status == .ok)
        #expect(transport.records.map(\.instant) == [at(0), at(435), at(1014)])
    }

    @Test func honoursRetryAfterInSeconds() async throws {
        let transport = RecordingTransport(
            responses: [ConnectorResponse(status: .tooManyRequests, fields: [.retryAfter: "10"])], clock: clock)
        let events = EventLog()
        let chain = transport.with(retry(events: events))
        let task = Task { try await chain.send(TransportFixtures.request(connector: .planner, operation: "listTasks")) }
        await clock.waitForSleepers(count: 1)
        #expect(clock.pendingDeadlines == [at(10_000)])
        clock.advance(by: .seconds(10))
        #expect(try await task.value.status == .ok)
        #expect(events.all == ["planner.listTasks: attempt 2 after 10.0 seconds (as the service asked) (HTTP 429 Too Many Requests)"])
    }

    /// The ClickUp reset used below: 30 s after the ManualClock's start, in epoch seconds.
    static let reset = String(Int(TransportFixtures.startDate.timeIntervalSince1970) + 30)

    static let serviceWaits: [(status: Int, fields: HTTPFields, milliseconds: Int64)] = [
        // Retry-After as an HTTP date; ManualClock's wall clock starts at Thu, 01 Jan 2026 00:00:00 GMT.
        (503, [.retryAfter: "Thu, 01 Jan 2026 00:00:07 GMT"], 7_000),
        // ClickUp: no Retry-After on a 429, but X-RateLimit-Reset.
        (429, [.xRateLimitLimit: "100", .xRateLimitRemaining: "0", .xRateLimitReset: reset], 30_000),
        // Retry-After wins over the reset.
        (429, [.retryAfter: "2", .xRateLimitReset: reset], 2_000),
    ]

    @Test(arguments: serviceWaits)
    func waitsAsTheServiceAsks(_ status: Int, _ fields: HTTPFields, _ milliseconds: Int64) async throws {
        let transport = RecordingTransport(
            responses: [ConnectorResponse(status: HTTPStatus(code: status), fields: fields)], clock: clock)
        let task = Task { try await transport.with(retry()).send(TransportFixtures.request()) }
        await clock.waitForSleepers(count: 1)
        #expect(clock.pendingDeadlines == [at(milliseconds)])
        clock.advanceToNextDeadline()
        #expect(try await task.value.status == .ok)
        #expect(transport.records.map(\.instant) == [at(0), at(milliseconds)])
    }

    @Test func givesUpAfterMaxAttemptsWithTheLastResponse() async throws {
        let transport = RecordingTransport(fallback: ConnectorResponse(status: .serviceUnavailable), clock: clock)
        let task = Task { try await transport.with(retry(RetryPolicy(maxAttempts: 3, backoff: .exponential(jitter: .none)))).send(TransportFixtures.request()) }
        await clock.waitForSleepers(count: 1)
        clock.advanceToNextDeadline()
        await clock.waitForSleepers(count: 1)
        clock.advanceToNextDeadline()
        #expect(try await task.value.status == .serviceUnavailable)
        #expect(transport.records.map(\.instant) == [at(0), at(500), at(1500)])
        #expect(clock.sleeperCount == 0)
    }

    @Test func doesNotStartAWaitBeyondTheTotalBudget() async throws {
        let transport = RecordingTransport(
            responses: [ConnectorResponse(status: .tooManyRequests, fields: [.retryAfter: "600"])], clock: clock)
        let response = try await transport.with(retry(RetryPolicy(maxTotalWait: .seconds(120)))).send(TransportFixtures.request())
        #expect(response.status == .tooManyRequests)
        #expect(transport.requests.count == 1)
        #expect(clock.now == at(0))
        let error = ConnectorError(response: response, request: TransportFixtures.request(), wallClock: clock.wallClock)
        #expect(error.code == .rateLimited && error.retryAfter == .seconds(600))
    }

    @Test func ambiguousFailuresOfAPostAreSurfacedNotResent() async throws {
        let transport = RecordingTransport(clock: clock)
        transport.enqueueFailure(ConnectorError(code: .timedOut, connector: .clickUp, operation: "createTask"))
        do {
            _ = try await transport.with(retry()).send(TransportFixtures.request(.post, operation: "createTask"))
            Issue.record("no error")
        } catch let error as ConnectorError {
            #expect(error.code == .timedOut)
            #expect(error.isAmbiguous)
            #expect(error.attempts == 1)
        }
        #expect(transport.requests.count == 1)
    }

    @Test func unclassifiedHostErrorsAreWrappedOnceAndAmbiguousForAPost() async throws {
        let post = TransportFixtures.request(.post, operation: "createTask")
        do {
            _ = try await MockTransport.failing.with(retry()).send(post)
            Issue.record("no error")
        } catch let error as ConnectorError {
            #expect(error.code == .transportFailed)
            #expect(error.isAmbiguous)
            #expect(error.underlyingError is MockTransport.Failure)
        }
    }

    /// A timeout of an idempotent request, and a refused connection even for a POST (nothing
    /// was sent), are retried.
    @Test(arguments: [(ConnectorError.Code.timedOut, HTTPMethod.get), (.connectionFailed, .post)])
    func safeFailuresAreRetried(_ code: ConnectorError.Code, _ method: HTTPMethod) async throws {
        let transport = RecordingTransport(clock: clock)
        transport.enqueueFailure(ConnectorError(code: code, connector: .clickUp, operation: "op"))
        let task = Task { try await transport.with(retry()).send(TransportFixtures.request(method)) }
        await clock.waitForSleepers(count: 1)
        clock.advanceToNextDeadline()
        #expect(try await task.value.status == .ok)
        #expect(transport.records.map(\.instant) == [at(0), at(500)])
    }

    @Test func exhaustedRetriesThrowTheLastErrorWithItsAttempts() async throws {
        let transport = RecordingTransport(clock: clock)
        for _ in 0..<2 {
            transport.enqueueFailure(ConnectorError(code: .connectionFailed, connector: .clickUp, operation: "getTask"))
        }
        let task = Task {
            try await transport.with(retry(RetryPolicy(maxAttempts: 2, backoff: .exponential(jitter: .none)))).send(TransportFixtures.request())
        }
        await clock.waitForSleepers(count: 1)
        clock.advanceToNextDeadline()
        do {
            _ = try await task.value
            Issue.record("no error")
        } catch let error as ConnectorError {
            #expect(error.code == .connectionFailed)
            #expect(error.attempts == 2)
        }
    }

    @Test(arguments: [400, 401, 404, 409, 412, 422])
    func refusalsAndConflictsAreReturnedAtOnce(_ status: Int) async throws {
        let transport = RecordingTransport(responses: [ConnectorResponse(status: HTTPStatus(code: status))], clock: clock)
        let response = try await transport.with(retry()).send(TransportFixtures.request(.patch, isIdempotent: true))
        #expect(response.status.code == status)
        #expect(transport.requests.count == 1)
    }

    @Test func ambiguousResponsesAreReturnedForTheClientToInspect() async throws {
        let transport = RecordingTransport(responses: [ConnectorResponse(status: .badGateway)], clock: clock)
        let post = TransportFixtures.request(.post, operation: "createTask")
        let response = try await transport.with(retry()).send(post)
        #expect(response.status == .badGateway)
        #expect(transport.requests.count == 1)
        #expect(throws: ConnectorError.self) { try response.ensureSuccess(for: post) }
        #expect(ConnectorError(response: response, request: post).isAmbiguous)
    }

    @Test func cancellationInterruptsTheWait() async throws {
        let transport = RecordingTransport(responses: [ConnectorResponse(status: .serviceUnavailable)], clock: clock)
        let chain = transport.with(retry())
        let task = Task { try await chain.send(TransportFixtures.request()) }
        await clock.waitForSleepers(count: 1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(transport.requests.count == 1)
        #expect(clock.sleeperCount == 0)
    }
}
