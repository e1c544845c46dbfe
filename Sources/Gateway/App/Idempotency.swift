import Crypto
import Foundation
import HTTPServer
import HTTPTypes
import Store

/// The message store the gateway needs: records and idempotency keys, shared by all replicas.
public typealias GatewayStore = MessageStore & IdempotencyStore

/// api.md "Idempotency": per client, a fingerprint of the request's JSON value, the first response
/// replayed byte for byte, 409 while in flight, 422 for another body, 24 hours' retention.
enum Idempotency {
    static let retention: TimeInterval = 24 * 60 * 60
    /// An in-progress claim older than this was left by a process that died mid-request.
    static let staleClaimAfter: TimeInterval = 5 * 60

    /// SHA-256 of the body's canonical JSON (keys sorted at every level, no white space), hex.
    static func fingerprint(_ body: [UInt8]) -> String {
        let canonical = (try? JSONReader().parse(body).get())?.canonicalBytes ?? body
        return SHA256.hash(data: canonical).map { String(format: "%02x", $0) }.joined()
    }

    /// Outcomes the caller is invited to retry release the key instead of being stored.
    static func releasesKey(_ code: GatewayErrorCode) -> Bool {
        code.retryable
    }

    /// The response as it will be replayed: status, body, and the fields worth replaying.
    static func stored(_ response: HTTPServerResponse) -> StoredResponse {
        let replayed: [HTTPField.Name] = [.contentType, .location, .retryAfter]
        let headers = response.headerFields.filter { replayed.contains($0.name) }
            .map { StoredHeader(name: $0.name.rawName, value: $0.value) }
        return StoredResponse(status: response.status.code, headers: headers, body: response.body)
    }

    /// A stored first response, answered again with this request's X-Request-ID.
    static func replay(_ stored: StoredResponse, requestID: String) -> HTTPServerResponse {
        var fields: HTTPFields = [:]
        for header in stored.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        fields[.requestID] = requestID
        fields[.idempotentReplayed] = "true"
        return HTTPServerResponse(status: HTTPResponse.Status(code: stored.status, reasonPhrase: Responses.reason(stored.status)),
                                  headerFields: fields, body: stored.body)
    }
}
