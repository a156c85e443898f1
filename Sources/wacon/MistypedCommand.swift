import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// A word where a command was expected that names none (`wacon sned FILE`, `wacon flow lnt x`):
/// said as such, with the nearest commands, before the parser reads the words as arguments of
/// the default command and reports something about them instead.
enum MistypedCommand {
    /// The message for `arguments` (without the program name), or nil when every command word
    /// names a command, or a command's own arguments begin.
    static func message(for arguments: [String]) -> String? {
        var command: ParsableCommand.Type = Wacon.self
        var path = ["wacon"]
        for word in arguments {
            // Options and what follows them are the parser's to read.
            if word.hasPrefix("-") { return nil }
            // `wacon help send`: the parser's own help command.
            if word == "help", path.count == 1 { return nil }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
                command = next
                path.append(word)
                continue
            }
            // A default command takes words of its own (the console's FILE): a path, a file
            // name or a number is one of those.
            if command.configuration.defaultSubcommand != nil, looksLikeAnArgument(word) { return nil }
            let names = subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
            let near = EditDistance.near(word, in: names)
            let what = command == Wacon.self ? "neither a command nor a file" : "not a command"
            let hint = near.isEmpty ? "" : " (did you mean \(near.joined(separator: " or "))?)"
            return "\(path.joined(separator: " ")): \"\(word)\" is \(what)\(hint); commands: \(names.joined(separator: ", "))"
        }
        return nil
    }

    private static func looksLikeAnArgument(_ word: String) -> Bool {
        word.contains("/") || word.contains(".") || FileManager.default.fileExists(atPath: word) || word.first.map { $0.isNumber || $0 == "#" || $0 == "+" } == true
    }
}
