import Foundation
import Testing

/// A client of one gateway process, and the checks the drills share.
struct DrillClient: Sendable {
    let port: Int
    let token: String

    func post(_ json: String, timeout: TimeInterval = 20) async throws -> HTTPResult {
        try await http("POST", "http://127.0.0.1:\(port)/messages",
                       headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: json, timeout: timeout)
    }

    func get(_ path: String) async throws -> HTTPResult {
        try await http("GET", "http://127.0.0.1:\(port)\(path)", headers: ["Authorization": "Bearer \(token)"])
    }

    /// `http_requests_in_flight` from /metrics (this request included).
    func inFlight() async throws -> Int? {
        let metrics = try await get("/metrics")
        for line in metrics.body.split(separator: "\n") where line.hasPrefix("http_requests_in_flight ") {
            return line.split(separator: " ").last.flatMap { Double($0) }.map { Int($0) }
        }
        return nil
    }

    /// Polls /metrics until at least `count` requests are in flight; false at the deadline.
    func waitForInFlight(atLeast count: Int, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let n = try await inFlight(), n >= count { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    static func object(_ text: String) -> [String: Any]? {
        text.data(using: .utf8).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    /// Checks a unified error answer (api.md "Errors"); returns the message id when there is one.
    @discardableResult
    func expectError(_ reply: HTTPResult, code: String, status: Int, retryable: Bool, provider: String?, hasRecord: Bool,
                     sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        #expect(reply.status == status, "\(code): \(reply.body)", sourceLocation: sourceLocation)
        #expect(reply.headers["content-type"] == "application/json", sourceLocation: sourceLocation)
        guard let json = Self.object(reply.body), let error = json["error"] as? [String: Any] else {
            Issue.record("not an error body: \(reply.body)", sourceLocation: sourceLocation)
            return nil
        }
        #expect(error["code"] as? String == code, "\(reply.body)", sourceLocation: sourceLocation)
        #expect(error["retryable"] as? Bool == retryable, "\(reply.body)", sourceLocation: sourceLocation)
        #expect((error["message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        if let provider {
            #expect(error["provider"] as? String == provider, "\(reply.body)", sourceLocation: sourceLocation)
        } else {
            #expect(error["provider"] is NSNull, "\(reply.body)", sourceLocation: sourceLocation)
        }
        #expect(json["request_id"] as? String == reply.headers["x-request-id"], sourceLocation: sourceLocation)
        let id = json["id"] as? String
        if hasRecord {
            #expect(id?.hasPrefix("msg_") == true, "a record: \(reply.body)", sourceLocation: sourceLocation)
        } else {
            #expect(json["id"] is NSNull, "no record: \(reply.body)", sourceLocation: sourceLocation)
        }
        return id
    }

    /// `GET /messages/{id}` shows the record with `status` and the answer's error code.
    func expectRecord(_ id: String, status: String, code: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let lookup = try await get("/messages/\(id)")
        #expect(lookup.status == 200, "GET \(id): \(lookup.body)", sourceLocation: sourceLocation)
        let json = Self.object(lookup.body)
        #expect(json?["status"] as? String == status, "record: \(lookup.body)", sourceLocation: sourceLocation)
        #expect((json?["error"] as? [String: Any])?["code"] as? String == code, "record: \(lookup.body)", sourceLocation: sourceLocation)
    }
}
