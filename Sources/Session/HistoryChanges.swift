#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import WhatsAppModel
import Config

/// Tells when the history file is written (by a `wacon listen` recording webhooks in another
/// process, a CLI send, or this session), so the console can show what came in without
/// polling: the kernel reports writes to the file or its write-ahead log (inotify on the file's
/// folder), and nothing runs while the file is quiet.
final class HistoryChanges: @unchecked Sendable {
    #if canImport(Glibc)
    /// Written to by `stop`: the reading thread waits on both.
    private let wake: (read: Int32, write: Int32)
    #endif

    /// Watches `path`; nil when its folder cannot be watched (it does not exist yet, or the
    /// platform has no inotify): the console then shows only what its own session receives.
    init?(path: String, changed: @escaping @Sendable () -> Void) {
        #if canImport(Glibc)
        let folder = FilePaths.folder(path)
        let name = FilePaths.lastComponent(path)
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return nil }
        var pipeFDs: [Int32] = [0, 0]
        guard inotify_add_watch(fd, folder, UInt32(IN_MODIFY | IN_MOVED_TO | IN_CREATE)) >= 0, pipe(&pipeFDs) == 0 else {
            close(fd)
            return nil
        }
        wake = (pipeFDs[0], pipeFDs[1])
        let stopFD = pipeFDs[0]
        let started = DetachedThread.start {
            defer { close(fd); close(stopFD) }
            var buffer = [UInt8](repeating: 0, count: 8192)
            /// Reads what is pending; true when it names the file or its log.
            func drain() -> Bool {
                var relevant = false
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    guard n > 0 else { return relevant }
                    // Each event is a fixed header (its name's length at byte 12), then the name.
                    var offset = 0
                    let header = MemoryLayout<inotify_event>.size
                    while offset + header <= n {
                        let length = buffer.withUnsafeBytes { Int($0.load(fromByteOffset: offset + 12, as: UInt32.self)) }
                        let start = offset + header
                        let file = String(decoding: buffer[start..<min(n, start + length)].prefix { $0 != 0 }, as: UTF8.self)
                        if file == name || file == name + "-wal" { relevant = true }
                        offset = start + length
                    }
                }
            }
            while true {
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: stopFD, events: Int16(POLLIN), revents: 0)]
                guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { return }
                if fds[1].revents != 0 { return }
                guard drain() else { continue }
                // One transaction writes many pages: let it finish, then say it once.
                usleep(30_000)
                _ = drain()
                changed()
            }
        }
        guard started else {
            close(fd)
            close(pipeFDs[0])
            close(pipeFDs[1])
            return nil
        }
        #else
        return nil
        #endif
    }

    /// Stops watching (the thread ends and closes what it opened).
    func stop() {
        #if canImport(Glibc)
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        close(wake.write)
        #endif
    }
}

extension WaconSession {
    /// A tick each time the history file is written, from any process; ends when the caller
    /// stops iterating. Empty (it ends at once) when the file's folder cannot be watched.
    public nonisolated func historyChanges() -> AsyncStream<Void> {
        let path = settings.historyPath
        return AsyncStream { continuation in
            guard settings.history.enabled, let watcher = HistoryChanges(path: path, changed: { continuation.yield() }) else {
                continuation.finish()
                return
            }
            continuation.onTermination = { _ in watcher.stop() }
        }
    }
}
