// The linter's schema checks: each object's members against its `FlowComponentSchema` table
// (unknown properties, version gates, JSON types, lengths, allowed values), and what the table
// cannot say (requirements that depend on other properties, dates, option counts and images).

extension FlowLintRun {
    // MARK: Properties

    /// Checks an object's members against `schema` (unknown members, version gates, shapes,
    /// lengths, values, actions), then its required members. Paths and texts for messages are
    /// built only for a finding, so a clean document allocates none here.
    mutating func members(_ o: JSONObject, _ schema: FlowObjectSchema, at path: @autoclosure () -> FieldPath, site: Site) {
        for (k, v) in o {
            guard let prop = schema.properties[k] else {
                add(.unknownProperty, path().key(k), "\(schema.name) has no property \"\(k)\" in Meta's reference; check its spelling",
                    limit: schema.properties.keys.sorted().joined(separator: ", "), actual: Self.quoted(k))
                continue
            }
            // A null has null-value.
            if case .null = v { continue }
            if let since = prop.since, version < since {
                add(.versionFeature, path().key(k), "\(k) on \(schema.name) needs Flow JSON \(since) or later", limit: since.description, actual: version.description)
            }
            value(v, prop, prop.shape, key: k, what: "\(schema.name) \(k)", at: path().key(k), site: site)
        }
        for k in schema.required where o[k] == nil {
            add(.componentRequired, path().key(k), "\(schema.name) needs \(k)")
        }
    }

    /// Checks one value against its shape. A `${…}` reference or a backtick expression stands in
    /// for any shape where the property is dynamic (the string walk checks the reference).
    mutating func value(_ v: JSONValue, _ prop: FlowProperty, _ shape: FlowShape, key: String, what: @autoclosure () -> String,
                        at path: @autoclosure () -> FieldPath, site: Site) {
        if case .string(let s) = v, FlowReference.isExpression(s) {
            if !prop.dynamic {
                add(.propertyType, path(), "\(what()) is static: it cannot hold a ${…} reference or an expression", actual: Self.quoted(s))
            }
            return
        }
        func wrongType(_ expected: String) {
            add(.propertyType, path(), "\(what()) must be \(expected)\(prop.dynamic ? " or a ${…} reference" : ""), found \(v.typeName)",
                limit: expected, actual: v.typeName)
        }
        switch shape {
        case .any:
            return
        case .identifier:
            return
        case .text:
            guard case .string(let s) = v else { return wrongType("a string") }
            length(s, prop, at: path(), what: what())
        case .flag:
            guard case .bool = v else { return wrongType("true or false") }
        case .count:
            if case .string(let s) = v, !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return }
            guard case .number(let n) = v, n.intValue != nil else { return wrongType("a whole number") }
        case .whole:
            guard case .number(let n) = v, let whole = n.intValue else { return wrongType("a whole number") }
            if let range = prop.range, !range.contains(whole) {
                add(.propertyValue, path(), "\(what()) must lie in \(range.lowerBound)…\(range.upperBound)", limit: "\(range.lowerBound)…\(range.upperBound)", actual: n.description)
            }
        case .number:
            guard case .number = v else { return wrongType("a number") }
        case .texts:
            guard case .array(let items) = v else { return wrongType("an array of strings") }
            for (k, item) in items.enumerated() where item.stringValue == nil && item != .null {
                add(.propertyType, path().index(k), "\(what()) holds strings only, found \(item.typeName)", limit: "a string", actual: item.typeName)
            }
        case .textOrTexts:
            switch v {
            case .string(let s): length(s, prop, at: path(), what: what())
            case .array(let items):
                var parts: [String] = []
                for (k, item) in items.enumerated() {
                    if case .string(let s) = item { parts.append(s) } else if item != .null {
                        add(.propertyType, path().index(k), "\(what()) holds strings only, found \(item.typeName)", limit: "a string", actual: item.typeName)
                    }
                }
                if prop.max != nil || prop.soft != nil, !parts.contains(where: FlowReference.isExpression) {
                    length(parts.joined(separator: "\n"), prop, at: path(), what: what())
                }
            default: wrongType("a string or an array of strings")
            }
        case .anyObject:
            guard case .object = v else { return wrongType("an object") }
        case .textOrObject:
            switch v {
            case .string(let s): length(s, prop, at: path(), what: what())
            case .object: break
            default: wrongType("a string or an object")
            }
        case .oneOf(let allowed):
            guard case .string(let s) = v else { return wrongType("one of \(allowed.joined(separator: ", "))") }
            if !allowed.contains(s) {
                add(.propertyValue, path(), "unknown \(key)", limit: allowed.joined(separator: ", "), actual: Self.quoted(s))
            }
        case .someOf(let allowed):
            guard case .array(let items) = v else { return wrongType("an array of \(allowed.joined(separator: ", "))") }
            for (k, item) in items.enumerated() {
                switch item {
                case .string(let s) where FlowReference.isExpression(s): continue
                case .string(let s):
                    if !allowed.contains(s) { add(.propertyValue, path().index(k), "unknown \(key) value", limit: allowed.joined(separator: ", "), actual: Self.quoted(s)) }
                case .null: continue
                default: add(.propertyType, path().index(k), "\(what()) holds strings only, found \(item.typeName)", limit: "a string", actual: item.typeName)
                }
            }
        case .action:
            guard case .object(let o) = v else { return wrongType("an action object {\"name\": …}") }
            action(FlowStep(json: o, path: path(), component: site.type), trigger: key, screen: site.screen)
        case .components:
            guard case .array = v else { return wrongType("an array of components") }
        case .cases:
            guard case .object(let cases) = v else { return wrongType("an object of component arrays") }
            for (ck, cv) in cases where cv.arrayValue == nil && cv != .null {
                add(.propertyType, path().key(ck), "each case of \(what()) is an array of components, found \(cv.typeName)", limit: "an array", actual: cv.typeName)
            }
        case .object(let schema):
            guard case .object(let o) = v else { return wrongType("an object") }
            members(o, schema, at: path(), site: site)
        case .objects(let schema):
            guard case .array(let items) = v else { return wrongType("an array of \(schema.name)s") }
            for (k, item) in items.enumerated() {
                switch item {
                case .object(let o): members(o, schema, at: path().index(k), site: site)
                case .null: continue
                default: add(.propertyType, path().index(k), "each \(schema.name) must be an object, found \(item.typeName)", limit: "an object", actual: item.typeName)
                }
            }
        case .range(let inner):
            // `{"start-date": …, "end-date": …}` in range mode; the plain shape otherwise (an
            // action is an object too: it is the range form only with those keys).
            var isRange = false
            if case .object(let o) = v {
                if case .action = inner { isRange = o["start-date"] != nil || o["end-date"] != nil } else { isRange = true }
            }
            guard isRange, case .object(let o) = v else { return value(v, prop, inner, key: key, what: what(), at: path(), site: site) }
            guard site.rangeMode != false else {
                add(.propertyType, path(), "\(what()) takes {\"start-date\", \"end-date\"} only when mode is \"range\"", limit: "mode \"range\"", actual: "an object")
                return
            }
            for part in ["start-date", "end-date"] {
                switch o[part] {
                case nil: add(.componentRequired, path().key(part), "\(what()) in range mode needs \(part)")
                case .null?: break
                case let x?: value(x, prop, inner, key: key, what: "\(what()) \(part)", at: path().key(part), site: site)
                }
            }
            for (k, _) in o where k != "start-date" && k != "end-date" {
                add(.unknownProperty, path().key(k), "\(what()) takes only start-date and end-date", limit: "start-date, end-date", actual: Self.quoted(k))
            }
        }
    }

    /// Length limits of static text: over `max` is an error, over `soft` a warning. Dynamic
    /// values (`${…}`) have no length until run time.
    mutating func length(_ text: String, _ prop: FlowProperty, at path: @autoclosure () -> FieldPath, what: @autoclosure () -> String) {
        guard let limit = [prop.max, prop.soft].compactMap({ $0 }).min() else { return }
        // UTF-16 units are at least as many as bytes / 3; short texts need no count at all.
        guard text.utf8.count > limit, !FlowReference.isExpression(text) else { return }
        let n = TextLength.of(text)
        if let max = prop.max, n > max {
            add(.charLimit, path(), "\(what()) is \(n - max) over the limit of \(max) characters (UTF-16 units)", limit: "\(max)", actual: "\(n)")
        } else if let soft = prop.soft, n > soft {
            let within = prop.max.map { " (within the \($0) Meta accepts)" } ?? ""
            add(.charLimitStrict, path(), "\(what()) is over \(soft) characters\(within): \(prop.softReason)", limit: "\(soft)", actual: "\(n)")
        }
    }

    // MARK: Component specifics

    /// What the property table cannot say: requirements that depend on the version or on other
    /// properties, dates, counts, ranges and empty branches.
    mutating func specifics(_ c: FlowComponent, _ spec: FlowComponentSpec, screen i: Int) {
        let p = c.path
        let type = c.type
        switch type {
        case "CheckboxGroup", "RadioButtonsGroup":
            if version >= .v4_0, c.json["label"] == nil {
                add(.componentRequired, p.key("label"), "\(type) needs a label from Flow JSON 4.0", limit: "4.0", actual: version.description)
            }
        case "TextHeading", "EmbeddedLink":
            // Empty text: from v6.0 `blank-string` reports every blank string; before, only these two.
            if version < .v6_0, let t = c.json["text"]?.stringValue, t.isEmpty {
                add(.componentRequired, p.key("text"), "\(type) text cannot be empty")
            }
        case "TextBody", "TextCaption":
            // Plausible, undocumented by Meta's pages: arrays of text arrive with markdown (5.1),
            // and a third-party SDK dates them 5.1.
            if case .array? = c.json["text"], version < .v5_1 {
                add(.versionFeature, p.key("text"), "text as an array of strings needs Flow JSON 5.1 or later", limit: "5.1", actual: version.description)
            }
        case "TextInput":
            if c.json["pattern"] != nil, version >= .v6_2 {
                if c.json["helper-text"] == nil {
                    add(.componentRequired, p.key("helper-text"), "a TextInput with a pattern needs helper-text explaining it")
                }
                if let t = c.json["input-type"]?.stringValue, FlowComponentSchema.inputTypes.contains(t), !FlowComponentSchema.patternInputTypes.contains(t) {
                    add(.propertyIgnored, p.key("pattern"), "Meta supports pattern only with input-type text, number, password or passcode",
                        limit: FlowComponentSchema.patternInputTypes.sorted().joined(separator: ", "), actual: Self.quoted(t))
                }
            }
        case "DatePicker":
            dates(c, keys: ["min-date", "max-date", "unavailable-dates"], since: .v5_0)
        case "CalendarPicker":
            dates(c, keys: ["min-date", "max-date", "unavailable-dates", "init-value"], since: .v6_1)
            let mode = c.json["mode"]
            if mode == nil || mode?.stringValue == "single" {
                for (k, _) in c.json where ["title", "description", "min-days", "max-days"].contains(k) {
                    add(.propertyIgnored, p.key(k), "\(k) applies only when mode is \"range\"", limit: "mode \"range\"", actual: mode == nil ? "no mode (single)" : "\"single\"")
                }
            }
        case "Footer":
            if c.json["center-caption"] != nil, c.json["left-caption"] != nil || c.json["right-caption"] != nil {
                add(.footerCaptions, p.key("center-caption"), "a Footer has left-caption and right-caption, or center-caption alone, never both kinds")
            }
        case "PhotoPicker":
            fewest(c, "min-uploaded-photos", most: "max-uploaded-photos")
        case "DocumentPicker":
            fewest(c, "min-uploaded-documents", most: "max-uploaded-documents")
        case "If":
            if case .array(let then)? = c.json["then"], then.isEmpty {
                add(.emptyBranch, p.key("then"), "an If needs at least one component in then (Meta refuses an empty array)", limit: "≥ 1", actual: "0")
            }
            if case .array(let otherwise)? = c.json["else"], otherwise.isEmpty { emptyChildren(p.key("else"), "this If's else") }
        case "Switch":
            if case .object(let cases)? = c.json["cases"] {
                if cases.isEmpty {
                    add(.emptyBranch, p.key("cases"), "a Switch needs at least one case (Meta refuses empty cases)", limit: "≥ 1", actual: "0")
                }
                for (k, v) in cases { if case .array(let items) = v, items.isEmpty { emptyChildren(p.key("cases").key(k), "case \"\(k)\"") } }
            }
        case "Form":
            if case .array(let items)? = c.json["children"], items.isEmpty { emptyChildren(p.key("children"), "this Form") }
        default: break
        }
        if spec.itemCount != nil { items(c, spec, screen: i) }
    }

    /// `min-…` not above `max-…` (Meta's validator refuses it for the pickers).
    mutating func fewest(_ c: FlowComponent, _ least: String, most: String) {
        guard let lo = c.json[least]?.intValue, let hi = c.json[most]?.intValue, lo > hi else { return }
        add(.propertyValue, c.path.key(least), "\(least) cannot be greater than \(most)", limit: "≤ \(hi)", actual: "\(lo)")
    }

    /// Dates are "YYYY-MM-DD" strings from `since` (DatePicker: 5.0; before, timestamps, not
    /// checked). A CalendarPicker's range values are checked one by one.
    mutating func dates(_ c: FlowComponent, keys: [String], since: FlowLinter.Version) {
        guard version >= since else { return }
        func isDate(_ s: String) -> Bool {
            let b = Array(s.utf8)
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
            let digits = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { b[$0] >= 0x30 && b[$0] <= 0x39 }
            guard digits, let m = Int(String(decoding: b[5...6], as: UTF8.self)), let d = Int(String(decoding: b[8...9], as: UTF8.self)) else { return false }
            return (1...12).contains(m) && (1...31).contains(d)
        }
        func check(_ v: JSONValue, at path: FieldPath) {
            switch v {
            case .string(let s) where FlowReference.isExpression(s) || isDate(s): return
            case .string(let s):
                add(.propertyValue, path, "from Flow JSON \(since), dates are \"YYYY-MM-DD\" strings", limit: "YYYY-MM-DD", actual: Self.quoted(s))
            default: return // a wrong type has property-type
            }
        }
        for key in keys {
            switch c.json[key] {
            case .array(let dates)?: for (i, v) in dates.enumerated() { check(v, at: c.path.key(key).index(i)) }
            case .object(let range)?: for part in ["start-date", "end-date"] { if let v = range[part] { check(v, at: c.path.key(key).key(part)) } }
            case let v?: check(v, at: c.path.key(key))
            case nil: break
            }
        }
        if let lo = c.json["min-date"]?.stringValue, let hi = c.json["max-date"]?.stringValue, isDate(lo), isDate(hi), lo > hi {
            add(.propertyValue, c.path.key("max-date"), "max-date is before min-date", limit: "≥ \(lo)", actual: Self.quoted(hi))
        }
    }

    /// Options (`data-source`) or carousel `images`: how many, option image sizes, and the
    /// declared type behind a `${data.x}`. Each option's own properties have the table.
    mutating func items(_ c: FlowComponent, _ spec: FlowComponentSpec, screen i: Int) {
        let key = c.type == "ImageCarousel" ? "images" : "data-source"
        let p = c.path.key(key)
        switch c.json[key] {
        case .array(let items)?:
            guard var range = spec.itemCount else { return }
            let hasImage = c.type == "Dropdown" && items.contains { $0["image"] != nil }
            if hasImage { range = 1...100 }
            if !range.contains(items.count) {
                add(.optionsCount, p, "\(c.type) takes \(range.lowerBound)–\(range.upperBound) \(key == "images" ? "images" : "options")\(hasImage ? " when an option has an image" : "")",
                    limit: "\(range.lowerBound)…\(range.upperBound)", actual: "\(items.count)")
            }
            guard key == "data-source" else { return }
            let imageMax = version >= .v6_0 ? 100_000 : 300_000
            for (k, item) in items.enumerated() {
                guard let image = item["image"]?.stringValue, !FlowReference.isExpression(image) else { continue }
                // Base64: 4 characters carry 3 bytes; KB read as 1000 bytes (the stricter).
                let padding = image.utf8.reversed().prefix(2).filter { $0 == UInt8(ascii: "=") }.count
                let bytes = image.utf8.count / 4 * 3 - padding
                if bytes > imageMax {
                    add(.imageSize, p.index(k).key("image"), "option images may be at most \(imageMax / 1000) KB\(version >= .v6_0 ? " from Flow JSON 6.0" : "")",
                        limit: "\(imageMax) bytes", actual: "\(bytes) bytes")
                }
            }
        case .string(let s)?:
            let scan = FlowReference.scan(s)
            // The reference itself is checked by the string walk; here only its declared type.
            guard scan.isSingle, let ref = scan.references.first else { return }
            var field: FlowDataField?
            switch ref.kind {
            case .data: field = declared[i][ref.name]
            case .screenData(let id): field = index[id].flatMap { declared[$0][ref.name] }
            default: break
            }
            if let field, let t = field.type, t != "array" {
                add(.dataType, p, "\(key) \(s) must be declared as an array", limit: "array", actual: t)
            }
        default: break // missing: component-required; another type: property-type
        }
    }
}
