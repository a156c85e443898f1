/// Drops `#` and `//` line comments outside JSON strings, keeping the line breaks so positions
/// stay right. Vendors annotate their examples this way ("media": "URL" # if media).
enum JSONComments {
    static func strip(_ bytes: [UInt8]) -> (bytes: [UInt8], lines: [Int]) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var lines: [Int] = []
        var line = 1, k = 0, inString = false
        while k < bytes.count {
            let b = bytes[k]
            if inString {
                out.append(b)
                if b == UInt8(ascii: "\\"), k + 1 < bytes.count { out.append(bytes[k + 1]); k += 2; continue }
                if b == UInt8(ascii: "\"") { inString = false }
                if b == 0x0A { line += 1 }
                k += 1
                continue
            }
            let comment = b == UInt8(ascii: "#") || (b == UInt8(ascii: "/") && k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "/"))
            if comment {
                lines.append(line)
                while k < bytes.count, bytes[k] != 0x0A { k += 1 }
                continue
            }
            if b == UInt8(ascii: "\"") { inString = true }
            if b == 0x0A { line += 1 }
            out.append(b)
            k += 1
        }
        return (out, lines)
    }
}
