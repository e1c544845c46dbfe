extension GatewayError {
    /// The response body in the unified error schema, compact, with keys in the contract's order and
    /// explicit nulls:
    /// `{"error":{"code","message","retryable","field","provider","provider_code","provider_message"},"id","request_id"}`.
    ///
    /// - Parameters:
    ///   - messageID: the message record's id when one exists, else nil (`"id": null`).
    ///   - requestID: the request's id.
    public func responseBody(messageID: String?, requestID: String) -> [UInt8] {
        var out = JSONWriter()
        out.raw("{\"error\":{\"code\":")
        out.string(code.rawValue)
        out.raw(",\"message\":")
        out.string(message)
        out.raw(",\"retryable\":")
        out.bool(retryable)
        out.raw(",\"field\":")
        out.optionalString(field)
        out.raw(",\"provider\":")
        out.optionalString(provider)
        out.raw(",\"provider_code\":")
        out.optionalString(providerCode)
        out.raw(",\"provider_message\":")
        out.optionalString(providerMessage)
        out.raw("},\"id\":")
        out.optionalString(messageID)
        out.raw(",\"request_id\":")
        out.string(requestID)
        out.raw("}")
        return out.bytes
    }
}
