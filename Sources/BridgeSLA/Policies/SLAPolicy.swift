public import BridgeModels

/// One SLA policy: which cases it applies to and what it promises them.
///
/// Policies live in an ordered list (``SLAConfiguration/policies``); the first whose
/// ``conditions`` accept a case applies, as in Zendesk and Jira Service Management.
///
/// ```json
/// {
///   "name": "strategic-finance",
///   "match": {"tiers": ["strategic"], "kinds": ["invoiceMismatch", "chargeback"],
///             "minimumValue": [{"value": "10000", "currency": "USD"}]},
///   "targets": {"firstResponse": {"minutes": 60, "byPriority": {"urgent": 30}},
///               "resolution": 960, "partnerUpdate": 480},
///   "calendar": "us-east",
///   "warnings": {"percentages": [50, 75, 100], "minutesBeforeBreach": [30]},
///   "pauseOn": ["awaitingPartner", "awaitingDocuments"],
///   "escalation": "finance-ladder"
/// }
/// ```
/// Only `name` and `targets` are required. `match` absent accepts every case; `warnings` absent
/// means 50/75/100 %; `pauseOn` absent means `awaitingPartner` and `awaitingDocuments` (the
/// partner owes us) and `[]` means never pause; `escalation` is a ladder name for every metric or
/// an object naming a ladder per metric (`{"resolution": "finance-ladder"}`).
public struct SLAPolicy: Hashable, Sendable, Codable {
    /// The policy's name (a token), unique in its configuration.
    public var name: String
    /// Which cases the policy applies to.
    public var conditions: CaseConditions
    /// Business-time targets per metric; a metric without a target gets no clock.
    public var targets: [SLAMetric: SLATarget]
    /// The name of the calendar this policy measures in, overriding the team's and the
    /// partner's (see ``SLAConfiguration/resolve(for:teamCalendar:partnerCalendar:calendars:)``).
    public var calendar: String?
    /// When the clocks warn before breaching.
    public var warnings: WarningThresholds
    /// The work statuses that pause the clocks.
    public var pauseOn: [WorkStatus]
    /// Escalation ladder names per metric.
    public var escalation: [SLAMetric: String]

    /// The statuses that pause clocks by default: the partner owes us an answer or documents.
    public static let defaultPauseStatuses: [WorkStatus] = [.awaitingPartner, .awaitingDocuments]

    /// Creates a policy.
    public init(
        name: String, conditions: CaseConditions = .any, targets: [SLAMetric: SLATarget], calendar: String? = nil,
        warnings: WarningThresholds = .standard, pauseOn: [WorkStatus] = SLAPolicy.defaultPauseStatuses,
        escalation: [SLAMetric: String] = [:]
    ) {
        self.name = name
        self.conditions = conditions
        self.targets = targets
        self.calendar = calendar
        self.warnings = warnings
        self.pauseOn = pauseOn
        self.escalation = escalation
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, match, targets, calendar, warnings, pauseOn, escalation
    }

    /// Decodes and validates a policy.
    ///
    /// - Throws: `InputError` with the path of the offending value: an unknown member or
    ///   metric, a target out of range, an unknown or finished status in `pauseOn`, thresholds
    ///   that do not increase.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.name(.name)
        conditions = try c.optional(CaseConditions.self, .match) ?? .any
        targets = try SLAPolicy.decodeMetricMap(c, .targets) { nested, key in try nested.required(SLATarget.self, key) }
        if targets.isEmpty { throw InputError(path: c.path(.targets), reason: .empty) }
        calendar = try c.optionalName(.calendar)
        warnings = try c.optional(WarningThresholds.self, .warnings) ?? .standard
        let statuses: [WorkStatus]? = try c.distinctList(.pauseOn, limit: WorkStatus.allCases.count, allowEmpty: true)
        for (index, status) in (statuses ?? []).enumerated() where status.isDone {
            throw InputError(
                path: c.path(.pauseOn).appending(index: index),
                reason: .inconsistent("\(status) finishes work, it cannot pause a clock"))
        }
        pauseOn = statuses ?? SLAPolicy.defaultPauseStatuses
        if try !c.has(.escalation) {
            escalation = [:]
        } else if let ladder = try? c.decode(String.self, forKey: .escalation) {
            _ = try c.name(.escalation)
            escalation = Dictionary(uniqueKeysWithValues: targets.keys.map { ($0, ladder) })
        } else {
            escalation = try SLAPolicy.decodeMetricMap(c, .escalation) { nested, key in try nested.name(key) }
            for metric in escalation.keys where targets[metric] == nil {
                throw InputError(
                    path: c.path(.escalation).appending(key: metric.rawValue),
                    reason: .inconsistent("the policy has no \(metric) target to escalate"))
            }
        }
    }

    /// Decodes an object keyed by metric names.
    private static func decodeMetricMap<T>(
        _ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys,
        _ value: (KeyedDecodingContainer<AnyCodingKey>, AnyCodingKey) throws -> T
    ) throws -> [SLAMetric: T] {
        let nested = try c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: key)
        var map: [SLAMetric: T] = [:]
        for name in nested.allKeys {
            guard let metric = SLAMetric(rawValue: name.stringValue) else {
                throw InputError(
                    path: c.path(key).appending(key: name.stringValue),
                    reason: .unknownValue(name.stringValue, allowed: SLAMetric.allCases.map(\.rawValue)))
            }
            map[metric] = try value(nested, name)
        }
        return map
    }

    /// Encodes the policy; `escalation` is written per metric.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        if conditions != .any { try c.encode(conditions, forKey: .match) }
        var targetContainer = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .targets)
        for metric in SLAMetric.allCases {
            if let target = targets[metric] { try targetContainer.encode(target, forKey: AnyCodingKey(metric.rawValue)) }
        }
        try c.encodeIfPresent(calendar, forKey: .calendar)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(pauseOn, forKey: .pauseOn)
        if !escalation.isEmpty {
            var ladders = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .escalation)
            for metric in SLAMetric.allCases {
                if let ladder = escalation[metric] { try ladders.encode(ladder, forKey: AnyCodingKey(metric.rawValue)) }
            }
        }
    }
}
