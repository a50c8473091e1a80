/// The size limits applied while decoding untrusted input.
///
/// Every string and every list in the community event format has a limit, so a hostile or
/// broken producer cannot make the bridge hold unbounded data or send oversize payloads to the
/// trackers. Lengths count Unicode scalars (what JSON Schema's `maxLength` counts). The defaults
/// are documented in `Documentation/CommunityEvents.md`; a host can tighten or loosen them by
/// passing its own value to ``CommunityEventDecoder/init(limits:)`` or, with its own decoder,
/// through `userInfo[.bridgeInputLimits]`.
public struct InputLimits: Hashable, Sendable {
    /// Largest accepted document (one JSON Lines line), in bytes. Default 16 MiB.
    public var maxDocumentBytes: Int
    /// Deepest accepted nesting of arrays and objects. Default 32 (the format needs 5).
    public var maxDepth: Int
    /// Identifiers (event, case, thread, document, message ids). Default 200.
    public var identifier: Int
    /// Open-set tokens (case kind, tier, document kind, department, request kind). Default 64.
    public var token: Int
    /// One-line human text (titles, names, authors). Default 500. A `case.withdrawn` reason
    /// may be four times as long (2,000 by default).
    public var line: Int
    /// Free text (case detail, message text, request detail). Default 200,000.
    public var text: Int
    /// Transaction reference values. Default 100.
    public var referenceValue: Int
    /// URLs. Default 2,048.
    public var url: Int
    /// Transaction references on one case or request. Default 50.
    public var references: Int
    /// Documents on one case, message or request. Default 100.
    public var documents: Int
    /// Departments on one case. Default 20.
    public var departments: Int

    /// Creates limits; every parameter defaults to the documented default.
    public init(
        maxDocumentBytes: Int = 16 << 20,
        maxDepth: Int = 32,
        identifier: Int = 200,
        token: Int = 64,
        line: Int = 500,
        text: Int = 200_000,
        referenceValue: Int = 100,
        url: Int = 2_048,
        references: Int = 50,
        documents: Int = 100,
        departments: Int = 20
    ) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.identifier = identifier
        self.token = token
        self.line = line
        self.text = text
        self.referenceValue = referenceValue
        self.url = url
        self.references = references
        self.documents = documents
        self.departments = departments
    }

    /// The documented defaults.
    public static let `default` = InputLimits()
}

extension CodingUserInfoKey {
    /// The `userInfo` key under which a decoder carries the ``InputLimits`` to apply.
    ///
    /// When absent, ``InputLimits/default`` applies.
    public static let bridgeInputLimits = CodingUserInfoKey(rawValue: "TradingGridBridge.InputLimits")!
}

extension Decoder {
    /// The ``InputLimits`` this decoder carries, or the defaults.
    package var inputLimits: InputLimits {
        userInfo[.bridgeInputLimits] as? InputLimits ?? .default
    }

    /// The decoder's coding path as a ``JSONPath``.
    package var jsonPath: JSONPath { JSONPath(codingPath: codingPath) }
}
