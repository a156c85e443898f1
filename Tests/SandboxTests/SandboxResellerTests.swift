import Foundation
import Testing
@testable import Providers
@testable import Sandbox
import Transport
import WaconTestSupport
import WhatsAppModel


/// Every file of one gateway's corpus: name, body and `url_path`.
func corpus(_ gateway: GatewayID) throws -> [(name: String, body: JSONValue, path: String?)] {
    let dir = packageRoot.appendingPathComponent("Tests/Corpus/\(gateway.rawValue)")
    return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted().map { name in
        let file = try JSONParser.parse(Array(try #require(FileManager.default.contents(atPath: dir.appendingPathComponent(name).path))))
        return (name, try #require(file["body"]), file["url_path"]?.stringValue)
    }
}

/// POSTs `body` to `path` on the sandbox with the gateway's own headers (key, workspace).
func postRaw(_ server: SandboxServer, _ transport: Transport, _ id: GatewayID, path: String, body: JSONValue) async throws -> (status: Int, json: JSONValue) {
    let any = OutboundMessage(to: "+27123456789", content: .text(TextContent(body: "x")))
    let headers = id.gateway.encode(any, profile: server.profile(for: id), options: .init()).headers
    let exchange = await transport.send(WireRequest(method: "POST", url: server.baseURL + path, headers: headers, json: body))
    let response = try #require(exchange.response, "\(String(describing: exchange.failure))")
    return (response.status, try JSONParser.parse(response.body))
}

/// The sandbox answers the resellers' newer shapes as the vendors would: Botika's contacts,
/// reactions, media and location, and Zixflow's template send under both path prefixes.
@Suite(.serialized) struct SandboxResellerTests {
    @Test func botikasDocumentedExamplesAreAccepted() async throws {
        try await withSandbox { server, _ in
            let transport = Transport()
            for example in try corpus(.botika) {
                let (status, json) = try await postRaw(server, transport, .botika, path: "/api/whatsapp/v1/messages", body: example.body)
                #expect(status == 200, "\(example.name): \(json)")
                #expect(json["data"]?["request_id"]?.stringValue != nil, "\(example.name)")
            }
            await transport.shutdown()
        }
    }

    @Test func botikaRefusesAContactWithoutAPhoneInItsOwnShape() async throws {
        try await withSandbox { server, _ in
            let transport = Transport()
            let body: JSONValue = ["to": "+6281234567890", "type": "contacts", "contacts": [["name": "Siti Rahma"]]]
            let (status, json) = try await postRaw(server, transport, .botika, path: "/api/whatsapp/v1/messages", body: body)
            #expect(status == 400)
            #expect(json["data"]?["status"] == "failed")
            #expect(json["data"]?["message"]?.stringValue?.contains("contacts[0].phones") == true, "\(json)")
            await transport.shutdown()
        }
    }

    @Test func aFullContactCardIsNotSentToBotika() async throws {
        try await withSandbox { server, sender in
            let card = try #require(samples[.contacts])
            let report = await sender.send(card, gateway: BotikaGateway(), profile: server.profile(for: .botika))
            #expect(report.outcome == nil, "refused before sending")
            #expect(report.preparation.findings.contains { $0.rule == .gatewayCapability && $0.isError && $0.message.contains("would be lost") })
            #expect(await server.acceptedMessages.isEmpty)
        }
    }

    @Test func zixflowsTemplateSendIsAcceptedUnderBothPrefixes() async throws {
        try await withSandbox { server, _ in
            let transport = Transport()
            var phoneID = server.profile(for: .zixflow).phoneID ?? ""
            for example in try corpus(.zixflow) where example.path?.hasSuffix("/template/send") == true {
                for prefix in ["/api/ingest/", "/api/ingestion/"] {
                    var body = try #require(example.body.objectValue)
                    body["phone_id"] = .string(phoneID)
                    let path = try #require(example.path).replacingOccurrences(of: "/api/ingest/", with: prefix)
                    let (status, json) = try await postRaw(server, transport, .zixflow, path: path, body: .object(body))
                    #expect(status == 200, "\(example.name) at \(path): \(json)")
                    #expect(json["success"] == true && json["request_id"]?.stringValue != nil)
                }
            }
            // A variable that is not text, and an unknown account: Zixflow's 400.
            let bad: JSONValue = ["recipient": "919876543210", "phone_id": .string(phoneID), "template_name": "order_dispatched", "variables": ["order_id": 55821]]
            let (status, json) = try await postRaw(server, transport, .zixflow, path: "/api/ingest/whatsapp/v1/template/send", body: bad)
            #expect(status == 400)
            #expect(json["success"] == false && json["message"]?.stringValue?.contains("variables.order_id") == true, "\(json)")
            phoneID = "000000000000000"
            let other: JSONValue = ["recipient": "919876543210", "phone_id": .string(phoneID), "template_name": "hello_world"]
            #expect(try await postRaw(server, transport, .zixflow, path: "/api/ingest/whatsapp/v1/template/send", body: other).status == 400)
            await transport.shutdown()
        }
    }

    @Test func zixflowTemplatesSentByWaconAreAcceptedAndPostedBack() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: nil)
            let m = try #require(sample(.template, for: ZixflowGateway()))
            let report = await sender.send(m, gateway: ZixflowGateway(), profile: server.profile(for: .zixflow),
                                           options: VendorOptions(["post_back_url": receiver.url(for: .zixflow), "post_back_data": "tpl-1"]))
            #expect(report.attempts.last?.exchange.request.url.hasSuffix("/api/ingest/whatsapp/v1/template/send") == true)
            guard case .accepted(let a)? = report.outcome, let id = a.requestID else { Issue.record("\(String(describing: report.outcome))"); return }
            let statuses = await receiver.collect(ids: [id], timeout: .seconds(5))
            #expect(statuses.map(\.status) == ["delivered", "read"])
            // What Zixflow's template send cannot hold never leaves wacon.
            let positional = try #require(samples[.template])
            #expect(await sender.send(positional, gateway: ZixflowGateway(), profile: server.profile(for: .zixflow)).outcome == nil)
            await receiver.stop()
        }
    }

    @Test func zixflowsAddressMessageIsAcceptedAtItsPath() async throws {
        try await withSandbox { server, _ in
            let transport = Transport()
            let example = try #require(try corpus(.zixflow).first { $0.name == "address-message.json" })
            var body = try #require(example.body.objectValue)
            body["phone_id"] = .string(server.profile(for: .zixflow).phoneID ?? "")
            body["post_back_url"] = nil
            let (status, json) = try await postRaw(server, transport, .zixflow, path: try #require(example.path), body: .object(body))
            #expect(status == 200, "\(json)")
            // Another pass-through interactive type has no Zixflow endpoint: refused in Zixflow's shape.
            var order = body
            order["interactive"] = ["type": "order_details", "body": ["text": "Your order"], "action": ["name": "review_and_pay", "parameters": [:]]]
            let refused = try await postRaw(server, transport, .zixflow, path: "/api/ingest/whatsapp/v1/message/interactive/address/send", body: .object(order))
            #expect(refused.status == 400 && refused.json["success"] == false)
            await transport.shutdown()
        }
    }
}
