#if canImport(Glibc)
import Glibc
#endif

/// A short-lived helper program (tmux for the clipboard), run through posix_spawn with its
/// standard input given and its output and errors read together.
enum ChildProcess {
    struct Finished { var exitStatus: Int32; var output: [UInt8] }
    struct Failure: Error { var reason: String }

    /// Runs `arguments` (the first is looked up in PATH), writes `input` to its standard input,
    /// and waits for it. Blocks: call it off the input path.
    static func run(_ arguments: [String], input: [UInt8]) -> Result<Finished, Failure> {
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { return .failure(Failure(reason: String(cString: strerror(errno)))) }
        guard pipe(&fromChild) == 0 else {
            let reason = String(cString: strerror(errno))
            close(toChild[0]); close(toChild[1])
            return .failure(Failure(reason: reason))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 2)
        for fd in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, fd) }
        // The child starts with default signal handling and nothing blocked, whatever this
        // process ignores or blocks (ignored signals would otherwise survive exec).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1]); close(fromChild[0])
            return .failure(Failure(reason: String(cString: strerror(spawned))))
        }
        // tmux reads all of its input before it answers, so writing first cannot deadlock.
        var written = 0
        input.withUnsafeBytes { bytes in
            while written < bytes.count {
                let n = write(toChild[1], bytes.baseAddress! + written, bytes.count - written)
                if n > 0 { written += n } else if n < 0, errno == EINTR { continue } else { break }
            }
        }
        close(toChild[1])
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fromChild[0], $0.baseAddress, $0.count) }
            if n > 0 { output += chunk[..<n]; continue }
            if n < 0, errno == EINTR { continue }
            break
        }
        close(fromChild[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // Exited normally: the low seven bits are zero and the status is the next byte.
        let exit = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return .success(Finished(exitStatus: exit, output: output))
    }
}
