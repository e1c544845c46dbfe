import Store

/// The message shape of api.md (201 body and GET /messages/{id}), keys in the contract's order.
enum RecordJSON {
    static func render(_ record: MessageRecord, includeError: Bool) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"id\":"); w.string(record.id)
        w.raw(",\"status\":"); w.string(record.status.rawValue)
        w.raw(",\"dealer_id\":"); w.string(record.dealerID)
        w.raw(",\"provider\":"); w.string(record.providerType)
        w.raw(",\"provider_account\":"); w.string(record.providerAccount)
        w.raw(",\"provider_message_id\":"); w.optionalString(record.providerMessageID)
        w.raw(",\"to\":"); w.string(record.recipient)
        w.raw(",\"segments\":"); w.int(record.segments)
        w.raw(",\"encoding\":"); w.string(record.encoding)
        w.raw(",\"created_at\":"); w.string(Timestamps.rfc3339(record.createdAt))
        w.raw(",\"metadata\":{")
        for (i, key) in record.metadata.keys.sorted().enumerated() {
            if i > 0 { w.raw(",") }
            w.string(key); w.raw(":"); w.string(record.metadata[key] ?? "")
        }
        w.raw("},\"warnings\":[")
        for (i, warning) in record.warnings.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"code\":"); w.string(warning.code); w.raw(",\"message\":"); w.string(warning.message); w.raw("}")
        }
        w.raw("]")
        if includeError, record.status != .sent, let e = record.error {
            w.raw(",\"error\":{\"code\":"); w.string(e.code)
            w.raw(",\"message\":"); w.string(e.message)
            w.raw(",\"retryable\":"); w.bool(e.retryable)
            w.raw(",\"field\":"); w.optionalString(e.field)
            w.raw(",\"provider\":"); w.optionalString(e.provider)
            w.raw(",\"provider_code\":"); w.optionalString(e.providerCode)
            w.raw(",\"provider_message\":"); w.optionalString(e.providerMessage)
            w.raw("}")
        }
        w.raw("}")
        return w.bytes
    }
}

extension StoredError {
    init(_ e: GatewayError) {
        self.init(code: e.code.rawValue, message: e.message, retryable: e.retryable, field: e.field,
                  provider: e.provider, providerCode: e.providerCode, providerMessage: e.providerMessage)
    }
}
