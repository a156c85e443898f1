#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Sandbox
import Transport
import WhatsAppModel

/// What a sync read and where it went.
public struct TemplateSyncResult: Sendable {
    /// The library as written to the cache.
    public var library: CachedTemplates
    /// The pages the listing took.
    public var pages: Int
    /// The cache file written.
    public var path: String
    /// The library the sync replaced, if there was one.
    public var previous: CachedTemplates?
}

/// What an import read and where it went.
public struct TemplateImportResult: Sendable {
    public var library: CachedTemplates
    public var path: String
    /// The library the import replaced, if there was one.
    public var previous: CachedTemplates?
}

/// Why a sync stopped. Whatever the reason, the cached library is left as it was.
public enum TemplateSyncError: Error, Sendable, CustomStringConvertible {
    /// The gateway documents no template-listing API: its templates are imported.
    case noListingAPI(gateway: String, profile: String)
    /// The profile lacks what the listing needs (Meta's `waba_id`).
    case profile(TemplateListingError)
    /// A page came back as an error or could not be read.
    case page(Int, TemplateListingError)
    /// A page's request did not get an answer.
    case transport(page: Int, String)
    /// The listing went on past the bounds (`TemplateSyncLimits`).
    case tooLarge(pages: Int, templates: Int)
    /// The gateway handed back a cursor it had already given: following it would never end.
    case repeatedCursor(page: Int)
    /// The in-process sandbox did not start.
    case sandbox(String)
    /// The cache could not be written.
    case cache(TemplateCacheError)

    public var description: String {
        switch self {
        case .noListingAPI(let gateway, let profile):
            return "\(gateway) has no template-listing API wacon knows of; import the templates instead: wacon templates import FILE -p \(profile)"
        case .profile(let e): return e.description
        case .page(let n, let e): return "page \(n) of the template listing: \(e); the cached library was not changed"
        case .transport(let n, let message): return "page \(n) of the template listing: \(message); the cached library was not changed"
        case .tooLarge(let pages, let templates):
            return "the template listing went on past \(pages) pages or \(templates) templates; stopped there, the cached library was not changed"
        case .repeatedCursor(let n):
            return "page \(n) of the template listing gave a cursor already followed; stopped there, the cached library was not changed"
        case .sandbox(let message): return "the in-process sandbox did not start: \(message)"
        case .cache(let e): return e.description
        }
    }
}

/// Why an import was refused. The cached library is left as it was.
public enum TemplateImportError: Error, Sendable, CustomStringConvertible {
    /// The file's JSON, or a template in it, does not read.
    case unreadable(file: String, TemplateReadError)
    /// The file holds no template.
    case empty(file: String)
    case cache(TemplateCacheError)

    public var description: String {
        switch self {
        case .unreadable(let file, let e):
            let at = e.position.map { ":\($0.line):\($0.column)" } ?? ""
            return "\(file)\(at): \(e)"
        case .empty(let file): return "\(file): no templates in it (expected an array of templates, a page {\"data\": [...]}, or an array of pages)"
        case .cache(let e): return e.description
        }
    }
}

/// The bounds of one sync: an account has at most a few thousand templates, so a listing that
/// goes on past these is a gateway paging in circles.
public struct TemplateSyncLimits: Sendable, Hashable {
    public var pageSize = 100
    public var maxPages = 100
    public var maxTemplates = 50_000

    public init(pageSize: Int = 100, maxPages: Int = 100, maxTemplates: Int = 50_000) {
        self.pageSize = pageSize
        self.maxPages = maxPages
        self.maxTemplates = maxTemplates
    }
}

extension WaconSession {
    // MARK: Templates

    /// The template libraries' folder: the settings' (tests), else the data folder's.
    public nonisolated var templateCache: TemplateCache {
        TemplateCache(folder: settings.templateFolder ?? TemplateCache.defaultFolder())
    }

    /// `profile`'s cached library; nil when it has none yet.
    public nonisolated func templateLibrary(_ profile: String) throws(TemplateCacheError) -> CachedTemplates? {
        try templateCache.load(profile: profile)
    }

    /// Reads every page of the account's templates through the gateway's listing API (the
    /// in-process sandbox's for a built-in profile) and, once all of them are read, replaces
    /// the profile's cached library. A page that fails stops the sync with its error and leaves
    /// the cache as it was.
    public func templatesSync(_ profile: Profile, limits: TemplateSyncLimits = TemplateSyncLimits()) async throws(TemplateSyncError) -> TemplateSyncResult {
        let gateway = profile.gateway.gateway
        guard let listing = gateway.templateListing else { throw .noListingAPI(gateway: gateway.displayName, profile: profile.name) }
        let effective: Profile
        do { effective = try await effectiveProfile(profile) } catch { throw .sandbox("\(error)") }
        var templates: [StoredTemplate] = []
        var seen = Set<String>()
        var after: String?
        var pages = 0
        repeat {
            if pages == limits.maxPages || templates.count >= limits.maxTemplates {
                throw .tooLarge(pages: limits.maxPages, templates: limits.maxTemplates)
            }
            pages += 1
            let request: WireRequest
            do { request = try listing.pageRequest(profile: effective, limit: limits.pageSize, after: after) } catch { throw .profile(error) }
            let exchange = await transport.send(request)
            let response: WireResponse
            switch exchange.result {
            case .success(let r): response = r
            case .failure(let f): throw .transport(page: pages, f.message)
            }
            let page: TemplatePage
            switch listing.decodePage(response) {
            case .success(let p): page = p
            case .failure(let e): throw .page(pages, e)
            }
            templates += page.templates
            if let next = page.after {
                guard seen.insert(next).inserted else { throw .repeatedCursor(page: pages) }
            }
            after = page.after
        } while after != nil
        if templates.count > limits.maxTemplates { throw .tooLarge(pages: limits.maxPages, templates: limits.maxTemplates) }
        let library = CachedTemplates(profile: profile.name, syncedAt: Date(), source: .sync, templates: Self.latestPerKey(templates))
        let previous = try? templateCache.load(profile: profile.name)
        do { try templateCache.save(library) } catch { throw .cache(error) }
        return TemplateSyncResult(library: library, pages: pages, path: templateCache.path(for: profile.name), previous: previous ?? nil)
    }

    /// Reads templates from a file's bytes (Meta's JSON: an array of templates, a page
    /// `{"data": [...]}`, or an array of pages) and, when all of it reads, replaces `profile`'s
    /// cached library with them. `file` names the file in the library's source.
    public nonisolated func templatesImport(_ bytes: [UInt8], file: String, profile: String) throws(TemplateImportError) -> TemplateImportResult {
        let templates: [StoredTemplate]
        do { templates = try StoredTemplate.parseCollection(bytes) } catch { throw .unreadable(file: file, error) }
        guard !templates.isEmpty else { throw .empty(file: file) }
        let library = CachedTemplates(profile: profile, syncedAt: Date(), source: .imported(file: file), templates: templates)
        let previous = try? templateCache.load(profile: profile)
        do { try templateCache.save(library) } catch { throw .cache(error) }
        return TemplateImportResult(library: library, path: templateCache.path(for: profile), previous: previous ?? nil)
    }

    /// One template per name and language, the later listed winning: a template edited while
    /// the pages were read can move and be listed twice.
    static func latestPerKey(_ templates: [StoredTemplate]) -> [StoredTemplate] {
        var position: [TemplateKey: Int] = [:]
        var out: [StoredTemplate] = []
        out.reserveCapacity(templates.count)
        for t in templates {
            if let i = position[t.key] { out[i] = t } else {
                position[t.key] = out.count
                out.append(t)
            }
        }
        return out
    }
}
