/// The keys of a request's `options` object (api.md). The raw value is the JSON key.
public enum MessageOptionKey: String, Sendable, CaseIterable {
    case clickTracking = "click_tracking"
    case campaignRef = "campaign_ref"
    case fromMask = "from_mask"
    case addTCPAFooter = "add_tcpa_footer"
    case addSignature = "add_signature"
    case addFooter = "add_footer"
    case sendVCard = "send_vcard"
    case isManual = "is_manual"

    /// Whether the option's JSON type is boolean (else string).
    public var isBool: Bool {
        switch self {
        case .campaignRef, .fromMask: false
        default: true
        }
    }

    /// The option's name as an error `field` or warning names it: `options.<key>`.
    public var fieldName: String { "options.\(rawValue)" }
}
