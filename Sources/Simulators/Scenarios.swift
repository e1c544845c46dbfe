/// A recipient number with a scripted behaviour.
public struct Scenario: Sendable, Hashable {
    /// The full E.164 number, `+1555010` followed by the four selecting digits.
    public let recipient: String
    public let behaviour: SimulatedBehaviour

    init(_ suffix: String, _ behaviour: SimulatedBehaviour) {
        self.recipient = Scenarios.prefix + suffix
        self.behaviour = behaviour
    }
}

/// The recipient number → behaviour table, for every simulator.
///
/// A simulator reads the recipient (CarGurus and sendsms `to`, myKaarma
/// `communicationValueOfCustomer`) of a well-formed, authenticated request. Numbers
/// `+1555010XXXX` select a behaviour with their last four digits; **any other number succeeds**,
/// as does a behaviour meant for another provider. `script(_:_:)` on a simulator overrides this.
///
/// | XXXX   | behaviour                                                      | simulator |
/// |--------|----------------------------------------------------------------|-----------|
/// | `0000` | success                                                        | all       |
/// | `0401`, `0403`, `0500`, `0502`, `0503` | that HTTP status, provider's error body | all  |
/// | `0429` | HTTP 429 with `Retry-After: 7`                                 | all       |
/// | `0600` | HTTP 200, HTML body (not JSON)                                 | all       |
/// | `0601` | HTTP 200, JSON without the expected fields                     | all       |
/// | `0700` | hang: no answer until `stop()` (then reset)                    | all       |
/// | `0701` | connection reset, no answer                                    | all       |
/// | `1NNN` | slow: wait NNN × 10 ms, then success (`1020` = 200 ms)         | all       |
/// | `2CCC` | `error_code` CCC as a number (`2113` → 113, `2999` → 999)      | CarGurus  |
/// | `3CCC` | `error_code` CCC as a numeric string (`"113"`)                 | CarGurus  |
/// | `4001` | status `FAILURE` with an error                                 | myKaarma  |
/// | `4002` | status `FAILED` without errors                                 | myKaarma  |
/// | `4003` | status `SUCCESS` with an error                                 | myKaarma  |
/// | `4004` | status `SUCCESS` with a warning                                | myKaarma  |
/// | `4005` | status `SUCCESS` without `messageUUID`                         | myKaarma  |
/// | `5111` | `Failure`, `E111` Invalid Sender                               | sendsms   |
/// | `5999` | `Failure`, unknown code `E999`                                 | sendsms   |
/// | `5001` | lowercase `failure`, `E111`                                    | sendsms   |
/// | `5002` | lowercase `success`                                            | sendsms   |
public enum Scenarios {
    /// Every scripted number starts with this.
    public static let prefix = "+1555010"

    // MARK: Every simulator
    public static let success = Scenario("0000", .success)
    public static let http401 = Scenario("0401", .httpStatus(.unauthorized))
    public static let http403 = Scenario("0403", .httpStatus(.forbidden))
    public static let http429 = Scenario("0429", .httpStatus(.tooManyRequests, retryAfterSeconds: 7))
    public static let http500 = Scenario("0500", .httpStatus(.internalServerError))
    public static let http502 = Scenario("0502", .httpStatus(.badGateway))
    public static let http503 = Scenario("0503", .httpStatus(.serviceUnavailable))
    public static let nonJSON = Scenario("0600", .nonJSON)
    public static let missingFields = Scenario("0601", .missingFields)
    public static let hang = Scenario("0700", .hang)
    public static let reset = Scenario("0701", .reset)
    public static let slow200ms = Scenario("1020", .slow(.milliseconds(200)))

    // MARK: CarGurus
    public static let carGurus100 = Scenario("2100", .carGurusError(code: 100))
    public static let carGurus101 = Scenario("2101", .carGurusError(code: 101))
    public static let carGurus102 = Scenario("2102", .carGurusError(code: 102))
    public static let carGurus103 = Scenario("2103", .carGurusError(code: 103))
    public static let carGurus105 = Scenario("2105", .carGurusError(code: 105))
    public static let carGurus108 = Scenario("2108", .carGurusError(code: 108))
    public static let carGurus110 = Scenario("2110", .carGurusError(code: 110))
    public static let carGurus111 = Scenario("2111", .carGurusError(code: 111))
    public static let carGurus112 = Scenario("2112", .carGurusError(code: 112))
    public static let carGurus113 = Scenario("2113", .carGurusError(code: 113))
    public static let carGurusUnknownCode = Scenario("2999", .carGurusError(code: 999))
    public static let carGurus113AsString = Scenario("3113", .carGurusError(code: 113, asString: true))

    // MARK: myKaarma
    public static let myKaarmaFailure = Scenario("4001", .myKaarma(
        status: "FAILURE", errors: [ProviderIssue("INVALID_COMMUNICATION_VALUE", "Phone number is not valid for this customer")],
        messageUUID: false))
    public static let myKaarmaFailureWithoutErrors = Scenario("4002", .myKaarma(status: "FAILED", messageUUID: false))
    public static let myKaarmaSuccessWithErrors = Scenario("4003", .myKaarma(
        errors: [ProviderIssue("CUSTOMER_OPTED_OUT", "Customer has opted out of texts")]))
    public static let myKaarmaWarnings = Scenario("4004", .myKaarma(
        warnings: [ProviderIssue("SIGNATURE_NOT_FOUND", "No signature configured; sent without it")]))
    public static let myKaarmaNoMessageUUID = Scenario("4005", .myKaarma(messageUUID: false))

    // MARK: sendsms
    public static let sendSMSInvalidSender = Scenario("5111", .sendSMSFailure(code: "E111", info: "Invalid Sender."))
    public static let sendSMSUnknownCode = Scenario("5999", .sendSMSFailure(code: "E999", info: "Unknown error."))
    public static let sendSMSLowercaseFailure = Scenario("5001", .sendSMSFailure(status: "failure", code: "E111", info: "Invalid Sender."))
    public static let sendSMSLowercaseSuccess = Scenario("5002", .sendSMSSuccess(status: "success"))

    /// Every named scenario.
    public static let all: [Scenario] = [
        success, http401, http403, http429, http500, http502, http503, nonJSON, missingFields, hang, reset, slow200ms,
        carGurus100, carGurus101, carGurus102, carGurus103, carGurus105, carGurus108, carGurus110, carGurus111,
        carGurus112, carGurus113, carGurusUnknownCode, carGurus113AsString,
        myKaarmaFailure, myKaarmaFailureWithoutErrors, myKaarmaSuccessWithErrors, myKaarmaWarnings, myKaarmaNoMessageUUID,
        sendSMSInvalidSender, sendSMSUnknownCode, sendSMSLowercaseFailure, sendSMSLowercaseSuccess,
    ]

    private static let table: [String: SimulatedBehaviour] =
        Dictionary(all.map { ($0.recipient, $0.behaviour) }, uniquingKeysWith: { first, _ in first })

    /// The behaviour for a recipient: the named table, then the `1NNN`/`2CCC`/`3CCC` families,
    /// else `.success`.
    public static func behaviour(for recipient: String) -> SimulatedBehaviour {
        if let named = table[recipient] { return named }
        guard recipient.hasPrefix(prefix) else { return .success }
        let suffix = Array(recipient.dropFirst(prefix.count).utf8)
        guard suffix.count == 4, suffix.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .success
        }
        let number = suffix.dropFirst().reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        switch suffix[0] {
        case UInt8(ascii: "1"): return .slow(.milliseconds(number * 10))
        case UInt8(ascii: "2"): return .carGurusError(code: number)
        case UInt8(ascii: "3"): return .carGurusError(code: number, asString: true)
        default: return .success
        }
    }
}
