import HTTPServer
import HTTPTypes

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-ID")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}

/// Building the gateway's responses: JSON bodies, the unified error schema, `X-Request-ID` on all.
enum Responses {
    static func json(_ status: HTTPResponse.Status, _ body: [UInt8], requestID: String, extra: HTTPFields = [:]) -> HTTPServerResponse {
        var fields: HTTPFields = [.contentType: "application/json", .requestID: requestID]
        fields.append(contentsOf: extra)
        return HTTPServerResponse(status: status, headerFields: fields, body: body)
    }

    static func text(_ status: HTTPResponse.Status, _ body: [UInt8], contentType: String, requestID: String) -> HTTPServerResponse {
        HTTPServerResponse(status: status, headerFields: [.contentType: contentType, .requestID: requestID], body: body)
    }

    /// A non-2xx answer in api.md's error schema.
    static func error(_ error: GatewayError, requestID: String, messageID: String? = nil) -> HTTPServerResponse {
        var extra: HTTPFields = [:]
        if let retryAfter = error.retryAfter { extra[.retryAfter] = retryAfter }
        switch error.code {
        case .unauthorized: extra[.wwwAuthenticate] = "Bearer"
        default: break
        }
        return json(HTTPResponse.Status(code: error.httpStatus, reasonPhrase: reason(error.httpStatus)),
                    error.responseBody(messageID: messageID, requestID: requestID), requestID: requestID, extra: extra)
    }

    static func reason(_ code: Int) -> String {
        switch code {
        case 200: "OK"
        case 201: "Created"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }

    /// The HTTP server core's own errors, in the unified schema.
    static func serverError(_ error: HTTPServerError, head: HTTPRequest?) -> HTTPServerResponse {
        let requestID = Identifiers.requestID(from: head?.headerFields[.requestID])
        let code: GatewayErrorCode
        switch error {
        case .malformed: code = .malformedRequest
        case .requestTimeout: code = .requestTimeout
        case .payloadTooLarge: code = .payloadTooLarge
        case .uriTooLong: code = .uriTooLong
        case .headersTooLarge: code = .headersTooLarge
        case .notImplemented: code = .notImplemented
        case .shuttingDown: code = .shuttingDown
        case .versionNotSupported: code = .httpVersionNotSupported
        case .unanswered: code = .internalError
        }
        var e = GatewayError(code: code, message: error.reason)
        if case .shuttingDown = error { e.retryAfter = "1" }
        var response = self.error(e, requestID: requestID)
        response.closeConnection = true
        return response
    }
}
