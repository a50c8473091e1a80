public import BridgeModels

/// A conditional write or delete found a different version than it expected: another writer
/// (another task, another engine instance) changed the record first.
///
/// Every write to a ``BridgeStore`` is compare-and-swap on the record's version. On this error,
/// read the record again (``currentVersion`` says which version is there now), re-apply the
/// change and retry, or give up: ``BridgeStore/update(_:key:in:maxAttempts:_:)`` does exactly
/// that.
public struct StoreConflict: Error, Hashable, Sendable, CustomStringConvertible {
    /// The collection of the record.
    public var collection: StoreCollection
    /// The record's key.
    public var key: StoreKey
    /// The version the writer expected; `nil` when it expected the record to be absent.
    public var expectedVersion: RecordVersion?
    /// The version the record has now; `nil` when the record does not exist.
    public var currentVersion: RecordVersion?

    /// Creates a conflict.
    public init(
        collection: StoreCollection, key: StoreKey, expectedVersion: RecordVersion?, currentVersion: RecordVersion?
    ) {
        self.collection = collection
        self.key = key
        self.expectedVersion = expectedVersion
        self.currentVersion = currentVersion
    }

    /// `version conflict on cases/"ACME/C-1": expected version 4, found version 5`, log-safe.
    public var description: String {
        let expected = expectedVersion.map { "version \($0)" } ?? "no record"
        let current = currentVersion.map { "version \($0)" } ?? "no record"
        return "version conflict on \(collection)/\"\(TextSanitizer.quotedFragment(key.rawValue, limit: 120))\": "
            + "expected \(expected), found \(current)"
    }
}

/// A store failure other than a version conflict: an I/O error, a damaged file, a locked or
/// closed store, a value that is too large or does not decode.
///
/// The ``description`` is log-safe: it names the operation, the file or record and the reason,
/// never a stored value.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    ///
    /// New codes may be added in minor releases; switch over ``Code/description`` or compare with
    /// the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case io, corrupted, locked, closed, valueTooLarge, invalidRecord, contention, leaseLost
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A system call failed (``StoreError/systemErrorNumber`` has `errno`). After a failed
        /// write or sync the file store refuses further writes until it is opened again, because
        /// the state on disk is unknown.
        public static let io = Code(.io)
        /// A file's content failed its checksum or structure check somewhere other than at the
        /// torn tail a crash can leave. Nothing was changed on disk.
        public static let corrupted = Code(.corrupted)
        /// Another process (or another `FileStore` in this process) has the store open.
        public static let locked = Code(.locked)
        /// The store was closed, or failed and must be opened again.
        public static let closed = Code(.closed)
        /// A value is larger than the store accepts.
        public static let valueTooLarge = Code(.valueTooLarge)
        /// A stored value did not decode as the expected type (``StoreError/inputError`` says
        /// where and why).
        public static let invalidRecord = Code(.invalidRecord)
        /// A read-modify-write loop kept losing to other writers and gave up.
        public static let contention = Code(.contention)
        /// An outbox operation's lease was taken over by another owner (it expired), so the
        /// result of this owner's attempt was not recorded.
        public static let leaseLost = Code(.leaseLost)

        /// The code's name, e.g. `io`, `corrupted`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A log-safe explanation.
    public var detail: String
    /// The file involved, for file store errors.
    public var filePath: String?
    /// The byte offset in ``filePath`` where damage was found, for ``Code/corrupted``.
    public var fileOffset: Int64?
    /// The operating system's `errno`, for ``Code/io`` and ``Code/locked``.
    public var systemErrorNumber: Int32?
    /// The decoding error, for ``Code/invalidRecord``.
    public var inputError: InputError?

    /// Creates an error.
    public init(
        code: Code, detail: String, filePath: String? = nil, fileOffset: Int64? = nil,
        systemErrorNumber: Int32? = nil, inputError: InputError? = nil
    ) {
        self.code = code
        self.detail = detail
        self.filePath = filePath
        self.fileOffset = fileOffset
        self.systemErrorNumber = systemErrorNumber
        self.inputError = inputError
    }

    /// `store <code>: <detail> (<file> at byte <offset>)`.
    public var description: String {
        var text = "store \(code): \(detail)"
        if let filePath {
            text += " (\(TextSanitizer.quotedFragment(filePath, limit: 300))"
            if let fileOffset { text += " at byte \(fileOffset)" }
            text += ")"
        }
        if let inputError { text += ": \(inputError)" }
        return text
    }
}
