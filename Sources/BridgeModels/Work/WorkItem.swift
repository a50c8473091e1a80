#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where a work item goes: a Planner plan and bucket or a ClickUp list.
public enum WorkDestination: Hashable, Sendable, Codable {
    /// A Planner plan, optionally a bucket of it.
    case planner(planId: String, bucketId: String?)
    /// A ClickUp list.
    case clickUp(listId: String)

    /// The tracker of the destination.
    public var tracker: Tracker {
        switch self {
        case .planner: return .planner
        case .clickUp: return .clickUp
        }
    }

    enum CodingKeys: String, CodingKey { case tracker, planId, bucketId, listId }

    /// Decodes `{"tracker": "planner", "planId": …, "bucketId": …}` or
    /// `{"tracker": "clickup", "listId": …}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let limits = decoder.inputLimits
        switch try c.required(Tracker.self, .tracker) {
        case .planner:
            self = .planner(
                planId: try c.text(.planId, .identifier, limit: limits.identifier),
                bucketId: try c.optionalText(.bucketId, .identifier, limit: limits.identifier))
        case .clickUp:
            self = .clickUp(listId: try c.text(.listId, .identifier, limit: limits.identifier))
        }
    }

    /// Encodes the destination with its tracker.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tracker, forKey: .tracker)
        switch self {
        case .planner(let planId, let bucketId):
            try c.encode(planId, forKey: .planId)
            try c.encodeIfPresent(bucketId, forKey: .bucketId)
        case .clickUp(let listId):
            try c.encode(listId, forKey: .listId)
        }
    }
}

/// What an idempotency marker's subject is, so equal ids of different things (case `D-1` and
/// document `D-1`) never share a marker.
public struct MarkerNamespace: OpenSetValue {
    /// The namespace's token.
    public let rawValue: String
    /// Creates a namespace.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A partner case.
    public static let `case`: MarkerNamespace = "case"
    /// An uploaded document (document review).
    public static let document: MarkerNamespace = "document"
    /// A partner request (approval).
    public static let request: MarkerNamespace = "request"
    /// A discussion action item.
    public static let actionItem: MarkerNamespace = "actionItem"
    /// An onboarding programme of a partner.
    public static let onboarding: MarkerNamespace = "onboarding"
    /// A compliance requirement.
    public static let compliance: MarkerNamespace = "compliance"
    /// An escalation task.
    public static let escalation: MarkerNamespace = "escalation"
}

/// The marker that makes creating a task idempotent:
/// `TG-<partner>-<subject>[-<suffix>]-<hash>`, e.g. `TG-ACME-C-1001-3f2a9c1b7d4e`.
///
/// Connectors place it where they can search for it later (the end of the task title, and a
/// ClickUp custom field), so an ambiguous failure (the create may have happened, no answer came)
/// is resolved by looking the marker up before creating again.
///
/// The readable part helps people find the task; characters other than letters, digits, `.`, `_`
/// and `-` become `_` and each part is cut at 80 characters, so the readable part alone is not
/// unique (partner `A-B` with case `C` reads like partner `A` with case `B-C`). The last 12 hex
/// digits are the SHA-256 of the exact, length-prefixed partner id, namespace, subject and suffix,
/// which makes markers of different work distinct.
public struct IdempotencyMarker: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The marker text.
    public let rawValue: String

    /// Wraps marker text (for markers read back from a tracker or a store).
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The marker of a piece of work: a subject (a case, document, request, … id) of a partner,
    /// optionally one of several tasks for it (`suffix`, e.g. a team and department).
    public init(partner: PartnerID, namespace: MarkerNamespace, subject: String, suffix: String? = nil) {
        var text = "TG-" + IdempotencyMarker.clean(partner.rawValue) + "-" + IdempotencyMarker.clean(subject)
        if let suffix, !suffix.isEmpty { text += "-" + IdempotencyMarker.clean(suffix) }
        let parts = ["v1", partner.rawValue, namespace.rawValue, subject, suffix ?? ""]
        let canonical = parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        self.rawValue = text + "-" + String(SHA256Hasher.hexDigest(canonical).prefix(12))
    }

    /// The marker for a case.
    public init(partner: PartnerID, case caseId: CaseID, suffix: String? = nil) {
        self.init(partner: partner, namespace: .case, subject: caseId.rawValue, suffix: suffix)
    }

    /// The marker text.
    public var description: String { rawValue }

    /// Orders by text.
    public static func < (lhs: IdempotencyMarker, rhs: IdempotencyMarker) -> Bool { lhs.rawValue < rhs.rawValue }

    static func clean(_ part: String) -> String {
        String(
            String.UnicodeScalarView(
                part.unicodeScalars.prefix(80).map { scalar in
                    let v = scalar.value
                    let ok = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
                        || v == 0x2E || v == 0x5F || v == 0x2D
                    return ok ? scalar : "_"
                }))
    }
}

/// One block of a work item's description. The trackers render blocks differently (plain text
/// for Planner, escaped Markdown for ClickUp); the text in a block is raw, unescaped content.
public enum DescriptionBlock: Hashable, Sendable, Codable {
    /// A heading.
    case heading(String)
    /// A paragraph of text (may contain line breaks).
    case paragraph(String)
    /// A labelled value, e.g. `Partner: Acme Retail`.
    case field(label: String, value: String)
    /// A bulleted list.
    case bullets([String])
    /// A link with a title.
    case link(title: String, url: String)

    enum CodingKeys: String, CodingKey { case heading, paragraph, field, bullets, link }
    enum PairKeys: String, CodingKey { case label, value, title, url }

    /// Decodes `{"heading": …}`, `{"paragraph": …}`, `{"field": {"label", "value"}}`,
    /// `{"bullets": […]}` or `{"link": {"title", "url"}}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if try c.has(.heading) {
            self = .heading(try c.decode(String.self, forKey: .heading))
        } else if try c.has(.paragraph) {
            self = .paragraph(try c.decode(String.self, forKey: .paragraph))
        } else if try c.has(.field) {
            let pair = try c.nestedContainer(keyedBy: PairKeys.self, forKey: .field)
            self = .field(label: try pair.decode(String.self, forKey: .label), value: try pair.decode(String.self, forKey: .value))
        } else if try c.has(.bullets) {
            self = .bullets(try c.decode([String].self, forKey: .bullets))
        } else if try c.has(.link) {
            let pair = try c.nestedContainer(keyedBy: PairKeys.self, forKey: .link)
            self = .link(title: try pair.decode(String.self, forKey: .title), url: try pair.decode(String.self, forKey: .url))
        } else {
            throw InputError(
                path: decoder.jsonPath, reason: .missingOneOf(["heading", "paragraph", "field", "bullets", "link"]))
        }
    }

    /// Encodes the block under its kind.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .heading(let text): try c.encode(text, forKey: .heading)
        case .paragraph(let text): try c.encode(text, forKey: .paragraph)
        case .field(let label, let value):
            var pair = c.nestedContainer(keyedBy: PairKeys.self, forKey: .field)
            try pair.encode(label, forKey: .label)
            try pair.encode(value, forKey: .value)
        case .bullets(let items): try c.encode(items, forKey: .bullets)
        case .link(let title, let url):
            var pair = c.nestedContainer(keyedBy: PairKeys.self, forKey: .link)
            try pair.encode(title, forKey: .title)
            try pair.encode(url, forKey: .url)
        }
    }
}

/// A checklist entry of a work item.
public struct ChecklistEntry: Hashable, Sendable, Codable {
    /// What to check.
    public var title: String
    /// Whether it is done.
    public var isChecked: Bool

    /// Creates an entry.
    public init(title: String, isChecked: Bool = false) {
        self.title = title
        self.isChecked = isChecked
    }
}

/// A document attached to or linked from a work item.
public struct DocumentLink: Hashable, Sendable, Codable {
    /// The document id in the community (the community adapter fetches bytes by it).
    public var documentId: DocumentID
    /// The file name.
    public var name: String
    /// The document kind.
    public var kind: DocumentKind
    /// Where the community serves it, if it has a URL.
    public var url: String?
    /// The media type.
    public var mediaType: String?
    /// The size in bytes.
    public var size: Int64?

    /// Creates a link.
    public init(
        documentId: DocumentID, name: String, kind: DocumentKind = .other, url: String? = nil,
        mediaType: String? = nil, size: Int64? = nil
    ) {
        self.documentId = documentId
        self.name = name
        self.kind = kind
        self.url = url
        self.mediaType = mediaType
        self.size = size
    }

    /// A link to a community document.
    public init(_ document: Document) {
        self.init(
            documentId: document.id, name: document.name, kind: document.kind, url: document.url,
            mediaType: document.mediaType, size: document.size)
    }
}

/// A named internal field of a work item (ClickUp custom fields; part of the description in
/// Planner). Internal fields never reach partner posts.
public struct WorkFieldKey: OpenSetValue {
    /// The key's token.
    public let rawValue: String
    /// Creates a key.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The partner (id and name).
    public static let partner: WorkFieldKey = "partner"
    /// The community case id.
    public static let caseId: WorkFieldKey = "caseId"
    /// The key transaction reference.
    public static let transactionReference: WorkFieldKey = "transactionReference"
    /// The amount at stake.
    public static let amount: WorkFieldKey = "amount"
    /// The SLA resolution deadline.
    public static let slaDue: WorkFieldKey = "slaDue"
}

/// The value of a ``WorkFieldKey``.
public enum WorkFieldValue: Hashable, Sendable, Codable {
    /// Text.
    case text(String)
    /// An exact number.
    case number(Decimal)
    /// An amount of money.
    case money(Money)
    /// An instant.
    case date(Date)

    enum CodingKeys: String, CodingKey { case text, number, money, date }

    /// Decodes `{"text": …}`, `{"number": "12.5"}`, `{"money": {…}}` or `{"date": "…"}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if try c.has(.text) {
            self = .text(try c.decode(String.self, forKey: .text))
        } else if try c.has(.number) {
            let text = try c.decode(String.self, forKey: .number)
            guard let value = Money.parseSignedDecimal(text) else {
                throw InputError(path: c.path(.number), reason: .invalidFormat(expected: "a decimal string"))
            }
            self = .number(value)
        } else if try c.has(.money) {
            self = .money(try c.decode(Money.self, forKey: .money))
        } else if try c.has(.date) {
            self = .date(try c.timestamp(.date))
        } else {
            throw InputError(path: decoder.jsonPath, reason: .missingOneOf(["text", "number", "money", "date"]))
        }
    }

    /// Encodes the value under its kind; numbers as decimal strings, dates as RFC 3339.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text): try c.encode(text, forKey: .text)
        case .number(let value): try c.encode(Money.plainString(value, minimumFractionDigits: 0), forKey: .number)
        case .money(let money): try c.encode(money, forKey: .money)
        case .date(let date): try c.encodeTimestamp(date, forKey: .date)
        }
    }
}

/// The tracker-neutral description of a task to create: what BridgeMapping produces from a case,
/// request, document, action item or onboarding step, and what the tracker requests are built
/// from.
public struct WorkItem: Hashable, Sendable {
    /// The task title (within the tracker's limits).
    public var title: String
    /// The task description, as blocks.
    public var description: [DescriptionBlock]
    /// The task priority.
    public var priority: Priority
    /// When work should start.
    public var startAt: Date?
    /// When it is due (from the SLA policy, in business time).
    public var dueAt: Date?
    /// Tracker user ids to assign (Planner user object ids; ClickUp numeric user ids as text).
    public var assigneeIDs: [String]
    /// Label names (Planner categories via the team's label map; ClickUp tags).
    public var labels: [String]
    /// Checklist entries.
    public var checklist: [ChecklistEntry]
    /// Supporting documents.
    public var documents: [DocumentLink]
    /// Where it goes.
    public var destination: WorkDestination
    /// The idempotency marker.
    public var marker: IdempotencyMarker
    /// Internal fields.
    public var fields: [WorkFieldKey: WorkFieldValue]
    /// The partner the work is for.
    public var partnerId: PartnerID
    /// The case the work is for, if any.
    public var caseId: CaseID?

    /// Creates a work item.
    public init(
        title: String, description: [DescriptionBlock] = [], priority: Priority = .normal, startAt: Date? = nil,
        dueAt: Date? = nil, assigneeIDs: [String] = [], labels: [String] = [], checklist: [ChecklistEntry] = [],
        documents: [DocumentLink] = [], destination: WorkDestination, marker: IdempotencyMarker,
        fields: [WorkFieldKey: WorkFieldValue] = [:], partnerId: PartnerID, caseId: CaseID? = nil
    ) {
        self.title = title
        self.description = description
        self.priority = priority
        self.startAt = startAt
        self.dueAt = dueAt
        self.assigneeIDs = assigneeIDs
        self.labels = labels
        self.checklist = checklist
        self.documents = documents
        self.destination = destination
        self.marker = marker
        self.fields = fields
        self.partnerId = partnerId
        self.caseId = caseId
    }
}

extension WorkItem: Codable {
    enum CodingKeys: String, CodingKey {
        case title, description, priority, startAt, dueAt, assigneeIDs, labels, checklist, documents, destination
        case marker, fields, partnerId, caseId
    }

    /// Decodes a work item (dates as RFC 3339).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decode(String.self, forKey: .title)
        description = try c.decodeIfPresent([DescriptionBlock].self, forKey: .description) ?? []
        priority = try c.decodeIfPresent(Priority.self, forKey: .priority) ?? .normal
        startAt = try c.optionalTimestamp(.startAt)
        dueAt = try c.optionalTimestamp(.dueAt)
        assigneeIDs = try c.decodeIfPresent([String].self, forKey: .assigneeIDs) ?? []
        labels = try c.decodeIfPresent([String].self, forKey: .labels) ?? []
        checklist = try c.decodeIfPresent([ChecklistEntry].self, forKey: .checklist) ?? []
        documents = try c.decodeIfPresent([DocumentLink].self, forKey: .documents) ?? []
        destination = try c.decode(WorkDestination.self, forKey: .destination)
        marker = try c.decode(IdempotencyMarker.self, forKey: .marker)
        let raw = try c.decodeIfPresent([String: WorkFieldValue].self, forKey: .fields) ?? [:]
        fields = Dictionary(uniqueKeysWithValues: raw.map { (WorkFieldKey(rawValue: $0.key), $0.value) })
        partnerId = try c.decode(PartnerID.self, forKey: .partnerId)
        caseId = try c.decodeIfPresent(CaseID.self, forKey: .caseId)
    }

    /// Encodes a work item (dates as RFC 3339, fields keyed by their token).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        try c.encodeUnlessEmpty(description, forKey: .description)
        try c.encode(priority, forKey: .priority)
        try c.encodeTimestampIfPresent(startAt, forKey: .startAt)
        try c.encodeTimestampIfPresent(dueAt, forKey: .dueAt)
        try c.encodeUnlessEmpty(assigneeIDs, forKey: .assigneeIDs)
        try c.encodeUnlessEmpty(labels, forKey: .labels)
        try c.encodeUnlessEmpty(checklist, forKey: .checklist)
        try c.encodeUnlessEmpty(documents, forKey: .documents)
        try c.encode(destination, forKey: .destination)
        try c.encode(marker, forKey: .marker)
        if !fields.isEmpty {
            try c.encode(Dictionary(uniqueKeysWithValues: fields.map { ($0.key.rawValue, $0.value) }), forKey: .fields)
        }
        try c.encode(partnerId, forKey: .partnerId)
        try c.encodeIfPresent(caseId, forKey: .caseId)
    }
}
