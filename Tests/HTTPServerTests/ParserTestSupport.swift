import HTTPServer
import HTTPTypes
import Testing

// Shared helpers for the HTTPRequestParser tests: byte builders, comparable summaries of parser
// events, feeding in one piece or in splits, and a seeded random generator for the split tests.

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A canned request with `Host: h`: `"\(method) \(target) HTTP/1.1\r\nHost: h\r\n\(extra)\r\n"`.
/// `extra` holds whole field lines, each ending in CRLF.
func headText(_ method: String = "GET", _ target: String = "/", version: String = "HTTP/1.1", extra: String = "") -> String {
    "\(method) \(target) \(version)\r\nHost: h\r\n\(extra)\r\n"
}

extension HTTPParserLimits {
    /// Small limits so that limit tests need only a few bytes.
    static func small(target: Int = 32, header: Int = 128, body: Int = 64) -> HTTPParserLimits {
        HTTPParserLimits(maxTargetBytes: target, maxHeaderBytes: header, maxBodyBytes: body)
    }
}

/// The case of an `HTTPServerError`, without the human-readable reason.
enum ParserErrorKind: Equatable, Sendable, CustomStringConvertible {
    case malformed, requestTimeout, payloadTooLarge, uriTooLong, headersTooLarge, notImplemented, shuttingDown,
         versionNotSupported, unanswered

    init(_ error: HTTPServerError) {
        switch error {
        case .malformed: self = .malformed
        case .requestTimeout: self = .requestTimeout
        case .payloadTooLarge: self = .payloadTooLarge
        case .uriTooLong: self = .uriTooLong
        case .headersTooLarge: self = .headersTooLarge
        case .notImplemented: self = .notImplemented
        case .shuttingDown: self = .shuttingDown
        case .versionNotSupported: self = .versionNotSupported
        case .unanswered: self = .unanswered
        }
    }

    var description: String {
        switch self {
        case .malformed: return "malformed"
        case .requestTimeout: return "requestTimeout"
        case .payloadTooLarge: return "payloadTooLarge"
        case .uriTooLong: return "uriTooLong"
        case .headersTooLarge: return "headersTooLarge"
        case .notImplemented: return "notImplemented"
        case .shuttingDown: return "shuttingDown"
        case .versionNotSupported: return "versionNotSupported"
        case .unanswered: return "unanswered"
        }
    }
}

/// One header field as raw name and value bytes.
struct FieldSummary: Equatable, Sendable, CustomStringConvertible {
    var name: String
    var value: [UInt8]

    init(_ name: String, _ value: String) {
        self.name = name
        self.value = bytes(value)
    }

    init(_ field: HTTPField) {
        name = field.name.rawName
        value = field.withUnsafeBytesOfValue { Array($0) }
    }

    var description: String { "\(name): \(String(decoding: value, as: UTF8.self))" }
}

/// Everything the parser reports about a request, in comparable form.
struct RequestSummary: Equatable, Sendable, CustomStringConvertible {
    var method: String
    var scheme: String?
    var authority: String?
    var path: String?
    var version: HTTPVersion
    var keepAlive: Bool
    var fields: [FieldSummary]
    var body: [UInt8]

    init(_ request: HTTPServerRequest) {
        method = request.method.rawValue
        scheme = request.head.scheme
        authority = request.head.authority
        path = request.head.path
        version = request.version
        keepAlive = request.keepAlive
        fields = request.headerFields.map(FieldSummary.init)
        body = request.body
    }

    var description: String {
        "\(method) \(path ?? "-") \(version) scheme=\(scheme ?? "-") authority=\(authority ?? "-") keepAlive=\(keepAlive) "
            + "fields=\(fields) body=\(String(decoding: body, as: UTF8.self).debugDescription)"
    }
}

/// A parser event in comparable form. Errors keep their case and the method of the head, if any.
enum Outcome: Equatable, Sendable, CustomStringConvertible {
    case needMoreData
    case expectContinue
    case request(RequestSummary)
    case error(ParserErrorKind, headMethod: String?)

    init(_ event: HTTPRequestParser.Event) {
        switch event {
        case .needMoreData: self = .needMoreData
        case .expectContinue: self = .expectContinue
        case .request(let r): self = .request(RequestSummary(r))
        case .error(let e, let head): self = .error(ParserErrorKind(e), headMethod: head?.method.rawValue)
        }
    }

    var isError: Bool {
        if case .error = self { return true }
        return false
    }

    var errorKind: ParserErrorKind? {
        if case .error(let kind, _) = self { return kind }
        return nil
    }

    var request: RequestSummary? {
        if case .request(let r) = self { return r }
        return nil
    }

    var description: String {
        switch self {
        case .needMoreData: return "needMoreData"
        case .expectContinue: return "expectContinue"
        case .request(let r): return "request(\(r))"
        case .error(let kind, let method): return "error(\(kind), head: \(method ?? "nil"))"
        }
    }
}

/// Upper bound on `next()` calls per drain, so a parser that never settles fails instead of hanging.
let maxEventsPerDrain = 10_000

/// Calls `next()` until the parser needs more data or fails. Returns the events, without the final
/// `needMoreData` and with the error (if any) as the last element.
func drain(_ parser: inout HTTPRequestParser, sourceLocation: SourceLocation = #_sourceLocation) -> [Outcome] {
    var out: [Outcome] = []
    for _ in 0..<maxEventsPerDrain {
        let outcome = Outcome(parser.next())
        if outcome == .needMoreData { return out }
        out.append(outcome)
        if outcome.isError { return out }
    }
    Issue.record("parser produced more than \(maxEventsPerDrain) events without settling", sourceLocation: sourceLocation)
    return out
}

/// The events of feeding `input` in pieces of the given sizes (the rest, if any, as a last piece),
/// draining after each piece and stopping at the first error.
func events(_ input: [UInt8], pieces: [Int]? = nil, limits: HTTPParserLimits = HTTPParserLimits(),
            sourceLocation: SourceLocation = #_sourceLocation) -> [Outcome] {
    var parser = HTTPRequestParser(limits: limits)
    return feed(&parser, input, pieces: pieces, sourceLocation: sourceLocation)
}

/// Like `events(_:pieces:limits:)`, on an existing parser.
func feed(_ parser: inout HTTPRequestParser, _ input: [UInt8], pieces: [Int]? = nil,
          sourceLocation: SourceLocation = #_sourceLocation) -> [Outcome] {
    var out: [Outcome] = []
    var offset = 0
    var sizes = pieces ?? [input.count]
    if sizes.reduce(0, +) < input.count { sizes.append(input.count - sizes.reduce(0, +)) }
    for size in sizes where offset < input.count {
        let end = min(input.count, offset + size)
        parser.append(input[offset..<end])
        offset = end
        out += drain(&parser, sourceLocation: sourceLocation)
        if out.last?.isError == true { break }
    }
    return out
}

/// The events of feeding `input` (a string's UTF-8) in one piece.
func events(_ input: String, limits: HTTPParserLimits = HTTPParserLimits(),
            sourceLocation: SourceLocation = #_sourceLocation) -> [Outcome] {
    events(bytes(input), limits: limits, sourceLocation: sourceLocation)
}

/// Feeds `input` in one piece and returns the request of the first event, recording an issue when
/// the first event is not a request.
@discardableResult
func parseOne(_ input: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(),
              sourceLocation: SourceLocation = #_sourceLocation) -> HTTPServerRequest? {
    var parser = HTTPRequestParser(limits: limits)
    parser.append(input)
    let event = parser.next()
    guard case .request(let request) = event else {
        Issue.record("expected a request, got \(Outcome(event))", sourceLocation: sourceLocation)
        return nil
    }
    return request
}

@discardableResult
func parseOne(_ input: String, limits: HTTPParserLimits = HTTPParserLimits(),
              sourceLocation: SourceLocation = #_sourceLocation) -> HTTPServerRequest? {
    parseOne(bytes(input), limits: limits, sourceLocation: sourceLocation)
}

/// Feeds `input` in one piece and expects the first event to be an error of `kind`. Returns the
/// event's error and head for further checks.
@discardableResult
func expectParseError(_ input: [UInt8], _ kind: ParserErrorKind, limits: HTTPParserLimits = HTTPParserLimits(),
                      sourceLocation: SourceLocation = #_sourceLocation) -> (error: HTTPServerError, head: HTTPRequest?)? {
    var parser = HTTPRequestParser(limits: limits)
    parser.append(input)
    let event = parser.next()
    guard case .error(let error, let head) = event else {
        Issue.record("expected error \(kind), got \(Outcome(event)) for \(String(decoding: input, as: UTF8.self).debugDescription)",
                     sourceLocation: sourceLocation)
        return nil
    }
    #expect(ParserErrorKind(error) == kind, "input: \(String(decoding: input, as: UTF8.self).debugDescription)",
            sourceLocation: sourceLocation)
    #expect(parser.phase == .failed, sourceLocation: sourceLocation)
    return (error, head)
}

@discardableResult
func expectParseError(_ input: String, _ kind: ParserErrorKind, limits: HTTPParserLimits = HTTPParserLimits(),
                      sourceLocation: SourceLocation = #_sourceLocation) -> (error: HTTPServerError, head: HTTPRequest?)? {
    expectParseError(bytes(input), kind, limits: limits, sourceLocation: sourceLocation)
}

/// The value of the named field, or nil.
func field(_ request: HTTPServerRequest, _ name: String) -> String? {
    guard let n = HTTPField.Name(name) else { return nil }
    return request.headerFields[n]
}

/// SplitMix64: a small seeded generator, so random splits are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random piece sizes (at least 1 each) that add up to `total`.
func randomPieces(total: Int, using rng: inout SeededGenerator) -> [Int] {
    guard total > 1 else { return [max(total, 1)] }
    let cuts = Int.random(in: 1...min(total - 1, 12), using: &rng)
    var points = Set<Int>()
    for _ in 0..<cuts { points.insert(Int.random(in: 1..<total, using: &rng)) }
    var sizes: [Int] = []
    var last = 0
    for p in points.sorted() {
        sizes.append(p - last)
        last = p
    }
    sizes.append(total - last)
    return sizes
}
