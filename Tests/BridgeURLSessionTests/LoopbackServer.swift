import Dispatch
import Foundation

/// The Python loopback server (`loopback_server.py`, standard library only), started per test.
///
/// Needs `python3` on the `PATH`. The server binds 127.0.0.1 on a port the system picks and
/// prints it; it exits when its standard input closes, so it never outlives the test process.
final class LoopbackServer: Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    private let process: Process
    private let input: Pipe

    private init(port: Int, process: Process, input: Pipe) {
        self.port = port
        self.process = process
        self.input = input
    }

    /// The URL of `path` (with an optional query) on the server.
    func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
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
        // Read the first line, "PORT <n>": the only wait on the child.
        var line: [UInt8] = []
        let reader = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line.append(contentsOf: chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw StartFailure(description: "the loopback server did not report a port (output: \(text))")
        }
        return LoopbackServer(port: port, process: process, input: input)
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
