#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One variable of a template's text: `{{1}}` (positional) or `{{first_name}}` (named), with the
/// example value the template was approved with, if it gave one.
public struct TemplatePlaceholder: Sendable, Hashable, CustomStringConvertible {
    /// The name between the braces: `1`, `2`, … or `first_name`.
    public var name: String
    /// The template's example value for it.
    public var example: String?

    public init(name: String, example: String? = nil) {
        self.name = name
        self.example = example
    }

    /// True for `{{1}}`, `{{2}}`, …
    public var isPositional: Bool { !name.isEmpty && name.allSatisfy(\.isASCIIDigit) }

    /// `{{name}}`.
    public var description: String { "{{\(name)}}" }

    /// The distinct variables of `text`, in order of first appearance. Meta counts a variable
    /// once however often the text repeats it (plausible: its pages show no repeated variable;
    /// a repeat takes one value either way). Spaces inside the braces are tolerated.
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            let after = rest[open.upperBound...]
            guard let close = after.firstRange(of: "}}") else { break }
            let name = after[..<close.lowerBound].trimmed
            if !name.isEmpty, name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }) {
                if seen.insert(name).inserted { names.append(name) }
                rest = after[close.upperBound...]
            } else {
                // Not a variable ("{{ }}" or "{{a-b}}"): look again from the next brace.
                rest = rest[rest.index(after: open.lowerBound)...]
            }
        }
        return names
    }

    /// `text` with each variable replaced by `value(name)`; variables without a value stay as
    /// written.
    public static func substitute(in text: String, _ value: (String) -> String?) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            let after = rest[open.upperBound...]
            guard let close = after.firstRange(of: "}}") else { break }
            let name = after[..<close.lowerBound].trimmed
            out += rest[..<open.lowerBound]
            if let v = value(name) { out += v } else { out += rest[open.lowerBound..<close.upperBound] }
            rest = after[close.upperBound...]
        }
        out += rest
        return out
    }
}
