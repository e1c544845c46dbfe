import Gateway

/// myKaarma's answers → unified codes (providers.md): a refusal is `provider_rejected`, whatever its
/// `errorCode`; a SUCCESS without `messageUUID` is `provider_error`; warnings are `provider_warning`.
enum MyKaarmaErrors {
    static let refused: GatewayErrorCode = .providerRejected
    static let successWithoutID: GatewayErrorCode = .providerError
    static let warningCode = "provider_warning"
}
