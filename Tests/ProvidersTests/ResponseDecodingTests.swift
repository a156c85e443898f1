import Testing
@testable import Providers
import WhatsAppModel

// Every response example in the seeds decodes to the documented outcome. Bodies are copied from
// /work/shared/seeds/*.txt as literally as possible (only {{ }} placeholders are filled in).

// MARK: - Helpers

private extension SendOutcome {
    var acceptance: Acceptance? {
        if case .accepted(let a) = self { return a }
        return nil
    }

    var rejection: Rejection? {
        if case .rejected(let r) = self { return r }
        return nil
    }

    var unexpected: UnexpectedResponse? {
        if case .unexpected(let u) = self { return u }
        return nil
    }
}

private func decode(_ id: GatewayID, _ status: Int, _ body: String, headers: [(name: String, value: String)] = [("Content-Type", "application/json")]) -> (SendOutcome, WireResponse) {
    let response = WireResponse(status: status, headers: headers, body: body)
    return (id.gateway.decode(response), response)
}

private let flowIQMessageID = "wamid.HBgLMjc4MTIzNDU2NzgVAgASGBQzRUI..."

// MARK: - FlowIQ (seeds 000, 001)

@Suite("FlowIQ responses (seeds 000, 001)")
struct FlowIQResponseTests {
    static let successBodies: [String] = [
        // 000: the text example at the top of the page.
        """
        {
          "success": true,
          "message": "Message sent successfully",
          "data": {
            "message_id": "wamid.HBgLMjc4MTIzNDU2NzgVAgASGBQzRUI...",
            "recipient": "27123456789",
            "message_type": "text"
          }
        }
        """,
        // 000: Success (200) for interactive buttons.
        """
        {
          "success": true,
          "message": "Message sent successfully",
          "data": {
            "message_id": "wamid.HBgLMjc4MTIzNDU2NzgVAgASGBQzRUI...",
            "recipient": "27123456789",
            "message_type": "interactive"
          }
        }
        """,
        // 001: Success (200) for contacts.
        """
        {
          "success": true,
          "message": "Message sent successfully",
          "data": {
            "message_id": "wamid.HBgLMjc4MTIzNDU2NzgVAgASGBQzRUI...",
            "recipient": "27123456789",
            "message_type": "contacts"
          }
        }
        """,
        // 001: the audio example (message_type left as the page's "<string>").
        """
        {
          "success": true,
          "message": "Message sent successfully",
          "data": {
            "message_id": "wamid.HBgLMjc4MTIzNDU2NzgVAgASGBQzRUI...",
            "recipient": "27123456789",
            "message_type": "<string>"
          }
        }
        """,
    ]

    @Test("200 success bodies are accepted with the wamid and recipient", arguments: successBodies)
    func success(body: String) throws {
        let (outcome, response) = decode(.flowiq, 200, body)
        let a = try #require(outcome.acceptance, "\(outcome)")
        #expect(a.httpStatus == 200)
        #expect(a.messageID == flowIQMessageID)
        #expect(a.recipient == "27123456789")
        #expect(a.status == "Message sent successfully")
        #expect(a.requestID == nil)
        #expect(a.notes.isEmpty, "strict JSON needs no lenient note")
        #expect(outcome.rawBody == response.body)
        #expect(outcome.isAccepted)
    }

    static let errorBodies: [(String, String)] = [
        (
            """
            {
              "error": "Missing required field",
              "message": "interactive.body and interactive.buttons are required for button messages"
            }
            """,
            "interactive.body and interactive.buttons are required for button messages"
        ),
        (
            """
            {
              "error": "Missing required field",
              "message": "contacts array is required for contact messages"
            }
            """,
            "contacts array is required for contact messages"
        ),
    ]

    @Test("400 Missing required field is a validation rejection", arguments: errorBodies)
    func missingField(body: String, message: String) throws {
        let (outcome, response) = decode(.flowiq, 400, body)
        let r = try #require(outcome.rejection, "\(outcome)")
        #expect(r.httpStatus == 400)
        #expect(r.category == .validation)
        #expect(r.retry == .fixRequest)
        #expect(r.vendorCode == "Missing required field")
        #expect(r.vendorMessage == message)
        #expect(outcome.rawBody == response.body)
        #expect(!outcome.isAccepted)
    }

    @Test("a 200 with success:false is not accepted")
    func successFalse() throws {
        let (outcome, _) = decode(.flowiq, 200, #"{"success": false, "error": "Invalid tenant", "message": "Tenant acme not found"}"#)
        let r = try #require(outcome.rejection, "\(outcome)")
        #expect(r.vendorCode == "Invalid tenant")
        #expect(r.vendorMessage == "Tenant acme not found")
    }
}

// MARK: - Botika (seed 002)

@Suite("Botika responses (seed 002)")
struct BotikaResponseTests {
    /// The seed's success body, commas missing as printed; placeholders filled in.
    static let seedSuccess = """
        {
            "data": {
                "status": "sent"
                "message": "Message Sent!"
                "request_id": "rm-5f1c2a7e-9b0d-4e61-8a3c-2d4b6f8e0a11"
            }
        }
        """

    @Test("the seed's success body (not strict JSON) is accepted and read leniently")
    func seedSuccessBody() throws {
        // The body really is not JSON: guard against someone "fixing" the literal.
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Self.seedSuccess) }
        let (outcome, response) = decode(.botika, 200, Self.seedSuccess)
        let a = try #require(outcome.acceptance, "\(outcome)")
        #expect(a.requestID == "rm-5f1c2a7e-9b0d-4e61-8a3c-2d4b6f8e0a11")
        #expect(a.status == "sent")
        #expect(a.messageID == nil)
        #expect(a.notes.count == 1)
        #expect(a.notes.contains { $0.contains("leniently") && $0.contains("not strict JSON") }, "\(a.notes)")
        #expect(outcome.rawBody == response.body)
    }

    @Test("the same body with commas is accepted without a note")
    func strictSuccessBody() throws {
        let (outcome, _) = decode(.botika, 200, #"{"data": {"status": "sent", "message": "Message Sent!", "request_id": "r-1"}}"#)
        let a = try #require(outcome.acceptance)
        #expect(a.requestID == "r-1")
        #expect(a.status == "sent")
        #expect(a.notes.isEmpty)
    }

    @Test("the other send pages' success body, the message id under data.id, is accepted")
    func messageIDSuccessBody() throws {
        let (outcome, _) = decode(.botika, 200, #"{"data": {"id": "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSMkY4QTlCMUMzRDRFNUY2QTcA"}}"#)
        let a = try #require(outcome.acceptance, "\(outcome)")
        #expect(a.messageID == "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSMkY4QTlCMUMzRDRFNUY2QTcA")
        #expect(a.requestID == nil)
    }

    @Test("an error status is a rejection classified by HTTP status")
    func errorStatus() throws {
        let (outcome, _) = decode(.botika, 401, #"{"message": "Unauthenticated."}"#)
        let r = try #require(outcome.rejection)
        #expect(r.vendorMessage == "Unauthenticated.")
        #expect(r.category == .auth)
        #expect(r.retry == .refreshCredentials)
    }
}

// MARK: - Kaleyra (seed 003)

@Suite("Kaleyra responses (seed 003)")
struct KaleyraResponseTests {
    /// "Sample Success Response", 202 Accepted, commas missing as printed.
    static let seedSuccess = """
        {
        "code":"WA202"
        "message":"Request Accepted",
        "data":{
        "message_id":"AXXXXXXXXXXXXXXXXXXX"
        }
        "error":{}
        }
        """

    @Test("the seed's 202 WA202 body (not strict JSON) is accepted and read leniently")
    func seedSuccessBody() throws {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Self.seedSuccess) }
        let (outcome, response) = decode(.kaleyra, 202, Self.seedSuccess)
        let a = try #require(outcome.acceptance, "\(outcome)")
        #expect(a.httpStatus == 202)
        #expect(a.messageID == "AXXXXXXXXXXXXXXXXXXX")
        #expect(a.vendorCode == "WA202")
        #expect(a.status == "Request Accepted")
        #expect(a.notes.count == 1)
        #expect(a.notes.contains { $0.contains("leniently") }, "\(a.notes)")
        #expect(outcome.rawBody == response.body)
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var title: String
        var status: Int
        var body: String
        var code: String
        var message: String
        var errorText: String
        var category: OutcomeCategory
        var retry: RetryHint
        var testDescription: String { "\(status) \(code) (\(title))" }
    }

    static let failures: [Failure] = [
        Failure(title: "Unauthorized", status: 401, body: """
            {
            "code": "RBC001",
            "message": "Incorrect SID or API key.",
            "data": [],
            "error": {
            "error": "Incorrect SID or API key."
            }
            }
            """, code: "RBC001", message: "Incorrect SID or API key.", errorText: "Incorrect SID or API key.",
            category: .auth, retry: .refreshCredentials),
        Failure(title: "Unauthorized phone number", status: 401, body: """
            {
            "code": "WA401",
            "message": "Phone number is not present or does not belong to the account.",
            "data": {},
            "error": {
            "phone_number": "Phone number is not present or does not belong to the account."
            }
            }
            """, code: "WA401", message: "Phone number is not present or does not belong to the account.",
            errorText: "Phone number is not present or does not belong to the account.", category: .permission, retry: .fixAccount),
        Failure(title: "Incorrect payload", status: 400, body: """
            {
            "code": "WA400",
            "message": "Refer to correct payload format",
            "data": {},
            "error": {
            "payload": "Incorrect payload format"
            }
            }
            """, code: "WA400", message: "Refer to correct payload format", errorText: "Incorrect payload format",
            category: .validation, retry: .fixRequest),
        Failure(title: "Internal Server Error", status: 500, body: """
            {
            "code": "WA500",
            "message": "Please try again later",
            "data": {},
            "error": {
            "error": "Internal server error"
            }
            }
            """, code: "WA500", message: "Please try again later", errorText: "Internal server error",
            category: .server, retry: .schedule("3 times, after 5, 10 and 15 minutes")),
        Failure(title: "Low balance", status: 400, body: """
            {
            "code": "E110",
            "message": "Please check your balance, You have a low balance!",
            "data": {},
            "error": {
            "balance": "Please check your balance, You have a low balance!"
            }
            }
            """, code: "E110", message: "Please check your balance, You have a low balance!",
            errorText: "Please check your balance, You have a low balance!", category: .balance, retry: .fixAccount),
        Failure(title: "Unauthorised Account type", status: 401, body: """
            {
            "code": "WA-401",
            "message": "API is not available for given customer.Please contact support for more info",
            "data": {},
            "error": {
            "account": "API is not available for given customer.Please contact support for more info"
            }
            }
            """, code: "WA-401", message: "API is not available for given customer.Please contact support for more info",
            errorText: "API is not available for given customer.Please contact support for more info", category: .permission, retry: .fixAccount),
        Failure(title: "Unauthorized phone number version", status: 401, body: """
            {
            "code": "WA-401",
            "message": "The phone number you're using is associated with different Version of our WA API. Please use the appropriate endpoint.",
            "data": {},
            "error": {
            "phone_number": "The phone number you're using is associated with different Version of our WA API. Please use the appropriate endpoint."
            }
            }
            """, code: "WA-401",
            message: "The phone number you're using is associated with different Version of our WA API. Please use the appropriate endpoint.",
            errorText: "The phone number you're using is associated with different Version of our WA API. Please use the appropriate endpoint.",
            category: .permission, retry: .fixAccount),
    ]

    @Test("each documented failure decodes to its catalogue entry", arguments: failures)
    func failure(_ f: Failure) throws {
        let (outcome, response) = decode(.kaleyra, f.status, f.body)
        let r = try #require(outcome.rejection, "\(outcome)")
        #expect(r.httpStatus == f.status)
        #expect(r.vendorCode == f.code)
        #expect(r.vendorMessage == f.message)
        let details = try #require(r.details)
        #expect(details.contains(f.errorText), "details: \(details)")
        #expect(r.category == f.category)
        #expect(r.retry == f.retry)
        #expect(r.meaning != nil, "catalogued codes carry their meaning")
        #expect(r.notes.isEmpty, "the failure samples are strict JSON")
        #expect(outcome.rawBody == response.body)
    }

    @Test("WA500's retry is Kaleyra's schedule, and retryable")
    func wa500Schedule() throws {
        let f = try #require(Self.failures.first { $0.code == "WA500" })
        let (outcome, _) = decode(.kaleyra, f.status, f.body)
        let r = try #require(outcome.rejection)
        guard case .schedule(let s) = r.retry else {
            Issue.record("expected a schedule, got \(r.retry)")
            return
        }
        #expect(s.contains("5") && s.contains("10") && s.contains("15"))
        #expect(r.retry.isRetryable)
    }

    @Test("an uncatalogued code falls back on the HTTP status")
    func unknownCode() throws {
        let (outcome, _) = decode(.kaleyra, 403, #"{"code": "ZZ999", "message": "Nope", "data": {}, "error": {"x": "y"}}"#)
        let r = try #require(outcome.rejection)
        #expect(r.vendorCode == "ZZ999")
        #expect(r.category == .permission)
        #expect(r.meaning == nil)
        #expect(r.details == "x: y")
    }

    @Test("a Meta error object forwarded by Kaleyra is read with Meta's catalogue")
    func forwardedMetaError() throws {
        let body = #"{"error": {"message": "(#131047) Re-engagement message", "type": "OAuthException", "code": 131047, "error_data": {"messaging_product": "whatsapp", "details": "24 hours passed"}, "fbtrace_id": "Atrace"}}"#
        let (outcome, _) = decode(.kaleyra, 400, body)
        let r = try #require(outcome.rejection)
        #expect(r.vendorCode == "131047")
        #expect(r.category == .window)
        #expect(r.retry == .useTemplate)
        #expect(r.details == "24 hours passed")
    }
}

// MARK: - Zixflow (seed 004)

@Suite("Zixflow responses (seed 004)")
struct ZixflowResponseTests {
    @Test("the seed's success body is accepted with its request id, queued")
    func success() throws {
        let body = """
            {
              "success": true,
              "message": "WhatsApp request queued successfully",
              "request_id": "f8df74d1-11fa-4485-b164-b9a65358f4fc"
            }
            """
        let (outcome, response) = decode(.zixflow, 200, body)
        let a = try #require(outcome.acceptance, "\(outcome)")
        #expect(a.requestID == "f8df74d1-11fa-4485-b164-b9a65358f4fc")
        #expect(a.status == "queued")
        #expect(a.messageID == nil)
        #expect(a.notes.isEmpty)
        #expect(outcome.rawBody == response.body)
    }

    @Test("success:false with status 200 is a validation rejection")
    func successFalse() throws {
        let (outcome, response) = decode(.zixflow, 200, #"{"success": false, "message": "Invalid phone_id"}"#)
        let r = try #require(outcome.rejection, "\(outcome)")
        #expect(r.httpStatus == 200)
        #expect(r.category == .validation)
        #expect(r.retry == .fixRequest)
        #expect(r.vendorMessage == "Invalid phone_id")
        #expect(outcome.rawBody == response.body)
    }

    @Test("success:false with an error status keeps the status's category")
    func successFalse401() throws {
        let (outcome, _) = decode(.zixflow, 401, #"{"success": false, "message": "Invalid API key"}"#)
        let r = try #require(outcome.rejection)
        #expect(r.category == .auth)
        #expect(r.retry == .refreshCredentials)
    }
}

// MARK: - Meta Cloud API

@Suite("Meta Cloud API responses")
struct MetaResponseTests {
    @Test("200 success: accepted, status accepted, recipient from contacts[0].wa_id")
    func success() throws {
        let body = #"{"messaging_product":"whatsapp","contacts":[{"input":"+16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.X"}]}"#
        let (outcome, response) = decode(.meta, 200, body)
        let a = try #require(outcome.acceptance, "\(outcome)")
        #expect(a.messageID == "wamid.X")
        #expect(a.status == "accepted")
        #expect(a.recipient == "16505551234")
        #expect(a.notes.isEmpty)
        #expect(outcome.httpStatus == 200)
        #expect(outcome.rawBody == response.body)
    }

    @Test("a template send carries message_status")
    func heldForQuality() throws {
        let body = """
            {
              "messaging_product": "whatsapp",
              "contacts": [{ "input": "+16505551234", "wa_id": "16505551234" }],
              "messages": [{ "id": "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA", "message_status": "held_for_quality_assessment" }]
            }
            """
        let (outcome, _) = decode(.meta, 200, body)
        let a = try #require(outcome.acceptance)
        #expect(a.messageID == "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA")
        #expect(a.status == "held_for_quality_assessment")
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var code: Int
        var status: Int
        var category: OutcomeCategory
        var retry: RetryHint
        var testDescription: String { "\(code) → \(category.rawValue), \(retry.id)" }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(code: 0, status: 401, category: .auth, retry: .refreshCredentials),
        ErrorCase(code: 4, status: 400, category: .rateLimit, retry: .backoff),
        ErrorCase(code: 10, status: 403, category: .permission, retry: .fixAccount),
        ErrorCase(code: 100, status: 400, category: .validation, retry: .fixRequest),
        ErrorCase(code: 130429, status: 400, category: .rateLimit, retry: .backoff),
        ErrorCase(code: 131000, status: 500, category: .server, retry: .backoff),
        ErrorCase(code: 131005, status: 403, category: .permission, retry: .fixAccount),
        ErrorCase(code: 131008, status: 400, category: .validation, retry: .fixRequest),
        ErrorCase(code: 131009, status: 400, category: .validation, retry: .fixRequest),
        ErrorCase(code: 131021, status: 400, category: .recipient, retry: .fixRequest),
        ErrorCase(code: 131026, status: 400, category: .recipient, retry: .doNotRetry),
        ErrorCase(code: 131031, status: 403, category: .policy, retry: .doNotRetry),
        ErrorCase(code: 131042, status: 400, category: .balance, retry: .fixAccount),
        ErrorCase(code: 131047, status: 400, category: .window, retry: .useTemplate),
        ErrorCase(code: 131051, status: 400, category: .validation, retry: .fixRequest),
        ErrorCase(code: 131053, status: 400, category: .media, retry: .fixRequest),
        ErrorCase(code: 131056, status: 400, category: .rateLimit, retry: .backoff),
        ErrorCase(code: 132000, status: 400, category: .template, retry: .fixRequest),
        ErrorCase(code: 132001, status: 404, category: .template, retry: .fixRequest),
        ErrorCase(code: 132012, status: 400, category: .template, retry: .fixRequest),
        ErrorCase(code: 133010, status: 400, category: .permission, retry: .fixAccount),
        ErrorCase(code: 190, status: 401, category: .auth, retry: .refreshCredentials),
        ErrorCase(code: 368, status: 403, category: .policy, retry: .doNotRetry),
        // 200–299 is Meta's API-permission range.
        ErrorCase(code: 200, status: 403, category: .permission, retry: .fixAccount),
        ErrorCase(code: 294, status: 403, category: .permission, retry: .fixAccount),
    ]

    /// An error object in the shape of Meta's Graph API errors.
    static func errorBody(code: Int, details: String = "Message failed to send because of a problem.") -> String {
        """
        {
          "error": {
            "message": "(#\(code)) Something about the error",
            "type": "OAuthException",
            "code": \(code),
            "error_data": {
              "messaging_product": "whatsapp",
              "details": "\(details)"
            },
            "error_subcode": 2494055,
            "fbtrace_id": "AbCdEfGhIjKlMnOp",
            "is_transient": false,
            "error_user_title": "A title for people",
            "error_user_msg": "A message for people"
          }
        }
        """
    }

    @Test("each catalogued code decodes to its category and retry, with every field carried", arguments: errorCases)
    func catalogued(_ c: ErrorCase) throws {
        let details = "details for \(c.code)"
        let (outcome, response) = decode(.meta, c.status, Self.errorBody(code: c.code, details: details))
        let r = try #require(outcome.rejection, "\(outcome)")
        #expect(r.httpStatus == c.status)
        #expect(r.vendorCode == String(c.code))
        #expect(r.vendorMessage == "(#\(c.code)) Something about the error")
        #expect(r.category == c.category)
        #expect(r.retry == c.retry)
        #expect(r.details == details, "error_data.details wins over error_user_msg")
        #expect(r.subcode == 2494055)
        #expect(r.fbtraceID == "AbCdEfGhIjKlMnOp")
        #expect(r.errorType == "OAuthException")
        #expect(r.meaning?.isEmpty == false)
        #expect(r.notes.isEmpty)
        #expect(outcome.rawBody == response.body)
    }

    @Test("an unknown code falls back on the HTTP status", arguments: [
        ErrorCase(code: 999999, status: 400, category: .validation, retry: .fixRequest),
        ErrorCase(code: 999999, status: 401, category: .auth, retry: .refreshCredentials),
        ErrorCase(code: 999999, status: 403, category: .permission, retry: .fixAccount),
        ErrorCase(code: 999999, status: 503, category: .server, retry: .backoff),
        ErrorCase(code: 999999, status: 418, category: .unknown, retry: .doNotRetry),
    ])
    func unknownCode(_ c: ErrorCase) throws {
        let (outcome, _) = decode(.meta, c.status, Self.errorBody(code: c.code))
        let r = try #require(outcome.rejection)
        #expect(r.httpStatus == c.status)
        #expect(r.vendorCode == "999999")
        #expect(r.category == c.category)
        #expect(r.retry == c.retry)
        #expect(r.meaning == nil)
        #expect(r.fbtraceID == "AbCdEfGhIjKlMnOp")
    }

    @Test("without error_data.details, error_user_msg is the details")
    func userMessageAsDetails() throws {
        let body = #"{"error": {"message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100, "error_user_msg": "The parameter to is required."}}"#
        let (outcome, _) = decode(.meta, 400, body)
        let r = try #require(outcome.rejection)
        #expect(r.details == "The parameter to is required.")
        #expect(r.subcode == nil)
        #expect(r.fbtraceID == nil)
    }

    @Test("an error object without a code is rejected with a note")
    func errorWithoutCode() throws {
        let (outcome, _) = decode(.meta, 500, #"{"error": {"message": "An unknown error occurred", "type": "OAuthException"}}"#)
        let r = try #require(outcome.rejection)
        #expect(r.vendorCode == nil)
        #expect(r.category == .server)
        #expect(r.notes.contains { $0.contains("no whole-number code") })
    }

    @Test("a non-2xx JSON body without an error object is still a rejection")
    func statusWithoutErrorObject() throws {
        let (outcome, _) = decode(.meta, 500, #"{"ok": false}"#)
        let r = try #require(outcome.rejection)
        #expect(r.category == .server)
        #expect(r.vendorMessage?.contains("500") == true)
    }

    @Test("429 with Retry-After: 7 and 130429 → retry after 7 seconds")
    func retryAfter() throws {
        let (outcome, _) = decode(.meta, 429, Self.errorBody(code: 130429),
                                  headers: [("Content-Type", "application/json"), ("Retry-After", "7")])
        let r = try #require(outcome.rejection)
        #expect(r.category == .rateLimit)
        #expect(r.retry == .after(seconds: 7))
        #expect(r.retry.isRetryable)
    }

    @Test("Retry-After does not turn a do-not-retry code into a retry")
    func retryAfterIgnoredForPermanentErrors() throws {
        let (outcome, _) = decode(.meta, 400, Self.errorBody(code: 131047), headers: [("retry-after", "30")])
        let r = try #require(outcome.rejection)
        #expect(r.retry == .useTemplate)
    }

    @Test("429 with Retry-After and an unreadable body still waits as told")
    func retryAfterUnreadable() throws {
        let (outcome, _) = decode(.meta, 429, "", headers: [("Retry-After", "12")])
        let u = try #require(outcome.unexpected)
        #expect(u.category == .rateLimit)
        #expect(u.retry == .after(seconds: 12))
    }
}

// MARK: - Transport-ish garbage, every gateway

@Suite("Unreadable responses, every gateway")
struct UnreadableResponseTests {
    @Test("an empty body is unexpected, kept byte for byte", arguments: GatewayID.allCases)
    func emptyBody(id: GatewayID) throws {
        for body in ["", "  \r\n\t "] {
            let response = WireResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
            let outcome = id.gateway.decode(response)
            let u = try #require(outcome.unexpected, "\(id): \(outcome)")
            #expect(u.reason.contains("empty"), "\(id): \(u.reason)")
            #expect(u.httpStatus == 200)
            #expect(outcome.rawBody == response.body)
            #expect(outcome.rawBody == Array(body.utf8))
        }
    }

    @Test("a 502 HTML page is unexpected, a server problem", arguments: GatewayID.allCases)
    func htmlBadGateway(id: GatewayID) throws {
        let body = "<html><body>Bad Gateway</body></html>"
        let response = WireResponse(status: 502, headers: [("Content-Type", "text/html")], body: body)
        let outcome = id.gateway.decode(response)
        let u = try #require(outcome.unexpected, "\(id): \(outcome)")
        #expect(u.httpStatus == 502)
        #expect(u.category == .server)
        #expect(u.retry == .backoff)
        #expect(u.reason.contains("HTML"), "\(id): \(u.reason)")
        #expect(outcome.rawBody == Array(body.utf8))
    }

    @Test("an HTML page labelled as JSON is still unexpected", arguments: GatewayID.allCases)
    func htmlWithJSONContentType(id: GatewayID) throws {
        let body = "\n<!DOCTYPE html><html><body>Service Unavailable</body></html>"
        let response = WireResponse(status: 503, headers: [("content-type", "application/json")], body: body)
        let outcome = id.gateway.decode(response)
        let u = try #require(outcome.unexpected, "\(id): \(outcome)")
        #expect(u.category == .server)
        #expect(outcome.rawBody == Array(body.utf8))
    }

    @Test("truncated JSON is unexpected, the reason says JSON", arguments: GatewayID.allCases)
    func truncatedJSON(id: GatewayID) throws {
        let body = #"{"messages":[{"id":"wam"#
        let response = WireResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
        let outcome = id.gateway.decode(response)
        let u = try #require(outcome.unexpected, "\(id): \(outcome)")
        #expect(u.reason.contains("JSON"), "\(id): \(u.reason)")
        #expect(!outcome.isAccepted)
        #expect(outcome.rawBody == Array(body.utf8))
    }

    @Test("bytes that are not UTF-8 are kept byte for byte", arguments: GatewayID.allCases)
    func invalidUTF8(id: GatewayID) throws {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x7B, 0x00, 0x80, 0x22, 0x7D]
        let response = WireResponse(status: 500, body: bytes)
        let outcome = id.gateway.decode(response)
        let u = try #require(outcome.unexpected, "\(id): \(outcome)")
        #expect(u.category == .server)
        #expect(outcome.rawBody == bytes)
    }

    /// The documented success body of each gateway with the success id taken out.
    static let withoutSuccessID: [(GatewayID, String)] = [
        (.meta, #"{"messaging_product":"whatsapp","contacts":[{"input":"+16505551234","wa_id":"16505551234"}],"messages":[]}"#),
        (.kaleyra, #"{"message":"Request Accepted","data":{},"error":{}}"#),
        (.kaleyra, #"{"code":"WA202","message":"Request Accepted","data":{},"error":{}}"#),
        (.flowiq, #"{"success": true, "message": "Message sent successfully", "data": {"recipient": "27123456789", "message_type": "text"}}"#),
        (.botika, #"{"data": {"message": "Message Sent!"}}"#),
        (.zixflow, #"{"success": true, "message": "WhatsApp request queued successfully"}"#),
    ]

    @Test("covers every gateway")
    func coversEveryGateway() {
        #expect(Set(Self.withoutSuccessID.map(\.0)) == Set(GatewayID.allCases))
    }

    @Test("a 200 with valid JSON but no success id is unexpected", arguments: withoutSuccessID)
    func missingSuccessID(id: GatewayID, body: String) throws {
        let response = WireResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
        let outcome = id.gateway.decode(response)
        let u = try #require(outcome.unexpected, "\(id): \(outcome)")
        #expect(u.httpStatus == 200)
        #expect(u.category == .unknown)
        #expect(u.retry == .doNotRetry)
        #expect(u.reason.contains("without"), "\(id): \(u.reason)")
        #expect(outcome.rawBody == Array(body.utf8))
    }
}

@Suite("Numbers that do not fit")
struct HugeNumberTests {
    @Test(arguments: ["1e400", "1e19", "131047.5", "-1e308"])
    func codesThatAreNotIntegersNeverCrash(_ literal: String) {
        let body = #"{"error":{"message":"odd","type":"OAuthException","code":\#(literal),"error_subcode":\#(literal),"fbtrace_id":"T"}}"#
        for id in [GatewayID.meta, .kaleyra] {
            let (outcome, _) = decode(id, 400, body)
            let r = outcome.rejection
            #expect(r != nil)
            #expect(r?.vendorCode == nil)
            #expect(r?.subcode == nil)
            #expect(r?.category == .validation)
        }
    }
}
