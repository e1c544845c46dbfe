import ArgumentParser

@main
struct SMSGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sms-gateway",
        abstract: "One HTTP API for sending dealer SMS through CarGurus, myKaarma or sendsms.",
        subcommands: [ServeCommand.self, CheckConfigCommand.self, HealthcheckCommand.self, DemoCommand.self, SimulateCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
