import HTTPServer
import HTTPTypes
import Testing

/// The request line: methods, target forms, versions, limits on the target, leading empty lines.
@Suite struct ParserRequestLineTests {
    // MARK: - Valid methods and target forms

    @Test func originFormGetWithQuery() throws {
        let r = try #require(parseOne("GET /messages/abc?x=1&y=%20 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n"))
        #expect(r.method == .get)
        #expect(r.target == "/messages/abc?x=1&y=%20")
        #expect(r.path == "/messages/abc")
        #expect(r.query == "x=1&y=%20")
        #expect(r.head.scheme == nil)
        #expect(r.head.authority == "example.com:8080")
        #expect(r.version == .http1_1)
        #expect(r.keepAlive)
        #expect(r.body.isEmpty)
        #expect(r.headerFields.map(FieldSummary.init) == [FieldSummary("Host", "example.com:8080")])
    }

    @Test func originFormWithoutQuery() throws {
        let r = try #require(parseOne(headText("GET", "/a/b")))
        #expect(r.path == "/a/b")
        #expect(r.query == nil)
    }

    @Test func emptyQuery() throws {
        let r = try #require(parseOne(headText("GET", "/a?")))
        #expect(r.path == "/a")
        #expect(r.query == "")
    }

    @Test func postWithBody() throws {
        let r = try #require(parseOne("POST /messages HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\n\r\n{\"a\":1}"))
        #expect(r.method == .post)
        #expect(r.target == "/messages")
        #expect(r.body == bytes("{\"a\":1}"))
    }

    @Test func head() throws {
        let r = try #require(parseOne(headText("HEAD", "/x")))
        #expect(r.method == .head)
        #expect(r.target == "/x")
        #expect(r.body.isEmpty)
    }

    @Test(arguments: ["PUT", "DELETE", "PATCH", "TRACE"])
    func otherKnownMethods(_ method: String) throws {
        let r = try #require(parseOne(headText(method, "/m")))
        #expect(r.method.rawValue == method)
    }

    @Test func optionsAsterisk() throws {
        let r = try #require(parseOne("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(r.method == .options)
        #expect(r.target == "*")
        #expect(r.head.path == "*")
        #expect(r.head.authority == "h")
    }

    @Test func asteriskIsOnlyForOptions() {
        expectParseError("GET * HTTP/1.1\r\nHost: h\r\n\r\n", .malformed)
    }

    @Test func connectAuthorityForm() throws {
        let r = try #require(parseOne("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"))
        #expect(r.method == .connect)
        #expect(r.head.authority == "example.com:443")
        #expect(r.head.path == nil)
        #expect(r.head.scheme == nil)
        #expect(r.target == "")
    }

    @Test(arguments: ["example.com", "example.com:https", "a b:1", "http://h:80/", "*"])
    func connectNeedsHostAndPort(_ target: String) {
        expectParseError("CONNECT \(target) HTTP/1.1\r\nHost: h\r\n\r\n", .malformed)
    }

    /// RFC 9110 §9.3.6 / RFC 9112 §3.2.3: a CONNECT target is only `host:port` (authority-form).
    @Test
    func connectWithOriginFormTargetIsMalformed() {
        expectParseError("CONNECT /x HTTP/1.1\r\nHost: h\r\n\r\n", .malformed)
    }

    @Test func authorityFormIsOnlyForConnect() {
        expectParseError("GET h:443 HTTP/1.1\r\nHost: h\r\n\r\n", .malformed)
    }

    @Test func absoluteFormGivesPathAndAuthority() throws {
        let r = try #require(parseOne("GET http://h:8/p?q HTTP/1.1\r\nHost: other\r\n\r\n"))
        #expect(r.head.scheme == "http")
        #expect(r.head.authority == "h:8")
        #expect(r.head.path == "/p?q")
        #expect(r.path == "/p")
        #expect(r.query == "q")
        // The Host field is still carried as a field.
        #expect(field(r, "Host") == "other")
    }

    @Test func absoluteFormHTTPS() throws {
        let r = try #require(parseOne("POST https://api.example.com/v1/send HTTP/1.1\r\nHost: api.example.com\r\n\r\n"))
        #expect(r.head.scheme == "https")
        #expect(r.head.authority == "api.example.com")
        #expect(r.path == "/v1/send")
    }

    @Test func absoluteFormSchemeIsCaseInsensitive() throws {
        let r = try #require(parseOne("GET HTTP://h/p HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(r.head.scheme == "http")
        #expect(r.head.authority == "h")
        #expect(r.path == "/p")
    }

    @Test func absoluteFormWithoutPath() throws {
        let r = try #require(parseOne("GET http://h:8 HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(r.head.authority == "h:8")
        #expect(r.target == "/")
        #expect(r.query == nil)
    }

    @Test func absoluteFormWithQueryButNoPath() throws {
        let r = try #require(parseOne("GET http://h?q=1 HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(r.head.authority == "h")
        #expect(r.path == "/")
        #expect(r.query == "q=1")
    }

    @Test func absoluteFormIn11StillNeedsHost() {
        // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host, whatever its target.
        expectParseError("GET http://h:8/p HTTP/1.1\r\n\r\n", .malformed)
    }

    @Test func absoluteFormInHTTP10NeedsNoHost() throws {
        let r = try #require(parseOne("GET http://h:8/p HTTP/1.0\r\n\r\n"))
        #expect(r.head.authority == "h:8")
        #expect(r.path == "/p")
        #expect(r.version == .http1_0)
    }

    @Test(arguments: [
        "ftp://h/p",          // unsupported scheme
        "http:///p",          // empty authority
        "http://user@h/p",    // userinfo
        "http://h:x/p",       // non-numeric port
        "http://[::1/p",      // unclosed IP literal
        "h/p",                // neither origin- nor absolute-form
        "p",
    ])
    func invalidTargets(_ target: String) {
        expectParseError("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n", .malformed)
    }

    @Test(arguments: [
        "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",      // space inside the target
        "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",        // two spaces after the method
        "GET /  HTTP/1.1\r\nHost: h\r\n\r\n",        // two spaces before the version
        "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n",        // tab as separator
        "GET /\t HTTP/1.1\r\nHost: h\r\n\r\n",       // tab in the target
        "GET / HTTP/1.1 \r\nHost: h\r\n\r\n",        // trailing space
        " GET / HTTP/1.1\r\nHost: h\r\n\r\n",        // leading space
        "GET HTTP/1.1\r\nHost: h\r\n\r\n",           // no target
        "GET /\r\nHost: h\r\n\r\n",                   // no version
        "GET\r\nHost: h\r\n\r\n",                     // method only
        "/ HTTP/1.1\r\nHost: h\r\n\r\n",              // no method
        "GET /\u{7F} HTTP/1.1\r\nHost: h\r\n\r\n",    // DEL in the target
        "GET /\u{01} HTTP/1.1\r\nHost: h\r\n\r\n",    // control byte in the target
        "GET /\0 HTTP/1.1\r\nHost: h\r\n\r\n",        // NUL in the target
    ])
    func malformedRequestLines(_ input: String) {
        expectParseError(input, .malformed)
    }

    @Test func nonASCIIByteInTargetIsMalformed() {
        expectParseError(bytes("GET /") + [0xC3, 0xA9] + bytes(" HTTP/1.1\r\nHost: h\r\n\r\n"), .malformed)
    }

    // MARK: - Bare CR and LF in the request line

    @Test(arguments: [
        "GET /\r HTTP/1.1\r\nHost: h\r\n\r\n",       // CR in the target
        "GET\r/ HTTP/1.1\r\nHost: h\r\n\r\n",        // CR instead of the first SP
        "GET / HTTP/1.1\r\r\nHost: h\r\n\r\n",       // CR before CRLF
        "GET / HTTP\r/1.1\r\nHost: h\r\n\r\n",       // CR in the version
        "GET / HTTP/1.1\rHost: h\r\n\r\n",           // CR as line end
    ])
    func bareCRInRequestLine(_ input: String) {
        expectParseError(input, .malformed)
    }

    @Test func bareLFEndsRequestLineIsMalformed() {
        expectParseError("GET / HTTP/1.1\nHost: h\r\n\r\n", .malformed)
    }

    @Test func bareLFOnlyLineEndingsAreMalformed() {
        expectParseError("GET / HTTP/1.1\nHost: h\n\n", .malformed)
    }

    // MARK: - Methods

    @Test func unknownMethodIsNotImplemented() throws {
        let result = try #require(expectParseError(headText("FOO", "/"), .notImplemented))
        // The head was parsed, so the server can log it.
        #expect(result.head?.method.rawValue == "FOO")
        #expect(result.head?.path == "/")
    }

    @Test func lowercaseMethodIsNotImplemented() {
        // Methods are case-sensitive: `get` is not `GET`.
        expectParseError(headText("get", "/"), .notImplemented)
    }

    /// RFC 9112 §3: "A server that receives a method longer than any that it implements SHOULD respond
    /// with a 501 (Not Implemented) status code." A long method of token characters is an unknown method.
    @Test
    func overlongMethodIsNotImplemented() {
        let method = String(repeating: "M", count: 40)
        expectParseError("\(method) / HTTP/1.1\r\nHost: h\r\n\r\n", .notImplemented)
    }

    @Test func methodAtMaxMethodBytesIsNotImplementedWhenUnknown() {
        let method = String(repeating: "M", count: 32)
        expectParseError("\(method) / HTTP/1.1\r\nHost: h\r\n\r\n", .notImplemented)
    }

    @Test func customKnownMethodIsAccepted() throws {
        var limits = HTTPParserLimits()
        limits.knownMethods.insert("PURGE")
        let r = try #require(parseOne(headText("PURGE", "/"), limits: limits))
        #expect(r.method.rawValue == "PURGE")
    }

    @Test(arguments: ["G(T", "GE\"T", "G/T", "G,T", "G@T", "G[T", "G{T", "G:T"])
    func methodWithNonTokenCharactersIsMalformed(_ method: String) {
        expectParseError("\(method) / HTTP/1.1\r\nHost: h\r\n\r\n", .malformed)
    }

    @Test func methodWithNonASCIIByteIsMalformed() {
        expectParseError([0x47, 0xC9, 0x54] + bytes(" / HTTP/1.1\r\nHost: h\r\n\r\n"), .malformed)
    }

    // MARK: - Versions

    @Test func http10() throws {
        let r = try #require(parseOne("GET / HTTP/1.0\r\n\r\n"))
        #expect(r.version == .http1_0)
        #expect(!r.keepAlive)
        #expect(r.head.authority == nil)
    }

    @Test func http12IsTreatedAs11() throws {
        let r = try #require(parseOne(headText("GET", "/", version: "HTTP/1.2")))
        #expect(r.version == .http1_1)
        #expect(r.keepAlive)
    }

    @Test func http12NeedsHostLike11() {
        expectParseError("GET / HTTP/1.2\r\n\r\n", .malformed)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/3.0", "HTTP/9.9", "HTTP/0.9"])
    func otherMajorVersionsAreNotSupported(_ version: String) {
        expectParseError(headText("GET", "/", version: version), .versionNotSupported)
    }

    @Test func http2PrefaceIsVersionNotSupported() {
        expectParseError("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", .versionNotSupported)
    }

    @Test(arguments: ["HTTP/1.1x", "HTTP/1", "HTTP/1.", "HTTP/11", "HTTP/1.10", "HTTP/10.0", "http/1.1", "HTTP/1,1",
                      "HTTPS/1.1", "HTTP/a.1", "HTTP/1.b", "HTTP 1.1", "HTTP/ 1.1", "XXXX/1.1"])
    func malformedVersions(_ version: String) {
        expectParseError(headText("GET", "/", version: version), .malformed)
    }

    // MARK: - Target length

    @Test func targetAtTheLimitIsAccepted() throws {
        let target = "/" + String(repeating: "a", count: 31)
        let r = try #require(parseOne(headText("GET", target), limits: .small(target: 32)))
        #expect(r.target == target)
    }

    @Test func targetOverTheLimitIsURITooLong() {
        let target = "/" + String(repeating: "a", count: 32)
        expectParseError(headText("GET", target), .uriTooLong, limits: .small(target: 32))
    }

    @Test func longAbsoluteFormTargetIsURITooLong() {
        let target = "http://h/" + String(repeating: "a", count: 40)
        expectParseError(headText("GET", target), .uriTooLong, limits: .small(target: 32))
    }

    @Test func targetOverTheLimitIsURITooLongWithDefaultLimits() {
        let target = "/" + String(repeating: "a", count: 8192)
        expectParseError(headText("GET", target), .uriTooLong)
    }

    @Test func longTargetStillArrivingIsURITooLong() {
        // No CRLF yet: the parser must not buffer without bound.
        let limits = HTTPParserLimits.small(target: 32)
        var parser = HTTPRequestParser(limits: limits)
        parser.append(bytes("GET /"))
        #expect(Outcome(parser.next()) == .needMoreData)
        parser.append(bytes(String(repeating: "a", count: 30)))
        #expect(Outcome(parser.next()) == .needMoreData, "a target still within the limit must wait")
        // Past the longest request line the limits allow, it must fail.
        let bound = limits.maxMethodBytes + 1 + limits.maxTargetBytes + 1 + 8 + 2
        parser.append(bytes(String(repeating: "a", count: bound)))
        #expect(Outcome(parser.next()) == .error(.uriTooLong, headMethod: nil))
        #expect(parser.phase == .failed)
    }

    @Test func longTargetArrivingByteByByteIsURITooLongWithBoundedBuffering() {
        let limits = HTTPParserLimits.small(target: 32)
        var parser = HTTPRequestParser(limits: limits)
        let input = bytes("GET /" + String(repeating: "a", count: 500))
        var failedAt: Int? = nil
        for (i, b) in input.enumerated() {
            parser.append([b])
            let outcome = Outcome(parser.next())
            if outcome != .needMoreData {
                #expect(outcome == .error(.uriTooLong, headMethod: nil))
                failedAt = i + 1
                break
            }
        }
        let bound = limits.maxMethodBytes + 1 + limits.maxTargetBytes + 1 + 8 + 2
        #expect(failedAt != nil, "no error after 500 bytes of target")
        #expect((failedAt ?? Int.max) <= bound, "uriTooLong after \(failedAt ?? -1) bytes; buffering must stay bounded")
    }

    @Test func longDefaultTargetStillArrivingIsURITooLong() {
        var parser = HTTPRequestParser()
        parser.append(bytes("GET /" + String(repeating: "a", count: 8300)))
        #expect(Outcome(parser.next()) == .error(.uriTooLong, headMethod: nil))
    }

    // MARK: - Leading empty lines

    @Test func leadingEmptyLinesAreIgnored() throws {
        let r = try #require(parseOne("\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(r.target == "/x")
    }

    @Test func leadingEmptyLinesArrivingSeparatelyAreIgnored() {
        var parser = HTTPRequestParser()
        #expect(feed(&parser, bytes("\r")) == [])
        #expect(feed(&parser, bytes("\n\r\n")) == [])
        let out = feed(&parser, bytes(headText("GET", "/y")))
        #expect(out.count == 1)
        #expect(out.first?.request?.path == "/y")
    }

    @Test func bareLFBeforeRequestLineIsMalformed() {
        expectParseError("\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", .malformed)
    }

    @Test func bareCRBeforeRequestLineIsMalformed() {
        expectParseError("\rGET / HTTP/1.1\r\nHost: h\r\n\r\n", .malformed)
    }

    @Test func endlessEmptyLinesAreRefused() {
        // Ignoring "at least one" empty line is required; ignoring an unbounded number is not.
        let out = events(String(repeating: "\r\n", count: 1000))
        #expect(out.count == 1)
        #expect(out.first?.errorKind == .malformed)
    }
}
