import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Gateway
import Simulators

/// The demo's sample requests: one per provider, a provider error translated, a gateway-side refusal.
struct DemoSamples {
    struct Sample {
        var title: String
        var body: String
        var expectedStatus: Int
    }

    let config: GatewayConfig
    let port: Int

    var token: String {
        for client in config.clients {
            if case .token(let t) = client.credential, client.mayAccess(dealer: "quirk-vw") { return t }
        }
        return "demo-token"
    }

    func dealer(ofType type: String) -> String {
        config.dealers.keys.sorted().first { config.providers[config.dealers[$0]?.providerAccount ?? ""]?.type == type } ?? "?"
    }

    var samples: [Sample] {
        let cg = dealer(ofType: "cargurus"), mk = dealer(ofType: "mykaarma"), ss = dealer(ofType: "sendsms")
        return [
            Sample(title: "CarGurus dealer: sent",
                   body: #"{"dealer_id":"\#(cg)","to":"+15551234567","body":"Your car is ready for pickup.","metadata":{"ticket":"RO-1001"}}"#,
                   expectedStatus: 201),
            Sample(title: "myKaarma dealer: sent (needs customer_id)",
                   body: #"{"dealer_id":"\#(mk)","to":"+15551234568","customer_id":"5f7c1c9e-1b2a-4c3d-8e9f-0a1b2c3d4e5f","body":"Service reminder: oil change due."}"#,
                   expectedStatus: 201),
            Sample(title: "sendsms dealer: sent, with an ignored option reported as a warning",
                   body: #"{"dealer_id":"\#(ss)","to":"+15551234569","body":"Thanks for visiting! 🚗","options":{"add_signature":true}}"#,
                   expectedStatus: 201),
            Sample(title: "CarGurus error 113 translated: the recipient opted out",
                   body: #"{"dealer_id":"\#(cg)","to":"\#(Scenarios.carGurus113.recipient)","body":"Hello again"}"#,
                   expectedStatus: 422),
            Sample(title: "Refused by the gateway itself: not an E.164 number (no provider called)",
                   body: #"{"dealer_id":"\#(cg)","to":"555-1234","body":"Hi"}"#,
                   expectedStatus: 422),
        ]
    }

    func curl(_ body: String) -> String {
        "curl -s -X POST http://127.0.0.1:\(port)/messages -H 'Authorization: Bearer \(token)' -H 'Content-Type: application/json' -d '\(body)'"
    }

    func printInstructions() {
        print("""

        sms-gateway demo: gateway on http://127.0.0.1:\(port), provider simulators on loopback.
        Paste any of these into another terminal (Ctrl-C here stops everything):

        """)
        for s in samples {
            print("# \(s.title)\n\(curl(s.body))\n")
        }
        print("# Look a message up (use an id printed above)\ncurl -s http://127.0.0.1:\(port)/messages/msg_... -H 'Authorization: Bearer \(token)'\n")
        print("# Liveness and readiness\ncurl -s http://127.0.0.1:\(port)/healthz; curl -s http://127.0.0.1:\(port)/readyz\n")
    }

    /// Sends every sample, prints the answers, and says whether each had the expected status.
    func runAll() async -> Bool {
        var allOK = true
        for s in samples {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/messages")!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(s.body.utf8)
            request.timeoutInterval = 10
            do {
                let (data, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                let ok = status == s.expectedStatus
                allOK = allOK && ok
                print("\(ok ? "ok  " : "FAIL") \(s.title)\n     \(status) \(String(decoding: data, as: UTF8.self))")
            } catch {
                allOK = false
                print("FAIL \(s.title): \(error)")
            }
        }
        return allOK
    }
}
