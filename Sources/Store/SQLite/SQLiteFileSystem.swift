import Foundation

/// File-system checks around the SQLite file: creating its folder, and telling whether the path still names the
/// file that was opened. Plain POSIX calls, so every failure carries the system's own reason (`strerror`).
enum SQLiteFileSystem {
    /// Which file a path names: the device and inode of a regular file.
    struct FileIdentity: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    /// What a path names right now.
    enum Kind: Equatable {
        case missing
        case directory
        case regularFile(FileIdentity)
        case other
        /// `stat` failed with this `errno` (other than ENOENT).
        case unreachable(Int32)
    }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            return code == ENOENT ? .missing : .unreachable(code)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG:
            return .regularFile(FileIdentity(device: UInt64(truncatingIfNeeded: info.st_dev),
                                             inode: UInt64(truncatingIfNeeded: info.st_ino)))
        default: return .other
        }
    }

    /// The folder that holds `path` ("" when the path has no folder part: the working directory).
    static func folder(of path: String) -> String {
        (path as NSString).deletingLastPathComponent
    }

    /// Creates `folder` and any missing parents (mode 0755), or throws a `StoreError` that names `databasePath`,
    /// the folder that could not be created and why.
    static func createFolder(_ folder: String, forDatabase databasePath: String) throws {
        if folder.isEmpty { return }
        switch kind(of: folder) {
        case .directory:
            return
        case .regularFile, .other:
            throw StoreError("cannot create the folder \"\(folder)\" for the SQLite database \"\(databasePath)\": "
                + "a file that is not a folder is in the way")
        case .unreachable(let code):
            // A file in place of one of the parents: name that file.
            let parent = self.folder(of: folder)
            if code == ENOTDIR, parent != folder { try createFolder(parent, forDatabase: databasePath) }
            throw StoreError(
                "cannot create the folder \"\(folder)\" for the SQLite database \"\(databasePath)\": \(reason(code))")
        case .missing:
            let parent = self.folder(of: folder)
            if parent != folder { try createFolder(parent, forDatabase: databasePath) }
            if mkdir(folder, 0o755) != 0 {
                let code = errno
                // Another process may have created it meanwhile.
                if code == EEXIST, kind(of: folder) == .directory { return }
                throw StoreError(
                    "cannot create the folder \"\(folder)\" for the SQLite database \"\(databasePath)\": \(reason(code))")
            }
        }
    }

    /// Throws a `StoreError` naming `databasePath` when this process cannot create files in `folder` (SQLite
    /// needs to, for its `-wal` and `-shm` files).
    static func checkWritable(folder: String, forDatabase databasePath: String) throws {
        let target = folder.isEmpty ? "." : folder
        if access(target, W_OK | X_OK) != 0 {
            let code = errno
            throw StoreError(
                "cannot write in the folder \"\(target)\" of the SQLite database \"\(databasePath)\": \(reason(code))")
        }
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
