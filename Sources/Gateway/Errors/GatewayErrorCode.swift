/// Every error code of the unified error schema (api.md, "Errors").
///
/// The raw value is the wire code. HTTP status, retryability and the default human message all come
/// from one table, ``GatewayErrorCode/entry``, so the whole contract is visible at a glance.
public enum GatewayErrorCode: String, Sendable, CaseIterable {
    case malformedRequest = "malformed_request"
    case invalidJSON = "invalid_json"
    case invalidRequest = "invalid_request"
    case unauthorized = "unauthorized"
    case forbidden = "forbidden"
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case idempotencyInProgress = "idempotency_in_progress"
    case requestTimeout = "request_timeout"
    case payloadTooLarge = "payload_too_large"
    case uriTooLong = "uri_too_long"
    case unsupportedMediaType = "unsupported_media_type"
    case idempotencyKeyReused = "idempotency_key_reused"
    case unknownDealer = "unknown_dealer"
    case invalidRecipient = "invalid_recipient"
    case invalidContent = "invalid_content"
    case invalidSender = "invalid_sender"
    case recipientOptedOut = "recipient_opted_out"
    case providerRejected = "provider_rejected"
    case rateLimited = "rate_limited"
    case headersTooLarge = "headers_too_large"
    case internalError = "internal_error"
    case notImplemented = "not_implemented"
    case providerAuthFailed = "provider_auth_failed"
    case dealerRejected = "dealer_rejected"
    case providerError = "provider_error"
    case providerUnavailable = "provider_unavailable"
    case providerTimeout = "provider_timeout"
    case shuttingDown = "shutting_down"
    case notReady = "not_ready"
    case httpVersionNotSupported = "http_version_not_supported"

    /// The HTTP status code this error is answered with.
    public var httpStatus: Int { entry.status }

    /// Whether the caller may retry the same request (`retryable` in the error body).
    public var retryable: Bool { entry.retryable }

    /// The message used when nothing more specific is known.
    public var defaultMessage: String { entry.message }

    /// One row of the contract table.
    private var entry: (status: Int, retryable: Bool, message: String) {
        switch self {
        //                        status  retryable  default message
        case .malformedRequest:        (400, false, "The HTTP request is malformed.")
        case .invalidJSON:             (400, false, "The request body is not a UTF-8 JSON object.")
        case .invalidRequest:          (400, false, "The request does not match the schema.")
        case .unauthorized:            (401, false, "A valid bearer token is required.")
        case .forbidden:               (403, false, "This client may not send for this dealer.")
        case .notFound:                (404, false, "Not found.")
        case .methodNotAllowed:        (405, false, "This method is not allowed on this path.")
        case .idempotencyInProgress:   (409, true,  "A request with this Idempotency-Key is still in progress.")
        case .requestTimeout:          (408, true,  "The request did not arrive in time.")
        case .payloadTooLarge:         (413, false, "The request body is too large.")
        case .uriTooLong:              (414, false, "The request target is too long.")
        case .unsupportedMediaType:    (415, false, "The request body must be application/json.")
        case .idempotencyKeyReused:    (422, false, "This Idempotency-Key was already used with a different request body.")
        case .unknownDealer:           (422, false, "The dealer is not configured.")
        case .invalidRecipient:        (422, false, "The recipient phone number is invalid.")
        case .invalidContent:          (422, false, "The message content is invalid.")
        case .invalidSender:           (422, false, "The sending number or mask was refused.")
        case .recipientOptedOut:       (422, false, "The recipient has opted out of messages from this dealer (replied STOP).")
        case .providerRejected:        (422, false, "The provider refused the message.")
        case .rateLimited:             (429, true,  "Too many requests; retry later.")
        case .headersTooLarge:         (431, false, "The request header fields are too large.")
        case .internalError:           (500, false, "An internal error occurred.")
        case .notImplemented:          (501, false, "Not implemented.")
        case .providerAuthFailed:      (502, false, "The provider refused the gateway's credentials.")
        case .dealerRejected:          (502, false, "The provider does not know the configured dealer.")
        case .providerError:           (502, false, "The provider's answer was unexpected; whether the message was sent is unknown.")
        case .providerUnavailable:     (503, true,  "The provider is unavailable; the message was not sent.")
        case .providerTimeout:         (504, false, "The provider did not answer in time; whether the message was sent is unknown.")
        case .shuttingDown:            (503, true,  "The gateway is shutting down.")
        case .notReady:                (503, true,  "The gateway is not ready.")
        case .httpVersionNotSupported: (505, false, "Only HTTP/1.1 is supported on this port.")
        }
    }
}
