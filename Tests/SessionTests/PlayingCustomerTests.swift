import Config
import Foundation
import Providers
import Sandbox
import Session
import Testing
import WaconTestSupport
import WhatsAppModel

/// Playing the customer through the session: the in-process sandbox and wacon's receiver start
/// on demand, the reply reaches the receiver, and the window opens for the next send.
@Suite(.serialized, .timeLimit(.minutes(2))) struct PlayingCustomerTests {
    static func text(to: String) throws -> OutboundMessage {
        try OutboundMessage.parse(Array(#"{"messaging_product":"whatsapp","to":"\#(to)","type":"text","text":{"body":"Your parcel is here"}}"#.utf8))
    }

    @Test func theDefaultRecipientIsOpenANewNumberClosedUntilItWrites() async throws {
        let session = WaconSession(settings: SessionTests.tempSettings())
        let window = try #require(await session.serviceWindow(for: "+27825550100"))
        #expect(window.isOpen())
        #expect(await session.serviceWindow(for: "+27825550194")?.isOpen() == false)
        #expect(await session.serviceWindow(for: "nobody") == nil)
        #expect(await session.sandboxCustomers().contains { $0.user.digits == "27825550100" && $0.user.name == "Thabo Nkosi" })
        await session.close()
    }

    @Test func aSendToANewNumberFailsWith131047UntilTheCustomerWrites() async throws {
        let session = WaconSession(settings: SessionTests.tempSettings())
        let first = try await session.run(SendJob(message: Self.text(to: "+27825550194"), gateway: .meta, profile: .builtIn(.meta),
                                                  followStatuses: true, statusTimeout: .seconds(10)))
        #expect(first.verdict == .failedAfterAccept)
        #expect(first.statuses.contains { $0.status == "failed" && $0.errors.first?.code == "131047" })
        let played = try await session.playCustomer(from: "+27825550194", message: ["type": "text", "text": ["body": "hi"]])
        #expect(played.deliveredTo?.hasSuffix("/callbacks/meta") == true && played.deliveryStatus == 200)
        #expect(played.customer.window.isOpen() && played.messageID != nil)
        #expect(await session.serviceWindow(for: "+27825550194")?.isOpen() == true)
        let second = try await session.run(SendJob(message: Self.text(to: "+27825550194"), gateway: .meta, profile: .builtIn(.meta),
                                                   followStatuses: true, statusTimeout: .seconds(10)))
        #expect(second.verdict == .accepted)
        #expect(second.statuses.map(\.status).contains("read"))
        await session.close()
    }

    @Test func aButtonTapAsTheCustomerIsARefusalWhenMalformed() async throws {
        let session = WaconSession(settings: SessionTests.tempSettings())
        let tap = try await session.playCustomer(from: "+27825550100", message: ["type": "interactive", "interactive": ["type": "button_reply", "button_reply": ["id": "yes", "title": "Yes"]]],
                                                 context: "wamid.SENT")
        #expect(tap.field == "messages" && tap.deliveryStatus == 200)
        let event = try #require(WebhookBodyReader.read(JSONWriter.compact(tap.webhook)).events.first?.message)
        #expect(event.content == .interactive(.buttonReply(id: "yes", title: "Yes")) && event.context?.id == "wamid.SENT")
        await #expect(throws: CustomerPlayError.self) {
            _ = try await session.playCustomer(from: "+27825550100", message: ["type": "interactive", "interactive": ["type": "button_reply"]])
        }
        await session.close()
    }

    /// What a customer wrote to the sandbox's number never opens a real profile's window.
    @Test func aRealProfilesWindowIgnoresWhatWasWrittenToTheSandbox() async throws {
        let session = WaconSession(settings: SessionTests.tempSettings())
        _ = try await session.playCustomer(from: "+27825550193", message: ["type": "text", "text": ["body": "hi"]])
        // The intake records the webhook before it answers, so history has it now.
        var production = Profile.builtIn(.meta)
        production.name = "shop"
        production.isBuiltIn = false
        production.isSandbox = false
        production.values["phone_number_id"] = "555000111222333"
        #expect(await session.serviceWindow(for: "+27825550193", profile: production) == nil)
        var sameNumber = production
        sameNumber.values["phone_number_id"] = Profile.builtIn(.meta).values["phone_number_id"]
        #expect(await session.serviceWindow(for: "+27825550193", profile: sameNumber)?.isOpen() == true)
        await session.close()
    }
}

/// The console asks for the default recipient's window at its first frame: answered without
/// starting the in-process sandbox (a server, its threads and memory), and the same once it
/// has started.
@Suite(.timeLimit(.minutes(1))) struct LazySandboxTests {
    @Test func aSeededWindowIsSaidWithoutStartingTheSandbox() async throws {
        let session = WaconSession(settings: SessionTests.tempSettings())
        try await session.receiveSandboxWebhooksOnceStarted()
        let before = try #require(await session.serviceWindow(for: "+27 82 555 0100"))
        #expect(before.isOpen())
        #expect(await session.serviceWindow(for: "+27825550199")?.isOpen() == false, "a new number starts closed")
        #expect(await session.isSandboxRunning == false)
        let sent = try await session.send(SendJob(message: SessionTests.text, gateway: .meta, profile: .builtIn(.meta)))
        #expect(sent.report.outcome?.isAccepted == true)
        #expect(await session.isSandboxRunning)
        let after = try #require(await session.serviceWindow(for: "+27825550100"))
        #expect(after.lastCustomerMessage == before.lastCustomerMessage, "seeded as of the session's start, before and after")
        await session.close()
    }
}
