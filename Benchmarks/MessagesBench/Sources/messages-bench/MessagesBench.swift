import ArgumentParser
import Providers

/// scripts/bench-messages.sh's helper: `serve` runs the provider simulators and a gateway in front of
/// them; `load` sends paced POSTs and reports latency percentiles.
@main
struct MessagesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages-bench",
        abstract: "POST /messages benchmark: simulators + gateway (serve) and a paced load client (load).",
        subcommands: [ServeCommand.self, LoadCommand.self])
}

/// Which of the gateway's upstream clients (`Providers.UpstreamClient`) the gateway uses.
enum TransportKind: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `URLSessionTransport`.
    case urlsession
    /// `AsyncHTTPClientTransport`, the gateway's default.
    case ahc

    var client: UpstreamClient {
        switch self {
        case .urlsession: .urlSession
        case .ahc: .asyncHTTPClient
        }
    }
}
