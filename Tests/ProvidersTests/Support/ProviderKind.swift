/// The three provider types, as the harness's dealers and simulators name them.
enum ProviderKind: String, CaseIterable, Sendable {
    case cargurus, mykaarma, sendsms

    /// The harness dealer for an account variant (`main`, `fast`, `closed`, `badcreds`).
    func dealer(_ variant: String) -> String {
        switch self {
        case .cargurus: "cg-\(variant)"
        case .mykaarma: "mk-\(variant)"
        case .sendsms: "ss-\(variant)"
        }
    }

    /// A valid `POST /messages` body for this provider's `variant` dealer.
    func requestBody(_ variant: String = "main", to: String) -> String {
        let customer = self == .mykaarma ? #","customer_id":"c1""# : ""
        return #"{"dealer_id":"\#(dealer(variant))","to":"\#(to)","body":"Hi"\#(customer)}"#
    }

    /// How many requests this provider's simulator received.
    func requestCount(_ harness: GatewayHarness) -> Int {
        switch self {
        case .cargurus: harness.simulators.carGurus.requestCount
        case .mykaarma: harness.simulators.myKaarma.requestCount
        case .sendsms: harness.simulators.sendSMS.requestCount
        }
    }
}
