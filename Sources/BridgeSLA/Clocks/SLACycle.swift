#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// A span during which an SLA clock was paused.
public struct SLAPause: Hashable, Sendable {
    /// When the pause began.
    public var start: Date { Millis.date(startMillis) }
    /// When it ended, or `nil` while it lasts.
    public var end: Date? { endMillis.map(Millis.date) }

    var startMillis: Int64
    var endMillis: Int64?
}

/// A change of a running cycle's target, recorded by ``SLAClock/changeTarget(to:at:)``: from
/// ``at`` on, ``target`` is the business time the cycle may take (counted from the cycle's start,
/// so the time already used is kept).
public struct SLATargetChange: Hashable, Sendable {
    /// When the new target took effect.
    public var at: Date { Millis.date(atMillis) }
    /// The new target.
    public var target: Duration { Millis.duration(targetMillis) }

    var atMillis: Int64
    var targetMillis: Int64
}

/// How a cycle ended.
public enum SLACycleEnd: String, ClosedSetValue, CustomStringConvertible {
    /// Stopped: the response was given, the case resolved, the update posted. Whether the target
    /// was met depends on when (see ``SLAState/met`` and ``SLAState/breached``).
    case stopped
    /// Cancelled: the measurement no longer applies (the case was withdrawn or opened in error).
    /// Cancelled cycles count neither as met nor as breached.
    case cancelled

    /// The raw value.
    public var description: String { rawValue }
}

/// One measurement of an SLA clock, from a start to a stop or cancel.
///
/// A clock has one cycle per measurement (Jira Service Management's cycles, Zendesk's metric
/// instances): the first from the case's creation, another each time a resolved case is
/// reopened or a periodic update is due again. Past cycles stay in ``SLAClock/cycles`` as
/// history.
public struct SLACycle: Hashable, Sendable {
    /// The cycle's position in the clock, from 1.
    public let number: Int
    /// When the cycle started (possibly in the past: a retroactive start).
    public var startedAt: Date { Millis.date(startMillis) }
    /// The business time the cycle may take before it breaches: the target in force now, after
    /// the last of ``targetChanges``.
    public var target: Duration { Millis.duration(currentTargetMillis) }
    /// The target the cycle started with.
    public var initialTarget: Duration { Millis.duration(targetMillis) }
    /// The changes of the target while the cycle ran, in order (see
    /// ``SLAClock/changeTarget(to:at:)``); empty when the target never changed.
    public var targetChanges: [SLATargetChange] { changes }
    /// The pauses, in order; the last may still last.
    public var pauses: [SLAPause] { pauseSpans }
    /// When the cycle ended, or `nil` while it runs or is paused.
    public var endedAt: Date? { endMillis.map(Millis.date) }
    /// How it ended, or `nil` while it runs or is paused.
    public private(set) var end: SLACycleEnd?
    /// The instants at which escalations were acknowledged, in order.
    public var acknowledgements: [Date] { acknowledgementMillis.map(Millis.date) }

    var startMillis: Int64
    /// The initial target; the target in force is ``currentTargetMillis``.
    var targetMillis: Int64
    var changes: [SLATargetChange]
    var pauseSpans: [SLAPause]
    var endMillis: Int64?
    var acknowledgementMillis: [Int64]

    init(number: Int, startMillis: Int64, targetMillis: Int64) {
        self.number = number
        self.startMillis = startMillis
        self.targetMillis = targetMillis
        self.changes = []
        self.pauseSpans = []
        self.endMillis = nil
        self.end = nil
        self.acknowledgementMillis = []
    }

    /// Whether the cycle has ended (stopped or cancelled).
    public var hasEnded: Bool { end != nil }

    /// The target in force at `instant`: the one set by the last change at or before it, else
    /// the initial target. A change at exactly `instant` counts as having happened.
    public func target(at instant: Date) -> Duration {
        let millis = Millis.of(instant)
        return Millis.duration(changes.last { $0.atMillis <= millis }?.targetMillis ?? targetMillis)
    }

    /// The target in force after the last change.
    var currentTargetMillis: Int64 { changes.last?.targetMillis ?? targetMillis }

    /// Whether the cycle is paused now (its last pause has not ended).
    public var isPaused: Bool { end == nil && pauseSpans.last.map { $0.endMillis == nil } == true }

    /// The last instant at which the cycle's state changed: its end, the last pause's end or
    /// start, the last target change, or its start.
    var lastTransitionMillis: Int64 {
        if let endMillis { return endMillis }
        let pause = pauseSpans.last.map { $0.endMillis ?? $0.startMillis } ?? startMillis
        return max(pause, changes.last?.atMillis ?? startMillis)
    }

    mutating func closePause(at instant: Int64) {
        if let last = pauseSpans.indices.last, pauseSpans[last].endMillis == nil {
            pauseSpans[last].endMillis = instant
        }
    }

    mutating func finish(_ how: SLACycleEnd, at instant: Int64) {
        closePause(at: instant)
        endMillis = instant
        end = how
    }

    mutating func openPause(at instant: Int64) {
        pauseSpans.append(SLAPause(startMillis: instant, endMillis: nil))
    }

    /// The cycle as it was known at `instant`: later pauses, a later end, later target changes
    /// and later acknowledgements are dropped; a pause that lasted past `instant` is still open. A
    /// transition at exactly `instant` counts as having happened.
    func asKnown(at instant: Int64) -> SLACycle {
        var copy = self
        if let endMillis, endMillis > instant {
            copy.endMillis = nil
            copy.end = nil
        }
        copy.pauseSpans = pauseSpans.compactMap { pause in
            guard pause.startMillis <= instant else { return nil }
            guard let end = pause.endMillis, end <= instant else { return SLAPause(startMillis: pause.startMillis, endMillis: nil) }
            return pause
        }
        copy.acknowledgementMillis = acknowledgementMillis.filter { $0 <= instant }
        copy.changes = changes.filter { $0.atMillis <= instant }
        return copy
    }

    /// The running spans: from the start to the first pause, between pauses, from the last
    /// resume to the end. An open span (`end == nil`) runs on.
    var runningSpans: [(start: Int64, end: Int64?)] {
        var spans: [(start: Int64, end: Int64?)] = []
        spans.reserveCapacity(pauseSpans.count + 1)
        var from: Int64? = startMillis
        for pause in pauseSpans {
            if let start = from { spans.append((start, pause.startMillis)) }
            from = pause.endMillis
        }
        if let start = from { spans.append((start, endMillis)) }
        return spans
    }
}

// MARK: - Coding

extension SLAPause: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case start, end }

    /// Decodes a pause; `end` may be absent for a pause that lasts.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        startMillis = Millis.of(try c.timestamp(.start))
        endMillis = try c.optionalTimestamp(.end).map(Millis.of)
        if let endMillis, endMillis < startMillis {
            throw InputError(path: c.path(.end), reason: .inconsistent("a pause cannot end before it starts"))
        }
    }

    /// Encodes a pause with RFC 3339 instants.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(start, forKey: .start)
        try c.encodeTimestampIfPresent(end, forKey: .end)
    }
}

extension SLATargetChange: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case at, targetMilliseconds }

    /// Decodes a target change: `{"at": "<RFC 3339>", "targetMilliseconds": 14400000}`.
    ///
    /// - Throws: `InputError` for a missing or invalid instant, or a target outside
    ///   1 ms ... ``SLAClock/maximumTarget``.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        atMillis = Millis.of(try c.timestamp(.at))
        targetMillis = try c.targetMilliseconds(.targetMilliseconds)
    }

    /// Encodes the change with an RFC 3339 instant and the target in milliseconds.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(at, forKey: .at)
        try c.encode(targetMillis, forKey: .targetMilliseconds)
    }
}

extension KeyedDecodingContainer {
    /// A persisted target in milliseconds: 1 ... ``SLAClock/maximumTarget``.
    fileprivate func targetMilliseconds(_ key: Key) throws -> Int64 {
        let maxTarget = Int64(SLALimits.maximumMinutes) * Millis.minute
        let target = try required(Int64.self, key)
        guard (1...maxTarget).contains(target) else {
            throw InputError(path: path(key), reason: .outOfRange("\(target) is not in 1...\(maxTarget)"))
        }
        return target
    }
}

extension SLACycle: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case number, startedAt, targetMilliseconds, targetChanges, pauses, endedAt, end, acknowledgements
    }

    /// Decodes a persisted cycle and checks that its history is consistent: pauses, target
    /// changes and acknowledgements in order and inside the cycle, at most the last pause open,
    /// and an end with its reason. `targetMilliseconds` is the target the cycle started with;
    /// an absent `targetChanges` list is empty (the target never changed).
    ///
    /// - Throws: `InputError` with the path of the first inconsistency.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.integer(.number, in: 1...SLALimits.cycles)
        startMillis = Millis.of(try c.timestamp(.startedAt))
        targetMillis = try c.targetMilliseconds(.targetMilliseconds)
        changes = try c.list(.targetChanges, limit: SLALimits.entriesPerCycle)
        pauseSpans = try c.list(.pauses, limit: SLALimits.entriesPerCycle)
        endMillis = try c.optionalTimestamp(.endedAt).map(Millis.of)
        end = try c.optional(SLACycleEnd.self, .end)
        acknowledgementMillis = try c.timestamps(.acknowledgements, limit: SLALimits.entriesPerCycle).map(Millis.of)
        switch (endMillis, end) {
        case (.some, nil): throw InputError(path: c.path(.end), reason: .missing)
        case (nil, .some): throw InputError(path: c.path(.endedAt), reason: .missing)
        default: break
        }
        var previous = startMillis
        for (index, pause) in pauseSpans.enumerated() {
            let path = c.path(.pauses).appending(index: index)
            guard pause.startMillis >= previous else {
                throw InputError(path: path.appending(key: "start"), reason: .inconsistent("pauses must be in order and inside the cycle"))
            }
            if pause.endMillis == nil, index != pauseSpans.count - 1 || endMillis != nil {
                throw InputError(path: path.appending(key: "end"), reason: .missing)
            }
            previous = pause.endMillis ?? pause.startMillis
        }
        if let endMillis, endMillis < previous {
            throw InputError(path: c.path(.endedAt), reason: .inconsistent("the cycle ends before its last transition"))
        }
        for (index, instant) in acknowledgementMillis.enumerated()
        where instant < startMillis || (index > 0 && instant < acknowledgementMillis[index - 1]) {
            throw InputError(
                path: c.path(.acknowledgements).appending(index: index),
                reason: .inconsistent("acknowledgements must be in order and inside the cycle"))
        }
        for (index, change) in changes.enumerated()
        where change.atMillis < startMillis || (index > 0 && change.atMillis < changes[index - 1].atMillis)
            || endMillis.map({ change.atMillis > $0 }) == true
        {
            throw InputError(
                path: c.path(.targetChanges).appending(index: index).appending(key: "at"),
                reason: .inconsistent("target changes must be in order and inside the cycle"))
        }
    }

    /// Encodes the cycle with RFC 3339 instants and targets in milliseconds; the target
    /// changes only when there are any.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encodeTimestamp(startedAt, forKey: .startedAt)
        try c.encode(targetMillis, forKey: .targetMilliseconds)
        try c.encodeUnlessEmpty(changes, forKey: .targetChanges)
        try c.encodeUnlessEmpty(pauseSpans, forKey: .pauses)
        try c.encodeTimestampIfPresent(endedAt, forKey: .endedAt)
        try c.encodeIfPresent(end, forKey: .end)
        try c.encodeUnlessEmpty(acknowledgements.map(RFC3339.string(from:)), forKey: .acknowledgements)
    }
}
