/// A CarGurus account: the Dealer SMS API endpoint and the application's credentials.
public struct CarGurusAccountSettings: ProviderAccountSettings, Equatable,
    CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The default endpoint (the seed's request table; providers.md).
    public static let defaultURL = "https://www.cargurus.com/Cars/api/1.0/dealerSMSRequest.action"

    /// The endpoint to POST to.
    public var url: String
    /// `appId`, provided by CarGurus. Secret.
    public var appID: String
    /// `authToken`, provided by CarGurus. Secret.
    public var authToken: String

    /// Creates the settings.
    public init(url: String = CarGurusAccountSettings.defaultURL, appID: String, authToken: String) {
        self.url = url
        self.appID = appID
        self.authToken = authToken
    }

    private var redacted: RedactedDescription {
        RedactedDescription(typeName: "CarGurusAccountSettings", fields: [
            ("url", url), ("appID", redactedText), ("authToken", redactedText),
        ])
    }

    /// The fields, credentials redacted.
    public var description: String { redacted.text }
    /// Same as `description`.
    public var debugDescription: String { redacted.text }
    /// The fields, credentials redacted.
    public var customMirror: Mirror { redacted.mirror(of: self) }
}

/// A CarGurus dealer: its CarGurus dealer id (preferred) or its phone number.
public struct CarGurusDealerSettings: DealerProviderSettings, Equatable, CustomStringConvertible {
    /// The CarGurus dealer id (`sp61504`); sent as `dealer_id` when set.
    public var cargurusDealerID: String?
    /// The dealer's E.164 phone number; sent as `from` when there is no dealer id.
    public var from: String?

    /// Creates the settings; the loader requires at least one of the two.
    public init(cargurusDealerID: String? = nil, from: String? = nil) {
        self.cargurusDealerID = cargurusDealerID
        self.from = from
    }

    /// Both fields.
    public var description: String {
        "CarGurusDealerSettings(cargurusDealerID: \(RedactedDescription.show(cargurusDealerID)), from: \(RedactedDescription.show(from)))"
    }
}

/// The `cargurus` provider type's configuration.
///
/// Account keys: `url` (optional, default `CarGurusAccountSettings.defaultURL`), `app_id`, `auth_token`.
/// Dealer keys: `cargurus_dealer_id` and/or `from` (E.164); at least one is required.
public enum CarGurusProviderConfig: ProviderConfigType {
    public static let typeName = "cargurus"
    public static let accountKeys: Set<String> = ["url", "app_id", "auth_token"]
    public static let dealerKeys: Set<String> = ["cargurus_dealer_id", "from"]

    public static func decodeAccount(_ node: ConfigNode) throws(ConfigErrors) -> any ProviderAccountSettings {
        var errors = ConfigErrors()
        let url = errors.collect { () throws(ConfigErrors) in try node.child("url")?.httpURL() }
        let appID = errors.collect { () throws(ConfigErrors) in try node.requiredChild("app_id").string() }
        let authToken = errors.collect { () throws(ConfigErrors) in try node.requiredChild("auth_token").string() }
        guard let url, let appID, let authToken else { throw errors }
        return CarGurusAccountSettings(url: url ?? CarGurusAccountSettings.defaultURL, appID: appID, authToken: authToken)
    }

    public static func decodeDealer(_ node: ConfigNode) throws(ConfigErrors) -> any DealerProviderSettings {
        var errors = ConfigErrors()
        let dealerID = errors.collect { () throws(ConfigErrors) in try node.child("cargurus_dealer_id")?.string() }
        let from = errors.collect { () throws(ConfigErrors) in try node.child("from")?.phoneNumber() }
        guard let dealerID, let from else { throw errors }
        guard dealerID != nil || from != nil else {
            throw node.error("a cargurus dealer needs cargurus_dealer_id or from")
        }
        return CarGurusDealerSettings(cargurusDealerID: dealerID, from: from)
    }
}
