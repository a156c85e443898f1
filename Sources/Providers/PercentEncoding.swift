/// Percent-encoding (RFC 3986) of URL parts, byte by byte over UTF-8.
public enum PercentEncoding {
    /// Everything but the unreserved characters (`A–Z a–z 0–9 - . _ ~`) escaped: safe in a path
    /// segment and in a query value.
    public static func unreservedOnly(_ s: String) -> String { encode(s) { isUnreserved($0) } }

    /// A query value: what a query may hold as it is, except `&`, `=` and `+`, which would end
    /// or change the value.
    public static func queryValue(_ s: String) -> String {
        encode(s) { isUnreserved($0) || "!$'()*,;:@/?".utf8.contains($0) }
    }

    /// `%XX` escapes read back into bytes; nil when an escape is malformed or the bytes are
    /// not UTF-8.
    public static func decoded<S: StringProtocol>(_ s: S) -> String? {
        guard s.utf8.contains(0x25) else { return String(s) }
        func nibble(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x37
            case 0x61...0x66: return b - 0x57
            default: return nil
            }
        }
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25 {
                guard i + 2 < bytes.count, let high = nibble(bytes[i + 1]), let low = nibble(bytes[i + 2]) else { return nil }
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    static func isUnreserved(_ b: UInt8) -> Bool {
        (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    private static func encode(_ s: String, keeping keep: (UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            if keep(b) { out.append(b) } else { out += [0x25, hex[Int(b >> 4)], hex[Int(b & 0x0F)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
