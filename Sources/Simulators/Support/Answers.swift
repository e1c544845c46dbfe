import HTTPServer
import HTTPTypes

/// Ready-made answers shared by the simulators.
enum Answers {
    /// A JSON answer.
    static func json(_ status: HTTPResponse.Status, _ value: JSONValue, extra: HTTPFields = [:]) -> HTTPServerResponse {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: extra)
        return HTTPServerResponse(status: status, headerFields: fields, body: value.serialized)
    }

    /// An HTML error page, as a web server or proxy in front of a provider would send.
    static func html(_ status: HTTPResponse.Status, extra: HTTPFields = [:]) -> HTTPServerResponse {
        var fields: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        fields.append(contentsOf: extra)
        let page = "<html><head><title>\(status.code) \(status.reasonPhrase)</title></head>"
            + "<body><h1>\(status.code) \(status.reasonPhrase)</h1></body></html>"
        return HTTPServerResponse(status: status, headerFields: fields, body: Array(page.utf8))
    }

    /// HTTP 200 with an HTML body (the `.nonJSON` behaviour).
    static var nonJSON: HTTPServerResponse {
        HTTPServerResponse(status: .ok, headerFields: [.contentType: "text/html; charset=utf-8"],
                           body: Array("<html><body>Message received</body></html>".utf8))
    }

    /// `Retry-After` when given.
    static func retryAfter(_ seconds: Int?) -> HTTPFields {
        guard let seconds else { return [:] }
        return [.retryAfter: String(seconds)]
    }
}
