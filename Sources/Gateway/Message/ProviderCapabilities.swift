/// What a dealer's provider does with the request's optional inputs, as its adapter declares it.
///
/// Plain values: the adapter (which knows the dealer's config) fills them; ``MessageValidator`` reads them.
public struct ProviderCapabilities: Sendable, Equatable {
    /// The provider type: `cargurus`, `mykaarma` or `sendsms`.
    public var providerType: String
    /// Whether the request's `from` is used (CarGurus: only when the dealer has no `cargurus_dealer_id`).
    public var usesFrom: Bool
    /// Whether `customer_id` is required (and used): myKaarma.
    public var requiresCustomerID: Bool
    /// Whether `media_urls` can be sent: CarGurus.
    public var supportsMedia: Bool
    /// The `options` keys (JSON names, e.g. `from_mask`) the provider uses; any other set option is ignored with a warning.
    public var usedOptions: Set<String>

    /// Creates capabilities.
    public init(providerType: String, usesFrom: Bool, requiresCustomerID: Bool, supportsMedia: Bool, usedOptions: Set<String>) {
        self.providerType = providerType
        self.usesFrom = usesFrom
        self.requiresCustomerID = requiresCustomerID
        self.supportsMedia = supportsMedia
        self.usedOptions = usedOptions
    }

    /// CarGurus: media, no options; `from` used only when the dealer has no `cargurus_dealer_id`.
    public static func cargurus(usesFrom: Bool) -> ProviderCapabilities {
        ProviderCapabilities(providerType: "cargurus", usesFrom: usesFrom, requiresCustomerID: false, supportsMedia: true, usedOptions: [])
    }

    /// myKaarma: text only, `customer_id` required, the five myKaarma flags.
    public static let mykaarma = ProviderCapabilities(
        providerType: "mykaarma", usesFrom: false, requiresCustomerID: true, supportsMedia: false,
        usedOptions: Set([MessageOptionKey.isManual, .addTCPAFooter, .addSignature, .addFooter, .sendVCard].map(\.rawValue))
    )

    /// sendsms: text only, `from`, `from_mask`, `campaign_ref`, `click_tracking`.
    public static let sendsms = ProviderCapabilities(
        providerType: "sendsms", usesFrom: true, requiresCustomerID: false, supportsMedia: false,
        usedOptions: Set([MessageOptionKey.fromMask, .campaignRef, .clickTracking].map(\.rawValue))
    )
}
