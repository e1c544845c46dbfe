#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import HTTPTypes
import Locking

/// A small HTTP/1.1 server on non-blocking sockets and Dispatch sources.
///
/// ```swift
/// let server = HTTPServer(configuration: config, handler: { request in ... })
/// // or, answering later from a callback: HTTPServer(configuration: config, serve: { request, responder in ... })
/// try server.start()
/// ...
/// await server.shutdown(gracePeriod: .seconds(25))
/// ```
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let serve: HTTPServeFunction
    private let errorRenderer: HTTPErrorRenderer
    private let onConnectionCountChange: (@Sendable (Int) -> Void)?
    private let acceptQueue = DispatchQueue(label: "http.accept")
    private let state = Locked(State())

    /// The listening socket's source; only created, then cancelled once, under the state lock.
    private final class ListenerSource: @unchecked Sendable {
        let source: any DispatchSourceRead
        init(source: any DispatchSourceRead) { self.source = source }
    }

    private struct State: ~Copyable {
        var listener: Int32 = -1
        var listenerSource: ListenerSource? = nil
        var port = 0
        var connections: [Int: Connection] = [:]
        var nextID = 0
        var draining = false
        var started = false
    }

    /// - Parameters:
    ///   - errorRenderer: renders the server's own error answers; the default is a small JSON body.
    ///   - onConnectionCountChange: told the number of open connections whenever it changes (for a gauge).
    ///   - serve: called on the connection's queue with each request; answers through the responder.
    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
                errorRenderer: HTTPErrorRenderer? = nil,
                onConnectionCountChange: (@Sendable (Int) -> Void)? = nil,
                serve: @escaping HTTPServeFunction) {
        self.configuration = configuration
        self.serve = serve
        self.errorRenderer = errorRenderer ?? HTTPServer.defaultErrorRenderer
        self.onConnectionCountChange = onConnectionCountChange
    }

    /// A server whose handler is an async function: each request runs as a task on its connection's
    /// executor, and what the function returns is the answer.
    public convenience init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
                            errorRenderer: HTTPErrorRenderer? = nil,
                            onConnectionCountChange: (@Sendable (Int) -> Void)? = nil,
                            handler: @escaping HTTPHandler) {
        self.init(configuration: configuration, errorRenderer: errorRenderer, onConnectionCountChange: onConnectionCountChange,
                  serve: { request, responder in responder.respond { await handler(request) } })
    }

    /// Binds and starts accepting. Throws when the address cannot be bound.
    public func start() throws {
        let fd = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let port = Socket.localPort(fd)
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: acceptQueue)
        source.setEventHandler { [weak self] in self?.acceptPending() }
        source.setCancelHandler { Glibc.close(fd) }
        state.withLock {
            $0.listener = fd
            $0.listenerSource = ListenerSource(source: source)
            $0.port = port
            $0.started = true
        }
        source.resume()
    }

    /// The bound port (useful with `port: 0`).
    public var port: Int { state.withLock { $0.port } }

    /// Open connections right now.
    public var connectionCount: Int { state.withLock { $0.connections.count } }

    /// Graceful shutdown: stop accepting, close idle connections, let in-flight requests finish
    /// (their answers carry `Connection: close`; a new request on an open connection is answered
    /// 503 through the error renderer), and force-close whatever is left at the deadline.
    /// Returns when no connection is left.
    public func shutdown(gracePeriod: Duration) async {
        let connections: [Connection] = state.withLock { s in
            s.draining = true
            s.listenerSource?.source.cancel()
            s.listenerSource = nil
            return Array(s.connections.values)
        }
        for c in connections { c.queue.async { c.beginDrain() } }

        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: gracePeriod)
        while clock.now < deadline && connectionCount > 0 {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let left: [Connection] = state.withLock { Array($0.connections.values) }
        for c in left { c.queue.async { c.forceClose() } }
        // Closing completes asynchronously; wait briefly (bounded) for the cancel handlers.
        var waits = 0
        while connectionCount > 0 && waits < 200 {
            try? await Task.sleep(for: .milliseconds(5))
            waits += 1
        }
    }

    // MARK: - Accepting

    private static let connectionTarget = DispatchQueue(label: "http.connections", attributes: .concurrent)

    private func acceptPending() {
        // Bounded per wake-up; the source fires again while more are pending.
        for _ in 0..<256 {
            let listener = state.withLock { $0.listener }
            guard let (fd, peer) = Socket.accept(listener) else { return }
            let registered: (Connection, Int)? = state.withLock { s in
                guard !s.draining, s.connections.count < configuration.maxConnections else { return nil }
                s.nextID += 1
                let queue = DispatchQueue(label: "http.connection", target: HTTPServer.connectionTarget)
                let connection = Connection(
                    id: s.nextID, fd: fd, peer: peer, queue: queue, configuration: configuration,
                    serve: serve, errorRenderer: errorRenderer,
                    onClose: { [weak self] id in self?.connectionClosed(id) })
                s.connections[s.nextID] = connection
                return (connection, s.connections.count)
            }
            guard let (connection, count) = registered else {
                Glibc.close(fd)
                continue
            }
            onConnectionCountChange?(count)
            connection.queue.async { connection.start() }
        }
    }

    private func connectionClosed(_ id: Int) {
        let count = state.withLock { s -> Int in
            s.connections[id] = nil
            return s.connections.count
        }
        onConnectionCountChange?(count)
    }

    // MARK: - Default error answers

    /// A minimal JSON error body; applications supply their own renderer for their error schema.
    public static let defaultErrorRenderer: HTTPErrorRenderer = { error, _ in
        let body = "{\"error\":{\"status\":\(error.status.code),\"message\":\"\(String(error.reason.map { $0 == "\"" ? "'" : $0 }))\"}}"
        return HTTPServerResponse(status: error.status, headerFields: [.contentType: "application/json"], body: Array(body.utf8), closeConnection: true)
    }
}
