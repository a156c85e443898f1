import Testing
@testable import Providers
import WhatsAppModel

/// FlowIQ's template route, `POST /send-template`, as its page documents it.
@Suite struct FlowIQTemplateTests {
    static let flowiq = GatewayID.flowiq.gateway

    @Test func aTemplateGoesToTheTemplateRouteInItsShape() throws {
        let m = try OutboundMessage.parse(#"""
            {"messaging_product":"whatsapp","to":"+27 82 555 0100","type":"template","template":{"name":"order_update","language":{"code":"en_US"},
             "components":[{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example.com/a.jpg"}}]},
                           {"type":"body","parameters":[{"type":"text","text":"Thandi","parameter_name":"name"},{"type":"text","text":"shipped","parameter_name":"order_status"}]},
                           {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"ABC123","parameter_name":"tracking_url"}]}]}}
            """#)
        let findings = Self.flowiq.messageFindings(m, profile: .builtIn(.flowiq))
        #expect(findings.errors.isEmpty, "\(findings)")
        #expect(findings.contains { $0.severity == .note && $0.path == "template.language" }, "the language is not sent, and it says so")
        let request = Self.flowiq.encode(m, profile: .builtIn(.flowiq), options: VendorOptions())
        #expect(request.url.hasPrefix("https://api.flowiq.live/send-template?tenantId="))
        let expected = try JSONParser.parse(Array(#"{"templateName":"order_update","whatsappNumber":"+27825550100","headerMedia":"https://cdn.example.com/a.jpg","bodyParameters":{"name":"Thandi","order_status":"shipped"},"buttonParameters":{"tracking_url":"ABC123"}}"#.utf8))
        #expect(request.bodyJSON == expected)
        // Read back, it is the same template message (but for the language FlowIQ has not).
        let read = try Self.flowiq.read(body: request.bodyJSON, path: "/send-template")
        guard case .template(let t) = read.message.content else { Issue.record("\(read.message.kind)"); return }
        #expect(t.name == "order_update" && t.components?.count == 3 && read.message.to == "+27825550100")
    }

    @Test func whatTheRouteCannotCarryIsRefused() throws {
        let m = try OutboundMessage.parse(#"""
            {"messaging_product":"whatsapp","to":"+27825550100","type":"template","template":{"name":"t","language":{"code":"en"},
             "components":[{"type":"header","parameters":[{"type":"text","text":"Hi"}]},
                           {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"stop"}]}]}}
            """#)
        let errors = Self.flowiq.messageFindings(m, profile: .builtIn(.flowiq)).errors
        #expect(errors.contains { $0.path == "template.components[0].parameters[0]" && $0.rule == .gatewayCapability })
        #expect(errors.contains { $0.path == "template.components[1].type" && $0.message.contains("quick_reply") })
    }

    @Test func theDocumentedAnswersDecode() {
        let ok = Self.flowiq.decode(WireResponse(status: 200, headers: [("Content-Type", "application/json")], body: #"""
            {"success":true,"summary":{"total":1,"successful":1,"failed":0},"results":[{"contactId":"c1","contactName":"John Doe","success":true,"messageId":"wamid.HBgLMjc4","error":null}],"broadcastId":"broadcast-uuid-here"}
            """#))
        guard case .accepted(let a) = ok else { Issue.record("\(ok)"); return }
        #expect(a.messageID == "wamid.HBgLMjc4" && a.requestID == "broadcast-uuid-here")
        let failed = Self.flowiq.decode(WireResponse(status: 200, headers: [("Content-Type", "application/json")], body: #"""
            {"success":false,"summary":{"total":1,"successful":0,"failed":1},"results":[{"contactId":"c1","success":false,"messageId":null,"error":"Template not approved"}]}
            """#))
        guard case .rejected(let r) = failed else { Issue.record("\(failed)"); return }
        #expect(r.vendorMessage == "Template not approved")
    }
}

/// The matrix's template rows say what each gateway's own checks do: a gateway without a row's
/// feature refuses a template that needs it, one with it does not refuse it for that reason.
@Suite struct TemplateCapabilityTests {
    static func template(_ components: String) throws -> OutboundMessage {
        try OutboundMessage.parse(#"{"messaging_product":"whatsapp","to":"+27825550100","type":"template","template":{"name":"t","language":{"code":"en"},"components":[\#(components)]}}"#)
    }

    static let needs: [(GatewayFeature, String)] = [
        (.templateNamedParameters, #"{"type":"body","parameters":[{"type":"text","text":"Thandi","parameter_name":"first_name"}]}"#),
        (.templateMediaHeader, #"{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/a.jpg"}}]}"#),
        (.templateButtonParameters, #"{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"4471"}]}"#),
        (.templateCarousel, #"{"type":"carousel","cards":[{"card_index":0,"components":[{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/a.jpg"}}]}]},{"card_index":1,"components":[{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/b.jpg"}}]}]}]}"#),
    ]

    @Test func eachTemplateRowIsWhatTheGatewayDoes() throws {
        for g in GatewayID.allCases {
            let gateway = g.gateway
            for (feature, component) in Self.needs {
                let m = try Self.template(component)
                let refused = gateway.messageFindings(m, profile: .builtIn(g)).contains { $0.isError && $0.rule == .gatewayCapability }
                #expect(refused == !gateway.capabilities.features.contains(feature), "\(g) \(feature)")
            }
        }
    }
}
