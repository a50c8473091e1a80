public import BridgeModels

/// One rule of the Planner status map: a task matching every given condition has ``status``.
///
/// ```json
/// {"category": "category5", "status": "awaitingDocuments"}
/// {"bucketId": "hsOf2dhOJkqyYYZEtdzDe2QAIUCR", "status": "inReview"}
/// {"percentComplete": [1, 99], "status": "inProgress"}
/// {"percentComplete": 100, "status": "resolved"}
/// ```
public struct PlannerStatusRule: Hashable, Sendable, Codable {
    /// The accepted `percentComplete` values (a number or `[low, high]` in JSON), or any.
    public var percentComplete: ClosedRange<Int>?
    /// The bucket the task must be in, or any.
    public var bucketId: String?
    /// The category (`category1`…`category25`) the task must have applied, or any.
    public var category: String?
    /// The neutral status of a matching task.
    public var status: WorkStatus

    /// Creates a rule.
    public init(percentComplete: ClosedRange<Int>? = nil, bucketId: String? = nil, category: String? = nil, status: WorkStatus) {
        self.percentComplete = percentComplete
        self.bucketId = bucketId
        self.category = category
        self.status = status
    }

    /// Whether a task with these facts matches.
    public func matches(percentComplete value: Int, bucketId bucket: String?, categories: Set<String>) -> Bool {
        if let percentComplete, !percentComplete.contains(value) { return false }
        if let bucketId, bucketId != bucket { return false }
        if let category, !categories.contains(category) { return false }
        return true
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case percentComplete, bucketId, category, status }

    /// Decodes and validates a rule. Unknown members are refused: a misspelt condition would
    /// otherwise turn the rule into one that matches every task.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if try c.has(.percentComplete) {
            let range: ClosedRange<Int>
            if let single = try? c.decode(Int.self, forKey: .percentComplete) {
                range = single...single
            } else {
                let pair = try c.decode([Int].self, forKey: .percentComplete)
                guard pair.count == 2, pair[0] <= pair[1] else {
                    throw InputError(path: c.path(.percentComplete), reason: .invalidFormat(expected: "a number or [low, high] with low <= high"))
                }
                range = pair[0]...pair[1]
            }
            guard range.lowerBound >= 0, range.upperBound <= 100 else {
                throw InputError(path: c.path(.percentComplete), reason: .outOfRange("percentComplete is 0-100"))
            }
            percentComplete = range
        } else {
            percentComplete = nil
        }
        bucketId = try c.optionalText(.bucketId, .identifier, limit: 100)
        category = try c.optionalText(.category, .identifier, limit: 12)
        if let category, !PlannerStatusRule.isCategoryKey(category) {
            throw InputError(path: c.path(.category), reason: .invalidFormat(expected: "category1 … category25"))
        }
        status = try c.required(WorkStatus.self, .status)
    }

    /// Encodes the rule (`percentComplete` as a number when the range is one value).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let percentComplete {
            if percentComplete.lowerBound == percentComplete.upperBound {
                try c.encode(percentComplete.lowerBound, forKey: .percentComplete)
            } else {
                try c.encode([percentComplete.lowerBound, percentComplete.upperBound], forKey: .percentComplete)
            }
        }
        try c.encodeIfPresent(bucketId, forKey: .bucketId)
        try c.encodeIfPresent(category, forKey: .category)
        try c.encode(status, forKey: .status)
    }

    /// `category1` … `category25`.
    public static func isCategoryKey(_ text: String) -> Bool {
        guard text.hasPrefix("category"), let number = Int(text.dropFirst(8)) else { return false }
        return (1...25).contains(number) && text == "category\(number)"
    }
}

/// Planner task state → `WorkStatus`: an ordered rule list, first match wins.
///
/// Planner has only `percentComplete` (0 not started, 1–99 in progress, 100 completed; Graph
/// documents no 0/50/100 convention), the bucket and up to 25 categories, so finer states
/// (in review, awaiting documents, escalated) come from buckets and categories your team uses.
/// Validation requires the rules to cover every `percentComplete` from 0 to 100 for a task in no
/// special bucket and with no category, so every task maps.
public struct PlannerStatusMap: Hashable, Sendable, Codable {
    /// The rules, first match wins.
    public var rules: [PlannerStatusRule]

    /// Creates a map.
    public init(rules: [PlannerStatusRule]) {
        self.rules = rules
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case rules }

    /// Decodes a map: `{"rules": [...]}`, no other members.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        rules = try decoder.container(keyedBy: CodingKeys.self).required([PlannerStatusRule].self, .rules)
    }

    /// 0 → open, 1–99 → in progress, 100 → resolved.
    public static let standard = PlannerStatusMap(rules: [
        PlannerStatusRule(percentComplete: 100...100, status: .resolved),
        PlannerStatusRule(percentComplete: 1...99, status: .inProgress),
        PlannerStatusRule(percentComplete: 0...0, status: .open),
    ])

    /// The status of a task, or `nil` if no rule matches (validation prevents that for plain
    /// tasks; values outside 0–100 match nothing).
    public func status(percentComplete: Int, bucketId: String?, categories: Set<String>) -> WorkStatus? {
        rules.first { $0.matches(percentComplete: percentComplete, bucketId: bucketId, categories: categories) }?.status
    }

    /// `percentComplete` values a plain task (no bucket rule, no category) does not map.
    public var uncoveredPercentages: [Int] {
        (0...100).filter { status(percentComplete: $0, bucketId: nil, categories: []) == nil }
    }
}

/// ClickUp status → `WorkStatus`.
///
/// Status names are per List in ClickUp, so the map matches the name first (without regard to
/// case or surrounding spaces: ClickUp stores names lower-cased) and falls back on the status
/// `type` (`open`, `custom`, `closed`, and `done`, which some workspaces use).
public struct ClickUpStatusMap: Hashable, Sendable, Codable {
    /// Status name → neutral status.
    public var byName: [String: WorkStatus]
    /// Status type → neutral status.
    public var byType: [String: WorkStatus]

    /// The status types ClickUp uses; validation requires ``byType`` to cover them.
    public static let statusTypes = ["open", "custom", "closed", "done"]

    /// Creates a map; names are normalised.
    public init(byName: [String: WorkStatus], byType: [String: WorkStatus]) {
        self.byName = Dictionary(byName.map { (ClickUpStatusMap.normalise($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.byType = byType
    }

    /// Type-only defaults: open → open, custom → in progress, done → resolved, closed → closed.
    public static let standard = ClickUpStatusMap(
        byName: ["in review": .inReview, "review": .inReview, "waiting on partner": .awaitingPartner, "awaiting documents": .awaitingDocuments, "blocked": .blocked, "escalated": .escalated],
        byType: ["open": .open, "custom": .inProgress, "done": .resolved, "closed": .closed])

    /// The status of a task with this status name and type.
    public func status(name: String, type: String) -> WorkStatus? {
        byName[ClickUpStatusMap.normalise(name)] ?? byType[type.lowercased()]
    }

    static func normalise(_ name: String) -> String {
        String(name.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " "))
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case byName, byType }

    /// The status types ``byType`` does not cover (validation requires all of
    /// ``statusTypes``).
    public var missingStatusTypes: [String] {
        ClickUpStatusMap.statusTypes.filter { byType[$0] == nil }
    }

    /// Decodes and validates a map: every status type is covered; names are not empty, and no
    /// two names that ClickUp would show as the same (they differ only in case or spacing) map
    /// to different statuses.
    public init(from decoder: any Decoder) throws {
        self = try ClickUpStatusMap.decodeEntries(from: decoder)
        if let missing = missingStatusTypes.first {
            throw InputError(path: decoder.jsonPath.appending(key: "byType").appending(key: missing), reason: .missing)
        }
    }

    /// Decodes a map with every check of ``init(from:)`` except the coverage of
    /// ``statusTypes``, which configuration validation reports for all types at once.
    static func decodeEntries(from decoder: any Decoder) throws -> ClickUpStatusMap {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var names: [String: WorkStatus] = [:]
        var spelledAs: [String: String] = [:]
        if try c.has(.byName) {
            let members = try c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .byName)
            for key in members.allKeys {
                let path = c.path(.byName).appending(key: key.stringValue)
                let name = try TextRules.check(key.stringValue, .line, limit: 100, path: path)
                let status = try members.decode(WorkStatus.self, forKey: key)
                let normalised = ClickUpStatusMap.normalise(name)
                if let earlier = spelledAs[normalised], names[normalised] != status {
                    throw InputError(
                        path: path,
                        reason: .inconsistent(
                            "ClickUp shows \"\(TextSanitizer.quotedFragment(name, limit: 40))\" and \"\(TextSanitizer.quotedFragment(earlier, limit: 40))\" as the same status name; map it once"))
                }
                spelledAs[normalised] = name
                names[normalised] = status
            }
        }
        let types = try c.required([String: WorkStatus].self, .byType)
        for type in types.keys.sorted() where !ClickUpStatusMap.statusTypes.contains(type) {
            throw InputError(path: c.path(.byType).appending(key: type), reason: .unknownValue(type, allowed: ClickUpStatusMap.statusTypes))
        }
        return ClickUpStatusMap(byName: names, byType: types)
    }
}

/// `WorkStatus` → `PartnerFacingStatus`: what a partner sees for each internal state.
///
/// Every work status must be listed; `null` means "not shown to the partner" (no post is made
/// when work enters that state). The defaults keep internal trouble internal: `blocked` shows
/// as `inProgress`, `cancelled` as `closed`, and `awaitingPartner` as `blocked` (on hold until
/// the partner answers).
public struct PartnerFacingMap: Hashable, Sendable {
    /// The map; a `nil` value hides the status.
    public var map: [WorkStatus: PartnerFacingStatus?]

    /// Creates a map.
    public init(_ map: [WorkStatus: PartnerFacingStatus?]) {
        self.map = map
    }

    /// The defaults described above.
    public static let standard = PartnerFacingMap([
        .open: .received, .inProgress: .inProgress, .inReview: .inReview, .awaitingPartner: .blocked,
        .awaitingDocuments: .awaitingDocuments, .blocked: .inProgress, .escalated: .escalated, .approved: .approved,
        .rejected: .rejected, .resolved: .resolved, .closed: .closed, .cancelled: .closed,
    ])

    /// What the partner sees for `status`, or `nil` if it is not shown.
    public func partnerFacing(_ status: WorkStatus) -> PartnerFacingStatus? {
        map[status] ?? nil
    }

    /// Work statuses the map does not list.
    public var missingStatuses: [WorkStatus] {
        WorkStatus.allCases.filter { map[$0] == nil }
    }
}

extension PartnerFacingMap: Codable {
    /// Decodes `{"open": "received", "blocked": null, …}`; every work status must be listed.
    public init(from decoder: any Decoder) throws {
        self = try PartnerFacingMap.decodeEntries(from: decoder)
        if let missing = missingStatuses.first {
            throw InputError(path: decoder.jsonPath.appending(key: missing.rawValue), reason: .missing)
        }
    }

    /// Decodes the listed statuses without requiring all of them (configuration validation
    /// reports every missing one at once).
    static func decodeEntries(from decoder: any Decoder) throws -> PartnerFacingMap {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        var map: [WorkStatus: PartnerFacingStatus?] = [:]
        for key in c.allKeys {
            guard let status = WorkStatus(rawValue: key.stringValue) else {
                throw InputError(path: c.path(key), reason: .unknownValue(key.stringValue, allowed: WorkStatus.allCases.map(\.rawValue)))
            }
            map[status] = try c.has(key) ? .some(try c.decode(PartnerFacingStatus.self, forKey: key)) : .some(nil)
        }
        return PartnerFacingMap(map)
    }

    /// Encodes every listed status (`null` for hidden ones).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        for status in WorkStatus.allCases {
            guard let entry = map[status] else { continue }
            if let facing = entry { try c.encode(facing, forKey: AnyCodingKey(status.rawValue)) } else { try c.encodeNil(forKey: AnyCodingKey(status.rawValue)) }
        }
    }
}

