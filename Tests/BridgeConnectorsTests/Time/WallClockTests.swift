import BridgeConnectors
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct WallClockTests {
    @Test func constantAlwaysReadsTheSameDate() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let clock = WallClock.constant(date)
        #expect(clock() == date)
        #expect(clock.now == date)
    }

    @Test func systemReadsTheSystemTime() {
        let before = Date()
        let read = WallClock.system()
        let after = Date()
        #expect(read >= before && read <= after)
    }

    @Test func aClosureCanDriveIt() {
        let ticks = LockedCounter()
        let clock = WallClock { Date(timeIntervalSince1970: TimeInterval(ticks.next())) }
        #expect(clock().timeIntervalSince1970 == 1)
        #expect(clock().timeIntervalSince1970 == 2)
    }

    @Test func theManualClocksWallClockMovesWithIt() {
        let manual = ManualClock(startDate: Date(timeIntervalSince1970: 1_000))
        let wall = manual.wallClock
        manual.advance(by: .milliseconds(2_500))
        #expect(wall() == Date(timeIntervalSince1970: 1_002.5))
    }
}
