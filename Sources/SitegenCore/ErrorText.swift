import Foundation

/// What went wrong, in words, for a diagnostic: the system's reason (`No space left on device`) and the path when
/// the error names one.
///
/// Foundation's `localizedDescription` on Linux says "The operation could not be completed. (NSCocoaErrorDomain
/// error 512.)" for a failed write, hiding the reason it carries as the underlying POSIX error.
public enum ErrorText {
    public static func describe(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return reason(posix.code.rawValue) }
        let userInfo: [String: Any]
        var text: String
        if let cocoa = error as? CocoaError {
            userInfo = cocoa.userInfo
            text = cocoaReason(cocoa.code.rawValue) ?? trimmed(cocoa.localizedDescription)
        } else if type(of: error) is NSError.Type {
            let nsError = error as NSError
            userInfo = nsError.userInfo
            text = nsError.domain == NSPOSIXErrorDomain ? reason(Int32(nsError.code))
                : nsError.domain == NSCocoaErrorDomain ? (cocoaReason(nsError.code) ?? trimmed(nsError.localizedDescription))
                : trimmed(nsError.localizedDescription)
        } else {
            // sitegen's own errors and the libraries' describe themselves.
            return String(describing: error)
        }
        if let underlying = userInfo[NSUnderlyingErrorKey] as? POSIXError {
            text = reason(underlying.code.rawValue)
        } else if let underlying = userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            text = reason(Int32(underlying.code))
        }
        if let path = userInfo[NSFilePathErrorKey] as? String ?? (userInfo[NSURLErrorKey] as? URL)?.path {
            text = "'\(path)': " + text
        }
        return text
    }

    /// `strerror` with the errno name a search finds: `No space left on device (ENOSPC)`.
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return errnoNames[code].map { "\(text) (\($0))" } ?? text
    }

    private static let errnoNames: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EIO: "EIO", EACCES: "EACCES", EEXIST: "EEXIST", ENOTDIR: "ENOTDIR",
        EISDIR: "EISDIR", EINVAL: "EINVAL", ENOSPC: "ENOSPC", EROFS: "EROFS", EMLINK: "EMLINK",
        ENAMETOOLONG: "ENAMETOOLONG", ELOOP: "ELOOP", EXDEV: "EXDEV", EMFILE: "EMFILE", ENFILE: "ENFILE",
        EDQUOT: "EDQUOT", EFBIG: "EFBIG", EBUSY: "EBUSY", ENOTEMPTY: "ENOTEMPTY",
    ]

    private static func cocoaReason(_ code: Int) -> String? {
        switch CocoaError.Code(rawValue: code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: "no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
        case .fileWriteOutOfSpace: "no space left on the device"
        case .fileWriteVolumeReadOnly: "the volume is read-only"
        case .fileWriteFileExists: "a file of that name exists"
        case .fileWriteInvalidFileName, .fileReadInvalidFileName: "not a valid file name"
        case .fileReadTooLarge: "the file is too large"
        case .fileReadCorruptFile: "the file's contents cannot be read"
        case .fileLocking: "the file is locked"
        case .fileWriteUnknown: "the write failed for an unknown reason"
        case .fileReadUnknown: "the read failed for an unknown reason"
        default: nil
        }
    }

    /// Foundation's description without its "The operation could not be completed." preamble.
    private static func trimmed(_ text: String) -> String {
        for preamble in ["The operation could not be completed. ", "The operation couldn’t be completed. "]
        where text.hasPrefix(preamble) {
            return String(text.dropFirst(preamble.count))
        }
        return text
    }
}
