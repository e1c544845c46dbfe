import ArgumentParser
import Foundation
import Gateway
import HTTPServer
import Logging
import Providers
import Store

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: load the configuration and serve HTTP until SIGTERM/SIGINT.")

    @Option(name: .long, help: "Path of the YAML or JSON configuration file.")
    var config: String = "config/gateway.yaml"

    @Option(name: .long, help: "HTTP client for provider calls: async-http-client (default) or urlsession.")
    var upstreamClient: UpstreamClient = .default

    @Option(name: .long, help: "Message store: sqlite (default, storage.sqlite_path) or memory (lost at exit: benchmarks only).")
    var store: StoreChoice = .sqlite

    func run() async throws {
        MallocTuning.apply()
        let loaded: GatewayConfig
        do {
            loaded = try GatewayConfigLoader.load(path: config)
        } catch {
            StartupFailure.report("configuration invalid", detail: error.description)
            throw ExitCode(1)
        }
        let store: any GatewayStore = switch self.store {
        case .sqlite: try StartupFailure.openStore(path: loaded.storage.sqlitePath)
        case .memory: InMemoryMessageStore()
        }
        let gateway = try await GatewayProcess.start(config: loaded, configPath: config, store: store,
                                                     upstream: upstreamClient)
        await gateway.runUntilSignalled()
    }
}

extension UpstreamClient: ExpressibleByArgument {}

/// `serve --store`: the durable SQLite store, or records and keys in memory only (lost at exit; for
/// measuring what the store costs, never for production).
enum StoreChoice: String, ExpressibleByArgument {
    case sqlite, memory
}

/// A fatal start-up error, as one JSON log line (api.md: "Logging and privacy").
enum StartupFailure {
    /// Opens the SQLite store, or reports why not and exits 1.
    static func openStore(path: String) throws -> SQLiteMessageStore {
        do {
            return try SQLiteMessageStore(path: path)
        } catch {
            report("message store unusable", detail: "\(error)")
            throw ExitCode(1)
        }
    }

    static func report(_ message: String, detail: String) {
        var handler = JSONLogHandler(label: "sms-gateway", level: .info)
        handler.metadata = ["error": "\(detail)"]
        Logger(label: "sms-gateway") { _ in handler }.critical("\(message)")
    }
}
