/// A request's provider options. A nil property was absent (or JSON `null`) in the request.
public struct MessageOptions: Sendable, Equatable {
    /// `click_tracking` (sendsms).
    public var clickTracking: Bool?
    /// `campaign_ref` (sendsms).
    public var campaignRef: String?
    /// `from_mask` (sendsms); its length is checked only when the provider uses it.
    public var fromMask: String?
    /// `add_tcpa_footer` (myKaarma).
    public var addTCPAFooter: Bool?
    /// `add_signature` (myKaarma).
    public var addSignature: Bool?
    /// `add_footer` (myKaarma).
    public var addFooter: Bool?
    /// `send_vcard` (myKaarma).
    public var sendVCard: Bool?
    /// `is_manual` (myKaarma).
    public var isManual: Bool?
    /// The JSON keys that were set (non-null), in request order.
    public var setKeys: [String]

    /// Creates options; `setKeys` defaults to the non-nil ones in ``MessageOptionKey`` order.
    public init(
        clickTracking: Bool? = nil,
        campaignRef: String? = nil,
        fromMask: String? = nil,
        addTCPAFooter: Bool? = nil,
        addSignature: Bool? = nil,
        addFooter: Bool? = nil,
        sendVCard: Bool? = nil,
        isManual: Bool? = nil,
        setKeys: [String]? = nil
    ) {
        self.clickTracking = clickTracking
        self.campaignRef = campaignRef
        self.fromMask = fromMask
        self.addTCPAFooter = addTCPAFooter
        self.addSignature = addSignature
        self.addFooter = addFooter
        self.sendVCard = sendVCard
        self.isManual = isManual
        self.setKeys = []
        self.setKeys = setKeys ?? MessageOptionKey.allCases.filter { isSet($0) }.map(\.rawValue)
    }

    /// Whether the option has a value.
    public func isSet(_ key: MessageOptionKey) -> Bool {
        switch key {
        case .clickTracking: clickTracking != nil
        case .campaignRef: campaignRef != nil
        case .fromMask: fromMask != nil
        case .addTCPAFooter: addTCPAFooter != nil
        case .addSignature: addSignature != nil
        case .addFooter: addFooter != nil
        case .sendVCard: sendVCard != nil
        case .isManual: isManual != nil
        }
    }

    /// The value of a boolean option (nil for an unset or string option).
    public func bool(_ key: MessageOptionKey) -> Bool? {
        switch key {
        case .clickTracking: clickTracking
        case .addTCPAFooter: addTCPAFooter
        case .addSignature: addSignature
        case .addFooter: addFooter
        case .sendVCard: sendVCard
        case .isManual: isManual
        case .campaignRef, .fromMask: nil
        }
    }

    /// Sets a boolean option (ignored for a string option).
    mutating func set(_ key: MessageOptionKey, bool value: Bool) {
        switch key {
        case .clickTracking: clickTracking = value
        case .addTCPAFooter: addTCPAFooter = value
        case .addSignature: addSignature = value
        case .addFooter: addFooter = value
        case .sendVCard: sendVCard = value
        case .isManual: isManual = value
        case .campaignRef, .fromMask: return
        }
    }

    /// Sets a string option (ignored for a boolean option).
    mutating func set(_ key: MessageOptionKey, string value: String) {
        switch key {
        case .campaignRef: campaignRef = value
        case .fromMask: fromMask = value
        default: return
        }
    }
}
