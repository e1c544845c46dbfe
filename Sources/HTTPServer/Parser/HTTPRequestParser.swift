import HTTPTypes

/// An incremental HTTP/1.1 request parser: a pure state machine over bytes, with limits.
///
/// Feed it bytes with `append(_:)` in any split and call `next()` until it says `needMoreData`.
/// It knows nothing of sockets, so every rule of RFC 9112 it enforces is testable byte by byte.
/// After an `.error`, it stays failed: the connection must answer and close.
public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable {
        /// Nothing complete yet.
        case needMoreData
        /// The head asked for `Expect: 100-continue` and its body has not arrived: send `100 Continue`.
        case expectContinue
        /// A complete request.
        case request(HTTPServerRequest)
        /// The bytes break the protocol or a limit; `head` is the request head when it was parsed.
        case error(HTTPServerError, head: HTTPRequest?)
    }

    /// Where the parser is between requests.
    public enum Phase: Sendable, Equatable {
        /// No byte of the next request yet.
        case idle
        /// Part of a head.
        case head
        /// The head is complete and its body is arriving.
        case body
        /// An error was returned.
        case failed
    }

    public let limits: HTTPParserLimits
    private var buffer: [UInt8] = []
    private var start = 0
    private var state: State = .head(HeadScan())

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Bytes received and not yet consumed by a returned request.
    public var bufferedByteCount: Int { buffer.count - start }

    public var phase: Phase {
        switch state {
        case .head(let scan): return (start == buffer.count && scan.skippedEmptyLines == 0) ? .idle : .head
        case .body: return .body
        case .failed: return .failed
        }
    }

    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 65_536)
            start = 0
            if case .head(var scan) = state { scan.rebase(by: 0); state = .head(scan) }
        } else if start > 16_384, start > buffer.count / 2 {
            let shift = start
            buffer.removeFirst(shift)
            start = 0
            if case .head(var scan) = state { scan.rebase(by: shift); state = .head(scan) }
        }
        buffer.append(contentsOf: bytes)
    }

    public mutating func next() -> Event {
        switch state {
        case .failed(let error, let head):
            return .error(error, head: head)
        case .head(var scan):
            switch findHeadEnd(&scan) {
            case .incomplete:
                state = .head(scan)
                return .needMoreData
            case .failed(let error):
                return fail(error, head: nil)
            case .complete(let requestLineEnd, let headEnd):
                let result = parseHead(lineStart: start, requestLineEnd: requestLineEnd, headEnd: headEnd)
                switch result {
                case .failure(let failure):
                    return fail(failure.error, head: failure.head)
                case .success(let head):
                    start = headEnd
                    if case .none = head.framing {
                        state = .head(HeadScan(position: start))
                        return .request(head.request(body: []))
                    }
                    state = .body(BodyState(head: head))
                    return continueBody()
                }
            }
        case .body:
            return continueBody()
        }
    }

    // MARK: - State

    private enum State: Sendable {
        case head(HeadScan)
        case body(BodyState)
        case failed(HTTPServerError, HTTPRequest?)
    }

    /// Progress of the search for the end of a head, kept so no byte is scanned twice.
    private struct HeadScan: Sendable {
        var position = 0
        var lineStart = 0
        var requestLineEnd: Int? = nil
        var skippedEmptyLines = 0
        var begun = false

        init(position: Int = 0) {
            self.position = position
            self.lineStart = position
        }

        mutating func rebase(by shift: Int) {
            position -= shift
            lineStart -= shift
            if let r = requestLineEnd { requestLineEnd = r - shift }
        }
    }

    private enum Framing: Sendable {
        case none
        case length(Int)
        case chunked
    }

    private struct ParsedHead: Sendable {
        var request: HTTPRequest
        var version: HTTPVersion
        var keepAlive: Bool
        var expectContinue: Bool
        var framing: Framing

        func request(body: [UInt8]) -> HTTPServerRequest {
            HTTPServerRequest(head: request, version: version, body: body, keepAlive: keepAlive)
        }
    }

    private enum ChunkPhase: Sendable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(bytes: Int)
    }

    private struct BodyState: Sendable {
        var head: ParsedHead
        var body: [UInt8] = []
        var remaining = 0
        var chunk: ChunkPhase = .size
        var continueSent = false

        init(head: ParsedHead) {
            self.head = head
            if case .length(let n) = head.framing {
                remaining = n
                body.reserveCapacity(n)
            }
        }
    }

    private struct HeadFailure: Error {
        var error: HTTPServerError
        var head: HTTPRequest?
    }

    private mutating func fail(_ error: HTTPServerError, head: HTTPRequest?) -> Event {
        state = .failed(error, head)
        return .error(error, head: head)
    }

    // MARK: - Finding the head

    private enum HeadEnd {
        case incomplete
        case failed(HTTPServerError)
        case complete(requestLineEnd: Int, headEnd: Int)
    }

    /// Scans for the empty line that ends the head, enforcing the size limits on the way.
    private mutating func findHeadEnd(_ scan: inout HeadScan) -> HeadEnd {
        // RFC 9112 §2.2: ignore a few empty lines (CRLF) before the request line.
        if !scan.begun {
            while buffer.count - start >= 1 {
                if buffer[start] == ByteClass.cr {
                    guard buffer.count - start >= 2 else { return .incomplete }
                    guard buffer[start + 1] == ByteClass.lf else { return .failed(.malformed("bare CR")) }
                    start += 2
                    scan.skippedEmptyLines += 1
                    if scan.skippedEmptyLines > 8 { return .failed(.malformed("too many empty lines before the request line")) }
                } else if buffer[start] == ByteClass.lf {
                    return .failed(.malformed("bare LF before the request line"))
                } else {
                    scan.begun = true
                    scan.position = start
                    scan.lineStart = start
                    break
                }
            }
            if !scan.begun { return .incomplete }
        }

        // Limits are checked at the byte where they are crossed, so the outcome never depends on how
        // the input was split into reads.
        let end = buffer.count
        // method SP target SP HTTP/x.y CR, then LF.
        let longestRequestLine = limits.maxMethodBytes + 1 + limits.maxTargetBytes + 1 + 8 + 1
        var i = scan.position
        while i < end {
            if let requestLineEnd = scan.requestLineEnd {
                if i + 1 - requestLineEnd > limits.maxHeaderBytes + 2 { return .failed(.headersTooLarge) }
            } else if i + 1 - start > longestRequestLine && buffer[i] != ByteClass.lf {
                return .failed(overlongRequestLine())
            }
            if buffer[i] == ByteClass.lf {
                let lineLength = i - scan.lineStart
                if scan.requestLineEnd == nil {
                    scan.requestLineEnd = i + 1
                } else if lineLength == 0 {
                    return .failed(.malformed("bare LF"))
                } else if lineLength == 1 && buffer[scan.lineStart] == ByteClass.cr {
                    return .complete(requestLineEnd: scan.requestLineEnd!, headEnd: i + 1)
                }
                scan.lineStart = i + 1
            }
            i += 1
        }
        scan.position = end
        return .incomplete
    }

    /// A request line longer than any acceptable one: 414 when the target is what is too long, 501
    /// when the line starts with an over-long token (no method we know), 400 otherwise.
    private func overlongRequestLine() -> HTTPServerError {
        let window = buffer[start..<min(buffer.count, start + limits.maxMethodBytes + 1)]
        if let sp = window.firstIndex(of: ByteClass.sp) {
            let method = buffer[start..<sp]
            guard !method.isEmpty, method.allSatisfy({ ByteClass.token[Int($0)] }) else { return .malformed("invalid method") }
            let afterMethod = buffer[(sp + 1)...]
            if let sp2 = afterMethod.firstIndex(of: ByteClass.sp), sp2 - sp - 1 <= limits.maxTargetBytes {
                return .malformed("request line too long")
            }
            return .uriTooLong
        }
        return window.allSatisfy({ ByteClass.token[Int($0)] }) ? .notImplemented("method longer than \(limits.maxMethodBytes) bytes") : .malformed("invalid method")
    }

    // MARK: - Parsing the head

    private func parseHead(lineStart: Int, requestLineEnd: Int, headEnd: Int) -> Result<ParsedHead, HeadFailure> {
        // Request line, without its CRLF.
        guard requestLineEnd - 2 >= lineStart, buffer[requestLineEnd - 2] == ByteClass.cr else {
            return .failure(HeadFailure(error: .malformed("request line must end with CRLF")))
        }
        let line = buffer[lineStart..<(requestLineEnd - 2)]
        let requestLine: RequestLine
        switch parseRequestLine(line) {
        case .success(let r): requestLine = r
        case .failure(let e): return .failure(HeadFailure(error: e))
        }

        // Exactly as many fields as the head has lines (each request keeps its fields while it is handled).
        var lineFeeds = 0
        for i in requestLineEnd..<headEnd where buffer[i] == ByteClass.lf { lineFeeds += 1 }
        var fields = HTTPFields()
        fields.reserveCapacity(max(0, lineFeeds - 1))
        var hostValues = 0
        var host: String? = nil
        var hostValid = true
        var contentLength: Int? = nil
        var contentLengthError: String? = nil
        var codings: [String] = []
        var sawTransferEncoding = false
        var codingError: String? = nil
        var connectionClose = false
        var connectionKeepAlive = false
        var expectContinue = false

        var ls = requestLineEnd
        let lastLineStart = headEnd - 2  // the empty line's CR
        while ls < lastLineStart {
            guard let lf = buffer[ls..<headEnd].firstIndex(of: ByteClass.lf) else { break }
            guard lf > ls, buffer[lf - 1] == ByteClass.cr else {
                return .failure(HeadFailure(error: .malformed("header line must end with CRLF")))
            }
            let field: (name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)
            switch parseFieldLine(ls, lf - 1) {
            case .success(let f): field = f
            case .failure(let e): return .failure(HeadFailure(error: e))
            }
            ls = lf + 1

            guard let name = HTTPField.Name(String(decoding: field.name, as: UTF8.self)) else {
                return .failure(HeadFailure(error: .malformed("invalid field name")))
            }
            fields.append(HTTPField(name: name, value: field.value))

            switch field.name.count {
            case 4 where ByteClass.equalsLowercase(field.name, "host"):
                hostValues += 1
                host = String(decoding: field.value, as: UTF8.self)
                if !Self.isValidHost(field.value) { hostValid = false }
            case 14 where ByteClass.equalsLowercase(field.name, "content-length"):
                switch Self.parseContentLength(field.value) {
                case .some(let n):
                    if let previous = contentLength, previous != n { contentLengthError = "differing Content-Length values" }
                    contentLength = n
                case .none:
                    contentLengthError = "invalid Content-Length"
                }
            case 17 where ByteClass.equalsLowercase(field.name, "transfer-encoding"):
                sawTransferEncoding = true
                for element in Self.listElements(field.value) {
                    let token = element.prefix { $0 != UInt8(ascii: ";") }
                    let trimmed = Self.trimOWS(token)
                    guard !trimmed.isEmpty, trimmed.allSatisfy({ ByteClass.token[Int($0)] }) else {
                        codingError = "invalid transfer coding"
                        continue
                    }
                    codings.append(String(decoding: trimmed.map(ByteClass.lowercased), as: UTF8.self))
                }
            case 10 where ByteClass.equalsLowercase(field.name, "connection"):
                for element in Self.listElements(field.value) {
                    if ByteClass.equalsLowercase(element, "close") { connectionClose = true }
                    if ByteClass.equalsLowercase(element, "keep-alive") { connectionKeepAlive = true }
                }
            case 6 where ByteClass.equalsLowercase(field.name, "expect"):
                if ByteClass.equalsLowercase(field.value, "100-continue") { expectContinue = true }
            default:
                break
            }
        }

        // Host (RFC 9112 §3.2): exactly one in HTTP/1.1, never more than one, and well formed.
        if requestLine.version == .http1_1 && hostValues == 0 {
            return .failure(HeadFailure(error: .malformed("missing Host header")))
        }
        if hostValues > 1 { return .failure(HeadFailure(error: .malformed("more than one Host header"))) }
        if !hostValid { return .failure(HeadFailure(error: .malformed("invalid Host header"))) }

        let request = HTTPRequest(method: requestLine.method, scheme: requestLine.scheme,
                                  authority: requestLine.authority ?? host, path: requestLine.path,
                                  headerFields: fields)

        if !limits.knownMethods.contains(requestLine.method.rawValue) {
            return .failure(HeadFailure(error: .notImplemented("method \(requestLine.method.rawValue)"), head: request))
        }

        // Framing (RFC 9112 §6).
        let framing: Framing
        if sawTransferEncoding {
            if contentLength != nil || contentLengthError != nil {
                return .failure(HeadFailure(error: .malformed("both Transfer-Encoding and Content-Length"), head: request))
            }
            if requestLine.version == .http1_0 {
                return .failure(HeadFailure(error: .malformed("Transfer-Encoding in an HTTP/1.0 request"), head: request))
            }
            if let codingError { return .failure(HeadFailure(error: .malformed(codingError), head: request)) }
            let chunkedCount = codings.filter { $0 == "chunked" }.count
            guard chunkedCount == 1, codings.last == "chunked" else {
                return .failure(HeadFailure(error: .malformed("chunked must be the final transfer coding, once"), head: request))
            }
            if let other = codings.first(where: { $0 != "chunked" }) {
                return .failure(HeadFailure(error: .notImplemented("transfer coding \(other)"), head: request))
            }
            framing = .chunked
        } else if let contentLengthError {
            return .failure(HeadFailure(error: .malformed(contentLengthError), head: request))
        } else if let n = contentLength, n > 0 {
            if n > limits.maxBodyBytes { return .failure(HeadFailure(error: .payloadTooLarge, head: request)) }
            framing = .length(n)
        } else {
            framing = .none
        }

        let keepAlive = requestLine.version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        return .success(ParsedHead(request: request, version: requestLine.version, keepAlive: keepAlive,
                                   expectContinue: expectContinue && requestLine.version == .http1_1,
                                   framing: framing))
    }

    private struct RequestLine {
        var method: HTTPRequest.Method
        var scheme: String?
        var authority: String?
        var path: String?
        var version: HTTPVersion
    }

    private func parseRequestLine(_ line: ArraySlice<UInt8>) -> Result<RequestLine, HTTPServerError> {
        guard let sp1 = line.firstIndex(of: ByteClass.sp) else {
            if line.contains(ByteClass.cr) { return .failure(.malformed("bare CR")) }
            return .failure(.malformed("request line needs method, target and version"))
        }
        let methodBytes = line[line.startIndex..<sp1]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy({ ByteClass.token[Int($0)] })
        else { return .failure(.malformed("invalid method")) }
        if methodBytes.count > limits.maxMethodBytes {
            return .failure(.notImplemented("method longer than \(limits.maxMethodBytes) bytes"))
        }

        let rest = line[(sp1 + 1)...]
        guard let sp2 = rest.lastIndex(of: ByteClass.sp) else {
            return .failure(.malformed("request line needs method, target and version"))
        }
        let targetBytes = line[(sp1 + 1)..<sp2]
        let versionBytes = line[(sp2 + 1)...]

        guard let version = Self.parseVersion(versionBytes) else {
            if line.contains(ByteClass.cr) { return .failure(.malformed("bare CR")) }
            return .failure(.malformed("invalid HTTP version"))
        }
        guard version.major == 1 else { return .failure(.versionNotSupported) }
        let effectiveVersion: HTTPVersion = version.minor == 0 ? .http1_0 : .http1_1

        if targetBytes.count > limits.maxTargetBytes { return .failure(.uriTooLong) }
        guard !targetBytes.isEmpty else { return .failure(.malformed("empty request target")) }
        for b in targetBytes where !ByteClass.target[Int(b)] {
            if b == ByteClass.cr { return .failure(.malformed("bare CR")) }
            return .failure(.malformed(b == ByteClass.sp ? "whitespace in request target" : "invalid byte in request target"))
        }

        guard let method = HTTPRequest.Method(String(decoding: methodBytes, as: UTF8.self)) else {
            return .failure(.malformed("invalid method"))
        }
        let target = String(decoding: targetBytes, as: UTF8.self)

        // Request-target forms (RFC 9112 §3.2). CONNECT takes only the authority form.
        if targetBytes.first == UInt8(ascii: "/") {
            guard method != .connect else { return .failure(.malformed("CONNECT needs authority-form host:port")) }
            return .success(RequestLine(method: method, scheme: nil, authority: nil, path: target, version: effectiveVersion))
        }
        if target == "*" {
            guard method == .options else { return .failure(.malformed("asterisk-form is for OPTIONS only")) }
            return .success(RequestLine(method: method, scheme: nil, authority: nil, path: "*", version: effectiveVersion))
        }
        if method == .connect {
            guard Self.isValidHost(targetBytes), targetBytes.contains(ByteClass.colon) else {
                return .failure(.malformed("CONNECT needs authority-form host:port"))
            }
            return .success(RequestLine(method: method, scheme: nil, authority: target, path: nil, version: effectiveVersion))
        }
        // absolute-form: http(s)://authority[/path][?query]
        let lower = target.lowercased()
        let scheme: String
        if lower.hasPrefix("http://") { scheme = "http" } else if lower.hasPrefix("https://") { scheme = "https" } else {
            return .failure(.malformed("invalid request target"))
        }
        let afterScheme = target.dropFirst(scheme.count + 3)
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@"), Self.isValidHost(Array(authority.utf8)[...]) else {
            return .failure(.malformed("invalid authority in absolute-form target"))
        }
        var path = String(afterScheme[authorityEnd...])
        if path.isEmpty || path.first == "?" { path = "/" + path }
        return .success(RequestLine(method: method, scheme: scheme, authority: String(authority), path: path, version: effectiveVersion))
    }

    /// One field line `name: value` (without CRLF), checked byte by byte.
    private func parseFieldLine(_ from: Int, _ to: Int) -> Result<(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>), HTTPServerError> {
        guard to > from else { return .failure(.malformed("empty header line")) }
        let first = buffer[from]
        if first == ByteClass.sp || first == ByteClass.htab { return .failure(.malformed("obsolete line folding")) }
        var colon = from
        while colon < to && buffer[colon] != ByteClass.colon {
            let b = buffer[colon]
            if !ByteClass.token[Int(b)] {
                if b == ByteClass.sp || b == ByteClass.htab { return .failure(.malformed("whitespace before colon in header")) }
                if b == ByteClass.cr { return .failure(.malformed("bare CR")) }
                if b == 0 { return .failure(.malformed("NUL byte in header")) }
                return .failure(.malformed("invalid character in header name"))
            }
            colon += 1
        }
        guard colon < to else { return .failure(.malformed("header line without colon")) }
        guard colon > from else { return .failure(.malformed("empty header name")) }
        var vs = colon + 1
        var ve = to
        for i in vs..<ve where !ByteClass.fieldValue[Int(buffer[i])] {
            let b = buffer[i]
            if b == ByteClass.cr { return .failure(.malformed("bare CR")) }
            if b == 0 { return .failure(.malformed("NUL byte in header value")) }
            return .failure(.malformed("control character in header value"))
        }
        while vs < ve && (buffer[vs] == ByteClass.sp || buffer[vs] == ByteClass.htab) { vs += 1 }
        while ve > vs && (buffer[ve - 1] == ByteClass.sp || buffer[ve - 1] == ByteClass.htab) { ve -= 1 }
        return .success((buffer[from..<colon], buffer[vs..<ve]))
    }

    // MARK: - Body

    private mutating func continueBody() -> Event {
        guard case .body(var body) = state else { return .needMoreData }
        let outcome = advanceBody(&body)
        switch outcome {
        case .complete:
            state = .head(HeadScan(position: start))
            return .request(body.head.request(body: body.body))
        case .failed(let error):
            return fail(error, head: body.head.request)
        case .incomplete:
            if body.head.expectContinue && !body.continueSent {
                body.continueSent = true
                state = .body(body)
                return .expectContinue
            }
            state = .body(body)
            return .needMoreData
        }
    }

    private enum BodyOutcome { case incomplete, complete, failed(HTTPServerError) }

    private mutating func advanceBody(_ body: inout BodyState) -> BodyOutcome {
        switch body.head.framing {
        case .none:
            return .complete
        case .length:
            let take = min(body.remaining, buffer.count - start)
            body.body.append(contentsOf: buffer[start..<(start + take)])
            start += take
            body.remaining -= take
            return body.remaining == 0 ? .complete : .incomplete
        case .chunked:
            return advanceChunked(&body)
        }
    }

    private mutating func advanceChunked(_ body: inout BodyState) -> BodyOutcome {
        while true {
            switch body.chunk {
            case .size:
                let available = buffer.count - start
                let window = buffer[start..<(start + min(available, limits.maxChunkLineBytes + 2))]
                guard let lf = window.firstIndex(of: ByteClass.lf) else {
                    return available > limits.maxChunkLineBytes ? .failed(.malformed("chunk size line too long")) : .incomplete
                }
                guard lf > start, buffer[lf - 1] == ByteClass.cr else { return .failed(.malformed("chunk size line must end with CRLF")) }
                guard let size = Self.parseChunkSize(buffer[start..<(lf - 1)]) else { return .failed(.malformed("invalid chunk size")) }
                start = lf + 1
                if size == 0 {
                    body.chunk = .trailers(bytes: 0)
                } else {
                    guard size <= limits.maxBodyBytes - body.body.count else { return .failed(.payloadTooLarge) }
                    body.chunk = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, buffer.count - start)
                if take == 0 { return .incomplete }
                body.body.append(contentsOf: buffer[start..<(start + take)])
                start += take
                body.chunk = remaining == take ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard buffer.count - start >= 2 else {
                    if buffer.count - start == 1 && buffer[start] != ByteClass.cr { return .failed(.malformed("chunk data not followed by CRLF")) }
                    return .incomplete
                }
                guard buffer[start] == ByteClass.cr, buffer[start + 1] == ByteClass.lf else {
                    return .failed(.malformed("chunk data not followed by CRLF"))
                }
                start += 2
                body.chunk = .size
            case .trailers(let bytes):
                let available = buffer.count - start
                guard let lf = buffer[start...].firstIndex(of: ByteClass.lf) else {
                    return bytes + available > limits.maxHeaderBytes + 2 ? .failed(.headersTooLarge) : .incomplete
                }
                let lineBytes = lf + 1 - start
                if bytes + lineBytes > limits.maxHeaderBytes + 2 { return .failed(.headersTooLarge) }
                guard lf > start, buffer[lf - 1] == ByteClass.cr else { return .failed(.malformed("trailer line must end with CRLF")) }
                if lineBytes == 2 {
                    start = lf + 1
                    return .complete
                }
                if case .failure(let e) = parseFieldLine(start, lf - 1) { return .failed(e) }
                start = lf + 1
                body.chunk = .trailers(bytes: bytes + lineBytes)
            }
        }
    }

    // MARK: - Small pure helpers

    static func parseVersion(_ bytes: ArraySlice<UInt8>) -> HTTPVersion? {
        guard bytes.count == 8 else { return nil }
        let b = Array(bytes)
        guard b[0] == UInt8(ascii: "H"), b[1] == UInt8(ascii: "T"), b[2] == UInt8(ascii: "T"), b[3] == UInt8(ascii: "P"),
              b[4] == UInt8(ascii: "/"), b[6] == UInt8(ascii: "."),
              (48...57).contains(b[5]), (48...57).contains(b[7])
        else { return nil }
        return HTTPVersion(major: Int(b[5] - 48), minor: Int(b[7] - 48))
    }

    /// `1*DIGIT`, or a list of identical such values (RFC 9112 §6.3 allows collapsing them).
    static func parseContentLength(_ value: ArraySlice<UInt8>) -> Int? {
        var result: Int? = nil
        for element in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let digits = trimOWS(element)
            guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            let n = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
            if let r = result, r != n { return nil }
            result = n
        }
        return result
    }

    /// `1*HEXDIG [ BWS ";" chunk-ext ]`; extensions are ignored but must be free of control bytes.
    static func parseChunkSize(_ line: ArraySlice<UInt8>) -> Int? {
        var value: UInt64 = 0
        var significantDigits = 0
        var i = line.startIndex
        while i < line.endIndex, let h = ByteClass.hexValue(line[i]) {
            if significantDigits > 0 || h != 0 { significantDigits += 1 }
            if significantDigits > 15 { return nil }
            value = (value << 4) | h
            i += 1
        }
        guard i > line.startIndex else { return nil }
        if i < line.endIndex {
            var j = i
            while j < line.endIndex && (line[j] == ByteClass.sp || line[j] == ByteClass.htab) { j += 1 }
            guard j < line.endIndex, line[j] == UInt8(ascii: ";") else { return nil }
            for b in line[j...] where !ByteClass.fieldValue[Int(b)] { return nil }
        }
        return Int(value)
    }

    static func trimOWS(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = bytes.startIndex
        var e = bytes.endIndex
        while s < e && (bytes[s] == ByteClass.sp || bytes[s] == ByteClass.htab) { s += 1 }
        while e > s && (bytes[e - 1] == ByteClass.sp || bytes[e - 1] == ByteClass.htab) { e -= 1 }
        return bytes[s..<e]
    }

    /// The non-empty elements of a comma-separated list, trimmed.
    static func listElements(_ value: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        value.split(separator: UInt8(ascii: ",")).map(trimOWS).filter { !$0.isEmpty }
    }

    /// `uri-host [ ":" port ]`, where uri-host is a reg-name or a bracketed IP literal. Empty is allowed.
    static func isValidHost(_ value: ArraySlice<UInt8>) -> Bool {
        guard value.allSatisfy({ ByteClass.host[Int($0)] }) else { return false }
        var hostPart = value
        if value.first == UInt8(ascii: "[") {
            guard let close = value.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let after = value[(close + 1)...]
            if !after.isEmpty {
                guard after.first == ByteClass.colon, after.dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            }
            return !value[(value.startIndex + 1)..<close].contains(UInt8(ascii: "["))
        }
        if let colon = value.firstIndex(of: ByteClass.colon) {
            guard value[(colon + 1)...].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            hostPart = value[..<colon]
        }
        return !hostPart.contains(UInt8(ascii: "[")) && !hostPart.contains(UInt8(ascii: "]"))
    }
}
