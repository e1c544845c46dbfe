/// The POST /messages bodies the benchmark sends: one dealer per provider adapter (config/demo.yaml's
/// dealers), each a plain success on its simulator.
enum Samples {
    /// The client token in messages-bench.yaml.
    static let token = "demo-token"

    /// Dealer ids in the order the benchmark runs them, with the adapter each goes through.
    static let dealers: [(dealer: String, adapter: String)] = [
        ("quirk-vw", "cargurus"), ("lakeside-honda", "mykaarma"), ("sunrise-auto", "sendsms"),
    ]

    /// The request body for `dealer`.
    static func body(for dealer: String) -> String {
        switch dealer {
        case "lakeside-honda":
            #"{"dealer_id":"lakeside-honda","to":"+15551234568","customer_id":"5f7c1c9e-1b2a-4c3d-8e9f-0a1b2c3d4e5f","body":"Service reminder: oil change due."}"#
        case "sunrise-auto":
            #"{"dealer_id":"sunrise-auto","to":"+15551234569","body":"Thanks for visiting! Your car is ready."}"#
        default:
            #"{"dealer_id":"\#(dealer)","to":"+15551234567","body":"Your car is ready for pickup.","metadata":{"ticket":"RO-1001"}}"#
        }
    }
}
