/// A failure answered in the unified error schema (api.md, "Errors").
///
/// `field` names the one input the error is about (`to`, `options.from_mask`, a header name), else nil.
/// `provider`, `providerCode` and `providerMessage` are set only for errors that arose at or after an
/// adapter's call. `retryAfter` is the value of a `Retry-After` header to send with the response
/// (never part of the body).
public struct GatewayError: Error, Sendable, Equatable {
    /// The unified code; decides status and `retryable`.
    public var code: GatewayErrorCode
    /// Human-readable text for the caller.
    public var message: String
    /// The input this error is about, or nil.
    public var field: String?
    /// The provider type (`cargurus`, `mykaarma`, `sendsms`) when the error arose at or after the adapter's call.
    public var provider: String?
    /// The provider's own code as a string (`"113"`, `"E111"`, `"http_503"`), or nil.
    public var providerCode: String?
    /// The provider's own text, or nil.
    public var providerMessage: String?
    /// The `Retry-After` header value to send, or nil.
    public var retryAfter: String?

    /// Creates an error; `message` defaults to the code's ``GatewayErrorCode/defaultMessage``.
    public init(
        code: GatewayErrorCode,
        message: String? = nil,
        field: String? = nil,
        provider: String? = nil,
        providerCode: String? = nil,
        providerMessage: String? = nil,
        retryAfter: String? = nil
    ) {
        self.code = code
        self.message = message ?? code.defaultMessage
        self.field = field
        self.provider = provider
        self.providerCode = providerCode
        self.providerMessage = providerMessage
        self.retryAfter = retryAfter
    }

    /// The HTTP status of the response (from the code's table row).
    public var httpStatus: Int { code.httpStatus }

    /// Whether the caller may retry (from the code's table row).
    public var retryable: Bool { code.retryable }

    /// A 400 `invalid_request` about one input field.
    public static func invalidRequest(field: String, _ message: String) -> GatewayError {
        GatewayError(code: .invalidRequest, message: message, field: field)
    }

    /// A 400 `invalid_json`.
    public static func invalidJSON(_ message: String) -> GatewayError {
        GatewayError(code: .invalidJSON, message: message)
    }
}
