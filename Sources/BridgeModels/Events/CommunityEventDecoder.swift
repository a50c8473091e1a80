#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Decodes community events from untrusted bytes, one JSON document (one JSON Lines line) at a
/// time, with a typed, path-precise error for anything it refuses.
///
/// ```swift
/// let decoder = CommunityEventDecoder()
/// switch decoder.decodeOrDeadLetter(line, receivedAt: now, source: "mailbox") {
/// case .success(let event): try await engine.handle(event)
/// case .failure(let letter): try await store.deadLetter(letter)   // kept, never dropped
/// }
/// ```
public struct CommunityEventDecoder: Sendable {
    /// The limits applied to every document.
    public var limits: InputLimits

    /// Creates a decoder.
    public init(limits: InputLimits = .default) {
        self.limits = limits
    }

    /// Decodes one event.
    ///
    /// - Throws: ``InputError`` naming the JSON path and the reason.
    public func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(InputError) -> CommunityEvent {
        try StrictJSONDecoder(limits: limits).decode(CommunityEvent.self, from: bytes)
    }

    /// Decodes one event from text.
    ///
    /// - Throws: ``InputError`` naming the JSON path and the reason.
    public func decode(_ text: String) throws(InputError) -> CommunityEvent {
        try decode(Array(text.utf8))
    }

    /// Decodes one event, or packages the input and the error as a ``DeadLetter`` to keep.
    public func decodeOrDeadLetter<Bytes: Collection<UInt8>>(
        _ bytes: Bytes, receivedAt: Date, source: String
    ) -> Result<CommunityEvent, DeadLetter> {
        do throws(InputError) {
            return .success(try decode(bytes))
        } catch {
            return .failure(DeadLetter(payload: Data(bytes), error: error, receivedAt: receivedAt, source: source))
        }
    }
}

/// Input the bridge refused, kept with the reason so nothing is silently dropped.
///
/// A dead letter holds the original bytes (up to ``payloadLimit``; longer payloads keep their
/// head and record the full size), the ``InputError`` that refused them, when and where they
/// arrived. Stores persist dead letters; operators inspect and replay them.
public struct DeadLetter: Error, Hashable, Sendable, Codable {
    /// How many payload bytes are kept: 1 MiB.
    public static let payloadLimit = 1 << 20

    /// The payload as received, possibly truncated to ``payloadLimit`` bytes.
    public var payload: Data
    /// The size of the payload as received, in bytes.
    public var payloadSize: Int
    /// Where the refused value is.
    public var path: String
    /// Why it was refused (log-safe).
    public var reason: String
    /// When it arrived.
    public var receivedAt: Date
    /// Where it came from (a file and line, a webhook route, …).
    public var source: String

    /// Creates a dead letter from the refused bytes and the error.
    public init(payload: Data, error: InputError, receivedAt: Date, source: String) {
        self.payload = payload.count > DeadLetter.payloadLimit ? payload.prefix(DeadLetter.payloadLimit) : payload
        self.payloadSize = payload.count
        self.path = error.path.description
        self.reason = error.reasonDescription
        self.receivedAt = receivedAt
        self.source = source
    }

    /// Whether ``payload`` holds only the head of what arrived.
    public var isTruncated: Bool { payload.count < payloadSize }

    enum CodingKeys: String, CodingKey { case payload, payloadSize, path, reason, receivedAt, source }

    /// Decodes a stored dead letter (payload in base64).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let encoded = try c.decode(String.self, forKey: .payload)
        guard let payload = Data(base64Encoded: encoded) else {
            throw InputError(path: c.path(.payload), reason: .invalidFormat(expected: "base64"))
        }
        self.payload = payload
        payloadSize = try c.decode(Int.self, forKey: .payloadSize)
        path = try c.decode(String.self, forKey: .path)
        reason = try c.decode(String.self, forKey: .reason)
        receivedAt = try c.timestamp(.receivedAt)
        source = try c.decode(String.self, forKey: .source)
    }

    /// Encodes the dead letter with the payload in base64.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(payload.base64EncodedString(), forKey: .payload)
        try c.encode(payloadSize, forKey: .payloadSize)
        try c.encode(path, forKey: .path)
        try c.encode(reason, forKey: .reason)
        try c.encodeTimestamp(receivedAt, forKey: .receivedAt)
        try c.encode(source, forKey: .source)
    }
}

/// Splits a byte stream into JSON Lines lines in constant memory.
///
/// Feed it chunks as they are read; it hands back each complete line (without the `\n` and an
/// optional `\r` before it). A line longer than `maxLineBytes` (not counting that `\r`) is not
/// buffered: its bytes are dropped up to the next newline and it comes back as
/// ``Line/oversized(number:size:)`` with its size only. Memory stays bounded by `maxLineBytes`
/// whatever the input.
public struct JSONLinesSplitter: Sendable {
    /// One line of input.
    public enum Line: Hashable, Sendable {
        /// A complete line (1-based line number).
        case complete(number: Int, bytes: [UInt8])
        /// A line longer than the limit; only its size in bytes is known.
        case oversized(number: Int, size: Int)
    }

    /// The longest line buffered, in bytes.
    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var oversizedLength: Int?
    /// Whether the last byte of the current line so far is a carriage return.
    private var endsWithCarriageReturn = false
    private var lineNumber = 0

    /// Creates a splitter.
    public init(maxLineBytes: Int = InputLimits.default.maxDocumentBytes) {
        self.maxLineBytes = maxLineBytes
    }

    /// Consumes a chunk and calls `body` for every line it completes.
    public mutating func feed<Chunk: Collection<UInt8>>(_ chunk: Chunk, _ body: (Line) throws -> Void) rethrows {
        var start = chunk.startIndex
        while start != chunk.endIndex {
            let newline = chunk[start...].firstIndex(of: 0x0A)
            let end = newline ?? chunk.endIndex
            append(chunk[start..<end])
            guard let newline else { return }
            try emit(body)
            start = chunk.index(after: newline)
        }
    }

    /// Emits the last line if the input did not end with a newline.
    public mutating func finish(_ body: (Line) throws -> Void) rethrows {
        if !buffer.isEmpty || oversizedLength != nil {
            try emit(body)
        }
    }

    private mutating func append(_ bytes: some Collection<UInt8>) {
        guard !bytes.isEmpty else { return }
        endsWithCarriageReturn = bytes[bytes.index(bytes.startIndex, offsetBy: bytes.count - 1)] == 0x0D
        if let length = oversizedLength {
            oversizedLength = length + bytes.count
        } else if buffer.count + bytes.count - 1 > maxLineBytes {
            // One byte of slack for a carriage return before the newline; checked in emit.
            oversizedLength = buffer.count + bytes.count
            buffer = []
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    private mutating func emit(_ body: (Line) throws -> Void) rethrows {
        lineNumber += 1
        let carriageReturn = endsWithCarriageReturn ? 1 : 0
        defer {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 16)
            oversizedLength = nil
            endsWithCarriageReturn = false
        }
        if let size = oversizedLength {
            try body(.oversized(number: lineNumber, size: size - carriageReturn))
            return
        }
        buffer.removeLast(carriageReturn)
        if buffer.count > maxLineBytes {
            try body(.oversized(number: lineNumber, size: buffer.count))
            return
        }
        try body(.complete(number: lineNumber, bytes: buffer))
    }
}
