/// What a partner asks for, for routing approvals.
public struct RequestKind: OpenSetValue {
    /// The kind's token.
    public let rawValue: String
    /// Creates a kind from its token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A price outside the agreed terms.
    public static let pricingException: RequestKind = "pricingException"
    /// A change to a shipment after dispatch (BSN01 05 Replace / 01 Cancellation).
    public static let shipmentChange: RequestKind = "shipmentChange"
    /// A corrected resend of a document (purpose code 05, 01 or 18).
    public static let documentCorrection: RequestKind = "documentCorrection"
    /// Anything else.
    public static let other: RequestKind = "other"
}

/// A request a partner submits for approval (`request.submitted`).
public struct PartnerRequest: Hashable, Sendable, Codable {
    /// The request id in the community.
    public var id: RequestID
    /// What is asked for.
    public var kind: RequestKind
    /// One-line summary.
    public var title: String
    /// The partner's explanation.
    public var detail: String?
    /// The transactions the request is about.
    public var references: [TransactionReference]
    /// The amount at stake.
    public var amount: Money?
    /// Supporting documents.
    public var documents: [Document]

    /// Creates a request.
    public init(
        id: RequestID, kind: RequestKind, title: String, detail: String? = nil,
        references: [TransactionReference] = [], amount: Money? = nil, documents: [Document] = []
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.detail = detail
        self.references = references
        self.amount = amount
        self.documents = documents
    }

    enum CodingKeys: String, CodingKey { case id, kind, title, detail, references, amount, documents }

    /// Decodes and validates a request.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(RequestID.self, .id)
        kind = try c.required(RequestKind.self, .kind)
        title = try c.text(.title, .line, limit: limits.line)
        detail = try c.optionalText(.detail, .multiline, limit: limits.text)
        references = try c.list(.references, limit: limits.references)
        amount = try c.optional(Money.self, .amount)
        documents = try c.list(.documents, limit: limits.documents)
    }

    /// Encodes the request.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(detail, forKey: .detail)
        try c.encodeUnlessEmpty(references, forKey: .references)
        try c.encodeIfPresent(amount, forKey: .amount)
        try c.encodeUnlessEmpty(documents, forKey: .documents)
    }
}

/// A partner request's id.
public typealias RequestID = Identifier<PartnerRequest>
