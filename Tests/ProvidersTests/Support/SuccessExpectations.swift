import Foundation
import Gateway
import Testing

/// The 201 body's keys, in the contract's order (api.md, "Success").
let successKeys = ["id", "status", "dealer_id", "provider", "provider_account", "provider_message_id", "to", "segments",
                   "encoding", "created_at", "metadata", "warnings"]

/// Checks a 201 answer: exact key set, `Location`, the record fields. Returns the parsed body.
@discardableResult
func expectSent(_ reply: HTTPReply, dealer: String, provider: String, account: String, to: String,
                segments: Int, encoding: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue? {
    #expect(reply.status == 201, "201 expected: \(reply.bodyText)", sourceLocation: sourceLocation)
    #expect(reply.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
    #expect(reply.header("X-Request-ID")?.isEmpty == false, sourceLocation: sourceLocation)
    guard let json = reply.json else {
        Issue.record("not JSON: \(reply.bodyText)", sourceLocation: sourceLocation)
        return nil
    }
    #expect(json.memberNames == successKeys, sourceLocation: sourceLocation)
    let id = json["id"]?.stringValue ?? ""
    #expect(id.hasPrefix("msg_") && id.count == 30, "id \(id)", sourceLocation: sourceLocation)
    #expect(reply.header("Location") == "/messages/\(id)", sourceLocation: sourceLocation)
    #expect(json["status"]?.stringValue == "sent", sourceLocation: sourceLocation)
    #expect(json["dealer_id"]?.stringValue == dealer, sourceLocation: sourceLocation)
    #expect(json["provider"]?.stringValue == provider, sourceLocation: sourceLocation)
    #expect(json["provider_account"]?.stringValue == account, sourceLocation: sourceLocation)
    #expect(json["provider_message_id"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(json["to"]?.stringValue == to, sourceLocation: sourceLocation)
    #expect(json["segments"]?.numberText == String(segments), "segments: \(reply.bodyText)", sourceLocation: sourceLocation)
    #expect(json["encoding"]?.stringValue == encoding, sourceLocation: sourceLocation)
    let createdAt = json["created_at"]?.stringValue ?? ""
    #expect(createdAt.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "created_at \(createdAt)",
            sourceLocation: sourceLocation)
    #expect(json["metadata"]?.memberNames != nil, sourceLocation: sourceLocation)
    #expect(json["warnings"]?.arrayValue != nil, sourceLocation: sourceLocation)
    return json
}

/// The `code`s of a 201 body's warnings, and their messages.
func warnings(of json: JSONValue?) -> [(code: String, message: String)] {
    (json?["warnings"]?.arrayValue ?? []).map { ($0["code"]?.stringValue ?? "", $0["message"]?.stringValue ?? "") }
}
