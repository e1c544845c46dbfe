import ArgumentParser
import AsyncHTTPClient
import Dispatch
import Foundation
import Gateway
import HTTPServer
import Logging
import NIOCore
import Providers
import Simulators
import Store
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Starts the three simulators (with a fixed added latency) and a gateway in front of them using the
/// chosen transport; captures one upstream request per dealer for the direct baseline; runs until
/// SIGTERM/SIGINT or `--max-seconds`.
enum StoreKind: String, ExpressibleByArgument {
    case memory, sqlite
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve",
                                                    abstract: "Simulators + gateway for the benchmark.")

    @Option(help: "Gateway configuration (its provider URLs and credentials also configure the simulators).")
    var config: String = "messages-bench.yaml"

    @Option(help: "Upstream transport: urlsession or ahc (AsyncHTTPClient, the gateway's default).")
    var transport: TransportKind = .urlsession

    @Option(help: "Message store: memory, or sqlite (a fresh file in the capture directory).")
    var store: StoreKind = .memory

    @Option(help: "Latency every simulator adds before answering, in milliseconds.")
    var latencyMs: Int = 0

    @Option(help: "Directory for the captured requests (wrk scripts and JSON for `load`).")
    var captureDir: String

    @Option(help: "Exit after this many seconds at the latest.")
    var maxSeconds: Int = 900

    func run() async throws {
        let loaded = try GatewayConfigLoader.load(path: config)
        let suite = try Self.simulators(for: loaded, latency: .milliseconds(latencyMs))
        try await suite.start()

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let logger = Logger(label: "messages-bench")
        let upstream = transport.client.makeTransport()
        let runtime = GatewayRuntime(config: loaded, plugins: ProviderRegistry.builtIn, transport: upstream)
        let gatewayStore: any GatewayStore = switch store {
        case .memory: InMemoryMessageStore()
        case .sqlite: try SQLiteMessageStore(path: captureDir + "/bench-\(ProcessInfo.processInfo.processIdentifier).sqlite")
        }
        let app = GatewayApp(runtime: runtime, store: gatewayStore, logger: logger)
        let server = HTTPServer(configuration: loaded.server.httpServerConfiguration, errorRenderer: app.errorRenderer,
                                serve: app.serve)
        try server.start()

        try await capture(gatewayPort: server.port, suite: suite)
        FileHandle.standardOutput.write(
            Data("ready transport=\(transport.rawValue) latency_ms=\(latencyMs) gateway=127.0.0.1:\(server.port)\n".utf8))

        await waitForStop(suite: suite)
        await server.shutdown(gracePeriod: .seconds(1))
        await upstream.shutdown()
        await suite.stop()
    }

    /// Sends one message per dealer through the gateway and writes, per dealer, the gateway request and
    /// the upstream request the simulator received, as JSON (`DEALER.json`) and wrk scripts
    /// (`gateway-DEALER.lua`, `direct-DEALER.lua`, `direct-DEALER.url`).
    private func capture(gatewayPort: Int, suite: SimulatorSuite) async throws {
        try FileManager.default.createDirectory(atPath: captureDir, withIntermediateDirectories: true)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var failure: (any Error)?
        for (dealer, adapter) in Samples.dealers {
            do {
                let gateway = CapturedRequest(
                    method: "POST", url: "http://127.0.0.1:\(gatewayPort)/messages",
                    headers: [["Authorization", "Bearer \(Samples.token)"], ["Content-Type", "application/json"]],
                    body: Samples.body(for: dealer), expectedStatus: 201)
                let status = try await LoadClient.send(gateway, with: client, timeout: .seconds(10))
                guard status == 201 else { throw ValidationError("\(dealer): the gateway answered \(status), not 201") }
                let received: ReceivedRequest?
                let origin: String
                switch adapter {
                case "cargurus": received = suite.carGurus.received.last; origin = "http://127.0.0.1:\(suite.carGurus.port)"
                case "mykaarma": received = suite.myKaarma.received.last; origin = "http://127.0.0.1:\(suite.myKaarma.port)"
                default: received = suite.sendSMS.received.last; origin = "http://127.0.0.1:\(suite.sendSMS.port)"
                }
                guard let received else { throw ValidationError("\(dealer): the simulator saw no request") }
                let direct = CapturedRequest(
                    method: received.method.rawValue, url: origin + received.path,
                    headers: received.headers.filter { !CapturedRequest.skippedHeaders.contains($0.name.canonicalName) }
                        .map { [$0.name.rawName, $0.value] },
                    body: received.bodyText, expectedStatus: 200)
                let directStatus = try await LoadClient.send(direct, with: client, timeout: .seconds(10))
                guard directStatus == 200 else { throw ValidationError("\(dealer): the simulator answered \(directStatus) directly") }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(["gateway": gateway, "direct": direct])
                    .write(to: URL(fileURLWithPath: "\(captureDir)/\(dealer).json"))
                try gateway.wrkScript.write(toFile: "\(captureDir)/gateway-\(dealer).lua", atomically: true, encoding: .utf8)
                try direct.wrkScript.write(toFile: "\(captureDir)/direct-\(dealer).lua", atomically: true, encoding: .utf8)
                try direct.url.write(toFile: "\(captureDir)/direct-\(dealer).url", atomically: true, encoding: .utf8)
            } catch {
                failure = error
                break
            }
        }
        try? await client.shutdown()
        if let failure { throw failure }
    }

    /// Until SIGTERM, SIGINT or `maxSeconds`; meanwhile forgets the simulators' recorded requests every
    /// second so their memory does not grow with the run.
    private func waitForStop(suite: SimulatorSuite) async {
        let stop = Mutex(false)
        let queue = DispatchQueue(label: "signals")
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { stop.withLock { $0 = true } }
            source.resume()
            sources.append(source)
        }
        let deadline = ContinuousClock.now + .seconds(maxSeconds)
        while ContinuousClock.now < deadline, !stop.withLock({ $0 }) {
            try? await Task.sleep(for: .milliseconds(200))
            suite.carGurus.reset()
            suite.myKaarma.reset()
            suite.sendSMS.reset()
        }
        for source in sources { source.cancel() }
    }

    /// Simulators accepting exactly the credentials, on exactly the ports, that `config` names.
    static func simulators(for config: GatewayConfig, latency: Duration) throws -> SimulatorSuite {
        var cg: CarGurusAccountSettings?
        var mk: MyKaarmaAccountSettings?
        var ss: SendSMSAccountSettings?
        for account in config.providers.values {
            if let s = account.settings as? CarGurusAccountSettings { cg = s }
            if let s = account.settings as? MyKaarmaAccountSettings { mk = s }
            if let s = account.settings as? SendSMSAccountSettings { ss = s }
        }
        guard let cg, let mk, let ss else { throw ValidationError("the configuration needs one account of each provider type") }
        func port(_ url: String) throws -> Int {
            guard let p = URL(string: url)?.port else { throw ValidationError("\(url) needs an explicit port") }
            return p
        }
        let credentials = SimulatorSuite.Credentials(
            carGurusAppID: cg.appID, carGurusAuthToken: cg.authToken, myKaarmaUsername: mk.username,
            myKaarmaPassword: mk.password, sendSMSAPIKey: ss.apiKey)
        return SimulatorSuite(credentials: credentials, carGurusPort: try port(cg.url), myKaarmaPort: try port(mk.baseURL),
                              sendSMSPort: try port(ss.url), latency: latency)
    }
}
