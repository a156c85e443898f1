import Testing
import Import
@testable import Providers
import WhatsAppModel

/// Curl import finds Zixflow's template send and carries what a reader filled in as notes.
@Suite struct ResellerCurlImportTests {
    @Test func aZixflowTemplateSendAtTheOlderPrefixImports() throws {
        let imported = try CurlImport.parse("""
            curl --request POST --url https://api-ai.zixflow.com/api/ingestion/whatsapp/v1/template/send \\
              --header 'Content-Type: application/json' --header 'x-api-key: zx_live_key' --header 'x-workspace-id: ws_42' \\
              --data '{"recipient": "16505551234", "phone_id": "118204967735201", "template_name": "hello_world"}'
            """)
        #expect(imported.gateway == .zixflow)
        #expect(imported.facts.phoneID == "118204967735201")
        #expect(imported.facts.workspaceID == "ws_42")
        #expect(imported.message.kind == .template)
        #expect(imported.findings.contains { $0.path == "language" && $0.severity == .note })
        #expect(!imported.findings.hasErrors, "\(imported.findings.errors)")
        // wacon sends the current prefix and the language it had to assume, and says both.
        #expect(imported.differences == [
            ImportDifference(.url, pasted: "https://api-ai.zixflow.com/api/ingestion/whatsapp/v1/template/send",
                             wacon: "https://api-ai.zixflow.com/api/ingest/whatsapp/v1/template/send"),
            ImportDifference(.body("language"), pasted: nil, wacon: "\"\(ZixflowGateway.assumedLanguage)\""),
        ])
    }

    @Test func flowIQButtonsWithoutIDsImportWithTheReadersNotes() throws {
        let imported = try CurlImport.parse("""
            curl -X POST 'https://api.flowiq.live/send-whatsapp?tenantId=cape' -H 'Authorization: Bearer fiq_key' -H 'Content-Type: application/json' \\
              -d '{"phone_number": "+27825550100", "message_type": "interactive", "interactive": {"type": "button", "body": "Arrived?", "buttons": [{"title": "Yes"}, {"id": "no", "title": "No"}]}}'
            """)
        #expect(imported.findings.notes.map(\.path.description).contains("interactive.buttons[0].id"))
        #expect(!imported.findings.notes.map(\.path.description).contains("interactive.buttons[1].id"))
        #expect(imported.differences == [ImportDifference(.body("interactive.buttons[0].id"), pasted: nil, wacon: "\"Yes\"")])
    }
}
