import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import Simulators

/// An answer as a real HTTP client saw it.
struct Reply {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var json: JSONValue? { JSONValue.parse(body) }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A POST over loopback with URLSession.
func post(_ url: String, headers: [String: String], body: [UInt8], timeout: TimeInterval = 5) async throws -> Reply {
    guard let target = URL(string: url) else { throw URLError(.badURL) }
    var request = URLRequest(url: target)
    request.httpMethod = "POST"
    request.timeoutInterval = timeout
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.httpBody = Data(body)
    return try await send(request)
}

func send(_ request: URLRequest) async throws -> Reply {
    let session = URLSession(configuration: .ephemeral)
    defer { session.finishTasksAndInvalidate() }
    let (data, response) = try await session.data(for: request)
    guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
    var headers: [String: String] = [:]
    for (name, value) in http.allHeaderFields {
        if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
    }
    return Reply(status: http.statusCode, headers: headers, body: Array(data))
}

/// `application/x-www-form-urlencoded` text for these pairs.
func formEncode(_ pairs: [(String, String)]) -> [UInt8] {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = pairs.map { name, value in
        (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
            + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }.joined(separator: "&")
    return Array(text.utf8)
}

func basicAuth(_ user: String, _ password: String) -> String {
    "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
}
