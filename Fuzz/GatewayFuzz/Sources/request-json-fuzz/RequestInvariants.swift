import FuzzSupport
import Gateway

/// What must hold for every decoded and validated body (api.md). The checks use the project's
/// `JSONReader` on the raw body and small independent oracles (E.164, the GSM alphabet, segment bounds)
/// rather than the code under test.
enum RequestInvariants {
    /// Decoding: deterministic; a failure is 400 `invalid_json` (no field) exactly when the body is not
    /// a JSON object, else 400 `invalid_request` whose `field` names an input of the body; a success
    /// carries the body's `dealer_id` and `to`.
    static func checkDecoded(_ decoded: Result<MessageRequest, GatewayError>, body: [UInt8]) {
        require(MessageRequestDecoder.decode(body) == decoded, "decoding the same body twice gave different results")
        let parsed = JSONReader().parse(body)
        let members: [JSONMember]? = if case .success(.object(let list)) = parsed { list } else { nil }
        switch decoded {
        case .failure(let error):
            checkErrorBody(error)
            require(error.httpStatus == 400, "decode error \(error.code) is not a 400")
            switch error.code {
            case .invalidJSON:
                require(members == nil, "invalid_json for a body that is a JSON object")
                require(error.field == nil, "invalid_json names a field")
            case .invalidRequest:
                guard let members else { violated("invalid_request for a body that is not a JSON object") }
                guard let field = error.field else { violated("invalid_request without a field: \(error.message)") }
                require(namesInput(field, members), "field \"\(field)\" names no input of the body")
            default:
                violated("decoding answered \(error.code.rawValue)")
            }
        case .success(let request):
            guard let members else { violated("a body that is not a JSON object decoded") }
            require(member("dealer_id", members) == .string(request.dealerID), "dealer_id differs from the body's")
            require(member("to", members) == .string(request.to), "to differs from the body's")
            require(request.metadata.count == request.metadataKeys.count, "metadata keys and values differ in number")
            require(request.metadata.count <= MessageRequestDecoder.maxMetadataKeys, "more metadata keys than allowed")
            require(Set(members.map(\.key)).count == members.count, "a body with a duplicate member decoded")
        }
    }

    /// Validation: the answer is the first rule of api.md's order that the request breaks (the oracle
    /// restates each rule), with that rule's code and field; a success satisfies every rule and its
    /// segment count fits its body and encoding.
    static func checkValidated(_ result: Result<ValidatedMessage, GatewayError>, request: MessageRequest,
                               capabilities: ProviderCapabilities) {
        let body = request.body ?? ""
        let media = request.mediaURLs
        let rules: [(broken: Bool, code: GatewayErrorCode, field: String)] = [
            (capabilities.requiresCustomerID && (request.customerID ?? "").isEmpty, .invalidRequest, "customer_id"),
            (capabilities.usesFrom && !Oracle.isE164(request.from ?? "+15551234567"), .invalidRequest, "from"),
            (capabilities.usedOptions.contains("from_mask") && (request.options.fromMask?.unicodeScalars.count ?? 0) > 11,
             .invalidRequest, "options.from_mask"),
            (!Oracle.isE164(request.to), .invalidRecipient, "to"),
            ((body.isEmpty && media.isEmpty) || body.unicodeScalars.count > 1600, .invalidContent, "body"),
            (!media.isEmpty && (!capabilities.supportsMedia || media.count > 10 || media.contains { !MediaURL.isValid($0) }),
             .invalidContent, "media_urls"),
        ]
        let expected = rules.first { $0.broken }
        switch result {
        case .failure(let error):
            checkErrorBody(error)
            guard let expected else {
                violated("\(capabilities.providerType): refused with \(error.code.rawValue) \(error.field ?? "nil") but breaks no rule")
            }
            require(error.code == expected.code && error.field == expected.field,
                    "\(capabilities.providerType): refused with \(error.code.rawValue) \(error.field ?? "nil"), expected \(expected.code.rawValue) \(expected.field)")
            require(error.httpStatus == (error.code == .invalidRequest ? 400 : 422), "wrong status for \(error.code)")
        case .success(let message):
            if let expected { violated("\(capabilities.providerType): accepted but breaks the \(expected.field) rule") }
            require(message.request == request, "validation changed the request")
            for url in media { require(Oracle.looksLikeHTTPURL(url), "accepted media URL \(url)") }
            checkSegments(message, body: body)
            let ignored = (request.from != nil && !capabilities.usesFrom ? 1 : 0)
                + (request.customerID != nil && !capabilities.requiresCustomerID ? 1 : 0)
                + request.options.setKeys.filter { !capabilities.usedOptions.contains($0) }.count
            require(message.warnings.count == ignored, "\(message.warnings.count) warnings for \(ignored) ignored inputs")
            require(message.warnings.allSatisfy { $0.code == MessageWarning.optionIgnoredCode }, "a warning is not option_ignored")
        }
    }

    /// `segments`/`encoding` against the body: none and 0 for no text; otherwise GSM-7 exactly when every
    /// character is in the GSM alphabet, and a part count between what the units need when every part is
    /// full and when every part is one unit short (a character is never split).
    static func checkSegments(_ message: ValidatedMessage, body: String) {
        if body.isEmpty {
            require(message.segments == 0 && message.encoding == .none, "no text but \(message.segments) \(message.encoding)")
            return
        }
        let septets = body.unicodeScalars.map(Oracle.gsmSeptets)
        let gsm = septets.allSatisfy { $0 != nil }
        require(message.encoding == (gsm ? .gsm7 : .ucs2), "encoding \(message.encoding) for a \(gsm ? "GSM" : "non-GSM") text")
        let units = gsm ? septets.reduce(0) { $0 + ($1 ?? 0) } : body.utf16.count
        let (single, part) = gsm ? (160, 153) : (70, 67)
        let lower = units <= single ? 1 : (units + part - 1) / part
        let upper = units <= single ? 1 : (units + part - 2) / (part - 1)
        require(message.segments >= lower && message.segments <= upper,
                "\(message.segments) segments for \(units) \(message.encoding) units (expected \(lower)...\(upper))")
    }

    /// The unified error body: valid JSON (read back with `JSONReader`), keys in the contract's order,
    /// every value what the error holds; the code is a row of the table.
    static func checkErrorBody(_ error: GatewayError) {
        require(GatewayErrorCode(rawValue: error.code.rawValue) == error.code, "code outside the table")
        require(!error.message.isEmpty, "empty error message")
        require(error.provider == nil && error.providerCode == nil && error.providerMessage == nil, "provider fields before the adapter")
        let bytes = error.responseBody(messageID: nil, requestID: "fuzz-request-id")
        guard case .success(.object(let top)) = JSONReader().parse(bytes) else {
            violated("the error body is not a JSON object: \(String(decoding: bytes, as: UTF8.self))")
        }
        require(top.map(\.key) == ["error", "id", "request_id"], "error body keys \(top.map(\.key))")
        require(top[1].value == .null && top[2].value == .string("fuzz-request-id"), "id or request_id altered")
        guard case .object(let fields) = top[0].value else { violated("\"error\" is not an object") }
        require(fields.map(\.key) == ["code", "message", "retryable", "field", "provider", "provider_code", "provider_message"],
                "error keys \(fields.map(\.key))")
        require(fields[0].value == .string(error.code.rawValue), "code does not round-trip")
        require(fields[1].value == .string(error.message), "message does not round-trip: \(error.message)")
        require(fields[2].value == .bool(error.retryable), "retryable does not round-trip")
        require(fields[3].value == (error.field.map(JSONValue.string) ?? .null), "field does not round-trip")
        require(fields[4...].allSatisfy { $0.value == .null }, "provider fields not null")
    }

    /// True when `field` is a member of the body (top level, `options.x`, `metadata.x`), or a required
    /// member the body lacks. Non-empty unless the body really has a member named "".
    private static func namesInput(_ field: String, _ members: [JSONMember]) -> Bool {
        if members.contains(where: { $0.key == field }) { return true }
        if field == "dealer_id" || field == "to" { return true }
        for section in ["options", "metadata"] where field.hasPrefix(section + ".") {
            let key = String(field.dropFirst(section.count + 1))
            if case .object(let inner)? = member(section, members), inner.contains(where: { $0.key == key }) { return true }
        }
        return false
    }

    private static func member(_ key: String, _ members: [JSONMember]) -> JSONValue? {
        members.first { $0.key == key }?.value
    }
}
