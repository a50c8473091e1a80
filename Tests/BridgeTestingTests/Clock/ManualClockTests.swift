import BridgeConnectors
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite(.timeLimit(.minutes(1)))
struct ManualClockTests {
    let clock = ManualClock()

    private func at(_ seconds: Int64) -> ManualClock.Instant { ManualClock.Instant(offset: .seconds(seconds)) }

    @Test func startsAtZeroAndMovesOnlyWhenAdvanced() {
        #expect(clock.now == at(0))
        clock.advance(by: .seconds(5))
        #expect(clock.now == at(5))
        clock.advance(to: at(3))
        #expect(clock.now == at(5), "time never goes back")
        clock.advance(by: .seconds(-1))
        #expect(clock.now == at(5))
        #expect(clock.minimumResolution == .zero)
    }

    @Test func wakesSleepersInDeadlineOrder() async throws {
        let log = ResumeLog()
        let tasks = [30, 10, 20].map { seconds in
            Task {
                try await clock.sleep(for: .seconds(seconds))
                await log.append(seconds)
            }
        }
        await clock.waitForSleepers(count: 3)
        #expect(clock.pendingDeadlines == [at(10), at(20), at(30)])
        #expect(clock.nextDeadline == at(10))
        clock.advance(by: .seconds(15))
        try await tasks[1].value
        #expect(await log.values == [10])
        #expect(clock.sleeperCount == 2)
        #expect(clock.advanceToNextDeadline())
        try await tasks[2].value
        #expect(clock.now == at(20))
        #expect(clock.advanceToNextDeadline())
        try await tasks[0].value
        #expect(await log.values == [10, 20, 30])
        #expect(!clock.advanceToNextDeadline())
        #expect(clock.now == at(30))
    }

    @Test func aPastDeadlineReturnsAtOnce() async throws {
        clock.advance(by: .seconds(10))
        try await clock.sleep(until: at(3))
        try await clock.sleep(for: .zero)
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellationEndsASleep() async {
        let task = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(count: 1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func aCancelledTaskDoesNotSleep() async {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(60))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func waitForSleepersReturnsAtOnceWhenEnoughSleep() async {
        await clock.waitForSleepers(count: 0)
        let task = Task { try await clock.sleep(for: .seconds(1)) }
        await clock.waitForSleepers(count: 1)
        await clock.waitForSleepers(count: 1)
        clock.advance(by: .seconds(1))
        _ = await task.result
    }

    @Test func aCancelledWaitForSleepersReturns() async {
        // Without this a test whose code never sleeps would hang the run: a time limit cancels
        // the test's task, and the wait must end for the test to end.
        let waiting = Task { await clock.waitForSleepers(count: 1) }
        waiting.cancel()
        await waiting.value
        let cancelledFirst = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await clock.waitForSleepers(count: 5)
        }
        await cancelledFirst.value
        // The abandoned waits are gone: a sleeper arriving later resumes nothing twice.
        let sleeper = Task { try await clock.sleep(for: .seconds(1)) }
        await clock.waitForSleepers(count: 1)
        clock.advance(by: .seconds(1))
        try? await sleeper.value
    }

    @Test func concurrentAdvancesAddUp() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { for _ in 0..<25_000 { clock.advance(by: .seconds(1)) } } }
        }
        #expect(clock.now == at(100_000))
    }

    @Test func theWallDateMovesWithTheClock() {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(clock.startDate == start)
        #expect(clock.date == start)
        clock.advance(by: .milliseconds(90_250))
        #expect(clock.date == start.addingTimeInterval(90.25))
        #expect(clock.wallClock() == clock.date)
    }

    @Test func instantsDoArithmetic() {
        let a = at(5)
        #expect(a.advanced(by: .seconds(2)) == at(7))
        #expect(a.duration(to: at(2)) == .seconds(-3))
        #expect(a < at(6))
        #expect(a.description == "+5.0 seconds")
    }
}

actor ResumeLog {
    var values: [Int] = []
    func append(_ value: Int) { values.append(value) }
}
