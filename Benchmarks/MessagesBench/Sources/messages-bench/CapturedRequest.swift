import Foundation

/// One HTTP request the benchmark replays: a POST /messages to the gateway, or the exact upstream
/// request the gateway sent a simulator for it (the "direct" baseline).
struct CapturedRequest: Codable, Sendable {
    var method: String
    var url: String
    /// Header fields to send, without Host, Content-Length and Connection (the client sets those).
    var headers: [[String]]
    var body: String
    /// The status a correct answer has (201 from the gateway, 200 from a simulator).
    var expectedStatus: Int

    static let skippedHeaders: Set<String> = ["host", "content-length", "connection"]

    /// The request as a wrk script (method, headers, body; the URL goes on wrk's command line). Both
    /// expected statuses are 2xx, so wrk's own "Non-2xx or 3xx responses" count is the error count.
    var wrkScript: String {
        func quoted(_ s: String) -> String {
            var level = 1
            while s.contains("]" + String(repeating: "=", count: level) + "]") { level += 1 }
            let eq = String(repeating: "=", count: level)
            return "[\(eq)[\(s)]\(eq)]"
        }
        var lines = ["wrk.method = \(quoted(method))", "wrk.body = \(quoted(body))"]
        for pair in headers where pair.count == 2 {
            lines.append("wrk.headers[ \(quoted(pair[0])) ] = \(quoted(pair[1]))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
