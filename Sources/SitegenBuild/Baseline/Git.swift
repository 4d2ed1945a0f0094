import Foundation
import SitegenCore

/// Runs `git` in a repository and reads what it prints. The URL-stability guard reads a baseline revision with git
/// itself (`rev-parse`, `ls-tree`, `diff -M`, `cat-file --batch`): no checkout, and the working tree and the index
/// are never written (`GIT_OPTIONAL_LOCKS=0` keeps `git diff` from refreshing the index).
struct Git {
    /// The folder git runs in.
    let folder: String

    struct Failure: Error {
        var status: Int32
        var standardError: String
    }

    /// git's standard output; `Failure` with its standard error when it exits with another status than 0 (or
    /// cannot be started: status -1).
    func run(_ arguments: [String], input: Data? = nil) throws(Failure) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputPipe = input.map { _ in Pipe() }
        if let inputPipe {
            process.standardInput = inputPipe
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        do {
            try process.run()
        } catch {
            throw Failure(status: -1, standardError: "cannot run git: \(error.localizedDescription)")
        }
        // Both pipes are drained while git runs (and the input written from another thread): a pipe that fills up
        // would stop git, and this process with it.
        let errorHandle = errors.fileHandleForReading
        let errorData = BackgroundValue { errorHandle.readDataToEndOfFile() }
        if let input, let inputPipe {
            let inputHandle = inputPipe.fileHandleForWriting
            let writer = Thread {
                try? inputHandle.write(contentsOf: input)
                try? inputHandle.close()
            }
            writer.start()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = errorData.value
        guard process.terminationStatus == 0 else {
            throw Failure(status: process.terminationStatus,
                          standardError: String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return data
    }

    /// The text git prints, without its last line break.
    func text(_ arguments: [String]) throws(Failure) -> String {
        let data = try run(arguments)
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
