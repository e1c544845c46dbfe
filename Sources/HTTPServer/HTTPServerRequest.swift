import HTTPTypes

/// The protocol version of a request line (`HTTP/1.0` or `HTTP/1.1`).
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// A request as the parser produced it: the head in swift-http-types' vocabulary plus the body.
public struct HTTPServerRequest: Sendable {
    /// Method, target (`path` holds the raw origin-form target, query included), authority and
    /// header fields. For an absolute-form target, `scheme` and `authority` come from the target.
    public var head: HTTPRequest
    public var version: HTTPVersion
    /// The decoded body (chunked framing removed). Empty when there is none.
    public var body: [UInt8]
    /// Whether the client asked to keep the connection open (HTTP/1.1 default, 1.0 `keep-alive`).
    public var keepAlive: Bool
    /// The peer's address, e.g. `127.0.0.1:51234`; empty when unknown.
    public var remoteAddress: String = ""

    public init(head: HTTPRequest, version: HTTPVersion = .http1_1, body: [UInt8] = [], keepAlive: Bool = true) {
        self.head = head
        self.version = version
        self.body = body
        self.keepAlive = keepAlive
    }

    public var method: HTTPRequest.Method { head.method }
    public var headerFields: HTTPFields { head.headerFields }
    /// The raw request target in origin form (`/messages/abc?x=1`).
    public var target: String { head.path ?? "" }
    /// The target's path, without the query.
    /// (The `?` is looked for in the UTF-8 bytes: a search by `Character` costs grapheme breaking.)
    public var path: Substring {
        let t = target
        if let q = t.utf8.firstIndex(of: UInt8(ascii: "?")) { return t[..<q] }
        return t[...]
    }
    /// The target's query, without `?`, or nil.
    public var query: Substring? {
        let t = target
        guard let q = t.utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        return t[t.utf8.index(after: q)...]
    }
}
