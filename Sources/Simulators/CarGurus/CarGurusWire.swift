import HTTPServer
import HTTPTypes

/// CarGurus' Dealer SMS API on the wire: `POST` form-urlencoded `appId`, `authToken` and `body`
/// (the DealerSMSRequest JSON); answers always HTTP 200 with a DealerSMSResponse.
struct CarGurusWire: ProviderWire {
    static let path = "/Cars/api/1.0/dealerSMSRequest.action"
    static let maxBodyCharacters = 1600
    static let maxMediaURLs = 10
    private static let requestKeys: Set<String> = ["dealer_id", "from", "to", "body", "media_urls"]

    let appID: String
    let authToken: String

    /// The checked DealerSMSRequest.
    struct Accepted: Sendable {
        var to: String
    }

    func check(_ request: HTTPServerRequest) -> WireCheck<Accepted> {
        guard request.path == Self.path else { return .rejected(Answers.html(.notFound)) }
        guard request.method == .post else {
            return .rejected(Answers.html(.methodNotAllowed, extra: [.allow: "POST"]))
        }
        guard WireChecks.hasMediaType(request.headerFields, "application/x-www-form-urlencoded"),
              let pairs = FormURLEncoded.parse(request.body)
        else { return reject(.malformedRequest) }
        var form: [String: String] = [:]
        for (name, value) in pairs {
            // Only the three documented parameters, each once.
            guard ["appId", "authToken", "body"].contains(name), form[name] == nil else { return reject(.malformedRequest) }
            form[name] = value
        }
        guard form["appId"] == appID else { return reject(.invalidApplicationID) }
        guard form["authToken"] == authToken else { return reject(.invalidCredentials) }
        guard let bodyText = form["body"], let json = JSONValue.parse(Array(bodyText.utf8)),
              let fields = json.objectValue, fields.keys.allSatisfy(Self.requestKeys.contains)
        else { return reject(.malformedRequest) }
        return checkDealerSMSRequest(fields)
    }

    private func checkDealerSMSRequest(_ fields: [String: JSONValue]) -> WireCheck<Accepted> {
        // Types first: a wrong type is a malformed request.
        for key in ["dealer_id", "from", "to", "body"] {
            if let value = fields[key], value.stringValue == nil { return reject(.malformedRequest) }
        }
        var mediaURLs: [String] = []
        if let media = fields["media_urls"] {
            guard let items = media.arrayValue else { return reject(.malformedRequest) }
            for item in items {
                guard let url = item.stringValue else { return reject(.malformedRequest) }
                mediaURLs.append(url)
            }
        }
        // Exactly one of dealer_id and from.
        switch (fields["dealer_id"]?.stringValue, fields["from"]?.stringValue) {
        case (let dealer?, nil):
            guard !dealer.isEmpty else { return reject(.invalidDealer) }
        case (nil, let from?):
            guard WireChecks.isE164(from) else { return reject(.invalidFrom) }
        default:
            return reject(.malformedRequest)
        }
        guard let to = fields["to"]?.stringValue, WireChecks.isE164(to) else { return reject(.invalidTo) }
        let body = fields["body"]?.stringValue ?? ""
        guard !body.isEmpty || !mediaURLs.isEmpty,
              body.count <= Self.maxBodyCharacters,
              mediaURLs.count <= Self.maxMediaURLs,
              mediaURLs.allSatisfy({ $0.hasPrefix("http://") || $0.hasPrefix("https://") })
        else { return reject(.invalidContent) }
        return .accepted(Accepted(to: to), recipient: to)
    }

    func answer(_ behaviour: SimulatedBehaviour, to accepted: Accepted) -> HTTPServerResponse {
        switch behaviour {
        case .httpStatus(let status, let retryAfter):
            return Answers.html(status, extra: Answers.retryAfter(retryAfter))
        case .nonJSON:
            return Answers.nonJSON
        case .missingFields:
            return Answers.json(.ok, ["message": "queued"])
        case .carGurusError(let code, let asString):
            return Self.error(code: code, asString: asString)
        default:
            return Answers.json(.ok, ["success": true, "sid": .string("MM" + MessageIDs.hex(32))])
        }
    }

    private func reject(_ code: CarGurusErrorCode) -> WireCheck<Accepted> {
        .rejected(Self.error(code: code.rawValue, asString: false))
    }

    /// `{"success": false, "error": {"error_code": code, "description": ...}}`, HTTP 200.
    static func error(code: Int, asString: Bool) -> HTTPServerResponse {
        let codeValue: JSONValue = asString ? .string(String(code)) : .number(Double(code))
        return Answers.json(.ok, [
            "success": false,
            "error": ["error_code": codeValue, "description": .string(CarGurusErrorCode.description(of: code))],
        ])
    }
}
