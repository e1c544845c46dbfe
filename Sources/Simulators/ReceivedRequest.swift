import HTTPTypes

/// A request exactly as a simulator received it (recorded before any check).
public struct ReceivedRequest: Sendable {
    public var method: HTTPRequest.Method
    /// The request target as sent (query included, percent-encoding kept).
    public var path: String
    public var headers: HTTPFields
    /// The raw body bytes.
    public var body: [UInt8]

    public init(method: HTTPRequest.Method, path: String, headers: HTTPFields, body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8 (invalid sequences repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body read as `application/x-www-form-urlencoded` parameters, or nil when it is not.
    public var formParameters: [String: String]? {
        guard let pairs = FormURLEncoded.parse(body) else { return nil }
        var result: [String: String] = [:]
        for (name, value) in pairs where result[name] == nil { result[name] = value }
        return result
    }
}
