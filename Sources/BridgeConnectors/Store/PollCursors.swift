#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// How far the bridge has read a tracker container (a Planner plan, a ClickUp list) when
/// polling it for changes.
public struct PollCursor: Hashable, Sendable, Codable {
    /// The tracker polled.
    public var tracker: Tracker
    /// The plan or list id.
    public var container: String
    /// Where to continue, in the poller's own terms: a timestamp in epoch milliseconds
    /// (ClickUp `date_updated_gt`), a page token, a digest of the etags seen.
    public var position: String
    /// When the cursor was saved.
    public var updatedAt: Date

    /// Creates a cursor.
    public init(tracker: Tracker, container: String, position: String, updatedAt: Date) {
        self.tracker = tracker
        self.container = container
        self.position = position
        self.updatedAt = updatedAt
    }
}

extension StoreCollection {
    /// Poll cursors (``PollCursor``), keyed `<tracker>/<plan or list id>`.
    public static let pollCursors = StoreCollection(unchecked: "poll-cursors")
}

extension BridgeStore {
    /// Reads the cursor of a plan or list.
    ///
    /// - Returns: The cursor and its version, or `nil` when the container was never polled.
    public func pollCursor(tracker: Tracker, container: String) async throws -> Versioned<PollCursor>? {
        try await readValue(PollCursor.self, key: StoreKey(segments: [tracker.rawValue, container]), in: .pollCursors)
    }

    /// Saves a cursor if its version is `expected` (`nil`: the first save), so two pollers of one
    /// container cannot both advance it.
    ///
    /// - Returns: The new version.
    /// - Throws: ``StoreConflict`` when another poller saved first.
    @discardableResult
    public func savePollCursor(_ cursor: PollCursor, expecting expected: RecordVersion?) async throws -> RecordVersion {
        try await writeValue(
            cursor, to: StoreKey(segments: [cursor.tracker.rawValue, cursor.container]), in: .pollCursors,
            expecting: expected)
    }
}
