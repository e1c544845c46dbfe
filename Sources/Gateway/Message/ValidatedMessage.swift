/// A non-fatal note returned in the success body's `warnings`.
public struct MessageWarning: Sendable, Equatable {
    /// Machine-readable code, e.g. `option_ignored` or `provider_warning`.
    public var code: String
    /// Human-readable text.
    public var message: String

    /// Creates a warning.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The code for an input the dealer's provider does not use.
    public static let optionIgnoredCode = "option_ignored"
}

/// A request that passed every check for its dealer's provider, ready for the adapter.
public struct ValidatedMessage: Sendable, Equatable {
    /// The decoded request, unchanged.
    public var request: MessageRequest
    /// SMS parts the body takes (0 when there is no text).
    public var segments: Int
    /// The body's encoding (`.none` when there is no text).
    public var encoding: SMSEncoding
    /// `option_ignored` warnings for inputs the provider does not use, in request order.
    public var warnings: [MessageWarning]

    /// Creates a validated message.
    public init(request: MessageRequest, segments: Int, encoding: SMSEncoding, warnings: [MessageWarning]) {
        self.request = request
        self.segments = segments
        self.encoding = encoding
        self.warnings = warnings
    }

    /// The text to send, nil when absent or `""`.
    public var body: String? {
        guard let body = request.body, !body.isEmpty else { return nil }
        return body
    }

    /// The media to send (empty when none).
    public var mediaURLs: [String] { request.mediaURLs }
}
