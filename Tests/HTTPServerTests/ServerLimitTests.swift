import Foundation
import HTTPServer
import HTTPTypes
import Testing

@Suite("Server over real sockets: limits and timeouts")
struct ServerLimitTests {
    @Test func declaredBodyOverLimitIs413BeforeTheBodyIsSent() async throws {
        try await withServer({ $0.maxBodyBytes = 100 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 101\r\n\r\n")
            let r = try await client.readResponse()
            #expect(r.status == 413)
            #expect(r.header("Connection") == "close")
        }
    }

    @Test func longTargetIs414() async throws {
        try await withServer({ $0.maxTargetBytes = 64 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /" + String(repeating: "a", count: 64) + " HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await client.readResponse().status == 414)
            let ok = try RawClient(port: server.port)
            try ok.send("GET /" + String(repeating: "a", count: 63) + " HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await ok.readResponse().status == 200)
        }
    }

    @Test func largeHeaderSectionIs431() async throws {
        try await withServer({ $0.maxHeaderBytes = 256 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 300) + "\r\n\r\n")
            #expect(try await client.readResponse().status == 431)
        }
    }

    @Test func connectionsPastTheLimitAreClosedAtOnce() async throws {
        try await withServer({ $0.maxConnections = 2 }) { server in
            let a = try RawClient(port: server.port)
            let b = try RawClient(port: server.port)
            try a.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
            try b.send("GET /b HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await a.readResponse()
            _ = try await b.readResponse()
            let c = try RawClient(port: server.port, timeout: 2)
            try? c.send("GET /c HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(await c.isClosedByPeer())
            #expect(server.connectionCount == 2)
            // The first two still work.
            try a.send("GET /a2 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await a.readResponse().bodyText == "GET /a2 ")
        }
    }

    @Test func maxRequestsPerConnectionEndsTheConnection() async throws {
        try await withServer({ $0.maxRequestsPerConnection = 2 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await client.readResponse().header("Connection") == nil)
            try client.send("GET /2 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await client.readResponse().header("Connection") == "close")
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func slowHeadIsTimedOutWith408() async throws {
        try await withServer({ $0.headerTimeout = .milliseconds(300) }) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /slow HTTP/1.1\r\nHo")
            let r = try await client.readResponse()
            #expect(r.status == 408)
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func silentNewConnectionIsClosedAfterTheHeaderTimeout() async throws {
        try await withServer({ $0.headerTimeout = .milliseconds(200) }) { server in
            let client = try RawClient(port: server.port)
            #expect(try await client.readToEnd().isEmpty)
        }
    }

    @Test func stalledBodyIsTimedOut() async throws {
        try await withServer({ $0.bodyTimeout = .milliseconds(300) }) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            let r = try await client.readResponse()
            #expect(r.status == 408)
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() async throws {
        try await withServer({ $0.idleTimeout = .milliseconds(300) }) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await client.readResponse()
            #expect(try await client.readToEnd().isEmpty)  // closed without any further byte
        }
    }

    @Test func slowHeaderClientDoesNotDelayOthers() async throws {
        // The slow client's head could wait a minute; every fast client must be answered meanwhile
        // (each read gives up after 5 s, far below that minute).
        try await withServer({ $0.headerTimeout = .seconds(60) }) { server in
            let slow = try RawClient(port: server.port)
            try slow.send("GET /slow HTTP/1.1\r\nHost: t\r\nX-A: ")
            for i in 0..<20 {
                let fast = try RawClient(port: server.port)
                try fast.send("GET /f\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try await fast.readResponse().bodyText == "GET /f\(i) ")
            }
            try slow.send("1\r\n\r\n")
            #expect(try await slow.readResponse().bodyText == "GET /slow ")
        }
    }

    @Test func thousandConcurrentConnections() async throws {
        // Reading the 1,000 answers one by one must not outlast the idle timeout (sanitizer runs are slow).
        try await withServer({ $0.idleTimeout = TestTime.scaled(.seconds(60)) }) { server in
            var clients: [RawClient] = []
            for _ in 0..<1000 { clients.append(try RawClient(port: server.port, timeout: 20)) }
            for (i, c) in clients.enumerated() { try c.send("GET /c\(i) HTTP/1.1\r\nHost: t\r\n\r\n") }
            var ok = 0
            for (i, c) in clients.enumerated() {
                if try await c.readResponse().bodyText == "GET /c\(i) " { ok += 1 }
            }
            #expect(ok == 1000)
            #expect(server.connectionCount == 1000)
        }
    }
}
