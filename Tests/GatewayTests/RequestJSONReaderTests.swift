import Testing
@testable import Gateway

@Suite("JSONReader and canonical JSON")
struct RequestJSONReaderTests {
    private func parse(_ json: String) -> JSONValue? {
        try? JSONReader().parse(Array(json.utf8)).get()
    }

    @Test func keepsBoolNumberAndOrder() throws {
        let value = try #require(parse(#"{"b":true,"n":1,"a":[false,0,-1.5e+3,null,"s"]}"#))
        #expect(value == .object([
            JSONMember(key: "b", value: .bool(true)),
            JSONMember(key: "n", value: .number("1")),
            JSONMember(key: "a", value: .array([.bool(false), .number("0"), .number("-1.5e+3"), .null, .string("s")])),
        ]))
    }

    @Test func keepsDuplicates() throws {
        let value = try #require(parse(#"{"a":1,"a":2}"#))
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["a", "a"])
    }

    @Test func depthLimit() {
        let reader = JSONReader(maxDepth: 3)
        #expect((try? reader.parse(Array("[[[1]]]".utf8)).get()) != nil)
        #expect((try? reader.parse(Array("[[[[1]]]]".utf8)).get()) == nil)
        #expect((try? reader.parse(Array(#"{"a":{"b":{"c":{}}}}"#.utf8)).get()) == nil)
    }

    @Test func failureReportsOffset() {
        guard case .failure(let failure) = JSONReader().parse(Array(#"{"a":x}"#.utf8)) else {
            Issue.record("expected failure")
            return
        }
        #expect(failure.offset == 5)
    }

    @Test func canonicalIgnoresKeyOrderAndWhitespace() throws {
        let first = try #require(parse(#"{"to":"+1555","dealer_id":"d","options":{"b":true,"a":false},"media_urls":["y","x"]}"#))
        let second = try #require(parse(#" { "options" : { "a" : false , "b" : true } , "dealer_id":"d", "media_urls":["y","x"], "to":"+1555" } "#))
        #expect(first != second)
        #expect(first.canonicalBytes == second.canonicalBytes)
        #expect(String(decoding: first.canonicalBytes, as: UTF8.self)
            == #"{"dealer_id":"d","media_urls":["y","x"],"options":{"a":false,"b":true},"to":"+1555"}"#)
        let reordered = try #require(parse(#"{"to":"+1555","dealer_id":"d","options":{"b":true,"a":false},"media_urls":["x","y"]}"#))
        #expect(first.canonicalBytes != reordered.canonicalBytes)
    }

    @Test func canonicalRoundTripsStrings() throws {
        let value = JSONValue.string("q\"\\\n\u{01}é😀")
        #expect(parse(String(decoding: value.canonicalBytes, as: UTF8.self)) == value)
    }
}
