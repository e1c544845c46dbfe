import Foundation
import HTTPServer
import HTTPTypes

/// myKaarma's "send a text to a customer" on the wire:
/// `POST /communications/department/{d}/user/{u}/customer/{c}/message`, Basic auth, JSON in and out.
/// Its own errors use the response shape with `status: "FAILURE"` and `errors[]`.
struct MyKaarmaWire: ProviderWire {
    let username: String
    let password: String
    /// Add `WWW-Authenticate: Basic` to the 401. Off by default: swift-corelibs-foundation's
    /// URLSession never completes such a request without a delegate (it waits on the challenge).
    let authenticateChallenge: Bool
    /// The one `Authorization` value spelled as a client encodes these credentials, checked before
    /// the general decoding (which accepts every spelling of them) so the usual request skips it.
    private let expectedAuthorization: String

    init(username: String, password: String, authenticateChallenge: Bool) {
        self.username = username
        self.password = password
        self.authenticateChallenge = authenticateChallenge
        expectedAuthorization = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    private static let topKeys: Set<String> = ["messageAttributes", "messageSendingAttributes"]
    private static let messageKeys: Set<String> = ["body", "isManual", "protocol", "type"]
    private static let sendingKeys: Set<String> = [
        "communicationValueOfCustomer", "sendSynchronously", "callbackURL", "callbackMetaData",
        "addTCPAFooter", "addSignature", "addFooter", "sendVCard",
    ]
    private static let sendingFlags = ["sendSynchronously", "addTCPAFooter", "addSignature", "addFooter", "sendVCard"]

    /// The path's identifiers, percent-decoded.
    struct Accepted: Sendable {
        var departmentUUID: String
        var userUUID: String
        var customerID: String
    }

    func check(_ request: HTTPServerRequest) -> WireCheck<Accepted> {
        guard let ids = Self.pathIdentifiers(request.path) else {
            return .rejected(Self.failure(.notFound, "NOT_FOUND", "No such resource."))
        }
        guard request.method == .post else {
            return .rejected(Self.failure(.methodNotAllowed, "METHOD_NOT_ALLOWED", "Use POST.", extra: [.allow: "POST"]))
        }
        guard request.headerFields[.authorization] == expectedAuthorization
              || WireChecks.basicCredentials(request.headerFields).map({ $0.username == username && $0.password == password }) == true
        else {
            let challenge: HTTPFields = authenticateChallenge ? [.wwwAuthenticate: "Basic realm=\"myKaarma\""] : [:]
            return .rejected(Self.failure(.unauthorized, "UNAUTHORIZED", "Invalid or missing credentials.", extra: challenge))
        }
        if let accept = request.headerFields[.accept]?.lowercased(),
           !accept.contains("application/json"), !accept.contains("*/*") {
            return .rejected(Self.failure(.notAcceptable, "NOT_ACCEPTABLE", "Only application/json is produced."))
        }
        guard WireChecks.hasMediaType(request.headerFields, "application/json") else {
            return .rejected(Self.failure(.unsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json."))
        }
        switch Self.checkBody(request.body) {
        case .failure(let problem):
            return .rejected(Self.failure(.badRequest, problem.code, problem.description))
        case .success(let recipient):
            return .accepted(ids, recipient: recipient)
        }
    }

    /// `/communications/department/{d}/user/{u}/customer/{c}/message`, each segment non-empty.
    /// (Split as bytes: with the path getter, splitting by `Character` was 6.5% of the simulator's samples.)
    private static func pathIdentifiers(_ path: Substring) -> Accepted? {
        let segments = Array(path.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        func literal(_ i: Int, _ word: String) -> Bool { segments[i].elementsEqual(word.utf8) }
        guard segments.count == 9, segments[0].isEmpty, literal(1, "communications"), literal(2, "department"),
              literal(4, "user"), literal(6, "customer"), literal(8, "message"),
              let department = FormURLEncoded.decodePathSegment(segments[3]), !department.isEmpty,
              let user = FormURLEncoded.decodePathSegment(segments[5]), !user.isEmpty,
              let customer = FormURLEncoded.decodePathSegment(segments[7]), !customer.isEmpty
        else { return nil }
        return Accepted(departmentUUID: department, userUUID: user, customerID: customer)
    }

    private struct Problem: Error {
        var code: String
        var description: String
        static func invalid(_ what: String) -> Problem { Problem(code: "INVALID_REQUEST", description: what) }
    }

    /// The recipient (`communicationValueOfCustomer`, optional) of a well-formed body.
    private static func checkBody(_ body: [UInt8]) -> Result<String?, Problem> {
        guard let top = JSONValue.parse(body)?.objectValue else { return .failure(.invalid("Body is not a JSON object.")) }
        guard top.keys.allSatisfy(topKeys.contains) else { return .failure(.invalid("Unknown field in request body.")) }
        guard let message = top["messageAttributes"]?.objectValue, message.keys.allSatisfy(messageKeys.contains) else {
            return .failure(.invalid("messageAttributes is missing or malformed."))
        }
        guard let text = message["body"]?.stringValue, !text.isEmpty else {
            return .failure(.invalid("messageAttributes.body is required."))
        }
        if let isManual = message["isManual"], isManual.boolValue == nil {
            return .failure(.invalid("messageAttributes.isManual must be a boolean."))
        }
        guard message["protocol"] == "TEXT" else { return .failure(.invalid("messageAttributes.protocol must be TEXT.")) }
        guard message["type"] == "OUTGOING" else { return .failure(.invalid("messageAttributes.type must be OUTGOING.")) }

        guard let sendingValue = top["messageSendingAttributes"] else { return .success(nil) }
        guard let sending = sendingValue.objectValue, sending.keys.allSatisfy(sendingKeys.contains) else {
            return .failure(.invalid("messageSendingAttributes is malformed."))
        }
        for flag in sendingFlags {
            if let value = sending[flag], value.boolValue == nil {
                return .failure(.invalid("messageSendingAttributes.\(flag) must be a boolean."))
            }
        }
        if let url = sending["callbackURL"], url.stringValue == nil {
            return .failure(.invalid("messageSendingAttributes.callbackURL must be a string."))
        }
        if let meta = sending["callbackMetaData"], meta.objectValue == nil {
            return .failure(.invalid("messageSendingAttributes.callbackMetaData must be an object."))
        }
        guard let phoneValue = sending["communicationValueOfCustomer"] else { return .success(nil) }
        guard let phone = phoneValue.stringValue, WireChecks.isE164(phone) else {
            return .failure(Problem(code: "INVALID_COMMUNICATION_VALUE", description: "communicationValueOfCustomer is not a valid phone number."))
        }
        return .success(phone)
    }

    func answer(_ behaviour: SimulatedBehaviour, to accepted: Accepted) -> HTTPServerResponse {
        switch behaviour {
        case .httpStatus(let status, let retryAfter):
            return Self.failure(status, "HTTP_\(status.code)", status.reasonPhrase, extra: Answers.retryAfter(retryAfter))
        case .nonJSON:
            return Answers.nonJSON
        case .missingFields:
            return Answers.json(.ok, ["requestUUID": .string(MessageIDs.uuid())])
        case .myKaarma(let status, let errors, let warnings, let messageUUID):
            return Self.answer(status: status, errors: errors, warnings: warnings, messageUUID: messageUUID,
                               customer: accepted.customerID)
        default:
            return Self.answer(status: "SUCCESS", errors: [], warnings: [], messageUUID: true, customer: accepted.customerID)
        }
    }

    /// The full response shape, HTTP 200.
    private static func answer(status: String, errors: [ProviderIssue], warnings: [ProviderIssue],
                               messageUUID: Bool, customer: String) -> HTTPServerResponse {
        var fields: [String: JSONValue] = [
            "status": .string(status),
            "requestUUID": .string(MessageIDs.uuid()),
            "customerUUID": .string(customer),
            "errors": .array(errors.map(errorEntry)),
            "warnings": .array(warnings.map { ["warningCode": .string($0.code), "warningDescription": .string($0.description)] }),
            "metaData": [:],
        ]
        if messageUUID { fields["messageUUID"] = .string(MessageIDs.uuid()) }
        return Answers.json(.ok, .object(fields))
    }

    /// myKaarma's own error answer: the response shape with `status: "FAILURE"` and one error.
    static func failure(_ status: HTTPResponse.Status, _ code: String, _ description: String,
                        extra: HTTPFields = [:]) -> HTTPServerResponse {
        Answers.json(status, [
            "status": "FAILURE",
            "requestUUID": .string(MessageIDs.uuid()),
            "errors": [errorEntry(ProviderIssue(code, description))],
            "warnings": [],
        ], extra: extra)
    }

    private static func errorEntry(_ issue: ProviderIssue) -> JSONValue {
        ["errorCode": .string(issue.code), "errorDescription": .string(issue.description),
         "errorUID": .string(MessageIDs.uuid())]
    }
}
