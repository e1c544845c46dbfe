/// The limits the parser enforces while it reads bytes.
public struct HTTPParserLimits: Sendable {
    public var maxTargetBytes: Int
    public var maxHeaderBytes: Int
    public var maxBodyBytes: Int
    public var knownMethods: Set<String>
    /// Longest method token accepted before the request line is called malformed.
    public var maxMethodBytes: Int = 32
    /// Longest chunk-size line (size plus ignored extensions).
    public var maxChunkLineBytes: Int = 4096

    public init(maxTargetBytes: Int = 8192, maxHeaderBytes: Int = 16_384, maxBodyBytes: Int = 65_536,
                knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]) {
        self.maxTargetBytes = maxTargetBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.knownMethods = knownMethods
    }
}
