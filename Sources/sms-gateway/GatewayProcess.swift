import Dispatch
import Foundation
import Gateway
import HTTPServer
import Logging
import Providers
import Store
import Locking
#if canImport(Glibc)
import Glibc
#endif

/// A running gateway: the HTTP server, the app, and the process's signal handling
/// (api.md "Shutdown": SIGTERM/SIGINT drain and exit 0; SIGHUP reloads the configuration).
final class GatewayProcess: Sendable {
    let app: GatewayApp
    let server: HTTPServer
    let logger: Logger
    let configPath: String?
    private let settings: ServerSettings
    private let transport: any UpstreamTransport

    private init(app: GatewayApp, server: HTTPServer, logger: Logger, configPath: String?, settings: ServerSettings,
                 transport: any UpstreamTransport) {
        self.app = app
        self.server = server
        self.logger = logger
        self.configPath = configPath
        self.settings = settings
        self.transport = transport
    }

    static func start(config: GatewayConfig, configPath: String?, store: any GatewayStore,
                      upstream: UpstreamClient = .default) async throws -> GatewayProcess {
        // A full disk or a file-size limit must be an EFBIG error from a write (store unusable, 503), not
        // the death of the process by SIGXFSZ.
        Glibc.signal(SIGXFSZ, SIG_IGN)
        let level = JSONLogHandler.level(configured: config.server.logLevel)
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        let logger = Logger(label: "sms-gateway")
        let transport = upstream.makeTransport()
        let runtime = GatewayRuntime(config: config, plugins: ProviderRegistry.builtIn, transport: transport)
        let app = GatewayApp(runtime: runtime, store: store, logger: logger)
        let metrics = app.metrics
        let server = HTTPServer(configuration: config.server.httpServerConfiguration, errorRenderer: app.errorRenderer,
                                onConnectionCountChange: { metrics.connectionsChanged($0) }, serve: app.serve)
        do {
            try server.start()
        } catch {
            StartupFailure.report("cannot listen", detail: "\(error)")
            throw error
        }
        logger.info("listening", metadata: ["host": "\(config.server.host)", "port": "\(server.port)"])
        startPruning(store: store, logger: logger)
        return GatewayProcess(app: app, server: server, logger: logger, configPath: configPath, settings: config.server,
                              transport: transport)
    }

    /// Idempotency keys are kept 24 hours (api.md); older ones are deleted at start and every 10 minutes.
    private static func startPruning(store: any GatewayStore, logger: Logger) {
        Task.detached(priority: .background) {
            while !Task.isCancelled {
                do {
                    let removed = try await store.pruneIdempotencyKeys(before: Date().addingTimeInterval(-24 * 60 * 60))
                    if removed > 0 { logger.info("idempotency keys pruned", metadata: ["count": "\(removed)"]) }
                } catch {
                    logger.error("idempotency key pruning failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(600))
            }
        }
    }

    /// Blocks until SIGTERM or SIGINT has been handled and the server has drained.
    func runUntilSignalled() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "signals")
            let sources = Signals(queue: queue)
            sources.on(SIGHUP) { [self] in reload() }
            let stop: @Sendable () -> Void = { [self] in
                Task {
                    await self.drainAndStop()
                    sources.cancelAll()
                    done.resume()
                }
            }
            sources.once([SIGTERM, SIGINT], stop)
        }
    }

    /// api.md "Shutdown": readyz 503 at once, serve on through drain_delay_ms, then stop accepting,
    /// finish in-flight requests, and give up at shutdown_grace_ms after the signal.
    func drainAndStop() async {
        let signalledAt = ContinuousClock.now
        app.readiness.beginDraining()
        logger.notice("draining", metadata: ["drain_delay_ms": "\(settings.drainDelayMs)", "shutdown_grace_ms": "\(settings.shutdownGraceMs)"])
        if settings.drainDelayMs > 0 {
            try? await Task.sleep(for: .milliseconds(settings.drainDelayMs))
        }
        let deadline = signalledAt + .milliseconds(settings.shutdownGraceMs)
        let remaining = max(.zero, deadline - ContinuousClock.now)
        await server.shutdown(gracePeriod: remaining)
        await transport.shutdown()
        logger.notice("stopped")
    }

    /// SIGHUP: load the file again; swap it in whole if valid, else keep the old one and log why.
    func reload() {
        guard let configPath else { return }
        do {
            let config = try GatewayConfigLoader.load(path: configPath)
            app.replace(runtime: GatewayRuntime(config: config, plugins: ProviderRegistry.builtIn, transport: transport))
            logger.notice("configuration reloaded", metadata: ["clients": "\(config.clients.count)", "dealers": "\(config.dealers.count)"])
        } catch {
            logger.error("configuration reload failed; keeping the previous one", metadata: ["error": "\(error.description)"])
        }
    }
}

/// Dispatch signal sources (the default action is ignored so the source sees the signal).
final class Signals: @unchecked Sendable {
    private let queue: DispatchQueue
    private var sources: [any DispatchSourceSignal] = []  // touched only on `queue` and at setup
    private let lock = NSLock()

    init(queue: DispatchQueue) { self.queue = queue }

    func on(_ signal: Int32, _ action: @escaping @Sendable () -> Void) {
        Glibc.signal(signal, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
        source.setEventHandler(handler: action)
        source.resume()
        lock.withLock { sources.append(source) }
    }

    /// Runs `action` on the first of `signals`; later ones are ignored.
    func once(_ signals: [Int32], _ action: @escaping @Sendable () -> Void) {
        let fired = Locked(false)
        for s in signals {
            on(s) {
                let first = fired.withLock { f -> Bool in
                    defer { f = true }
                    return !f
                }
                if first { action() }
            }
        }
    }

    func cancelAll() {
        lock.withLock {
            for s in sources { s.cancel() }
            sources.removeAll()
        }
    }
}
