import BridgeModels
import BridgeConnectors
import Testing

@Suite struct BackoffTests {
    @Test func splitMix64MatchesTheReferenceOutput() {
        // Reference values of SplitMix64 (Steele, Lea, Flood 2014; Vigna's C code) for seed 1234567.
        var generator = SeededRandomNumberGenerator(seed: 1_234_567)
        #expect([generator.next(), generator.next(), generator.next()] == [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
        ])
    }

    @Test func baseDelaysGrowExponentiallyUpToTheMaximum() {
        let backoff = Backoff.exponential(initial: .milliseconds(500), multiplier: 2, maximum: .seconds(30))
        #expect((1...9).map { backoff.baseDelay(beforeRetry: $0) } == [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000].map { Duration.milliseconds($0) })
        let gentle = Backoff(initial: .seconds(1), multiplier: 1.5, maximum: .seconds(5))
        #expect((1...6).map { gentle.baseDelay(beforeRetry: $0) } == [1000, 1500, 2250, 3375, 5000, 5000].map { Duration.milliseconds($0) })
    }

    @Test func equalJitterSequenceIsExactForASeed() {
        var generator = SeededRandomNumberGenerator(seed: 42)
        let backoff = Backoff.exponential(jitter: .equal)
        let delays = (1...8).map { backoff.delay(beforeRetry: $0, using: &generator) }
        // Computed independently (Python, same SplitMix64 and formula): base/2 + base/2 × u.
        #expect(delays == [435, 579, 1278, 2688, 4152, 14945, 18276, 27009].map { Duration.milliseconds($0) })
    }

    @Test func fullJitterSequenceIsExactForASeed() {
        var generator = SeededRandomNumberGenerator(seed: 42)
        let backoff = Backoff.exponential(jitter: .full)
        let delays = (1...8).map { backoff.delay(beforeRetry: $0, using: &generator) }
        #expect(delays == [370, 159, 557, 1376, 304, 13891, 6552, 24018].map { Duration.milliseconds($0) })
    }

    @Test func noJitterDrawsNothing() {
        var generator = SeededRandomNumberGenerator(seed: 9)
        let untouched = generator
        let backoff = Backoff.exponential(jitter: .none)
        #expect(backoff.delay(beforeRetry: 3, using: &generator) == .seconds(2))
        #expect(generator == untouched)
    }

    @Test func jitteredDelaysStayWithinTheirBounds() {
        let equal = Backoff.exponential(jitter: .equal)
        let full = Backoff.exponential(jitter: .full)
        for seed in UInt64(0)..<200 {
            var generator = SeededRandomNumberGenerator(seed: seed)
            for retry in 1...8 {
                let base = equal.baseDelay(beforeRetry: retry)
                let e = equal.delay(beforeRetry: retry, using: &generator)
                let f = full.delay(beforeRetry: retry, using: &generator)
                #expect(e >= base / 2 && e <= base)
                #expect(f >= .zero && f <= base)
            }
        }
    }

    @Test func nonsenseParametersAreClamped() {
        let backoff = Backoff(initial: .seconds(-1), multiplier: 0.5, maximum: .seconds(-3))
        #expect(backoff.initial == .zero && backoff.multiplier == 1 && backoff.maximum == .zero)
        #expect(Backoff(initial: .seconds(1), multiplier: .nan, maximum: .seconds(1)).multiplier == 1)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
        #expect(RateLimitPolicy(limit: 0, per: .zero) == RateLimitPolicy(limit: 1, per: .seconds(1)))
    }

    @Test func anEnormousMaximumIsCappedInsteadOfOverflowing() {
        // Int64.max seconds is more milliseconds than Int64 holds: the wait is capped at
        // Backoff.longestDelay instead of trapping in the conversion.
        let backoff = Backoff(initial: .seconds(1), multiplier: 10, maximum: .seconds(Int64.max), jitter: .full)
        #expect(backoff.baseDelay(beforeRetry: 40) == Backoff.longestDelay)
        var generator = SeededRandomNumberGenerator(seed: 3)
        #expect(backoff.delay(beforeRetry: 40, using: &generator) <= Backoff.longestDelay)
        #expect(backoff.baseDelay(beforeRetry: 2) == .seconds(10))
        var changed = Backoff.exponential()
        changed.maximum = .seconds(Int64.max)
        changed.multiplier = 1e300
        #expect(changed.baseDelay(beforeRetry: 3) == Backoff.longestDelay)
    }
}
