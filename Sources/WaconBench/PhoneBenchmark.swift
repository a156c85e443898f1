import Foundation
import WhatsAppModel

// `wacon-bench phone`: reading recipient numbers. 100,000 realistic numbers by default, from 27
// countries in the ways people write them: E.164, spaced and dashed, `(0)` and trunk prefixes
// after the country code, `00`, digits without `+` as in wa_id, national numbers, and a few
// mistakes (a digit too many, an unknown country code, a letter). The digits are drawn from a
// fixed-seed generator, so every run reads the same numbers.

extension SeededRandom {
    /// A template with each `#` replaced by a random digit.
    mutating func fill(_ template: String) -> String {
        var out = ""
        out.reserveCapacity(template.utf8.count)
        for c in template {
            out.append(c == "#" ? Character(String(next() % 10)) : c)
        }
        return out
    }
}

/// How people write numbers: the country's usual forms, signature forms, and some mistakes.
private let phoneBenchTemplates: [String] = [
    "+44 7700 9#####", "+44 (0) 7700 9#####", "+44 07### ######", "+44 20 7946 0###", "0044 20 7946 0###", "4477009#####",
    "+1 (650) 555-####", "+1 416 555 ####", "1650555####", "+1-876-555-####", "+1 1 212 555 ####",
    "+27 82 555 ####", "+27 082 555 ####", "0027 12 345 ####", "082 555 ####", "2782555####",
    "+49 (0)30 123####", "+49 151 2345 ####", "+49 (0) 89 ### ###",
    "+91 98765 4####", "91987654####", "+91 098765 4####",
    "+33 6 12 34 ## ##", "+33 (0)6 12 ## ## ##",
    "+31 (0)6 1234 ####", "+61 4## ### ###", "+61 (0)4 ## ### ###",
    "+7 912 345-##-##", "+7 8 912 ### ## ##", "+7 701 ### ####",
    "+55 11 9####-####", "+55 (0)21 9####-####", "+52 55 #### ####", "+52 1 55 #### ####",
    "+62 821-####-####", "+234 803 ### ####", "+81 90-####-####", "+81 (0)3 #### ####",
    "+39 06 #### ####", "+39 3## ### ####", "+225 07 ## ## ## ##", "+36 06 30 ### ####",
    "+353 (0)87 ### ####", "+92 300 #######", "+20 10 #### ####", "+971 50 ### ####",
    "+966 5# ### ####", "+254 7## ######", "+63 917 ### ####",
    "+44 20 7946 0958 ##", "+999 ### ####", "+27 82 ABC ####",
]

func phoneBenchmark(numbers: Int) {
    #if DEBUG
    print("warning: debug build; run `swift build -c release --product wacon-bench` for real figures")
    #endif
    var random = SeededRandom(seed: 0x5EED_F0_0D)
    let texts = (0..<numbers).map { i in random.fill(phoneBenchTemplates[i % phoneBenchTemplates.count]) }
    let runs = 5
    print("wacon-bench phone: \(numbers) numbers (\(phoneBenchTemplates.count) ways of writing them, 27 countries), \(runs) runs after warm-up")
    print("numbering facts: libphonenumber metadata \(PhoneNumber.metadataVersion)")

    // Outcomes, from one reading of every number (not timed).
    var sent = 0, noted = 0, national = 0, errors = 0
    for text in texts {
        let reading = PhoneNumber.read(text)
        switch reading.severity {
        case nil: sent += 1
        case .note?: noted += 1
        case .warning?: national += 1
        case .error?: errors += 1
        }
    }
    print("outcomes: \(sent) E.164 as written, \(noted) normalised (note), \(national) without country code (warning), \(errors) errors")

    // parse: what a gateway does before sending. read + findings: what the validator and the
    // console do, messages included.
    let kinds: [(String, (String) -> Void)] = [
        ("parse", { blackhole(PhoneNumber.parse($0)) }),
        ("read + findings", { blackhole(PhoneNumber.read($0).findings(at: "to")) }),
    ]
    for (name, work) in kinds {
        for t in texts.prefix(10_000) { work(t) }
        var totals: [Double] = []
        for _ in 0..<runs {
            let t0 = nanos()
            for t in texts { work(t) }
            totals.append(Double(nanos() - t0) / 1_000_000)
        }
        let s = Stats(totals)
        print(name.padding(toLength: 16, withPad: " ", startingAt: 0)
              + String(format: " total median %8.1f ms (min %.1f)   per number %6.0f ns", s.median, s.samples.first!, s.median * 1_000_000 / Double(numbers)))
    }

    // The worst a recipient field can hold: ten million digits, answered without building them.
    let huge = "+" + String(repeating: "7", count: 10_000_000)
    let t0 = nanos()
    let verdict = PhoneNumber.parse(huge)
    let ms = Double(nanos() - t0) / 1_000_000
    let answer: String
    switch verdict {
    case .failure(let problem): answer = problem.description
    case .success(let number): answer = "read as \(number)"
    }
    print(String(format: "a 10,000,000-digit recipient: %.1f ms: ", ms) + answer)
}
