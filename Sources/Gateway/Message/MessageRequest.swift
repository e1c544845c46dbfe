/// A decoded `POST /messages` body: types checked, nothing dealer-dependent checked yet.
///
/// Optional fields that were absent or JSON `null` are nil (`mediaURLs` and `metadata` empty).
/// `body: ""` and `media_urls: []` are kept as sent; ``MessageValidator`` treats them as absent.
public struct MessageRequest: Sendable, Equatable {
    /// `dealer_id`: the config key of the dealer.
    public var dealerID: String
    /// `to`: the recipient, not yet checked as E.164.
    public var to: String
    /// `body`: the text, if any.
    public var body: String?
    /// `media_urls`, in request order.
    public var mediaURLs: [String]
    /// `from`: sender override, not yet checked as E.164.
    public var from: String?
    /// `customer_id`: the myKaarma customer UUID.
    public var customerID: String?
    /// `options`.
    public var options: MessageOptions
    /// `metadata`: stored and echoed back, never sent upstream.
    public var metadata: [String: String]
    /// The keys of ``metadata`` in request order.
    public var metadataKeys: [String]

    /// Creates a request; `metadataKeys` defaults to the metadata's keys sorted.
    public init(
        dealerID: String,
        to: String,
        body: String? = nil,
        mediaURLs: [String] = [],
        from: String? = nil,
        customerID: String? = nil,
        options: MessageOptions = MessageOptions(),
        metadata: [String: String] = [:],
        metadataKeys: [String]? = nil
    ) {
        self.dealerID = dealerID
        self.to = to
        self.body = body
        self.mediaURLs = mediaURLs
        self.from = from
        self.customerID = customerID
        self.options = options
        self.metadata = metadata
        self.metadataKeys = metadataKeys ?? metadata.keys.sorted()
    }

    /// The metadata as `(key, value)` pairs in request order.
    public var orderedMetadata: [(key: String, value: String)] {
        metadataKeys.compactMap { key in metadata[key].map { (key: key, value: $0) } }
    }
}
