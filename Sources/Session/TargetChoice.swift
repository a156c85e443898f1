import Config
import Providers

/// Where a message goes, as a person chose it: on the command line (or in a pane), and in a
/// saved message's `wacon` object. The command line is the later, explicit choice and wins;
/// the file's choice is the default. Both front ends read saved messages through this, so a
/// draft saved in the console sends the same way from `wacon send`.
public struct TargetChoice: Sendable, Hashable {
    /// Where a value came from, for saying which one is wrong.
    public enum Source: Sendable, Hashable {
        /// `--gateway` / `--profile`.
        case commandLine
        /// The `wacon` object of the message file at this path.
        case file(String)
    }

    /// The gateway as written (not yet checked), or nil for the profile's own.
    public var gateway: String?
    /// The profile as written, or nil for the gateway's built-in one.
    public var profile: String?
    /// Where `gateway` was written.
    public var gatewaySource: Source?
    /// Where `profile` was written.
    public var profileSource: Source?

    /// The choice: the command line's gateway and profile, then the saved message's for what
    /// the command line leaves open. The file's profile is kept under a command-line gateway
    /// only when the file names that gateway too (a profile is for one gateway).
    public init(gateway: String?, profile: String?, saved: SavedMessage? = nil, file: String = "-") {
        self.gateway = gateway
        self.profile = profile
        gatewaySource = gateway == nil ? nil : .commandLine
        profileSource = profile == nil ? nil : .commandLine
        guard let saved, profile == nil else { return }
        if gateway == nil {
            if let g = saved.gateway { self.gateway = g.rawValue; gatewaySource = .file(file) }
            if let p = saved.profile { self.profile = p; profileSource = .file(file) }
        } else if let p = saved.profile, saved.gateway.map({ $0.rawValue == gateway?.lowercased() }) ?? false {
            self.profile = p
            profileSource = .file(file)
        }
    }

    /// The vendor options of a send: `commandLine`'s over the saved message's. The file's are
    /// only those `gateway` carries: a draft saved for Kaleyra and sent through Meta has no
    /// use for its `ref`, and saying so would be a finding about a choice the user undid.
    public static func options(_ commandLine: VendorOptions, over saved: SavedMessage?, for gateway: GatewayID) -> VendorOptions {
        guard let saved else { return commandLine }
        return commandLine.over(saved.options.restricted(to: gateway.gateway.optionKeys.map(\.name)))
    }

    /// True when nothing names a gateway or a profile.
    public var isEmpty: Bool { gateway == nil && profile == nil }

    /// The profile this choice names in `config`, or why not, saying which value is wrong and
    /// where it was written.
    public func resolve(in config: Config) throws(TargetChoiceError) -> Profile {
        do {
            return try config.resolve(gateway: gateway, profile: profile)
        } catch {
            let source: Source?
            switch error {
            case .unknownGateway: source = gatewaySource
            case .noProfile: source = profileSource
            case .otherGateway: source = profileSource == .commandLine || gatewaySource == .commandLine ? .commandLine : profileSource
            }
            throw TargetChoiceError(reason: error, source: source, gateway: gateway, profile: profile)
        }
    }
}

/// A gateway or profile that names no profile, with where it was written.
public struct TargetChoiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var reason: ProfileChoiceError
    /// Where the wrong value was written (nil: nowhere the user wrote, a default).
    public var source: TargetChoice.Source?
    /// The choice as written, to repeat it in the message.
    public var gateway: String?
    public var profile: String?

    /// `--gateway whatsapp: "whatsapp" is not a gateway; …`, or
    /// `msg.json: wacon.profile: no profile "x" …`: the value as the user wrote it, where.
    public var description: String {
        switch (source, reason) {
        case (.commandLine?, .unknownGateway):
            return "--gateway \(gateway ?? ""): \(reason)"
        case (.commandLine?, .noProfile):
            return "--profile \(profile ?? ""): \(reason)"
        case (.commandLine?, .otherGateway):
            let flags = [gateway.map { "--gateway \($0)" }, profile.map { "--profile \($0)" }].compactMap { $0 }.joined(separator: " ")
            return "\(flags): \(reason)"
        case (.file(let path)?, .unknownGateway):
            return "\(path): wacon.gateway: \(reason)"
        case (.file(let path)?, _):
            return "\(path): wacon.profile: \(reason)"
        case (nil, _):
            return reason.description
        }
    }
}
