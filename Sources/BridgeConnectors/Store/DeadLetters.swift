#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeModels

/// A dead letter as stored, with the id to list from, inspect and remove it by.
public struct StoredDeadLetter: Hashable, Sendable {
    /// The letter's key: its arrival time (15-digit epoch milliseconds) and a digest of its
    /// content, so letters list in arrival order and storing the same letter twice keeps one.
    public var id: StoreKey
    /// The refused input and why it was refused.
    public var letter: DeadLetter
    /// The record's version.
    public var version: RecordVersion
}

extension StoreCollection {
    /// Dead letters (`DeadLetter`), keyed `<arrival ms>-<content digest>`.
    public static let deadLetters = StoreCollection(unchecked: "dead-letters")
}

extension StoreKey {
    /// The key of a dead letter: 15-digit epoch milliseconds of its arrival, `-`, and 24 hex
    /// digits of the SHA-256 of its source, path, reason and payload.
    public static func deadLetter(_ letter: DeadLetter) -> StoreKey {
        var hasher = SHA256Hasher()
        for part in [letter.source, letter.path, letter.reason, String(letter.payloadSize)] {
            hasher.update(Array("\(part.utf8.count):\(part)|".utf8))
        }
        hasher.update(letter.payload)
        let digest = SHA256Hasher.hex(hasher.finalize()).prefix(24)
        let milliseconds = max(0, letter.receivedAt.epochMilliseconds)
        let digits = String(milliseconds)
        return StoreKey(unchecked: String(repeating: "0", count: max(0, 15 - digits.count)) + digits + "-" + digest)
    }
}

extension BridgeStore {
    /// Keeps a dead letter. Storing the same letter (same arrival, source, reason and payload)
    /// again keeps one copy.
    ///
    /// - Returns: The letter's id.
    @discardableResult
    public func addDeadLetter(_ letter: DeadLetter) async throws -> StoreKey {
        let key = StoreKey.deadLetter(letter)
        do {
            try await writeValue(letter, to: key, in: .deadLetters, expecting: nil)
        } catch is StoreConflict {
            // Already kept: the key is derived from the content.
        }
        return key
    }

    /// Lists dead letters in arrival order.
    ///
    /// - Parameters:
    ///   - after: Continue after this id (the last of the previous page).
    ///   - limit: The most letters to return.
    public func deadLetters(after: StoreKey? = nil, limit: Int = 100) async throws -> [StoredDeadLetter] {
        try await scan(.deadLetters, prefix: "", after: after, limit: limit).map { record in
            StoredDeadLetter(
                id: record.key, letter: try StoreCodec.decode(DeadLetter.self, from: record, in: .deadLetters),
                version: record.version)
        }
    }

    /// Removes a dead letter (after it was replayed or dismissed).
    ///
    /// - Returns: `true` when it was removed, `false` when it was already gone.
    @discardableResult
    public func removeDeadLetter(_ id: StoreKey) async throws -> Bool {
        for _ in 0..<16 {
            guard let record = try await read(id, in: .deadLetters) else { return false }
            do {
                try await delete(id, in: .deadLetters, expecting: record.version)
                return true
            } catch is StoreConflict {
                continue
            }
        }
        throw StoreError(code: .contention, detail: "could not remove dead letter \(id)")
    }
}
