#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeModels


extension KeyedDecodingContainer {
    /// A required integer within `range`.
    func integer(_ key: Key, in range: ClosedRange<Int>) throws -> Int {
        let value = try required(Int.self, key)
        guard range.contains(value) else {
            throw InputError(path: path(key), reason: .outOfRange("\(value) is not in \(range.lowerBound)...\(range.upperBound)"))
        }
        return value
    }

    /// An optional integer within `range`; absent or `null` gives `nil`.
    func optionalInteger(_ key: Key, in range: ClosedRange<Int>) throws -> Int? {
        guard try has(key) else { return nil }
        return try integer(key, in: range)
    }

    /// A list that, when present, must not repeat an element and, unless `allowEmpty`, must not
    /// be empty.
    func distinctList<T: Decodable & Hashable>(_ key: Key, limit: Int, allowEmpty: Bool = false) throws -> [T]? {
        guard try has(key) else { return nil }
        let items: [T] = try list(key, limit: limit)
        if items.isEmpty && !allowEmpty { throw InputError(path: path(key), reason: .empty) }
        try rejectRepeats(in: items, at: path(key), by: { $0 }, reason: { _ in "listed twice" })
        return items
    }

    /// A list of integers, each within `range` and strictly greater than the one before.
    func increasingIntegers(_ key: Key, in range: ClosedRange<Int>, limit: Int) throws -> [Int]? {
        guard try has(key) else { return nil }
        let values: [Int] = try list(key, limit: limit)
        for (index, value) in values.enumerated() {
            let elementPath = path(key).appending(index: index)
            guard range.contains(value) else {
                throw InputError(
                    path: elementPath, reason: .outOfRange("\(value) is not in \(range.lowerBound)...\(range.upperBound)"))
            }
            if index > 0, value <= values[index - 1] {
                throw InputError(
                    path: elementPath,
                    reason: .inconsistent("thresholds must be strictly increasing (\(value) follows \(values[index - 1]))"))
            }
        }
        return values
    }

    /// A list of RFC 3339 date-times; absent or `null` gives an empty list.
    func timestamps(_ key: Key, limit: Int) throws -> [Date] {
        let texts: [String] = try list(key, limit: limit)
        var instants: [Date] = []
        for (index, text) in texts.enumerated() {
            do {
                instants.append(try RFC3339.parse(text))
            } catch {
                throw InputError(path: path(key).appending(index: index), reason: .invalidDate(error.detail))
            }
        }
        return instants
    }

    /// A name that other parts of the configuration refer to: a token (a letter followed by
    /// letters, digits, `.`, `_` or `-`).
    func name(_ key: Key) throws -> String {
        try text(key, .token, limit: SLALimits.name)
    }

    /// An optional name; absent or `null` gives `nil`.
    func optionalName(_ key: Key) throws -> String? {
        try optionalText(key, .token, limit: SLALimits.name)
    }
}

/// Refuses the first element of `items` whose `key` repeats an earlier one, with the element's
/// path under `path`.
///
/// - Throws: `InputError` with `InputError/Reason/inconsistent(_:)` and `reason(element)`.
func rejectRepeats<T, K: Hashable>(
    in items: [T], at path: JSONPath, by key: (T) -> K, reason: (T) -> String
) throws(InputError) {
    var seen = Set<K>()
    for (index, item) in items.enumerated() where !seen.insert(key(item)).inserted {
        throw InputError(path: path.appending(index: index), reason: .inconsistent(reason(item)))
    }
}

/// Limits on SLA configuration and persisted clocks, so a hostile or broken document cannot make
/// the engine hold unbounded data.
enum SLALimits {
    /// Policy, ladder, calendar, template and responder names (tokens).
    static let name = 64
    /// Policies in one configuration.
    static let policies = 1_000
    /// Ladders in one configuration.
    static let ladders = 1_000
    /// Values in one condition list, thresholds in one list, levels in a ladder.
    static let listItems = 100
    /// Actions in one escalation level.
    static let actions = 20
    /// The longest target or interval, in minutes: ten years of 24/7 time.
    static let maximumMinutes = 5_256_000
    /// Cycles of one persisted clock.
    static let cycles = 10_000
    /// Pauses, acknowledgements or target changes in one persisted cycle.
    static let entriesPerCycle = 10_000
}
