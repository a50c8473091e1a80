#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: which one, on which path, and `errno`.
struct SystemCallError: Error, Sendable, CustomStringConvertible {
    var operation: String
    var path: String
    var code: Int32

    /// The operating system's text for ``code``.
    var message: String { String(cString: strerror(code)) }

    var description: String { "\(operation) failed: \(message)" }

    /// The current `errno` for `operation` on `path`.
    static func current(_ operation: String, _ path: String) -> SystemCallError {
        SystemCallError(operation: operation, path: path, code: errno)
    }
}

/// An open file descriptor, closed when the last reference goes away.
///
/// Every descriptor is opened with `O_CLOEXEC`, so child processes the host starts never inherit
/// a store's files or its lock.
final class OpenFile: Sendable {
    /// The descriptor. Immutable; the owner (an actor) serialises all use of it.
    let descriptor: Int32
    /// The path it was opened with, for error messages.
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        _ = close(descriptor)
    }

    /// Opens `path`; `O_CLOEXEC` is always added.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemCallError) -> OpenFile {
        while true {
            #if canImport(Darwin)
            let descriptor = Darwin.open(path, flags | O_CLOEXEC, mode)
            #elseif canImport(Glibc)
            let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
            #else
            let descriptor = Musl.open(path, flags | O_CLOEXEC, mode)
            #endif
            if descriptor >= 0 { return OpenFile(descriptor: descriptor, path: path) }
            if errno == EINTR { continue }
            throw .current("open", path)
        }
    }

    /// The file's size in bytes.
    func size() throws(SystemCallError) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .current("fstat", path) }
        return Int64(info.st_size)
    }

    /// Whether the open file is a regular file (not a directory, device or socket).
    func isRegularFile() throws(SystemCallError) -> Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .current("fstat", path) }
        return (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The file's device and inode numbers: which file this is, whatever its name now.
    func identity() throws(SystemCallError) -> FileIdentity {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .current("fstat", path) }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Reads up to `count` bytes at `offset`; fewer at the end of the file.
    func readBytes(at offset: Int64, count: Int) throws(SystemCallError) -> [UInt8] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pread(descriptor, base + filled, count - filled, off_t(offset + Int64(filled)))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .current("pread", path)
            }
            if result == 0 { break }
            filled += result
        }
        if filled < count { bytes.removeLast(count - filled) }
        return bytes
    }

    /// Reads from `offset` to the end of the file.
    func readToEnd(from offset: Int64 = 0) throws(SystemCallError) -> [UInt8] {
        let size = try size()
        guard size > offset else { return [] }
        return try readBytes(at: offset, count: Int(size - offset))
    }

    /// Writes every byte at the file's current position (the end, for `O_APPEND` files).
    func writeAll(_ bytes: [UInt8]) throws(SystemCallError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + written, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .current("write", path)
            }
            written += result
        }
    }

    /// Makes written data durable: `fdatasync` on Linux, `F_FULLFSYNC` on Apple platforms (plain
    /// `fsync` there does not flush the drive's cache), `fsync` where neither applies.
    func sync() throws(SystemCallError) {
        #if canImport(Darwin)
        if fcntl(descriptor, F_FULLFSYNC) == 0 { return }
        if fsync(descriptor) == 0 { return }
        throw .current("fsync", path)
        #elseif os(Linux)
        while fdatasync(descriptor) != 0 {
            if errno == EINTR { continue }
            throw .current("fdatasync", path)
        }
        #else
        while fsync(descriptor) != 0 {
            if errno == EINTR { continue }
            throw .current("fsync", path)
        }
        #endif
    }

    /// Cuts the file to `size` bytes.
    func truncate(to size: Int64) throws(SystemCallError) {
        while ftruncate(descriptor, off_t(size)) != 0 {
            if errno == EINTR { continue }
            throw .current("ftruncate", path)
        }
    }

    /// Takes an exclusive `flock` without waiting.
    ///
    /// - Returns: `false` when another open file description holds a lock.
    func tryLockExclusive() throws(SystemCallError) -> Bool {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw .current("flock", path)
        }
        return true
    }

    /// Takes an exclusive `flock`, retrying every 10 ms for at most `wait`; `false` if another
    /// holder kept it all that time.
    func tryLockExclusive(waitingAtMost wait: Duration) throws(SystemCallError) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: wait)
        while true {
            if try tryLockExclusive() { return true }
            if clock.now >= deadline { return false }
            var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            _ = nanosleep(&pause, nil)
        }
    }

    /// Takes an exclusive `flock`, waiting for other holders.
    func lockExclusive() throws(SystemCallError) {
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw .current("flock", path)
        }
    }

    /// Releases this descriptor's `flock`.
    func unlock() {
        _ = flock(descriptor, LOCK_UN)
    }
}

/// Which file an open descriptor refers to.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
}

/// Directory operations.
enum FileSystem {
    /// Creates a directory; an existing directory is fine.
    ///
    /// - Returns: Whether the directory was created (then its entry in the parent directory is
    ///   durable only after ``syncDirectory(_:)`` of the parent).
    @discardableResult
    static func makeDirectory(_ path: String) throws(SystemCallError) -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        if errno != EEXIST { throw .current("mkdir", path) }
        return false
    }

    /// The directory that holds `path`: `/var/lib` for `/var/lib/state` (trailing slashes
    /// ignored), `/` for `/state`, `.` for a relative name without a slash.
    static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        var parent = trimmed[..<slash]
        while parent.count > 1, parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    /// Whether something exists at `path` (a dangling symbolic link counts).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The names in a directory, without `.` and `..`.
    static func contents(of path: String) throws(SystemCallError) -> [String] {
        guard let directory = opendir(path) else { throw .current("opendir", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Renames a file, replacing `destination` atomically.
    static func rename(_ source: String, to destination: String) throws(SystemCallError) {
        #if canImport(Darwin)
        let result = Darwin.rename(source, destination)
        #elseif canImport(Glibc)
        let result = Glibc.rename(source, destination)
        #else
        let result = Musl.rename(source, destination)
        #endif
        if result != 0 { throw .current("rename", destination) }
    }

    /// Removes a file; a missing file is fine.
    static func remove(_ path: String) throws(SystemCallError) {
        if unlink(path) != 0 && errno != ENOENT { throw .current("unlink", path) }
    }

    /// Makes a directory's entries (creations, renames, removals) durable.
    static func syncDirectory(_ path: String) throws(SystemCallError) {
        let directory = try OpenFile.open(path, O_RDONLY | O_DIRECTORY)
        while fsync(directory.descriptor) != 0 {
            if errno == EINTR { continue }
            // Some file systems refuse fsync on directories; there is nothing more to do there.
            if errno == EINVAL || errno == EBADF { return }
            throw .current("fsync", path)
        }
    }

    /// `directory/name`.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
