import Gateway
import Simulators
import Testing

/// `GET /messages/{id}` and the routes around `/messages` (api.md).
@Suite("GET /messages/{id} and routing")
struct MessageLookupTests {
    @Test("an allowed client sees the record; a client not allowed for the dealer gets 404, like an unknown id")
    func visibility() async throws {
        try await withGateway { h in
            let sent = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi","metadata":{"b":"2","a":"1"}}"#)
            let id = sent.json?["id"]?.stringValue ?? ""
            #expect(sent.status == 201)

            let own = try await h.message(id)
            #expect(own.status == 200)
            #expect(own.header("Content-Type") == "application/json")
            #expect(own.json?.memberNames == successKeys, "a sent record has no error key")
            #expect(stringMap(own.json?["metadata"]) == ["a": "1", "b": "2"])

            let other = try await h.message(id, token: GatewayHarness.limitedToken)
            expectError(other, ExpectedError(code: "not_found", status: 404, hasRecord: false))
            let unknown = try await h.message("msg_01JD3Y7ZK9V8R2Q4T6W8X0A1B2")
            expectError(unknown, ExpectedError(code: "not_found", status: 404, hasRecord: false))
            #expect(!other.bodyText.contains("cg-main"), "a hidden record tells nothing of its dealer")
        }
    }

    @Test("a client allowed for the dealer sees a record another client created, error included when failed")
    func sharedDealerFailedRecord() async throws {
        try await withGateway { h in
            let reply = try await h.post(#"{"dealer_id":"ss-main","to":"\#(Scenarios.sendSMSInvalidSender.recipient)","body":"Hi"}"#)
            #expect(reply.status == 422)
            let id = reply.json?["id"]?.stringValue ?? ""
            let lookup = try await h.message(id, token: GatewayHarness.limitedToken)
            #expect(lookup.status == 200, "\(lookup.bodyText)")
            #expect(lookup.json?.memberNames == successKeys + ["error"])
            #expect(lookup.json?["status"]?.stringValue == "failed")
            #expect(lookup.json?["error"] == reply.json?["error"])
            #expect(lookup.json?["provider_message_id"]?.isNull == true)
        }
    }

    @Test("without a valid token: 401 with WWW-Authenticate", arguments: [nil as String?, "wrong-token"])
    func unauthorized(token: String?) async throws {
        try await withGateway { h in
            let sent = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi"}"#)
            let id = sent.json?["id"]?.stringValue ?? ""
            let reply = try await h.message(id, token: token)
            expectError(reply, ExpectedError(code: "unauthorized", status: 401, hasRecord: false))
        }
    }

    @Test("HEAD answers GET's status and headers without a body")
    func head() async throws {
        try await withGateway { h in
            let sent = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi"}"#)
            let id = sent.json?["id"]?.stringValue ?? ""
            let get = try await h.message(id)
            let head = try await h.message(id, method: "HEAD")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("Content-Type") == "application/json")
            #expect(head.header("Content-Length") == get.header("Content-Length"))
            #expect(head.header("X-Request-ID")?.isEmpty == false)
            let missing = try await h.message("msg_nothing", method: "HEAD")
            #expect(missing.status == 404)
            #expect(missing.body.isEmpty)
        }
    }

    @Test("a wrong method on a known path → 405 with Allow", arguments: [
        ("DELETE", "/messages/x", "GET, HEAD"), ("POST", "/messages/x", "GET, HEAD"), ("GET", "/messages", "POST"),
        ("PUT", "/messages", "POST"), ("HEAD", "/messages", "POST"),
    ])
    func methodNotAllowed(method: String, path: String, allow: String) async throws {
        try await withGateway { h in
            let reply = try await h.send(method, path, headers: [("Authorization", "Bearer \(GatewayHarness.fullToken)")])
            #expect(reply.status == 405)
            #expect(reply.header("Allow") == allow)
            #expect(reply.header("X-Request-ID")?.isEmpty == false)
            if method != "HEAD" {
                expectError(reply, ExpectedError(code: "method_not_allowed", status: 405, hasRecord: false))
            }
            #expect(h.upstreamRequestCount == 0 && h.store.count == 0)
        }
    }

    @Test("an unknown path → 404 not_found", arguments: ["/nope", "/messages/", "/messages/a/b", "/message", "/"])
    func notFound(path: String) async throws {
        try await withGateway { h in
            let reply = try await h.send("GET", path, headers: [("Authorization", "Bearer \(GatewayHarness.fullToken)")])
            expectError(reply, ExpectedError(code: "not_found", status: 404, hasRecord: false))
        }
    }

    @Test("X-Request-ID is echoed on success, gateway errors, provider errors and lookups; made when absent")
    func requestIDEchoed() async throws {
        try await withGateway { h in
            let rid = [("X-Request-ID", "e2e-trace-0001")]
            let sent = try await h.post(#"{"dealer_id":"cg-main","to":"+15550100000","body":"Hi"}"#, headers: rid)
            #expect(sent.header("X-Request-ID") == "e2e-trace-0001")
            let refused = try await h.post("[]", headers: rid)
            #expect(refused.header("X-Request-ID") == "e2e-trace-0001")
            #expect(refused.json?["request_id"]?.stringValue == "e2e-trace-0001")
            let failed = try await h.post(#"{"dealer_id":"cg-main","to":"\#(Scenarios.carGurus113.recipient)","body":"Hi"}"#, headers: rid)
            #expect(failed.json?["request_id"]?.stringValue == "e2e-trace-0001")
            let lookup = try await h.send("GET", "/messages/\(sent.json?["id"]?.stringValue ?? "")",
                                          headers: rid + [("Authorization", "Bearer \(GatewayHarness.fullToken)")])
            #expect(lookup.header("X-Request-ID") == "e2e-trace-0001")
            let notFound = try await h.send("GET", "/elsewhere", headers: rid)
            #expect(notFound.header("X-Request-ID") == "e2e-trace-0001")

            let a = try await h.post("[]")
            let b = try await h.post("[]")
            let idA = a.header("X-Request-ID") ?? ""
            #expect(!idA.isEmpty && idA != b.header("X-Request-ID"), "a fresh id per request")
            #expect(a.json?["request_id"]?.stringValue == idA)
        }
    }
}
