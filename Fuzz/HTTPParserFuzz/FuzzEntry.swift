// libFuzzer entry point for the HTTP request parser. Built by scripts/fuzz-parser.sh with
// `-sanitize=fuzzer,address` together with Sources/HTTPServer's parser files.
//
// Each input is split at its first byte into a few appends, so the fuzzer explores the state machine's
// incremental paths as well as whole messages; every event sequence must end (bounded loop) and never crash.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = HTTPParserLimits(maxTargetBytes: 256, maxHeaderBytes: 1024, maxBodyBytes: 4096)
    limits.maxChunkLineBytes = 128
    var parser = HTTPRequestParser(limits: limits)
    let step = max(1, Int(bytes.first ?? 0) % 64)
    var offset = 0
    var events = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + step)
        parser.append(bytes[offset..<end])
        offset = end
        drain: while events < 10_000 {
            events += 1
            switch parser.next() {
            case .needMoreData: break drain
            case .expectContinue: continue
            case .request(let r):
                // Touch what a handler would read.
                _ = r.path
                _ = r.query
                _ = r.headerFields.count
                precondition(r.body.count <= limits.maxBodyBytes, "body over the limit")
            case .error:
                return 0
            }
        }
    }
    return 0
}
