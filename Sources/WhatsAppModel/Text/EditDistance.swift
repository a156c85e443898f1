/// How far apart two words are (Levenshtein: insertions, deletions, substitutions), for "did
/// you mean" wherever a typed name is not one wacon knows.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in a.indices {
            var diagonal = row[0]
            row[0] = i + 1
            for j in b.indices {
                let above = row[j + 1]
                row[j + 1] = min(above + 1, row[j] + 1, diagonal + (a[i] == b[j] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }

    /// The names within `limit` edits of `word`, nearest first.
    public static func near(_ word: String, in names: [String], limit: Int = 2) -> [String] {
        names.map { ($0, between($0, word)) }.filter { $0.1 <= limit }.sorted { $0.1 < $1.1 }.map(\.0)
    }
}
