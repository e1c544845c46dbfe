import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Sends one captured request and reads its whole answer.
enum LoadClient {
    /// The answer's status code.
    static func send(_ request: CapturedRequest, with client: HTTPClient, timeout: TimeAmount) async throws -> Int {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for pair in request.headers where pair.count == 2 { outgoing.headers.add(name: pair[0], value: pair[1]) }
        outgoing.body = .bytes(ByteBuffer(string: request.body))
        let response = try await client.execute(outgoing, timeout: timeout)
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
