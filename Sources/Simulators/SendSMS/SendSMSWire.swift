import HTTPServer
import HTTPTypes

/// The sendsms JSON API on the wire: `POST {url}` with `x-api-key` and `content-type:
/// application/json`, body `{"action": "sendsms", "message-text", "to", "from", ...}`.
///
/// The seed documents only `E111`; the other codes are this simulator's own: `E100` malformed
/// request, `E101` invalid API key (HTTP 401), `E102` unknown action, `E103` missing message text,
/// `E104` invalid `to`. Failures other than the key are HTTP 200, like the seed's example.
struct SendSMSWire: ProviderWire {
    static let path = "/api"
    static let apiKeyField = HTTPField.Name("x-api-key")
    private static let keys: Set<String> = ["action", "message-text", "to", "from", "from-mask", "campaign-ref", "click-tracking"]

    let apiKey: String

    /// The checked request's numbers, echoed in answers.
    struct Accepted: Sendable {
        var to: String
        var from: String
    }

    func check(_ request: HTTPServerRequest) -> WireCheck<Accepted> {
        guard request.path == Self.path else { return .rejected(Self.failure(.notFound, "E404", "Not found.", to: "")) }
        guard request.method == .post else {
            return .rejected(Self.failure(.methodNotAllowed, "E405", "Method not allowed.", to: "", extra: [.allow: "POST"]))
        }
        guard let field = Self.apiKeyField, request.headerFields[field] == apiKey else {
            return .rejected(Self.failure(.unauthorized, "E101", "Invalid API key.", to: ""))
        }
        guard WireChecks.hasMediaType(request.headerFields, "application/json") else {
            return .rejected(Self.failure(.ok, "E100", "Content type must be application/json.", to: ""))
        }
        guard let fields = JSONValue.parse(request.body)?.objectValue else {
            return .rejected(Self.failure(.ok, "E100", "Malformed JSON request.", to: ""))
        }
        let to = fields["to"]?.stringValue ?? ""
        func reject(_ code: String, _ info: String) -> WireCheck<Accepted> { .rejected(Self.failure(.ok, code, info, to: to)) }

        guard fields.keys.allSatisfy(Self.keys.contains) else { return reject("E100", "Unknown parameter.") }
        for key in ["action", "message-text", "to", "from", "from-mask", "campaign-ref"] {
            if let value = fields[key], value.stringValue == nil { return reject("E100", "\(key) must be a string.") }
        }
        if let tracking = fields["click-tracking"], tracking.boolValue == nil {
            return reject("E100", "click-tracking must be a boolean.")
        }
        guard fields["action"]?.stringValue?.lowercased() == "sendsms" else { return reject("E102", "Invalid action.") }
        guard let text = fields["message-text"]?.stringValue, !text.isEmpty else { return reject("E103", "Missing message text.") }
        guard WireChecks.isE164(to) else { return reject("E104", "Invalid destination number.") }
        guard let from = fields["from"]?.stringValue, Self.isSenderNumber(from) else { return reject("E111", "Invalid Sender.") }
        return .accepted(Accepted(to: to, from: from), recipient: to)
    }

    /// A short code, toll-free or 10DLC number: digits, optionally after `+`.
    private static func isSenderNumber(_ s: String) -> Bool {
        let digits = s.hasPrefix("+") ? Substring(s.dropFirst()) : Substring(s)
        return (3...15).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    func answer(_ behaviour: SimulatedBehaviour, to accepted: Accepted) -> HTTPServerResponse {
        switch behaviour {
        case .httpStatus(let status, let retryAfter):
            return Self.failure(status, "E\(status.code)", status.reasonPhrase, to: accepted.to,
                                extra: Answers.retryAfter(retryAfter))
        case .nonJSON:
            return Answers.nonJSON
        case .missingFields:
            return Answers.json(.ok, ["tracking-id": .string(MessageIDs.hex(12))])
        case .sendSMSFailure(let status, let code, let info):
            return Self.failure(.ok, code, info, to: accepted.to, status: status)
        case .sendSMSSuccess(let status):
            return success(accepted, status: status)
        default:
            return success(accepted, status: "Success")
        }
    }

    private func success(_ accepted: Accepted, status: String) -> HTTPServerResponse {
        Answers.json(.ok, [
            "status": .string(status),
            "tracking-id": .string(MessageIDs.hex(12)),
            "to": .string(accepted.to),
            "from": .string(accepted.from),
            "status-details": "SMS request accepted and queued for delivery",
        ])
    }

    /// `{"status": "Failure", "error-code", "error-info", "to"}`.
    static func failure(_ httpStatus: HTTPResponse.Status, _ code: String, _ info: String, to: String,
                        status: String = "Failure", extra: HTTPFields = [:]) -> HTTPServerResponse {
        Answers.json(httpStatus, [
            "status": .string(status), "error-code": .string(code), "error-info": .string(info), "to": .string(to),
        ], extra: extra)
    }
}
