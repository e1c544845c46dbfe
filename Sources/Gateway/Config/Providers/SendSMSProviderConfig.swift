/// A sendsms account: the API endpoint and its key.
public struct SendSMSAccountSettings: ProviderAccountSettings, Equatable,
    CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The endpoint to POST to.
    public var url: String
    /// The `x-api-key` header's value. Secret.
    public var apiKey: String

    /// Creates the settings.
    public init(url: String, apiKey: String) {
        self.url = url
        self.apiKey = apiKey
    }

    private var redacted: RedactedDescription {
        RedactedDescription(typeName: "SendSMSAccountSettings", fields: [("url", url), ("apiKey", redactedText)])
    }

    /// The fields, the key redacted.
    public var description: String { redacted.text }
    /// Same as `description`.
    public var debugDescription: String { redacted.text }
    /// The fields, the key redacted.
    public var customMirror: Mirror { redacted.mirror(of: self) }
}

/// A sendsms dealer: its sending number and optional defaults for the message options.
public struct SendSMSDealerSettings: DealerProviderSettings, Equatable, CustomStringConvertible {
    /// The sending number, E.164.
    public var from: String
    /// `from-mask`, at most 11 characters; sent only when set (here or in the request).
    public var fromMask: String?
    /// `campaign-ref`; sent only when set.
    public var campaignRef: String?
    /// `click-tracking`; sent only when set (a configured `false` is sent as false).
    public var clickTracking: Bool?

    /// Creates the settings.
    public init(from: String, fromMask: String? = nil, campaignRef: String? = nil, clickTracking: Bool? = nil) {
        self.from = from
        self.fromMask = fromMask
        self.campaignRef = campaignRef
        self.clickTracking = clickTracking
    }

    /// All fields.
    public var description: String {
        "SendSMSDealerSettings(from: \(from), fromMask: \(RedactedDescription.show(fromMask)), "
            + "campaignRef: \(RedactedDescription.show(campaignRef)), clickTracking: \(RedactedDescription.show(clickTracking)))"
    }
}

/// The `sendsms` provider type's configuration.
///
/// Account keys: `url`, `api_key` (both required).
/// Dealer keys: `from` (required, E.164), `from_mask` (at most 11 characters), `campaign_ref`, `click_tracking`.
public enum SendSMSProviderConfig: ProviderConfigType {
    /// The longest `from_mask` the provider keeps (it cuts longer ones silently).
    public static let maxFromMaskLength = 11

    public static let typeName = "sendsms"
    public static let accountKeys: Set<String> = ["url", "api_key"]
    public static let dealerKeys: Set<String> = ["from", "from_mask", "campaign_ref", "click_tracking"]

    public static func decodeAccount(_ node: ConfigNode) throws(ConfigErrors) -> any ProviderAccountSettings {
        var errors = ConfigErrors()
        let url = errors.collect { () throws(ConfigErrors) in try node.requiredChild("url").httpURL() }
        let apiKey = errors.collect { () throws(ConfigErrors) in try node.requiredChild("api_key").string() }
        guard let url, let apiKey else { throw errors }
        return SendSMSAccountSettings(url: url, apiKey: apiKey)
    }

    public static func decodeDealer(_ node: ConfigNode) throws(ConfigErrors) -> any DealerProviderSettings {
        var errors = ConfigErrors()
        let from = errors.collect { () throws(ConfigErrors) in try node.requiredChild("from").phoneNumber() }
        let mask = errors.collect { () throws(ConfigErrors) in
            try node.child("from_mask")?.string(maxLength: maxFromMaskLength)
        }
        let campaign = errors.collect { () throws(ConfigErrors) in try node.child("campaign_ref")?.string() }
        let tracking = errors.collect { () throws(ConfigErrors) in try node.child("click_tracking")?.bool() }
        guard let from, let mask, let campaign, let tracking else { throw errors }
        return SendSMSDealerSettings(from: from, fromMask: mask, campaignRef: campaign, clickTracking: tracking)
    }
}
