import HTTPTypes

/// One issue in a myKaarma answer: an entry of `errors` (`errorCode`, `errorDescription`) or of
/// `warnings` (`warningCode`, `warningDescription`).
public struct ProviderIssue: Sendable, Hashable {
    public var code: String
    public var description: String
    public init(_ code: String, _ description: String) {
        self.code = code
        self.description = description
    }
}

/// What a simulator does with a well-formed, authenticated request. Chosen by the recipient
/// number (see `Scenarios`) or scripted with `script(_:_:)`.
///
/// The transport and HTTP-level cases apply to every simulator; the provider-specific cases are
/// acted out only by their own simulator (the others answer `.success` for them).
public enum SimulatedBehaviour: Sendable, Hashable {
    // MARK: Every simulator

    /// The provider's normal success answer.
    case success
    /// Waits this long (bounded by `stop()`), then answers success.
    case slow(Duration)
    /// Never answers; on `stop()` the connection is reset.
    case hang
    /// Resets the TCP connection without answering.
    case reset
    /// This HTTP status with the provider's error body (myKaarma and sendsms: their JSON error
    /// shape; CarGurus: an HTML error page), plus `Retry-After` when given.
    case httpStatus(HTTPResponse.Status, retryAfterSeconds: Int? = nil)
    /// HTTP 200 whose body is HTML, not JSON.
    case nonJSON
    /// HTTP 200 with a JSON object that lacks the provider's expected fields.
    case missingFields

    // MARK: CarGurus

    /// `{"success": false, "error": {"error_code": code, "description": ...}}` with HTTP 200;
    /// `asString` sends the code as a numeric string (`"113"`).
    case carGurusError(code: Int, asString: Bool = false)

    // MARK: myKaarma

    /// A myKaarma answer (HTTP 200) with this `status`, `errors` and `warnings`;
    /// `messageUUID: false` leaves `messageUUID` out.
    case myKaarma(status: String = "SUCCESS", errors: [ProviderIssue] = [], warnings: [ProviderIssue] = [],
                  messageUUID: Bool = true)

    // MARK: sendsms

    /// `{"status": status, "error-code": code, "error-info": info, "to": ...}` with HTTP 200.
    case sendSMSFailure(status: String = "Failure", code: String, info: String)
    /// The success answer with this `status` spelling (e.g. lowercase `"success"`).
    case sendSMSSuccess(status: String)
}
