import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Locking

/// Runs the built `sms-gateway` executable as a child process, collecting its stdout and stderr lines.
final class GatewayProcessHarness: Sendable {
    /// Spawned with `posix_spawn` (see ChildProcess: Foundation's `Process.run()` can crash on Linux).
    let process: ChildProcess
    private let lines: OutputLines
    let directory: URL

    /// The executable sits next to the test bundle in the build folder.
    static var executable: URL {
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [bundle.appendingPathComponent("sms-gateway"),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sms-gateway")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    init(arguments: [String], config: String?, environment: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var args = arguments
        if let config {
            let path = directory.appendingPathComponent("gateway.yaml")
            try config.write(to: path, atomically: true, encoding: .utf8)
            args += ["--config", path.path]
        }
        var env = ProcessInfo.processInfo.environment
        env["PORT"] = nil
        env["LOG_LEVEL"] = nil
        for (k, v) in environment { env[k] = v }
        let lines = OutputLines()
        self.lines = lines
        process = try ChildProcess(executable: Self.executable.path, arguments: args, environment: env,
                                   directory: directory.path) { lines.append($0) }
    }

    var configPath: URL { directory.appendingPathComponent("gateway.yaml") }

    var output: [String] { lines.all }

    /// Waits (bounded) for a line containing `text`.
    func waitForLine(containing text: String, timeout: Duration = .seconds(20)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.first(where: { $0.contains(text) }) { return line }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// The port from the "listening" log line.
    func waitForPort() async -> Int? {
        guard let line = await waitForLine(containing: "\"msg\":\"listening\""),
              let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let port = object["port"] as? String else { return nil }
        return Int(port)
    }

    func signal(_ signal: Int32) { process.signal(signal) }

    /// Waits (bounded) for exit and the output's end; nil if still running at the deadline.
    func waitForExit(timeout: Duration = .seconds(20)) async -> Int32? {
        await process.waitForExit(timeout: timeout)
    }

    func stop() async {
        if process.isRunning {
            process.terminate()
            _ = await waitForExit(timeout: .seconds(5))
        }
        if process.isRunning {
            process.signal(SIGKILL)
            _ = await waitForExit(timeout: .seconds(5))
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The child's output split into lines as it arrives.
private final class OutputLines: Sendable {
    private let lines = Locked<[String]>([])
    private let partial = Locked<[UInt8]>([])

    func append(_ bytes: [UInt8]) {
        let complete: [String] = partial.withLock { buffer in
            buffer += bytes
            var out: [String] = []
            while let nl = buffer.firstIndex(of: 10) {
                out.append(String(decoding: buffer[..<nl], as: UTF8.self))
                buffer.removeFirst(nl + 1)
            }
            return out
        }
        if !complete.isEmpty { lines.withLock { $0 += complete } }
    }

    var all: [String] { lines.withLock { $0 } }
}

/// A small HTTP client for the tests (URLSession; it suspends rather than blocking the pool).
struct HTTPResult: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String
}

func http(_ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil,
          timeout: TimeInterval = 10) async throws -> HTTPResult {
    guard let u = URL(string: url) else { throw URLError(.badURL) }
    var request = URLRequest(url: u)
    request.httpMethod = method
    request.timeoutInterval = timeout
    for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
    if let body { request.httpBody = Data(body.utf8) }
    let configuration = URLSessionConfiguration.ephemeral
    let session = URLSession(configuration: configuration)
    defer { session.finishTasksAndInvalidate() }
    let (data, response) = try await session.data(for: request)
    let h = response as? HTTPURLResponse
    var fields: [String: String] = [:]
    for (k, v) in h?.allHeaderFields ?? [:] { fields[String(describing: k).lowercased()] = String(describing: v) }
    return HTTPResult(status: h?.statusCode ?? 0, headers: fields, body: String(decoding: data, as: UTF8.self))
}
