import BridgeConnectors
import Dispatch
import Foundation

/// The Python loopback server (`loopback_server.py`, standard library only), started per test.
///
/// Needs `python3` on the `PATH`. The server binds 127.0.0.1 on a port the system picks and
/// prints it; it exits when its standard input closes, so it never outlives the test process.
/// It also prints a line per request, read only by ``waitUntilSeen(_:)``: a server is meant for
/// one test's few requests (thousands of unread lines would fill the pipe and stall it).
final class LoopbackServer: Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    /// A port the server holds bound without listening: connections to it are refused, and no
    /// other process can take it while the server runs.
    let closedPort: Int
    private let process: Process
    private let input: Pipe
    private let output: FileHandle
    /// Bytes read from the server's output beyond the last line handed out.
    private let unread: LockedValue<[UInt8]>

    private init(port: Int, closedPort: Int, process: Process, input: Pipe, output: FileHandle, unread: [UInt8]) {
        self.port = port
        self.closedPort = closedPort
        self.process = process
        self.input = input
        self.output = output
        self.unread = LockedValue(unread)
    }

    /// The URL of `path` (with an optional query) on the server.
    func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// The URL of `path` on the server's refusing port.
    func refusingURL(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(closedPort)\(path)")!
    }

    /// Waits until a request for `path` has reached the server (its `SEEN <path>` line).
    func waitUntilSeen(_ path: String) async throws {
        try await LoopbackServer.offPool { [self] in
            while true {
                guard let line = nextLine() else {
                    throw StartFailure(description: "the server ended before a request for \(path) arrived")
                }
                if line == "SEEN \(path)" { return }
            }
        }
    }

    /// The next line of the server's output, or `nil` at its end. Blocks: call it off the pool.
    private func nextLine() -> String? {
        while true {
            let line = unread.withLock { bytes -> String? in
                guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                defer { bytes.removeSubrange(...end) }
                return String(decoding: bytes[..<end], as: UTF8.self)
            }
            if let line { return line }
            let chunk = output.availableData
            if chunk.isEmpty { return nil }
            unread.withLock { $0.append(contentsOf: chunk) }
        }
    }

    /// Starts a server. The blocking reads and waits run on a Dispatch queue, not on the
    /// concurrency pool, so parallel tests do not starve each other.
    static func start() async throws -> LoopbackServer {
        try await offPool { try startBlocking() }
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    private static func startBlocking() throws -> LoopbackServer {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("loopback_server.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw StartFailure(description: "cannot start python3 (needed by the loopback tests): \(error)")
        }
        // Read the first line, "PORT <n> CLOSED <m>".
        var bytes: [UInt8] = []
        let reader = output.fileHandleForReading
        while !bytes.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            bytes.append(contentsOf: chunk)
        }
        let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        let words = String(decoding: bytes[..<end], as: UTF8.self).split(separator: " ")
        guard words.count == 4, words[0] == "PORT", words[2] == "CLOSED", let port = Int(words[1]),
            let closedPort = Int(words[3])
        else {
            process.terminate()
            throw StartFailure(description: "the loopback server did not report its ports (output: \(words))")
        }
        let rest = end < bytes.endIndex ? Array(bytes[(end + 1)...]) : []
        return LoopbackServer(
            port: port, closedPort: closedPort, process: process, input: input, output: reader, unread: rest)
    }

    /// Stops the server and waits for it to exit.
    func stop() async {
        _ = try? await LoopbackServer.offPool { [self] in
            try? input.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    /// Runs `body` with a fresh server and stops the server afterwards, whatever happens.
    static func with<T>(_ body: (LoopbackServer) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}
