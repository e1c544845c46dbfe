import Gateway
import Testing

/// What an error answer must say (api.md, "Errors"). `nil` expectations for `field`, `provider`,
/// `provider_code` and `provider_message` mean the key must be JSON null.
struct ExpectedError {
    var code: String
    var status: Int
    var retryable = false
    var field: String? = nil
    var provider: String? = nil
    var providerCode: String? = nil
    /// Only checked when `checkProviderMessage` is true.
    var providerMessage: String? = nil
    var checkProviderMessage = true
    /// Whether a message record exists (`id` is a message id, not null).
    var hasRecord: Bool
}

/// Checks an error answer against `expected` and the schema: exact key sets, `request_id` equal to the
/// `X-Request-ID` header, a non-empty message. Returns the error's message id, if any.
@discardableResult
func expectError(_ reply: HTTPReply, _ expected: ExpectedError, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    #expect(reply.status == expected.status, "status for \(expected.code): \(reply.bodyText)", sourceLocation: sourceLocation)
    #expect(reply.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
    let requestID = reply.header("X-Request-ID")
    #expect(requestID?.isEmpty == false, "X-Request-ID on every answer", sourceLocation: sourceLocation)
    guard let json = reply.json, let error = json["error"] else {
        Issue.record("not an error body: \(reply.bodyText)", sourceLocation: sourceLocation)
        return nil
    }
    #expect(json.memberNames == ["error", "id", "request_id"], sourceLocation: sourceLocation)
    #expect(error.memberNames.sorted() == ["code", "field", "message", "provider", "provider_code", "provider_message", "retryable"],
            sourceLocation: sourceLocation)
    #expect(error["code"]?.stringValue == expected.code, "code: \(reply.bodyText)", sourceLocation: sourceLocation)
    #expect(error["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(error["retryable"]?.boolValue == expected.retryable, "retryable of \(expected.code)", sourceLocation: sourceLocation)
    expectNullable(error["field"], expected.field, "field", sourceLocation)
    expectNullable(error["provider"], expected.provider, "provider", sourceLocation)
    expectNullable(error["provider_code"], expected.providerCode, "provider_code", sourceLocation)
    if expected.checkProviderMessage {
        expectNullable(error["provider_message"], expected.providerMessage, "provider_message", sourceLocation)
    }
    #expect(json["request_id"]?.stringValue == requestID, sourceLocation: sourceLocation)
    let id = json["id"]?.stringValue
    if expected.hasRecord {
        #expect(id?.hasPrefix("msg_") == true, "a record's id: \(reply.bodyText)", sourceLocation: sourceLocation)
    } else {
        #expect(json["id"]?.isNull == true, "no record, id null: \(reply.bodyText)", sourceLocation: sourceLocation)
    }
    if expected.status == 401 {
        #expect(reply.header("WWW-Authenticate") == "Bearer", sourceLocation: sourceLocation)
    }
    return id
}

private func expectNullable(_ value: JSONValue?, _ expected: String?, _ name: String, _ sourceLocation: SourceLocation) {
    if let expected {
        #expect(value?.stringValue == expected, "\(name): \(String(describing: value))", sourceLocation: sourceLocation)
    } else {
        #expect(value?.isNull == true, "\(name) must be null: \(String(describing: value))", sourceLocation: sourceLocation)
    }
}

extension GatewayHarness {
    /// A request the gateway refused itself: the right error, no upstream request, no record.
    func expectRefused(_ reply: HTTPReply, _ code: String, _ status: Int, field: String?,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        expectError(reply, ExpectedError(code: code, status: status, field: field, hasRecord: false), sourceLocation: sourceLocation)
        #expect(upstreamRequestCount == 0, "no provider was called", sourceLocation: sourceLocation)
        #expect(store.count == 0, "no record was made", sourceLocation: sourceLocation)
    }

    /// A provider-side failure: the error answer, then `GET /messages/{id}` shows the record with
    /// `status` and the same error.
    func expectProviderFailure(_ reply: HTTPReply, _ expected: ExpectedError, recordStatus: String,
                               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let id = expectError(reply, expected, sourceLocation: sourceLocation)
        guard let id else { return }
        let lookup = try await message(id)
        #expect(lookup.status == 200, "GET \(id): \(lookup.bodyText)", sourceLocation: sourceLocation)
        let record = lookup.json
        #expect(record?["id"]?.stringValue == id, sourceLocation: sourceLocation)
        #expect(record?["status"]?.stringValue == recordStatus, "record status: \(lookup.bodyText)", sourceLocation: sourceLocation)
        #expect(record?["provider_message_id"]?.isNull == true, sourceLocation: sourceLocation)
        #expect(record?["error"] == reply.json?["error"], "the record keeps the answer's error", sourceLocation: sourceLocation)
    }
}
