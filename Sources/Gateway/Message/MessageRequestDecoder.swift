/// Decodes a `POST /messages` body into a ``MessageRequest``, checking what needs no dealer (api.md):
/// JSON syntax, types, unknown fields and option keys, and the presence of `dealer_id` and `to`.
///
/// It does not check `to`/`from` as E.164, lengths or URL formats: those depend on the dealer's provider
/// and are ``MessageValidator``'s job.
///
/// Decisions where the contract leaves room:
/// - JSON `null` for an optional field (`body`, `media_urls`, `from`, `customer_id`, `options`, `metadata`,
///   any option key) means absent. `null` for `dealer_id` or `to` is a wrong type (400, `field` names it).
/// - A duplicate member name (top level, in `options` or in `metadata`) is 400 `invalid_request` naming
///   it: the value would be ambiguous.
/// - Members are checked in request order and the first problem answers; a missing `dealer_id` (then
///   `to`) is reported only when every present member is valid.
/// - A non-string element of `media_urls` names `media_urls`; a non-string metadata value names
///   `metadata.<key>`; more than 20 metadata keys names `metadata`.
public enum MessageRequestDecoder {
    /// Most metadata keys accepted.
    public static let maxMetadataKeys = 20

    /// Decodes `body`, or returns the 400 error to answer.
    public static func decode(_ body: [UInt8]) -> Result<MessageRequest, GatewayError> {
        let value: JSONValue
        switch JSONReader().parse(body) {
        case .success(let parsed): value = parsed
        case .failure(let failure):
            return .failure(.invalidJSON("The request body is not valid UTF-8 JSON: \(failure.message) at byte \(failure.offset)."))
        }
        guard case .object(let members) = value else {
            return .failure(.invalidJSON("The request body must be a JSON object, not \(value.typeDescription)."))
        }
        do throws(GatewayError) {
            return .success(try decode(members: members))
        } catch {
            return .failure(error)
        }
    }

    /// The top-level fields of the request body.
    private enum Field: String {
        case dealerID = "dealer_id"
        case to
        case body
        case mediaURLs = "media_urls"
        case from
        case customerID = "customer_id"
        case options
        case metadata
    }

    private static func decode(members: [JSONMember]) throws(GatewayError) -> MessageRequest {
        var dealerID: String?
        var to: String?
        var body: String?
        var mediaURLs: [String] = []
        var from: String?
        var customerID: String?
        var options = MessageOptions()
        var metadata: [String: String] = [:]
        var metadataKeys: [String] = []
        var seen = Set<String>()

        for member in members {
            guard let field = Field(rawValue: member.key) else {
                throw .invalidRequest(field: member.key, "Unknown field '\(member.key)'.")
            }
            guard seen.insert(member.key).inserted else {
                throw .invalidRequest(field: member.key, "Field '\(member.key)' appears more than once.")
            }
            let value = member.value
            switch field {
            case .dealerID: dealerID = try requiredString(value, field: member.key)
            case .to: to = try requiredString(value, field: member.key)
            case .body: body = try optionalString(value, field: member.key)
            case .from: from = try optionalString(value, field: member.key)
            case .customerID: customerID = try optionalString(value, field: member.key)
            case .mediaURLs: mediaURLs = try stringArray(value, field: member.key)
            case .options: options = try decodeOptions(value)
            case .metadata: (metadata, metadataKeys) = try decodeMetadata(value)
            }
        }
        guard let dealerID else { throw .invalidRequest(field: Field.dealerID.rawValue, "Field 'dealer_id' is required.") }
        guard let to else { throw .invalidRequest(field: Field.to.rawValue, "Field 'to' is required.") }
        return MessageRequest(
            dealerID: dealerID, to: to, body: body, mediaURLs: mediaURLs, from: from, customerID: customerID,
            options: options, metadata: metadata, metadataKeys: metadataKeys
        )
    }

    private static func requiredString(_ value: JSONValue, field: String) throws(GatewayError) -> String {
        guard case .string(let text) = value else {
            throw .invalidRequest(field: field, "Field '\(field)' must be a string, not \(value.typeDescription).")
        }
        return text
    }

    private static func optionalString(_ value: JSONValue, field: String) throws(GatewayError) -> String? {
        if case .null = value { return nil }
        return try requiredString(value, field: field)
    }

    private static func optionalBool(_ value: JSONValue, field: String) throws(GatewayError) -> Bool? {
        switch value {
        case .null: return nil
        case .bool(let flag): return flag
        default: throw .invalidRequest(field: field, "Field '\(field)' must be a boolean, not \(value.typeDescription).")
        }
    }

    private static func stringArray(_ value: JSONValue, field: String) throws(GatewayError) -> [String] {
        switch value {
        case .null: return []
        case .array(let elements):
            var strings: [String] = []
            strings.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    throw .invalidRequest(field: field, "Element \(index) of '\(field)' must be a string, not \(element.typeDescription).")
                }
                strings.append(text)
            }
            return strings
        default:
            throw .invalidRequest(field: field, "Field '\(field)' must be an array of strings, not \(value.typeDescription).")
        }
    }

    private static func decodeOptions(_ value: JSONValue) throws(GatewayError) -> MessageOptions {
        var options = MessageOptions()
        let members: [JSONMember]
        switch value {
        case .null: return options
        case .object(let list): members = list
        default: throw .invalidRequest(field: "options", "Field 'options' must be an object, not \(value.typeDescription).")
        }
        var seen = Set<String>()
        for member in members {
            let field = "options.\(member.key)"
            guard let key = MessageOptionKey(rawValue: member.key) else {
                throw .invalidRequest(field: field, "Unknown option '\(field)'.")
            }
            guard seen.insert(member.key).inserted else {
                throw .invalidRequest(field: field, "Option '\(field)' appears more than once.")
            }
            if key.isBool {
                guard let flag = try optionalBool(member.value, field: field) else { continue }
                options.set(key, bool: flag)
            } else {
                guard let text = try optionalString(member.value, field: field) else { continue }
                options.set(key, string: text)
            }
            options.setKeys.append(member.key)
        }
        return options
    }

    private static func decodeMetadata(_ value: JSONValue) throws(GatewayError) -> ([String: String], [String]) {
        let members: [JSONMember]
        switch value {
        case .null: return ([:], [])
        case .object(let list): members = list
        default:
            throw .invalidRequest(field: "metadata", "Field 'metadata' must be an object of strings, not \(value.typeDescription).")
        }
        guard members.count <= maxMetadataKeys else {
            throw .invalidRequest(field: "metadata", "Field 'metadata' has \(members.count) keys; at most \(maxMetadataKeys) are allowed.")
        }
        var metadata: [String: String] = [:]
        var keys: [String] = []
        for member in members {
            let field = "metadata.\(member.key)"
            guard case .string(let text) = member.value else {
                throw .invalidRequest(field: field, "Metadata value '\(field)' must be a string, not \(member.value.typeDescription).")
            }
            guard metadata.updateValue(text, forKey: member.key) == nil else {
                throw .invalidRequest(field: field, "Metadata key '\(field)' appears more than once.")
            }
            keys.append(member.key)
        }
        return (metadata, keys)
    }
}
