import HTTPServer
import HTTPTypes
import Testing

/// Several requests on one connection, leftover bytes, phases and the sticky failed state.
@Suite struct ParserPipeliningTests {
    // MARK: - Pipelining

    @Test func twoRequestsInOneAppend() {
        let out = events("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2?x HTTP/1.1\r\nHost: h2\r\n\r\n")
        #expect(out.count == 2)
        #expect(out.map { $0.request?.path } == ["/1", "/2?x"])
        #expect(out.map { $0.request?.authority } == ["h", "h2"])
    }

    @Test func threeRequestsWithBodiesInOneAppend() {
        let input = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n"
            + "HEAD /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
        var parser = HTTPRequestParser()
        let out = feed(&parser, bytes(input))
        #expect(out.map { $0.request?.method } == ["POST", "POST", "HEAD"])
        #expect(out.map { $0.request?.path } == ["/a", "/b", "/c"])
        #expect(out.map { $0.request?.body } == [bytes("abc"), bytes("def"), []])
        #expect(out.map { $0.request?.keepAlive } == [true, true, false])
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.phase == .idle)
    }

    @Test func bodyBytesThatLookLikeARequestStayInTheBody() {
        let inner = "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n"
        let out = events("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: \(inner.utf8.count)\r\n\r\n\(inner)")
        #expect(out.count == 1)
        #expect(out.first?.request?.body == bytes(inner))
    }

    @Test func leftoverBytesOfTheNextRequestAreKept() {
        var parser = HTTPRequestParser()
        let partial = "GET /2 HTTP/1.1\r\nHo"
        parser.append(bytes("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n" + partial))
        #expect(Outcome(parser.next()).request?.path == "/1")
        #expect(parser.bufferedByteCount == partial.utf8.count)
        #expect(parser.phase == .head)
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(parser.bufferedByteCount == partial.utf8.count)
        parser.append(bytes("st: h\r\n\r\n"))
        #expect(Outcome(parser.next()).request?.path == "/2")
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.phase == .idle)
    }

    @Test func leftoverBytesAfterABodyAreKept() {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST /1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nokGET"))
        #expect(Outcome(parser.next()).request?.body == bytes("ok"))
        #expect(parser.bufferedByteCount == 3)
        parser.append(bytes(" /2 HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(Outcome(parser.next()).request?.path == "/2")
    }

    @Test func emptyLinesBetweenPipelinedRequestsAreIgnored() {
        let out = events("POST /1 HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx\r\n"
                         + "GET /2 HTTP/1.1\r\nHost: h\r\n\r\n\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(out.map { $0.request?.path } == ["/1", "/2", "/3"])
    }

    @Test func errorInASecondRequestComesAfterTheFirst() {
        let out = events("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost : h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(out.count == 2)
        #expect(out.first?.request?.path == "/1")
        #expect(out.last == .error(.malformed, headMethod: nil))
    }

    @Test func manyPipelinedRequestsInRandomPieces() {
        // Over 32 KiB in total, so the parser's buffer has to compact while requests are in flight.
        var input: [UInt8] = []
        var expected: [(path: String, body: [UInt8])] = []
        for i in 0..<300 {
            let body = [UInt8](repeating: UInt8(ascii: "a") + UInt8(i % 26), count: i % 97)
            let path = "/r\(i)"
            if i % 3 == 0 {
                input += bytes("POST \(path) HTTP/1.1\r\nHost: h\r\nContent-Length: \(body.count)\r\n\r\n") + body
            } else if i % 3 == 1 {
                input += bytes("POST \(path) HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
                if !body.isEmpty { input += bytes(String(body.count, radix: 16) + "\r\n") + body + bytes("\r\n") }
                input += bytes("0\r\n\r\n")
            } else {
                input += bytes("GET \(path) HTTP/1.1\r\nHost: h\r\nX-Pad: \(String(repeating: "p", count: i))\r\n\r\n")
                expected.append((path, []))
                continue
            }
            expected.append((path, body))
        }
        #expect(input.count > 32_768)
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<5 {
            var pieces: [Int] = []
            var total = 0
            while total < input.count {
                let size = Int.random(in: 1...3000, using: &rng)
                pieces.append(size)
                total += size
            }
            var parser = HTTPRequestParser()
            let out = feed(&parser, input, pieces: pieces)
            #expect(out.count == expected.count)
            #expect(out.map { $0.request?.path } == expected.map { Optional($0.path) })
            #expect(out.map { $0.request?.body } == expected.map { Optional($0.body) })
            #expect(parser.bufferedByteCount == 0)
            #expect(parser.phase == .idle)
        }
    }

    // MARK: - Phases

    @Test func phaseTransitions() {
        var parser = HTTPRequestParser()
        #expect(parser.phase == .idle)
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(parser.phase == .idle)

        parser.append(bytes("PO"))
        #expect(parser.phase == .head)
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(parser.phase == .head)

        parser.append(bytes("ST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n"))
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(parser.phase == .body)

        parser.append(bytes("ab"))
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(parser.phase == .body)

        parser.append(bytes("cd"))
        #expect(Outcome(parser.next()).request?.body == bytes("abcd"))
        #expect(parser.phase == .idle)
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(parser.phase == .idle)

        parser.append(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(parser.phase == .head)
        #expect(Outcome(parser.next()).request?.method == "GET")
        #expect(parser.phase == .idle)

        parser.append(bytes("GET / HTTP/1.1\r\nHost: h h\r\n\r\n"))
        #expect(Outcome(parser.next()).errorKind == .malformed)
        #expect(parser.phase == .failed)
    }

    @Test func phaseIsBodyWhileAChunkedBodyArrives() {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"))
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(parser.phase == .body)
        parser.append(bytes("1\r\na\r\n0\r\n\r\n"))
        #expect(Outcome(parser.next()).request?.body == bytes("a"))
        #expect(parser.phase == .idle)
    }

    @Test func phaseIsNotIdleWhileAHeadIsIncomplete() {
        var parser = HTTPRequestParser()
        parser.append(bytes("\r\n"))
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(parser.phase != .failed)
        #expect(parser.phase != .body)
        parser.append(bytes("G"))
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(parser.phase == .head)
    }

    // MARK: - After an error

    @Test func errorIsSticky() {
        var parser = HTTPRequestParser()
        parser.append(bytes("GET / HTTP/1.1\r\nHost : h\r\n\r\n"))
        let first = parser.next()
        guard case .error(let error, let head) = first else {
            Issue.record("expected an error, got \(Outcome(first))")
            return
        }
        for _ in 0..<3 {
            guard case .error(let again, let againHead) = parser.next() else {
                Issue.record("the parser left the failed state")
                return
            }
            #expect(again == error)
            #expect(againHead == head)
            #expect(parser.phase == .failed)
        }
        parser.append(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
        guard case .error(let later, _) = parser.next() else {
            Issue.record("new valid bytes revived a failed parser")
            return
        }
        #expect(later == error)
        #expect(parser.phase == .failed)
    }

    @Test func errorWithHeadIsStickyWithTheSameHead() {
        var parser = HTTPRequestParser(limits: .small(body: 4))
        parser.append(bytes("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"))
        for _ in 0..<3 {
            let event = parser.next()
            guard case .error(let error, let head) = event else {
                Issue.record("expected payloadTooLarge, got \(Outcome(event))")
                return
            }
            #expect(error == .payloadTooLarge)
            #expect(head?.path == "/up")
            #expect(head?.method == .post)
        }
    }

    @Test func bodyErrorIsStickyAndCarriesTheHead() {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
        let expected = Outcome.error(.malformed, headMethod: "POST")
        #expect(Outcome(parser.next()) == expected)
        parser.append(bytes("0\r\n\r\n"))
        #expect(Outcome(parser.next()) == expected)
        #expect(Outcome(parser.next()) == expected)
    }

    @Test(arguments: [
        "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
        "FOO / HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
    ])
    func differentErrorsAreSticky(_ input: String) {
        var parser = HTTPRequestParser()
        parser.append(bytes(input))
        let first = Outcome(parser.next())
        #expect(first.isError)
        #expect(Outcome(parser.next()) == first)
        parser.append(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(Outcome(parser.next()) == first)
    }
}
