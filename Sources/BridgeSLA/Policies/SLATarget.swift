public import BridgeModels

/// How much business time a metric may take: one target for every priority, optionally
/// overridden per priority (as Zendesk policies do).
///
/// In JSON either a plain number of business minutes (`"resolution": 960`) or an object:
/// ```json
/// {"minutes": 240, "byPriority": {"urgent": 30, "high": 60}}
/// ```
/// With `byPriority` alone, priorities that are not listed get no target, so no clock runs for
/// them. Minutes are whole numbers from 1 to 5,256,000 (ten years of 24/7 time).
public struct SLATarget: Hashable, Sendable, Codable {
    /// Business minutes for priorities without their own target, or `nil`.
    public var minutes: Int?
    /// Business minutes per priority, overriding ``minutes``.
    public var minutesByPriority: [Priority: Int]

    /// Creates a target.
    public init(minutes: Int?, byPriority: [Priority: Int] = [:]) {
        self.minutes = minutes
        self.minutesByPriority = byPriority
    }

    /// The business time allowed for a case of `priority`, or `nil` when the target has none
    /// for it (or a non-positive one).
    public func businessTime(for priority: Priority) -> Duration? {
        guard let minutes = minutesByPriority[priority] ?? minutes, minutes > 0 else { return nil }
        return Millis.duration(Millis.minutes(minutes))
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case minutes, byPriority }

    /// Decodes a number of minutes or an object with `minutes` and/or `byPriority`.
    ///
    /// - Throws: `InputError`: a value out of range, an unknown priority, an empty target.
    public init(from decoder: any Decoder) throws {
        let range = 1...SLALimits.maximumMinutes
        if let single = try? decoder.singleValueContainer().decode(Int.self) {
            guard range.contains(single) else {
                throw InputError(path: decoder.jsonPath, reason: .outOfRange("\(single) is not in 1...\(range.upperBound) minutes"))
            }
            self.init(minutes: single)
            return
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let minutes = try c.optionalInteger(.minutes, in: range)
        var byPriority: [Priority: Int] = [:]
        if try c.has(.byPriority) {
            let nested = try c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .byPriority)
            for key in nested.allKeys {
                guard let priority = Priority(rawValue: key.stringValue) else {
                    throw InputError(
                        path: c.path(.byPriority).appending(key: key.stringValue),
                        reason: .unknownValue(key.stringValue, allowed: Priority.allCases.map(\.rawValue)))
                }
                byPriority[priority] = try nested.integer(key, in: range)
            }
        }
        if minutes == nil && byPriority.isEmpty {
            throw InputError(path: decoder.jsonPath, reason: .missingOneOf(["minutes", "byPriority"]))
        }
        self.init(minutes: minutes, byPriority: byPriority)
    }

    /// Encodes a plain number when there are no per-priority targets, else the object form.
    public func encode(to encoder: any Encoder) throws {
        if minutesByPriority.isEmpty, let minutes {
            var single = encoder.singleValueContainer()
            try single.encode(minutes)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(minutes, forKey: .minutes)
        var nested = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .byPriority)
        for priority in Priority.allCases {
            if let value = minutesByPriority[priority] { try nested.encode(value, forKey: AnyCodingKey(priority.rawValue)) }
        }
    }
}
