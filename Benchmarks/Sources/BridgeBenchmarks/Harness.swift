import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One measured operation: the median time per call over several rounds.
struct Measurement {
    var name: String
    /// Median nanoseconds per operation.
    var nanosecondsPerOperation: Double
    /// Operations per second at the median.
    var operationsPerSecond: Double { 1e9 / nanosecondsPerOperation }
}

/// A suite registers itself in `main.swift` and prints a Markdown section.
struct Suite: Sendable {
    var name: String
    var run: @Sendable () throws -> Void
}

enum Harness {
    /// Measures `body`, which performs `operations` operations per call, over `rounds` rounds
    /// after one warm-up round; returns the median.
    @discardableResult
    static func measure(_ name: String, operations: Int = 1, rounds: Int = 7, _ body: () throws -> Void) rethrows
        -> Measurement
    {
        let clock = ContinuousClock()
        try body()  // warm-up
        var samples: [Double] = []
        for _ in 0..<rounds {
            let elapsed = try clock.measure { try body() }
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            samples.append(nanoseconds / Double(operations))
        }
        samples.sort()
        return Measurement(name: name, nanosecondsPerOperation: samples[samples.count / 2])
    }

    /// Prints a Markdown table of measurements with their ratio to the first (the baseline).
    static func report(_ title: String, _ measurements: [Measurement], note: String? = nil) {
        print("\n### \(title)\n")
        if let note { print(note + "\n") }
        print("| operation | time per op | ops/s | ratio to baseline |")
        print("|---|---:|---:|---:|")
        guard let baseline = measurements.first else { return }
        for m in measurements {
            let ratio = baseline.nanosecondsPerOperation / m.nanosecondsPerOperation
            print("| \(m.name) | \(format(nanoseconds: m.nanosecondsPerOperation)) | \(format(m.operationsPerSecond)) | \(format(ratio, digits: 2))× |")
        }
    }

    static func format(nanoseconds: Double) -> String {
        if nanoseconds >= 1e9 { return format(nanoseconds / 1e9, digits: 2) + " s" }
        if nanoseconds >= 1e6 { return format(nanoseconds / 1e6, digits: 2) + " ms" }
        if nanoseconds >= 1e3 { return format(nanoseconds / 1e3, digits: 2) + " µs" }
        return format(nanoseconds, digits: 0) + " ns"
    }

    static func format(_ value: Double, digits: Int = 0) -> String {
        if digits == 0 { return String(Int(value.rounded())) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return String(rounded)
    }

    /// Peak resident set size of this process so far, in bytes (Linux `VmHWM`, else `ru_maxrss`).
    static func peakResidentBytes() -> Int {
        #if os(Linux)
        if let file = fopen("/proc/self/status", "r") {
            defer { fclose(file) }
            var line = [CChar](repeating: 0, count: 256)
            while fgets(&line, 256, file) != nil {
                let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if text.hasPrefix("VmHWM:") {
                    let digits = text.filter(\.isNumber)
                    return (Int(digits) ?? 0) * 1024
                }
            }
        }
        #endif
        var usage = rusage()
        #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)
        #else
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
        #endif
    }
}

/// Keeps a value alive so the optimizer cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Runs async work from the synchronous harness and waits for it.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            box.result = .success(try await body())
        } catch {
            box.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    guard let result = box.result else { throw HarnessError.noResult }
    return try result.get()
}

final class ResultBox<T: Sendable>: @unchecked Sendable {
    // @unchecked: written once by the task before it signals the semaphore, read after the wait.
    var result: Result<T, any Error>?
}

/// The async work of a benchmark ended without a result.
enum HarnessError: Error {
    case noResult
}
