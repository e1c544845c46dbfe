#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import HTTPTypes

/// One accepted TCP connection: reads bytes, feeds the parser, hands one request at a time to the
/// handler with an `HTTPResponder` (pipelined requests wait their turn, so answers leave in order),
/// writes each answer in one write where the socket takes it, and enforces the timeouts.
///
/// All mutable state is confined to `queue`; the only entry points from elsewhere hop onto it.
/// The Dispatch sources' handlers hold the connection strongly; that cycle ends when the last source's
/// cancel handler has run (the sources are released there), so a connection lives exactly as long as
/// its socket, even if the server that accepted it is gone.
final class Connection: @unchecked Sendable {
    let id: Int
    let queue: DispatchQueue
    private let fd: Int32
    private let peer: String
    private let configuration: HTTPServerConfiguration
    private let serve: HTTPServeFunction
    private let errorRenderer: HTTPErrorRenderer
    private let onClose: @Sendable (Int) -> Void

    private var parser: HTTPRequestParser
    private var readSource: (any DispatchSourceRead)?
    private var readSuspended = false
    private var writeSource: (any DispatchSourceWrite)?
    private var writeSuspended = true
    private var timer: (any DispatchSourceTimer)?
    private var scheduledDeadline: UInt64? = nil
    private var liveSources = 0

    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var afterWrite: AfterWrite = .next
    private enum AfterWrite { case next, linger }

    private var inFlight = false
    /// True while `serve` runs on the queue: an answer given inside it is written after it returns.
    private var dispatching = false
    /// What writing the answer to the request in flight needs of it (the request itself is the handler's).
    private var answering = Answering(keepAlive: true, headOnly: false, version: .http1_1)
    private struct Answering {
        var keepAlive: Bool
        var headOnly: Bool
        var version: HTTPVersion
    }
    private var peerClosed = false
    private var draining = false
    private var closed = false
    private var lingering = false
    private var lingerBytes = 0
    private var requestsServed = 0

    private let acceptedAt: UInt64
    private var headStartedAt: UInt64
    private var lastReadAt: UInt64
    private var lastResponseAt: UInt64 = 0
    private var writeStartedAt: UInt64 = 0
    private var lingerStartedAt: UInt64 = 0

    /// Bytes a connection may buffer while its current request is handled before it stops reading.
    private let readBackpressureBytes: Int
    /// Marks each connection's queue with its id, so code can tell whether it runs on it.
    private static let queueKey = DispatchSpecificKey<Int>()
    /// Handlers' tasks prefer this executor: the connection's own queue.
    let executor: QueueTaskExecutor

    init(id: Int, fd: Int32, peer: String, queue: DispatchQueue, configuration: HTTPServerConfiguration,
         serve: @escaping HTTPServeFunction, errorRenderer: @escaping HTTPErrorRenderer,
         onClose: @escaping @Sendable (Int) -> Void) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.queue = queue
        self.configuration = configuration
        self.serve = serve
        self.errorRenderer = errorRenderer
        self.onClose = onClose
        self.parser = HTTPRequestParser(limits: configuration.parserLimits)
        self.executor = QueueTaskExecutor(queue: queue)
        queue.setSpecific(key: Connection.queueKey, value: id)
        let now = DispatchTime.now().uptimeNanoseconds
        self.acceptedAt = now
        self.headStartedAt = now
        self.lastReadAt = now
        self.readBackpressureBytes = configuration.maxTargetBytes + configuration.maxHeaderBytes + configuration.maxBodyBytes + 65_536
    }

    /// Starts reading. Called once, on `queue`.
    func start() {
        let read = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        read.setEventHandler { [self] in self.onReadable() }
        read.setCancelHandler { [self] in self.sourceCancelled() }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.setEventHandler { [self] in self.onTimer() }
        timer.setCancelHandler { [self] in self.sourceCancelled() }
        liveSources = 2
        self.readSource = read
        self.timer = timer
        timer.schedule(deadline: .distantFuture)
        timer.resume()
        read.resume()
        armTimer()
    }

    /// Called on `queue` when the server begins its graceful shutdown.
    func beginDrain() {
        guard !closed else { return }
        draining = true
        if !inFlight && pending.isEmpty && parser.phase == .idle && !lingering {
            close()
        }
    }

    /// Called on `queue` when the server's grace period is over.
    func forceClose() {
        close()
    }

    // MARK: - Reading

    private func onReadable() {
        guard !closed else { return }
        let n = withUnsafeTemporaryAllocation(byteCount: 32_768, alignment: 16) { buffer -> Int in
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 && !lingering {
                if parser.phase == .idle && requestsServed > 0 {
                    headStartedAt = DispatchTime.now().uptimeNanoseconds
                }
                parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
            return n
        }
        if n > 0 {
            lastReadAt = DispatchTime.now().uptimeNanoseconds
            if lingering {
                lingerBytes += n
                if lingerBytes > 1 << 20 { close() }
                return
            }
            processBuffered()
        } else if n == 0 {
            peerClosed = true
            suspendReading()
            if lingering || (!inFlight && pending.isEmpty) {
                // A half-closed peer with a complete request still buffered is answered first.
                if !lingering && !inFlight && parser.bufferedByteCount > 0 {
                    processBuffered()
                    if inFlight || !pending.isEmpty { return }
                }
                close()
            }
        } else {
            let e = errno
            if e == EAGAIN || e == EWOULDBLOCK || e == EINTR { return }
            close()
        }
    }

    private func suspendReading() {
        guard let read = readSource, !readSuspended else { return }
        read.suspend()
        readSuspended = true
    }

    private func resumeReading() {
        guard let read = readSource, readSuspended, !peerClosed else { return }
        readSuspended = false
        read.resume()
    }

    /// Parses and dispatches as many buffered requests as may run now (one at a time).
    private func processBuffered() {
        while !closed && !inFlight && pending.isEmpty && !lingering {
            switch parser.next() {
            case .needMoreData:
                resumeReading()
                armTimer()
                return
            case .expectContinue:
                write(ResponseSerializer.continueResponse, then: .next)
            case .request(var parsed):
                if draining {
                    let request = parsed
                    respond(error: .shuttingDown, head: request.head, version: request.version)
                    return
                }
                parsed.remoteAddress = peer
                answering = Answering(keepAlive: parsed.keepAlive, headOnly: parsed.method == .head, version: parsed.version)
                inFlight = true
                requestsServed += 1
                if parser.bufferedByteCount > readBackpressureBytes { suspendReading() }
                armTimer()
                dispatching = true
                serve(parsed, HTTPResponder(connection: self, sequence: requestsServed))
                dispatching = false
                return
            case .error(let error, let head):
                respond(error: error, head: head, version: .http1_1)
                return
            }
        }
    }

    // MARK: - Answering

    /// The answer to request number `sequence`, from its responder on any thread.
    func answer(_ response: HTTPServerResponse, sequence: Int) {
        // From a handler's task on the connection's executor: already on `queue`. From inside `serve`
        // (an answer given at once): after `serve` returns, so that `processBuffered` does not recurse.
        if onQueueOutsideServe() {
            finish(response, sequence: sequence)
        } else {
            queue.async { self.finish(response, sequence: sequence) }
        }
    }

    /// A responder let go without answering.
    func answerUnanswered(sequence: Int) {
        queue.async {
            guard self.inFlight, sequence == self.requestsServed else { return }
            self.finish(self.errorRenderer(.unanswered, nil), sequence: sequence)
        }
    }

    /// Whether this runs on `queue` but not inside `serve`: there an answer is written at once.
    /// (`dispatching` is read only on `queue`.)
    private func onQueueOutsideServe() -> Bool {
        DispatchQueue.getSpecific(key: Connection.queueKey) == id && !dispatching
    }

    // MARK: - Writing

    private func finish(_ response: HTTPServerResponse, sequence: Int) {
        guard inFlight, sequence == requestsServed else { return }
        inFlight = false
        guard !closed else { return }
        if response.resetConnection {
            Socket.setLingerZero(fd)
            close()
            return
        }
        let close = !answering.keepAlive || response.closeConnection || draining || peerClosed
            || requestsServed >= configuration.maxRequestsPerConnection
            || response.headerFields[.connection].map { $0.lowercased().contains("close") } == true
        let bytes = ResponseSerializer.serialize(
            response, headOnly: answering.headOnly, close: close,
            http10KeepAlive: answering.version == .http1_0 && !close)
        write(bytes, then: close ? .linger : .next)
    }

    /// Answers a protocol error (or a request refused while draining) and closes.
    private func respond(error: HTTPServerError, head: HTTPRequest?, version: HTTPVersion) {
        let response = errorRenderer(error, head)
        let bytes = ResponseSerializer.serialize(response, headOnly: head?.method == .head, close: true, http10KeepAlive: false)
        write(bytes, then: .linger)
    }

    private func write(_ bytes: [UInt8], then: AfterWrite) {
        guard !closed else { return }
        pending = bytes
        pendingOffset = 0
        afterWrite = then
        writeStartedAt = DispatchTime.now().uptimeNanoseconds
        flush()
    }

    private func flush() {
        while pendingOffset < pending.count {
            let n = pending.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + pendingOffset, raw.count - pendingOffset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                pendingOffset += n
                continue
            }
            let e = errno
            if n < 0 && (e == EAGAIN || e == EWOULDBLOCK || e == EINTR) {
                waitForWritable()
                armTimer()
                return
            }
            close()
            return
        }
        pending = []
        pendingOffset = 0
        if let w = writeSource, !writeSuspended {
            w.suspend()
            writeSuspended = true
        }
        switch afterWrite {
        case .next:
            lastResponseAt = DispatchTime.now().uptimeNanoseconds
            if parser.phase != .idle { headStartedAt = lastResponseAt }
            if peerClosed && parser.bufferedByteCount == 0 {
                close()
                return
            }
            if draining && parser.phase == .idle && !inFlight {
                close()
                return
            }
            processBuffered()
            if !inFlight && pending.isEmpty && !closed { armTimer() }
        case .linger:
            startLinger()
        }
    }

    private func waitForWritable() {
        if writeSource == nil {
            let w = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
            w.setEventHandler { [unowned self] in
                if !self.closed { self.flush() }
            }
            w.setCancelHandler { [self] in self.sourceCancelled() }
            liveSources += 1
            writeSource = w
            writeSuspended = true
        }
        if writeSuspended, let w = writeSource {
            writeSuspended = false
            w.resume()
        }
    }

    /// After an answer that closes the connection: send FIN, then read and discard what the client
    /// still sends for a short while, so that closing with unread data does not reset the
    /// connection and destroy the answer before the client reads it.
    private func startLinger() {
        if peerClosed {
            close()
            return
        }
        lingering = true
        lingerStartedAt = DispatchTime.now().uptimeNanoseconds
        shutdown(fd, Int32(SHUT_WR))
        resumeReading()
        armTimer()
    }

    // MARK: - Timeouts

    private static let lingerNanos: UInt64 = 1_000_000_000

    private func nanos(_ d: Duration) -> UInt64 {
        let (s, a) = d.components
        return UInt64(max(0, s)) * 1_000_000_000 + UInt64(max(0, a / 1_000_000_000))
    }

    /// The instant at which the connection's current state times out, if it can.
    private func currentDeadline() -> UInt64? {
        if closed { return nil }
        if lingering { return lingerStartedAt + Self.lingerNanos }
        if !pending.isEmpty { return writeStartedAt + nanos(configuration.writeTimeout) }
        if inFlight { return nil }
        switch parser.phase {
        case .idle:
            return requestsServed == 0
                ? acceptedAt + nanos(configuration.headerTimeout)
                : lastResponseAt + nanos(configuration.idleTimeout)
        case .head:
            return (requestsServed == 0 ? acceptedAt : headStartedAt) + nanos(configuration.headerTimeout)
        case .body:
            return lastReadAt + nanos(configuration.bodyTimeout)
        case .failed:
            return nil
        }
    }

    private func armTimer() {
        guard let timer, let deadline = currentDeadline() else { return }
        if let scheduled = scheduledDeadline, scheduled <= deadline { return }
        scheduledDeadline = deadline
        timer.schedule(deadline: DispatchTime(uptimeNanoseconds: deadline))
    }

    private func onTimer() {
        scheduledDeadline = nil
        guard !closed, let deadline = currentDeadline() else { return }
        if DispatchTime.now().uptimeNanoseconds < deadline {
            armTimer()
            return
        }
        if lingering || !pending.isEmpty {
            close()
            return
        }
        switch parser.phase {
        case .head where parser.bufferedByteCount > 0, .body:
            respond(error: .requestTimeout, head: nil, version: .http1_1)
        default:
            close()
        }
    }

    // MARK: - Closing

    private func close() {
        guard !closed else { return }
        closed = true
        if let read = readSource {
            if readSuspended { read.resume(); readSuspended = false }
            read.cancel()
        }
        if let w = writeSource {
            if writeSuspended { w.resume(); writeSuspended = false }
            w.cancel()
        }
        timer?.cancel()
    }

    private func sourceCancelled() {
        liveSources -= 1
        guard liveSources == 0 else { return }
        Glibc.close(fd)
        readSource = nil
        writeSource = nil
        timer = nil
        onClose(id)
    }
}
