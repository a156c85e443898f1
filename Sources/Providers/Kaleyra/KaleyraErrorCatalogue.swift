/// Kaleyra v2's send error codes: the seed's examples (RBC001, WA401, WA400, WA500, E110, both
/// WA-401) and the v2 error page's WAV2101, each with Kaleyra's retry guidance.
public enum KaleyraErrorCatalogue {
    public static let entries: [CatalogueEntry] = [
        .init("RBC001", "Incorrect SID or API key", http: 401, .auth, .refreshCredentials, "The SID or API key is wrong; Kaleyra says do not retry."),
        .init("WA401", "Phone number is not present or does not belong to the account", http: 401, .permission, .fixAccount, "The sending number (in the URL) is not on this account, or the account or template is not approved."),
        .init("WA400", "Refer to correct payload format", http: 400, .validation, .fixRequest, "Incorrect payload format."),
        .init("WA500", "Please try again later", http: 500, .server, .schedule("3 times, after 5, 10 and 15 minutes"), "Kaleyra internal server error."),
        .init("E110", "Low balance", http: 400, .balance, .fixAccount, "Insufficient balance: top up, then send again."),
        // Two documented meanings share this code: account type, and a number on another API version.
        .init("WA-401", "API is not available for given customer, or the phone number uses another API version", http: 401, .permission, .fixAccount, "The account type cannot use this API, or the number belongs to a different WhatsApp API version (use its endpoint)."),
        .init("WAV2101", "Daily account limit reached", http: 429, .rateLimit, .backoff, "The account's daily sending limit is used up."),
    ]

    private static let byCode: [String: CatalogueEntry] = Dictionary(entries.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })

    public static func entry(code: String) -> CatalogueEntry? { byCode[code] }
}
