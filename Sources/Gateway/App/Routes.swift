import HTTPTypes

/// The gateway's routes. One table: path pattern and the methods it takes.
enum Route: Equatable {
    case healthz
    case readyz
    case metrics
    case messages
    case message(id: Substring)

    /// The pattern, as metrics label it.
    var pattern: String {
        switch self {
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .messages: "/messages"
        case .message: "/messages/{id}"
        }
    }

    var allowedMethods: [HTTPRequest.Method] {
        switch self {
        case .healthz, .readyz, .metrics, .message: [.get, .head]
        case .messages: [.post]
        }
    }

    static func match(_ path: Substring) -> Route? {
        switch path {
        case "/healthz": return .healthz
        case "/readyz": return .readyz
        case "/metrics": return .metrics
        case "/messages": return .messages
        default:
            let prefix = "/messages/"
            guard path.hasPrefix(prefix) else { return nil }
            let id = path.dropFirst(prefix.count)
            guard !id.isEmpty, !id.contains("/") else { return nil }
            return .message(id: id)
        }
    }
}
