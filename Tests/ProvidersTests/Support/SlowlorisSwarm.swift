#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A slowloris attack on a loopback port: `connections` sockets, each sending a request head one
/// byte per `byteInterval` and never finishing it. While `keepUp()` says so, every connection the
/// server closes is replaced, so that many stay open; then the swarm waits (until `deadline`) for
/// the server to close the rest. Runs its blocking socket calls on a thread of its own.
struct SlowlorisSwarm: Sendable {
    /// What the server did with the connections.
    struct Report: Sendable, CustomStringConvertible {
        /// Connections opened in all.
        var opened = 0
        /// Closed by the server after an HTTP 408 answer.
        var answered408 = 0
        /// Closed by the server without an answer (EOF or reset).
        var closedSilently = 0
        /// Answers other than 408 (their status lines).
        var otherAnswers: [String] = []
        /// Still open at the deadline: the server never closed them.
        var stillOpen = 0
        /// Connections that could not be opened.
        var connectFailures = 0
        /// The shortest and longest time from connect to the server's close.
        var shortestLife: Duration = .zero
        var longestLife: Duration = .zero
        /// How many connections were open at most at once.
        var peakOpen = 0

        var closedByServer: Int { answered408 + closedSilently }
        var description: String {
            "opened \(opened), peak open \(peakOpen), 408 then closed \(answered408), closed without answer \(closedSilently), "
                + "other answers \(otherAnswers.count), still open \(stillOpen), connect failures \(connectFailures), "
                + "life \(shortestLife)…\(longestLife)"
        }
    }

    var port: Int
    var connections: Int
    var byteInterval: Duration = .milliseconds(100)

    /// The head the connections trickle: it never ends with an empty line.
    private static let head = Array("POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ".utf8)

    /// Runs the swarm; `opened` is called once the first `connections` are all open.
    func run(keepUp: @escaping @Sendable () -> Bool, deadline: Duration, opened: @escaping @Sendable () -> Void) async -> Report {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: attack(keepUp: keepUp, deadline: deadline, opened: opened)) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private struct Slot {
        var fd: Int32
        var connectedAt: UInt64
        var sent = 0
        var received: [UInt8] = []
    }

    private func attack(keepUp: @Sendable () -> Bool, deadline: Duration, opened: @Sendable () -> Void) -> Report {
        var report = Report()
        var slots: [Slot] = []
        var announced = false
        var shortest = UInt64.max
        var longest: UInt64 = 0
        let start = now()
        let end = start + nanos(deadline)
        let interval = nanos(byteInterval)
        var nextRound = start
        var buffer = [UInt8](repeating: 0, count: 4096)

        func finish(_ slot: Slot, at time: UInt64) {
            close(slot.fd)
            let life = time - slot.connectedAt
            shortest = min(shortest, life)
            longest = max(longest, life)
            let statusLine = String(decoding: slot.received.prefix { $0 != 13 }, as: UTF8.self)
            if slot.received.isEmpty {
                report.closedSilently += 1
            } else if statusLine.hasPrefix("HTTP/1.1 408 ") {
                report.answered408 += 1
            } else {
                report.otherAnswers.append(statusLine)
            }
        }

        while now() < end {
            let attacking = keepUp()
            if !attacking && slots.isEmpty { break }
            // Top up to `connections` open (at most 250 new ones per pass, so rounds keep their pace).
            if attacking {
                var budget = 250
                while slots.count < connections && budget > 0 {
                    budget -= 1
                    guard let fd = connectNonBlocking() else {
                        report.connectFailures += 1
                        break
                    }
                    slots.append(Slot(fd: fd, connectedAt: now()))
                    report.opened += 1
                }
                report.peakOpen = max(report.peakOpen, slots.count)
                if !announced && slots.count >= connections {
                    announced = true
                    opened()
                }
            }
            // One more byte of the head on every connection, once per interval.
            let time = now()
            if time >= nextRound {
                nextRound = time + interval
                for index in slots.indices {
                    var byte = slots[index].sent < Self.head.count ? Self.head[slots[index].sent] : UInt8(ascii: "a")
                    if Glibc.send(slots[index].fd, &byte, 1, Int32(MSG_NOSIGNAL)) == 1 { slots[index].sent += 1 }
                }
            }
            // Read what the server says; EOF or a reset is the server closing the connection.
            var fds = slots.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let wait = Int32(max(1, min(50, (Int64(nextRound) - Int64(now())) / 1_000_000)))
            let ready = poll(&fds, nfds_t(fds.count), wait)
            guard ready > 0 else { continue }
            var closed: Set<Int> = []
            for (index, entry) in fds.enumerated() where entry.revents != 0 {
                while true {
                    let n = recv(entry.fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                    if n > 0 {
                        slots[index].received += buffer[0..<n]
                        continue
                    }
                    if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { closed.insert(index) }
                    break
                }
            }
            if !closed.isEmpty {
                let time = now()
                for index in closed { finish(slots[index], at: time) }
                slots = slots.enumerated().filter { !closed.contains($0.offset) }.map(\.element)
            }
        }
        report.stillOpen = slots.count
        for slot in slots { close(slot.fd) }
        if shortest != .max {
            report.shortestLife = .nanoseconds(Int64(shortest))
            report.longestLife = .nanoseconds(Int64(longest))
        }
        return report
    }

    /// A loopback connection (the connect completes at once on loopback), then made non-blocking.
    private func connectNonBlocking() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return fd
    }

    private func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    private func nanos(_ d: Duration) -> UInt64 {
        let (s, a) = d.components
        return UInt64(max(0, s)) * 1_000_000_000 + UInt64(max(0, a / 1_000_000_000))
    }
}
