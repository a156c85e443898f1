/// Meta's Cloud API error codes, from Meta's published error table, with a category and a retry hint.
/// HTTP statuses are the ones copies of Meta's table list; where copies disagree the comment says
/// which was taken. Build logic on `code`, never on the localised message text.
public enum MetaErrorCatalogue {
    public static let entries: [CatalogueEntry] = [
        .init("0", "AuthException", http: 401, .auth, .refreshCredentials, "The access token could not be authenticated (expired, invalidated or revoked)."),
        .init("1", "API Unknown", http: 400, .server, .backoff, "Invalid request or server error; check the request format and Meta's status page."),
        .init("2", "API Service", http: 503, .server, .backoff, "Temporary downtime or overload."),
        .init("3", "API Method", http: 500, .permission, .refreshCredentials, "Capability or permission issue; check the token's permissions."),
        // Most copies list 400; one lists 429. The sandbox answers 400, as most copies say.
        .init("4", "API Too Many Calls", http: 400, .rateLimit, .backoff, "App-level call rate limit reached; back off."),
        .init("10", "Permission Denied", http: 403, .permission, .fixAccount, "Permission not granted or removed."),
        .init("33", "Parameter value is not valid", http: 400, .recipient, .fixAccount, "The business phone number was deleted."),
        .init("100", "Invalid parameter", http: 400, .validation, .fixRequest, "Unsupported or misspelled parameter, or a JSON/schema error."),
        .init("190", "Access token has expired", http: 401, .auth, .refreshCredentials, "Get a new access token."),
        .init("368", "Temporarily blocked for policies violations", http: 403, .policy, .doNotRetry, "The WhatsApp Business Account is restricted or disabled for a policy violation."),
        .init("80007", "Rate limit issues", http: 400, .rateLimit, .backoff, "The WABA-level API rate limit was reached."),
        .init("130429", "Rate limit hit", http: 400, .rateLimit, .backoff, "Cloud API throughput (messages per second) exceeded; queue and back off."),
        .init("130472", "User's number is part of an experiment", http: 400, .recipient, .doNotRetry, "Not sent because of a marketing experiment."),
        .init("130497", "Business account restricted from messaging users in this country", http: 403, .policy, .doNotRetry, "Country restriction."),
        .init("131000", "Something went wrong", http: 500, .server, .backoff, "Unknown failure; retry, and open a support ticket if it persists."),
        .init("131005", "Access denied", http: 403, .permission, .fixAccount, "Permission problem."),
        .init("131008", "Required parameter is missing", http: 400, .validation, .fixRequest, "A required field is missing."),
        .init("131009", "Parameter value is not valid", http: 400, .validation, .fixRequest, "A field has an invalid value."),
        // The PHP copy says 500; Meta's text says "temporarily unavailable", so 503 is likelier.
        .init("131016", "Service unavailable", http: 503, .server, .backoff, "A service is temporarily unavailable."),
        .init("131021", "Recipient cannot be sender", http: 400, .recipient, .fixRequest, "The recipient is the sending business number."),
        .init("131026", "Message Undeliverable", http: 400, .recipient, .doNotRetry, "Not a WhatsApp number, terms not accepted, client too old, or dropped by quality protection."),
        .init("131030", "Recipient phone number not in allowed list", http: 400, .recipient, .fixAccount, "Test numbers must be added to the allowed list."),
        .init("131031", "Account has been locked", http: 403, .policy, .doNotRetry, "Locked for a policy violation or failed verification."),
        .init("131037", "Display name not approved", http: 400, .permission, .fixAccount, "The sending number's display name is not approved."),
        .init("131042", "Business eligibility payment issue", http: 400, .balance, .fixAccount, "A billing or payment-method problem."),
        .init("131045", "Incorrect certificate", http: 500, .permission, .fixAccount, "Phone-number registration error; register again."),
        .init("131047", "Re-engagement message", http: 400, .window, .useTemplate, "More than 24 hours since the customer last wrote; send a template."),
        .init("131048", "Spam rate limit hit", http: 400, .rateLimit, .backoff, "Quality-based sending restriction."),
        .init("131049", "Meta chose not to deliver", http: 400, .policy, .after(seconds: 86_400), "Per-user marketing cap; wait at least 24 hours."),
        .init("131050", "User stopped marketing messages", http: 400, .recipient, .doNotRetry, "The customer opted out of marketing messages."),
        .init("131051", "Unsupported message type", http: 400, .validation, .fixRequest, "The message type is not supported."),
        .init("131052", "Media download error", http: 400, .media, .doNotRetry, "Media sent by the customer could not be downloaded."),
        .init("131053", "Media upload error", http: 400, .media, .fixRequest, "Your media could not be fetched or processed; see details."),
        .init("131056", "(Business Account, Consumer Account) pair rate limit hit", http: 400, .rateLimit, .backoff, "Too many messages to this customer; wait (other customers are unaffected)."),
        .init("131057", "Account in maintenance mode", http: 500, .server, .backoff, "For example during a throughput upgrade."),
        .init("132000", "Template Param Count Mismatch", http: 400, .template, .fixRequest, "The number of variable values does not match the template."),
        // 404 in the PHP copy of Meta's table, 400 elsewhere; the sandbox follows Meta's table.
        .init("132001", "Template does not exist", http: 404, .template, .fixRequest, "No approved template with this name in this language."),
        .init("132005", "Template Hydrated Text Too Long", http: 400, .template, .fixRequest, "The rendered text is too long."),
        .init("132007", "Template Format Character Policy Violated", http: 400, .template, .fixRequest, "Content violates the formatting policy."),
        .init("132012", "Template Parameter Format Mismatch", http: 400, .template, .fixRequest, "Variable values are in the wrong format."),
        .init("132018", "There was an issue with the parameters in your template", http: 400, .template, .fixRequest, "A text parameter has a line break, a tab or more than 4 spaces in a row."),
        .init("132015", "Template is Paused", http: 400, .template, .doNotRetry, "Paused for low quality."),
        .init("132016", "Template is Disabled", http: 400, .template, .doNotRetry, "Permanently disabled."),
        .init("132068", "Flow is blocked", http: 400, .flow, .fixRequest, "Fix the Flow."),
        .init("132069", "Flow is throttled", http: 400, .flow, .backoff, "10 messages in the last hour already used this Flow."),
        .init("133000", "Incomplete Deregistration", http: 500, .server, .fixAccount, "Deregister again."),
        .init("133004", "Server Temporarily Unavailable", http: 503, .server, .backoff, "Retry as details says."),
        .init("133005", "Two step verification PIN Mismatch", http: 400, .auth, .fixRequest, "Wrong two-step verification PIN."),
        .init("133006", "Phone number re-verification needed", http: 400, .permission, .fixAccount, "Verify the phone number again."),
        .init("133008", "Too Many two step verification PIN Guesses", http: 400, .rateLimit, .backoff, "Wait before guessing again."),
        .init("133009", "Two step verification PIN Guessed Too Fast", http: 400, .rateLimit, .backoff, "Slow down."),
        .init("133010", "Phone number Not Registered", http: 400, .permission, .fixAccount, "Register the sending number first."),
        .init("133015", "Wait before registering this number", http: 400, .rateLimit, .after(seconds: 300), "Recently deleted; wait 5 minutes."),
        .init("133016", "Account register/deregister rate limit exceeded", http: 400, .rateLimit, .backoff, "Too many register/deregister calls."),
        .init("135000", "Generic user error", http: 400, .validation, .fixRequest, "Unknown problem with the request's parameters."),
        // Groups (Meta's Groups API table).
        .init("131020", "Bad Group", http: 400, .recipient, .fixRequest, "Cannot send messages to single member groups."),
        .init("131041", "Group unknown", http: 400, .recipient, .fixRequest, "The group was not found: it does not exist or the business is not a member."),
        .init("131207", "Group suspended", http: 403, .policy, .doNotRetry, "The group violates platform policies."),
        .init("131208", "Group Rate Limit Hit", http: 429, .rateLimit, .backoff, "Too many group operations from this phone number in a short period."),
        .init("131215", "This phone number is not eligible to access Groups APIs", http: 400, .permission, .fixAccount, "Groups APIs are only available for eligible phone numbers."),
        // The Marketing Messages API (`/marketing_messages`), from Meta's table for it.
        .init("131055", "Method not allowed", http: 400, .validation, .fixRequest, "Only marketing template messages are supported on the marketing messages endpoint."),
        .init("134100", "Only marketing messages supported", http: 400, .template, .fixRequest, "Only marketing messages can be sent on this API."),
        .init("134101", "Your template is still syncing", http: 400, .template, .after(seconds: 600), "The template is syncing to the Marketing Messages API (up to 10 minutes); send again later."),
        .init("134102", "Template unavailable for use", http: 500, .template, .fixAccount, "Check the account's onboarding to the Marketing Messages API, or contact Meta support."),
        // Direct Send.
        .init("139200", "Direct Send utility or authentication access is blocked", http: nil, .permission, .fixAccount, "This account may not use Direct Send."),
        // Newer codes (Meta's 2026 pages and pywa's catalogue); where Meta gives no HTTP status, none is set.
        .init("131062", "Business-scoped User ID (BSUID) recipients are not supported for this message", http: 400, .recipient, .fixRequest,
              "Authentication templates, Direct Send authentication and templates with bid_spec go to a phone number in to."),
        .init("131063", "Marketing templates disabled for Cloud API", http: nil, .template, .fixAccount, "Marketing templates cannot be sent through Cloud API for this account."),
        .init("131064", "Messaging limit reached", http: nil, .rateLimit, .fixAccount, "Messaging limit reached after template classification violations."),
        .init("132008", "Template parameter value invalid", http: nil, .template, .fixRequest, "A template variable's value is not valid."),
        // Reported in a failed status, not answered to the send.
        .init("137000", "Recipient identity key mismatch", http: nil, .recipient, .doNotRetry, "The recipient's identity key hash does not match the one on record: their identity changed (a new phone or reinstall)."),
        .init("139000", "Flow blocked by integrity", http: nil, .flow, .fixAccount, "Flows API: blocked by integrity."),
        .init("139001", "Flow is being updated", http: nil, .flow, .backoff, "Flows API: the Flow is updating."),
        .init("139002", "Flow publishing failed", http: nil, .flow, .fixRequest, "Flows API: publishing failed."),
        .init("139003", "Flow deprecation failed", http: nil, .flow, .fixRequest, "Flows API: deprecating failed."),
        .init("139004", "Flow deletion failed", http: nil, .flow, .fixRequest, "Flows API: deleting failed."),
    ]

    private static let byCode: [String: CatalogueEntry] = Dictionary(entries.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })

    /// The entry for a code; codes 200–299 are Meta's API-permission range.
    public static func entry(code: Int) -> CatalogueEntry? {
        if let e = byCode[String(code)] { return e }
        if (200...299).contains(code) {
            return CatalogueEntry(String(code), "API Permission", http: 403, .permission, .fixAccount, "Permission not granted or removed.")
        }
        return nil
    }
}
