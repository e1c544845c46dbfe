import Testing
@testable import Gateway

/// Decodes a JSON text given as a Swift string.
func decodeRequest(_ json: String) -> Result<MessageRequest, GatewayError> {
    MessageRequestDecoder.decode(Array(json.utf8))
}

/// The decoded request, or a recorded issue and nil.
func decodedRequest(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) -> MessageRequest? {
    switch decodeRequest(json) {
    case .success(let request): return request
    case .failure(let error):
        Issue.record("expected success, got \(error.code.rawValue) field=\(error.field ?? "nil"): \(error.message)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The decode error, or a recorded issue and nil.
func decodeError(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> GatewayError? {
    switch MessageRequestDecoder.decode(bytes) {
    case .success(let request):
        Issue.record("expected an error, got \(request)", sourceLocation: sourceLocation)
        return nil
    case .failure(let error): return error
    }
}

/// Expects decoding to fail with 400 `invalid_request` naming `field`.
func expectInvalidRequest(_ json: String, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error = decodeError(Array(json.utf8), sourceLocation: sourceLocation) else { return }
    #expect(error.code == .invalidRequest, "\(json)", sourceLocation: sourceLocation)
    #expect(error.httpStatus == 400, sourceLocation: sourceLocation)
    #expect(error.field == field, "\(json): \(error.message)", sourceLocation: sourceLocation)
}

/// Expects decoding to fail with 400 `invalid_json` (no field).
func expectInvalidJSON(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error = decodeError(bytes, sourceLocation: sourceLocation) else { return }
    #expect(error.code == .invalidJSON, "\(error.message)", sourceLocation: sourceLocation)
    #expect(error.httpStatus == 400, sourceLocation: sourceLocation)
    #expect(error.field == nil, sourceLocation: sourceLocation)
}
