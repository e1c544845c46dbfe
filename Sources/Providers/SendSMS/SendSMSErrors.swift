import Gateway

/// sendsms' `error-code` → unified code (providers.md). Anything not listed: `provider_rejected`.
enum SendSMSErrors {
    static let table: [String: GatewayErrorCode] = [
        "E111": .invalidSender,  // Invalid Sender
    ]

    static func code(for providerCode: String) -> GatewayErrorCode {
        table[providerCode] ?? .providerRejected
    }
}
