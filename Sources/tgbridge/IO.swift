#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output or standard error as a `TextOutputStream`.
struct StandardStream: TextOutputStream {
    let descriptor: Int32

    static var output: StandardStream { StandardStream(descriptor: 1) }
    static var error: StandardStream { StandardStream(descriptor: 2) }

    mutating func write(_ string: String) {
        var remaining = Array(string.utf8)[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress, buffer.count)
            }
            if written <= 0 { return }
            remaining = remaining.dropFirst(written)
        }
    }

    func flush() {}
}

/// A source of input bytes, read in chunks so large inputs stream in constant memory.
protocol ByteSource {
    /// Reads up to `maximum` bytes; an empty result means end of input.
    mutating func read(maximum: Int) throws(ReadError) -> [UInt8]
}

/// A failed read, with the operating system's explanation.
struct ReadError: Error, CustomStringConvertible {
    var description: String
}

/// Reads a file descriptor (a file opened by path, or standard input).
struct FileDescriptorSource: ByteSource {
    let descriptor: Int32
    let closesOnDeinit: Bool

    static var standardInput: FileDescriptorSource { FileDescriptorSource(descriptor: 0, closesOnDeinit: false) }

    /// Opens a file for reading.
    static func open(path: String) throws(ReadError) -> FileDescriptorSource {
        let descriptor = systemOpen(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ReadError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        return FileDescriptorSource(descriptor: descriptor, closesOnDeinit: true)
    }

    mutating func read(maximum: Int) throws(ReadError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, maximum) }
            if count >= 0 {
                buffer.removeLast(maximum - count)
                return buffer
            }
            if errno == EINTR { continue }
            throw ReadError(description: "read failed: \(String(cString: strerror(errno)))")
        }
    }

    func close() {
        if closesOnDeinit { _ = systemClose(descriptor) }
    }
}

/// Bytes held in memory, handed out in chunks of a fixed size (tests use tiny chunks to cross
/// every boundary).
struct MemorySource: ByteSource {
    var bytes: [UInt8]
    var chunkSize: Int
    var offset = 0

    init(_ text: String, chunkSize: Int = 1 << 16) {
        self.bytes = Array(text.utf8)
        self.chunkSize = chunkSize
    }

    mutating func read(maximum: Int) throws(ReadError) -> [UInt8] {
        let end = min(bytes.count, offset + min(maximum, chunkSize))
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

// The C library functions under names that do not clash with the protocol methods above.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
    open(path, flags)
}
private func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}
