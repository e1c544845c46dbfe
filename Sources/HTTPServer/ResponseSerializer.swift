import HTTPTypes

/// Turns a response into the bytes of one write: status line, fields, `Content-Length`, `Date`,
/// `Connection`, the empty line and the body.
enum ResponseSerializer {
    static func serialize(_ response: HTTPServerResponse, headOnly: Bool, close: Bool, http10KeepAlive: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + response.headerFields.count * 40 + (headOnly ? 0 : response.body.count))
        let status = response.status
        out.append(contentsOf: "HTTP/1.1 \(status.code) ".utf8)
        out.append(contentsOf: (status.reasonPhrase.isEmpty ? "Status" : status.reasonPhrase).utf8)
        out.append(contentsOf: crlf)
        for field in response.headerFields {
            switch field.name {
            case .contentLength, .connection, .date, .transferEncoding: continue
            default: break
            }
            out.append(contentsOf: field.name.rawName.utf8)
            out.append(contentsOf: colonSpace)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: crlf)
        }
        let code = status.code
        if !(100...199).contains(code) && code != 204 && code != 304 {
            out.append(contentsOf: contentLengthPrefix)
            out.append(contentsOf: String(response.body.count).utf8)
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: datePrefix)
        out.append(contentsOf: HTTPDate.now())
        out.append(contentsOf: crlf)
        if close {
            out.append(contentsOf: connectionClose)
        } else if http10KeepAlive {
            out.append(contentsOf: connectionKeepAlive)
        }
        out.append(contentsOf: crlf)
        if !headOnly && code != 204 && code != 304 {
            out.append(contentsOf: response.body)
        }
        return out
    }

    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    private static let crlf: [UInt8] = [13, 10]
    private static let colonSpace: [UInt8] = [58, 32]
    private static let contentLengthPrefix: [UInt8] = Array("Content-Length: ".utf8)
    private static let datePrefix: [UInt8] = Array("Date: ".utf8)
    private static let connectionClose: [UInt8] = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive: [UInt8] = Array("Connection: keep-alive\r\n".utf8)
}
