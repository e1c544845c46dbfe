import Testing
@testable import Gateway

@Suite("MediaURL")
struct ValidationMediaURLTests {
    @Test("valid", arguments: [
        "https://a.example/x.jpg", "http://a.example", "HTTPS://A.EXAMPLE/X", "https://a.example:8443/p?q=1&r=%20#f",
        "https://user:pw@a.example/x", "http://127.0.0.1:8080/img.png", "https://[::1]:443/x", "https://a.example/a(1)~_-.!$'*+,;=:@",
    ])
    func valid(url: String) {
        #expect(MediaURL.isValid(url))
    }

    @Test("invalid", arguments: [
        "", "a.example/x.jpg", "/x.jpg", "ftp://a.example/x", "https:/a.example", "https://", "https:///x", "https://?q",
        "https://a.example/x y", "https://a.example/\u{00e9}", "https://a.example/%zz", "https://a.example/%4",
        "https://a.example:port/", "https://a.example:99999/", "https://a.example:123456/", "javascript:alert(1)",
        "https://a.example/x\n", " https://a.example/", "https://a.example/<x>", "https://[::1/", "https://user@/x",
        "https://a.example/\"x\"",
    ])
    func invalid(url: String) {
        #expect(!MediaURL.isValid(url))
    }
}
