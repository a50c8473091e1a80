#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What an onboarding requirement asks of a new partner.
public enum OnboardingRequirementKind: String, ClosedSetValue, CustomStringConvertible {
    /// Complete the company profile.
    case profile
    /// Provide documents (certificates, W-9, insurance).
    case documents
    /// Sign the trading-partner agreement.
    case agreement
    /// Pass EDI testing / certification.
    case ediTest
    /// Anything else.
    case other

    /// The raw value.
    public var description: String { rawValue }
}

/// One step of an onboarding programme, as configuration defines it.
public struct OnboardingStep: Hashable, Sendable, Codable {
    /// The step id; `onboarding.requirementCompleted` events name it.
    public var id: RequirementID
    /// What the step asks for.
    public var kind: OnboardingRequirementKind
    /// A one-line title for the task and the partner post.
    public var title: String
    /// Steps that must be completed first.
    public var dependsOn: [RequirementID]
    /// Business minutes allowed for the step after it becomes available, if it has a target.
    public var targetMinutes: Int?

    /// Creates a step.
    public init(
        id: RequirementID, kind: OnboardingRequirementKind, title: String, dependsOn: [RequirementID] = [],
        targetMinutes: Int? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.dependsOn = dependsOn
        self.targetMinutes = targetMinutes
    }

    enum CodingKeys: String, CodingKey { case id, kind, title, dependsOn, targetMinutes }

    /// Decodes and validates a step; `dependsOn` defaults to none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(RequirementID.self, .id)
        kind = try c.required(OnboardingRequirementKind.self, .kind)
        title = try c.text(.title, .line, limit: decoder.inputLimits.line)
        dependsOn = try c.list(.dependsOn, limit: 100)
        targetMinutes = try c.optional(Int.self, .targetMinutes)
        if let targetMinutes, targetMinutes < 0 {
            throw InputError(path: c.path(.targetMinutes), reason: .outOfRange("must not be negative"))
        }
    }

    /// Encodes the step.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(title, forKey: .title)
        try c.encodeUnlessEmpty(dependsOn, forKey: .dependsOn)
        try c.encodeIfPresent(targetMinutes, forKey: .targetMinutes)
    }
}

/// An onboarding programme: the ordered steps a new partner goes through (profile →
/// connectivity → mapping → testing/certification → go-live).
public struct OnboardingProgram: Hashable, Sendable, Codable {
    /// The programme name; `partner.added` events name it.
    public var name: String
    /// The steps, in the order they are presented.
    public var steps: [OnboardingStep]

    /// Creates a programme.
    public init(name: String, steps: [OnboardingStep]) {
        self.name = name
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey { case name, steps }

    /// Decodes and validates a programme: step ids are unique, every dependency names a step
    /// of the programme and no step depends on itself, directly or through others (such a step
    /// would never become available).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name, .line, limit: decoder.inputLimits.line)
        steps = try c.list(.steps, limit: 200)
        var seen = Set<RequirementID>()
        for (index, step) in steps.enumerated() {
            guard seen.insert(step.id).inserted else {
                throw InputError(
                    path: c.path(.steps).appending(index: index).appending(key: "id"),
                    reason: .inconsistent("step id \(step.id) is used twice"))
            }
        }
        for (index, step) in steps.enumerated() {
            for (position, dependency) in step.dependsOn.enumerated() where !seen.contains(dependency) {
                throw InputError(
                    path: c.path(.steps).appending(index: index).appending(key: "dependsOn").appending(index: position),
                    reason: .inconsistent("no step \(dependency) in this programme"))
            }
        }
        if let cycle = OnboardingProgram.firstCycle(in: steps) {
            throw InputError(
                path: c.path(.steps).appending(index: cycle.step).appending(key: "dependsOn").appending(index: cycle.position),
                reason: .inconsistent("dependency cycle " + cycle.ids.map(\.rawValue).joined(separator: " → ")))
        }
    }

    /// The first dependency cycle a depth-first walk in programme order meets: the step and
    /// position of the dependency that closes it, and the ids along it (first id repeated last).
    /// Every dependency must name a step.
    private static func firstCycle(in steps: [OnboardingStep]) -> (step: Int, position: Int, ids: [RequirementID])? {
        let index = Dictionary(steps.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        enum Mark { case unvisited, onPath, done }
        var marks = [Mark](repeating: .unvisited, count: steps.count)
        var path: [Int] = []
        func visit(_ step: Int) -> (step: Int, position: Int, ids: [RequirementID])? {
            marks[step] = .onPath
            path.append(step)
            for (position, dependency) in steps[step].dependsOn.enumerated() {
                guard let next = index[dependency] else { continue }
                switch marks[next] {
                case .onPath:
                    let loop = path[(path.lastIndex(of: next) ?? 0)...].map { steps[$0].id }
                    return (step, position, loop + [steps[next].id])
                case .unvisited:
                    if let found = visit(next) { return found }
                case .done:
                    break
                }
            }
            path.removeLast()
            marks[step] = .done
            return nil
        }
        for step in steps.indices where marks[step] == .unvisited {
            if let found = visit(step) { return found }
        }
        return nil
    }

    /// Where a partner stands, given the ids of the steps completed so far.
    public func progress(completed: Set<RequirementID>) -> OnboardingProgress {
        let known = Set(steps.map(\.id))
        let done = completed.intersection(known)
        let available = steps.filter { step in
            !done.contains(step.id) && step.dependsOn.allSatisfy(done.contains)
        }
        return OnboardingProgress(
            completedCount: done.count, totalCount: steps.count, available: available.map(\.id))
    }
}

/// A partner's position in an ``OnboardingProgram``.
public struct OnboardingProgress: Hashable, Sendable, Codable {
    /// Steps completed.
    public var completedCount: Int
    /// Steps in the programme.
    public var totalCount: Int
    /// Steps not completed whose prerequisites are all completed, in programme order.
    public var available: [RequirementID]

    /// Creates a progress value.
    public init(completedCount: Int, totalCount: Int, available: [RequirementID]) {
        self.completedCount = completedCount
        self.totalCount = totalCount
        self.available = available
    }

    /// Whether every step is completed.
    public var isComplete: Bool { completedCount == totalCount }

    /// Whole percent completed (0–100), rounded down.
    public var percentComplete: Int { totalCount == 0 ? 100 : completedCount * 100 / totalCount }
}

/// A requirement a partner completed (`onboarding.requirementCompleted`).
public struct CompletedRequirement: Hashable, Sendable, Codable {
    /// The requirement (an ``OnboardingStep`` id).
    public var id: RequirementID
    /// What kind of requirement it was.
    public var kind: OnboardingRequirementKind
    /// When the partner completed it.
    public var completedAt: Date

    /// Creates a completion.
    public init(id: RequirementID, kind: OnboardingRequirementKind, completedAt: Date) {
        self.id = id
        self.kind = kind
        self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey { case id, kind, completedAt }

    /// Decodes and validates a completion.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(RequirementID.self, .id)
        kind = try c.required(OnboardingRequirementKind.self, .kind)
        completedAt = try c.timestamp(.completedAt)
    }

    /// Encodes the completion.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encodeTimestamp(completedAt, forKey: .completedAt)
    }
}

/// An onboarding or compliance requirement's id.
public typealias RequirementID = Identifier<OnboardingStep>

/// A compliance requirement the community triggered for a partner
/// (`compliance.requirementTriggered`), e.g. a certificate about to expire.
public struct ComplianceRequirement: Hashable, Sendable, Codable {
    /// The requirement id.
    public var id: RequirementID
    /// One-line title.
    public var title: String
    /// What the partner must do.
    public var detail: String?
    /// When it must be done.
    public var dueBy: Date?

    /// Creates a requirement.
    public init(id: RequirementID, title: String, detail: String? = nil, dueBy: Date? = nil) {
        self.id = id
        self.title = title
        self.detail = detail
        self.dueBy = dueBy
    }

    enum CodingKeys: String, CodingKey { case id, title, detail, dueBy }

    /// Decodes and validates a requirement.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(RequirementID.self, .id)
        title = try c.text(.title, .line, limit: limits.line)
        detail = try c.optionalText(.detail, .multiline, limit: limits.text)
        dueBy = try c.optionalTimestamp(.dueBy)
    }

    /// Encodes the requirement.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(detail, forKey: .detail)
        try c.encodeTimestampIfPresent(dueBy, forKey: .dueBy)
    }
}
