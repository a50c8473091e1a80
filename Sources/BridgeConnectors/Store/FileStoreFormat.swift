#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// CRC-32 (IEEE 802.3, the polynomial of zlib, PNG and gzip), table-driven.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    /// The CRC-32 of `bytes`, continuing from `crc` (0 to start).
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        var value = ~crc
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8)
            }
        }
        return ~value
    }

    /// The CRC-32 of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}

/// One entry of a file store file.
enum LogRecord: Equatable {
    /// A record was written.
    case put(collection: StoreCollection, key: StoreKey, value: Data, version: RecordVersion)
    /// A record was deleted; `version` is the store counter at the time.
    case delete(collection: StoreCollection, key: StoreKey, version: RecordVersion)
    /// The last entry of a snapshot: how many records it holds and the store's version counter.
    case snapshotEnd(recordCount: UInt64, lastVersion: RecordVersion)
}

/// The on-disk format of ``FileStore`` files (see `Documentation/Stores.md`).
///
/// Every file is a sequence of frames:
///
/// ```
/// offset  size  field
///      0     4  magic "TGBS"
///      4     4  payload length n (little endian)
///      8     4  CRC-32 of the payload
///     12     4  CRC-32 of bytes 0..<12 (the header check)
///     16     n  payload
/// ```
///
/// The payload is a type byte (1 put, 2 delete, 3 snapshot end), the version (u64 LE), the
/// collection name (u8 length + bytes), the key (u16 LE length + bytes) and, for a put, the
/// value bytes to the end of the payload; a snapshot end has an empty name and key and the
/// record count (u64 LE) as its value.
enum FileStoreFormat {
    static let magic: [UInt8] = Array("TGBS".utf8)
    static let headerSize = 16
    /// The largest payload accepted when reading (a header claiming more is damaged).
    static let maxPayload = 1 << 30

    private enum Kind: UInt8 {
        case put = 1
        case delete = 2
        case snapshotEnd = 3
    }

    /// Appends the frame of `record` to `buffer`.
    static func encode(_ record: LogRecord, into buffer: inout [UInt8]) {
        var payload: [UInt8] = []
        func appendName(_ collection: String, _ key: String, value: Data?) {
            payload.append(UInt8(collection.utf8.count))
            payload.append(contentsOf: collection.utf8)
            append(UInt16(key.utf8.count), to: &payload)
            payload.append(contentsOf: key.utf8)
            if let value { payload.append(contentsOf: value) }
        }
        switch record {
        case .put(let collection, let key, let value, let version):
            payload.reserveCapacity(12 + collection.name.utf8.count + key.rawValue.utf8.count + value.count)
            payload.append(Kind.put.rawValue)
            append(version.rawValue, to: &payload)
            appendName(collection.name, key.rawValue, value: value)
        case .delete(let collection, let key, let version):
            payload.append(Kind.delete.rawValue)
            append(version.rawValue, to: &payload)
            appendName(collection.name, key.rawValue, value: nil)
        case .snapshotEnd(let count, let lastVersion):
            payload.append(Kind.snapshotEnd.rawValue)
            append(lastVersion.rawValue, to: &payload)
            var countBytes: [UInt8] = []
            append(count, to: &countBytes)
            appendName("", "", value: Data(countBytes))
        }
        let start = buffer.count
        buffer.append(contentsOf: magic)
        append(UInt32(payload.count), to: &buffer)
        append(CRC32.checksum(payload), to: &buffer)
        let headerCheck = buffer.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<start + 12])) }
        append(headerCheck, to: &buffer)
        buffer.append(contentsOf: payload)
    }

    /// The frame of `record`.
    static func encode(_ record: LogRecord) -> [UInt8] {
        var buffer: [UInt8] = []
        encode(record, into: &buffer)
        return buffer
    }

    /// What reading one frame found.
    enum Frame: Equatable {
        /// A valid frame and the offset after it.
        case record(LogRecord, next: Int)
        /// The header is damaged or incomplete: nothing about the frame's extent can be trusted.
        case badHeader
        /// The header is intact but the frame ends beyond the end of the data.
        case truncated
        /// The header is intact, the payload fails its checksum; the frame claims to end at `end`.
        case badPayload(end: Int)
        /// The checksums pass but the payload does not describe a record (a bug, not damage).
        case malformed(String)
    }

    /// Reads the frame at `offset`.
    static func frame(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Frame {
        guard bytes.count - offset >= headerSize else { return .badHeader }
        guard bytes[offset] == magic[0], bytes[offset + 1] == magic[1], bytes[offset + 2] == magic[2],
            bytes[offset + 3] == magic[3],
            CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 12]))
                == readUInt32(bytes, offset + 12)
        else { return .badHeader }
        let length = Int(readUInt32(bytes, offset + 4))
        guard length <= maxPayload else { return .badHeader }
        let end = offset + headerSize + length
        guard end <= bytes.count else { return .truncated }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + headerSize)..<end])
        guard CRC32.checksum(payload) == readUInt32(bytes, offset + 8) else { return .badPayload(end: end) }
        switch decodePayload(payload) {
        case .success(let record): return .record(record, next: end)
        case .failure(let problem): return .malformed(problem.detail)
        }
    }

    struct PayloadProblem: Error {
        var detail: String
    }

    private static func decodePayload(_ payload: UnsafeRawBufferPointer) -> Result<LogRecord, PayloadProblem> {
        guard payload.count >= 12, let kind = Kind(rawValue: payload[0]) else {
            return .failure(PayloadProblem(detail: "unknown record type"))
        }
        let version = readUInt64(payload, 1)
        let collectionLength = Int(payload[9])
        guard payload.count >= 10 + collectionLength + 2 else { return .failure(PayloadProblem(detail: "short record")) }
        let collectionName = String(decoding: UnsafeRawBufferPointer(rebasing: payload[10..<10 + collectionLength]), as: UTF8.self)
        let keyStart = 10 + collectionLength + 2
        let keyLength = Int(readUInt16(payload, 10 + collectionLength))
        guard payload.count >= keyStart + keyLength else { return .failure(PayloadProblem(detail: "short record")) }
        let keyBytes = UnsafeRawBufferPointer(rebasing: payload[keyStart..<keyStart + keyLength])
        let valueStart = keyStart + keyLength
        if kind == .snapshotEnd {
            guard collectionLength == 0, keyLength == 0, payload.count == valueStart + 8 else {
                return .failure(PayloadProblem(detail: "malformed snapshot end"))
            }
            return .success(.snapshotEnd(recordCount: readUInt64(payload, valueStart), lastVersion: RecordVersion(version)))
        }
        guard StoreCollection.isValid(collectionName) else {
            return .failure(PayloadProblem(detail: "invalid collection name"))
        }
        // Decoding replaces invalid UTF-8 with U+FFFD, so equal bytes mean the key was valid UTF-8.
        let keyText = String(decoding: keyBytes, as: UTF8.self)
        guard keyText.utf8.elementsEqual(keyBytes), (try? StoreKey.validate(keyText, path: StoreKey.errorPath)) != nil
        else { return .failure(PayloadProblem(detail: "invalid key")) }
        let collection = StoreCollection(unchecked: collectionName)
        let key = StoreKey(unchecked: keyText)
        switch kind {
        case .put:
            let value = Data(UnsafeRawBufferPointer(rebasing: payload[valueStart...]))
            return .success(.put(collection: collection, key: key, value: value, version: RecordVersion(version)))
        case .delete:
            guard valueStart == payload.count else { return .failure(PayloadProblem(detail: "delete with a value")) }
            return .success(.delete(collection: collection, key: key, version: RecordVersion(version)))
        case .snapshotEnd:
            return .failure(PayloadProblem(detail: "unreachable"))
        }
    }

    /// The offset of the first valid frame at or after `start`, if any. Used to tell a torn tail
    /// (nothing valid follows the damage) from damage in the middle of a file.
    static func nextValidFrame(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var offset = max(0, start)
        while offset + headerSize <= bytes.count {
            if bytes[offset] == magic[0], case .record = frame(in: bytes, at: offset) { return offset }
            offset += 1
        }
        return nil
    }

    static func append(_ value: UInt16, to buffer: inout [UInt8]) {
        buffer.append(UInt8(truncatingIfNeeded: value))
        buffer.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    static func append(_ value: UInt32, to buffer: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { buffer.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    static func append(_ value: UInt64, to buffer: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { buffer.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    static func readUInt16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func readUInt32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
        return value
    }

    static func readUInt64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
        return value
    }
}
