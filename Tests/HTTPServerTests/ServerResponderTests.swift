#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import HTTPServer
import HTTPTypes
import Locking
import Testing

/// The callback form of the handler: `HTTPServer(serve:)` and its `HTTPResponder`.
@Suite("Server over real sockets: answering through an HTTPResponder")
struct ServerResponderTests {
    private static func text(_ s: String) -> HTTPServerResponse {
        HTTPServerResponse(status: .ok, headerFields: [.contentType: "text/plain"], body: Array(s.utf8))
    }

    @Test func anAnswerGivenLaterFromAnotherThreadIsWrittenAndTheConnectionGoesOn() async throws {
        let serve: HTTPServeFunction = { request, responder in
            let target = request.target
            // No task: the answer comes from a Dispatch timer on another queue.
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(target == "/slow" ? 150 : 5)) {
                responder.respond(Self.text("late \(target)"))
            }
        }
        try await withServer(serve: serve) { server in
            let client = try RawClient(port: server.port)
            // Pipelined, the slower first: answers still leave in request order.
            try client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await client.readResponse().bodyText == "late /slow")
            #expect(try await client.readResponse().bodyText == "late /b")
            try client.send("GET /c HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await client.readResponse().bodyText == "late /c")
            #expect(server.connectionCount == 1)
        }
    }

    @Test func answersGivenInsideServeDoNotRecurseThroughPipelinedRequests() async throws {
        // Each answer is given before `serve` returns. If that answer were written, and the next
        // pipelined request parsed and served, inside the same call, the stack would grow with every
        // request (a Dispatch thread's stack is 512 KB). So `serve` notes how deep in its thread's stack
        // it runs: the depth must stay the same from request to request.
        let count = 1_000
        let depths = Locked<[UInt: (low: UInt, high: UInt)]>([:])
        let serve: HTTPServeFunction = { request, responder in
            var marker = 0
            let address = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
            let thread = UInt(bitPattern: Int(pthread_self()))
            depths.withLock { d in
                let seen = d[thread] ?? (address, address)
                d[thread] = (min(seen.low, address), max(seen.high, address))
            }
            responder.respond(Self.text(request.target))
        }
        try await withServer({ $0.maxRequestsPerConnection = count + 1 }, serve: serve) { server in
            let client = try RawClient(port: server.port, timeout: 10)
            var batch = ""
            for i in 0..<count { batch += "GET /\(i) HTTP/1.1\r\nHost: t\r\n\r\n" }
            try client.send(batch)
            for i in 0..<count {
                let r = try await client.readResponse()
                guard r.bodyText == "/\(i)" else {
                    Issue.record("answer \(i) was \(r.bodyText)")
                    return
                }
            }
        }
        let spread = depths.withLock { $0.values.map { $0.high - $0.low }.max() ?? 0 }
        // Served from the read handler (which keeps a 32 KB read buffer on its stack) or after a write:
        // ~31 KB apart. Recursing through 1,000 requests: megabytes.
        #expect(spread < 262_144, "serve ran \(spread) bytes deeper in the stack for a later request")
    }

    @Test func onlyTheFirstAnswerCounts() async throws {
        let serve: HTTPServeFunction = { request, responder in
            responder.respond(Self.text("first \(request.target)"))
            responder.respond(Self.text("second \(request.target)"))
            DispatchQueue.global().async { responder.respond(Self.text("third \(request.target)")) }
        }
        try await withServer(serve: serve) { server in
            let client = try RawClient(port: server.port)
            for path in ["/a", "/b", "/c"] {
                try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try await client.readResponse().bodyText == "first \(path)")
            }
            // Nothing more arrives: the extra answers were dropped, not written after the others.
            try client.send("GET /d HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await client.readResponse().bodyText == "first /d")
        }
    }

    @Test func aResponderLetGoWithoutAnAnswerAnswers500() async throws {
        let rendered = Locked<[HTTPServerError]>([])
        let serve: HTTPServeFunction = { request, responder in
            if request.target == "/forget" { return }  // drops the responder
            responder.respond(Self.text("ok"))
        }
        let renderer: HTTPErrorRenderer = { error, head in
            rendered.withLock { $0.append(error) }
            return HTTPServer.defaultErrorRenderer(error, head)
        }
        try await withServer(errorRenderer: renderer, serve: serve) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /forget HTTP/1.1\r\nHost: t\r\n\r\n")
            let r = try await client.readResponse()
            #expect(r.status == 500)
            #expect(rendered.withLock { $0 } == [.unanswered])
            // The server stays up for the next client.
            let other = try RawClient(port: server.port)
            try other.send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await other.readResponse().bodyText == "ok")
        }
    }
}
