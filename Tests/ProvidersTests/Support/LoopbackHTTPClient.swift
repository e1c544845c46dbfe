#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Gateway

/// One HTTP answer as the test client read it off the wire.
struct HTTPReply: Sendable {
    var status: Int
    /// Header fields in the order received.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first value of a header field, name compared case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every value of a header field.
    func headers(named name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON, nil when it is not.
    var json: JSONValue? { try? JSONReader().parse(body).get() }
}

/// A minimal HTTP/1.1 client over a loopback TCP socket: one request per connection, bytes exactly as
/// given (so tests can send what URLSession would not: no Content-Type, invalid UTF-8, odd headers).
///
/// Its blocking socket calls run on a thread of its own, never on the Swift concurrency pool, which
/// the servers under test need for their handlers.
enum LoopbackHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends one request to `127.0.0.1:port` and reads its answer (`Content-Length` framed).
    static func send(port: Int, method: String, path: String, headers: [(String, String)], body: [UInt8],
                     timeout: TimeInterval = 10) async throws -> HTTPReply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + body
        let isHead = method == "HEAD"
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try exchange(port: port, bytes: bytes, isHead: isHead, timeout: timeout) })
            }
        }
    }

    private static func exchange(port: Int, bytes: [UInt8], isHead: Bool, timeout: TimeInterval) throws -> HTTPReply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to \(port): errno \(errno)") }

        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += n
        }

        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        for _ in 0..<100_000 {  // bounded: each read either grows `received`, ends, or times out
            if let reply = parse(received, isHead: isHead) { return reply }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: errno == EAGAIN ? "read timed out" : "recv: errno \(errno)") }
            received += chunk[0..<n]
        }
        if let reply = parse(received, isHead: isHead) { return reply }
        throw Failure(description: "incomplete answer: \(String(decoding: received, as: UTF8.self))")
    }

    /// A complete answer in `bytes`, or nil while more is needed.
    static func parse(_ bytes: [UInt8], isHead: Bool) -> HTTPReply? {
        let marker: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4, let headEnd = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == marker }) else {
            return nil
        }
        let lines = String(decoding: bytes[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var reply = HTTPReply(status: status, headers: headers, body: [])
        let length = isHead ? 0 : Int(reply.header("Content-Length") ?? "0") ?? 0
        let bodyStart = headEnd + 4
        guard bytes.count >= bodyStart + length else { return nil }
        reply.body = Array(bytes[bodyStart..<(bodyStart + length)])
        return reply
    }
}
