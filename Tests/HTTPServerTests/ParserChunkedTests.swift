import HTTPServer
import HTTPTypes
import Testing

/// The chunked transfer coding: sizes, extensions, data framing, trailers, limits.
@Suite struct ParserChunkedTests {
    static let chunkedHead = "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"

    /// Parses `chunkedHead + body` in one piece and returns the decoded body, or nil with an issue.
    func decode(_ body: String, limits: HTTPParserLimits = HTTPParserLimits(),
                sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8]? {
        parseOne(Self.chunkedHead + body, limits: limits, sourceLocation: sourceLocation)?.body
    }

    func expectChunkError(_ body: String, _ kind: ParserErrorKind = .malformed, limits: HTTPParserLimits = HTTPParserLimits(),
                          sourceLocation: SourceLocation = #_sourceLocation) {
        expectParseError(Self.chunkedHead + body, kind, limits: limits, sourceLocation: sourceLocation)
    }

    // MARK: - Valid bodies

    @Test func singleChunk() {
        #expect(decode("5\r\nhello\r\n0\r\n\r\n") == bytes("hello"))
    }

    @Test func severalChunks() {
        #expect(decode("5\r\nhello\r\n1\r\n \r\n6\r\nworld!\r\n0\r\n\r\n") == bytes("hello world!"))
    }

    @Test func emptyBody() {
        #expect(decode("0\r\n\r\n") == [])
    }

    @Test func hexSizesInBothCasesAndLeadingZeros() {
        let sixteen = String(repeating: "x", count: 16)
        let twentySix = String(repeating: "y", count: 26)
        #expect(decode("10\r\n\(sixteen)\r\n1a\r\n\(twentySix)\r\n1A\r\n\(twentySix)\r\n000\r\n\r\n")
                == bytes(sixteen + twentySix + twentySix))
        #expect(decode("0000000000000000000005\r\nhello\r\n0\r\n\r\n") == bytes("hello"))
    }

    @Test func chunkDataMayContainCRLFAndAnyByte() throws {
        let data: [UInt8] = [13, 10, 0, 255, 13, 10, 48]
        let input = bytes(Self.chunkedHead + "7\r\n") + data + bytes("\r\n0\r\n\r\n")
        let r = try #require(parseOne(input))
        #expect(r.body == data)
    }

    @Test(arguments: ["5;foo=bar", "5 ;x", "5\t;x", "5;", "5;a=\"quoted; value\"", "5;a;b=c;d", "5 ; a = b"])
    func chunkExtensionsAreIgnored(_ sizeLine: String) {
        #expect(decode("\(sizeLine)\r\nhello\r\n0;last=1\r\n\r\n") == bytes("hello"))
    }

    @Test func trailersAreReadAndDiscarded() throws {
        let r = try #require(parseOne(Self.chunkedHead + "5\r\nhello\r\n0\r\nX-Trailer: 1\r\nX-Other: two\r\n\r\n"))
        #expect(r.body == bytes("hello"))
        #expect(field(r, "X-Trailer") == nil)
        #expect(field(r, "X-Other") == nil)
        #expect(r.headerFields.map(FieldSummary.init) == [FieldSummary("Host", "h"), FieldSummary("Transfer-Encoding", "chunked")])
    }

    @Test func trailersDoNotLeakIntoTheNextRequest() {
        let out = events(Self.chunkedHead + "0\r\nX-T: 1\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(out.count == 2)
        #expect(out.last?.request?.path == "/next")
        #expect(out.last?.request?.fields == [FieldSummary("Host", "h")])
    }

    @Test(arguments: [
        "0\r\nX-T: 1\n\r\n",           // bare LF ending a trailer
        "0\r\nX-T: 1\r\n\n",           // bare LF as the final line
        "0\r\nX-T : 1\r\n\r\n",        // whitespace before colon
        "0\r\nX-T: 1\r\n 2\r\n\r\n",   // obs-fold
        "0\r\nX-T: 1\r2\r\n\r\n",      // bare CR
        "0\r\nX-T: a\0b\r\n\r\n",      // NUL
        "0\r\nNoColon\r\n\r\n",
        "0\r\n\n",
    ])
    func malformedTrailers(_ body: String) {
        expectChunkError(body)
    }

    @Test func oversizedTrailersAreTooLarge() {
        let trailers = String(repeating: "X-T: 1\r\n", count: 40)  // 320 bytes
        expectChunkError("0\r\n\(trailers)\r\n", .headersTooLarge, limits: .small(header: 128))
    }

    // MARK: - Chunk sizes

    @Test(arguments: [
        "g\r\nhello\r\n0\r\n\r\n",                    // non-hex
        "5g\r\nhello\r\n0\r\n\r\n",                   // junk after the digits
        "\r\nhello\r\n0\r\n\r\n",                     // empty size
        ";x\r\nhello\r\n0\r\n\r\n",                   // extension without a size
        " 5\r\nhello\r\n0\r\n\r\n",                   // leading whitespace
        "5 \r\nhello\r\n0\r\n\r\n",                   // trailing whitespace without extension
        "-5\r\nhello\r\n0\r\n\r\n",                   // negative
        "+5\r\nhello\r\n0\r\n\r\n",                   // sign
        "0x5\r\nhello\r\n0\r\n\r\n",                  // C hex prefix
        "10000000000000000\r\nx\r\n0\r\n\r\n",        // 17 digits: would overflow 64 bits
        "ffffffffffffffff\r\nx\r\n0\r\n\r\n",         // 16 digits
        "5,5\r\nhello\r\n0\r\n\r\n",
        "5\u{1}\r\nhello\r\n0\r\n\r\n",               // control byte
        "5;a\u{1}\r\nhello\r\n0\r\n\r\n",             // control byte in an extension
        "5;a\0\r\nhello\r\n0\r\n\r\n",                // NUL in an extension
        "5;a\rb\r\nhello\r\n0\r\n\r\n",               // bare CR in an extension
    ])
    func invalidChunkSizeIsMalformed(_ body: String) {
        expectChunkError(body)
    }

    @Test func chunkSizeLineWithBareLFIsMalformed() {
        expectChunkError("5\nhello\r\n0\r\n\r\n")
        expectChunkError("5\r\nhello\r\n0\n\r\n")
        expectChunkError("5;ext\nhello\r\n0\r\n\r\n")
    }

    @Test func chunkSizeLineWithBareCRIsMalformed() {
        expectChunkError("5\rhello\r\n0\r\n\r\n")
    }

    @Test func endlessChunkSizeLineIsMalformed() {
        // Extensions are ignored, but a size line may not grow without bound.
        var parser = HTTPRequestParser()
        parser.append(bytes(Self.chunkedHead + "5;"))
        #expect(Outcome(parser.next()) == .needMoreData)
        parser.append(bytes(String(repeating: "x", count: 10_000)))
        #expect(Outcome(parser.next()).errorKind == .malformed)
    }

    // MARK: - Chunk data framing

    @Test(arguments: [
        "5\r\nhelloX\r\n0\r\n\r\n",       // one byte too many
        "5\r\nhelloXY0\r\n\r\n",          // two junk bytes where CRLF belongs, then a valid last chunk
        "5\r\nhell\r\n0\r\n\r\n",          // one byte short: "\r" is data, then "\n0" is not CRLF
        "5\r\nhello\n0\r\n\r\n",           // bare LF after data
        "5\r\nhello\r0\r\n\r\n",           // bare CR after data
        "5\r\nhello0\r\n\r\n",             // nothing after data
        "5\r\nhello  \r\n0\r\n\r\n",       // whitespace after data
    ])
    func chunkDataNotFollowedByCRLFIsMalformed(_ body: String) {
        expectChunkError(body)
    }

    @Test func missingLastChunkWaitsForMore() {
        var parser = HTTPRequestParser()
        #expect(feed(&parser, bytes(Self.chunkedHead + "5\r\nhello\r\n")) == [])
        #expect(parser.phase == .body)
        #expect(feed(&parser, bytes("0\r\n")) == [])
        #expect(parser.phase == .body, "trailers section not finished yet")
        let out = feed(&parser, bytes("\r\n"))
        #expect(out.first?.request?.body == bytes("hello"))
        #expect(parser.phase == .idle)
    }

    // MARK: - Body limit

    @Test func chunkedBodyAtTheLimitIsAccepted() {
        let a = String(repeating: "a", count: 40)
        let b = String(repeating: "b", count: 24)
        #expect(decode("28\r\n\(a)\r\n18\r\n\(b)\r\n0\r\n\r\n", limits: .small(body: 64)) == bytes(a + b))
    }

    @Test func chunkedBodyOverTheLimitIsPayloadTooLarge() throws {
        let a = String(repeating: "a", count: 40)
        var parser = HTTPRequestParser(limits: .small(body: 64))
        #expect(feed(&parser, bytes(Self.chunkedHead + "28\r\n\(a)\r\n")) == [])
        // The size line alone is enough: no byte of the chunk's data is needed.
        let out = feed(&parser, bytes("19\r\n"))
        #expect(out == [.error(.payloadTooLarge, headMethod: "POST")])
        #expect(parser.phase == .failed)
    }

    @Test func singleHugeChunkIsPayloadTooLarge() {
        expectChunkError("fffffffffffffff\r\n", .payloadTooLarge)
        expectChunkError("10001\r\n", .payloadTooLarge)
    }

    @Test func manySmallChunksOverTheLimitArePayloadTooLarge() {
        let chunks = String(repeating: "1\r\nx\r\n", count: 65)
        expectChunkError(chunks + "0\r\n\r\n", .payloadTooLarge, limits: .small(body: 64))
        #expect(decode(String(repeating: "1\r\nx\r\n", count: 64) + "0\r\n\r\n", limits: .small(body: 64))
                == [UInt8](repeating: 0x78, count: 64))
    }

    @Test func chunkedBodyInHTTP11WithExpectAndPipelinedNextRequest() {
        let out = events("POST /1 HTTP/1.1\r\nHost: h\r\ntransfer-encoding: chunked\r\n\r\n"
                         + "3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\n"
                         + "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nde")
        #expect(out.map { $0.request?.path } == ["/1", "/2"])
        #expect(out.map { $0.request?.body } == [bytes("abc"), bytes("de")])
    }
}
