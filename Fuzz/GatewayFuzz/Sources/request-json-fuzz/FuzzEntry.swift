// libFuzzer entry point for the POST /messages body. Built by scripts/fuzz.sh request-json.
//
// Each input is a request body. It goes through what MessagesEndpoint does with a body once the client
// is authorised: `MessageRequestDecoder.decode`, the dealer lookup in a fixed configuration, and
// `MessageValidator.validate` with the capabilities the dealer's adapter declares. So that validation runs deep
// whatever `dealer_id` the fuzzer writes, every decoded request is also validated against each
// provider's capabilities. RequestInvariants traps when an outcome breaks the contract.

import FuzzSupport
import Gateway

/// Hands the process to libFuzzer's driver.
@main
enum RequestJSONFuzz {
    static func main() {
        runLibFuzzer(fuzzRequestJSON)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let decoded = MessageRequestDecoder.decode(body)
    RequestInvariants.checkDecoded(decoded, body: body)
    guard case .success(let request) = decoded else { return 0 }

    // As the endpoint: the configured dealer's provider decides the capabilities.
    if let capabilities = FixedGateway.capabilities(forDealer: request.dealerID) {
        RequestInvariants.checkValidated(MessageValidator.validate(request, capabilities: capabilities),
                                         request: request, capabilities: capabilities)
    }
    for capabilities in FixedGateway.everyCapability {
        RequestInvariants.checkValidated(MessageValidator.validate(request, capabilities: capabilities),
                                         request: request, capabilities: capabilities)
    }
    return 0
}
