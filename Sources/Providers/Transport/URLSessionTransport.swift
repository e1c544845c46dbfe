import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Gateway
import Locking

/// Upstream calls over URLSession (libcurl on Linux): one session per provider account with the
/// account's timeout, and at most `max_connections` requests in flight per account.
public final class URLSessionTransport: UpstreamTransport {
    private struct Pool: @unchecked Sendable {  // URLSession is thread-safe
        let session: URLSession
        let gate: ConcurrencyGate
        let timeoutMs: Int
        let maxConnections: Int
    }

    private let pools = Locked<[String: Pool]>([:])
    private let challengeRefuser = AuthChallengeRefuser()
    /// Every call into URLSession that makes, resumes or cancels a task goes through this one serial
    /// queue. Those calls block on URLSession's own internal queue; made from request threads they
    /// tied up one Dispatch worker thread each, and under load (thousands in flight) the calls queued
    /// for tens of seconds (docs/load.md). Here at most one thread waits.
    private let calls = DispatchQueue(label: "sms-gateway-urlsession-calls")

    public init() {}

    public func send(_ request: UpstreamRequest, account: ProviderAccountConfig) async -> Result<UpstreamResponse, UpstreamFailure> {
        await withCheckedContinuation { continuation in
            start(request, account: account) { continuation.resume(returning: $0) }
        }
    }

    /// The call with a completion, so that no task waits for it (as `AsyncHTTPClientTransport`).
    public func start(_ request: UpstreamRequest, account: ProviderAccountConfig,
                      completion: @escaping @Sendable (Result<UpstreamResponse, UpstreamFailure>) -> Void) {
        guard let url = URL(string: request.url) else {
            completion(.failure(.notSent("invalid URL")))
            return
        }
        let pool = self.pool(for: account)
        let timeout = Duration.milliseconds(account.timeoutMs)
        pool.gate.enter(within: timeout) { [self] entered in
            guard entered else {
                completion(.failure(.overCapacity))
                return
            }
            call(url: url, request, pool: pool, timeout: timeout) { result in
                pool.gate.leave()
                completion(result)
            }
        }
    }

    /// The data task, once the account's gate is entered; `completion` runs exactly once.
    private func call(url: URL, _ request: UpstreamRequest, pool: Pool, timeout: Duration,
                      completion: @escaping @Sendable (Result<UpstreamResponse, UpstreamFailure>) -> Void) {
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = Self.foundationTimeout(milliseconds: pool.timeoutMs)
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        // No keep-alive: libcurl silently re-sends a request whose reused connection closed after the
        // request was written ("Connection died, retrying a fresh connect"), which would send the text
        // twice and report a refused re-send as "certainly not sent". On a fresh connection it does not.
        urlRequest.setValue("close", forHTTPHeaderField: "Connection")
        urlRequest.httpBody = Data(request.body)
        let refuser = self.challengeRefuser
        let calls = self.calls
        let prepared = PreparedRequest(request: urlRequest)
        let pending = PendingCall(completion, calls: calls)
        pending.arm(timeout: timeout)
        calls.async {
            let taskID = Locked(-1)
            let task = pool.session.dataTask(with: prepared.request) { data, response, error in
                // A 401 carrying a challenge reaches us as a cancelled task (see AuthChallengeRefuser).
                if let urlError = error as? URLError, urlError.code == .cancelled,
                   refuser.takeChallenge(taskID: taskID.withLock { $0 }) {
                    pending.finish(.success(UpstreamResponse(status: 401, headers: [:], body: [])))
                } else {
                    pending.finish(Self.result(data: data, response: response, error: error))
                }
            }
            taskID.withLock { $0 = task.taskIdentifier }
            pending.start(task)
        }
    }

    /// What URLSession is told: the account's timeout rounded up to whole seconds, plus one. The
    /// account's own timeout is enforced by `PendingCall` instead, because swift-corelibs-foundation
    /// truncates `timeoutInterval` to whole seconds (`Int(timeoutInterval) * 1000` ms), so 500 ms
    /// became an immediate timeout and 1500 ms became 1 s.
    static func foundationTimeout(milliseconds: Int) -> TimeInterval {
        TimeInterval((milliseconds + 999) / 1000 + 1)
    }

    /// A data task's completion as the transport's result.
    private static func result(data: Data?, response: URLResponse?, error: (any Error)?) -> Result<UpstreamResponse, UpstreamFailure> {
        if let error {
            if let urlError = error as? URLError { return .failure(classify(urlError)) }
            return .failure(.droppedAfterSend(String(describing: type(of: error))))
        }
        guard let http = response as? HTTPURLResponse else { return .failure(.droppedAfterSend("not an HTTP answer")) }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        return .success(UpstreamResponse(status: http.statusCode, headers: headers, body: Array(data ?? Data())))
    }

    /// providers.md's transport table: only what certainly did not leave is `notSent`.
    static func classify(_ error: URLError) -> UpstreamFailure {
        switch error.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .badURL, .unsupportedURL:
            return .notSent(Self.describe(error.code))
        case .timedOut:
            return .timedOut
        default:
            return .droppedAfterSend(Self.describe(error.code))
        }
    }

    private static func describe(_ code: URLError.Code) -> String {
        switch code {
        case .cannotConnectToHost: "connection refused"
        case .cannotFindHost, .dnsLookupFailed: "host not found"
        case .notConnectedToInternet: "no network"
        case .networkConnectionLost: "connection lost"
        case .badServerResponse: "bad server response"
        case .zeroByteResource: "empty answer"
        default: "URL error \(code.rawValue)"
        }
    }

    private func pool(for account: ProviderAccountConfig) -> Pool {
        pools.withLock { pools in
            if let existing = pools[account.name], existing.timeoutMs == account.timeoutMs,
               existing.maxConnections == account.maxConnections {
                return existing
            }
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = Self.foundationTimeout(milliseconds: account.timeoutMs)
            configuration.timeoutIntervalForResource = Self.foundationTimeout(milliseconds: account.timeoutMs)
            configuration.httpMaximumConnectionsPerHost = account.maxConnections
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            configuration.urlCache = nil
            configuration.httpCookieStorage = nil
            let pool = Pool(session: URLSession(configuration: configuration, delegate: challengeRefuser, delegateQueue: nil), gate: ConcurrencyGate(limit: account.maxConnections),
                            timeoutMs: account.timeoutMs, maxConnections: account.maxConnections)
            pools[account.name] = pool
            return pool
        }
    }
}

/// A `URLRequest` handed to the calls queue (it is a value; Swift does not know it is Sendable).
private struct PreparedRequest: @unchecked Sendable {
    let request: URLRequest
}

/// One upstream call racing its deadline: whichever of the data task's completion and the timer
/// comes first calls `completion`, once; a timeout cancels the data task (on the calls queue). The
/// timer is a Dispatch timer, so a busy Swift concurrency pool cannot make a timeout late.
private final class PendingCall: @unchecked Sendable {  // every field is guarded by `lock`
    private let lock = NSLock()
    private let calls: DispatchQueue
    private var completion: (@Sendable (Result<UpstreamResponse, UpstreamFailure>) -> Void)?
    private var task: URLSessionDataTask?
    private var timer: DispatchWorkItem?
    private var timedOut = false

    init(_ completion: @escaping @Sendable (Result<UpstreamResponse, UpstreamFailure>) -> Void, calls: DispatchQueue) {
        self.completion = completion
        self.calls = calls
    }

    /// Starts the deadline (from the moment the call is asked for, so a wait for the calls queue counts).
    func arm(timeout: Duration) {
        let timer = DispatchWorkItem { [self] in finish(.failure(.timedOut)) }
        lock.withLock { self.timer = timer }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds), execute: timer)
    }

    /// Starts the data task, on the calls queue, unless the deadline already passed.
    func start(_ task: URLSessionDataTask) {
        let alreadyTimedOut = lock.withLock { () -> Bool in
            if completion == nil { return timedOut }
            self.task = task
            return false
        }
        // Finished by the deadline before it started: the request never leaves. (A task cannot finish
        // before it is resumed, so `completion == nil` here means the deadline.)
        if alreadyTimedOut { return }
        task.resume()
    }

    /// The first call completes the call; later ones do nothing.
    func finish(_ result: Result<UpstreamResponse, UpstreamFailure>) {
        let (completion, task, timer) = lock.withLock { () -> ((@Sendable (Result<UpstreamResponse, UpstreamFailure>) -> Void)?, URLSessionDataTask?, DispatchWorkItem?) in
            defer {
                self.completion = nil
                self.task = nil
                self.timer = nil
            }
            if self.completion != nil, case .failure(.timedOut) = result { timedOut = true }
            return (self.completion, self.task, self.timer)
        }
        guard let completion else { return }
        timer?.cancel()
        if case .failure(.timedOut) = result, let task {
            let handle = TaskHandle(task: task)
            calls.async { handle.task.cancel() }
        }
        completion(result)
    }
}

/// A data task handed to the calls queue for cancelling (URLSession tasks are thread-safe).
private struct TaskHandle: @unchecked Sendable {
    let task: URLSessionDataTask
}

/// Providers authenticate with credentials the gateway sends up front; it never answers an HTTP
/// authentication challenge. On Linux, a 401 with `WWW-Authenticate` and no delegate leaves the task
/// hanging, so every challenge is cancelled here and remembered, and the transport reports it as
/// the 401 it was (which maps to `provider_auth_failed`).
final class AuthChallengeRefuser: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private let challenged = Locked<Set<Int>>([])

    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        _ = challenged.withLock { $0.insert(task.taskIdentifier) }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    /// Whether the task was cancelled because of a challenge (and forgets it).
    func takeChallenge(taskID: Int) -> Bool {
        challenged.withLock { $0.remove(taskID) != nil }
    }
}
