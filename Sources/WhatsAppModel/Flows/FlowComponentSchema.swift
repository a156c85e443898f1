/// The shape a Flow JSON property's value must have. Shapes that take text also take a `${…}`
/// reference or a backtick expression wherever the property is dynamic (`FlowProperty.dynamic`);
/// the reference itself is checked by the linter's string walk.
indirect enum FlowShape: Sendable {
    /// Anything: the member is known, and a rule of its own judges it (`version`, `layout` …).
    case any
    /// A static string whose absence or type another rule judges (an input's `name` has
    /// input-name, a screen's `id` screen-id-missing); here only a `${…}` in it is wrong.
    case identifier
    /// A string.
    case text
    /// A boolean.
    case flag
    /// A whole number.
    case whole
    /// Any number.
    case number
    /// A whole number, or a string of digits: Meta's tables type `min-chars`, `max-chars` and
    /// `max-length` as strings while every example writes numbers, so both pass.
    case count
    /// An array of strings.
    case texts
    /// A string or an array of strings (`RichText`; `TextBody` and `TextCaption` from 5.1).
    case textOrTexts
    /// Any object (payloads, `init-values`).
    case anyObject
    /// A string or an object (a picker's `error-message`: one text, or one per media id).
    case textOrObject
    /// One string of a fixed list.
    case oneOf([String])
    /// An array whose strings each come from a fixed list.
    case someOf([String])
    /// An action object (`on-click-action` …), checked against `FlowComponentSchema.actions`.
    case action
    /// An array of components (`children`, `then`, `else`); the components are walked as such.
    case components
    /// A `Switch`'s `cases`: an object of component arrays.
    case cases
    /// An object with its own properties.
    case object(FlowObjectSchema)
    /// An array of objects with their own properties (options, list items, carousel images).
    case objects(FlowObjectSchema)
    /// The shape, or in a `CalendarPicker`'s range mode `{"start-date": shape, "end-date": shape}`.
    case range(FlowShape)
}

/// What one property of a Flow JSON object may hold.
struct FlowProperty: Sendable {
    var shape: FlowShape
    /// Whether `${…}` references and expressions are allowed (all but `name`, `type` and the
    /// screen's own flags, which the client reads before any data exists).
    var dynamic = true
    var required = false
    /// The Flow JSON version that introduced the property.
    var since: FlowLinter.Version?
    /// The longest static text Meta accepts (UTF-16 units); longer is an error.
    var max: Int?
    /// A stricter length that is only advice: a conflicting source's limit, or where the client
    /// cuts the text. Longer (but within `max`) is a warning.
    var soft: Int?
    /// Why `soft` matters, for the warning's message.
    var softReason = "some sources quote a stricter limit"
    /// The whole numbers allowed, where Meta gives a range.
    var range: ClosedRange<Int>?

    init(_ shape: FlowShape) { self.shape = shape }

    static let flag = FlowProperty(.flag)
    static let whole = FlowProperty(.whole)
    static let number = FlowProperty(.number)
    static let count = FlowProperty(.count)
    static let texts = FlowProperty(.texts)
    static let anyObject = FlowProperty(.anyObject)
    static let action = FlowProperty(.action)
    static let components = FlowProperty(.components)
    /// Static text (a NavigationList's or a Form's `name`).
    static let staticText = FlowProperty(.text).fixed()

    /// Text, at most `max` long (and advised at most `soft`).
    static func text(_ max: Int? = nil, soft: Int? = nil) -> FlowProperty {
        var p = FlowProperty(.text)
        p.max = max
        p.soft = soft
        return p
    }

    static func oneOf(_ values: [String]) -> FlowProperty { FlowProperty(.oneOf(values)) }

    func required(_ on: Bool = true) -> FlowProperty { var p = self; p.required = on; return p }
    func since(_ v: FlowLinter.Version) -> FlowProperty { var p = self; p.since = v; return p }
    func fixed() -> FlowProperty { var p = self; p.dynamic = false; return p }
    func within(_ r: ClosedRange<Int>) -> FlowProperty { var p = self; p.range = r; return p }
    func shaped(_ s: FlowShape) -> FlowProperty { var p = self; p.shape = s; return p }
    func soft(_ n: Int, because reason: String) -> FlowProperty { var p = self; p.soft = n; p.softReason = reason; return p }
}

/// The properties an object may have: unknown ones are reported, required ones must be there.
struct FlowObjectSchema: Sendable {
    /// What the object is, for messages ("Dropdown", "data-source option").
    var name: String
    var properties: [String: FlowProperty]
    /// The required properties, sorted (the table is a dictionary; findings are sorted anyway).
    var required: [String]

    init(_ name: String, _ properties: [String: FlowProperty]) {
        self.name = name
        self.properties = properties
        required = properties.filter(\.value.required).map(\.key).sorted()
    }
}

/// What the linter knows about one component type.
struct FlowComponentSpec: Sendable {
    var schema: FlowObjectSchema
    /// The Flow JSON version that introduced the component.
    var since: FlowLinter.Version?
    /// How many static options (`data-source`) or items the component takes, where Meta limits them.
    var itemCount: ClosedRange<Int>?
}

/// The property table of Flow JSON: every component wacon knows, the screen, the layout, the
/// top level and the actions, with each property's shape, length limits and the version that
/// introduced it. Facts come from Meta's component, media-upload and Flow JSON reference pages
/// and changelog; where a maintained third-party SDK documents a property Meta's pages leave out,
/// the property is known too, so valid Flows draw no unknown-property warning. Where the sources
/// disagree on a length, the looser one is `max` (an error) and the stricter one `soft` (a warning).
enum FlowComponentSchema {
    typealias V = FlowLinter.Version

    // MARK: Enumerations

    static let fontWeights = ["bold", "italic", "bold_italic", "normal"]
    static let inputTypes = ["text", "number", "email", "password", "passcode", "phone"]
    /// `pattern` works with these input types only.
    static let patternInputTypes: Set<String> = ["text", "number", "password", "passcode"]
    static let labelVariants = ["large"]
    static let mediaSizes = ["regular", "large"]
    static let scaleTypes = ["cover", "contain"]
    static let carouselAspectRatios = ["4:3", "16:9"]
    static let photoSources = ["camera_gallery", "camera", "gallery"]
    static let calendarModes = ["single", "range"]
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let documentTypes = [
        "application/gzip", "application/msword", "application/pdf", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.oasis.opendocument.presentation", "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/x-7z-compressed", "application/zip", "image/avif", "image/gif", "image/heic", "image/heif", "image/jpeg",
        "image/png", "image/tiff", "image/webp", "text/plain", "video/mp4", "video/mpeg",
    ]
    /// The Data API versions Meta's changelog lists (4.0 since November 2025).
    static let dataAPIVersions = ["3.0", "4.0"]

    // MARK: Shared parts

    private static let visible = FlowProperty.flag
    private static let enabled = FlowProperty.flag
    /// An input's `name`: input-name judges whether it is there.
    private static let name = FlowProperty(.identifier).fixed()
    /// The `name` of a component that is no input (NavigationList, Form).
    private static let requiredName = FlowProperty.staticText.required()
    /// `init-value` and `error-message` on an input outside a `Form` came with 4.0.
    private static func initValue(_ shape: FlowShape) -> FlowProperty { FlowProperty(shape).since(.v4_0) }
    private static func errorMessage(_ max: Int? = nil) -> FlowProperty { FlowProperty.text(max).since(.v4_0) }

    /// One option of a `CheckboxGroup`, `RadioButtonsGroup` or `Dropdown`. Images, alt text and
    /// colours came with 5.0, per-option actions with 6.0.
    static let option = FlowObjectSchema("data-source option", [
        "id": .text().required(),
        "title": .text(30).required(),
        "description": .text(300),
        "metadata": .text(20),
        "enabled": .flag,
        "image": FlowProperty.text().since(.v5_0),
        "alt-text": FlowProperty.text().since(.v5_0),
        "color": FlowProperty.text().since(.v5_0),
        "on-select-action": FlowProperty.action.since(.v6_0),
        "on-unselect-action": FlowProperty.action.since(.v6_0),
    ])

    /// One chip of a `ChipsSelector`: Meta lists no description, metadata or image for chips,
    /// nor a length for their titles.
    static let chip = FlowObjectSchema("data-source chip", [
        "id": .text().required(),
        "title": FlowProperty.text().required(),
        "enabled": .flag,
        "on-select-action": .action,
        "on-unselect-action": .action,
    ])

    /// Text Meta does not render past its limit (NavigationList): a warning, not a refusal.
    private static func cut(_ n: Int) -> FlowProperty { FlowProperty.text().soft(n, because: "the client does not render longer text") }

    /// One item of a `NavigationList`.
    static let listItem = FlowObjectSchema("list item", [
        "id": .text().required(),
        "main-content": FlowProperty(.object(FlowObjectSchema("main-content", [
            "title": cut(30).required(), "description": cut(20), "metadata": cut(80),
        ]))).required(),
        "start": FlowProperty(.object(FlowObjectSchema("start", ["image": FlowProperty.text().required(), "alt-text": .text()]))),
        "end": FlowProperty(.object(FlowObjectSchema("end", ["title": cut(10), "description": cut(10), "metadata": cut(10)]))),
        "badge": cut(15),
        "tags": .texts,
        "on-click-action": .action,
    ])

    /// One image of an `ImageCarousel`.
    static let carouselImage = FlowObjectSchema("carousel image", [
        "src": FlowProperty.text().required(),
        "alt-text": FlowProperty.text().required(),
    ])

    // MARK: Components

    /// Every component wacon knows, by type.
    static let components: [String: FlowComponentSpec] = {
        var out: [String: FlowComponentSpec] = [:]
        func add(_ type: String, since: V? = nil, items: ClosedRange<Int>? = nil, _ properties: [String: FlowProperty]) {
            var all = properties
            all["type"] = FlowProperty(.any)
            out[type] = FlowComponentSpec(schema: FlowObjectSchema(type, all), since: since, itemCount: items)
        }
        let textBody: [String: FlowProperty] = [
            "font-weight": .oneOf(fontWeights),
            "strikethrough": .flag,
            "visible": visible,
            "markdown": FlowProperty.flag.since(.v5_1),
        ]
        add("TextHeading", ["text": FlowProperty.text(80).required(), "visible": visible])
        add("TextSubheading", ["text": FlowProperty.text(80).required(), "visible": visible])
        add("TextBody", textBody.merging(["text": FlowProperty.text(4096).shaped(.textOrTexts).required()]) { $1 })
        // Meta's component page says 409 (a third-party SDK's 4096 is not Meta's word, so 409 is
        // what Meta refuses past).
        add("TextCaption", textBody.merging(["text": FlowProperty.text(409).shaped(.textOrTexts).required()]) { $1 })
        add("RichText", since: .v5_1, ["text": FlowProperty(.textOrTexts).required(), "visible": visible])

        let textEntry: [String: FlowProperty] = [
            "name": name,
            "label": FlowProperty.text(20).required(),
            // Plausible, undocumented by Meta's pages: 7.0, as a third-party SDK dates it.
            "label-variant": FlowProperty.oneOf(labelVariants).since(.v7_0),
            "required": .flag,
            "helper-text": .text(80),
            "enabled": enabled,
            "visible": visible,
            "init-value": initValue(.text),
        ]
        add("TextInput", textEntry.merging([
            "input-type": .oneOf(inputTypes),
            "pattern": FlowProperty.text().since(.v6_2),
            "min-chars": .count,
            "max-chars": .count,
            "error-message": errorMessage(30),
        ]) { $1 })
        add("TextArea", textEntry.merging(["max-length": .count, "error-message": errorMessage()]) { $1 })

        let selection: [String: FlowProperty] = [
            "name": name,
            "data-source": FlowProperty(.objects(option)).required(),
            "label": .text(30),
            // Plausible, undocumented by Meta: 300, as Meta gives every other description and a
            // third-party SDK gives this one.
            "description": FlowProperty.text(300).since(.v4_0),
            "enabled": enabled,
            "required": .flag,
            "visible": visible,
            "on-select-action": .action,
            "on-unselect-action": FlowProperty.action.since(.v6_0),
            "error-message": errorMessage(),
            "media-size": FlowProperty.oneOf(mediaSizes).since(.v5_0),
        ]
        add("CheckboxGroup", items: 1...20, selection.merging([
            "min-selected-items": .whole,
            "max-selected-items": .whole,
            "init-value": initValue(.texts),
        ]) { $1 })
        // Meta's component table types a radio group's init-value as an array of strings, its
        // Form page (and a third-party SDK) as a string: both pass.
        add("RadioButtonsGroup", items: 1...20, selection.merging(["init-value": initValue(.textOrTexts)]) { $1 })
        add("Dropdown", items: 1...200, [
            "name": name,
            // Meta's page says 20, a third-party SDK 30: 30 is the error, 20 the warning.
            "label": FlowProperty.text(30, soft: 20).required(),
            "data-source": FlowProperty(.objects(option)).required(),
            "enabled": enabled,
            "required": .flag,
            "visible": visible,
            "on-select-action": .action,
            "on-unselect-action": FlowProperty.action.since(.v6_0),
            "init-value": initValue(.text),
            "error-message": errorMessage(),
        ])
        add("ChipsSelector", since: .v6_3, items: 2...20, [
            "name": name,
            "data-source": FlowProperty(.objects(chip)).required(),
            "label": FlowProperty.text(80).required(),
            "description": .text(300),
            "min-selected-items": .whole,
            "max-selected-items": .whole,
            "enabled": enabled,
            "required": .flag,
            "visible": visible,
            "init-value": FlowProperty.texts,
            "error-message": .text(),
            "on-select-action": .action,
            // Plausible, undocumented by Meta's pages: 7.1 ("updated ChipsSelector" in the
            // changelog), as a third-party SDK dates it.
            "on-unselect-action": FlowProperty.action.since(.v7_1),
        ])

        add("DatePicker", [
            "name": name,
            "label": FlowProperty.text(40).required(),
            "min-date": .text(),
            "max-date": .text(),
            "unavailable-dates": .texts,
            "helper-text": .text(80),
            "enabled": enabled,
            "required": .flag,
            "visible": visible,
            "on-select-action": .action,
            "init-value": initValue(.text),
            "error-message": errorMessage(80),
        ])
        add("CalendarPicker", since: .v6_1, [
            "name": name,
            "title": .text(80),
            "description": .text(300),
            "label": FlowProperty.text(40).shaped(.range(.text)).required(),
            "helper-text": FlowProperty.text(80).shaped(.range(.text)),
            "required": FlowProperty(.range(.flag)),
            "visible": visible,
            "enabled": enabled,
            "mode": .oneOf(calendarModes),
            "min-date": .text(),
            "max-date": .text(),
            "unavailable-dates": .texts,
            "include-days": FlowProperty(.someOf(weekdays)),
            "min-days": .whole,
            "max-days": .whole,
            "on-select-action": FlowProperty(.range(.action)),
            "init-value": FlowProperty(.range(.text)),
            "error-message": FlowProperty.text(80).shaped(.range(.text)),
        ])

        // Meta's page says 120; third-party tables say 80 (one SDK even 30): 80 is advice.
        add("OptIn", [
            "name": name,
            "label": FlowProperty.text(120, soft: 80).required(),
            "required": .flag,
            "visible": visible,
            "on-click-action": .action,
            "on-select-action": .action,
            "on-unselect-action": .action,
            "init-value": initValue(.flag),
        ])
        // Meta's page says 25, a third-party SDK 35, and Meta's own 2.1 sign-in example uses 30.
        add("EmbeddedLink", [
            "text": FlowProperty.text(35, soft: 25).required(),
            "on-click-action": FlowProperty.action.required(),
            "visible": visible,
        ])
        // Meta's page says 35; third-party tables say 30.
        add("Footer", [
            "label": FlowProperty.text(35, soft: 30).required(),
            "left-caption": .text(15),
            "center-caption": .text(15),
            "right-caption": .text(15),
            "enabled": enabled,
            "on-click-action": FlowProperty.action.required(),
        ])

        add("Image", [
            "src": FlowProperty.text().required(),
            "width": .whole,
            "height": .whole,
            "scale-type": .oneOf(scaleTypes),
            "aspect-ratio": .number,
            "alt-text": .text(),
            "visible": visible,
        ])
        add("ImageCarousel", since: .v7_1, items: 1...3, [
            "images": FlowProperty(.objects(carouselImage)).required(),
            "aspect-ratio": .oneOf(carouselAspectRatios),
            "scale-type": .oneOf(scaleTypes),
            "visible": visible,
        ])

        add("If", since: .v4_0, [
            "condition": FlowProperty.text().required(),
            "then": FlowProperty.components.required(),
            "else": .components,
        ])
        add("Switch", since: .v4_0, [
            "value": FlowProperty.text().required(),
            "cases": FlowProperty(.cases).required(),
        ])
        add("NavigationList", since: .v6_2, [
            "name": requiredName,
            "list-items": FlowProperty(.objects(listItem)).required(),
            "label": cut(80),
            "description": cut(300),
            "media-size": .oneOf(mediaSizes),
            "on-click-action": .action,
        ])

        // Meta's media-upload page says 80 for labels; a third-party SDK says 30.
        let picker: [String: FlowProperty] = [
            "name": name,
            "label": FlowProperty.text(80, soft: 30).required(),
            "description": .text(300),
            "max-file-size-kb": FlowProperty.whole.within(1...25_600),
            "enabled": enabled,
            "visible": visible,
            "error-message": FlowProperty(.textOrObject),
        ]
        add("PhotoPicker", since: .v4_0, picker.merging([
            "photo-source": .oneOf(photoSources),
            "min-uploaded-photos": FlowProperty.whole.within(0...30),
            "max-uploaded-photos": FlowProperty.whole.within(1...30),
        ]) { $1 })
        add("DocumentPicker", since: .v4_0, picker.merging([
            "min-uploaded-documents": FlowProperty.whole.within(0...30),
            "max-uploaded-documents": FlowProperty.whole.within(1...30),
            "allowed-mime-types": FlowProperty(.someOf(documentTypes)),
        ]) { $1 })

        add("Form", [
            "name": requiredName,
            "children": FlowProperty.components.required(),
            "init-values": .anyObject,
            "error-messages": .anyObject,
        ])
        return out
    }()

    // MARK: Screens, layout, top level

    /// A screen. `id`, `layout` and `data` have rules of their own (screen-id-missing,
    /// layout-type, data-declaration); their shapes here only keep them known.
    static let screen = FlowObjectSchema("screen", [
        "id": FlowProperty(.identifier).fixed(),
        // Plausible, undocumented: Meta gives no length for a screen title. The top bar holds
        // about what a TextHeading does, so past 80 is advice.
        "title": FlowProperty.text().soft(80, because: "a screen title shows in the top bar; a TextHeading holds 80"),
        "terminal": FlowProperty.flag.fixed(),
        "success": FlowProperty.flag.fixed(),
        "refresh_on_back": FlowProperty.flag.fixed(),
        "sensitive": FlowProperty.texts.fixed(),
        "data": FlowProperty(.any),
        "layout": FlowProperty(.any),
    ])

    /// A screen's layout (its `type` and `children` have layout-type).
    static let layout = FlowObjectSchema("layout", ["type": FlowProperty(.any), "children": FlowProperty(.any)])

    /// The top level of a Flow JSON document (each member has a rule of its own).
    static let flow = FlowObjectSchema("Flow JSON", [
        "version": FlowProperty(.any), "screens": FlowProperty(.any), "routing_model": FlowProperty(.any),
        "data_api_version": FlowProperty(.any), "data_channel_uri": FlowProperty(.any),
    ])

    // MARK: Actions

    /// The members each action takes, by action name (`name` and `next` have action-name and
    /// navigate-target).
    static let actions: [String: FlowObjectSchema] = {
        let name = FlowProperty(.any), payload = FlowProperty.anyObject
        return [
            "navigate": FlowObjectSchema("navigate action", ["name": name, "next": FlowProperty(.any), "payload": payload]),
            "complete": FlowObjectSchema("complete action", ["name": name, "payload": payload]),
            "data_exchange": FlowObjectSchema("data_exchange action", ["name": name, "payload": payload]),
            "update_data": FlowObjectSchema("update_data action", ["name": name, "payload": payload]),
            // Meta: open_url takes no payload, only the URL.
            "open_url": FlowObjectSchema("open_url action", ["name": name, "url": FlowProperty.text().required()]),
        ]
    }()
}
