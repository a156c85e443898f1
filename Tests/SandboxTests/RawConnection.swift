import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP client that writes whatever bytes it is given, as an attacker's would: half a request,
/// a body that stops, nothing at all. Non-blocking: waits by polling, so no test thread blocks.
final class RawConnection: @unchecked Sendable {
    private let fd: Int32
    private var buffered: [UInt8] = []
    /// The server closed the connection (or reset it).
    private(set) var isClosed = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let e = errno
            close(fd)
            throw Failure(description: "connect: errno \(e)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(fd) }

    /// Writes all of `bytes` (waiting while the socket is full), or stops when the server
    /// closes. Returns whether all was written.
    @discardableResult
    func write(_ bytes: [UInt8], within timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                guard ContinuousClock.now < deadline else { return false }
                try? await Task.sleep(for: .milliseconds(2))
            } else {
                isClosed = true
                return false
            }
        }
        return true
    }

    @discardableResult
    func write(_ text: String) async -> Bool { await write(Array(text.utf8)) }

    /// Reads what has arrived; notes a close. Returns whether anything happened.
    private func pump() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            buffered += chunk[0..<n]
            return true
        }
        if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
            isClosed = true
            return true
        }
        return false
    }

    /// Waits until the server closes the connection; false if it is still open after `timeout`.
    func waitForClose(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !isClosed {
            if pump() { continue }
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Writes `piece` every `interval` for up to `pieces` pieces, until the server closes the
    /// connection; true when it closed it before the last piece (while bytes still came).
    func trickle(_ piece: String, every interval: Duration, pieces: Int) async -> Bool {
        for _ in 0..<pieces {
            guard await write(piece) else { return true }
            try? await Task.sleep(for: interval)
        }
        return false
    }

    /// One HTTP response: status, headers (names lowercased) and body (by `Content-Length`);
    /// nil when none arrives whole within `timeout`.
    func readResponse(within timeout: Duration = .seconds(10)) async -> RawResponse? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let response = RawResponse.take(from: &buffered) { return response }
            if isClosed { return nil }
            if pump() { continue }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// A response as read off the wire.
struct RawResponse {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// Removes one whole response from the front of `buffer`, if there is one.
    static func take(from buffer: inout [UInt8]) -> RawResponse? {
        let separator = Array("\r\n\r\n".utf8)
        guard buffer.count >= 4, let end = (0...(buffer.count - 4)).first(where: { Array(buffer[$0..<$0 + 4]) == separator }) else { return nil }
        let lines = String(decoding: buffer[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = headers["content-length"].flatMap { Int($0) } ?? 0
        guard buffer.count >= end + 4 + length else { return nil }
        let body = Array(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        return RawResponse(status: status, headers: headers, body: body)
    }
}

extension RawConnection {
    /// Sends one whole request and reads its response.
    static func exchange(port: Int, method: String = "POST", path: String, headers: [(String, String)] = [], body: [UInt8] = [],
                         within timeout: Duration = .seconds(10)) async throws -> RawResponse {
        let connection = try RawConnection(port: port)
        await connection.write(Array(requestHead(path, method: method, headers: headers, contentLength: body.count).utf8) + body)
        guard let response = await connection.readResponse(within: timeout) else {
            throw RawConnection.Failure(description: "no response to \(method) \(path.prefix(80)) (closed: \(connection.isClosed))")
        }
        return response
    }
}
