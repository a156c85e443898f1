/// How wacon measures text against Meta's character limits.
///
/// Meta does not say what a "character" is. wacon counts **UTF-16 code units**: it is what
/// JavaScript's `length` (and so most of Meta's own tooling and every JS client) measures, and it
/// is the stricter of the plausible units for emoji: 😀 counts 2, the family emoji 👨‍👩‍👧 counts 8,
/// while grapheme counting would say 1. A text that passes here passes every looser count.
public enum TextLength {
    /// The length of `text` in UTF-16 code units.
    @inline(__always)
    public static func of(_ text: String) -> Int { text.utf16.count }

    /// The longest prefix of `text` within `units` UTF-16 units that does not split a character.
    public static func prefix(_ text: String, units: Int) -> String {
        guard of(text) > units else { return text }
        var used = 0
        var end = text.startIndex
        for ch in text {
            let n = ch.utf16.count
            if used + n > units { break }
            used += n
            end = text.index(after: end)
        }
        return String(text[..<end])
    }

    /// True when `text` is empty or only white space (any Unicode white space). Scans bytes and
    /// stops at the first visible character, so long texts cost almost nothing.
    public static func isBlank(_ text: String) -> Bool {
        for b in text.utf8 {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: continue
            case 0x80...: return text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
            default: return false
            }
        }
        return true
    }
}

/// Every limit the validator and the sandbox enforce, in one place. Where sources disagree, the
/// looser documented limit is the error and the stricter one a warning (both are here).
public enum Limits {
    /// Direct Send (utility and authentication messages without a template).
    public enum DirectSend {
        /// What each category allows: its `ttl_seconds` range and the kinds Meta lists.
        public struct Rule: Sendable {
            public let ttl: ClosedRange<Int>
            public let kinds: [MessageKind]
        }

        /// Utility: 30 s to 12 h (30 days without a TTL); text, reply buttons, a CTA URL button
        /// or a voice call button. Authentication: 30 s to 15 min (10 min by default); text.
        public static let rules: [String: Rule] = [
            "utility": Rule(ttl: 30...43_200, kinds: [.text, .button, .ctaURL, .voiceCall]),
            "authentication": Rule(ttl: 30...900, kinds: [.text]),
        ]
        /// Body text (text messages and interactive bodies).
        public static let body = 1024
        /// Interactive header and footer text.
        public static let headerFooter = 60
    }

    public static let textBody = 4096
    public static let mediaCaption = 1024
    public static let interactiveHeaderText = 60
    /// Interactive bodies: 1024.
    public static let interactiveBody = 1024
    /// List and location-request bodies: 4096 on Meta's newer pages (1024 in the reference and
    /// Postman): the looser limit is the error, `interactiveBody` a warning.
    public static let interactiveBodyLoose = 4096
    public static let interactiveFooter = 60
    public static let replyButtonsMax = 3
    public static let replyButtonTitle = 20
    public static let replyButtonID = 256
    public static let listButtonLabel = 20
    public static let listSectionsMax = 10
    public static let listSectionTitle = 24
    /// 10 rows across all sections (Meta's prose); OAS only limits per section → the total.
    public static let listRowsTotal = 10
    public static let listRowID = 200
    public static let listRowTitle = 24
    public static let listRowDescription = 72
    public static let ctaDisplayText = 20
    /// flow_cta: 30 on Meta's current page and OpenAPI spec (the error); 20 on the older page and
    /// in client libraries (a warning).
    public static let flowCTA = 30
    public static let flowCTAStrict = 20
    public static let productListSectionsMax = 10
    public static let productListProductsTotal = 30
    public static let productSectionTitle = 24
    public static let templateHeaderTextParam = 60
    public static let templateBodyTextParam = 1024
    /// A body-only template's body text may reach 32768 (OAS `TextParameter.maxLength`).
    public static let templateBodyOnlyTextParam = 32768
    public static let templateName = 512
    /// Cards in a carousel (template or interactive).
    public static let carouselCardsMax = 10
    /// An interactive carousel needs at least two cards (a template carousel one).
    public static let interactiveCarouselCardsMin = 2
    /// A media card's body text, and how many line breaks it may hold (both on Meta's
    /// interactive media carousel page).
    public static let carouselCardBody = 160
    public static let carouselCardBodyLineBreaks = 2
    /// Quick-reply buttons on one media card. Meta says "one or more" without a maximum;
    /// three, as on reply-button messages, is wacon's plausible cap.
    public static let carouselQuickRepliesMax = 3
    /// A call button's text, time to live in minutes, and webhook payload (Meta's call button
    /// page).
    public static let voiceCallDisplayText = 20
    public static let voiceCallTTLMinutes = 1...43200
    public static let voiceCallPayload = 512
    public static let bizOpaqueCallbackData = 512
    /// OAS only; treated as a warning threshold.
    public static let contactsMax = 5
    public static let phoneDigitsMin = 8
    public static let phoneDigitsMax = 15
    /// Kaleyra truncates `ref`, `ref1`, `ref2` past 255 characters; wacon reports it instead.
    public static let kaleyraRef = 255
    public static let flowMessageVersion = "3"
}
