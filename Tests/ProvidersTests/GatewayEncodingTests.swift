import Foundation
import Testing
@testable import Providers
import WaconTestSupport
@testable import WhatsAppModel

struct GatewayKind: CustomTestStringConvertible, Sendable {
    let gateway: GatewayID
    let kind: MessageKind
    var testDescription: String { "\(gateway) × \(kind)" }
}

let allPairs = GatewayID.allCases.flatMap { g in MessageKind.allCases.map { GatewayKind(gateway: g, kind: $0) } }


@Suite struct GatewayEncodingTests {
    @Test func thereIsASampleForEveryKind() {
        #expect(Set(samples.keys) == Set(MessageKind.allCases))
    }

    @Test(arguments: allPairs)
    func carriedKindsEncodeCleanlyAndOthersAreRefusedByName(_ pair: GatewayKind) throws {
        let gateway = pair.gateway.gateway
        // Media by id, reply context, Botika's flow data and what a reseller's own shape cannot
        // hold are feature questions, tested separately.
        let message = try #require(sample(pair.kind, for: gateway))
        let prep = gateway.prepare(message, profile: .builtIn(pair.gateway))
        if gateway.capabilities.carries(pair.kind) {
            let request = try #require(prep.request)
            #expect(request.method == "POST")
            #expect(request.url.hasPrefix("https://"))
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.secrets.count == 1, "exactly one header carries the secret")
            // The body is valid JSON and names the recipient as the gateway wants it.
            let body = try JSONParser.parse(request.body)
            #expect(body == request.bodyJSON)
            let text = String(decoding: request.body, as: UTF8.self)
            let digits = try PhoneNumber.parse(message.to ?? "").get().digits
            #expect(text.contains(pair.gateway == .zixflow ? "\"\(digits)\"" : "\"+\(digits)\""))
            let errors = prep.findings.errors
            #expect(errors.isEmpty || pair.kind == .otherInteractive, "\(errors)")
        } else {
            #expect(prep.request == nil)
            let f = try #require(prep.findings.first { $0.rule == .gatewayCapability && $0.path == "type" })
            #expect(f.message.contains(gateway.displayName))
            #expect(f.message.contains(pair.kind.rawValue))
            for carried in gateway.capabilities.kinds { #expect(f.message.contains(carried.rawValue)) }
        }
    }

    @Test func featuresAGatewayLacksAreErrors() throws {
        let reply = try #require(samples[.text]).with { $0.replyTo = "wamid.1" }
        #expect(ZixflowGateway().prepare(reply, profile: .builtIn(.zixflow)).findings.contains { $0.path == "context.message_id" && $0.isError })
        #expect(MetaCloudGateway().prepare(reply, profile: .builtIn(.meta)).findings.isEmpty)
        let byID = OutboundMessage(to: "+27123456789", content: .media(.image, MediaObject(id: "1234")))
        let f = FlowIQGateway().prepare(byID, profile: .builtIn(.flowiq)).findings
        #expect(f.contains { $0.path == "image.id" && $0.rule == .gatewayCapability })
        let callback = try #require(samples[.text]).with { $0.bizOpaqueCallbackData = "ticket-1" }
        #expect(BotikaGateway().prepare(callback, profile: .builtIn(.botika)).findings.contains { $0.path == "biz_opaque_callback_data" })
        #expect(KaleyraGateway().prepare(callback, profile: .builtIn(.kaleyra)).findings.isEmpty)
    }

    @Test func recipientFormatsPerGateway() throws {
        let m = OutboundMessage(to: "0027 12 345 6789", content: .text(TextContent(body: "hi")))
        #expect(MetaCloudGateway().encode(m, profile: .builtIn(.meta), options: .init()).bodyJSON["to"] == "+27123456789")
        #expect(KaleyraGateway().encode(m, profile: .builtIn(.kaleyra), options: .init()).bodyJSON["messaging_object"]?["to"] == "+27123456789")
        #expect(FlowIQGateway().encode(m, profile: .builtIn(.flowiq), options: .init()).bodyJSON["phone_number"] == "+27123456789")
        #expect(BotikaGateway().encode(m, profile: .builtIn(.botika), options: .init()).bodyJSON["to"] == "+27123456789")
        #expect(ZixflowGateway().encode(m, profile: .builtIn(.zixflow), options: .init()).bodyJSON["recipient"] == "27123456789")
    }

    @Test(arguments: [("ascii", false), ("emoji", true)])
    func kaleyraRefsAt255AndOnePast(_ label: String, _ emoji: Bool) throws {
        func text(_ n: Int) -> String { emoji ? String(repeating: "😀", count: n / 2) + (n % 2 == 1 ? "a" : "") : String(repeating: "r", count: n) }
        let m = try #require(samples[.text])
        for key in ["ref", "ref1", "ref2"] {
            func options(_ v: String) -> VendorOptions {
                VendorOptions([key: v])
            }
            let at = KaleyraGateway().prepare(m, profile: .builtIn(.kaleyra), options: options(text(255)))
            #expect(!at.findings.contains { $0.path.description == "extra_info.\(key)" })
            #expect(at.request?.bodyJSON["extra_info"]?[key]?.stringValue == text(255))
            let past = KaleyraGateway().prepare(m, profile: .builtIn(.kaleyra), options: options(text(256)))
            let f = try #require(past.findings.first { $0.path.description == "extra_info.\(key)" })
            #expect(f.severity == .warning)
            #expect(f.limit == "255")
            #expect(f.actual == "256")
            // Truncated as Kaleyra would, on a character boundary (never half an emoji), and said so.
            let sent = try #require(past.request?.bodyJSON["extra_info"]?[key]?.stringValue)
            #expect(text(256).hasPrefix(sent))
            #expect(TextLength.of(sent) == (emoji ? 254 : 255))
        }
    }

    @Test func kaleyraSenderNumberIsE164InTheURL() throws {
        var profile = Profile.builtIn(.kaleyra)
        profile.senderNumber = "+91 98765-00000"
        let m = try #require(samples[.text])
        #expect(KaleyraGateway().encode(m, profile: profile, options: .init()).url.hasSuffix("/whatsapp/+919876500000/messages"))
        profile.senderNumber = "98765 00000"
        #expect(profile.findings().contains { $0.path.description == "profile kaleyra.phone_number" && $0.rule == .phoneNumber })
    }

    @Test func templateMediaByIDIsACapabilityQuestion() throws {
        let t = try OutboundMessage.parse(#"{"messaging_product":"whatsapp","to":"+27123456789","type":"template","template":{"name":"promo","language":{"code":"en"},"components":[{"type":"header","parameters":[{"type":"image","image":{"id":"4490709327"}}]}]}}"#)
        // Botika documents header media by id (and uploads media); its flow header stays a URL.
        let botika = BotikaGateway().prepare(t, profile: .builtIn(.botika))
        #expect(!botika.findings.contains { $0.rule == .gatewayCapability })
        #expect(botika.request?.bodyJSON["template"]?["param"]?["header"] == ["type": "image", "id": "4490709327"])
        var flow = try #require(sample(.flow, for: BotikaGateway()))
        if case .interactive(var i) = flow.content {
            i.header = .media(.image, MediaObject(id: "4490709327"))
            flow.content = .interactive(i)
        }
        #expect(BotikaGateway().prepare(flow, profile: .builtIn(.botika)).findings.contains { $0.path == "interactive.header.image.id" && $0.rule == .gatewayCapability && $0.isError })
        #expect(MetaCloudGateway().prepare(t, profile: .builtIn(.meta)).findings.verdicts.isEmpty)
    }

    @Test func anUnsetEnvironmentSecretStaysAVariableInCurl() throws {
        var profile = Profile.builtIn(.meta)
        profile.secret = .env("WACON_TEST_DEFINITELY_UNSET_VARIABLE")
        let r = MetaCloudGateway().encode(try #require(samples[.text]), profile: profile, options: .init())
        #expect(RequestFormatter.curl(r).contains("-H \"Authorization: Bearer ${WACON_TEST_DEFINITELY_UNSET_VARIABLE}\""))
        #expect(profile.findings().contains { $0.message.contains("WACON_TEST_DEFINITELY_UNSET_VARIABLE is not set") })
    }

    @Test func kaleyraWASourceAndProfileDefaults() throws {
        let m = try #require(samples[.text])
        var profile = Profile.builtIn(.kaleyra)
        profile.defaults = VendorOptions(["ref": "from-profile", "wa_source": "api"])
        let r = KaleyraGateway().encode(m, profile: profile, options: VendorOptions(["ref1": "from-cli"]))
        #expect(r.bodyJSON["extra_info"] == ["ref": "from-profile", "ref1": "from-cli", "wa_source": "api"])
        let odd = KaleyraGateway().prepare(m, profile: .builtIn(.kaleyra), options: VendorOptions(["wa_source": "myapp"]))
        #expect(odd.findings.contains { $0.path == "extra_info.wa_source" && $0.severity == .warning })
        // No options: no extra_info object at all.
        #expect(KaleyraGateway().encode(m, profile: .builtIn(.kaleyra), options: .init()).bodyJSON["extra_info"] == nil)
    }

    @Test func vendorOptionsOnTheWrongGatewayAreReported() throws {
        let m = try #require(samples[.button])
        let f = MetaCloudGateway().prepare(m, profile: .builtIn(.meta), options: VendorOptions(["ref": "x", "post_back_url": "https://x.test"])).findings
        #expect(f.contains { $0.path == "extra_info" && $0.severity == .warning })
        #expect(f.contains { $0.path == "post_back_url" && $0.severity == .warning })
        let z = ZixflowGateway().prepare(m, profile: .builtIn(.zixflow), options: VendorOptions(["post_back_url": "mailto:x"])).findings
        #expect(z.contains { $0.path == "post_back_url" && $0.isError })
    }

    @Test(arguments: GatewayID.allCases)
    func secretsAreMaskedInEveryFormat(_ id: GatewayID) throws {
        var profile = Profile.builtIn(id)
        let secret = "S3cr3t-\(id)-0123456789abcdef"
        profile.secret = .env("WACON_TEST_SECRET_\(id)")
        let env = ["WACON_TEST_SECRET_\(id)": secret]
        let message = try #require(samples[id == .botika ? .flow : .text])
        var request = id.gateway.encode(message, profile: profile, options: .init())
        // encode reads the real environment; put the resolved secret in as the env would.
        request.headers = request.headers.map { h in
            guard h.value.contains("${WACON_TEST_SECRET_\(id)}") else { return h }
            return WireHeader(h.name, h.value.replacingOccurrences(of: "${WACON_TEST_SECRET_\(id)}", with: secret),
                              secret: Secret(value: secret, source: profile.secret!))
        }
        #expect(profile.resolvedSecret(environment: env)?.value == secret)
        #expect(!RequestFormatter.http(request).contains(secret))
        #expect(!RequestFormatter.curl(request).contains(secret))
        #expect(!JSONWriter.compactString(RequestFormatter.json(request)).contains(secret))
        #expect(RequestFormatter.curl(request).contains("${WACON_TEST_SECRET_\(id)}"))
        #expect(RequestFormatter.http(request, reveal: true).contains(secret))
    }

    @Test func botikaMapsFlowsAndRefusesWhatItCannotCarry() throws {
        var flow = try #require(samples[.flow])
        let ok = BotikaGateway().prepare(flow.with { m in
            if case .interactive(var i) = m.content, case .flow(var f) = i.action { f.data = nil; i.action = .flow(f); m.content = .interactive(i) }
        }, profile: .builtIn(.botika))
        #expect(ok.findings.errors.isEmpty, "\(ok.findings)")
        if case .interactive(var i) = flow.content, case .flow(var f) = i.action {
            f.flowName = "signup"
            f.mode = "draft"
            i.action = .flow(f)
            flow.content = .interactive(i)
        }
        let paths = Set(BotikaGateway().prepare(flow, profile: .builtIn(.botika)).findings.filter { $0.rule == .gatewayCapability }.map(\.path.description))
        #expect(paths.isSuperset(of: ["interactive.action.parameters.flow_name", "interactive.action.parameters.mode", "interactive.action.parameters.flow_action_payload.data"]))
    }

    @Test func botikaTemplatesUseBotikasShape() throws {
        let t = try #require(samples[.template])
        let body = BotikaGateway().encode(t, profile: .builtIn(.botika), options: .init()).bodyJSON
        #expect(body["type"] == "template")
        let template = try #require(body["template"])
        #expect(template["name"] == .string(try #require({ if case .template(let c) = t.content { return c.name }; return nil }())))
        #expect(template["param"]?["body"]?.arrayValue?.isEmpty == false)
        #expect(template["param"]?["body"]?.arrayValue?.allSatisfy { $0.stringValue != nil } == true)
    }

    @Test func zixflowPathsFollowTheKind() throws {
        let profile = Profile.builtIn(.zixflow)
        let paths = ZixflowGateway().capabilities.kinds.map { ZixflowGateway.pathSegment($0) }
        #expect(Set(paths).count == paths.count, "each kind has its own endpoint")
        let r = ZixflowGateway().encode(try #require(samples[.button]), profile: profile, options: .init())
        #expect(r.url == "https://api-ai.zixflow.com/api/ingest/whatsapp/v1/message/interactive/reply-buttons/send")
        #expect(r.header("x-workspace-id") == "ws_sample")
    }
}

extension OutboundMessage {
    func with(_ change: (inout OutboundMessage) -> Void) -> OutboundMessage {
        var copy = self
        change(&copy)
        return copy
    }
}

@Suite struct RequestReadingTests {
    @Test(arguments: allPairs.filter { $0.gateway.gateway.capabilities.carries($0.kind) && $0.kind != .otherInteractive })
    func readingARequestBackGivesTheSameRequest(_ pair: GatewayKind) throws {
        let gateway = pair.gateway.gateway
        let message = try #require(sample(pair.kind, for: gateway))
        let options = pair.gateway == .kaleyra ? VendorOptions(["ref": "r", "wa_source": "api"])
            : pair.gateway == .zixflow ? VendorOptions(["post_back_url": "https://x.test/pb", "post_back_data": "d"]) : VendorOptions()
        let profile = Profile.builtIn(pair.gateway)
        let first = gateway.encode(message, profile: profile, options: options)
        let read = try gateway.read(body: try JSONParser.parse(first.body), path: URL(string: first.url)!.path)
        let second = gateway.encode(read.message, profile: profile, options: read.options)
        #expect(second.bodyJSON == first.bodyJSON, "\(pair)")
        #expect(second.url == first.url)
        #expect(read.options == options.over(profile.defaults))
    }

    @Test func unknownVendorFieldsAreKeptForValidation() throws {
        let body: JSONValue = ["phone_number": "+27123456789", "message_type": "text", "text": "hi", "priority": "high"]
        let read = try FlowIQGateway().read(body: body, path: "/send-whatsapp")
        #expect(read.message.unknownFields["priority"] == "high")
        #expect(MessageValidator.validate(read.message).contains { $0.rule == .unknownField && $0.path == "priority" })
    }

    @Test func wrongShapesNameTheField() {
        #expect(throws: MessageDecodingError.self) { try FlowIQGateway().read(body: ["phone_number": 27, "message_type": "text"], path: "/send-whatsapp") }
        #expect(throws: MessageDecodingError.self) { try ZixflowGateway().read(body: ["recipient": "27123456789"], path: "/api/ingest/whatsapp/v1/message/nope/send") }
        #expect(throws: MessageDecodingError.self) { try KaleyraGateway().read(body: ["extra_info": [:]], path: "/") }
    }
}
