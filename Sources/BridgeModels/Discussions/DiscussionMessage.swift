#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A message posted in a case's discussion thread.
public struct DiscussionMessage: Hashable, Sendable, Codable {
    /// The message id in the community.
    public var id: MessageID
    /// Who wrote it, as the community shows them.
    public var author: String
    /// The message text.
    public var text: String
    /// When it was posted.
    public var postedAt: Date
    /// Documents attached to the message.
    public var documents: [Document]

    /// Creates a message.
    public init(id: MessageID, author: String, text: String, postedAt: Date, documents: [Document] = []) {
        self.id = id
        self.author = author
        self.text = text
        self.postedAt = postedAt
        self.documents = documents
    }

    enum CodingKeys: String, CodingKey { case id, author, text, postedAt, documents }

    /// Decodes and validates a message.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(MessageID.self, .id)
        author = try c.text(.author, .line, limit: limits.line)
        text = try c.text(.text, .multiline, limit: limits.text)
        postedAt = try c.timestamp(.postedAt)
        documents = try c.list(.documents, limit: limits.documents)
    }

    /// Encodes the message.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(author, forKey: .author)
        try c.encode(text, forKey: .text)
        try c.encodeTimestamp(postedAt, forKey: .postedAt)
        try c.encodeUnlessEmpty(documents, forKey: .documents)
    }
}

/// A discussion message's id.
public typealias MessageID = Identifier<DiscussionMessage>

/// Something someone agreed to do, identified in a discussion: becomes a task.
public struct ActionItem: Hashable, Sendable, Codable {
    /// The action item's id.
    public var id: ActionItemID
    /// What must be done.
    public var text: String
    /// A hint at who should do it: a team or a person, matched by routing rules.
    public var owner: String?
    /// When it is due.
    public var dueBy: Date?

    /// Creates an action item.
    public init(id: ActionItemID, text: String, owner: String? = nil, dueBy: Date? = nil) {
        self.id = id
        self.text = text
        self.owner = owner
        self.dueBy = dueBy
    }

    enum CodingKeys: String, CodingKey { case id, text, owner, dueBy }

    /// Decodes and validates an action item.
    public init(from decoder: any Decoder) throws {
        let limits = decoder.inputLimits
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(ActionItemID.self, .id)
        text = try c.text(.text, .multiline, limit: limits.text)
        owner = try c.optionalText(.owner, .line, limit: limits.line)
        dueBy = try c.optionalTimestamp(.dueBy)
    }

    /// Encodes the action item.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(owner, forKey: .owner)
        try c.encodeTimestampIfPresent(dueBy, forKey: .dueBy)
    }
}

/// An action item's id.
public typealias ActionItemID = Identifier<ActionItem>
