import Foundation
import HTTPServer
import HTTPTypes
import Locking
import Testing

@Suite("Server over real sockets: graceful shutdown")
struct ServerShutdownTests {
    @Test func inFlightRequestFinishesWithConnectionClose() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let started = Locked(false)
        let release = Locked(false)
        // /busy is in flight until the test releases it, after shutdown has begun (no timing guesses).
        let server = HTTPServer(configuration: configuration) { request in
            if request.target == "/busy" {
                started.withLock { $0 = true }
                for _ in 0..<Int(1000 * TestTime.scale) where !release.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(10)) }
            }
            return HTTPServerResponse(status: .ok, body: Array("finished".utf8))
        }
        try server.start()
        let port = server.port
        let busy = try RawClient(port: port, timeout: 5 * TestTime.scale)
        let idle = try RawClient(port: port, timeout: 5 * TestTime.scale)
        try idle.send("GET /i HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try await idle.readResponse()
        try busy.send("GET /busy HTTP/1.1\r\nHost: t\r\n\r\n")
        for _ in 0..<Int(1000 * TestTime.scale) where !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(started.withLock { $0 })

        let shutdown = Task { await server.shutdown(gracePeriod: .seconds(20)) }
        // The idle keep-alive connection is closed; no new connection is accepted.
        #expect(await idle.isClosedByPeer())
        do {
            let late = try RawClient(port: port, timeout: 1)
            try late.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await late.readResponse()
            Issue.record("a connection made after shutdown began was served")
        } catch {}
        // The in-flight request gets its real answer, with Connection: close.
        release.withLock { $0 = true }
        let r = try await busy.readResponse()
        #expect(r.status == 200)
        #expect(r.bodyText == "finished")
        #expect(r.header("Connection") == "close")
        await shutdown.value
        #expect(server.connectionCount == 0)
    }

    @Test func requestArrivingDuringDrainGets503() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.headerTimeout = TestTime.scaled(.seconds(10))  // the head must not time out instead
        let server = HTTPServer(configuration: configuration, handler: echoHandler)
        try server.start()
        let client = try RawClient(port: server.port)
        try client.send("GET /partial HTTP/1.1\r\nHost: t\r\n")  // head not finished: not idle
        try await Task.sleep(for: .milliseconds(50))
        let shutdown = Task { await server.shutdown(gracePeriod: .seconds(3)) }
        try await Task.sleep(for: .milliseconds(50))
        try client.send("\r\n")
        let r = try await client.readResponse()
        #expect(r.status == 503)
        #expect(r.header("Connection") == "close")
        await shutdown.value
    }

    @Test func graceDeadlineForceClosesStuckRequests() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = HTTPServer(configuration: configuration) { _ in
            try? await Task.sleep(for: .seconds(30))
            return HTTPServerResponse(status: .ok)
        }
        try server.start()
        let client = try RawClient(port: server.port)
        try client.send("GET /stuck HTTP/1.1\r\nHost: t\r\n\r\n")
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        await server.shutdown(gracePeriod: .milliseconds(300))
        #expect(ContinuousClock.now - start < TestTime.scaled(.seconds(5)))
        #expect(server.connectionCount == 0)
        #expect(await client.isClosedByPeer())
    }
}
