import HTTPServer
import HTTPTypes
import Testing

/// Header field syntax, Host, Connection (keep-alive) and the header-section limit.
@Suite struct ParserHeaderTests {
    // MARK: - Field syntax

    @Test func fieldsKeepOrderDuplicatesAndCase() throws {
        let r = try #require(parseOne(
            "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-b: two words\r\nX-A: 3\r\nAccept: */*\r\n\r\n"))
        #expect(r.headerFields.map(FieldSummary.init) == [
            FieldSummary("Host", "h"), FieldSummary("X-A", "1"), FieldSummary("x-b", "two words"),
            FieldSummary("X-A", "3"), FieldSummary("Accept", "*/*"),
        ])
        let name = try #require(HTTPField.Name("x-a"))
        #expect(r.headerFields[values: name] == ["1", "3"])
    }

    @Test func optionalWhitespaceAroundValueIsTrimmed() throws {
        let r = try #require(parseOne("GET / HTTP/1.1\r\nHost:h\r\nX-A: \t a \t b \t \r\nX-B:c\r\n\r\n"))
        #expect(field(r, "X-A") == "a \t b")
        #expect(field(r, "X-B") == "c")
        #expect(field(r, "Host") == "h")
    }

    @Test func emptyValueIsAccepted() throws {
        let r = try #require(parseOne("GET / HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nX-Spaces:   \r\n\r\n"))
        #expect(field(r, "X-Empty") == "")
        #expect(field(r, "X-Spaces") == "")
    }

    @Test func tokenCharactersInNamesAreAccepted() throws {
        let name = "!#$%&'*+-.^_`|~09azAZ"
        let r = try #require(parseOne("GET / HTTP/1.1\r\nHost: h\r\n\(name): v\r\n\r\n"))
        #expect(r.headerFields.map(FieldSummary.init).last == FieldSummary(name, "v"))
    }

    @Test func obsTextInValueIsKept() throws {
        let input = bytes("GET / HTTP/1.1\r\nHost: h\r\nX-T: caf") + [0xC3, 0xA9, 0x80, 0xFF] + bytes("\r\n\r\n")
        let r = try #require(parseOne(input))
        #expect(r.headerFields.map(FieldSummary.init).last?.value == bytes("caf") + [0xC3, 0xA9, 0x80, 0xFF])
    }

    @Test func visibleASCIIInValueIsKept() throws {
        let value = String((33...126).map { Character(Unicode.Scalar(UInt8($0))) })
        let r = try #require(parseOne("GET / HTTP/1.1\r\nHost: h\r\nX-V: \(value)\r\n\r\n"))
        #expect(r.headerFields.map(FieldSummary.init).last == FieldSummary("X-V", value))
    }

    @Test(arguments: ["Host : h", "Host\t: h", "X-A : 1", "X-A\t:1", "X A: 1"])
    func whitespaceBeforeColonIsMalformed(_ line: String) {
        let input = line.hasPrefix("Host")
            ? "GET / HTTP/1.1\r\n\(line)\r\n\r\n"
            : "GET / HTTP/1.1\r\nHost: h\r\n\(line)\r\n\r\n"
        expectParseError(input, .malformed)
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n 2\r\n\r\n",       // SP continuation
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\t2\r\n\r\n",      // HTAB continuation
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n \r\n\r\n",        // whitespace-only continuation
        "GET / HTTP/1.1\r\n Host: h\r\n\r\n",                      // whitespace before the first field
        "GET / HTTP/1.1\r\n\tHost: h\r\n\r\n",
    ])
    func obsFoldIsMalformed(_ input: String) {
        expectParseError(input, .malformed)
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r2\r\n\r\n",         // bare CR in a value
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\r\n\r\n",          // bare CR before CRLF
        "GET / HTTP/1.1\r\nHost: h\r\nX\rA: 1\r\n\r\n",           // bare CR in a name
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\rX-B: 2\r\n\r\n",    // bare CR as a line end
        "GET / HTTP/1.1\r\nHost: h\r\n\r\r\n\r\n",                // line of a lone CR
        "GET / HTTP/1.1\r\nHost: h\r\n\rX: 1\r\n\r\n",            // CR at the start of a line
    ])
    func bareCRInHeadersIsMalformed(_ input: String) {
        expectParseError(input, .malformed)
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: h\nX-A: 1\r\n\r\n",              // bare LF ending a field line
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\n\r\n",              // bare LF on the last field line
        "GET / HTTP/1.1\r\nHost: h\r\n\n",                        // bare LF as the empty line
        "GET / HTTP/1.1\r\nHost: h\n\n",                          // bare LF throughout
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\nX-B: 2\r\n\r\n",
    ])
    func bareLFInHeadersIsMalformed(_ input: String) {
        expectParseError(input, .malformed)
    }

    @Test(arguments: Array<UInt8>([0, 1, 8, 10, 11, 12, 13, 27, 31, 127]))
    func controlByteInValueIsMalformed(_ byte: UInt8) {
        // 10 (LF) and 13 (CR) inside a value are a bare LF / bare CR.
        let input = bytes("GET / HTTP/1.1\r\nHost: h\r\nX-A: a") + [byte] + bytes("b\r\n\r\n")
        expectParseError(input, .malformed)
    }

    @Test(arguments: Array<UInt8>([0, 1, 9, 11, 12, 13, 31, 127, 0x80, 0xFF, 0x22, 0x28, 0x2C, 0x2F, 0x3B, 0x40, 0x5B, 0x7B]))
    func nonTokenByteInNameIsMalformed(_ byte: UInt8) {
        let input = bytes("GET / HTTP/1.1\r\nHost: h\r\nX") + [byte] + bytes("A: 1\r\n\r\n")
        expectParseError(input, .malformed)
    }

    @Test func nulAtTheEndOfAValueIsMalformed() {
        expectParseError(bytes("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1") + [0] + bytes("\r\n\r\n"), .malformed)
    }

    @Test func htabInValueIsAccepted() throws {
        let r = try #require(parseOne("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\tb\r\n\r\n"))
        #expect(field(r, "X-A") == "a\tb")
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n: value\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n:\r\n\r\n",
    ])
    func fieldLineWithoutNameOrColonIsMalformed(_ input: String) {
        expectParseError(input, .malformed)
    }

    // MARK: - Host

    @Test func missingHostIn11IsMalformed() {
        expectParseError("GET / HTTP/1.1\r\nX-A: 1\r\n\r\n", .malformed)
        expectParseError("GET / HTTP/1.1\r\n\r\n", .malformed)
    }

    @Test func twoHostFieldsAreMalformed() {
        expectParseError("GET / HTTP/1.1\r\nHost: h\r\nHost: h\r\n\r\n", .malformed)
        expectParseError("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", .malformed)
    }

    @Test func twoHostFieldsAreMalformedIn10Too() {
        expectParseError("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", .malformed)
    }

    @Test func hostNameIsCaseInsensitive() throws {
        let r = try #require(parseOne("GET / HTTP/1.1\r\nhOsT: example.org\r\n\r\n"))
        #expect(r.head.authority == "example.org")
    }

    @Test(arguments: ["a b", "a/b", "h:p", "[::1", "::1]", "h:80x", "a@b", "h:8:9", "[::1]x", "[::1]:x", "a?b", "a#b",
                      "a\"b", "a<b", "a\\b", "h]", "[[::1]]"])
    func invalidHostIsMalformed(_ host: String) {
        expectParseError("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n", .malformed)
    }

    @Test(arguments: ["h", "example.com", "example.com:8080", "127.0.0.1", "127.0.0.1:80", "[::1]", "[::1]:8080",
                      "h:", "xn--bcher-kva.example", "a-b_c~d.e", "%41b",
                      "a,b"])  // sub-delims are part of reg-name (RFC 3986 §3.2.2)
    func validHostIsAccepted(_ host: String) throws {
        let r = try #require(parseOne("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n"))
        #expect(r.head.authority == host)
        #expect(field(r, "Host") == host)
    }

    @Test func emptyHostIsAccepted() throws {
        let r = try #require(parseOne("GET / HTTP/1.1\r\nHost:\r\n\r\n"))
        #expect(field(r, "Host") == "")
        #expect(r.method == .get)
    }

    @Test func http10WithoutHostIsAccepted() throws {
        let r = try #require(parseOne("GET /x HTTP/1.0\r\nX-A: 1\r\n\r\n"))
        #expect(r.version == .http1_0)
        #expect(r.target == "/x")
        #expect(field(r, "X-A") == "1")
    }

    @Test func http10WithInvalidHostIsMalformed() {
        expectParseError("GET / HTTP/1.0\r\nHost: a b\r\n\r\n", .malformed)
    }

    // MARK: - Keep-alive

    @Test(arguments: [
        ("HTTP/1.0", "", false),
        ("HTTP/1.0", "Connection: keep-alive\r\n", true),
        ("HTTP/1.0", "Connection: Keep-Alive\r\n", true),
        ("HTTP/1.0", "Connection: KEEP-ALIVE\r\n", true),
        ("HTTP/1.0", "Connection: foo, keep-alive\r\n", true),
        ("HTTP/1.0", "Connection: keep-alive , foo\r\n", true),
        ("HTTP/1.0", "Connection: foo\r\nConnection: keep-alive\r\n", true),
        ("HTTP/1.0", "Connection: keep-alive, close\r\n", false),
        ("HTTP/1.0", "Connection: close\r\n", false),
        ("HTTP/1.0", "Connection: keep-alivex\r\n", false),
        ("HTTP/1.0", "Keep-Alive: timeout=5\r\n", false),
        ("HTTP/1.1", "", true),
        ("HTTP/1.1", "Connection: keep-alive\r\n", true),
        ("HTTP/1.1", "Connection: close\r\n", false),
        ("HTTP/1.1", "Connection: Close\r\n", false),
        ("HTTP/1.1", "Connection: CLOSE\r\n", false),
        ("HTTP/1.1", "Connection: Upgrade, close\r\n", false),
        ("HTTP/1.1", "Connection: upgrade ,\tClose ,x\r\n", false),
        ("HTTP/1.1", "Connection: x\r\nConnection: close\r\n", false),
        ("HTTP/1.1", "Connection: closed\r\n", true),
        ("HTTP/1.1", "Connection: upgrade\r\n", true),
        ("HTTP/1.1", "X-Connection: close\r\n", true),
    ])
    func keepAliveRules(_ version: String, _ extra: String, _ expected: Bool) throws {
        let r = try #require(parseOne(headText("GET", "/", version: version, extra: extra)))
        #expect(r.keepAlive == expected, "\(version) with \(extra.debugDescription)")
    }

    // MARK: - Header-section limit

    /// A head whose field lines (each with its CRLF, request line and final empty line not counted)
    /// take exactly `fieldBytes` bytes.
    static func headWithFieldBytes(_ fieldBytes: Int) -> String {
        let hostLine = "Host: h\r\n"                           // 9 bytes
        let fillerOverhead = "X-F: \r\n".utf8.count             // 7 bytes
        let filler = String(repeating: "f", count: fieldBytes - hostLine.utf8.count - fillerOverhead)
        return "GET / HTTP/1.1\r\n\(hostLine)X-F: \(filler)\r\n\r\n"
    }

    @Test func headerSectionAtTheLimitIsAccepted() throws {
        let r = try #require(parseOne(Self.headWithFieldBytes(128), limits: .small(header: 128)))
        #expect(field(r, "X-F")?.count == 128 - 16)
    }

    @Test func headerSectionOverTheLimitIsTooLarge() {
        expectParseError(Self.headWithFieldBytes(129), .headersTooLarge, limits: .small(header: 128))
    }

    @Test func requestLineDoesNotCountTowardsTheHeaderLimit() throws {
        let target = "/" + String(repeating: "t", count: 200)
        let r = try #require(parseOne("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n", limits: .small(target: 256, header: 16)))
        #expect(r.target == target)
    }

    @Test func manySmallFieldsOverTheLimitAreTooLarge() {
        let fields = String(repeating: "X-A: 1\r\n", count: 40)  // 320 bytes
        expectParseError("GET / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n", .headersTooLarge, limits: .small(header: 128))
    }

    @Test func headerSectionStillArrivingIsTooLarge() {
        // No empty line yet: the parser must fail once the header bytes pass the limit.
        let limits = HTTPParserLimits.small(header: 128)
        var parser = HTTPRequestParser(limits: limits)
        parser.append(bytes("GET / HTTP/1.1\r\nHost: h\r\nX-F: "))
        #expect(Outcome(parser.next()) == .needMoreData)
        parser.append(bytes(String(repeating: "f", count: 100)))
        #expect(Outcome(parser.next()) == .needMoreData, "still within the limit")
        parser.append(bytes(String(repeating: "f", count: 100)))
        #expect(Outcome(parser.next()) == .error(.headersTooLarge, headMethod: nil))
        #expect(parser.phase == .failed)
    }

    @Test func headerSectionArrivingByteByByteFailsWithBoundedBuffering() {
        let limits = HTTPParserLimits.small(header: 128)
        var parser = HTTPRequestParser(limits: limits)
        parser.append(bytes("GET / HTTP/1.1\r\nHost: h\r\n"))
        #expect(Outcome(parser.next()) == .needMoreData)
        var failedAfter: Int? = nil
        let more = bytes(String(repeating: "X-A: 1\r\n", count: 100))
        for (i, b) in more.enumerated() {
            parser.append([b])
            let outcome = Outcome(parser.next())
            if outcome != .needMoreData {
                #expect(outcome == .error(.headersTooLarge, headMethod: nil))
                failedAfter = i + 1
                break
            }
        }
        #expect(failedAfter != nil)
        // "Host: h\r\n" (9) plus what was fed must not exceed the limit by more than the final CRLF.
        #expect(9 + (failedAfter ?? Int.max) <= 128 + 3)
    }

    @Test func defaultHeaderLimitIs16KiB() throws {
        parseOne(Self.headWithFieldBytes(16_384))
        expectParseError(Self.headWithFieldBytes(16_385), .headersTooLarge)
    }
}
