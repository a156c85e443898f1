import Foundation
import Testing
@testable import Providers
import WhatsAppModel

/// Templates as raw JSON: the shapes Meta's JSON comes in, the listing request and its pages,
/// and the sandbox's side of Meta's listing.
@Suite struct TemplateListingTests {
    static let orderUpdate: JSONValue = [
        "name": "order_update", "language": "en_US", "status": "APPROVED", "category": "UTILITY",
        "components": [
            ["type": "HEADER", "format": "IMAGE"],
            ["type": "BODY", "text": "Hi {{1}}, order {{2}} ships today ({{1}})."],
            ["type": "BUTTONS", "buttons": [["type": "URL", "text": "Track", "url": "https://x.example/t/{{1}}"], ["type": "COPY_CODE", "example": "SAVE10"]]],
        ],
        "quality_score": ["score": "GREEN", "date": 1764547200], "id": "42", "future_field": ["kept": true],
    ]

    @Test func everyShapeOfMetasJSONReads() throws {
        let one = Self.orderUpdate
        let other: JSONValue = ["name": "order_update", "language": "es"]
        let asArray = try StoredTemplate.readCollection([one, other])
        let asPage = try StoredTemplate.readCollection(["data": [one, other], "paging": ["cursors": ["before": "a", "after": "b"]]])
        let asPages = try StoredTemplate.readCollection([["data": [one]], ["data": [other]]])
        let single = try StoredTemplate.readCollection(one)
        for list in [asArray, asPage, asPages] { #expect(list.map(\.key.description) == ["order_update (en_US)", "order_update (es)"]) }
        #expect(single.count == 1)
        // Unknown members are kept, the whole object as read.
        #expect(asArray[0].json["future_field"] == ["kept": true])
        #expect(asArray[0].quality == "GREEN" && asArray[0].id == "42" && asArray[1].status == nil)
    }

    @Test func badTemplatesAreRefusedWithTheirPath() {
        func problem(_ v: JSONValue) -> String? {
            do { _ = try StoredTemplate.readCollection(v); return nil } catch { return error.description }
        }
        #expect(problem([["name": "a", "language": "en"], ["name": "b"]]) == "[1].language: required: the template's language")
        #expect(problem(["data": [["name": 3, "language": "en"]]]) == "data[0].name: a non-empty string; found a number")
        #expect(problem([["data": [["name": "a", "language": "en"]]], ["data": [["name": "a", "language": "en", "components": "x"]]]])
                == "[1].data[0].components: an array of components; found a string")
        #expect(problem([["name": "a", "language": "en"], ["name": "a", "language": "en"]])?.hasPrefix("[1]: template a in en is already at [0]") == true)
        #expect(problem("text")?.contains("found a string") == true)
        #expect(problem(["data": "x"]) == "data: the page's templates (an array); found a string")
        do { _ = try StoredTemplate.parseCollection(Array("[{".utf8)); Issue.record("no error") } catch {
            #expect(error.position != nil)
        }
    }

    @Test func parameterCountCountsWhatASendFills() throws {
        let t = try StoredTemplate.read(Self.orderUpdate, at: .root)
        // Image header 1, body {{1}} {{2}} (distinct) 2, URL suffix 1, copy code 1.
        #expect(t.parameterCount == 5)
    }

    @Test func onlyMetaHasATemplateListingAndTheFeatureSaysSo() {
        for id in GatewayID.allCases {
            let g = id.gateway
            #expect(g.listsTemplates == g.capabilities.features.contains(.templateListing), "\(id)")
            #expect(g.listsTemplates == (id == .meta), "\(id)")
            #expect(g.emulation.templateRoutes.isEmpty == (id != .meta), "\(id)")
        }
    }

    @Test func metasListingRequestAndPages() throws {
        let listing = try #require(MetaCloudGateway().templateListing)
        var profile = Profile.builtIn(.meta)
        #expect(profile.wabaID == "102290129340398")
        let first = try listing.pageRequest(profile: profile, limit: 100, after: nil)
        #expect(first.method == "GET" && first.body.isEmpty)
        #expect(first.url == "https://graph.facebook.com/\(GraphAPIVersions.current)/102290129340398/message_templates?fields=name,language,status,category,parameter_format,components,quality_score,id&limit=100")
        #expect(first.header("Authorization") == "Bearer EAAsampleWaconSandboxToken0000")
        let next = try listing.pageRequest(profile: profile, limit: 5, after: "ab+/=")
        #expect(next.url.hasSuffix("&limit=5&after=ab%2B%2F%3D"))
        profile.wabaID = nil
        #expect(throws: TemplateListingError.self) { try listing.pageRequest(profile: profile, limit: 5, after: nil) }

        let more = listing.decodePage(WireResponse(status: 200, body: #"{"data":[{"name":"a","language":"en"}],"paging":{"cursors":{"before":"x","after":"y"},"next":"https://graph.facebook.com/..."}}"#))
        #expect((try? more.get())?.after == "y")
        let last = listing.decodePage(WireResponse(status: 200, body: #"{"data":[{"name":"a","language":"en"}],"paging":{"cursors":{"before":"x","after":"y"}}}"#))
        #expect((try? last.get()).map { $0.after == nil && $0.templates.count == 1 } == true)
        let refused = listing.decodePage(WireResponse(status: 401, body: #"{"error":{"message":"(#190) Invalid OAuth access token","type":"OAuthException","code":190}}"#))
        guard case .failure(.refused(401, "190", let message)) = refused else { Issue.record("\(refused)"); return }
        #expect(message.contains("Invalid OAuth"))
        let broken = listing.decodePage(WireResponse(status: 200, body: #"{"data":[{"name":"a"}]}"#))
        guard case .failure(.unreadable(200, let reason)) = broken else { Issue.record("\(broken)"); return }
        #expect(reason == "data[0].language: required: the template's language")
    }

    @Test func theSandboxPagesMetasListingWithLimitAndAfter() throws {
        let account = Profile.builtIn(.meta)
        let templates = (0..<30).map { StoredTemplate(json: ["name": .string("t\($0)"), "language": "en_US", "status": "APPROVED", "secret_note": "x"]) }
        func page(_ query: [String: String], waba: String = "102290129340398") -> JSONValue {
            let req = EmulatedRequest(gateway: .meta, path: "/v25.0/\(waba)/message_templates", parameters: ["version": "v25.0", "wabaID": waba],
                                      query: query, headers: .init(pairs: [("Host", "127.0.0.1:9")]), body: [])
            return (try? JSONParser.parse(MetaEmulation().templatePage(req, account: account, templates: templates).body)) ?? .null
        }
        // The default page size is Graph's 25; `fields` chooses the members, `id` always comes.
        let first = page([:])
        #expect(first["data"]?.arrayValue?.count == 25)
        #expect(first["data"]?.arrayValue?.first?["secret_note"] == nil)
        let after = try #require(first["paging"]?["cursors"]?["after"]?.stringValue)
        #expect(first["paging"]?["next"]?.stringValue?.hasPrefix("http://127.0.0.1:9/v25.0/102290129340398/message_templates?limit=25&after=") == true)
        let second = page(["limit": "25", "after": after, "fields": "name"])
        #expect(second["data"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" } == (25..<30).map { "t\($0)" })
        #expect(second["data"]?.arrayValue?.first?.objectValue?.keys == ["name"])
        #expect(second["paging"]?["next"] == nil && second["paging"]?["cursors"]?["after"] != nil)
        #expect(page(["limit": "0"])["error"]?["code"] == 100)
        #expect(page(["after": "not-a-cursor"])["error"]?["code"] == 100)
        #expect(page([:], waba: "999")["error"]?["error_subcode"] == 33)
    }
}
