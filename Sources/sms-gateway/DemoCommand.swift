import ArgumentParser

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the three provider simulators on loopback and the gateway with config/demo.yaml.")

    @Option(name: .long, help: "Path of the demo configuration.")
    var config: String = "config/demo.yaml"

    func run() async throws {
        print("demo: not available yet")
        throw ExitCode(1)
    }
}
