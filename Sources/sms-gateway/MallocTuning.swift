#if canImport(Glibc)
import Glibc
#endif

/// glibc's malloc gives threads their own arenas (up to 8 per core), and one request of the gateway's
/// runs on several threads (the server's Dispatch queues, NIO's event loops, the Swift pool), so its
/// memory spreads over arenas that each keep their own free space. With two arenas, 9,900 requests in
/// flight peaked ~25 MB lower (274 → 249 MB, docs/load.md). `MALLOC_ARENA_MAX` or `GLIBC_TUNABLES` in
/// the environment still decide, when set.
enum MallocTuning {
    static let arenas: Int32 = 2
    /// `M_ARENA_MAX` in glibc's <malloc.h>, which the Glibc module does not import.
    private static let mArenaMax: Int32 = -8

    static func apply() {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil, getenv("GLIBC_TUNABLES") == nil,
              let symbol = dlsym(nil, "mallopt") else { return }   // nil: RTLD_DEFAULT
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mArenaMax, arenas)
        #endif
    }
}
