import Gateway
import Store

/// CarGurus' `error_code` → unified code (providers.md). Anything not listed: `provider_rejected`.
enum CarGurusErrors {
    static let table: [String: GatewayErrorCode] = [
        "100": .providerRejected,     // bad or malformed request
        "101": .providerAuthFailed,   // missing or invalid authentication credentials
        "102": .providerAuthFailed,   // invalid application id
        "103": .providerUnavailable,  // I/O error
        "105": .providerError,        // unexpected error
        "108": .dealerRejected,       // invalid dealer
        "110": .invalidRecipient,     // missing/invalid 'to' phone number
        "111": .invalidContent,       // missing/invalid sms content
        "112": .invalidSender,        // invalid 'from' phone number
        "113": .recipientOptedOut,    // blocked 'to' phone number (STOP)
    ]

    static func code(for providerCode: String) -> GatewayErrorCode {
        table[providerCode] ?? .providerRejected
    }
}

extension GatewayErrorCode {
    /// The record status a provider-reported error implies: unknown when the provider itself cannot
    /// say whether the message went out (`provider_error`), failed otherwise.
    var recordStatus: MessageStatus {
        self == .providerError ? .unknown : .failed
    }
}
