#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BridgeConnectors
import BridgeModels

extension StoreConformance {
    // MARK: Compare-and-swap

    static var basicChecks: [Check] {
        [
            Check("read of a missing record returns nil") { store in
                let record = try await store.read(Sample.key("missing"), in: Sample.collection())
                try expect(record == nil, "read returned a record for a key never written")
            },
            Check("insert only if absent") { store in
                let key = try Sample.key("a")
                let collection = try Sample.collection()
                let first = try await store.write(Sample.bytes("one"), to: key, in: collection, expecting: nil)
                let record = try await store.read(key, in: collection)
                try expect(record?.value == Sample.bytes("one"), "read after insert returned other bytes")
                try expect(record?.version == first, "read after insert returned another version than the write")
                try await expectConflict(current: first, "a second insert of the same key") {
                    _ = try await store.write(Sample.bytes("two"), to: key, in: collection, expecting: nil)
                }
                try expect(try await store.read(key, in: collection)?.value == Sample.bytes("one"), "a refused insert changed the value")
            },
            Check("conditional write with the current version") { store in
                let key = try Sample.key("a")
                let collection = try Sample.collection()
                let first = try await store.write(Sample.bytes("one"), to: key, in: collection, expecting: nil)
                let second = try await store.write(Sample.bytes("two"), to: key, in: collection, expecting: first)
                try expect(second != first, "an update returned the old version \(first)")
                let record = try await store.read(key, in: collection)
                try expect(record?.value == Sample.bytes("two") && record?.version == second, "read after update is stale")
            },
            Check("stale version is refused with the current version") { store in
                let key = try Sample.key("a")
                let collection = try Sample.collection()
                let first = try await store.write(Sample.bytes("one"), to: key, in: collection, expecting: nil)
                let second = try await store.write(Sample.bytes("two"), to: key, in: collection, expecting: first)
                try await expectConflict(current: second, "a write expecting a stale version") {
                    _ = try await store.write(Sample.bytes("three"), to: key, in: collection, expecting: first)
                }
                try expect(try await store.read(key, in: collection)?.value == Sample.bytes("two"), "a refused write changed the value")
            },
            Check("expecting a version of an absent record conflicts") { store in
                let collection = try Sample.collection()
                let version = try await store.write(Sample.bytes("x"), to: Sample.key("other"), in: collection, expecting: nil)
                try await expectConflict(current: nil, "a write expecting a version of an absent record") {
                    _ = try await store.write(Sample.bytes("y"), to: Sample.key("a"), in: collection, expecting: version)
                }
                try expect(try await store.read(Sample.key("a"), in: collection) == nil, "a refused write created the record")
            },
            Check("conditional delete") { store in
                let key = try Sample.key("a")
                let collection = try Sample.collection()
                let first = try await store.write(Sample.bytes("one"), to: key, in: collection, expecting: nil)
                let second = try await store.write(Sample.bytes("two"), to: key, in: collection, expecting: first)
                try await expectConflict(current: second, "a delete expecting a stale version") {
                    try await store.delete(key, in: collection, expecting: first)
                }
                try expect(try await store.read(key, in: collection) != nil, "a refused delete removed the record")
                try await store.delete(key, in: collection, expecting: second)
                try expect(try await store.read(key, in: collection) == nil, "the record is still there after delete")
                try await expectConflict(current: nil, "a delete of an absent record") {
                    try await store.delete(key, in: collection, expecting: second)
                }
            },
            Check("versions never repeat after delete and re-insert") { store in
                let key = try Sample.key("a")
                let collection = try Sample.collection()
                var seen: Set<RecordVersion> = []
                var version = try await store.write(Sample.bytes("0"), to: key, in: collection, expecting: nil)
                seen.insert(version)
                for round in 1...5 {
                    try await store.delete(key, in: collection, expecting: version)
                    version = try await store.write(Sample.bytes("\(round)"), to: key, in: collection, expecting: nil)
                    try expect(!seen.contains(version), "re-insert \(round) reused version \(version)")
                    seen.insert(version)
                    let updated = try await store.write(Sample.bytes("u\(round)"), to: key, in: collection, expecting: version)
                    try expect(!seen.contains(updated), "update \(round) reused version \(updated)")
                    seen.insert(updated)
                    version = updated
                }
            },
            Check("rewriting the same bytes gives a new version") { store in
                // A version derived from the bytes (a content hash, an ETag) comes back when earlier
                // bytes are written again, so a writer holding a version read before two changes
                // would win its compare-and-swap (the ABA problem).
                let key = try Sample.key("a")
                let collection = try Sample.collection()
                let first = try await store.write(Sample.bytes("one"), to: key, in: collection, expecting: nil)
                let same = try await store.write(Sample.bytes("one"), to: key, in: collection, expecting: first)
                try expect(same != first, "writing the same bytes again returned the old version \(first)")
                let second = try await store.write(Sample.bytes("two"), to: key, in: collection, expecting: same)
                let back = try await store.write(Sample.bytes("one"), to: key, in: collection, expecting: second)
                try expect(
                    ![first, same, second].contains(back), "writing earlier bytes again brought back version \(back)")
                try await expectConflict(current: back, "a write expecting the version of the first write") {
                    _ = try await store.write(Sample.bytes("stale"), to: key, in: collection, expecting: first)
                }
            },
            Check("collections are separate") { store in
                let key = try Sample.key("shared")
                let first = try await store.write(Sample.bytes("left"), to: key, in: Sample.collection(), expecting: nil)
                _ = try await store.write(Sample.bytes("right"), to: key, in: Sample.otherCollection(), expecting: nil)
                try expect(try await store.read(key, in: Sample.collection())?.value == Sample.bytes("left"), "collections share records")
                try expect(
                    try await store.read(key, in: Sample.otherCollection())?.value == Sample.bytes("right"), "collections share records")
                try await store.delete(key, in: Sample.collection(), expecting: first)
                try expect(try await store.read(key, in: Sample.otherCollection()) != nil, "a delete reached another collection")
            },
            Check("values round-trip byte for byte") { store in
                let collection = try Sample.collection()
                let values: [(String, Data)] = [
                    ("empty", Data()),
                    ("binary", Data([0, 255, 0, 10, 13, 0x80, 0xC3, 0x28])),
                    ("large", Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })),
                    ("text", Data("Grüße, 東京 🚚\n\"quoted\"".utf8)),
                ]
                for (name, value) in values {
                    _ = try await store.write(value, to: Sample.key(name), in: collection, expecting: nil)
                }
                for (name, value) in values {
                    let read = try await store.read(Sample.key(name), in: collection)?.value
                    try expect(read == value, "the \(name) value came back changed (\(read?.count ?? -1) of \(value.count) bytes)")
                }
            },
            Check("keys are compared byte for byte") { store in
                let collection = try Sample.collection()
                let composed = try Sample.key("caf\u{E9}")
                let decomposed = try Sample.key("cafe\u{301}")
                _ = try await store.write(Sample.bytes("composed"), to: composed, in: collection, expecting: nil)
                _ = try await store.write(Sample.bytes("decomposed"), to: decomposed, in: collection, expecting: nil)
                let composedValue = try await store.read(composed, in: collection)?.value
                let decomposedValue = try await store.read(decomposed, in: collection)?.value
                try expect(
                    composedValue == Sample.bytes("composed") && decomposedValue == Sample.bytes("decomposed"),
                    "keys that differ only in Unicode normalisation were treated as one key")
                let upper = try Sample.key("ACME")
                _ = try await store.write(Sample.bytes("upper"), to: upper, in: collection, expecting: nil)
                try expect(try await store.read(Sample.key("acme"), in: collection) == nil, "keys were compared ignoring case")
            },
        ]
    }

    // MARK: Scans

    static var scanChecks: [Check] {
        [
            Check("scan orders keys by UTF-8 bytes") { store in
                let collection = try Sample.collection()
                let texts = ["b", "a/b", "a", "Z", "a0", "\u{E9}", "a/a", "~", "z", "A", "a-b", "\u{1F69A}", "\u{FB01}"]
                for text in texts {
                    _ = try await store.write(Sample.bytes(text), to: Sample.key(text), in: collection, expecting: nil)
                }
                let expected = texts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                let page = try await store.scan(collection, prefix: "", after: nil, limit: 100)
                let found = page.map(\.key.rawValue)
                try expect(found == expected, "scan order \(found) is not UTF-8 byte order \(expected)")
                try expect(page.allSatisfy { $0.value == Sample.bytes($0.key.rawValue) }, "scan returned wrong values")
                let empty = try await store.scan(Sample.otherCollection(), prefix: "", after: nil, limit: 10)
                try expect(empty.isEmpty, "scan of an empty collection returned records")
            },
            Check("scan pages with after and limit") { store in
                let collection = try Sample.collection()
                let keys = (0..<25).map { index -> String in
                    let digits = String(index * 7 % 25)
                    return "k" + String(repeating: "0", count: 3 - digits.count) + digits
                }
                for key in keys {
                    _ = try await store.write(Sample.bytes(key), to: Sample.key(key), in: collection, expecting: nil)
                }
                var collected: [String] = []
                var after: StoreKey?
                var pages = 0
                while true {
                    let page = try await store.scan(collection, prefix: "", after: after, limit: 7)
                    try expect(page.count <= 7, "a page of limit 7 has \(page.count) records")
                    collected += page.map(\.key.rawValue)
                    pages += 1
                    guard page.count == 7, let last = page.last else { break }
                    after = last.key
                    try expect(pages < 10, "paging does not end")
                }
                try expect(collected == keys.sorted(), "paging returned \(collected)")
                let afterMissing = try await store.scan(collection, prefix: "", after: Sample.key("k0105"), limit: 2)
                try expect(
                    afterMissing.map(\.key.rawValue) == ["k011", "k012"],
                    "after a key that does not exist, scan returned \(afterMissing.map(\.key.rawValue))")
            },
            Check("scan filters by prefix") { store in
                let collection = try Sample.collection()
                for key in ["ACME/C-1", "ACME/C-2", "ACME-2/C-1", "ACM/X", "ACME/C-3", "BETA/C-1", "ACME", "acme/C-4"] {
                    _ = try await store.write(Sample.bytes(key), to: Sample.key(key), in: collection, expecting: nil)
                }
                let acme = try await store.scan(collection, prefix: "ACME/", after: nil, limit: 100).map(\.key.rawValue)
                try expect(acme == ["ACME/C-1", "ACME/C-2", "ACME/C-3"], "prefix ACME/ returned \(acme)")
                // The limit counts matching records only: keys before the prefix must not use it up.
                let first = try await store.scan(collection, prefix: "ACME/", after: nil, limit: 2).map(\.key.rawValue)
                try expect(
                    first == ["ACME/C-1", "ACME/C-2"],
                    "prefix ACME/ with limit 2 returned \(first): apply the prefix before the limit")
                let paged = try await store.scan(collection, prefix: "ACME/", after: Sample.key("ACME/C-1"), limit: 1)
                try expect(paged.map(\.key.rawValue) == ["ACME/C-2"], "prefix with after returned \(paged.map(\.key.rawValue))")
                let none = try await store.scan(collection, prefix: "ACME%", after: nil, limit: 100)
                try expect(none.isEmpty, "prefix ACME% matched \(none.map(\.key.rawValue)): '%' must not be a wildcard")
                let underscore = try await store.scan(collection, prefix: "ACM_", after: nil, limit: 100)
                try expect(underscore.isEmpty, "prefix ACM_ matched records: '_' must not be a wildcard")
            },
        ]
    }

    // MARK: Concurrency

    static var concurrencyChecks: [Check] {
        [
            Check("concurrent conditional writers: exactly one wins") { store in
                let key = try Sample.key("contended")
                let collection = try Sample.collection()
                let base = try await store.write(Sample.bytes("base"), to: key, in: collection, expecting: nil)
                let outcomes = await withTaskGroup(of: Result<RecordVersion, any Error>.self) { group in
                    for writer in 0..<16 {
                        group.addTask {
                            do {
                                return .success(
                                    try await store.write(Sample.bytes("writer \(writer)"), to: key, in: collection, expecting: base))
                            } catch {
                                return .failure(error)
                            }
                        }
                    }
                    var outcomes: [Result<RecordVersion, any Error>] = []
                    for await outcome in group { outcomes.append(outcome) }
                    return outcomes
                }
                let winners = outcomes.compactMap { try? $0.get() }
                try expect(winners.count == 1, "\(winners.count) of 16 writers expecting the same version succeeded")
                for outcome in outcomes {
                    guard case .failure(let error) = outcome else { continue }
                    guard let conflict = error as? StoreConflict else {
                        throw StoreConformanceFailure(check: "", message: "a losing writer got \(error), not a StoreConflict")
                    }
                    try expect(conflict.currentVersion == winners.first, "a losing writer's conflict does not carry the winner's version")
                }
            },
            Check("concurrent inserts: exactly one wins") { store in
                let key = try Sample.key("new")
                let collection = try Sample.collection()
                let successes = await withTaskGroup(of: Bool.self) { group in
                    for writer in 0..<16 {
                        group.addTask {
                            (try? await store.write(Sample.bytes("w\(writer)"), to: key, in: collection, expecting: nil)) != nil
                        }
                    }
                    var count = 0
                    for await success in group where success { count += 1 }
                    return count
                }
                try expect(successes == 1, "\(successes) of 16 concurrent inserts of one key succeeded")
            },
            Check("concurrent read-modify-write loses no update") { store in
                struct Counter: Codable, Equatable { var value: Int }
                let key = try Sample.key("counter")
                let collection = try Sample.collection()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            for _ in 0..<10 {
                                try await store.update(Counter.self, key: key, in: collection, maxAttempts: 1_000) { counter in
                                    counter = Counter(value: (counter?.value ?? 0) + 1)
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let final = try await store.readValue(Counter.self, key: key, in: collection)?.value.value
                try expect(final == 80, "8 tasks × 10 increments left the counter at \(final.map(String.init) ?? "nil")")
            },
        ]
    }

    // MARK: Domain records

    static var domainChecks: [Check] {
        [
            Check("event de-duplication") { store in
                let first = try await store.markEventProcessed("evt-1", partner: Sample.partner, at: Sample.now)
                let again = try await store.markEventProcessed("evt-1", partner: Sample.partner, at: Sample.time(60))
                try expect(first && !again, "marking an event twice returned \(first), \(again); expected true, false")
                try expect(try await store.isEventProcessed("evt-1", partner: Sample.partner), "a marked event is not processed")
                try expect(!(try await store.isEventProcessed("evt-2", partner: Sample.partner)), "an unmarked event is processed")
                try expect(
                    try await store.markEventProcessed("evt-1", partner: Sample.otherPartner, at: Sample.now),
                    "the same event id of another partner counted as a duplicate")
                try await store.markEventProcessed("evt-old", partner: Sample.partner, at: Sample.time(-86_400 * 30))
                let pruned = try await store.pruneProcessedEvents(processedBefore: Sample.time(-86_400))
                try expect(pruned == 1, "pruning removed \(pruned) records, expected 1")
                try expect(!(try await store.isEventProcessed("evt-old", partner: Sample.partner)), "a pruned event is still processed")
                try expect(try await store.isEventProcessed("evt-1", partner: Sample.partner), "pruning removed a recent event")
            },
            Check("concurrent de-duplication: exactly one caller wins") { store in
                let winners = await withTaskGroup(of: Bool.self) { group in
                    for _ in 0..<12 {
                        group.addTask {
                            (try? await store.markEventProcessed("evt-race", partner: Sample.partner, at: Sample.now)) == true
                        }
                    }
                    var count = 0
                    for await won in group where won { count += 1 }
                    return count
                }
                try expect(winners == 1, "\(winners) of 12 concurrent callers were told the event is new")
            },
            Check("outbox keeps append order") { store in
                for name in ["create", "details", "post"] {
                    try await store.appendOperation(SampleOperation(name: name), partner: Sample.partner, at: Sample.now)
                }
                try await store.appendOperation(SampleOperation(name: "other"), partner: Sample.otherPartner, at: Sample.now)
                let pending = try await store.outboxEntries(SampleOperation.self, partner: Sample.partner)
                try expect(
                    pending.map(\.value.operation.name) == ["create", "details", "post"],
                    "pending operations came back as \(pending.map(\.value.operation.name))")
                try expect(pending.map(\.value.sequence) == [1, 2, 3], "sequence numbers are \(pending.map(\.value.sequence))")
                let all = try await store.outboxEntries(SampleOperation.self)
                try expect(all.count == 4, "the whole outbox has \(all.count) pending entries, expected 4")
            },
            Check("outbox claim, lease and expiry") { store in
                try await store.appendOperation(
                    SampleOperation(name: "create"), partner: Sample.partner, marker: IdempotencyMarker(rawValue: "TG-ACME-C-1"),
                    at: Sample.now)
                try await store.appendOperation(SampleOperation(name: "post"), partner: Sample.partner, at: Sample.now)
                let lease = Duration.seconds(60)
                guard
                    let first = try await store.claimNextOperation(
                        SampleOperation.self, partner: Sample.partner, owner: "engine-a", now: Sample.now, leaseDuration: lease)
                else { throw StoreConformanceFailure(check: "", message: "nothing to claim") }
                try expect(first.entry.operation.name == "create" && first.entry.attempts == 1, "the first claim got \(first.entry.operation.name), attempt \(first.entry.attempts)")
                try expect(first.entry.marker?.rawValue == "TG-ACME-C-1", "the marker did not survive")
                let second = try await store.claimNextOperation(
                    SampleOperation.self, partner: Sample.partner, owner: "engine-b", now: Sample.time(1), leaseDuration: lease)
                try expect(second?.entry.operation.name == "post", "a second owner claimed \(second?.entry.operation.name ?? "nothing"), expected the unleased entry")
                let none = try await store.claimNextOperation(
                    SampleOperation.self, partner: Sample.partner, owner: "engine-c", now: Sample.time(2), leaseDuration: lease)
                try expect(none == nil, "an entry under a running lease was claimed again")
                let takeover = try await store.claimNextOperation(
                    SampleOperation.self, partner: Sample.partner, owner: "engine-c", now: Sample.time(61), leaseDuration: lease)
                try expect(
                    takeover?.entry.operation.name == "create" && takeover?.entry.attempts == 2,
                    "after the lease expired the takeover got \(takeover?.entry.operation.name ?? "nothing")")
                do {
                    try await store.completeOperation(first, at: Sample.time(62))
                    throw StoreConformanceFailure(check: "", message: "the owner of an expired, taken-over lease completed the entry")
                } catch let error as StoreError {
                    try expect(error.code == .leaseLost, "completing a lost lease threw \(error.code), expected leaseLost")
                }
            },
            Check("concurrent claims: one owner per entry") { store in
                for index in 0..<3 {
                    try await store.appendOperation(SampleOperation(name: "op\(index)"), partner: Sample.partner, at: Sample.now)
                }
                let claims = await withTaskGroup(of: String?.self) { group in
                    for owner in 0..<10 {
                        group.addTask {
                            let claim = try? await store.claimNextOperation(
                                SampleOperation.self, partner: Sample.partner, owner: "engine-\(owner)", now: Sample.now,
                                leaseDuration: .seconds(30))
                            return claim?.entry.operation.name
                        }
                    }
                    var names: [String] = []
                    for await name in group { if let name { names.append(name) } }
                    return names
                }
                try expect(claims.sorted() == ["op0", "op1", "op2"], "10 concurrent claimers of 3 entries got \(claims.sorted())")
            },
            Check("outbox completion and failure") { store in
                try await store.appendOperation(SampleOperation(name: "a"), partner: Sample.partner, at: Sample.now)
                try await store.appendOperation(SampleOperation(name: "b"), partner: Sample.partner, at: Sample.now)
                let lease = Duration.seconds(30)
                guard let a = try await store.claimNextOperation(SampleOperation.self, owner: "engine", now: Sample.now, leaseDuration: lease),
                    let b = try await store.claimNextOperation(SampleOperation.self, owner: "engine", now: Sample.now, leaseDuration: lease)
                else { throw StoreConformanceFailure(check: "", message: "could not claim two entries") }
                let extended = try await store.extendLease(a, now: Sample.time(20), leaseDuration: lease)
                try await store.completeOperation(extended, at: Sample.time(25))
                try await store.failOperation(b, reason: "HTTP 503", at: Sample.time(1), retryAt: Sample.time(120))
                let early = try await store.claimNextOperation(
                    SampleOperation.self, owner: "engine", now: Sample.time(60), leaseDuration: lease)
                try expect(early == nil, "an entry scheduled for a retry was claimed early (or a done entry was claimed)")
                guard
                    let retry = try await store.claimNextOperation(
                        SampleOperation.self, owner: "engine", now: Sample.time(121), leaseDuration: lease)
                else { throw StoreConformanceFailure(check: "", message: "the retry was not claimable") }
                try expect(retry.entry.operation.name == "b" && retry.entry.attempts == 2, "the retry is \(retry.entry.operation.name), attempt \(retry.entry.attempts)")
                try expect(retry.entry.lastError == "HTTP 503", "the failure reason was not kept")
                try await store.failOperation(retry, reason: "HTTP 400", at: Sample.time(122), retryAt: nil)
                let done = try await store.outboxEntries(SampleOperation.self, states: [.done])
                let failed = try await store.outboxEntries(SampleOperation.self, states: [.failed])
                try expect(done.map(\.value.operation.name) == ["a"] && failed.map(\.value.operation.name) == ["b"], "states after completion and failure are wrong")
                let live = try await store.scan(.outbox, prefix: "", after: nil, limit: 10)
                try expect(live.isEmpty, "finished entries stayed in the outbox collection (\(live.count)), so claims would scan them")
                let pruned = try await store.pruneOutbox(SampleOperation.self, finishedBefore: Sample.time(3_600))
                try expect(pruned == 1, "pruning removed \(pruned) entries, expected the done one")
                let left = try await store.outboxEntries(SampleOperation.self, states: [.pending, .done, .failed])
                try expect(left.map(\.value.operation.name) == ["b"], "after pruning the outbox holds \(left.map(\.value.operation.name))")
            },
            Check("dead letters") { store in
                let error = InputError(path: [.key("type")], reason: .unknownEventType("case.exploded"))
                let later = DeadLetter(payload: Data("{\"type\":\"case.exploded\"}".utf8), error: error, receivedAt: Sample.time(5), source: "mailbox:2")
                let earlier = DeadLetter(payload: Data("not json".utf8), error: InputError(path: .root, reason: .malformedJSON("x")), receivedAt: Sample.now, source: "mailbox:1")
                let laterId = try await store.addDeadLetter(later)
                let earlierId = try await store.addDeadLetter(earlier)
                let again = try await store.addDeadLetter(later)
                try expect(again == laterId, "storing the same letter twice gave two ids")
                let letters = try await store.deadLetters()
                try expect(letters.map(\.id) == [earlierId, laterId], "dead letters are not in arrival order")
                try expect(letters.map(\.letter) == [earlier, later], "dead letters came back changed")
                try expect(letters[1].letter.reason.contains("case.exploded"), "the reason was not kept")
                try expect(try await store.removeDeadLetter(earlierId), "removing a dead letter failed")
                try expect(!(try await store.removeDeadLetter(earlierId)), "removing a removed dead letter succeeded")
                try expect(try await store.deadLetters().map(\.id) == [laterId], "the removed letter is still listed")
            },
            Check("poll cursors") { store in
                let list = PollCursor(tracker: .clickUp, container: "901", position: "1795183380000", updatedAt: Sample.now)
                let plan = PollCursor(tracker: .planner, container: "901", position: "etags:abc", updatedAt: Sample.now)
                try expect(try await store.pollCursor(tracker: .clickUp, container: "901") == nil, "an unsaved cursor exists")
                let version = try await store.savePollCursor(list, expecting: nil)
                try await store.savePollCursor(plan, expecting: nil)
                var moved = list
                moved.position = "1795183440000"
                try await expectConflict(current: version, "a second first save of a cursor") {
                    try await store.savePollCursor(moved, expecting: nil)
                }
                try await store.savePollCursor(moved, expecting: version)
                try expect(try await store.pollCursor(tracker: .clickUp, container: "901")?.value == moved, "the cursor did not advance")
                try expect(try await store.pollCursor(tracker: .planner, container: "901")?.value == plan, "cursors of two trackers collided")
            },
            Check("case records and task lookup") { store in
                let link = TrackerLink(
                    destination: .clickUp(listId: "901"), taskId: "86b1x2", marker: IdempotencyMarker(rawValue: "TG-ACME-C-1001"),
                    lastSyncedStatus: .open, lastSyncedAt: Sample.now)
                var record = CaseRecord(partnerId: Sample.partner, caseId: "C-1001", threadId: "T-77", links: [link], createdAt: Sample.now)
                let version = try await store.saveCaseRecord(record, expecting: nil)
                let found = try await store.caseRecord(tracker: .clickUp, taskId: "86b1x2")
                try expect(found?.value == record && found?.version == version, "the task lookup did not find the case")
                try expect(try await store.caseRecord(tracker: .planner, taskId: "86b1x2") == nil, "a task id matched across trackers")
                record.partnerFacingStatus = .received
                try await expectConflict(current: version, "saving a case record as new twice") {
                    try await store.saveCaseRecord(record, expecting: nil)
                }
                let updated = try await store.updateCaseRecord(partner: Sample.partner, case: "C-1001") { current in
                    current?.partnerFacingStatus = .inReview
                    current?.links.append(
                        TrackerLink(
                            destination: .planner(planId: "plan-1", bucketId: nil), taskId: "pl-9",
                            marker: IdempotencyMarker(rawValue: "TG-ACME-C-1001-finance"), taskETag: "W/\"etag-1\""))
                }
                try expect(updated?.value.links.count == 2 && updated?.value.partnerFacingStatus == .inReview, "the update was not applied")
                let byPlanner = try await store.caseRecord(tracker: .planner, taskId: "pl-9")
                try expect(byPlanner?.value.link(tracker: .planner, taskId: "pl-9")?.taskETag == "W/\"etag-1\"", "the new link is not indexed")
                try await store.saveCaseRecord(
                    CaseRecord(partnerId: Sample.otherPartner, caseId: "C-1", createdAt: Sample.now), expecting: nil)
                let acme = try await store.caseRecords(partner: Sample.partner)
                try expect(acme.map(\.value.caseId) == ["C-1001"], "the partner's case list is \(acme.map(\.value.caseId))")
                guard let current = updated else { return }
                try await store.deleteCaseRecord(current.value, expecting: current.version)
                try expect(try await store.caseRecord(tracker: .clickUp, taskId: "86b1x2") == nil, "a deleted case is still found by task")
            },
            Check("SLA clocks") { store in
                let clock = SampleClock(startedAt: Sample.now, elapsed: .seconds(3_600), isPaused: false)
                let version = try await store.saveSLAClock(clock, partner: Sample.partner, id: "C-1001/resolution", expecting: nil)
                var paused = clock
                paused.isPaused = true
                let next = try await store.saveSLAClock(paused, partner: Sample.partner, id: "C-1001/resolution", expecting: version)
                try await expectConflict(current: next, "saving a clock with a stale version") {
                    try await store.saveSLAClock(clock, partner: Sample.partner, id: "C-1001/resolution", expecting: version)
                }
                try await store.saveSLAClock(clock, partner: Sample.otherPartner, id: "C-7/response", expecting: nil)
                let read = try await store.slaClock(SampleClock.self, partner: Sample.partner, id: "C-1001/resolution")
                try expect(read?.value == paused, "the clock came back as \(String(describing: read?.value))")
                let listed = try await store.slaClocks(SampleClock.self, partner: Sample.partner)
                try expect(listed.map(\.clockId) == ["C-1001/resolution"] && listed.first?.clock == paused, "the partner's clocks are \(listed.map(\.clockId))")
                try await store.deleteSLAClock(partner: Sample.partner, id: "C-1001/resolution", expecting: next)
                try expect(try await store.slaClocks(SampleClock.self).map(\.clockId) == ["C-7/response"], "the deleted clock is still listed")
            },
        ]
    }
}
