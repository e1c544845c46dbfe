#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HTTPServer
import HTTPTypes

/// A blocking loopback TCP client for tests: writes raw bytes and reads raw answers, with timeouts.
final class RawClient: @unchecked Sendable {
    let fd: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int, timeout: TimeInterval = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // No close here: an initializer that throws once every stored property is set still runs
        // `deinit`, which closes `fd`. Closing it here as well closed it twice, and the second close
        // could close a descriptor another test had just opened: the likely cause of a `send: errno 9`
        // once seen in a ProvidersTests client (every suite runs in one process).
        guard rc == 0 else { throw Failure(description: "connect: \(errno)") }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: \(errno)") }
            offset += n
        }
    }

    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads once; nil on EOF, throws on timeout or error.
    func readSome() throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { return nil }
        guard n > 0 else { throw Failure(description: errno == EAGAIN ? "read timed out" : "recv: \(errno)") }
        return Array(buffer[0..<n])
    }

    /// Reads until EOF (bounded by the socket timeout).
    func readToEndSync() throws -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try readSome() { all += chunk }
        return all
    }

    /// Whether the peer has closed (EOF or reset) within the socket timeout.
    func isClosedByPeerSync() -> Bool {
        do {
            while let _ = try readSome() {}
            return true
        } catch let f as Failure {
            return !f.description.contains("timed out")
        } catch {
            return true
        }
    }

    private var pending: [UInt8] = []

    /// Reads exactly one response (head plus Content-Length body; none for HEAD or 1xx/204/304).
    func readResponseSync(headRequest: Bool = false) throws -> ParsedResponse {
        while true {
            if let (response, used) = ParsedResponse.parse(pending, headRequest: headRequest) {
                pending.removeFirst(used)
                return response
            }
            guard let chunk = try readSome() else {
                throw Failure(description: "connection closed before a full response; had \(pending.count) bytes: \(String(decoding: pending, as: UTF8.self))")
            }
            pending += chunk
        }
    }
}

/// The blocking reads run on a thread of their own, never on the cooperative pool (which the server's
/// handlers need: blocking it would starve them on a 2-core machine).
extension RawClient {
    func readResponse(headRequest: Bool = false) async throws -> ParsedResponse {
        try await offPool { try self.readResponseSync(headRequest: headRequest) }
    }
    func readToEnd() async throws -> [UInt8] { try await offPool { try self.readToEndSync() } }
    func isClosedByPeer() async -> Bool { (try? await offPool { self.isClosedByPeerSync() }) ?? true }
}

func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        // A thread of its own: neither the cooperative pool nor Dispatch's workers (which the server uses).
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

struct ParsedResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    func headers(named name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    static func parse(_ bytes: [UInt8], headRequest: Bool) -> (ParsedResponse, Int)? {
        let marker: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4 else { return nil }
        var headEnd: Int? = nil
        for i in 0...(bytes.count - 4) where Array(bytes[i..<(i + 4)]) == marker {
            headEnd = i + 4
            break
        }
        guard let headEnd else { return nil }
        let head = String(decoding: bytes[0..<(headEnd - 4)], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = ParsedResponse(status: status, headers: headers, body: [])
        var length = 0
        if !headRequest && !(100...199).contains(status) && status != 204 && status != 304 {
            length = Int(response.header("Content-Length") ?? "0") ?? 0
        }
        guard bytes.count >= headEnd + length else { return nil }
        response.body = Array(bytes[headEnd..<(headEnd + length)])
        return (response, headEnd + length)
    }
}

/// Starts a server on a free loopback port for one test and shuts it down afterwards.
func withServer<T>(
    _ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    errorRenderer: HTTPErrorRenderer? = nil,
    handler: @escaping HTTPHandler = echoHandler,
    _ body: (HTTPServer) async throws -> T
) async throws -> T {
    try await withServer(configure, errorRenderer: errorRenderer,
                         serve: { request, responder in responder.respond { await handler(request) } }, body)
}

/// The same with a callback handler, answering through its `HTTPResponder`.
func withServer<T>(
    _ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    errorRenderer: HTTPErrorRenderer? = nil,
    serve: @escaping HTTPServeFunction,
    _ body: (HTTPServer) async throws -> T
) async throws -> T {
    var configuration = HTTPServerConfiguration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, errorRenderer: errorRenderer, serve: serve)
    try server.start()
    do {
        let result = try await body(server)
        await server.shutdown(gracePeriod: .seconds(2))
        return result
    } catch {
        await server.shutdown(gracePeriod: .seconds(2))
        throw error
    }
}

/// Answers with the method, target and body it received, so tests can see what the server parsed.
let echoHandler: HTTPHandler = { request in
    var body = Array("\(request.method.rawValue) \(request.target) ".utf8)
    body += request.body
    return HTTPServerResponse(status: .ok, headerFields: [.contentType: "text/plain"], body: body)
}
