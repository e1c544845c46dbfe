import Foundation
import HTTPServer
import HTTPTypes
import Testing

@Suite("Server over real sockets: connections")
struct ServerConnectionTests {
    @Test func keepAliveReusesOneConnection() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            for i in 0..<3 {
                try client.send("GET /n\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                let r = try await client.readResponse()
                #expect(r.status == 200)
                #expect(r.bodyText == "GET /n\(i) ")
                #expect(r.header("Connection") == nil)
                #expect(r.header("Date") != nil)
            }
            #expect(server.connectionCount == 1)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        // The first request is the slowest; answers must still leave in request order.
        let handler: HTTPHandler = { request in
            if request.target == "/slow" { try? await Task.sleep(for: .milliseconds(150)) }
            return HTTPServerResponse(status: .ok, body: Array(request.target.utf8) + request.body)
        }
        try await withServer(handler: handler) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\nPOST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nxyzGET /c HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await client.readResponse().bodyText == "/slow")
            #expect(try await client.readResponse().bodyText == "/bxyz")
            #expect(try await client.readResponse().bodyText == "/c")
        }
    }

    @Test func http10ClosesWithoutKeepAlive() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /a HTTP/1.0\r\n\r\n")
            let r = try await client.readResponse()
            #expect(r.status == 200)
            #expect(r.header("Connection") == "close")
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func http10KeepAliveStaysOpen() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let r = try await client.readResponse()
            #expect(r.header("Connection") == "keep-alive")
            try client.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await client.readResponse().bodyText == "GET /b ")
        }
    }

    @Test func http11ConnectionCloseIsHonoured() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /a HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(try await client.readResponse().header("Connection") == "close")
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func expectContinueSends100BeforeTheBody() async throws {
        // The body must not time out between the 100 and the body, however slow the run (sanitizers).
        try await withServer({ $0.bodyTimeout = TestTime.scaled(.seconds(10)) }) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try await client.readResponse()
            #expect(interim.status == 100)
            try client.send("hello")
            let r = try await client.readResponse()
            #expect(r.status == 200)
            #expect(r.bodyText == "POST /up hello")
        }
    }

    @Test func headAnswersWithoutBodyButWithLength() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\nGET /y HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try await client.readResponse(headRequest: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "8")  // "HEAD /x " has 8 bytes
            #expect(head.body.isEmpty)
            #expect(try await client.readResponse().bodyText == "GET /y ")
        }
    }

    @Test func chunkedBodyIsDecoded() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: y\r\n\r\n")
            #expect(try await client.readResponse().bodyText == "POST /c abcde")
        }
    }

    /// A head written alone, its body a moment later (as AsyncHTTPClient writes a request): at once
    /// (the connection's extra reads find the body) and after a pause (the next readable event does),
    /// twice on one connection.
    @Test(arguments: [0, 30])
    func aBodyWrittenAfterItsHeadIsRead(pauseMs: Int) async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            for i in 0..<2 {
                try client.send("POST /split\(i) HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n")
                if pauseMs > 0 { try await Task.sleep(for: .milliseconds(pauseMs)) }
                try client.send("hello")
                if pauseMs > 0 { try await Task.sleep(for: .milliseconds(pauseMs)) }
                try client.send("world")
                let r = try await client.readResponse()
                #expect(r.status == 200)
                #expect(r.bodyText == "POST /split\(i) helloworld")
            }
            #expect(server.connectionCount == 1)
        }
    }

    @Test func halfClosedClientStillGetsItsAnswer() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /half HTTP/1.1\r\nHost: t\r\n\r\n")
            client.shutdownWrite()
            let r = try await client.readResponse()
            #expect(r.bodyText == "GET /half ")
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func errorAnswersUseTheApplicationsRenderer() async throws {
        let renderer: HTTPErrorRenderer = { error, head in
            let id = head?.headerFields[HTTPField.Name("X-Request-ID")!] ?? "generated"
            return HTTPServerResponse(status: error.status, headerFields: [HTTPField.Name("X-Request-ID")!: id],
                                      body: Array("custom \(error.status.code)".utf8))
        }
        try await withServer(errorRenderer: renderer) { server in
            let client = try RawClient(port: server.port)
            try client.send("FOO / HTTP/1.1\r\nHost: t\r\nX-Request-ID: abc\r\n\r\n")
            let r = try await client.readResponse()
            #expect(r.status == 501)
            #expect(r.bodyText == "custom 501")
            #expect(r.header("X-Request-ID") == "abc")
            #expect(r.header("Connection") == "close")
            #expect(await client.isClosedByPeer())

            let broken = try RawClient(port: server.port)
            try broken.send("GET / HTTP/1.1\r\nHost : t\r\n\r\n")
            let b = try await broken.readResponse()
            #expect(b.status == 400)
            #expect(b.header("X-Request-ID") == "generated")
            #expect(b.header("Date") != nil)
        }
    }

    @Test func http2PrefaceGets505() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
            #expect(try await client.readResponse().status == 505)
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func smugglingAttemptIsRefusedAndClosed() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n")
            let r = try await client.readResponse()
            #expect(r.status == 400)
            #expect(r.header("Connection") == "close")
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func ipv6LoopbackIsServed() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "::1"
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, handler: echoHandler)
        try server.start()
        let port = server.port
        let result = try await curl(["-sS", "-g", "http://[::1]:\(port)/six"])
        await server.shutdown(gracePeriod: .seconds(1))
        #expect(result == "GET /six ")
    }
}
