import Foundation
import HTTPServer
import HTTPTypes
import Locking
import Testing

/// Runs a command to completion (bounded) and returns its standard output (its stderr goes to ours).
func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(20)) async throws -> String {
    let out = CollectedOutput()
    let process = try ChildProcess(executable: executable, arguments: arguments, mergeStandardError: false) {
        out.append($0)
    }
    if await process.waitForExit(timeout: timeout) == nil {
        process.terminate()
        if await process.waitForExit(timeout: .seconds(5)) == nil {
            process.signal(SIGKILL)
            _ = await process.waitForExit(timeout: .seconds(5))
        }
    }
    return out.text
}

/// Bytes a child wrote, gathered on its reader thread.
private final class CollectedOutput: Sendable {
    private let bytes = Locked<[UInt8]>([])
    func append(_ chunk: [UInt8]) { bytes.withLock { $0 += chunk } }
    var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
}

func curl(_ arguments: [String]) async throws -> String {
    try await run("/usr/bin/env", ["curl", "--max-time", "10"] + arguments)
}

@Suite("Server driven by clients nobody here wrote")
struct ForeignClientTests {
    @Test func curlKeepAliveAndPost() async throws {
        try await withServer { server in
            let out = try await curl(["-sS", "-w", "|%{http_code}|%{num_connects}\n",
                                      "http://127.0.0.1:\(server.port)/one", "--next",
                                      "-sS", "-w", "|%{http_code}|%{num_connects}\n",
                                      "-d", "payload", "http://127.0.0.1:\(server.port)/two"])
            // Two transfers over one connection: the second reports 0 new connects.
            #expect(out.contains("GET /one |200|1"))
            #expect(out.contains("POST /two payload|200|0"))
        }
    }

    @Test func pythonHttpClientChunkedAndKeepAlive() async throws {
        try await withServer { server in
            let script = """
            import http.client
            c = http.client.HTTPConnection("127.0.0.1", \(server.port), timeout=10)
            c.request("POST", "/chunked", body=iter([b"ab", b"cd"]), headers={"Transfer-Encoding": "chunked"}, encode_chunked=True)
            r = c.getresponse(); print(r.status, r.read().decode())
            c.request("GET", "/again"); r = c.getresponse(); print(r.status, r.read().decode())
            c.request("HEAD", "/h"); r = c.getresponse(); print(r.status, r.getheader("Content-Length"), len(r.read()))
            """
            let out = try await run("/usr/bin/env", ["python3", "-c", script])
            #expect(out == "200 POST /chunked abcd\n200 GET /again \n200 8 0\n")
        }
    }
}
