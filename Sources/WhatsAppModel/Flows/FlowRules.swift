/// The rules `FlowLinter` checks in a Flow JSON document: each rule's id (a stable kebab-case
/// string for scripts and `--json`), what it checks, and the severity it always reports with.
/// Error rules are what Meta refuses (a Flow breaking them does not publish or does not run);
/// warning rules are what Meta accepts but is risky or against advice, and rules whose sources
/// disagree.
extension Rule {
    // Top level
    /// `version` present, `{major}.{minor}`, and in the allowed list.
    public static let version = Rule(rawValue: "version")
    /// The version is known but no longer publishable (Frozen or Expired). Warning.
    public static let versionFrozen = Rule(rawValue: "version-frozen")
    /// `screens` is a non-empty array of screen objects.
    public static let screensEmpty = Rule(rawValue: "screens-empty")
    /// The whole Flow JSON is at most 10 MB.
    public static let sizeLimit = Rule(rawValue: "size-limit")
    /// No `data_channel_uri` from Flow JSON 3.0 on (the endpoint is set through the Flows API).
    public static let dataChannelURI = Rule(rawValue: "data-channel-uri")
    /// `data_api_version` is "3.0" or "4.0", and a Flow that exchanges data with its endpoint
    /// declares it.
    public static let dataAPIVersion = Rule(rawValue: "data-api-version")
    /// A component, property or feature used below the Flow JSON version that introduced it.
    public static let versionFeature = Rule(rawValue: "version-feature")

    // Screens
    /// Every screen has a non-empty string `id`.
    public static let screenIDMissing = Rule(rawValue: "screen-id-missing")
    /// Screen ids are unique.
    public static let screenIDUnique = Rule(rawValue: "screen-id-unique")
    /// `SUCCESS` is reserved.
    public static let screenIDReserved = Rule(rawValue: "screen-id-reserved")
    /// Screen ids use letters and underscores only (third-party rule, uncertain). Warning.
    public static let screenIDCharset = Rule(rawValue: "screen-id-charset")
    /// A screen has no `title` (Meta: optional; builders treat it as required). Warning.
    public static let missingTitle = Rule(rawValue: "missing-title")
    /// `layout.type` is `SingleColumnLayout` and `layout.children` is an array.
    public static let layoutType = Rule(rawValue: "layout-type")
    /// At least one screen is `terminal: true`.
    public static let terminalScreen = Rule(rawValue: "terminal-screen")
    /// Every terminal screen contains a `Footer`.
    public static let terminalFooter = Rule(rawValue: "terminal-footer")
    /// `success` only on terminal screens.
    public static let successNonTerminal = Rule(rawValue: "success-non-terminal")

    // Actions and routing
    /// An action's `name` is navigate, complete, data_exchange, update_data or open_url.
    public static let actionName = Rule(rawValue: "action-name")
    /// An action sits where it may: a Footer navigates, completes or exchanges data; a link or an
    /// opt-in navigates, exchanges data or opens a URL; a date picker's select action exchanges
    /// data; other select actions exchange or update data.
    public static let actionPlacement = Rule(rawValue: "action-placement")
    /// `navigate.next` is `{"type": "screen", "name": <an existing screen id>}`.
    public static let navigateTarget = Rule(rawValue: "navigate-target")
    /// A screen does not navigate to itself.
    public static let navigateSelf = Rule(rawValue: "navigate-self")
    /// A terminal screen's Footer does not navigate (it completes).
    public static let navigateOnTerminal = Rule(rawValue: "navigate-on-terminal")
    /// A navigate payload matches the next screen's declared `data`. Warning.
    public static let navigatePayload = Rule(rawValue: "navigate-payload")
    /// `complete` sits on a terminal screen's Footer. Warning.
    public static let completePlacement = Rule(rawValue: "complete-placement")
    /// `data_exchange` and `refresh_on_back` only in a Flow with a data endpoint.
    public static let dataExchangeEndpoint = Rule(rawValue: "data-exchange-endpoint")
    /// The routing model — `routing_model` whenever the Flow has one, at every version, else the
    /// one the navigate actions make: names existing screens, lists every screen (as a source or
    /// a target) in a Flow of several screens, no self-edges, at most 10 branches, allows every
    /// navigate, and a terminal screen is reachable from each entry screen.
    public static let routingModel = Rule(rawValue: "routing-model")
    /// Some screen has no inbound route: the Flow needs an entry screen.
    public static let entryScreen = Rule(rawValue: "entry-screen")

    // Dynamic data and forms
    /// Every `${data.x}` (and `${screen.ID.data.x}`) names a declared data property.
    public static let dataUndeclared = Rule(rawValue: "data-undeclared")
    /// Every declared data property is an object with a known `type` and an `__example__` of that type.
    public static let dataDeclaration = Rule(rawValue: "data-declaration")
    /// A `${data.x}` that fills a `data-source` is declared as an array.
    public static let dataType = Rule(rawValue: "data-type")
    /// Every `${form.x}` (and `${screen.ID.form.x}`) names an input on that screen.
    public static let formReference = Rule(rawValue: "form-reference")
    /// A `${…}` is a well-formed reference: `data.x`, `form.x`, `screen.ID.data.x`, `screen.ID.form.x`.
    public static let referenceSyntax = Rule(rawValue: "reference-syntax")
    /// A property is static or one dynamic reference, never text mixed with `${…}`.
    public static let staticDynamicMix = Rule(rawValue: "static-dynamic-mix")
    /// No `null` anywhere (leave the property out instead).
    public static let nullValue = Rule(rawValue: "null-value")
    /// Before Flow JSON 4.0, inputs sit inside a `Form`.
    public static let formRequired = Rule(rawValue: "form-required")
    /// Every input has a `name`, unique on its screen.
    public static let inputName = Rule(rawValue: "input-name")
    /// An input name is used on more than one screen. Warning.
    public static let inputNameReused = Rule(rawValue: "input-name-reused")

    // Components
    /// A component's type is one Meta documents.
    public static let unknownComponent = Rule(rawValue: "unknown-component")
    /// A component's (or option's, item's, action's) required properties are present.
    public static let componentRequired = Rule(rawValue: "component-required")
    /// A property holds the JSON type it takes (string, boolean, number, array, object, action),
    /// or a `${…}` reference where it is dynamic; `name` and `type` are static.
    public static let propertyType = Rule(rawValue: "property-type")
    /// A property Meta's reference does not list for that component, screen or action. Warning:
    /// the table may lag behind Meta, and a typo is worth a look.
    public static let unknownProperty = Rule(rawValue: "unknown-property")
    /// A property Meta documents only in another setting, so the client ignores it here:
    /// `pattern` with input-type email or phone, a CalendarPicker's `title`, `description`,
    /// `min-days` and `max-days` outside range mode. Warning.
    public static let propertyIgnored = Rule(rawValue: "property-ignored")
    /// Enumerated, formatted or ranged properties hold an allowed value (`input-type`,
    /// `scale-type`, `mode`, `include-days`, dates, picker counts).
    public static let propertyValue = Rule(rawValue: "property-value")
    /// At most 50 components per screen.
    public static let componentCount = Rule(rawValue: "component-count")
    /// At most 5 `OptIn` per screen.
    public static let optinCount = Rule(rawValue: "optin-count")
    /// At most 2 `EmbeddedLink` per screen.
    public static let embeddedLinkCount = Rule(rawValue: "embedded-link-count")
    /// Text lengths Meta enforces (component pages; the looser value where sources disagree).
    public static let charLimit = Rule(rawValue: "char-limit")
    /// Within the enforced length but over a stricter one: a conflicting source's limit (Footer
    /// label 30, OptIn label 80, EmbeddedLink text 25, Dropdown label 20 …) or a length the client
    /// cuts (NavigationList). Warning.
    public static let charLimitStrict = Rule(rawValue: "char-limit-strict")
    /// Option and item counts: CheckboxGroup/RadioButtonsGroup 1–20, Dropdown 1–200 (1–100 with
    /// images), ChipsSelector 2–20, ImageCarousel 1–3 images.
    public static let optionsCount = Rule(rawValue: "options-count")
    /// Option images: at most 100 KB from v6.0, 300 KB before.
    public static let imageSize = Rule(rawValue: "image-size")
    /// A Footer has `center-caption` or `left-caption`/`right-caption`, never both kinds.
    public static let footerCaptions = Rule(rawValue: "footer-captions")
    /// A screen has exactly one Footer. Warning.
    public static let footerCount = Rule(rawValue: "footer-count")
    /// `RichText` stands alone on its screen (v6.3+: with a Footer).
    public static let richTextStandalone = Rule(rawValue: "rich-text-standalone")
    /// From v6.0, string properties are never empty or blank.
    public static let blankString = Rule(rawValue: "blank-string")
    /// An `If` has components in `then`; a `Switch` has at least one case (Meta refuses both empty).
    public static let emptyBranch = Rule(rawValue: "empty-branch")
    /// A screen's layout, a `Form`, an `else` branch or a `Switch` case holds no component.
    /// Warning (plausible, undocumented): Meta refuses an empty `then` with a message that fits
    /// any component list, but documents no refusal for these.
    public static let emptyChildren = Rule(rawValue: "empty-children")

    /// Every rule `FlowLinter` checks, in catalogue order.
    public static let flowRules: [Rule] = [
        .version, .versionFrozen, .screensEmpty, .sizeLimit, .dataChannelURI, .dataAPIVersion, .versionFeature, .screenIDMissing,
        .screenIDUnique, .screenIDReserved, .screenIDCharset, .missingTitle, .layoutType, .terminalScreen, .terminalFooter, .successNonTerminal,
        .actionName, .actionPlacement, .navigateTarget, .navigateSelf, .navigateOnTerminal, .navigatePayload, .completePlacement, .dataExchangeEndpoint,
        .routingModel, .entryScreen, .dataUndeclared, .dataDeclaration, .dataType, .formReference, .referenceSyntax, .staticDynamicMix,
        .nullValue, .formRequired, .inputName, .inputNameReused, .unknownComponent, .componentRequired, .propertyType, .unknownProperty,
        .propertyIgnored, .propertyValue, .componentCount, .optinCount, .embeddedLinkCount, .charLimit, .charLimitStrict, .optionsCount,
        .imageSize, .footerCaptions, .footerCount, .richTextStandalone, .blankString, .emptyBranch, .emptyChildren,
    ]

    /// The Flow rules that report warnings; every other Flow rule reports errors.
    static let flowWarnings: Set<Rule> = [
        .versionFrozen, .screenIDCharset, .missingTitle, .navigatePayload, .completePlacement, .inputNameReused, .footerCount,
        .charLimitStrict, .unknownProperty, .propertyIgnored, .emptyChildren,
    ]

    private static let flowRuleSet = Set(flowRules)

    /// The severity every finding of this rule has, for a rule that always reports with one
    /// (the Flow rules); nil for message rules, whose checks choose it case by case.
    public var severity: Finding.Severity? {
        if Self.flowWarnings.contains(self) { return .warning }
        return Self.flowRuleSet.contains(self) ? .error : nil
    }
}
