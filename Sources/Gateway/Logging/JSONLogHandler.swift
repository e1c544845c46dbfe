import Foundation
import Logging
import Locking

/// A swift-log handler writing one JSON object per line to stdout:
/// `{"ts":"…","level":"info","msg":"…","logger":"gateway",…metadata}`.
/// Phone numbers in metadata values are masked as a safety net (`+1555***4567`).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    /// Standard output's file descriptor, behind the lock that keeps lines whole. (Not `Locked<Void>`:
    /// ThreadSanitizer reported the zero-sized value's inout access against the object header.)
    private static let output = Locked<Int32>(1)

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        var w = JSONWriter()
        w.raw("{\"ts\":"); w.string(Timestamps.rfc3339(Date()))
        w.raw(",\"level\":"); w.string(event.level.rawValue)
        w.raw(",\"msg\":"); w.string(event.message.description)
        w.raw(",\"logger\":"); w.string(label)
        for key in all.keys.sorted() where key != "ts" && key != "level" && key != "msg" && key != "logger" {
            w.raw(","); w.string(key); w.raw(":"); w.string(PhoneMasking.mask("\(all[key]!)"))
        }
        w.raw("}\n")
        let line = w.bytes
        Self.output.withLock { fd in
            // write(2) to fd 1: unbuffered, one call per line.
            line.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
        }
    }

    /// The level from `LOG_LEVEL` if set and valid, else `configured`.
    public static func level(configured: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger.Level {
        if let env = environment["LOG_LEVEL"], let level = Logger.Level(rawValue: env.lowercased()) { return level }
        return Logger.Level(rawValue: configured) ?? .info
    }
}

/// Masks E.164 numbers in free text: `+15551234567` → `+1555***4567` (first 4 digits and last 4 kept).
public enum PhoneMasking {
    public static func mask(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "+")) else { return text }
        var out = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "+" {
                var j = i + 1
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                let digits = j - i - 1
                if digits >= 8 {
                    out += "+" + String(chars[(i + 1)...(i + 4)]) + "***" + String(chars[(j - 4)..<j])
                    i = j
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }
}
