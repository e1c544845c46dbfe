/// A myKaarma account: the API's base URL and HTTP Basic credentials.
public struct MyKaarmaAccountSettings: ProviderAccountSettings, Equatable,
    CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The default base URL (the seed's).
    public static let defaultBaseURL = "https://api.mykaarma.com"

    /// The base URL; request paths are appended to it.
    public var baseURL: String
    /// HTTP Basic user name. Secret.
    public var username: String
    /// HTTP Basic password. Secret.
    public var password: String

    /// Creates the settings.
    public init(baseURL: String = MyKaarmaAccountSettings.defaultBaseURL, username: String, password: String) {
        self.baseURL = baseURL
        self.username = username
        self.password = password
    }

    private var redacted: RedactedDescription {
        RedactedDescription(typeName: "MyKaarmaAccountSettings", fields: [
            ("baseURL", baseURL), ("username", redactedText), ("password", redactedText),
        ])
    }

    /// The fields, credentials redacted.
    public var description: String { redacted.text }
    /// Same as `description`.
    public var debugDescription: String { redacted.text }
    /// The fields, credentials redacted.
    public var customMirror: Mirror { redacted.mirror(of: self) }
}

/// A myKaarma dealer: the department and user it sends as, and its default message flags.
public struct MyKaarmaDealerSettings: DealerProviderSettings, Equatable, CustomStringConvertible {
    /// The myKaarma department UUID (a path segment).
    public var departmentUUID: String
    /// The myKaarma user UUID (a path segment).
    public var userUUID: String
    /// `addTCPAFooter` unless the request's options say otherwise. Default true.
    public var addTCPAFooter: Bool
    /// `addSignature` unless the request's options say otherwise. Default false.
    public var addSignature: Bool
    /// `addFooter` unless the request's options say otherwise. Default false.
    public var addFooter: Bool
    /// `sendVCard` unless the request's options say otherwise. Default false.
    public var sendVCard: Bool

    /// Creates the settings.
    public init(departmentUUID: String, userUUID: String, addTCPAFooter: Bool = true,
                addSignature: Bool = false, addFooter: Bool = false, sendVCard: Bool = false) {
        self.departmentUUID = departmentUUID
        self.userUUID = userUUID
        self.addTCPAFooter = addTCPAFooter
        self.addSignature = addSignature
        self.addFooter = addFooter
        self.sendVCard = sendVCard
    }

    /// All fields.
    public var description: String {
        "MyKaarmaDealerSettings(departmentUUID: \(departmentUUID), userUUID: \(userUUID), addTCPAFooter: \(addTCPAFooter), "
            + "addSignature: \(addSignature), addFooter: \(addFooter), sendVCard: \(sendVCard))"
    }
}

/// The `mykaarma` provider type's configuration.
///
/// Account keys: `base_url` (optional, default `MyKaarmaAccountSettings.defaultBaseURL`), `username`, `password`.
/// Dealer keys: `department_uuid`, `user_uuid` (both required), `add_tcpa_footer` (default true),
/// `add_signature`, `add_footer`, `send_vcard` (default false).
public enum MyKaarmaProviderConfig: ProviderConfigType {
    public static let typeName = "mykaarma"
    public static let accountKeys: Set<String> = ["base_url", "username", "password"]
    public static let dealerKeys: Set<String> = [
        "department_uuid", "user_uuid", "add_tcpa_footer", "add_signature", "add_footer", "send_vcard",
    ]

    public static func decodeAccount(_ node: ConfigNode) throws(ConfigErrors) -> any ProviderAccountSettings {
        var errors = ConfigErrors()
        let baseURL = errors.collect { () throws(ConfigErrors) in try node.child("base_url")?.httpURL() }
        let username = errors.collect { () throws(ConfigErrors) in try node.requiredChild("username").string() }
        let password = errors.collect { () throws(ConfigErrors) in try node.requiredChild("password").string() }
        guard let baseURL, let username, let password else { throw errors }
        return MyKaarmaAccountSettings(
            baseURL: baseURL ?? MyKaarmaAccountSettings.defaultBaseURL, username: username, password: password)
    }

    public static func decodeDealer(_ node: ConfigNode) throws(ConfigErrors) -> any DealerProviderSettings {
        var errors = ConfigErrors()
        let department = errors.collect { () throws(ConfigErrors) in try node.requiredChild("department_uuid").string() }
        let user = errors.collect { () throws(ConfigErrors) in try node.requiredChild("user_uuid").string() }
        let tcpa = errors.collect { () throws(ConfigErrors) in try node.child("add_tcpa_footer")?.bool() }
        let signature = errors.collect { () throws(ConfigErrors) in try node.child("add_signature")?.bool() }
        let footer = errors.collect { () throws(ConfigErrors) in try node.child("add_footer")?.bool() }
        let vCard = errors.collect { () throws(ConfigErrors) in try node.child("send_vcard")?.bool() }
        guard let department, let user, let tcpa, let signature, let footer, let vCard else { throw errors }
        return MyKaarmaDealerSettings(
            departmentUUID: department, userUUID: user, addTCPAFooter: tcpa ?? true,
            addSignature: signature ?? false, addFooter: footer ?? false, sendVCard: vCard ?? false)
    }
}
