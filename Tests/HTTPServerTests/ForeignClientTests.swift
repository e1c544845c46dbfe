import Foundation
import HTTPServer
import HTTPTypes
import Testing

/// Runs a command to completion (bounded) and returns its standard output.
func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(20)) async throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.standardError
    try process.run()
    let deadline = ContinuousClock.now + timeout
    while process.isRunning && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
    }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
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
