import ArgumentParser

/// scripts/bench-messages.sh's helper: `serve` runs the provider simulators and a gateway in front of
/// them; `load` sends paced POSTs and reports latency percentiles.
@main
struct MessagesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages-bench",
        abstract: "POST /messages benchmark: simulators + gateway (serve) and a paced load client (load).",
        subcommands: [ServeCommand.self, LoadCommand.self])
}

/// Which `UpstreamTransport` the gateway uses.
enum TransportKind: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// The gateway's own `URLSessionTransport` (Providers).
    case urlsession
    /// `AsyncHTTPClientTransport` from this package.
    case ahc
}
