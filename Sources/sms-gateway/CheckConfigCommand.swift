import ArgumentParser
import Foundation
import Gateway

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration file; print its errors (never a secret) and exit non-zero if any.")

    @Option(name: .long, help: "Path of the YAML or JSON configuration file.")
    var config: String = "config/gateway.yaml"

    func run() throws {
        do {
            let loaded = try GatewayConfigLoader.load(path: config)
            print("\(config): OK (\(loaded.clients.count) clients, \(loaded.providers.count) provider accounts, \(loaded.dealers.count) dealers)")
        } catch {
            FileHandle.standardError.write(Data("\(config): invalid\n\(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
