#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An index of SLA clocks by the next instant something is due on them, so a sweep asks "what
/// is due up to now?" without looking at every open clock.
///
/// Each clock has at most one entry: its next due instant (``SLAClock/nextDueDate(after:calendar:ladder:)``:
/// the earliest of its next warning, breach, escalation level and reminder). The engine's tick
/// is:
///
/// ```swift
/// for entry in index.due(upTo: now) {
///     let clock = try await store.clock(entry.clockId)
///     for action in clock.dueActions(from: lastTick, to: now, calendar: calendar, ladder: ladder, profile: profile) {
///         // act, de-duplicating by action.id
///     }
///     index.update(entry.clockId, nextDue: clock.nextDueDate(after: now, calendar: calendar, ladder: ladder))
/// }
/// ```
/// and after every transition (pause, resume, stop, …) the clock's entry is updated the same
/// way; a paused or ended clock has no next due instant and leaves the index.
///
/// ### Complexity
///
/// An indexed binary min-heap: ``update(_:nextDue:)`` and ``remove(_:)`` cost O(log n);
/// ``due(upTo:)`` visits only the k entries that are due (a heap node is visited only if its
/// parent is due), so it costs O(k) to find them plus O(k log k) to return them in order,
/// independent of the n clocks that are not due. Building from n entries costs O(n).
///
/// The index is a value (`Sendable`, copy-on-write storage); the engine keeps it in memory and
/// rebuilds it from the persisted clocks at start-up with ``init(entries:)``.
public struct DueActionIndex: Sendable {
    /// One clock and its next due instant.
    public struct Entry: Hashable, Sendable {
        /// The clock.
        public var clockId: SLAClockID
        /// When something is next due on it.
        public var dueAt: Date

        /// Creates an entry.
        public init(clockId: SLAClockID, dueAt: Date) {
            self.clockId = clockId
            self.dueAt = dueAt
        }
    }

    // Slot storage: each indexed clock owns a slot; the heap orders slots by due instant.
    private var slotOf: [SLAClockID: Int] = [:]
    private var ids: [SLAClockID] = []  // a freed slot keeps its old id until reused
    private var dueMillis: [Int64] = []
    private var heapPosition: [Int] = []
    private var heap: [Int] = []
    private var freeSlots: [Int] = []

    /// Creates an empty index.
    public init() {}

    /// Builds an index from clock ids and their next due instants in O(n). A clock listed
    /// twice keeps its last instant.
    public init(entries: some Sequence<Entry>) {
        let expected = entries.underestimatedCount
        slotOf.reserveCapacity(expected)
        ids.reserveCapacity(expected)
        dueMillis.reserveCapacity(expected)
        heapPosition.reserveCapacity(expected)
        heap.reserveCapacity(expected)
        for entry in entries {
            let millis = Millis.of(entry.dueAt)
            if let slot = slotOf[entry.clockId] {
                dueMillis[slot] = millis
            } else {
                let slot = ids.count
                slotOf[entry.clockId] = slot
                ids.append(entry.clockId)
                dueMillis.append(millis)
                heapPosition.append(slot)
                heap.append(slot)
            }
        }
        var index = heap.count / 2
        while index > 0 {
            index -= 1
            siftDown(index)
        }
    }

    /// Rebuilds an index from persisted clocks, each keyed by its next due instant after now.
    ///
    /// - Parameters:
    ///   - clocks: The open clocks.
    ///   - nextDue: Computes a clock's next due instant after now, typically
    ///     `{ $0.nextDueDate(after: now, calendar: calendars[$0.calendarName], ladder: ladders[$0.ladderName]) }`;
    ///     `nil` leaves the clock out.
    public init(rebuildingFrom clocks: some Sequence<SLAClock>, nextDue: (SLAClock) throws -> Date?) rethrows {
        var entries: [Entry] = []
        for clock in clocks {
            if let due = try nextDue(clock) { entries.append(Entry(clockId: clock.id, dueAt: due)) }
        }
        self.init(entries: entries)
    }

    /// The number of indexed clocks.
    public var count: Int { heap.count }

    /// Whether no clock is indexed.
    public var isEmpty: Bool { heap.isEmpty }

    /// The clock due first, if any.
    public var earliest: Entry? {
        heap.first.map(entry(slot:))
    }

    /// The next due instant of a clock, or `nil` if it is not indexed.
    public func nextDue(of clockId: SLAClockID) -> Date? {
        slotOf[clockId].map { Millis.date(dueMillis[$0]) }
    }

    /// Sets a clock's next due instant (O(log n)); `nil` removes the clock.
    public mutating func update(_ clockId: SLAClockID, nextDue: Date?) {
        guard let nextDue else {
            remove(clockId)
            return
        }
        let millis = Millis.of(nextDue)
        if let slot = slotOf[clockId] {
            let old = dueMillis[slot]
            dueMillis[slot] = millis
            if millis < old { siftUp(heapPosition[slot]) } else if millis > old { siftDown(heapPosition[slot]) }
            return
        }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            ids[slot] = clockId
            dueMillis[slot] = millis
        } else {
            slot = ids.count
            ids.append(clockId)
            dueMillis.append(millis)
            heapPosition.append(0)
        }
        slotOf[clockId] = slot
        heap.append(slot)
        heapPosition[slot] = heap.count - 1
        siftUp(heap.count - 1)
    }

    /// Removes a clock (O(log n)); returns whether it was indexed.
    @discardableResult
    public mutating func remove(_ clockId: SLAClockID) -> Bool {
        guard let slot = slotOf.removeValue(forKey: clockId) else { return false }
        let position = heapPosition[slot]
        let lastPosition = heap.count - 1
        if position != lastPosition {
            swapAt(position, lastPosition)
        }
        heap.removeLast()
        freeSlots.append(slot)
        if position < heap.count {
            siftDown(position)
            siftUp(position)
        }
        return true
    }

    /// The clocks due at or before `instant`, ordered by due instant then clock id. The index
    /// is not changed: update each clock after handling it.
    ///
    /// Costs O(k log k) for k due clocks, whatever the number of clocks that are not due.
    public func due(upTo instant: Date) -> [Entry] {
        let limit = Millis.of(instant)
        var found: [(due: Int64, slot: Int)] = []
        var stack: [Int] = heap.isEmpty ? [] : [0]
        while let position = stack.popLast() {
            let slot = heap[position]
            let due = dueMillis[slot]
            guard due <= limit else { continue }
            found.append((due, slot))
            let left = 2 * position + 1
            if left < heap.count { stack.append(left) }
            if left + 1 < heap.count { stack.append(left + 1) }
        }
        // Ties on the instant are rare; only they compare ids.
        found.sort { a, b in a.due != b.due ? a.due < b.due : ids[a.slot] < ids[b.slot] }
        return found.map { Entry(clockId: ids[$0.slot], dueAt: Millis.date($0.due)) }
    }

    /// Every indexed clock, ordered by due instant then clock id (O(n log n); for diagnostics).
    public var entries: [Entry] {
        heap.map(entry(slot:)).sorted { ($0.dueAt, $0.clockId) < ($1.dueAt, $1.clockId) }
    }

    // MARK: Heap

    private func entry(slot: Int) -> Entry {
        Entry(clockId: ids[slot], dueAt: Millis.date(dueMillis[slot]))
    }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        dueMillis[heap[a]] < dueMillis[heap[b]]
    }

    @inline(__always)
    private mutating func swapAt(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        heapPosition[heap[a]] = a
        heapPosition[heap[b]] = b
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            var smallest = left
            if left + 1 < count, less(left + 1, left) { smallest = left + 1 }
            guard less(smallest, parent) else { return }
            swapAt(smallest, parent)
            parent = smallest
        }
    }
}
