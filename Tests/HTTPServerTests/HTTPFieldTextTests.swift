import Testing
import HTTPServer

@Suite("HTTPFieldText")
struct HTTPFieldTextTests {
    @Test("SP and HTAB are trimmed at both ends, nothing else", arguments: [
        ("  token\t", "token"), ("\t \ttoken", "token"), ("to ken", "to ken"), ("", ""), (" \t ", ""),
        ("token", "token"), ("\u{00A0}token", "\u{00A0}token"), ("tok\r", "tok\r"),
    ])
    func trimsOWS(input: String, expected: String) {
        #expect(String(HTTPFieldText.trimmingOWS(input[...])) == expected)
    }

    @Test func trimsASubstringWithinItsBounds() {
        let text = "x  inner  y"
        let inner = text.dropFirst().dropLast()
        #expect(HTTPFieldText.trimmingOWS(inner) == "inner")
    }

    @Test("ASCII case is ignored, other differences are not", arguments: [
        ("application/json", true), ("Application/JSON", true), ("APPLICATION/JSON", true),
        ("application/jsonx", false), ("application/jso", false), ("application\u{0F}json", false),
        ("applicatio\u{212A}/json", false), ("", false),
    ])
    func comparesIgnoringASCIICase(text: String, equal: Bool) {
        #expect(HTTPFieldText.equalsIgnoringASCIICase(text[...], "application/json") == equal)
    }

    @Test("the media type is what precedes the first ';', trimmed", arguments: [
        ("application/json", "application/json"), (" application/json ; charset=utf-8", "application/json"),
        ("text/plain;a=b;c=d", "text/plain"), (";x", ""), ("\tapplication/json\t", "application/json"),
    ])
    func mediaType(contentType: String, expected: String) {
        #expect(HTTPFieldText.mediaType(contentType) == expected)
    }
}
