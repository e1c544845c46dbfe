/// Applies the checks that depend on the dealer's provider, in api.md's order, after the request was
/// decoded and the dealer resolved:
///
/// 1. 400 `invalid_request` `customer_id`: required by the provider and missing (`""` counts as missing).
/// 2. 400 `invalid_request` `from`: used by the provider and not E.164.
/// 3. 400 `invalid_request` `options.from_mask`: used and over 11 Unicode scalars.
/// 4. 422 `invalid_recipient` `to`: not E.164.
/// 5. 422 `invalid_content`: no body and no media (`body`); body over 1600 Unicode scalars (`body`);
///    media for a provider without media, more than 10 media, a media element that is not an absolute
///    http(s) URL (`media_urls`), in that order.
///
/// Inputs the provider does not use (`from`, `customer_id`, options) are not checked for format; each
/// becomes an `option_ignored` warning naming it.
public enum MessageValidator {
    /// Longest body, in Unicode scalar values.
    public static let maxBodyScalars = 1600
    /// Most media URLs.
    public static let maxMediaURLs = 10
    /// Longest `from_mask`, in Unicode scalar values.
    public static let maxFromMaskLength = 11

    /// Validates `request` for a provider with `capabilities`.
    public static func validate(_ request: MessageRequest, capabilities: ProviderCapabilities) -> Result<ValidatedMessage, GatewayError> {
        if let error = senderError(request, capabilities) ?? recipientError(request) ?? contentError(request, capabilities) {
            return .failure(error)
        }
        let count = SMSSegments.count(request.body ?? "")
        return .success(ValidatedMessage(
            request: request, segments: count.segments, encoding: count.encoding,
            warnings: ignoredInputs(request, capabilities)
        ))
    }

    /// The 400s: `customer_id`, `from`, `options.from_mask`.
    private static func senderError(_ request: MessageRequest, _ capabilities: ProviderCapabilities) -> GatewayError? {
        if capabilities.requiresCustomerID, (request.customerID ?? "").isEmpty {
            return .invalidRequest(field: "customer_id", "Field 'customer_id' is required for a \(capabilities.providerType) dealer.")
        }
        if capabilities.usesFrom, let from = request.from, !E164.isValid(from) {
            return .invalidRequest(field: "from", "Field 'from' must be an E.164 number such as +15551234567.")
        }
        let fromMask = MessageOptionKey.fromMask
        if capabilities.usedOptions.contains(fromMask.rawValue), let mask = request.options.fromMask,
           mask.unicodeScalars.count > maxFromMaskLength {
            return .invalidRequest(field: fromMask.fieldName, "Option '\(fromMask.fieldName)' is longer than \(maxFromMaskLength) characters.")
        }
        return nil
    }

    /// 422 `invalid_recipient`.
    private static func recipientError(_ request: MessageRequest) -> GatewayError? {
        guard !E164.isValid(request.to) else { return nil }
        return GatewayError(code: .invalidRecipient, message: "Field 'to' must be an E.164 number such as +15551234567.", field: "to")
    }

    /// 422 `invalid_content`.
    private static func contentError(_ request: MessageRequest, _ capabilities: ProviderCapabilities) -> GatewayError? {
        let body = request.body ?? ""
        let media = request.mediaURLs
        if body.isEmpty && media.isEmpty {
            return content("The message needs a 'body' or 'media_urls'.", field: "body")
        }
        let scalars = body.unicodeScalars.count
        if scalars > maxBodyScalars {
            return content("Field 'body' has \(scalars) characters; at most \(maxBodyScalars) are allowed.", field: "body")
        }
        guard !media.isEmpty else { return nil }
        if !capabilities.supportsMedia {
            return content("The dealer's provider (\(capabilities.providerType)) does not send media.", field: "media_urls")
        }
        if media.count > maxMediaURLs {
            return content("Field 'media_urls' has \(media.count) URLs; at most \(maxMediaURLs) are allowed.", field: "media_urls")
        }
        if let index = media.firstIndex(where: { !MediaURL.isValid($0) }) {
            return content("Element \(index) of 'media_urls' is not an absolute http:// or https:// URL.", field: "media_urls")
        }
        return nil
    }

    private static func content(_ message: String, field: String) -> GatewayError {
        GatewayError(code: .invalidContent, message: message, field: field)
    }

    /// `option_ignored` warnings: `from`, `customer_id`, then options in request order.
    private static func ignoredInputs(_ request: MessageRequest, _ capabilities: ProviderCapabilities) -> [MessageWarning] {
        var names: [String] = []
        if request.from != nil, !capabilities.usesFrom { names.append("from") }
        if request.customerID != nil, !capabilities.requiresCustomerID { names.append("customer_id") }
        for key in request.options.setKeys where !capabilities.usedOptions.contains(key) {
            names.append("options.\(key)")
        }
        return names.map { name in
            MessageWarning(
                code: MessageWarning.optionIgnoredCode,
                message: "'\(name)' is not used by the dealer's provider (\(capabilities.providerType)) and was ignored."
            )
        }
    }
}
