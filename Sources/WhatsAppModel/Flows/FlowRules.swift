/// The rules `FlowLinter` checks in a Flow JSON document. The raw value is a stable id for
/// scripts and `--json`; each rule always reports with the same severity (`severity`). Error
/// rules are what Meta refuses (a Flow breaking them does not publish or does not run); warning
/// rules are what Meta accepts but is risky or against advice, and rules whose sources disagree.
public enum FlowRule: String, CaseIterable, Sendable {
    // Top level
    /// `version` present, `{major}.{minor}`, and in the allowed list.
    case version
    /// The version is known but no longer publishable (Frozen or Expired). Warning.
    case versionFrozen = "version-frozen"
    /// `screens` is a non-empty array of screen objects.
    case screensEmpty = "screens-empty"
    /// The whole Flow JSON is at most 10 MB.
    case sizeLimit = "size-limit"
    /// No `data_channel_uri` from Flow JSON 3.0 on (the endpoint is set through the Flows API).
    case dataChannelURI = "data-channel-uri"
    /// `data_api_version` is "3.0" or "4.0", and a Flow that exchanges data with its endpoint
    /// declares it.
    case dataAPIVersion = "data-api-version"
    /// A component, property or feature used below the Flow JSON version that introduced it.
    case versionFeature = "version-feature"

    // Screens
    /// Every screen has a non-empty string `id`.
    case screenIDMissing = "screen-id-missing"
    /// Screen ids are unique.
    case screenIDUnique = "screen-id-unique"
    /// `SUCCESS` is reserved.
    case screenIDReserved = "screen-id-reserved"
    /// Screen ids use letters and underscores only (third-party rule, uncertain). Warning.
    case screenIDCharset = "screen-id-charset"
    /// A screen has no `title` (Meta: optional; builders treat it as required). Warning.
    case missingTitle = "missing-title"
    /// `layout.type` is `SingleColumnLayout` and `layout.children` is an array.
    case layoutType = "layout-type"
    /// At least one screen is `terminal: true`.
    case terminalScreen = "terminal-screen"
    /// Every terminal screen contains a `Footer`.
    case terminalFooter = "terminal-footer"
    /// `success` only on terminal screens.
    case successNonTerminal = "success-non-terminal"

    // Actions and routing
    /// An action's `name` is navigate, complete, data_exchange, update_data or open_url.
    case actionName = "action-name"
    /// An action sits where it may: a Footer navigates, completes or exchanges data; a link or an
    /// opt-in navigates, exchanges data or opens a URL; a date picker's select action exchanges
    /// data; other select actions exchange or update data.
    case actionPlacement = "action-placement"
    /// `navigate.next` is `{"type": "screen", "name": <an existing screen id>}`.
    case navigateTarget = "navigate-target"
    /// A screen does not navigate to itself.
    case navigateSelf = "navigate-self"
    /// A terminal screen's Footer does not navigate (it completes).
    case navigateOnTerminal = "navigate-on-terminal"
    /// A navigate payload matches the next screen's declared `data`. Warning.
    case navigatePayload = "navigate-payload"
    /// `complete` sits on a terminal screen's Footer. Warning.
    case completePlacement = "complete-placement"
    /// `data_exchange` and `refresh_on_back` only in a Flow with a data endpoint.
    case dataExchangeEndpoint = "data-exchange-endpoint"
    /// The routing model — `routing_model` whenever the Flow has one, at every version, else the
    /// one the navigate actions make: names existing screens, lists every screen (as a source or
    /// a target) in a Flow of several screens, no self-edges, at most 10 branches, allows every
    /// navigate, and a terminal screen is reachable from each entry screen.
    case routingModel = "routing-model"
    /// Some screen has no inbound route: the Flow needs an entry screen.
    case entryScreen = "entry-screen"

    // Dynamic data and forms
    /// Every `${data.x}` (and `${screen.ID.data.x}`) names a declared data property.
    case dataUndeclared = "data-undeclared"
    /// Every declared data property is an object with a known `type` and an `__example__` of that type.
    case dataDeclaration = "data-declaration"
    /// A `${data.x}` that fills a `data-source` is declared as an array.
    case dataType = "data-type"
    /// Every `${form.x}` (and `${screen.ID.form.x}`) names an input on that screen.
    case formReference = "form-reference"
    /// A `${…}` is a well-formed reference: `data.x`, `form.x`, `screen.ID.data.x`, `screen.ID.form.x`.
    case referenceSyntax = "reference-syntax"
    /// A property is static or one dynamic reference, never text mixed with `${…}`.
    case staticDynamicMix = "static-dynamic-mix"
    /// No `null` anywhere (leave the property out instead).
    case nullValue = "null-value"
    /// Before Flow JSON 4.0, inputs sit inside a `Form`.
    case formRequired = "form-required"
    /// Every input has a `name`, unique on its screen.
    case inputName = "input-name"
    /// An input name is used on more than one screen. Warning.
    case inputNameReused = "input-name-reused"

    // Components
    /// A component's type is one Meta documents.
    case unknownComponent = "unknown-component"
    /// A component's (or option's, item's, action's) required properties are present.
    case componentRequired = "component-required"
    /// A property holds the JSON type it takes (string, boolean, number, array, object, action),
    /// or a `${…}` reference where it is dynamic; `name` and `type` are static.
    case propertyType = "property-type"
    /// A property Meta's reference does not list for that component, screen or action. Warning:
    /// the table may lag behind Meta, and a typo is worth a look.
    case unknownProperty = "unknown-property"
    /// A property Meta documents only in another setting, so the client ignores it here:
    /// `pattern` with input-type email or phone, a CalendarPicker's `title`, `description`,
    /// `min-days` and `max-days` outside range mode. Warning.
    case propertyIgnored = "property-ignored"
    /// Enumerated, formatted or ranged properties hold an allowed value (`input-type`,
    /// `scale-type`, `mode`, `include-days`, dates, picker counts).
    case propertyValue = "property-value"
    /// At most 50 components per screen.
    case componentCount = "component-count"
    /// At most 5 `OptIn` per screen.
    case optinCount = "optin-count"
    /// At most 2 `EmbeddedLink` per screen.
    case embeddedLinkCount = "embedded-link-count"
    /// Text lengths Meta enforces (component pages; the looser value where sources disagree).
    case charLimit = "char-limit"
    /// Within the enforced length but over a stricter one: a conflicting source's limit (Footer
    /// label 30, OptIn label 80, EmbeddedLink text 25, Dropdown label 20 …) or a length the client
    /// cuts (NavigationList). Warning.
    case charLimitStrict = "char-limit-strict"
    /// Option and item counts: CheckboxGroup/RadioButtonsGroup 1–20, Dropdown 1–200 (1–100 with
    /// images), ChipsSelector 2–20, ImageCarousel 1–3 images.
    case optionsCount = "options-count"
    /// Option images: at most 100 KB from v6.0, 300 KB before.
    case imageSize = "image-size"
    /// A Footer has `center-caption` or `left-caption`/`right-caption`, never both kinds.
    case footerCaptions = "footer-captions"
    /// A screen has exactly one Footer. Warning.
    case footerCount = "footer-count"
    /// `RichText` stands alone on its screen (v6.3+: with a Footer).
    case richTextStandalone = "rich-text-standalone"
    /// From v6.0, string properties are never empty or blank.
    case blankString = "blank-string"
    /// An `If` has components in `then`; a `Switch` has at least one case (Meta refuses both empty).
    case emptyBranch = "empty-branch"
    /// A screen's layout, a `Form`, an `else` branch or a `Switch` case holds no component.
    /// Warning (plausible, undocumented): Meta refuses an empty `then` with a message that fits
    /// any component list, but documents no refusal for these.
    case emptyChildren = "empty-children"

    /// The severity every finding of this rule has.
    public var severity: Finding.Severity {
        switch self {
        case .versionFrozen, .screenIDCharset, .missingTitle, .navigatePayload, .completePlacement, .inputNameReused, .footerCount,
             .charLimitStrict, .unknownProperty, .propertyIgnored, .emptyChildren:
            return .warning
        default:
            return .error
        }
    }
}
