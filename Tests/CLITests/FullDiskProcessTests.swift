import Foundation
import Simulators
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A full disk under the real binary: the running `serve` process gets a file-size limit
/// (RLIMIT_FSIZE, as `prlimit --pid PID --fsize=0:unlimited` sets it), so every SQLite write fails
/// with EFBIG as it would with ENOSPC; then the limit is lifted and the same process recovers.
@Suite("Fault drill: a full disk under sms-gateway serve", .serialized)
struct FullDiskProcessTests {
    static let token = "tok-full-disk-42"
    static let apiKey = "full-disk-api-key"

    static func config(simulatorURL: String, sqlitePath: String) -> String {
        """
        server:
          host: "127.0.0.1"
          port: 0
        storage:
          sqlite_path: "\(sqlitePath)"
        clients:
          - name: "crm"
            token: "\(token)"
            dealers: ["*"]
        providers:
          sms: {type: sendsms, url: "\(simulatorURL)", api_key: "\(apiKey)"}
        dealers:
          sunrise: {provider: sms, from: "+18885551212"}
        """
    }

    /// glibc's prlimit(2) wrapper, looked up at run time (Glibc does not import GNU extensions).
    private typealias PrlimitFunction = @convention(c) (pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?) -> Int32

    /// Sets the soft file-size limit of `pid` (the hard limit stays unlimited, so it can be lifted),
    /// as `prlimit --pid PID --fsize=SOFT:unlimited` does.
    static func setFileSizeLimit(pid: Int32, bytes: UInt64?) -> Bool {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "prlimit") else { return false }
        let setLimit = unsafeBitCast(symbol, to: PrlimitFunction.self)
        var limit = rlimit(rlim_cur: bytes.map { rlim_t($0) } ?? rlim_t.max, rlim_max: rlim_t.max)  // RLIM_INFINITY
        return setLimit(pid, Int32(RLIMIT_FSIZE.rawValue), &limit, nil) == 0
    }

    @Test("full: /readyz and POST 503 not_ready, no provider call, no crash; lifted: 201 without a restart")
    func fullDiskThenRecovery() async throws {
        let simulator = SendSMSSimulator(apiKey: Self.apiKey)
        try simulator.start()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("full-disk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let gateway = try GatewayProcessHarness(
            arguments: ["serve"], config: Self.config(simulatorURL: simulator.baseURL, sqlitePath: dir.appendingPathComponent("gateway.sqlite").path))
        do {
            let port = try #require(await gateway.waitForPort())
            let client = DrillClient(port: port, token: Self.token)
            let body = #"{"dealer_id":"sunrise","to":"+15551238100","body":"Drill"}"#
            #expect(try await client.get("/readyz").status == 200)
            let before = try await client.post(body)
            #expect(before.status == 201, "\(before.body)")
            let earlierID = try #require(DrillClient.object(before.body)?["id"] as? String)

            let pid = gateway.process.processIdentifier
            #expect(Self.setFileSizeLimit(pid: pid, bytes: 0), "prlimit: errno \(errno)")
            let ready = try await client.get("/readyz")
            client.expectError(ready, code: "not_ready", status: 503, retryable: true, provider: nil, hasRecord: false)
            let refused = try await client.post(body)
            client.expectError(refused, code: "not_ready", status: 503, retryable: true, provider: nil, hasRecord: false)
            let keyed = try await http("POST", "http://127.0.0.1:\(port)/messages", headers: [
                "Authorization": "Bearer \(Self.token)", "Content-Type": "application/json", "Idempotency-Key": "full-disk-key",
            ], body: body)
            client.expectError(keyed, code: "not_ready", status: 503, retryable: true, provider: nil, hasRecord: false)
            // Many writers at once, on whatever threads the store uses: all refused, the process stays up.
            let burst = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
                for _ in 0..<20 { group.addTask { try await client.post(body) } }
                var all: [HTTPResult] = []
                for try await one in group { all.append(one) }
                return all
            }
            for reply in burst {
                client.expectError(reply, code: "not_ready", status: 503, retryable: true, provider: nil, hasRecord: false)
            }
            #expect(simulator.requestCount == 1, "nothing is sent that cannot be recorded")
            #expect(try await client.get("/healthz").status == 200, "liveness is not readiness")
            #expect(gateway.process.isRunning, "the gateway survives EFBIG (and its SIGXFSZ)")

            #expect(Self.setFileSizeLimit(pid: pid, bytes: nil), "prlimit: errno \(errno)")
            #expect(try await client.get("/readyz").status == 200)
            let after = try await client.post(body)
            #expect(after.status == 201, "after the disk has room again: \(after.body)")
            let retried = try await http("POST", "http://127.0.0.1:\(port)/messages", headers: [
                "Authorization": "Bearer \(Self.token)", "Content-Type": "application/json", "Idempotency-Key": "full-disk-key",
            ], body: body)
            #expect(retried.status == 201, "the key refused while full is usable now: \(retried.body)")
            #expect(try await client.get("/messages/\(earlierID)").status == 200, "the record written before is still there")
            #expect(simulator.requestCount == 3)
            #expect(gateway.process.isRunning)
            let logged = gateway.output.first { $0.contains("message store failed") }
            #expect(logged != nil, "the failure is logged")
            print("drill full-disk: \(logged ?? "no store failure logged")")
        } catch {
            await gateway.stop(); await simulator.stop()
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        await gateway.stop(); await simulator.stop()
        try? FileManager.default.removeItem(at: dir)
    }
}
