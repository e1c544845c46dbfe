import Foundation
import Testing
@testable import Gateway

@Suite("Config clients: credentials, uniqueness, dealer lists")
struct ConfigClientTests {
    static let dealers = """
        \(ConfigTestSupport.providers)
        dealers:
          quirk-vw: {provider: cg, cargurus_dealer_id: sp61504}
          sunrise-auto: {provider: ss, from: "+18885551212"}
        """

    static func config(clients: String) -> String {
        "clients:\n" + clients + "\n" + dealers
    }

    @Test("clients keep file order, token and token_sha256 both work, and dealer scopes are read")
    func valid() throws {
        let digest = String(repeating: "ab", count: 32)
        let config = try ConfigTestSupport.load(Self.config(clients: """
              - name: zeta
                token: "zeta-token"
                dealers: ["*"]
              - name: alpha
                token_sha256: "\(digest.uppercased())"
                dealers: [sunrise-auto]
              - name: none
                token: "none-token"
                dealers: []
            """))
        #expect(config.clients.map(\.name) == ["zeta", "alpha", "none"])
        let zeta = try #require(config.clients.first)
        #expect(zeta.dealers == .all)
        #expect(zeta.mayAccess(dealer: "quirk-vw") && zeta.mayAccess(dealer: "anything"))
        guard case .token(let token) = zeta.credential else {
            Issue.record("expected a token credential")
            return
        }
        #expect(token == "zeta-token")
        let alpha = config.clients[1]
        guard case .sha256(let bytes) = alpha.credential else {
            Issue.record("expected a digest credential")
            return
        }
        #expect(bytes == [UInt8](repeating: 0xAB, count: 32))
        #expect(alpha.dealers == .only(["sunrise-auto"]))
        #expect(alpha.mayAccess(dealer: "sunrise-auto"))
        #expect(!alpha.mayAccess(dealer: "quirk-vw"))
        #expect(!config.clients[2].mayAccess(dealer: "sunrise-auto"))
    }

    @Test("\"*\" among other keys means every dealer")
    func wildcardWithKeys() throws {
        let config = try ConfigTestSupport.load(Self.config(clients: """
              - name: a
                token: "a-token"
                dealers: ["quirk-vw", "*"]
            """))
        #expect(config.clients.first?.dealers == .all)
    }

    @Test("token or token_sha256, exactly one; a digest is 64 hex digits; name and dealers are required")
    func credentialRules() {
        let descriptions = ConfigTestSupport.descriptions(Self.config(clients: """
              - name: both
                token: "t1"
                token_sha256: "\(String(repeating: "0", count: 64))"
                dealers: ["*"]
              - name: neither
                dealers: ["*"]
              - name: short
                token_sha256: "abc"
                dealers: ["*"]
              - name: nothex
                token_sha256: "\(String(repeating: "g", count: 64))"
                dealers: ["*"]
              - token: "t2"
                dealers: ["*"]
              - name: nodealers
                token: "t3"
              - name: spaced
                token: "has space"
                dealers: ["*"]
              - name: empty
                token: ""
                dealers: ["*"]
              - just-a-string
            """))
        #expect(descriptions == [
            "clients[0]: has both token and token_sha256; give exactly one",
            "clients[1]: needs token or token_sha256",
            "clients[2].token_sha256: must be 64 hex digits (the SHA-256 of the token)",
            "clients[3].token_sha256: must be 64 hex digits (the SHA-256 of the token)",
            "clients[4].name: is required",
            "clients[5].dealers: is required",
            "clients[6].token: must be printable ASCII without spaces",
            "clients[7].token: must not be empty",
            "clients[8]: must be a mapping with name, token or token_sha256, and dealers",
        ])
    }

    @Test("client names and tokens are unique, a digest of another client's token included")
    func uniqueness() {
        let digestOfShared = ClientCredential.digest(ofToken: "shared").map { String(format: "%02x", $0) }.joined()
        let descriptions = ConfigTestSupport.descriptions(Self.config(clients: """
              - name: a
                token: "shared"
                dealers: ["*"]
              - name: a
                token: "other"
                dealers: ["*"]
              - name: b
                token: "shared"
                dealers: ["*"]
              - name: c
                token_sha256: "\(digestOfShared)"
                dealers: ["*"]
            """))
        #expect(descriptions == [
            "clients[1].name: duplicate client name \"a\" (also at clients[0])",
            "clients[2].token: the same token as the client at clients[0]; tokens must be unique",
            "clients[3].token_sha256: the same token as the client at clients[0]; tokens must be unique",
        ])
    }

    @Test("an unknown dealer key in a client's list is an error; entries must be strings")
    func dealerList() {
        let descriptions = ConfigTestSupport.descriptions(Self.config(clients: """
              - name: a
                token: "a-token"
                dealers: ["quirk-vw", "quirk-wv", 7, [x]]
              - name: b
                token: "b-token"
                dealers: "*"
            """))
        #expect(descriptions == [
            "clients[0].dealers[1]: no dealer named \"quirk-wv\"",
            "clients[0].dealers[2]: no dealer named \"7\"",
            "clients[0].dealers[3]: must be a string",
            "clients[1].dealers: must be a list of dealer keys, or [\"*\"] for every dealer",
        ])
    }

    @Test("a dealer that exists but is broken is still a known key for clients")
    func brokenDealerIsKnown() {
        let descriptions = ConfigTestSupport.descriptions("""
            clients:
              - name: a
                token: "a-token"
                dealers: ["broken"]
            \(ConfigTestSupport.providers)
            dealers:
              broken: {provider: ss}
            """)
        #expect(descriptions == ["dealers.broken.from: is required"])
    }

    @Test("a credential matches its token, and only its token")
    func matching() {
        let token = ClientCredential.token("abc")
        #expect(token.matches(bearerToken: "abc"))
        #expect(!token.matches(bearerToken: "abd"))
        #expect(!token.matches(bearerToken: ""))
        let digest = ClientCredential.sha256(ClientCredential.digest(ofToken: "abc"))
        #expect(digest.matches(bearerToken: "abc"))
        #expect(!digest.matches(bearerToken: "ABC"))
        // A presented token's digest, made once, against either kind of credential.
        let presented = ClientCredential.digest(ofToken: "abc")
        #expect(token.matches(tokenDigest: presented) && digest.matches(tokenDigest: presented))
        #expect(!token.matches(tokenDigest: ClientCredential.digest(ofToken: "abd")))
        #expect(!token.matches(tokenDigest: Array(presented.dropLast())))
    }

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256Vectors() {
        func hex(_ text: String) -> String {
            ClientCredential.digest(ofToken: text).map { String(format: "%02x", $0) }.joined()
        }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(hex(String(repeating: "a", count: 55))
            == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(hex(String(repeating: "a", count: 64))
            == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
        #expect(hex(String(repeating: "a", count: 1000))
            == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
