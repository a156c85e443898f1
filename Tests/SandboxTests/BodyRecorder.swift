import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A webhook target that keeps every body it is posted, in arrival order, duplicates included
/// (wacon's own receiver drops duplicates, which the realism scenarios must be seen to send).
/// A plain loopback HTTP/1 server on its own threads: each request is answered 200 and its
/// connection closed. Reads are bounded (a 5 s receive timeout, 1 MiB a body), so nothing hangs.
final class BodyRecorder: @unchecked Sendable {
    struct Post: Sendable {
        var path: String
        /// Header names lowercased.
        var headers: [String: String]
        var body: [UInt8]
        var at: ContinuousClock.Instant
    }

    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var received: [Post] = []
    private var stopped = false

    struct Failure: Error, CustomStringConvertible { var description: String }

    init() throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard sock >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(sock, 64) == 0 else { close(sock); throw Failure(description: "bind/listen: errno \(errno)") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &length) } }
        fd = sock
        port = Int(UInt16(bigEndian: actual.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)/webhook" }

    var posts: [Post] { lock.withLock { received } }

    /// Waits until at least `count` posts have arrived or `timeout` passes (a watchdog, not a
    /// speed target); returns the posts so far.
    func wait(for count: Int, timeout: Duration = .seconds(30)) async -> [Post] {
        let deadline = ContinuousClock.now + timeout
        while posts.count < count && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return posts
    }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func acceptLoop() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            Thread { [self] in serve(client) }.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var headEnd: Int?
        var contentLength = 0
        while data.count < 1_048_576 {
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return }
            data += chunk[0..<n]
            if headEnd == nil, let r = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                headEnd = r.upperBound
                let head = String(decoding: data[..<r.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let start = headEnd, data.count - start >= contentLength { break }
        }
        guard let start = headEnd else { return }
        let head = String(decoding: data[..<(start - 4)], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        let path = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let post = Post(path: path, headers: headers, body: Array(data[start..<min(data.count, start + contentLength)]), at: .now)
        lock.withLock { received.append(post) }
        let reply = Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}
