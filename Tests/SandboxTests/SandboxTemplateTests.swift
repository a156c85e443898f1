import Foundation
import Testing
@testable import Providers
@testable import Sandbox
import Transport
import WhatsAppModel

/// The sandbox's template library: seeded, served through Meta's listing over real HTTP with
/// the send route's authentication, and added to through the control endpoint.
@Suite(.serialized) struct SandboxTemplateTests {
    /// One request to the sandbox; the answer's status and parsed body.
    func call(_ transport: Transport, _ method: String, _ url: String, token: String? = "EAAsampleWaconSandboxToken0000",
              body: [UInt8]? = nil) async throws -> (Int, JSONValue) {
        var request = WireRequest(method: method, url: url, headers: token.map { [WireHeader("Authorization", "Bearer \($0)")] } ?? [], json: .null)
        if let body { request.bodyJSON = try JSONParser.parse(body) }
        let exchange = await transport.send(request)
        let response = try #require(exchange.response)
        return (response.status, try JSONParser.parse(response.body))
    }

    @Test func theSeedCoversEveryKindAskedForAndMatchesTheCorpus() throws {
        let seed = SandboxTemplateLibrary.seed
        let keys = seed.map(\.key.description)
        #expect(keys.contains("order_update (en_US)") && keys.contains("appointment_reminder (es)") && keys.contains("appointment_reminder (en_US)"))
        let order = try #require(seed.first { $0.name == "order_update" })
        #expect(order.json["components"]?.arrayValue?.first?["format"] == "IMAGE" && order.category == "UTILITY" && order.parameterCount == 3)
        #expect(seed.contains { $0.category == "AUTHENTICATION" && JSONWriter.compactString(.object($0.json)).contains("\"otp_type\":\"COPY_CODE\"") })
        #expect(seed.contains { $0.parameterFormat == "NAMED" && $0.category == "MARKETING" })
        #expect(seed.contains { $0.json["components"]?.arrayValue?.contains { $0["type"] == "CAROUSEL" && $0["cards"]?.arrayValue?.count == 2 } == true })
        #expect(seed.contains { JSONWriter.compactString(.object($0.json)).contains("\"type\":\"FLOW\"") })
        #expect(seed.contains { $0.status == "PAUSED" } && seed.contains { $0.status == "DISABLED" })
        // Each seeded template is a corpus file, equal to it.
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus/templates-sandbox")
        for t in seed {
            let file = folder.appendingPathComponent("sandbox-\(t.name).\(t.language).json")
            let data = try #require(FileManager.default.contents(atPath: file.path), "\(file.path)")
            #expect(try JSONParser.parse(Array(data)) == .object(t.json), "\(file.lastPathComponent)")
        }
    }

    @Test func metasListingPagesOverHTTPAndRefusesAWrongKeyLikeTheSendRoute() async throws {
        let server = try await SandboxServer.start()
        let transport = Transport(configuration: TransportConfiguration(timeout: .seconds(10)))
        defer { Task { await transport.shutdown(); await server.stop() } }
        let listing = server.baseURL + "/v25.0/102290129340398/message_templates"
        var names: [String] = []
        var url = listing + "?limit=4"
        var pages = 0
        while true {
            let (status, page) = try await call(transport, "GET", url)
            #expect(status == 200)
            pages += 1
            names += page["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            guard let next = page["paging"]?["next"]?.stringValue else {
                #expect(page["paging"]?["cursors"]?["after"] != nil)
                break
            }
            #expect(next.hasPrefix(server.baseURL))
            url = listing + "?limit=4&after=" + (page["paging"]?["cursors"]?["after"]?.stringValue ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        }
        #expect(pages == 3 && names.count == SandboxTemplateLibrary.seed.count)
        // A wrong key gets what the send route answers to one: 401 with code 190.
        let (sendStatus, sendBody) = try await call(transport, "POST", server.baseURL + "/v25.0/106540352242922/messages", token: "wrong", body: Array("{}".utf8))
        let (listStatus, listBody) = try await call(transport, "GET", listing, token: "wrong")
        #expect(listStatus == 401 && listStatus == sendStatus)
        #expect(listBody["error"]?["code"] == 190 && listBody["error"]?["code"] == sendBody["error"]?["code"])
        #expect(listBody["error"]?["message"] == sendBody["error"]?["message"])
        let (noKey, _) = try await call(transport, "GET", listing, token: nil)
        #expect(noKey == 401)
        let (otherAccount, body) = try await call(transport, "GET", server.baseURL + "/v25.0/123/message_templates")
        #expect(otherAccount == 400 && body["error"]?["code"] == 100)
    }

    @Test func theControlEndpointAddsTemplatesCheckedWhole() async throws {
        let server = try await SandboxServer.start()
        let transport = Transport(configuration: TransportConfiguration(timeout: .seconds(10)))
        defer { Task { await transport.shutdown(); await server.stop() } }
        let control = server.baseURL + "/_sandbox/templates"
        let seeded = SandboxTemplateLibrary.seed.count
        // A page with one new template and one that replaces a seeded one, for Kaleyra only.
        let page = #"{"data":[{"name":"welcome","language":"en_US","status":"APPROVED","category":"MARKETING","components":[{"type":"BODY","text":"Hi"}]},{"name":"order_update","language":"en_US","status":"PAUSED"}]}"#
        let (status, added) = try await call(transport, "POST", control + "?gateway=kaleyra", body: Array(page.utf8))
        #expect(status == 200 && added["added"] == 1 && added["replaced"] == 1 && added["gateways"] == ["kaleyra"])
        let (_, kaleyra) = try await call(transport, "GET", control + "?gateway=kaleyra")
        #expect(kaleyra.arrayValue?.count == seeded + 1)
        #expect(kaleyra.arrayValue?.first { $0["name"] == "order_update" }?["status"] == "PAUSED")
        let (_, meta) = try await call(transport, "GET", control)
        #expect(meta.arrayValue?.count == seeded)

        // A bad template anywhere refuses the whole body, naming the field; nothing changes.
        let bad = #"[{"name":"fine","language":"en_US"},{"name":"broken"}]"#
        let (badStatus, refusal) = try await call(transport, "POST", control, body: Array(bad.utf8))
        #expect(badStatus == 400 && refusal["field"] == "[1].language" && refusal["reason"] == "required: the template's language")
        #expect(refusal["sandbox_error"]?.stringValue?.contains("[1].language") == true)
        #expect(await server.templates(for: .meta).count == seeded)
        let (unknown, which) = try await call(transport, "POST", control + "?gateway=nope", body: Array(bad.utf8))
        #expect(unknown == 400 && which["field"] == "gateway")
        let (empty, _) = try await call(transport, "POST", control, body: Array("[]".utf8))
        #expect(empty == 400)
        // Added to every gateway's library when none is named, and listed by Meta's API.
        let (everyStatus, every) = try await call(transport, "POST", control, body: Array(#"[{"name":"fine","language":"en_US"}]"#.utf8))
        #expect(everyStatus == 200 && every["gateways"]?.arrayValue?.count == GatewayID.allCases.count)
        let (_, listed) = try await call(transport, "GET", server.baseURL + "/v25.0/102290129340398/message_templates?limit=1000")
        #expect(listed["data"]?.arrayValue?.last?["name"] == "fine")
    }

    @Test func aFullLibraryRefusesMoreAndChangesNothing() throws {
        var library = SandboxTemplateLibrary(seeded: false)
        let two = [StoredTemplate(json: ["name": "a", "language": "en"]), StoredTemplate(json: ["name": "b", "language": "en"])]
        try library.add(two, to: [.meta], maxPerGateway: 2)
        #expect(throws: SandboxTemplateError.self) { try library.add([StoredTemplate(json: ["name": "c", "language": "en"])], to: [.meta], maxPerGateway: 2) }
        #expect(library.templates(for: .meta).count == 2)
        // Replacing one is not growing.
        let replaced = try library.add([StoredTemplate(json: ["name": "a", "language": "en", "status": "PAUSED"])], to: [.meta], maxPerGateway: 2)
        #expect(replaced.replaced == 1 && library.templates(for: .meta)[0].status == "PAUSED")
    }
}
