import Foundation
import Glibc
import Locking
import Testing

/// The posix_spawn child used instead of Foundation's Process: descriptors, directory, environment, status.
@Suite("ChildProcess (tests' posix_spawn helper)")
struct ChildProcessTests {
    /// Runs `/bin/sh -c script` and returns (status, output).
    static func sh(_ script: String, environment: [String: String]? = nil, directory: String? = nil) async throws -> (Int32?, String) {
        let bytes = Bytes()
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", script], environment: environment,
                                     directory: directory) { bytes.append($0) }
        let status = await child.waitForExit(timeout: .seconds(20))
        if status == nil { child.signal(SIGKILL); _ = await child.waitForExit(timeout: .seconds(5)) }
        return (status, bytes.text)
    }

    @Test func childInheritsNoDescriptorBeyondStandardOnes() async throws {
        // A socket of ours without close-on-exec, as the server's listeners are.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd > 2)
        defer { close(fd) }
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC == 0)
        let (status, out) = try await Self.sh("ls /proc/$$/fd")
        #expect(status == 0)
        #expect(out.split(separator: "\n").sorted() == ["0", "1", "2"], "\(out)")
    }

    @Test func directoryEnvironmentAndStatus() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out) = try await Self.sh("pwd; echo \"$ONLY\" 1>&2; exit 7", environment: ["ONLY": "this"], directory: dir.path)
        #expect(status == 7)
        #expect(out == "\(dir.resolvingSymlinksInPath().path)\nthis\n")
        let (killed, _) = try await Self.sh("kill -9 $$")
        #expect(killed == 128 + SIGKILL)
    }

    @Test func terminateEndsALongRunningChild() async throws {
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["30"]) { _ in }
        #expect(child.isRunning)
        child.terminate()
        #expect(await child.waitForExit(timeout: .seconds(10)) == 128 + SIGTERM)
        #expect(!child.isRunning && child.outputEnded)
    }
}

private final class Bytes: Sendable {
    private let value = Locked<[UInt8]>([])
    func append(_ chunk: [UInt8]) { value.withLock { $0 += chunk } }
    var text: String { String(decoding: value.withLock { $0 }, as: UTF8.self) }
}
