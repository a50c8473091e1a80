import BridgeModels
import BridgeConnectors
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct RateLimitHeadersTests {
    let now = Date(timeIntervalSince1970: 1_767_225_600)  // Thu, 01 Jan 2026 00:00:00 GMT

    @Test func readsClickUpHeadersWithResetInEpochSeconds() {
        let headers = RateLimitHeaders(
            [.xRateLimitLimit: "100", .xRateLimitRemaining: "7", .xRateLimitReset: "1767225630"], now: now)
        #expect(headers.limit == 100)
        #expect(headers.remaining == 7)
        #expect(headers.reset == Date(timeIntervalSince1970: 1_767_225_630))
        #expect(headers.untilReset == .seconds(30))
        #expect(headers.retryAfter == nil)
    }

    @Test(arguments: [
        ("1767225630", Duration.seconds(30)),  // epoch seconds
        ("1767225630500", Duration.milliseconds(30_500)),  // epoch milliseconds
        ("12", Duration.seconds(12)),  // seconds from now
        ("1767225500", Duration.zero),  // already past
        (" 1767225601 ", Duration.seconds(1)),
    ])
    func resetUnits(_ text: String, _ wait: Duration) {
        #expect(RateLimitHeaders([.xRateLimitReset: text], now: now).untilReset == wait)
    }

    @Test(arguments: ["", "soon", "-5", "1e400", "NaN"])
    func unreadableValuesAreIgnored(_ text: String) {
        let headers = RateLimitHeaders(
            [.xRateLimitReset: text, .xRateLimitLimit: text, .xRateLimitRemaining: text, .retryAfter: text], now: now)
        #expect(headers == RateLimitHeaders())
    }

    @Test func retryAfterInSecondsOrAsAnHTTPDate() {
        #expect(RateLimitHeaders.retryAfter("120", now: now) == .seconds(120))
        #expect(RateLimitHeaders.retryAfter("0", now: now) == .zero)
        #expect(RateLimitHeaders.retryAfter("Thu, 01 Jan 2026 00:01:30 GMT", now: now) == .seconds(90))
        #expect(RateLimitHeaders.retryAfter("Thursday, 01-Jan-26 00:00:05 GMT", now: now) == .seconds(5))
        #expect(RateLimitHeaders.retryAfter("Thu Jan  1 00:00:02 2026", now: now) == .seconds(2))
        #expect(RateLimitHeaders.retryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now: now) == .zero)
        #expect(RateLimitHeaders.retryAfter("1.5", now: now) == nil)
        #expect(RateLimitHeaders.retryAfter("-3", now: now) == nil)
        #expect(RateLimitHeaders([.retryAfter: "10"], now: now).retryAfter == .seconds(10))
    }
}

@Suite struct HTTPDateTests {
    @Test func parsesTheThreeFormsOfRFC9110() {
        let expected = Date(timeIntervalSince1970: 784_111_777)  // 1994-11-06T08:49:37Z
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == expected)
    }

    @Test(arguments: [
        "", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 30 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 106 08:49:37 1994",
        "Sun, 06 Nov 1994 08:49 GMT", "1994-11-06T08:49:37Z",
    ])
    func refusesAnythingElse(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func formatsIMFFixdateAndRoundTrips() {
        #expect(HTTPDate.string(from: Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.string(from: Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.string(from: Date(timeIntervalSince1970: 1_709_164_800)) == "Thu, 29 Feb 2024 00:00:00 GMT")
        var generator = SeededRandomNumberGenerator(seed: 3)
        for _ in 0..<500 {
            let seconds = Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(HTTPDate.parse(HTTPDate.string(from: date)) == date)
        }
    }
}
