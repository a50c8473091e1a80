#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A partner issue raised in the community: a shipment discrepancy, an invoice mismatch, a
/// compliance exception, a dispute, …
///
/// Required on the wire: `id`, `kind`, `title`. `priority` defaults to `normal`; lists default
/// to empty.
public struct PartnerCase: Hashable, Sendable, Codable {
    /// The case id in the community, e.g. `C-1001`.
    public var id: CaseID
    /// What kind of issue it is.
    public var kind: CaseKind
    /// The partner's one-line summary.
    public var title: String
    /// The partner's description.
    public var detail: String?
    /// The urgency the partner gave it.
    public var priority: Priority
    /// The community discussion thread the case lives in; partner posts go there.
    public var threadId: ThreadID?
    /// The transactions and envelopes the case is about.
    public var references: [TransactionReference]
    /// The amount at stake (disputed, deducted, mismatched).
    public var amount: Money?
    /// Supporting documents.
    public var documents: [Document]
    /// A date by which the partner asks for a resolution.
    public var dueBy: Date?
    /// Departments that must each act, for multi-department exceptions.
    public var departments: [Department]

    /// Creates a case.
    public init(
        id: CaseID, kind: CaseKind, title: String, detail: String? = nil, priority: Priority = .normal,
        threadId: ThreadID? = nil, references: [TransactionReference] = [], amount: Money? = nil,
        documents: [Document] = [], dueBy: Date? = nil, departments: [Department] = []
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.detail = detail
        self.priority = priority
        self.threadId = threadId
        self.references = references
        self.amount = amount
        self.documents = documents
        self.dueBy = dueBy
        self.departments = departments
    }

    /// The reference that best identifies the case for people: the most prominent kind
    /// (purchase order, then invoice, ASN, bill of lading, …), first in document order.
    public var keyReference: TransactionReference? {
        references.enumerated().min { lhs, rhs in
            (lhs.element.type.prominence, lhs.offset) < (rhs.element.type.prominence, rhs.offset)
        }?.element
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, title, detail, priority, threadId, references, amount, documents, dueBy, departments
    }

    /// Decodes and validates a case.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(CaseID.self, .id)
        kind = try c.required(CaseKind.self, .kind)
        title = try c.text(.title, .line, limit: limits.line)
        detail = try c.optionalText(.detail, .multiline, limit: limits.text)
        priority = try c.optional(Priority.self, .priority) ?? .normal
        threadId = try c.optional(ThreadID.self, .threadId)
        references = try c.list(.references, limit: limits.references)
        amount = try c.optional(Money.self, .amount)
        documents = try c.list(.documents, limit: limits.documents)
        dueBy = try c.optionalTimestamp(.dueBy)
        departments = try PartnerCase.departments(in: c, limits: limits)
    }

    /// The `departments` list: at most ``InputLimits/departments`` tokens, each listed once (a
    /// department listed twice would get two tasks).
    static func departments(in c: KeyedDecodingContainer<CodingKeys>, limits: InputLimits) throws -> [Department] {
        let departments: [Department] = try c.list(.departments, limit: limits.departments)
        var seen = Set<Department>()
        for (index, department) in departments.enumerated() where !seen.insert(department).inserted {
            throw InputError(
                path: c.path(.departments).appending(index: index),
                reason: .inconsistent("department \(department) is listed twice"))
        }
        return departments
    }

    /// Encodes the case, omitting absent fields and empty lists.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(detail, forKey: .detail)
        try c.encode(priority, forKey: .priority)
        try c.encodeIfPresent(threadId, forKey: .threadId)
        try c.encodeUnlessEmpty(references, forKey: .references)
        try c.encodeIfPresent(amount, forKey: .amount)
        try c.encodeUnlessEmpty(documents, forKey: .documents)
        try c.encodeTimestampIfPresent(dueBy, forKey: .dueBy)
        try c.encodeUnlessEmpty(departments, forKey: .departments)
    }
}

/// A case's id in the community.
public typealias CaseID = Identifier<PartnerCase>
/// A community discussion thread's id.
public typealias ThreadID = Identifier<IdentifierTag.Thread>

/// The fields of a case that changed (`case.updated`): the id is required, every other field is
/// optional and present only when it changed.
public struct CaseUpdate: Hashable, Sendable, Codable {
    /// The case that changed.
    public var id: CaseID
    /// A new kind.
    public var kind: CaseKind?
    /// A new title.
    public var title: String?
    /// A new description.
    public var detail: String?
    /// A new priority.
    public var priority: Priority?
    /// A new thread.
    public var threadId: ThreadID?
    /// The complete new list of references.
    public var references: [TransactionReference]?
    /// A new amount.
    public var amount: Money?
    /// The complete new list of documents.
    public var documents: [Document]?
    /// A new requested date.
    public var dueBy: Date?
    /// The complete new list of departments.
    public var departments: [Department]?

    /// Creates an update.
    public init(
        id: CaseID, kind: CaseKind? = nil, title: String? = nil, detail: String? = nil, priority: Priority? = nil,
        threadId: ThreadID? = nil, references: [TransactionReference]? = nil, amount: Money? = nil,
        documents: [Document]? = nil, dueBy: Date? = nil, departments: [Department]? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.detail = detail
        self.priority = priority
        self.threadId = threadId
        self.references = references
        self.amount = amount
        self.documents = documents
        self.dueBy = dueBy
        self.departments = departments
    }

    /// Applies the changed fields to a case.
    public func applied(to original: PartnerCase) -> PartnerCase {
        var updated = original
        if let kind { updated.kind = kind }
        if let title { updated.title = title }
        if let detail { updated.detail = detail }
        if let priority { updated.priority = priority }
        if let threadId { updated.threadId = threadId }
        if let references { updated.references = references }
        if let amount { updated.amount = amount }
        if let documents { updated.documents = documents }
        if let dueBy { updated.dueBy = dueBy }
        if let departments { updated.departments = departments }
        return updated
    }

    typealias CodingKeys = PartnerCase.CodingKeys

    /// Decodes and validates an update.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(CaseID.self, .id)
        kind = try c.optional(CaseKind.self, .kind)
        title = try c.optionalText(.title, .line, limit: limits.line)
        detail = try c.optionalText(.detail, .multiline, limit: limits.text)
        priority = try c.optional(Priority.self, .priority)
        threadId = try c.optional(ThreadID.self, .threadId)
        references = try c.has(.references) ? c.list(.references, limit: limits.references) : nil
        amount = try c.optional(Money.self, .amount)
        documents = try c.has(.documents) ? c.list(.documents, limit: limits.documents) : nil
        dueBy = try c.optionalTimestamp(.dueBy)
        departments = try c.has(.departments) ? PartnerCase.departments(in: c, limits: limits) : nil
    }

    /// Encodes the id and the changed fields only.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(detail, forKey: .detail)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeIfPresent(threadId, forKey: .threadId)
        try c.encodeIfPresent(references, forKey: .references)
        try c.encodeIfPresent(amount, forKey: .amount)
        try c.encodeIfPresent(documents, forKey: .documents)
        try c.encodeTimestampIfPresent(dueBy, forKey: .dueBy)
        try c.encodeIfPresent(departments, forKey: .departments)
    }
}
