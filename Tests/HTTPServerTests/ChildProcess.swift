import Foundation
import Glibc
import Locking

// The same file is in Tests/CLITests and Tests/HTTPServerTests (test targets cannot share sources).

/// A child process started with `posix_spawn`, its output read to end of file on a dedicated thread.
///
/// The tests use this instead of Foundation's `Process`, whose `run()` on Linux copies a fixed 256 bytes
/// of each /proc/self/fd `dirent` name and can read past glibc's buffer, crashing the whole test process
/// (swift-corelibs-foundation#5472). The child gets a pipe on stdout (and stderr, if merged), its signal
/// mask cleared and dispositions reset, and no other descriptor of ours (closefrom 3 in the child).
final class ChildProcess: Sendable {
    /// A failed system call while starting the child.
    struct SpawnError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// The child's process id.
    let processIdentifier: pid_t
    /// The exit code (or 128 + signal) once the child has been reaped.
    private let status = Locked<Int32?>(nil)
    /// Set when the output pipe reached end of file (the child and everything it started closed it).
    private let ended = Locked(false)

    /// Starts `executable` (an absolute path) with `arguments`; `environment` nil inherits ours,
    /// `directory` nil keeps ours. `output` is called on the reader thread with each chunk read.
    init(executable: String, arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
         mergeStandardError: Bool = true, output: @escaping @Sendable ([UInt8]) -> Void) throws {
        var fds: [Int32] = [-1, -1]
        if let pipe2 = Self.pipe2 {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { throw SpawnError(call: "pipe2", code: errno) }
        } else {
            guard pipe(&fds) == 0 else { throw SpawnError(call: "pipe", code: errno) }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        let (readEnd, writeEnd) = (fds[0], fds[1])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        if mergeStandardError { posix_spawn_file_actions_adddup2(&actions, writeEnd, 2) }
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        // Our sockets are mostly not close-on-exec: without this a child would hold our listeners open.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        var argv = [executable] + arguments
        var path = executable
        if let directory {
            if let chdir = Self.addChdir {
                _ = chdir(&actions, directory)
            } else {
                path = "/bin/sh"
                argv = ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory] + argv
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer { for p in cArgv + cEnv { free(p) } }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, cArgv, cEnv)
        close(writeEnd)
        guard rc == 0 else {
            close(readEnd)
            throw SpawnError(call: "posix_spawn(\(executable))", code: rc)
        }
        processIdentifier = pid

        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if n > 0 {
                    output(Array(buffer[..<n]))
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(readEnd)
            ended.withLock { $0 = true }
        }
        thread.name = "child-\(pid)-output"
        thread.start()
    }

    /// True until the child has exited (and been reaped).
    var isRunning: Bool { reap() == nil }

    /// The exit code, or 128 + the signal that ended it; -1 while it runs.
    var terminationStatus: Int32 { reap() ?? -1 }

    /// True once the output pipe reached end of file.
    var outputEnded: Bool { ended.withLock { $0 } }

    /// Sends `sig` unless the child has already been reaped (its pid could belong to someone else by then).
    func signal(_ sig: Int32) {
        if isRunning { kill(processIdentifier, sig) }
    }

    /// Sends SIGTERM.
    func terminate() { signal(SIGTERM) }

    /// Waits (bounded, suspending) for exit and then for the output's end; nil if still running at the deadline.
    func waitForExit(timeout: Duration = .seconds(20)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if isRunning { return nil }
        // The last lines may still be on their way through the pipe: wait (bounded) for its end.
        while !outputEnded && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return terminationStatus
    }

    /// Polls `waitpid` without blocking; remembers the status once the child is reaped.
    private func reap() -> Int32? {
        status.withLock { known in
            if let known { return known }
            var raw: Int32 = 0
            var rc: pid_t
            repeat { rc = waitpid(processIdentifier, &raw, WNOHANG) } while rc < 0 && errno == EINTR
            if rc == 0 { return nil }
            // ECHILD: someone else reaped it; it is gone either way.
            let code: Int32 = rc < 0 ? -1 : (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            known = code
            return code
        }
    }

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// glibc has these (addclosefrom_np since 2.34), but the Glibc module does not expose GNU extensions to Swift.
    private static let pipe2: Pipe2? = symbol("pipe2")
    private static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    private static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let pointer = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(pointer, to: T.self)
    }
}
