import HTTPServer
import HTTPTypes
import Testing

/// The parser is a state machine over bytes: how the bytes are split across `append` calls must not
/// change what it reports. Each message is fed whole, byte by byte, split in two at every position,
/// and in seeded random splits, and the events must be the same (apart from `expectContinue`,
/// which only appears when the body is still missing, and at most once per request).
@Suite struct ParserIncrementalTests {
    /// What feeding a case in one piece must give.
    enum Expected: Sendable, Equatable, CustomStringConvertible {
        case request(String)          // the request's head.path (or "-" for CONNECT)
        case error(ParserErrorKind)

        init?(_ outcome: Outcome) {
            switch outcome {
            case .request(let r): self = .request(r.path ?? "-")
            case .error(let kind, _): self = .error(kind)
            case .needMoreData, .expectContinue: return nil
            }
        }

        var description: String {
            switch self {
            case .request(let path): return "request(\(path))"
            case .error(let kind): return "error(\(kind))"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [UInt8]
        var limits: HTTPParserLimits
        var expected: [Expected]
        var testDescription: String { name }

        init(_ name: String, _ input: String, limits: HTTPParserLimits = .small(target: 32, header: 128, body: 64),
             _ expected: [Expected]) {
            self.init(name, bytes(input), limits: limits, expected)
        }

        init(_ name: String, _ input: [UInt8], limits: HTTPParserLimits = .small(target: 32, header: 128, body: 64),
             _ expected: [Expected]) {
            self.name = name
            self.input = input
            self.limits = limits
            self.expected = expected
        }
    }

    static let h = "Host: h\r\n"

    static let cases: [Case] = [
        // Valid messages.
        Case("get", "GET /a?b HTTP/1.1\r\n\(h)X-A:  1 \r\n\r\n", [.request("/a?b")]),
        Case("post content-length", "POST /p HTTP/1.1\r\n\(h)Content-Length: 11\r\n\r\nhello world", [.request("/p")]),
        Case("chunked with extensions and trailers",
             "POST /c HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n5;foo=bar\r\nhello\r\n6 ;x\r\n world\r\n0\r\nT: 1\r\nU: 2\r\n\r\n",
             [.request("/c")]),
        Case("chunked data containing CRLF", "POST /c HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n4\r\n\r\n\r\n\r\n0\r\n\r\n",
             [.request("/c")]),
        Case("pipelined mix",
             "GET /1 HTTP/1.1\r\n\(h)\r\n"
                 + "POST /2 HTTP/1.1\r\n\(h)Content-Length: 3\r\n\r\nabc"
                 + "POST /3 HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
                 + "HEAD /4 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
             [.request("/1"), .request("/2"), .request("/3"), .request("/4")]),
        Case("leading empty lines", "\r\n\r\nGET / HTTP/1.1\r\n\(h)\r\n", [.request("/")]),
        Case("empty lines between requests",
             "POST /1 HTTP/1.1\r\n\(h)Content-Length: 1\r\n\r\nx\r\nGET /2 HTTP/1.1\r\n\(h)\r\n", [.request("/1"), .request("/2")]),
        Case("expect 100-continue", "POST /e HTTP/1.1\r\n\(h)Expect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
             [.request("/e")]),
        Case("expect 100-continue chunked",
             "POST /e HTTP/1.1\r\n\(h)Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
             [.request("/e")]),
        Case("http/1.0 keep-alive", "GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", [.request("/k")]),
        Case("absolute form", "GET http://h:8/p?q HTTP/1.1\r\n\(h)\r\n", [.request("/p?q")]),
        Case("options and connect", "OPTIONS * HTTP/1.1\r\n\(h)\r\nCONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n",
             [.request("*"), .request("-")]),
        Case("trailing partial request", "GET /1 HTTP/1.1\r\n\(h)\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Len",
             [.request("/1")]),
        Case("trailing partial body", "GET /1 HTTP/1.1\r\n\(h)\r\nPOST /2 HTTP/1.1\r\n\(h)Content-Length: 10\r\n\r\nabc",
             [.request("/1")]),
        Case("trailing partial chunk", "POST /2 HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n5\r\nhel", []),
        Case("trailing CR", "GET /1 HTTP/1.1\r\n\(h)\r\n\r", [.request("/1")]),
        Case("body at the limit", "POST /b HTTP/1.1\r\n\(h)Content-Length: 64\r\n\r\n" + String(repeating: "b", count: 64),
             [.request("/b")]),
        Case("identical content-lengths", "POST /b HTTP/1.1\r\n\(h)Content-Length: 2\r\nContent-Length: 2\r\n\r\nok",
             [.request("/b")]),

        // Invalid messages.
        Case("bare CR in request line", "GET /\r HTTP/1.1\r\n\(h)\r\n", [.error(.malformed)]),
        Case("bare LF after request line", "GET / HTTP/1.1\n\(h)\r\n", [.error(.malformed)]),
        Case("bare LF after a field", "GET / HTTP/1.1\r\nHost: h\nX: 1\r\n\r\n", [.error(.malformed)]),
        Case("bare LF empty line", "GET / HTTP/1.1\r\n\(h)\n", [.error(.malformed)]),
        Case("obs-fold", "GET / HTTP/1.1\r\n\(h)X: 1\r\n 2\r\n\r\n", [.error(.malformed)]),
        Case("space before colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", [.error(.malformed)]),
        Case("NUL in value", "GET / HTTP/1.1\r\n\(h)X: a\0b\r\n\r\n", [.error(.malformed)]),
        Case("DEL in name", "GET / HTTP/1.1\r\n\(h)X\u{7F}: 1\r\n\r\n", [.error(.malformed)]),
        Case("content-length then transfer-encoding",
             "POST / HTTP/1.1\r\n\(h)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", [.error(.malformed)]),
        Case("transfer-encoding then content-length",
             "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", [.error(.malformed)]),
        Case("differing content-length", "POST / HTTP/1.1\r\n\(h)Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
             [.error(.malformed)]),
        Case("signed content-length", "POST / HTTP/1.1\r\n\(h)Content-Length: +5\r\n\r\nhello", [.error(.malformed)]),
        Case("gzip, chunked", "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
             [.error(.notImplemented)]),
        Case("chunked, gzip", "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", [.error(.malformed)]),
        Case("transfer-encoding in 1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", [.error(.malformed)]),
        Case("bad chunk size", "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
             [.error(.malformed)]),
        Case("chunk data without CRLF", "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXY0\r\n\r\n",
             [.error(.malformed)]),
        Case("chunk data with bare CR", "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\rX0\r\n\r\n",
             [.error(.malformed)]),
        Case("chunk size with bare LF", "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
             [.error(.malformed)]),
        Case("trailer obs-fold", "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n0\r\nT: 1\r\n 2\r\n\r\n",
             [.error(.malformed)]),
        Case("HTTP/2.0", "GET / HTTP/2.0\r\n\(h)\r\n", [.error(.versionNotSupported)]),
        Case("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", [.error(.versionNotSupported)]),
        Case("HTTP/1.1x", "GET / HTTP/1.1x\r\n\(h)\r\n", [.error(.malformed)]),
        Case("unknown method", "FOO / HTTP/1.1\r\n\(h)\r\n", [.error(.notImplemented)]),
        Case("lowercase method", "get / HTTP/1.1\r\n\(h)\r\n", [.error(.notImplemented)]),
        Case("missing host", "GET / HTTP/1.1\r\nX: 1\r\n\r\n", [.error(.malformed)]),
        Case("two hosts", "GET / HTTP/1.1\r\n\(h)\(h)\r\n", [.error(.malformed)]),
        Case("invalid host", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", [.error(.malformed)]),
        Case("target too long", "GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\r\n\(h)\r\n", [.error(.uriTooLong)]),
        Case("target far too long", "GET /" + String(repeating: "a", count: 200) + " HTTP/1.1\r\n\(h)\r\n", [.error(.uriTooLong)]),
        Case("target far too long, never ending", "GET /" + String(repeating: "a", count: 200), [.error(.uriTooLong)]),
        Case("headers too large", "GET / HTTP/1.1\r\n\(h)" + String(repeating: "X-A: 1\r\n", count: 20) + "\r\n",
             [.error(.headersTooLarge)]),
        Case("headers too large, never ending", "GET / HTTP/1.1\r\n\(h)X: " + String(repeating: "x", count: 300),
             [.error(.headersTooLarge)]),
        Case("body too large", "POST / HTTP/1.1\r\n\(h)Content-Length: 65\r\n\r\n" + String(repeating: "b", count: 65),
             [.error(.payloadTooLarge)]),
        Case("chunked body too large",
             "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n" + String(repeating: "8\r\n12345678\r\n", count: 9) + "0\r\n\r\n",
             [.error(.payloadTooLarge)]),
        Case("bare CR before request line", "\rGET / HTTP/1.1\r\n\(h)\r\n", [.error(.malformed)]),
        Case("bare LF before request line", "\r\n\nGET / HTTP/1.1\r\n\(h)\r\n", [.error(.malformed)]),
        Case("valid then invalid", "GET /1 HTTP/1.1\r\n\(h)\r\nGET /2 HTTP/1.1\r\nHost: a b\r\n\r\nGET /3 HTTP/1.1\r\n\(h)\r\n",
             [.request("/1"), .error(.malformed)]),
        Case("valid then version 2", "GET /1 HTTP/1.1\r\n\(h)\r\nGET /2 HTTP/2.0\r\n\(h)\r\n",
             [.request("/1"), .error(.versionNotSupported)]),
        Case("obs-text method", [0x47, 0xC5, 0x54] + bytes(" / HTTP/1.1\r\n\(h)\r\n"), [.error(.malformed)]),
    ]

    /// Over-long lines, which once had outcomes that depended on how the bytes were split. Limits are
    /// now checked at the byte where they are crossed, so every split gives the outcome listed here.
    static let splitDependentCases: [Case] = [
        // Request line over the bound, short target: the line itself is malformed (400), not a long URI.
        Case("long junk after the version", "GET /x HTTP/1.1" + String(repeating: "X", count: 100) + "\r\n\(h)\r\n",
             [.error(.malformed)]),
        // Long target: 414 before the line's bare LF or version is even reached.
        Case("long target ended by bare LF", "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\n\(h)\r\n",
             [.error(.uriTooLong)]),
        Case("long target with HTTP/2.0", "GET /" + String(repeating: "a", count: 100) + " HTTP/2.0\r\n\(h)\r\n",
             [.error(.uriTooLong)]),
        // Header section over the limit: 431 before its bare LF is reached.
        Case("long header section ended by bare LF", "GET / HTTP/1.1\r\n\(h)X: " + String(repeating: "x", count: 200) + "\n\n",
             [.error(.headersTooLarge)]),
        Case("long trailer ended by bare LF",
             "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n0\r\nT: " + String(repeating: "t", count: 200) + "\n\r\n",
             [.error(.headersTooLarge)]),
    ]

    /// The outcome of feeding `input` with the given piece sizes, with `expectContinue` removed, plus
    /// the number of `expectContinue` events and the parser's end state.
    struct Run: Equatable, CustomStringConvertible {
        var outcomes: [Outcome]
        var continues: Int
        var buffered: Int?
        var phase: HTTPRequestParser.Phase

        init(_ c: Case, pieces: [Int]?) {
            var parser = HTTPRequestParser(limits: c.limits)
            let all = feed(&parser, c.input, pieces: pieces)
            outcomes = all.filter { $0 != .expectContinue }
            continues = all.count - outcomes.count
            // After an error the rest of the input is not fed, so only compare the buffer otherwise.
            buffered = outcomes.last?.isError == true ? nil : parser.bufferedByteCount
            phase = parser.phase
        }

        static func == (a: Run, b: Run) -> Bool {
            a.outcomes == b.outcomes && a.buffered == b.buffered && a.phase == b.phase
        }

        var description: String { "\(outcomes) buffered=\(buffered.map(String.init) ?? "-") phase=\(phase)" }
    }

    static func check(_ c: Case, sourceLocation: SourceLocation = #_sourceLocation) {
        let whole = Run(c, pieces: nil)
        #expect(whole.outcomes.compactMap(Expected.init) == c.expected, "whole: \(whole)", sourceLocation: sourceLocation)
        let requestCount = whole.outcomes.filter { $0.request != nil }.count + 1

        func compare(_ pieces: [Int], _ label: String) -> Bool {
            let run = Run(c, pieces: pieces)
            let same = run == whole && run.continues <= requestCount
            #expect(same, "\(label) \(pieces.count <= 16 ? "\(pieces)" : "(\(pieces.count) pieces)"): \(run) != whole: \(whole)",
                    sourceLocation: sourceLocation)
            return same
        }

        let n = c.input.count
        guard compare(Array(repeating: 1, count: n), "byte by byte") else { return }
        for k in stride(from: 1, to: n, by: 1) {
            guard compare([k, n - k], "split at \(k)") else { return }
        }
        var rng = SeededGenerator(seed: UInt64(n) &* 0x1234_5678 &+ UInt64(c.name.utf8.count))
        for _ in 0..<40 {
            guard compare(randomPieces(total: n, using: &rng), "random split") else { return }
        }
    }

    @Test(arguments: cases)
    func splitsDoNotChangeTheOutcome(_ c: Case) {
        Self.check(c)
    }

    @Test(
          arguments: splitDependentCases)
    func splitsDoNotChangeTheOutcomeOfOverlongLines(_ c: Case) {
        Self.check(c)
    }

    @Test func expectContinueAppearsOnlyWhenTheBodyIsSplitFromTheHead() {
        let input = bytes("POST /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello")
        let headLength = input.count - 5
        for k in 1..<input.count {
            let all = events(input, pieces: [k, input.count - k])
            let continues = all.filter { $0 == .expectContinue }.count
            #expect(continues == (k >= headLength ? 1 : 0), "split at \(k): \(all)")
            #expect(all.last?.request?.body == bytes("hello"))
        }
    }
}
