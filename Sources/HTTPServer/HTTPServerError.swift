import HTTPTypes

/// An error the server core answers by itself, before or instead of the handler.
public enum HTTPServerError: Error, Sendable, Hashable {
    /// The message is broken (framing, syntax, Host): 400, and the connection closes.
    case malformed(String)
    /// The head or body did not arrive in time: 408.
    case requestTimeout
    /// The declared or accumulated body exceeds `maxBodyBytes`: 413.
    case payloadTooLarge
    /// The request target exceeds `maxTargetBytes`: 414.
    case uriTooLong
    /// The header section exceeds `maxHeaderBytes`: 431.
    case headersTooLarge
    /// An unknown method or transfer coding: 501.
    case notImplemented(String)
    /// The server is draining and takes no new request on this connection: 503.
    case shuttingDown
    /// HTTP/2 or later (or 0.x) on this HTTP/1.1 port: 505.
    case versionNotSupported
    /// The handler let go of its `HTTPResponder` without answering (a bug in the handler): 500.
    case unanswered

    public var status: HTTPResponse.Status {
        switch self {
        case .malformed: return .badRequest
        case .requestTimeout: return .requestTimeout
        case .payloadTooLarge: return .contentTooLarge
        case .uriTooLong: return .uriTooLong
        case .headersTooLarge: return .requestHeaderFieldsTooLarge
        case .notImplemented: return .notImplemented
        case .shuttingDown: return .serviceUnavailable
        case .versionNotSupported: return .httpVersionNotSupported
        case .unanswered: return .internalServerError
        }
    }

    /// A short human-readable reason.
    public var reason: String {
        switch self {
        case .malformed(let why): return "Malformed HTTP request: \(why)."
        case .requestTimeout: return "The request did not arrive in time."
        case .payloadTooLarge: return "The request body is larger than the server accepts."
        case .uriTooLong: return "The request target is longer than the server accepts."
        case .headersTooLarge: return "The request's header fields are larger than the server accepts."
        case .notImplemented(let what): return "Not implemented: \(what)."
        case .shuttingDown: return "The server is shutting down and takes no new requests."
        case .versionNotSupported: return "Only HTTP/1.0 and HTTP/1.1 are supported on this port."
        case .unanswered: return "The server did not produce an answer."
        }
    }
}
