import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// An open-loop paced load: request i is due at start + i/rate whether or not earlier ones have
/// answered, and its latency is measured from when it was due (so a stall is not hidden by sending
/// less: no coordinated omission). Prints one summary line.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load",
                                                    abstract: "Paced POSTs of one captured request; latency percentiles.")

    @Option(help: "A DEALER.json written by `serve`.")
    var capture: String

    @Option(help: "gateway (POST /messages) or direct (the same message's upstream request to the simulator).")
    var target: Target = .gateway

    @Option(help: "Requests per second.")
    var rate: Int = 1000

    @Option(help: "Seconds of measured load (after the warm-up).")
    var seconds: Int = 10

    @Option(help: "Seconds of unmeasured warm-up at the same rate.")
    var warmup: Int = 2

    @Option(help: "Most connections the client opens.")
    var connections: Int = 256

    @Option(help: "Label printed with the summary.")
    var label: String = ""

    enum Target: String, ExpressibleByArgument { case gateway, direct }

    func validate() throws {
        guard rate > 0, rate <= 100_000 else { throw ValidationError("--rate must be in 1...100000") }
        guard seconds > 0, seconds <= 300, warmup >= 0, warmup <= 60 else { throw ValidationError("--seconds 1...300, --warmup 0...60") }
    }

    func run() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: capture))
        let pair = try JSONDecoder().decode([String: CapturedRequest].self, from: data)
        guard let request = pair[target.rawValue] else { throw ValidationError("\(capture) has no \(target.rawValue) request") }

        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.httpVersion = .http1Only
        let client = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton), configuration: configuration)

        let warmupCount = warmup * rate
        let total = warmupCount + seconds * rate
        let interval = Duration.seconds(1) / rate
        let clock = ContinuousClock()
        let start = clock.now + .milliseconds(100)
        let recorder = Recorder(capacity: seconds * rate)

        await withDiscardingTaskGroup { group in
            for i in 0..<total {
                let due = start + interval * i
                if clock.now < due { try? await Task.sleep(until: due, clock: clock) }
                let measured = i >= warmupCount
                group.addTask {
                    let ok: Bool
                    do {
                        ok = try await LoadClient.send(request, with: client, timeout: .seconds(10)) == request.expectedStatus
                    } catch {
                        ok = false
                    }
                    let finished = clock.now
                    if measured { recorder.record(latency: finished - due, ok: ok, finished: finished) }
                }
            }
        }
        try? await client.shutdown()

        let (latencies, failures, lastFinish) = recorder.sorted()
        func pct(_ p: Double) -> String {
            guard !latencies.isEmpty else { return "n/a" }
            let idx = min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)
            return ms(latencies[max(0, idx)])
        }
        let measuredStart = start + interval * warmupCount
        let elapsed = (lastFinish ?? measuredStart) - measuredStart
        let achieved = Double(latencies.count) / max(elapsed / .seconds(1), 1e-9)
        print("result label=\(label) target=\(target.rawValue) rate=\(rate) seconds=\(seconds) ok=\(latencies.count) failed=\(failures)"
              + " achieved=\(String(format: "%.0f", achieved)) p50_ms=\(pct(0.50)) p90_ms=\(pct(0.90)) p99_ms=\(pct(0.99))"
              + " p999_ms=\(pct(0.999)) max_ms=\(pct(1.0))")
    }

    private func ms(_ d: Duration) -> String {
        String(format: "%.3f", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
    }
}

/// Latencies of the measured requests, from any task.
final class Recorder: Sendable {
    private struct State {
        var latencies: [Duration] = []
        var failures = 0
        var lastFinish: ContinuousClock.Instant?
    }
    private let state: Mutex<State>

    init(capacity: Int) {
        var initial = State()
        initial.latencies.reserveCapacity(capacity)
        state = Mutex(initial)
    }

    func record(latency: Duration, ok: Bool, finished: ContinuousClock.Instant) {
        state.withLock { s in
            if ok { s.latencies.append(latency) } else { s.failures += 1 }
            if s.lastFinish.map({ finished > $0 }) ?? true { s.lastFinish = finished }
        }
    }

    /// Successful latencies in ascending order, the failure count, and when the last request finished.
    func sorted() -> ([Duration], Int, ContinuousClock.Instant?) {
        state.withLock { s in (s.latencies.sorted(), s.failures, s.lastFinish) }
    }
}
