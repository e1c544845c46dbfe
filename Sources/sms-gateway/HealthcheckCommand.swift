import ArgumentParser
import Foundation
import Gateway
#if canImport(Glibc)
import Glibc
#endif

/// For the container's HEALTHCHECK, so the image needs no curl.
struct HealthcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "GET /healthz on the configured port (PORT overrides); exit 0 when it answers 200, else 1.")

    @Option(name: .long, help: "Path of the configuration file (for the port).")
    var config: String = "config/gateway.yaml"

    @Option(name: .long, help: "Seconds to wait for the answer.")
    var timeout: Int = 3

    func run() throws {
        var port = 8080
        if let fromEnv = ProcessInfo.processInfo.environment["PORT"].flatMap(Int.init) {
            port = fromEnv
        } else if let loaded = try? GatewayConfigLoader.load(path: config) {
            port = loaded.server.port
        }
        guard HealthProbe.get(port: port, path: "/healthz", timeoutSeconds: timeout) == 200 else { throw ExitCode(1) }
    }
}

/// A blocking HTTP/1.1 GET on loopback, returning the status code (nil on any failure).
enum HealthProbe {
    static func get(port: Int, path: String, timeoutSeconds: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n >= 12 else { return nil }
        let statusLine = String(decoding: buffer[0..<n], as: UTF8.self)
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { return nil }
        return Int(parts[1])
    }
}
