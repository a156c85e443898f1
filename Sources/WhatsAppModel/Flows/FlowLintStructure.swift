// The linter's structural checks: the top level, each screen and its layout, the component
// walk with what it counts on a screen, and the screen totals (component, opt-in, link and
// Footer counts, RichText alone).

extension FlowLintRun {
    // MARK: Top level

    mutating func topLevel() {
        let root = doc.json
        members(root, FlowComponentSchema.flow, at: .root, site: Site(type: "Flow JSON", screen: -1))
        if doc.byteCount > 10_000_000 {
            // 10 MB read as 10,000,000 bytes: the stricter reading of "MB".
            add(.sizeLimit, .root, "a Flow JSON document may be at most 10 MB", limit: "10000000 bytes", actual: "\(doc.byteCount) bytes")
        }
        switch root["version"] {
        case nil:
            add(.version, "version", "version is required (a string such as \"7.3\")", limit: options.publishableVersions.joined(separator: ", "))
        case .string(let v)?:
            if FlowLinter.Version(v) == nil {
                add(.version, "version", "version must be \"{major}.{minor}\", such as \"7.3\"", actual: Self.quoted(v))
            } else if !options.allowedVersions.contains(v) {
                add(.version, "version", "Flow JSON version \(v) is not a supported version", limit: options.allowedVersions.joined(separator: ", "), actual: Self.quoted(v))
            } else if !options.publishableVersions.contains(v) {
                add(.versionFrozen, "version", "Flow JSON version \(v) is frozen or expired: a Flow using it can no longer be published",
                    limit: options.publishableVersions.joined(separator: ", "), actual: Self.quoted(v))
            }
        case let other?:
            add(.version, "version", "version must be a string such as \"7.3\"", actual: other.typeName)
        }
        switch root["screens"] {
        case .array(let items)?:
            if items.isEmpty { add(.screensEmpty, "screens", "screens must hold at least one screen", limit: "≥ 1", actual: "0") }
            for (i, item) in items.enumerated() where item.objectValue == nil {
                add(.screensEmpty, FieldPath("screens").index(i), "each screen must be an object", actual: item.typeName)
            }
        case nil: add(.screensEmpty, "screens", "screens is required (an array of screens)")
        case let other?: add(.screensEmpty, "screens", "screens must be an array of screens", actual: other.typeName)
        }
        if root["data_channel_uri"] != nil, version >= .v3_0 {
            add(.dataChannelURI, "data_channel_uri", "data_channel_uri is not allowed from Flow JSON 3.0; set the endpoint_uri through the Flows API")
        }
        if let raw = root["data_api_version"], !(raw.stringValue.map(FlowComponentSchema.dataAPIVersions.contains) ?? false) {
            let allowed = FlowComponentSchema.dataAPIVersions
            add(.dataAPIVersion, "data_api_version", "data_api_version must be " + allowed.map { "\"\($0)\"" }.joined(separator: " or "),
                limit: allowed.joined(separator: ", "), actual: raw.stringValue.map(Self.quoted) ?? raw.typeName)
        }
    }

    // MARK: One screen

    /// What the component walk counts on a screen.
    struct ScreenTally {
        var components = 0
        var optIns: [FieldPath] = []
        var links: [FieldPath] = []
        var footers = 0
        var unconditionalFooters: [FieldPath] = []
        var richText: [FieldPath] = []
        /// A NavigationList screen moves on through its items, not a Footer.
        var navigationList = false
        /// The first component that is not RichText, and the first that is neither RichText nor Footer.
        var firstOther: (type: String, path: FieldPath)?
        var firstNonFooter: (type: String, path: FieldPath)?
        /// Input name → path, for unconditional inputs (branches of If/Switch may repeat a name).
        var names: [String: FieldPath] = [:]
    }

    mutating func screen(_ i: Int) {
        let s = doc.screens[i]
        let p = s.path
        members(s.json, FlowComponentSchema.screen, at: p, site: Site(type: "screen", screen: i))
        if s.id.isEmpty {
            add(.screenIDMissing, p.key("id"), "every screen needs a non-empty string id", actual: s.json["id"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
        } else {
            if index[s.id] != i {
                add(.screenIDUnique, p.key("id"), "screen id \"\(s.id)\" is already used by \(doc.screens[index[s.id]!].path.display)", actual: Self.quoted(s.id))
            }
            if s.id == "SUCCESS" {
                add(.screenIDReserved, p.key("id"), "SUCCESS is a reserved screen id (Meta: SCREEN_ID_IS_RESERVED_KEYWORD)", actual: Self.quoted(s.id))
            }
            if !s.id.unicodeScalars.allSatisfy({ $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) {
                add(.screenIDCharset, p.key("id"), "screen ids should hold only letters and underscores (Meta's builder rejects others)",
                    limit: "[A-Za-z_]+", actual: Self.quoted(s.id))
            }
        }
        switch s.json["title"] {
        case nil: add(.missingTitle, p.key("title"), "screen \(s.id) has no title; the top bar shows nothing")
        case .string(let t)?: strings(.string(t), key: "title", base: p, screen: i)
        default: break
        }
        if s.json["success"] != nil, !s.terminal {
            add(.successNonTerminal, p.key("success"), "success is only allowed on terminal screens")
        }
        if s.json["refresh_on_back"] != nil, !hasEndpoint {
            add(.dataExchangeEndpoint, p.key("refresh_on_back"), "refresh_on_back needs a Flow with a data endpoint")
        }
        if s.json["sensitive"] != nil, version < .v5_1 {
            add(.versionFeature, p.key("sensitive"), "sensitive needs Flow JSON 5.1 or later", limit: "5.1", actual: version.description)
        }
        dataDeclarations(s)

        // Layout.
        var tally = ScreenTally()
        func childrenPath() -> FieldPath { p.key("layout").key("children") }
        switch s.json["layout"] {
        case .object(let layout)?:
            members(layout, FlowComponentSchema.layout, at: p.key("layout"), site: Site(type: "layout", screen: i))
            if layout["type"]?.stringValue != "SingleColumnLayout" {
                add(.layoutType, p.key("layout").key("type"), "layout.type must be SingleColumnLayout", limit: "SingleColumnLayout",
                    actual: layout["type"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
            }
            if case .array(let items)? = layout["children"] {
                nonObjects(items, at: childrenPath())
                if items.isEmpty { emptyChildren(childrenPath(), "screen \(s.id)'s layout") }
            } else {
                add(.layoutType, childrenPath(), "layout.children must be an array of components", actual: layout["children"]?.typeName)
            }
        case let other:
            add(.layoutType, p.key("layout"), "a screen needs a layout {\"type\": \"SingleColumnLayout\", \"children\": [...]}", actual: other?.typeName)
        }
        for c in s.components { component(c, screen: i, inForm: false, conditional: false, tally: &tally) }
        screenTotals(i, tally)
    }

    mutating func emptyChildren(_ path: FieldPath, _ what: String) {
        add(.emptyChildren, path, "\(what) holds no component; Meta refuses an empty If branch and plausibly this too", limit: "≥ 1", actual: "0")
    }


    /// Non-object entries of a component list.
    mutating func nonObjects(_ items: [JSONValue], at path: @autoclosure () -> FieldPath) {
        for (i, item) in items.enumerated() where item.objectValue == nil {
            add(.unknownComponent, path().index(i), "a component must be an object with a type", actual: item.typeName)
        }
    }

    // MARK: Components

    mutating func component(_ c: FlowComponent, screen i: Int, inForm: Bool, conditional: Bool, tally: inout ScreenTally) {
        let p = c.path
        tally.components += 1
        // Strings of this component's own properties (children are walked as components).
        // Nested component lists are checked for non-objects here and walked as components below.
        for (k, v) in c.json {
            switch v {
            case .string(let text):
                // The common case, without the walk's bookkeeping.
                if FlowReference.hasDollar(text) || (version >= .v6_0 && TextLength.isBlank(text)) {
                    strings(v, key: k, base: p, screen: i)
                }
            case .array(let items) where FlowLintTable.containerKeys.contains(k):
                nonObjects(items, at: p.key(k))
            case .object(let cases) where k == "cases":
                for (ck, cv) in cases { if case .array(let items) = cv { nonObjects(items, at: p.key("cases").key(ck)) } }
            case .array, .object:
                strings(v, key: k, base: p, screen: i)
            default: break
            }
        }

        let type = c.type
        let spec = FlowComponentSchema.components[type]
        if spec == nil {
            // Meta's Flow JSON schema is closed (its validator rejects even an unknown property
            // with INVALID_PROPERTY), so an unknown type — usually a misspelling — cannot publish.
            add(.unknownComponent, p.key("type"), c.json["type"] == nil ? "a component needs a type" : "unknown component type \"\(type)\"",
                actual: c.json["type"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
        }
        if let since = spec?.since, version < since {
            add(.versionFeature, p.key("type"), "\(type) needs Flow JSON \(since) or later", limit: since.description, actual: version.description)
        }
        switch type {
        case "OptIn": tally.optIns.append(p)
        case "EmbeddedLink": tally.links.append(p)
        case "Footer":
            tally.footers += 1
            if !conditional { tally.unconditionalFooters.append(p) }
        case "RichText": tally.richText.append(p)
        case "NavigationList": tally.navigationList = true
        default: break
        }
        if type != "RichText" {
            if tally.firstOther == nil { tally.firstOther = (type, p) }
            if type != "Footer", tally.firstNonFooter == nil { tally.firstNonFooter = (type, p) }
        }

        if c.isInput {
            if let name = c.name, !name.isEmpty {
                if !conditional {
                    if let first = tally.names[name] {
                        add(.inputName, p.key("name"), "input name \"\(name)\" is already used on this screen by \(first.display)", actual: Self.quoted(name))
                    } else {
                        tally.names[name] = p
                    }
                }
                if let owner = inputOwner[name], owner != i {
                    add(.inputNameReused, p.key("name"), "input name \"\(name)\" is also used on screen \(doc.screens[owner].id); payloads that collect both overwrite one",
                        actual: Self.quoted(name))
                } else if inputOwner[name] == nil {
                    inputOwner[name] = i
                }
            } else {
                add(.inputName, p.key("name"), "every input component needs a name", actual: c.json["name"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
            }
            if !inForm, version < .v4_0 {
                add(.formRequired, p, "before Flow JSON 4.0, \(type) must sit inside a Form", limit: "Form", actual: version.description)
            }
        }

        if let spec {
            var site = Site(type: type, screen: i)
            if type == "CalendarPicker" {
                switch c.json["mode"] {
                case nil: site.rangeMode = false
                case .string(let m)? where !FlowReference.isExpression(m): site.rangeMode = m == "range"
                default: site.rangeMode = nil
                }
            }
            members(c.json, spec.schema, at: p, site: site)
            specifics(c, spec, screen: i)
        } else {
            // An unknown type still carries its actions: follow them, or their navigates would be
            // missing from the routes.
            for step in c.actions {
                action(step, trigger: step.path.lastKey ?? "", screen: i)
            }
        }

        let childForm = inForm || type == "Form"
        let childConditional = conditional || type == "If" || type == "Switch"
        for child in c.children { component(child, screen: i, inForm: childForm, conditional: childConditional, tally: &tally) }
    }

    // MARK: Screen totals

    mutating func screenTotals(_ i: Int, _ t: ScreenTally) {
        let s = doc.screens[i]
        let children = s.path.key("layout").key("children")
        if t.components > 50 {
            add(.componentCount, children, "a screen holds at most 50 components (Form, If and their children included)", limit: "50", actual: "\(t.components)")
        }
        if t.optIns.count > 5 { add(.optinCount, t.optIns[5], "a screen holds at most 5 OptIn", limit: "5", actual: "\(t.optIns.count)") }
        if t.links.count > 2 { add(.embeddedLinkCount, t.links[2], "a screen holds at most 2 EmbeddedLink", limit: "2", actual: "\(t.links.count)") }
        // Without a children array, `layout-type` has already said what is wrong; without any
        // child, `empty-children`.
        let children0 = s.json["layout"]?["children"]?.arrayValue
        let hasChildren = children0 != nil
        if s.terminal, t.footers == 0, hasChildren {
            add(.terminalFooter, children, "terminal screen \(s.id) needs a Footer (its complete action ends the Flow)")
        }
        if t.unconditionalFooters.count > 1 {
            add(.footerCount, t.unconditionalFooters[1], "a screen should have exactly one Footer", limit: "1", actual: "\(t.unconditionalFooters.count)")
        } else if t.footers == 0, !s.terminal, !(children0?.isEmpty ?? true), !t.navigationList,
                  // Before 6.3 a RichText screen may hold nothing else, a Footer neither.
                  t.richText.isEmpty || version >= .v6_3 {
            add(.footerCount, children, "screen \(s.id) has no Footer; the customer can only go back or follow a link", limit: "1", actual: "0")
        }
        if !t.richText.isEmpty {
            if let other = version >= .v6_3 ? t.firstNonFooter : t.firstOther {
                add(.richTextStandalone, other.path, version >= .v6_3 ? "RichText shares its screen only with a Footer" : "before Flow JSON 6.3, RichText stands alone on its screen",
                    actual: other.type)
            }
        }
    }
}
