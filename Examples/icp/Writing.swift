import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output that could not be written: a full disk, a closed pipe, a folder
/// in the way. `icp` prints it as one line and exits with 2.
struct WriteError: Error, CustomStringConvertible {
    /// What was being written: `standard output` or a path.
    let target: String
    /// Why, in the system's words ("No space left on device").
    let reason: String

    var description: String { "cannot write \(target): \(reason)" }

    /// The error for a failed write, with the system's reason rather than
    /// a dump of the underlying error.
    init(target: String, _ error: any Error) {
        self.target = target
        self.reason = WriteError.reason(error)
    }

    init(target: String, reason: String) {
        self.target = target
        self.reason = reason
    }

    /// The POSIX reason inside a Foundation error, when there is one.
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if let code = ns.userInfo["NSPOSIXErrorCode"] as? Int { return String(cString: strerror(Int32(code))) }
        switch ns.code {
        case NSFileWriteOutOfSpaceError: return String(cString: strerror(ENOSPC))
        case NSFileWriteNoPermissionError: return String(cString: strerror(EACCES))
        case NSFileWriteVolumeReadOnlyError: return String(cString: strerror(EROFS))
        default: return ns.localizedDescription
        }
    }
}

/// Every write of `icp`'s results, through the throwing file APIs.
enum Write {
    /// Writes text to standard output.
    ///
    /// - Throws: ``WriteError`` when it cannot be written.
    static func out(_ text: String) throws {
        try bytes(Data(text.utf8), to: .standardOutput, named: "standard output")
    }

    /// Writes bytes to a handle.
    ///
    /// - Throws: ``WriteError`` naming `name` when they cannot be written.
    static func bytes(_ data: Data, to handle: FileHandle, named name: String) throws {
        do { try handle.write(contentsOf: data) } catch { throw WriteError(target: name, error) }
    }

    /// Writes to standard error. A message that cannot be written there
    /// cannot be reported anywhere, so a failure is ignored.
    static func err(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    /// Writes a whole file: through a temporary file and a rename for a new
    /// or regular file, so a failed write leaves the old one whole; straight
    /// to it for anything else that exists (a device such as `/dev/stdout`,
    /// a pipe), which a rename would replace.
    ///
    /// - Throws: ``WriteError`` naming the path.
    static func file(_ text: String, to path: String) throws {
        let data = Data(text.utf8)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw WriteError(target: path, reason: "it is a folder") }
            let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            if type != .typeRegular {
                guard let handle = FileHandle(forWritingAtPath: path) else {
                    throw WriteError(target: path, reason: "it cannot be opened for writing")
                }
                defer { try? handle.close() }
                try bytes(data, to: handle, named: path)
                return
            }
        }
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw WriteError(target: path, error)
        }
    }
}
