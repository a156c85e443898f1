import Foundation
import Testing
@testable import Providers
import WaconTestSupport
import WhatsAppModel

/// The interactive kinds of 2025–2026 through the gateways: Meta and Kaleyra carry Meta's
/// object as it is; Botika, FlowIQ and Zixflow have no shape for them (Zixflow has one for the
/// address message).
@Suite struct InteractiveKinds2026GatewayTests {
    static let newKinds: [MessageKind] = [.carousel, .voiceCall, .callPermissionRequest, .addressMessage]

    @Test(arguments: newKinds)
    func metaSendsTheMessageAsWritten(_ kind: MessageKind) throws {
        let message = try #require(samples[kind])
        #expect(message.kind == kind)
        let prep = MetaCloudGateway().prepare(message, profile: .builtIn(.meta))
        let request = try #require(prep.request)
        #expect(request.bodyJSON == message.json)
        #expect(try JSONParser.parse(request.body) == message.json)
        #expect(prep.findings.verdicts.isEmpty, "\(prep.findings.verdicts)")
    }

    @Test(arguments: newKinds)
    func kaleyraWrapsMetasObject(_ kind: MessageKind) throws {
        let message = try #require(samples[kind])
        let prep = KaleyraGateway().prepare(message, profile: .builtIn(.kaleyra))
        let request = try #require(prep.request)
        #expect(request.bodyJSON["messaging_object"] == message.json)
        #expect(prep.findings.errors.isEmpty, "\(prep.findings.errors)")
    }

    @Test(arguments: [GatewayID.botika, .flowiq, .zixflow])
    func theOtherResellersRefuseThemByCapability(_ id: GatewayID) throws {
        for kind in Self.newKinds where !(id == .zixflow && kind == .addressMessage) {
            let message = try #require(samples[kind])
            let prep = id.gateway.prepare(message, profile: .builtIn(id))
            #expect(prep.request == nil, "\(id) × \(kind)")
            let refusal = prep.findings.first { $0.rule == .gatewayCapability && $0.path == "type" && $0.isError }
            #expect(refusal?.message.contains(kind.rawValue) == true, "\(id) × \(kind): \(prep.findings)")
        }
    }

    @Test func zixflowSendsTheAddressMessageToItsEndpoint() throws {
        let message = try #require(samples[.addressMessage])
        let prep = ZixflowGateway().prepare(message, profile: .builtIn(.zixflow))
        let request = try #require(prep.request)
        #expect(request.url.hasSuffix("/api/ingest/whatsapp/v1/message/interactive/address/send"))
        #expect(request.bodyJSON["interactive"] == message.json["interactive"])
        #expect(prep.findings.errors.isEmpty, "\(prep.findings.errors)")
    }

    /// Meta's documented examples of these kinds read as the modelled kind, not as a pass-through.
    @Test func metasExamplesReadAsTheModelledKinds() throws {
        let expected: [String: MessageKind] = [
            "carousel-": .carousel, "voice-call-button": .voiceCall, "call-permission-request": .callPermissionRequest, "address-message": .addressMessage,
        ]
        var seen: [MessageKind: Int] = [:]
        for example in CorpusExample.all where example.gateway == .meta {
            guard let kind = expected.first(where: { example.name.hasPrefix($0.key) })?.value else { continue }
            let message = try OutboundMessage(json: example.body)
            #expect(message.kind == kind, "\(example.name)")
            #expect(message.json == example.body, "\(example.name)")
            #expect(MessageValidator.validate(message).verdicts.isEmpty, "\(example.name): \(MessageValidator.validate(message).verdicts)")
            seen[kind, default: 0] += 1
        }
        #expect(seen == [.carousel: 3, .voiceCall: 1, .callPermissionRequest: 1, .addressMessage: 4])
    }

    @Test func nothingInMetasCorpusIsPassedThroughUncheckedButOrders() throws {
        let passedThrough = try CorpusExample.all.filter { $0.gateway == .meta }.compactMap { example -> String? in
            guard case .otherInteractive(let type, _) = try OutboundMessage(json: example.body).content else { return nil }
            return type
        }
        #expect(Set(passedThrough) == ["order_details", "order_status"])
    }
}
