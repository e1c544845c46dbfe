/// CarGurus' top-level error codes, with the seed's descriptions.
enum CarGurusErrorCode: Int, Sendable, CaseIterable {
    case malformedRequest = 100
    case invalidCredentials = 101
    case invalidApplicationID = 102
    case ioError = 103
    case unexpected = 105
    case invalidDealer = 108
    case invalidTo = 110
    case invalidContent = 111
    case invalidFrom = 112
    case blockedTo = 113

    /// The seed's wording for a code; a generic one for codes the seed does not list.
    static func description(of code: Int) -> String {
        guard let known = CarGurusErrorCode(rawValue: code) else { return "Unknown error." }
        switch known {
        case .malformedRequest: return "Bad or malformed request."
        case .invalidCredentials: return "Invalid auth credentials.  Details: Invalid auth token"
        case .invalidApplicationID: return "Invalid application id."
        case .ioError: return "I/O error."
        case .unexpected: return "Unexpected error."
        case .invalidDealer: return "Invalid dealer."
        case .invalidTo: return "Missing/invalid 'to' phone number."
        case .invalidContent: return "Missing/invalid sms content (body/media_urls)."
        case .invalidFrom: return "Invalid 'from' phone number."
        case .blockedTo: return "Blocked 'to' phone number (user replied w/STOP)."
        }
    }
}
