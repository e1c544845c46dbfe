import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Gateway
import Simulators
import Store

/// README's first command: the three provider simulators on loopback and the gateway in front of them.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the three provider simulators on loopback and the gateway with config/demo.yaml; print curl commands.")

    @Option(name: .long, help: "Path of the demo configuration.")
    var config: String = "config/demo.yaml"

    @Flag(name: .long, help: "Send the sample requests, print each answer, and exit (non-zero if one is not as expected).")
    var once = false

    func run() async throws {
        let loaded: GatewayConfig
        do {
            loaded = try GatewayConfigLoader.load(path: config)
        } catch {
            StartupFailure.report("demo configuration invalid", detail: error.description)
            throw ExitCode(1)
        }
        let store = try StartupFailure.openStore(path: loaded.storage.sqlitePath)
        let suite = try DemoSimulators.suite(for: loaded)
        try await suite.start()
        let gateway: GatewayProcess
        do {
            gateway = try await GatewayProcess.start(config: loaded, configPath: config, store: store)
        } catch {
            await suite.stop()
            throw ExitCode(1)
        }
        let samples = DemoSamples(config: loaded, port: gateway.server.port)
        if once {
            let ok = await samples.runAll()
            await gateway.drainAndStop()
            await suite.stop()
            if !ok { throw ExitCode(1) }
            return
        }
        samples.printInstructions()
        await gateway.runUntilSignalled()
        await suite.stop()
    }
}

/// Simulators that accept exactly the credentials and listen on exactly the ports the demo config names.
enum DemoSimulators {
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    static func suite(for config: GatewayConfig) throws -> SimulatorSuite {
        func account<T>(_ type: T.Type) throws -> (ProviderAccountConfig, T) {
            for name in config.providers.keys.sorted() {
                if let account = config.providers[name], let settings = account.settings as? T { return (account, settings) }
            }
            throw Mismatch(description: "the demo configuration needs one provider account of each type")
        }
        let (_, cg) = try account(CarGurusAccountSettings.self)
        let (_, mk) = try account(MyKaarmaAccountSettings.self)
        let (_, ss) = try account(SendSMSAccountSettings.self)
        func port(_ url: String) throws -> Int {
            guard let p = URL(string: url)?.port else { throw Mismatch(description: "demo provider URL \(url) needs an explicit port") }
            return p
        }
        let credentials = SimulatorSuite.Credentials(
            carGurusAppID: cg.appID, carGurusAuthToken: cg.authToken, myKaarmaUsername: mk.username,
            myKaarmaPassword: mk.password, sendSMSAPIKey: ss.apiKey)
        return SimulatorSuite(credentials: credentials, carGurusPort: try port(cg.url), myKaarmaPort: try port(mk.baseURL),
                              sendSMSPort: try port(ss.url))
    }
}
