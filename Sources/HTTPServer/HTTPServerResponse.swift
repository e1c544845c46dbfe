import HTTPTypes

/// A complete response. The server adds `Content-Length`, `Date` and `Connection`; a handler that
/// sets `Connection: close` gets the connection closed after the response.
public struct HTTPServerResponse: Sendable {
    public var status: HTTPResponse.Status
    public var headerFields: HTTPFields
    public var body: [UInt8]
    /// Close the connection after this response.
    public var closeConnection: Bool
    /// Reset the connection (RST) instead of answering. For test doubles that must act out a
    /// failing peer; a real handler has no use for it.
    public var resetConnection: Bool = false

    public init(status: HTTPResponse.Status, headerFields: HTTPFields = [:], body: [UInt8] = [], closeConnection: Bool = false) {
        self.status = status
        self.headerFields = headerFields
        self.body = body
        self.closeConnection = closeConnection
    }

    /// A response that resets the connection without answering.
    public static var reset: HTTPServerResponse {
        var r = HTTPServerResponse(status: .internalServerError)
        r.resetConnection = true
        return r
    }
}

/// The application's request handler.
public typealias HTTPHandler = @Sendable (HTTPServerRequest) async -> HTTPServerResponse

/// Renders the server's own error answers (400, 408, 413, 414, 431, 501, 503 while draining, 505),
/// so that they carry the application's error schema. `head` is the request head when it was parsed.
public typealias HTTPErrorRenderer = @Sendable (HTTPServerError, HTTPRequest?) -> HTTPServerResponse
