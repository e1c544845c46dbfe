import HTTPServer
import HTTPTypes
import Testing

/// Message framing: Content-Length, Transfer-Encoding selection, body limits, Expect: 100-continue.
@Suite struct ParserFramingTests {
    // MARK: - Content-Length

    @Test func contentLengthBody() throws {
        let r = try #require(parseOne("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"))
        #expect(r.body == bytes("hello"))
        #expect(field(r, "Content-Length") == "5")
    }

    @Test func contentLengthZeroHasEmptyBody() throws {
        var parser = HTTPRequestParser()
        let out = feed(&parser, bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"))
        #expect(out.count == 1)
        #expect(out.first?.request?.body == [])
        #expect(parser.phase == .idle)
    }

    @Test func noContentLengthMeansNoBody() throws {
        // A request without framing fields has no body; the next bytes are the next request.
        let out = events("POST /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(out.map { $0.request?.path } == ["/a", "/b"])
        #expect(out.first?.request?.body == [])
    }

    @Test func contentLengthBodyArrivingInPieces() throws {
        var parser = HTTPRequestParser()
        #expect(feed(&parser, bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123")) == [])
        #expect(parser.phase == .body)
        #expect(feed(&parser, bytes("456")) == [])
        let out = feed(&parser, bytes("789"))
        #expect(out.first?.request?.body == bytes("0123456789"))
        #expect(parser.phase == .idle)
    }

    @Test func contentLengthWithLeadingZerosAndOWS() throws {
        let r = try #require(parseOne("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \t 003 \t\r\n\r\nabc"))
        #expect(r.body == bytes("abc"))
    }

    @Test func identicalDuplicateContentLengthIsAccepted() throws {
        let r = try #require(parseOne("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"))
        #expect(r.body == bytes("abc"))
    }

    @Test func identicalContentLengthListIsAccepted() throws {
        let r = try #require(parseOne("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3,3\r\n\r\nabc"))
        #expect(r.body == bytes("abc"))
    }

    @Test(arguments: [
        "Content-Length: 3\r\nContent-Length: 4\r\n",
        "Content-Length: 4\r\nContent-Length: 3\r\n",
        "Content-Length: 3, 4\r\n",
        "Content-Length: 3\r\nContent-Length: 3, 4\r\n",
        "Content-Length: 0\r\nContent-Length: 3\r\n",
    ])
    func differingContentLengthIsMalformed(_ fields: String) {
        expectParseError("POST / HTTP/1.1\r\nHost: h\r\n\(fields)\r\nabcd", .malformed)
    }

    @Test(arguments: ["+5", "-5", "-0", "5 5", "5\t5", "0x5", "5a", "a", "", " ", "5.0", "5,", ",5", "5,,5", "1e3",
                      "99999999999999999999", "18446744073709551616", "9223372036854775808", "١"])
    func invalidContentLengthIsMalformed(_ value: String) {
        expectParseError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \(value)\r\n\r\nhello", .malformed)
    }

    @Test func invalidContentLengthAlongsideAValidOneIsMalformed() {
        expectParseError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: x\r\n\r\nhello", .malformed)
        expectParseError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\nContent-Length: 5\r\n\r\nhello", .malformed)
    }

    // MARK: - Content-Length together with Transfer-Encoding

    @Test(arguments: [
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n",
        "content-length: 5\r\ntransfer-encoding: CHUNKED\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: x\r\n",
    ])
    func contentLengthWithTransferEncodingIsMalformed(_ fields: String) throws {
        let result = try #require(expectParseError("POST / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n5\r\nhello\r\n0\r\n\r\n", .malformed))
        #expect(result.head?.method == .post)
    }

    @Test func contentLengthWithTransferEncodingIsMalformedIn10() {
        expectParseError("POST / HTTP/1.0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nhello", .malformed)
    }

    // MARK: - Transfer-Encoding

    @Test(arguments: ["chunked", "Chunked", "CHUNKED", " chunked ", "chunked,", ", chunked"])
    func chunkedIsAccepted(_ value: String) throws {
        let r = try #require(parseOne("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \(value)\r\n\r\n3\r\nabc\r\n0\r\n\r\n"))
        #expect(r.body == bytes("abc"))
    }

    @Test(arguments: [
        "Transfer-Encoding: gzip, chunked\r\n",
        "Transfer-Encoding: foo, chunked\r\n",
        "Transfer-Encoding: deflate,chunked\r\n",
        "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: identity, chunked\r\n",
    ])
    func unknownCodingBeforeChunkedIsNotImplemented(_ fields: String) throws {
        let result = try #require(expectParseError("POST / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n0\r\n\r\n", .notImplemented))
        #expect(result.head?.method == .post)
    }

    @Test(arguments: [
        "Transfer-Encoding: chunked, chunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: gzip\r\n",
        "Transfer-Encoding: chunked, gzip\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n",
        "Transfer-Encoding: identity\r\n",
        "Transfer-Encoding: \r\n",
        "Transfer-Encoding: chunk\r\n",
        "Transfer-Encoding: chunked-x\r\n",
        "Transfer-Encoding: \"chunked\"\r\n",
        "Transfer-Encoding: chunked gzip\r\n",
        "Transfer-Encoding: gzip chunked\r\n",
    ])
    func transferEncodingNotEndingInOneChunkedIsMalformed(_ fields: String) {
        expectParseError("POST / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n0\r\n\r\n", .malformed)
    }

    @Test(arguments: ["chunked", "gzip, chunked", "gzip"])
    func transferEncodingInHTTP10IsMalformed(_ value: String) {
        expectParseError("POST / HTTP/1.0\r\nTransfer-Encoding: \(value)\r\n\r\n0\r\n\r\n", .malformed)
    }

    // MARK: - Body limits

    @Test func contentLengthAtTheLimitIsAccepted() throws {
        let body = [UInt8](repeating: 0x61, count: 64)
        let r = try #require(parseOne(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 64\r\n\r\n") + body,
                                      limits: .small(body: 64)))
        #expect(r.body == body)
    }

    @Test func contentLengthOverTheLimitFailsRightAfterTheHead() throws {
        // No body byte has arrived: the declared length alone decides.
        var parser = HTTPRequestParser(limits: .small(body: 64))
        parser.append(bytes("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 65\r\n\r\n"))
        let event = parser.next()
        guard case .error(let error, let head) = event else {
            Issue.record("expected payloadTooLarge, got \(Outcome(event))")
            return
        }
        #expect(error == .payloadTooLarge)
        #expect(head?.method == .post)
        #expect(head?.path == "/big")
        #expect(parser.phase == .failed)
    }

    @Test func hugeContentLengthIsPayloadTooLarge() {
        expectParseError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999999999999\r\n\r\n", .payloadTooLarge)
    }

    @Test func contentLengthOverTheDefaultLimitIsPayloadTooLarge() {
        expectParseError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 65537\r\n\r\n", .payloadTooLarge)
        parseOne(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 65536\r\n\r\n") + [UInt8](repeating: 1, count: 65_536))
    }

    @Test func contentLengthOverTheLimitWinsOverExpectContinue() {
        expectParseError("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 65\r\n\r\n",
                         .payloadTooLarge, limits: .small(body: 64))
    }

    // MARK: - Expect: 100-continue

    @Test func expectContinueOnceWhileTheBodyIsMissing() {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"))
        #expect(Outcome(parser.next()) == .expectContinue)
        #expect(parser.phase == .body)
        #expect(Outcome(parser.next()) == .needMoreData)
        #expect(Outcome(parser.next()) == .needMoreData)
        parser.append(bytes("hel"))
        #expect(Outcome(parser.next()) == .needMoreData)
        parser.append(bytes("lo"))
        #expect(Outcome(parser.next()).request?.body == bytes("hello"))
        #expect(parser.phase == .idle)
    }

    @Test func expectContinueWhenOnlyPartOfTheBodyArrived() {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhe"))
        #expect(Outcome(parser.next()) == .expectContinue)
        #expect(Outcome(parser.next()) == .needMoreData)
        parser.append(bytes("llo"))
        #expect(Outcome(parser.next()).request?.body == bytes("hello"))
    }

    @Test func noExpectContinueWhenTheBodyAlreadyArrived() {
        let out = events("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello")
        #expect(out.count == 1)
        #expect(out.first?.request?.body == bytes("hello"))
    }

    @Test func noExpectContinueWithoutABody() {
        let out = events("GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n")
        #expect(out.count == 1)
        #expect(out.first?.request?.method == "GET")
        let zero = events("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n")
        #expect(zero.count == 1)
        #expect(zero.first?.request?.body == [])
    }

    @Test func expectContinueIsCaseInsensitive() {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST / HTTP/1.1\r\nHost: h\r\nexpect: 100-CONTINUE\r\nContent-Length: 1\r\n\r\n"))
        #expect(Outcome(parser.next()) == .expectContinue)
    }

    @Test func otherExpectationsDoNotAskForContinue() {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continuex\r\nContent-Length: 1\r\n\r\n"))
        #expect(Outcome(parser.next()) == .needMoreData)
    }

    @Test func noExpectContinueForHTTP10() {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"))
        #expect(Outcome(parser.next()) == .needMoreData)
        parser.append(bytes("ok"))
        let r = Outcome(parser.next()).request
        #expect(r?.body == bytes("ok"))
        #expect(r?.version == .http1_0)
    }

    @Test func expectContinueForChunkedBody() {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"))
        #expect(Outcome(parser.next()) == .expectContinue)
        #expect(Outcome(parser.next()) == .needMoreData)
        parser.append(bytes("3\r\nabc\r\n"))
        #expect(Outcome(parser.next()) == .needMoreData)
        parser.append(bytes("0\r\n\r\n"))
        #expect(Outcome(parser.next()).request?.body == bytes("abc"))
    }

    @Test func expectContinueExactlyOnceWhenFedByteByByte() {
        let input = bytes("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello")
        let out = events(input, pieces: Array(repeating: 1, count: input.count))
        #expect(out.count == 2)
        #expect(out.first == .expectContinue)
        #expect(out.last?.request?.body == bytes("hello"))
    }

    @Test func expectContinueAgainForTheNextPipelinedRequest() {
        var parser = HTTPRequestParser()
        let first = "POST /1 HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n"
        #expect(feed(&parser, bytes(first)) == [.expectContinue])
        let second = "POST /2 HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n"
        let out = feed(&parser, bytes("a" + second))
        #expect(out.count == 2)
        #expect(out.first?.request?.path == "/1")
        #expect(out.last == .expectContinue)
        let last = feed(&parser, bytes("b"))
        #expect(last.first?.request?.path == "/2")
        #expect(last.first?.request?.body == bytes("b"))
    }
}
