import Foundation
import Testing
@testable import Providers
@testable import Sandbox
import Transport
import WaconTestSupport
import WhatsAppModel

/// A two-screen Flow: BOOK asks for the patient's name and passes it on, CONFIRM completes with
/// the name and the clinic from the message's data.
let bookingFlowJSON = #"""
{
  "version": "6.0",
  "screens": [
    {
      "id": "BOOK",
      "title": "Book",
      "data": { "clinic": { "type": "string", "__example__": "Example clinic" } },
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          { "type": "TextInput", "name": "patient", "label": "Your name", "required": true },
          { "type": "Footer", "label": "Next",
            "on-click-action": { "name": "navigate", "next": { "type": "screen", "name": "CONFIRM" },
                                 "payload": { "patient": "${form.patient}", "clinic": "${data.clinic}" } } }
        ]
      }
    },
    {
      "id": "CONFIRM",
      "title": "Confirm",
      "terminal": true,
      "data": {
        "patient": { "type": "string", "__example__": "Sipho" },
        "clinic": { "type": "string", "__example__": "Rosebank" }
      },
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          { "type": "Footer", "label": "Book",
            "on-click-action": { "name": "complete", "payload": { "patient": "${data.patient}", "clinic": "${data.clinic}" } } }
        ]
      }
    }
  ]
}
"""#

func bookingFlow() throws -> FlowDocument { try FlowDocument.parse(Array(bookingFlowJSON.utf8)) }

/// The gateway's flow sample, opening `flowID` (or `flowName`) on `screen` with `data`.
func flowMessage(for gateway: any Gateway, flowID: String? = nil, flowName: String? = nil, screen: String? = "BOOK",
                 data: JSONObject? = ["clinic": "Rosebank"], token: String = "tok-42") throws -> OutboundMessage {
    var m = try #require(sample(.flow, for: gateway))
    guard case .interactive(var i) = m.content else { throw CancellationError() }
    // Botika's flow object carries no first-screen data.
    i.action = .flow(FlowAction(flowID: flowID, flowName: flowName, flowToken: token, flowCTA: "Book now", screen: screen,
                                data: gateway.id == .botika ? nil : data))
    m.content = .interactive(i)
    return m
}

/// The body of the last response, parsed.
func responseJSON(_ report: SendReport) throws -> JSONValue {
    try JSONParser.parse(try #require(report.attempts.last?.exchange.response?.body))
}

/// POSTs `json` to a sandbox control route; returns the status, the parsed body and the headers.
func control(_ transport: Transport, _ url: String, _ json: JSONValue, method: String = "POST") async throws -> (Int, JSONValue, [(name: String, value: String)]) {
    let exchange = await transport.send(WireRequest(method: method, url: url, headers: [WireHeader("Content-Type", "application/json")], json: json))
    let response = try #require(exchange.response, "no response from \(url): \(String(describing: exchange.failure))")
    return (response.status, try JSONParser.parse(response.body), response.headers.pairs)
}

@Suite(.serialized) struct SandboxFlowTests {
    // MARK: The registry

    @Test func idsDefaultToADeterministic16DigitNumberFromTheName() throws {
        let a = FlowRegistry.defaultID(for: "appointment")
        #expect(a.count == 16 && a.allSatisfy(\.isASCIIDigit) && a.first != "0", "\(a)")
        #expect(a == FlowRegistry.defaultID(for: "appointment"))
        #expect(a != FlowRegistry.defaultID(for: "appointments"))
        var registry = FlowRegistry()
        let flow = try registry.register(id: nil, name: "appointment", document: try bookingFlow())
        #expect(flow.id == a)
        #expect(flow.screenIDs == ["BOOK", "CONFIRM"])
        #expect(registry.flow(id: a)?.name == "appointment")
        #expect(registry.flow(name: "appointment")?.id == a)
        #expect(registry.flow(name: "other") == nil)
    }

    @Test func registrationRefusesBadIDsTakenNamesAndBadJSON() throws {
        var registry = FlowRegistry()
        #expect(throws: FlowRegistrationError.invalidID("abc")) { try registry.register(id: "abc", name: "x", document: try bookingFlow()) }
        try registry.register(id: "111", name: "booking", document: try bookingFlow())
        #expect(throws: FlowRegistrationError.nameTaken(name: "booking", id: "111")) {
            try registry.register(id: "222", name: "booking", document: try bookingFlow())
        }
        // The same id again replaces the Flow (a file edited and registered anew).
        try registry.register(id: "111", name: "booking-v2", document: try bookingFlow())
        #expect(registry.flows.map(\.name) == ["booking-v2"])
        // Not JSON: the error points at line 2, column 14.
        do {
            try registry.register(id: nil, name: "broken", flowJSON: Array("{\n  \"version\": ,\n}".utf8), fileName: "broken.json")
            Issue.record("broken JSON was registered")
        } catch {
            guard case .invalidFlowJSON(let e) = error else { Issue.record("\(error)"); return }
            #expect(e.position == SourcePosition(line: 2, column: 14), "\(e)")
            #expect(error.description.contains("broken.json:2:14"), "\(error)")
        }
        #expect(throws: FlowRegistrationError.noScreens(name: "empty")) {
            try registry.register(id: nil, name: "empty", flowJSON: Array(#"{"version": "6.0", "screens": []}"#.utf8))
        }
    }

    // MARK: Sends against registered Flows

    @Test func withNoFlowRegisteredAnyFlowIDIsAccepted() async throws {
        try await withSandbox { server, sender in
            let m = try flowMessage(for: MetaCloudGateway(), flowID: "999000111", screen: "ANYTHING")
            let report = await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
            #expect(report.outcome?.isAccepted == true, "\(String(describing: report.outcome))")
        }
    }

    @Test func aFlowMessageNamingARegisteredFlowAndScreenIsAccepted() async throws {
        try await withSandbox { server, sender in
            let flow = try await server.registerFlow(id: "1234567890123456", name: "booking", document: try bookingFlow())
            for m in [try flowMessage(for: MetaCloudGateway(), flowID: flow.id),
                      try flowMessage(for: MetaCloudGateway(), flowName: "booking", screen: "CONFIRM"),
                      try flowMessage(for: MetaCloudGateway(), flowID: flow.id, screen: nil)] {  // Meta's default first screen
                let report = await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
                #expect(report.outcome?.isAccepted == true, "\(String(describing: report.outcome))")
            }
            #expect(await server.acceptedMessages.count == 3)
        }
    }

    @Test func anUnknownFlowGetsMetas131009() async throws {
        try await withSandbox { server, sender in
            try await server.registerFlow(id: "1234567890123456", name: "booking", document: try bookingFlow())
            let report = await sender.send(try flowMessage(for: MetaCloudGateway(), flowID: "555"), gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
            guard case .rejected(let r)? = report.outcome else { Issue.record("\(String(describing: report.outcome))"); return }
            #expect(r.httpStatus == 400)
            #expect(r.vendorCode == "131009")
            #expect(r.category == .validation)
            let body = try responseJSON(report)
            #expect(body["error"]?["code"]?.intValue == 131009)
            #expect(body["error"]?["message"] == "(#131009) Parameter value is not valid")
            let details = try #require(body["error"]?["error_data"]?["details"]?.stringValue)
            #expect(details.contains("flow_id") && details.contains("555"), "\(details)")
            // By name too.
            let byName = await sender.send(try flowMessage(for: MetaCloudGateway(), flowName: "bookings"), gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
            guard case .rejected(let n)? = byName.outcome else { Issue.record("\(String(describing: byName.outcome))"); return }
            #expect(n.vendorCode == "131009")
            #expect(n.details?.contains("\"bookings\"") == true, "\(String(describing: n.details))")
            #expect(await server.acceptedMessages.isEmpty)
        }
    }

    @Test func anUnknownScreenGetsMetas131009NamingTheScreens() async throws {
        try await withSandbox { server, sender in
            let flow = try await server.registerFlow(name: "booking", document: try bookingFlow())
            let report = await sender.send(try flowMessage(for: MetaCloudGateway(), flowID: flow.id, screen: "PAYMENT"), gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
            guard case .rejected(let r)? = report.outcome else { Issue.record("\(String(describing: report.outcome))"); return }
            #expect(r.vendorCode == "131009")
            let details = try #require(r.details)
            #expect(details.contains("flow_action_payload.screen") && details.contains("\"PAYMENT\"") && details.contains("BOOK, CONFIRM"), "\(details)")
        }
    }

    @Test func resellersRelayTheFlowErrorInTheirOwnShape() async throws {
        try await withSandbox { server, sender in
            try await server.registerFlow(id: "1234567890123456", name: "booking", document: try bookingFlow())
            for id in GatewayID.allCases where id != .meta && id.gateway.capabilities.kinds.contains(.flow) {
                let good = await sender.send(try flowMessage(for: id.gateway, flowID: "1234567890123456"), gateway: id.gateway, profile: server.profile(for: id))
                #expect(good.outcome?.isAccepted == true, "\(id): \(String(describing: good.outcome))")
                let bad = await sender.send(try flowMessage(for: id.gateway, flowID: "1234567890123456", screen: "NOPE"), gateway: id.gateway, profile: server.profile(for: id))
                guard case .rejected(let r)? = bad.outcome else { Issue.record("\(id): \(String(describing: bad.outcome))"); continue }
                #expect(r.httpStatus == 400, "\(id)")
                #expect(r.category == .validation, "\(id)")
                let raw = String(decoding: try #require(bad.attempts.last?.exchange.response?.body), as: UTF8.self)
                #expect(raw.contains("131009") && raw.contains("NOPE"), "\(id): \(raw)")
                switch id {
                case .kaleyra: #expect(try responseJSON(bad)["error"]?["code"]?.intValue == 131009, "Kaleyra forwards Meta's error object")
                case .flowiq: #expect(try responseJSON(bad)["error"]?.stringValue == "Parameter value is not valid")
                case .botika: #expect(try responseJSON(bad)["data"]?["status"] == "failed")
                case .zixflow: #expect(try responseJSON(bad)["success"] == false)
                case .meta: break
                }
            }
        }
    }

    // MARK: Control routes

    @Test func flowsRegisterAndListOverHTTP() async throws {
        try await withSandbox { server, _ in
            let transport = Transport()
            let flowJSON = try JSONParser.parse(Array(bookingFlowJSON.utf8))
            let (status, body, _) = try await control(transport, server.baseURL + "/_sandbox/flows", ["name": "booking", "flow_json": flowJSON])
            #expect(status == 200)
            #expect(body["name"] == "booking")
            #expect(body["id"]?.stringValue == FlowRegistry.defaultID(for: "booking"))
            #expect(body["screens"] == ["BOOK", "CONFIRM"])
            // flow_json as a string, as Meta's Flows API takes it, with an explicit id.
            let (s2, b2, _) = try await control(transport, server.baseURL + "/_sandbox/flows", ["id": "42", "name": "second", "flow_json": .string(bookingFlowJSON)])
            #expect(s2 == 200)
            #expect(b2["id"] == "42")
            // Broken Flow JSON: 400 with line:column.
            let (s3, b3, _) = try await control(transport, server.baseURL + "/_sandbox/flows", ["name": "broken", "flow_json": "{\"version\": \"6.0\",\n \"screens\": [}"])
            #expect(s3 == 400)
            #expect(b3["sandbox_error"]?.stringValue?.contains("2:") == true, "\(b3)")
            // A taken name: 409.
            let (s4, _, _) = try await control(transport, server.baseURL + "/_sandbox/flows", ["id": "43", "name": "booking", "flow_json": flowJSON])
            #expect(s4 == 409)
            let list = await transport.send(WireRequest(method: "GET", url: server.baseURL + "/_sandbox/flows", headers: [], json: .null))
            let listed = try JSONParser.parse(try #require(list.response?.body))
            #expect(listed.arrayValue?.compactMap { $0["name"]?.stringValue } == ["booking", "second"])
            #expect(await server.registeredFlows.count == 2)
            await transport.shutdown()
        }
    }

    // MARK: Playing the customer

    @Test func completingWithAResponseDeliversASignedNfmReplyToTheReceiver() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            let transport = Transport()
            let flow = try await server.registerFlow(name: "booking", document: try bookingFlow())
            // The sample's recipient has written (a flow message outside the window fails with 131047).
            try await server.setUpCustomer("+27123456789", windowOpen: true)
            let report = await sender.send(try flowMessage(for: MetaCloudGateway(), flowID: flow.id, token: "appt-7"), gateway: MetaCloudGateway(),
                                           profile: server.profile(for: .meta), extraHeaders: [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))])
            guard case .accepted(let a)? = report.outcome, let sentID = a.messageID else { Issue.record("not accepted"); return }
            let (status, posted, headers) = try await control(transport, server.baseURL + "/_sandbox/flows/complete",
                                                              ["message_id": .string(sentID), "response": ["patient": "Ayanda", "slot": 3]])
            #expect(status == 200)
            #expect(headers.first { $0.name.lowercased() == "x-wacon-delivered-to" }?.value == receiver.url(for: .meta))
            #expect(headers.first { $0.name.lowercased() == "x-wacon-delivery-status" }?.value == "200")
            // The route answers with the webhook it posted: Meta's envelope.
            #expect(posted["object"] == "whatsapp_business_account")
            let value = try #require(posted["entry"]?.arrayValue?.first?["changes"]?.arrayValue?.first?["value"])
            #expect(value["metadata"]?["phone_number_id"]?.stringValue == server.profile(for: .meta).phoneNumberID)
            #expect(value["contacts"]?.arrayValue?.first?["wa_id"] == "27123456789")

            let reply = try #require(await receiver.collectReply(to: sentID, timeout: .seconds(5)), "no nfm_reply reached the receiver")
            #expect(reply.type == "interactive")
            #expect(reply.interactiveType == "nfm_reply")
            #expect(reply.contextID == sentID)
            #expect(reply.from == "27123456789")
            #expect(reply.id.hasPrefix("wamid.") && reply.id != sentID)
            #expect(reply.profileName == "Sandbox Customer")
            let response = try #require(reply.flowResponse, "response_json did not parse: \(String(describing: reply.flowResponseJSON))")
            #expect(response["flow_token"] == "appt-7")
            #expect(response["patient"] == "Ayanda")
            #expect(response["slot"] == 3)
            #expect(response.keys == ["flow_token", "patient", "slot"])
            // response_json is a string in the webhook, not an object.
            let raw = try JSONParser.parse(reply.raw)
            let nfm = raw["entry"]?.arrayValue?.first?["changes"]?.arrayValue?.first?["value"]?["messages"]?.arrayValue?.first?["interactive"]?["nfm_reply"]
            #expect(nfm?["response_json"]?.stringValue != nil)
            #expect(nfm?["name"] == "flow" && nfm?["body"] == "Sent")
            #expect(await receiver.rejectedCount == 0, "the signature verified")
            // Statuses still flow on their own stream.
            #expect(await receiver.collect(ids: [sentID], timeout: .seconds(5)).map(\.status) == ["sent", "delivered", "read"])
            await transport.shutdown()
            await receiver.stop()
        }
    }

    @Test func aReceiverWithAnotherSecretRefusesTheReply() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "some-other-secret")
            let report = await sender.send(try flowMessage(for: MetaCloudGateway(), flowID: "77"), gateway: MetaCloudGateway(),
                                           profile: server.profile(for: .meta), extraHeaders: [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))])
            guard case .accepted(let a)? = report.outcome, let sentID = a.messageID else { Issue.record("not accepted"); return }
            let done = try await server.completeFlow(messageID: sentID, response: ["x": "y"])
            #expect(done.deliveryStatus == 401)
            #expect(await receiver.collectReply(to: sentID, timeout: .milliseconds(300)) == nil)
            #expect(await receiver.receivedReplies.isEmpty)
            await receiver.stop()
        }
    }

    @Test func withoutAResponseTheSandboxWalksTheRegisteredFlow() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            let flow = try await server.registerFlow(name: "booking", document: try bookingFlow())
            let report = await sender.send(try flowMessage(for: MetaCloudGateway(), flowID: flow.id, data: ["clinic": "Sandton"], token: "walk-1"), gateway: MetaCloudGateway(),
                                           profile: server.profile(for: .meta), extraHeaders: [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))])
            guard case .accepted(let a)? = report.outcome, let sentID = a.messageID else { Issue.record("not accepted"); return }
            let done = try await server.completeFlow(messageID: sentID)
            #expect(done.response["flow_token"] == "walk-1")
            #expect(done.response["clinic"] == "Sandton", "the message's data reached the complete payload: \(done.response)")
            #expect(done.response["patient"]?.stringValue?.isEmpty == false, "the walk filled the name: \(done.response)")
            let reply = try #require(await receiver.collectReply(to: sentID, timeout: .seconds(5)))
            #expect(reply.flowResponse == done.response)
            await receiver.stop()
        }
    }

    @Test func unknownMessagesAre404AndOtherKindsAre409() async throws {
        try await withSandbox { server, sender in
            let transport = Transport()
            let (status, body, _) = try await control(transport, server.baseURL + "/_sandbox/flows/complete", ["message_id": "wamid.nope", "response": [:]])
            #expect(status == 404)
            #expect(body["sandbox_error"]?.stringValue?.contains("wamid.nope") == true)
            let text = await sender.send(try #require(samples[.text]), gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
            guard case .accepted(let a)? = text.outcome, let id = a.messageID else { Issue.record("not accepted"); return }
            let (s2, b2, _) = try await control(transport, server.baseURL + "/_sandbox/flows/complete", ["message_id": .string(id), "response": [:]])
            #expect(s2 == 409)
            #expect(b2["sandbox_error"]?.stringValue?.contains("text") == true, "\(b2)")
            // A flow message for an unregistered Flow, no response: nothing to walk → 422.
            let flowSend = await sender.send(try flowMessage(for: MetaCloudGateway(), flowID: "31337"), gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
            guard case .accepted(let f)? = flowSend.outcome, let fid = f.messageID else { Issue.record("not accepted"); return }
            let (s3, _, _) = try await control(transport, server.baseURL + "/_sandbox/flows/complete", ["message_id": .string(fid)])
            #expect(s3 == 422)
            // No callback and no webhook URL: the webhook is built, and said to go nowhere.
            let (s4, b4, h4) = try await control(transport, server.baseURL + "/_sandbox/flows/complete", ["message_id": .string(fid), "response": ["a": 1]])
            #expect(s4 == 200)
            #expect(b4["object"] == "whatsapp_business_account")
            #expect(h4.first { $0.name.lowercased() == "x-wacon-delivered-to" }?.value == "none")
            await transport.shutdown()
        }
    }

    @Test func aResellersFlowReplyReachesItsCallbackPathInMetasEnvelope() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            let report = await sender.send(try flowMessage(for: KaleyraGateway(), flowID: "88", token: "k-1"), gateway: KaleyraGateway(),
                                           profile: server.profile(for: .kaleyra), extraHeaders: [WireHeader("X-Wacon-Callback", receiver.url(for: .kaleyra))])
            guard case .accepted(let a)? = report.outcome, let sentID = a.messageID else { Issue.record("not accepted: \(String(describing: report.outcome))"); return }
            _ = try await server.completeFlow(messageID: sentID, response: ["rating": "5"])
            let reply = try #require(await receiver.collectReply(to: sentID, timeout: .seconds(5)))
            #expect(reply.gateway == .kaleyra)
            #expect(reply.flowToken == "k-1")
            #expect(reply.flowResponse?["rating"] == "5")
            await receiver.stop()
        }
    }

    @Test func theAppointmentExampleIsCheckedAndWalkedToCompletion() async throws {
        let path = packageRoot.appendingPathComponent("examples/flows/appointment.json").path
        let doc = try FlowDocument.load(path: path)
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            let flow = try await server.registerFlow(name: "appointment", document: doc)
            #expect(["APPOINTMENT", "DETAILS", "SUMMARY"].allSatisfy(flow.screenIDs.contains), "\(flow.screenIDs)")
            let wrong = await sender.send(try flowMessage(for: MetaCloudGateway(), flowName: "appointment", screen: "BOOK", data: nil),
                                          gateway: MetaCloudGateway(), profile: server.profile(for: .meta))
            guard case .rejected(let r)? = wrong.outcome else { Issue.record("\(String(describing: wrong.outcome))"); return }
            #expect(r.vendorCode == "131009" && r.details?.contains("APPOINTMENT") == true, "\(String(describing: r.details))")
            let report = await sender.send(try flowMessage(for: MetaCloudGateway(), flowName: "appointment", screen: "APPOINTMENT", data: nil, token: "appt-1"),
                                           gateway: MetaCloudGateway(), profile: server.profile(for: .meta),
                                           extraHeaders: [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))])
            guard case .accepted(let a)? = report.outcome, let sentID = a.messageID else { Issue.record("not accepted: \(String(describing: report.outcome))"); return }
            let done = try await server.completeFlow(messageID: sentID)
            #expect(done.response["flow_token"] == "appt-1")
            #expect(done.response.count > 1, "the walk's complete payload: \(done.response)")
            let reply = try #require(await receiver.collectReply(to: sentID, timeout: .seconds(5)))
            #expect(reply.flowResponse == done.response)
            await receiver.stop()
        }
    }

    @Test func aTemplateWithAFlowButtonCanBeCompletedWithAResponse() async throws {
        try await withSandbox { server, sender in
            let receiver = try await WebhookReceiver.start(appSecret: "wacon-sandbox-app-secret")
            let data = try Data(contentsOf: packageRoot.appendingPathComponent("examples/template-flow.json"))
            let m = try OutboundMessage.parse(Array(data))
            let report = await sender.send(m, gateway: MetaCloudGateway(), profile: server.profile(for: .meta),
                                           extraHeaders: [WireHeader("X-Wacon-Callback", receiver.url(for: .meta))])
            guard case .accepted(let a)? = report.outcome, let sentID = a.messageID else { Issue.record("not accepted"); return }
            // The template does not name its Flow on send, so there is nothing to walk.
            await #expect(throws: FlowCompletionError.cannotBuildResponse("a template flow button does not name its Flow")) {
                _ = try await server.completeFlow(messageID: sentID)
            }
            _ = try await server.completeFlow(messageID: sentID, response: ["date": "2024-07-16"])
            let reply = try #require(await receiver.collectReply(to: sentID, timeout: .seconds(5)))
            #expect(reply.flowToken == "appt-27123456789-5d21c0e4", "the button's flow_token")
            #expect(reply.flowResponse?["date"] == "2024-07-16")
            await receiver.stop()
        }
    }

    // MARK: Parsing

    @Test func theInboundParserReadsButtonAndListRepliesAndIgnoresStatuses() throws {
        func body(_ message: JSONValue) -> [UInt8] {
            JSONWriter.compact(["object": "whatsapp_business_account", "entry": [["id": "1", "changes": [["field": "messages", "value": [
                "messaging_product": "whatsapp", "contacts": [["profile": ["name": "Lindi"], "wa_id": "27820000000"]], "messages": [message]]]]]]])
        }
        let button = InboundMessageParser.parse(body(["from": "27820000000", "id": "wamid.B", "timestamp": "1700000000", "type": "interactive",
                                                      "context": ["from": "15550000000", "id": "wamid.SENT"],
                                                      "interactive": ["type": "button_reply", "button_reply": ["id": "yes", "title": "Yes"]]]))
        #expect(button.count == 1)
        #expect(button.first?.replyID == "yes" && button.first?.replyTitle == "Yes" && button.first?.contextID == "wamid.SENT")
        #expect(button.first?.profileName == "Lindi")
        #expect(button.first?.timestamp == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(button.first?.isFlowReply == false)
        let list = InboundMessageParser.parse(body(["from": "27820000000", "id": "wamid.L", "type": "interactive",
                                                    "interactive": ["type": "list_reply", "list_reply": ["id": "row-2", "title": "Tuesday", "description": "PM"]]]))
        #expect(list.first?.interactiveType == "list_reply" && list.first?.replyID == "row-2" && list.first?.replyTitle == "Tuesday")
        let broken = InboundMessageParser.parse(body(["from": "1", "id": "wamid.N", "type": "interactive",
                                                      "interactive": ["type": "nfm_reply", "nfm_reply": ["name": "flow", "body": "Sent", "response_json": "{not json"]]]))
        #expect(broken.first?.flowResponseJSON == "{not json" && broken.first?.flowResponse == nil)
        let status = JSONWriter.compact(StatusCallbacks.body(for: AcceptedMessage(gateway: .meta, id: "wamid.S", recipient: EmulatedRecipient(digits: "1", userID: "US.1"), message: try #require(samples[.text]),
                                                                                 options: VendorOptions(), scenario: nil, callbackURL: nil),
                                                            step: .init(status: "sent", after: .zero, error: nil), at: Date(), profile: .builtIn(.meta)))
        #expect(InboundMessageParser.parse(status).isEmpty)
    }
}
