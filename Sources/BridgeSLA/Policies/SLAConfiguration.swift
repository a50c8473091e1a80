#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// Where the calendar of an applied SLA came from.
public enum CalendarSource: String, Hashable, Sendable, CustomStringConvertible {
    /// The policy names a calendar.
    case policy
    /// The team the case is routed to has a calendar.
    case team
    /// The partner has a calendar.
    case partner
    /// The configuration's `defaultCalendar`.
    case configurationDefault
    /// Nothing names a calendar: plain 24/7 time.
    case twentyFourSeven

    /// The raw value.
    public var description: String { rawValue }
}

/// A calendar name that is not in the calendars the host passed in.
public struct UnknownCalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The missing name.
    public var name: String
    /// Who named it.
    public var source: CalendarSource

    /// Creates the error.
    public init(name: String, source: CalendarSource) {
        self.name = name
        self.source = source
    }

    /// `no calendar named "x" (named by the policy)`, safe to log.
    public var description: String {
        "no calendar named \"\(TextSanitizer.quotedFragment(name, limit: 64))\" (named by the \(source))"
    }
}

/// The SLA configuration: ordered policies, escalation ladders by name, and the default
/// calendar name.
///
/// ```json
/// {
///   "defaultCalendar": "us-east",
///   "policies": [ {"name": "strategic", "match": {"tiers": ["strategic"]}, "targets": {"resolution": 480}},
///                 {"name": "default", "targets": {"firstResponse": 240, "resolution": 2400}} ],
///   "ladders": { "standard": {"levels": [{"minutesAfterBreach": 0, "actions": [{"type": "notify", "to": "manager"}]}]} }
/// }
/// ```
/// Decode it with `StrictJSONDecoder().decode(SLAConfiguration.self, from: json)`; every
/// problem is an `InputError` with its JSON path (`$.policies[2].pauseOn[0]: unknown value …`).
/// Policy names must be unique and every ladder a policy names must exist. Calendars are
/// resolved by name when a policy is applied (they come from their own files, see
/// ``unknownCalendarReferences(in:)`` to check the names up front).
///
/// ### Which calendar applies
///
/// The first that names one wins: the **policy**'s `calendar`, then the **team**'s calendar,
/// then the **partner**'s, then the configuration's `defaultCalendar`; when nothing names one,
/// time is plain 24/7. A policy's calendar wins because a contract ("4 business hours, Eastern
/// time") is the most specific promise; a team's working hours come next because they decide
/// when work can happen; a partner's calendar (its own time zone and holidays) is the fallback.
public struct SLAConfiguration: Hashable, Sendable, Codable {
    /// The policies, first match wins.
    public var policies: [SLAPolicy]
    /// Escalation ladders by name.
    public var ladders: [String: EscalationLadder]
    /// The calendar name used when neither policy, team nor partner names one.
    public var defaultCalendar: String?

    /// Creates a configuration.
    public init(policies: [SLAPolicy], ladders: [String: EscalationLadder] = [:], defaultCalendar: String? = nil) {
        self.policies = policies
        self.ladders = ladders
        self.defaultCalendar = defaultCalendar
    }

    /// The first policy that accepts the case, with its position, or `nil` if none does.
    public func policy(for profile: CaseProfile) -> (index: Int, policy: SLAPolicy)? {
        for (index, policy) in policies.enumerated() where policy.conditions.matches(profile) {
            return (index, policy)
        }
        return nil
    }

    /// Applies the first matching policy to a case: its targets for the case's priority, its
    /// calendar (policy > team > partner > default > 24/7), warnings, pause statuses and
    /// ladders.
    ///
    /// - Parameters:
    ///   - profile: The case's facts.
    ///   - teamCalendar: The calendar name of the team the case is routed to, if any.
    ///   - partnerCalendar: The partner's calendar name, if any.
    ///   - calendars: The calendars by name.
    /// - Returns: The applied SLA, or `nil` when no policy matches.
    /// - Throws: ``UnknownCalendarError`` when the winning name is not in `calendars`.
    public func resolve(
        for profile: CaseProfile, teamCalendar: String? = nil, partnerCalendar: String? = nil,
        calendars: [String: BusinessCalendar]
    ) throws(UnknownCalendarError) -> AppliedSLA? {
        guard let (index, policy) = policy(for: profile) else { return nil }
        let choice: (name: String, source: CalendarSource)? =
            policy.calendar.map { ($0, .policy) } ?? teamCalendar.map { ($0, .team) }
            ?? partnerCalendar.map { ($0, .partner) } ?? defaultCalendar.map { ($0, .configurationDefault) }
        var calendar = BusinessCalendar.twentyFourSeven
        if let choice {
            guard let named = calendars[choice.name] else { throw UnknownCalendarError(name: choice.name, source: choice.source) }
            calendar = named
        }
        var targets: [SLAMetric: Duration] = [:]
        for (metric, target) in policy.targets {
            if let time = target.businessTime(for: profile.priority) { targets[metric] = time }
        }
        return AppliedSLA(
            policyName: policy.name, policyIndex: index, calendarName: choice?.name,
            calendarSource: choice?.source ?? .twentyFourSeven, calendar: calendar, targets: targets,
            warnings: policy.warnings, pauseOn: policy.pauseOn, ladders: policy.escalation)
    }

    /// Checks that every calendar name in the configuration (policies and `defaultCalendar`) is
    /// among `names`; returns one error per unknown name, with its path.
    public func unknownCalendarReferences(in names: some Collection<String>) -> [InputError] {
        var errors: [InputError] = []
        let known = Set(names)
        if let defaultCalendar, !known.contains(defaultCalendar) {
            errors.append(
                InputError(
                    path: JSONPath([.key("defaultCalendar")]),
                    reason: .unknownValue(defaultCalendar, allowed: known.sorted())))
        }
        for (index, policy) in policies.enumerated() {
            if let calendar = policy.calendar, !known.contains(calendar) {
                errors.append(
                    InputError(
                        path: JSONPath([.key("policies"), .index(index), .key("calendar")]),
                        reason: .unknownValue(calendar, allowed: known.sorted())))
            }
        }
        return errors
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case policies, ladders, defaultCalendar }

    /// Decodes and validates a configuration.
    ///
    /// - Throws: `InputError` with the path of the first problem.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policies = try c.list(.policies, limit: SLALimits.policies)
        defaultCalendar = try c.optionalName(.defaultCalendar)
        var ladders: [String: EscalationLadder] = [:]
        if try c.has(.ladders) {
            let nested = try c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .ladders)
            if nested.allKeys.count > SLALimits.ladders {
                throw InputError(path: c.path(.ladders), reason: .tooManyItems(limit: SLALimits.ladders, count: nested.allKeys.count))
            }
            for key in nested.allKeys {
                _ = try TextRules.check(key.stringValue, .token, limit: SLALimits.name, path: c.path(.ladders).appending(key: key.stringValue))
                ladders[key.stringValue] = try nested.required(EscalationLadder.self, key)
            }
        }
        self.ladders = ladders
        do {
            try rejectRepeats(in: policies, at: c.path(.policies), by: \.name, reason: { _ in "another policy has this name" })
        } catch {
            throw InputError(path: error.path.appending(key: "name"), reason: error.reason)
        }
        for (index, policy) in policies.enumerated() {
            let path = c.path(.policies).appending(index: index)
            for metric in SLAMetric.allCases {
                guard let ladder = policy.escalation[metric], ladders[ladder] == nil else { continue }
                throw InputError(
                    path: path.appending(key: "escalation"),
                    reason: .unknownValue(ladder, allowed: ladders.keys.sorted()))
            }
        }
    }

    /// Encodes the configuration.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(policies, forKey: .policies)
        var nested = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .ladders)
        for name in ladders.keys.sorted() {
            if let ladder = ladders[name] { try nested.encode(ladder, forKey: AnyCodingKey(name)) }
        }
        try c.encodeIfPresent(defaultCalendar, forKey: .defaultCalendar)
    }
}

/// An SLA policy applied to one case: what ``SLAConfiguration/resolve(for:teamCalendar:partnerCalendar:calendars:)``
/// returns, ready to start the case's clocks.
public struct AppliedSLA: Hashable, Sendable {
    /// The matching policy's name.
    public var policyName: String
    /// Its position in the configuration.
    public var policyIndex: Int
    /// The calendar's name, or `nil` for 24/7 time.
    public var calendarName: String?
    /// Who chose the calendar.
    public var calendarSource: CalendarSource
    /// The calendar itself.
    public var calendar: BusinessCalendar
    /// Business-time targets for the case's priority; metrics without one get no clock.
    public var targets: [SLAMetric: Duration]
    /// When the clocks warn.
    public var warnings: WarningThresholds
    /// The statuses that pause the clocks.
    public var pauseOn: [WorkStatus]
    /// Ladder names per metric.
    public var ladders: [SLAMetric: String]

    /// Starts one clock per metric with a target, at `start` (retroactively when `start` is in
    /// the past, typically the community event's `occurredAt`), ordered by metric.
    public func startClocks(for caseId: CaseID, at start: Date) -> [SLAClock] {
        SLAMetric.allCases.compactMap { metric in
            targets[metric].map { target in
                SLAClock(
                    caseId: caseId, metric: metric, target: target, startedAt: start, calendarName: calendarName,
                    ladderName: ladders[metric], warnings: warnings)
            }
        }
    }
}
