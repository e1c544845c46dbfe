// libFuzzer entry point for the configuration loader. Built by scripts/fuzz.sh config.
//
// Each input is the text of a configuration file (YAML; JSON is YAML too and goes through the same
// entry, as `sms-gateway check-config` reads either). It is loaded with `GatewayConfigLoader.load(text:)`
// and a fixed environment whose values are secrets; ConfigInvariants traps when the outcome breaks the
// contract (config.md): an error without a path, a secret or environment value in an error, a secret
// that changes a loaded configuration's description, a dangling reference in a loaded configuration.

import FuzzSupport
import Gateway

/// Hands the process to libFuzzer's driver.
@main
enum ConfigFuzz {
    static func main() {
        runLibFuzzer(fuzzConfig)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // `load(path:)` refuses text that is not UTF-8 before the loader sees it; so does the fuzzer.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    do {
        let config = try GatewayConfigLoader.load(text: text, environment: FixedEnvironment.values)
        ConfigInvariants.checkLoaded(config)
    } catch {
        ConfigInvariants.checkErrors(error, text: text)
    }
    return 0
}
