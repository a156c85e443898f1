/// Checks a template message against its template's definition, before Meta does: the
/// template and language exist, the template may be sent (its status), each component gets the
/// parameters its variables ask for (count, names, types), the body once filled in is not too
/// long, buttons match by index and kind, and a carousel has the template's cards.
///
/// Every finding is an error (Meta would refuse the message) and its message names the error
/// code Meta answers with ("would fail with 132000"). The structural checks of the message
/// itself (types, limits of one parameter) stay in `MessageValidator`; this adds what only the
/// definition can tell.
public enum TemplateCheck {
    /// Meta's template error codes, as the findings cite them.
    public enum MetaCode {
        /// Parameter count mismatch.
        public static let parameterCount = 132000
        /// The template does not exist in that language (or is not approved).
        public static let doesNotExist = 132001
        /// The text with its parameters filled in is too long.
        public static let hydratedTooLong = 132005
        /// A parameter's format does not match the template.
        public static let parameterFormat = 132012
        public static let paused = 132015
        public static let disabled = 132016
    }

    /// Looks the message's template up in `library` and checks the message against it.
    public static func check(_ message: TemplateContent, against library: TemplateLibrary, at path: FieldPath = "template") -> [Finding] {
        guard let definition = library.definition(name: message.name, language: message.languageCode) else {
            return [notFound(message, in: library, at: path)]
        }
        return check(message, against: definition, at: path)
    }

    /// Checks the message against one definition (its name and language are taken as matching).
    public static func check(_ message: TemplateContent, against definition: TemplateDefinition, at path: FieldPath = "template") -> [Finding] {
        var c = Checker(named: definition.usesNamedParameters)
        c.status(definition, at: path)
        // Meta allows a body-only template's text to run to 32768 characters.
        let bodyOnly = definition.components.allSatisfy { $0.type.is(.body) }
        c.components(message.components ?? [], against: definition.components, at: path.key("components"),
                     bodyLimit: bodyOnly ? Limits.templateBodyOnlyTextParam : Limits.templateBodyTextParam, where: "")
        return c.findings
    }

    /// The finding for a name or language the library does not have.
    static func notFound(_ message: TemplateContent, in library: TemplateLibrary, at path: FieldPath) -> Finding {
        let languages = library.languages(of: message.name)
        if !languages.isEmpty {
            return Finding(.error, path.key("language").key("code"), .templateDefinition,
                           "template \(quoted(message.name)) has no \(quoted(message.languageCode)) translation; it exists in \(languages.joined(separator: ", ")) \(failsWith(MetaCode.doesNotExist))",
                           limit: languages.joined(separator: ", "), actual: quoted(message.languageCode))
        }
        let near = EditDistance.near(message.name, in: library.names, limit: max(2, message.name.count / 4))
        let hint = near.isEmpty ? "" : "; did you mean \(near.prefix(3).joined(separator: ", "))?"
        return Finding(.error, path.key("name"), .templateDefinition,
                       "no template named \(quoted(message.name)) in the library\(hint) \(failsWith(MetaCode.doesNotExist))",
                       actual: quoted(message.name))
    }

    static func failsWith(_ code: Int) -> String { "(would fail with \(code))" }

    /// The Meta code a finding of this check cites (what the sandbox answers for it).
    public static func metaCode(of finding: Finding) -> Int? {
        guard finding.rule == .templateDefinition, let start = finding.message.lastRange(of: "(would fail with ") else { return nil }
        return Int(finding.message[start.upperBound...].prefix { $0.isNumber })
    }
    static func quoted(_ s: String) -> String { "\"\(s)\"" }
}

/// The walk over one message and its definition, collecting findings.
private struct Checker {
    let named: Bool
    var findings: [Finding] = []

    init(named: Bool) { self.named = named }

    mutating func fail(_ path: FieldPath, _ code: Int, _ message: String, limit: String? = nil, actual: String? = nil) {
        findings.append(Finding(.error, path, .templateDefinition, "\(message) \(TemplateCheck.failsWith(code))", limit: limit, actual: actual))
    }

    // MARK: Status

    mutating func status(_ d: TemplateDefinition, at path: FieldPath) {
        guard let status = d.status, !status.is(.approved) else { return }
        let p = path.key("name")
        if status.is(.paused) {
            fail(p, TemplateCheck.MetaCode.paused, "template \(d.key) is paused (its quality was low); Meta resumes or disables it", actual: status.rawValue)
        } else if status.is(.disabled) {
            fail(p, TemplateCheck.MetaCode.disabled, "template \(d.key) is disabled", actual: status.rawValue)
        } else {
            // Meta sends approved templates only and answers "does not exist" for the rest
            // (plausible code for PENDING, REJECTED, IN_APPEAL and newer statuses: its error
            // table gives 132001 for a template "missing or not approved").
            fail(p, TemplateCheck.MetaCode.doesNotExist, "template \(d.key) is \(status.rawValue), not APPROVED: Meta sends approved templates only",
                 limit: "APPROVED", actual: status.rawValue)
        }
    }

    // MARK: Components

    /// One list of message components against the definition's (the template's, or a card's).
    /// `place` says where in words ("" or " of card 1").
    mutating func components(_ sent: [TemplateComponent], against defined: [TemplateDefinitionComponent], at path: FieldPath,
                             bodyLimit: Int?, where place: String) {
        func firstSent(_ type: String) -> (Int, TemplateComponent)? {
            sent.enumerated().first { $0.element.type.lowercased() == type }.map { ($0.offset, $0.element) }
        }
        header(firstSent("header"), defined.first(.header), at: path, place: place)
        body(firstSent("body"), defined.first(.body), at: path, bodyLimit: bodyLimit, place: place)
        buttons(sent.enumerated().filter { $0.element.type.lowercased() == "button" }.map { ($0.offset, $0.element) },
                defined.buttons, at: path, place: place)
        carousel(firstSent("carousel"), defined.first(.carousel), at: path)
        offer(firstSent("limited_time_offer"), defined.first(.limitedTimeOffer), at: path)
    }

    mutating func header(_ sent: (Int, TemplateComponent)?, _ defined: TemplateDefinitionComponent?, at path: FieldPath, place: String) {
        let params = sent?.1.parameters ?? []
        guard let defined else {
            if let (i, _) = sent, !params.isEmpty {
                fail(path.index(i), TemplateCheck.MetaCode.parameterCount, "the template has no header\(place), so a header takes no parameters",
                     limit: "0", actual: "\(params.count)")
            }
            return
        }
        let format = defined.format ?? .text
        if format.is(.text) {
            textParameters(params, for: defined.placeholders, component: "header\(place)", componentPath: sent.map { path.index($0.0) },
                           missingPath: path, allowedTypes: ["text"])
            return
        }
        guard format.needsParameter else { return }  // a format wacon does not know
        let expected = format.parameterTypes
        guard let (i, _) = sent, let first = params.first else {
            // Meta's answer: "header: Format mismatch, expected IMAGE, received UNKNOWN".
            fail(sent.map { path.index($0.0).key("parameters") } ?? path, TemplateCheck.MetaCode.parameterFormat,
                 "the template's header\(place) is \(format.normalized): send a header component with one \(expected[0]) parameter",
                 limit: expected.joined(separator: ", "), actual: "nothing")
            return
        }
        let pp = path.index(i).key("parameters")
        if params.count > 1 {
            fail(pp, TemplateCheck.MetaCode.parameterCount, "a \(format.normalized) header\(place) takes one parameter", limit: "1", actual: "\(params.count)")
        }
        if !expected.contains(first.type.lowercased()) {
            fail(pp.index(0).key("type"), TemplateCheck.MetaCode.parameterFormat,
                 "the template's header\(place) is \(format.normalized), so its parameter is \(expected.joined(separator: " or ")), not \(first.type)",
                 limit: expected.joined(separator: ", "), actual: TemplateCheck.quoted(first.type))
        }
    }

    mutating func body(_ sent: (Int, TemplateComponent)?, _ defined: TemplateDefinitionComponent?, at path: FieldPath, bodyLimit: Int?, place: String) {
        let params = sent?.1.parameters ?? []
        let placeholders = defined?.placeholders ?? []
        textParameters(params, for: placeholders, component: "body\(place)", componentPath: sent.map { path.index($0.0) },
                       missingPath: path, allowedTypes: ["text", "currency", "date_time"])
        for (j, p) in params.enumerated() {
            let pp = path.index(sent!.0).key("parameters").index(j)
            switch p.type {
            case "currency": currency(p, at: pp)
            case "date_time": dateTime(p, at: pp)
            default: break
            }
        }
        guard let bodyLimit, let text = defined?.text, let (i, _) = sent else { return }
        let filled = hydrated(text, with: params, placeholders: placeholders)
        let length = TextLength.of(filled)
        if length > bodyLimit {
            fail(path.index(i), TemplateCheck.MetaCode.hydratedTooLong,
                 "the body\(place) with its parameters filled in is \(length) characters; Meta allows \(bodyLimit)",
                 limit: "\(bodyLimit)", actual: "\(length)")
        }
    }

    /// The body text with each variable replaced by its parameter's text (a currency's or a
    /// date's `fallback_value`, which is what Cloud API renders).
    func hydrated(_ text: String, with params: [TemplateParameter], placeholders: [TemplatePlaceholder]) -> String {
        var values: [String: String] = [:]
        for (j, p) in params.enumerated() {
            let value = p.text ?? p.otherFields[p.type]?["fallback_value"]?.stringValue ?? ""
            if named {
                if let name = p.parameterName { values[name] = value }
            } else if j < placeholders.count {
                values[placeholders[j].name] = value
            }
        }
        return TemplatePlaceholder.substitute(in: text) { values[$0] }
    }

    /// The parameters of a header or body against the text's variables: how many, and for a
    /// named template which.
    mutating func textParameters(_ params: [TemplateParameter], for placeholders: [TemplatePlaceholder], component: String,
                                 componentPath: FieldPath?, missingPath: FieldPath, allowedTypes: [String]) {
        let pp = componentPath?.key("parameters")
        for (j, p) in params.enumerated() where !allowedTypes.contains(p.type.lowercased()) {
            fail(pp!.index(j).key("type"), TemplateCheck.MetaCode.parameterFormat,
                 "a \(component) variable takes \(allowedTypes.joined(separator: ", ")), not \(p.type)",
                 limit: allowedTypes.joined(separator: ", "), actual: TemplateCheck.quoted(p.type))
        }
        let variables = placeholders.map(\.description).joined(separator: ", ")
        if placeholders.isEmpty {
            if !params.isEmpty {
                fail(pp!, TemplateCheck.MetaCode.parameterCount, "the template's \(component) has no variables, so it takes no parameters",
                     limit: "0", actual: "\(params.count)")
            }
            return
        }
        guard let pp else {
            fail(missingPath, TemplateCheck.MetaCode.parameterCount,
                 "the template's \(component) has \(placeholders.count) variable\(placeholders.count == 1 ? "" : "s") (\(variables)): send a \(component.split(separator: " ")[0]) component with \(placeholders.count == 1 ? "its parameter" : "their parameters")",
                 limit: "\(placeholders.count)", actual: "0")
            return
        }
        if named {
            namedParameters(params, for: placeholders, component: component, at: pp)
            return
        }
        for (j, p) in params.enumerated() where p.parameterName != nil {
            // Plausible code: Meta's pages do not say what a positional template answers to a
            // named parameter; a format mismatch is the nearest of its template errors.
            fail(pp.index(j).key("parameter_name"), TemplateCheck.MetaCode.parameterFormat,
                 "the template's variables are positional (\(variables)): leave parameter_name out", actual: TemplateCheck.quoted(p.parameterName!))
        }
        if params.count != placeholders.count {
            fail(pp, TemplateCheck.MetaCode.parameterCount,
                 "the template's \(component) has \(placeholders.count) variable\(placeholders.count == 1 ? "" : "s") (\(variables)), the message gives \(params.count) parameter\(params.count == 1 ? "" : "s")",
                 limit: "\(placeholders.count)", actual: "\(params.count)")
        }
    }

    /// A named template's parameters: each gives `parameter_name`, once, for a variable the text has,
    /// and every variable gets one.
    mutating func namedParameters(_ params: [TemplateParameter], for placeholders: [TemplatePlaceholder], component: String, at pp: FieldPath) {
        let known = placeholders.map(\.name)
        var given: [String: Int] = [:]
        var unnamed = 0
        for (j, p) in params.enumerated() {
            guard let name = p.parameterName else {
                unnamed += 1
                // Plausible code, as for a named parameter sent to a positional template.
                fail(pp.index(j), TemplateCheck.MetaCode.parameterFormat,
                     "the template names its variables: give this parameter a parameter_name (\(known.joined(separator: ", ")))",
                     limit: known.joined(separator: ", "))
                continue
            }
            if let first = given[name] {
                fail(pp.index(j).key("parameter_name"), TemplateCheck.MetaCode.parameterCount,
                     "\(TemplateCheck.quoted(name)) is given twice (first at parameters[\(first)])", actual: TemplateCheck.quoted(name))
                continue
            }
            given[name] = j
            if !known.contains(name) {
                let near = EditDistance.near(name, in: known, limit: max(2, name.count / 3))
                fail(pp.index(j).key("parameter_name"), TemplateCheck.MetaCode.parameterCount,
                     "the template's \(component) has no variable {{\(name)}}\(near.isEmpty ? "" : "; did you mean \(near[0])?")",
                     limit: known.joined(separator: ", "), actual: TemplateCheck.quoted(name))
            }
        }
        let missing = known.filter { given[$0] == nil }
        // A parameter without its name was reported already; it likely stands for one of the
        // missing variables, so "missing" is said only when more are missing than unnamed.
        if missing.count > unnamed {
            fail(pp, TemplateCheck.MetaCode.parameterCount,
                 "no parameter for \(missing.map { "{{\($0)}}" }.joined(separator: ", ")) of the template's \(component)",
                 limit: known.joined(separator: ", "), actual: given.keys.sorted().joined(separator: ", "))
        }
    }

    /// A currency parameter Meta can render: `fallback_value`, an ISO 4217 `code` and a whole
    /// `amount_1000`.
    mutating func currency(_ p: TemplateParameter, at path: FieldPath) {
        guard let o = p.otherFields["currency"]?.objectValue else {
            fail(path.key("currency"), TemplateCheck.MetaCode.parameterFormat, "a currency parameter needs its currency object {fallback_value, code, amount_1000}")
            return
        }
        if o["fallback_value"]?.stringValue.map(TextLength.isBlank) ?? true {
            fail(path.key("currency.fallback_value"), TemplateCheck.MetaCode.parameterFormat, "a currency needs its fallback_value, the text shown")
        }
        let code = o["code"]?.stringValue ?? ""
        if !(code.count == 3 && code.allSatisfy { $0.isASCII && $0.isUppercase }) {
            fail(path.key("currency.code"), TemplateCheck.MetaCode.parameterFormat, "currency.code is an ISO 4217 code such as USD",
                 actual: o["code"].map { JSONWriter.compactString($0) } ?? "nothing")
        }
        if o["amount_1000"]?.intValue == nil || o["amount_1000"]?.stringValue != nil {
            fail(path.key("currency.amount_1000"), TemplateCheck.MetaCode.parameterFormat, "currency.amount_1000 is a whole number: the amount × 1000",
                 actual: o["amount_1000"].map { JSONWriter.compactString($0) } ?? "nothing")
        }
    }

    /// A date_time parameter Meta can render: a `fallback_value` (Cloud API always shows it).
    mutating func dateTime(_ p: TemplateParameter, at path: FieldPath) {
        guard let o = p.otherFields["date_time"]?.objectValue else {
            fail(path.key("date_time"), TemplateCheck.MetaCode.parameterFormat, "a date_time parameter needs its date_time object {fallback_value}")
            return
        }
        if o["fallback_value"]?.stringValue.map(TextLength.isBlank) ?? true {
            fail(path.key("date_time.fallback_value"), TemplateCheck.MetaCode.parameterFormat, "a date_time needs its fallback_value, the text shown")
        }
    }

    // MARK: Buttons

    mutating func buttons(_ sent: [(Int, TemplateComponent)], _ defined: [TemplateDefinitionButton], at path: FieldPath, place: String) {
        var covered: Set<Int> = []
        for (i, c) in sent {
            let cp = path.index(i)
            let subType = c.subType?.lowercased() ?? ""
            let button: TemplateDefinitionButton
            if let idx = c.index {
                guard let n = Int(idx), n >= 0 else { continue }  // MessageValidator reports the index itself
                guard n < defined.count else {
                    fail(cp.key("index"), TemplateCheck.MetaCode.parameterCount,
                         defined.isEmpty ? "the template has no buttons\(place)" : "the template has \(defined.count) button\(defined.count == 1 ? "" : "s")\(place) (index 0…\(defined.count - 1))",
                         limit: defined.isEmpty ? "no buttons" : "0…\(defined.count - 1)", actual: TemplateCheck.quoted(idx))
                    continue
                }
                button = defined[n]
            } else if let call = defined.first(where: { $0.messageSubType == subType }) {
                // A call button is sent without index (Meta's example): match it by kind.
                button = call
            } else {
                if !subType.isEmpty {
                    fail(cp, TemplateCheck.MetaCode.parameterCount, "the template has no \(subType) button\(place)", actual: TemplateCheck.quoted(subType))
                }
                continue
            }
            covered.insert(button.index)
            let what = "button \(button.index)\(place) (\(button.type.normalized)\(button.isOTP && !button.type.is(.otp) ? " one-time password" : ""))"
            guard let expected = button.messageSubType else {
                if button.type.is(.phoneNumber) {
                    fail(cp, TemplateCheck.MetaCode.parameterCount, "\(what) takes nothing at send time: leave this component out")
                }
                continue
            }
            if subType != expected {
                // Plausible code: a button of the wrong kind is a parameter that does not match
                // the template's format.
                fail(cp.key("sub_type"), TemplateCheck.MetaCode.parameterFormat, "\(what) is sent with sub_type \(expected)",
                     limit: expected, actual: TemplateCheck.quoted(c.subType ?? ""))
                continue
            }
            buttonParameters(c.parameters ?? [], for: button, what: what, at: cp)
        }
        for b in defined where b.needsMessageComponent && !covered.contains(b.index) {
            let kind = b.isOTP ? "its one-time code" : b.type.is(.copyCode) ? "its coupon code" : b.type.is(.mpm) ? "its products" : "its URL suffix"
            fail(path, TemplateCheck.MetaCode.parameterCount,
                 "button \(b.index)\(place) (\(b.type.normalized)) needs \(kind): send a button component with sub_type \(b.messageSubType ?? "") and index \"\(b.index)\"",
                 limit: "index \(b.index)", actual: "nothing")
        }
    }

    mutating func buttonParameters(_ params: [TemplateParameter], for button: TemplateDefinitionButton, what: String, at cp: FieldPath) {
        let pp = cp.key("parameters")
        let count: ClosedRange<Int>
        let types: [String]
        if button.isOTP || button.type.is(.url) {
            guard button.isOTP || button.hasDynamicURL else {
                if !params.isEmpty {
                    fail(pp, TemplateCheck.MetaCode.parameterCount, "\(what) has a fixed URL (\(button.url ?? "")): it takes no suffix",
                         limit: "0", actual: "\(params.count)")
                }
                return
            }
            (count, types) = (1...1, ["text"])
        } else {
            switch button.type.normalized {
            case "COPY_CODE": (count, types) = (1...1, ["coupon_code"])
            case "QUICK_REPLY": (count, types) = (0...1, ["payload", "text"])
            case "FLOW", "CATALOG": (count, types) = (0...1, ["action"])
            case "MPM": (count, types) = (1...1, ["action"])
            default: return
            }
        }
        if !count.contains(params.count) {
            fail(pp, TemplateCheck.MetaCode.parameterCount,
                 "\(what) takes \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "at most \(count.upperBound)") parameter\(count.upperBound == 1 ? "" : "s")",
                 limit: count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound)…\(count.upperBound)", actual: "\(params.count)")
        }
        for (j, p) in params.enumerated() where !types.contains(p.type.lowercased()) {
            fail(pp.index(j).key("type"), TemplateCheck.MetaCode.parameterFormat, "\(what) takes a \(types.joined(separator: " or ")) parameter, not \(p.type)",
                 limit: types.joined(separator: ", "), actual: TemplateCheck.quoted(p.type))
        }
    }

    // MARK: Carousel and offer

    mutating func carousel(_ sent: (Int, TemplateComponent)?, _ defined: TemplateDefinitionComponent?, at path: FieldPath) {
        guard let defined else {
            if let (i, _) = sent {
                fail(path.index(i), TemplateCheck.MetaCode.parameterCount, "the template has no carousel")
            }
            return
        }
        let cards = defined.cards ?? []
        guard let (i, c) = sent else {
            // Plausible code: Meta answers a card count that differs from the template's with
            // 132012 ("header component parameter should not be empty", as its users report).
            fail(path, TemplateCheck.MetaCode.parameterFormat, "the template is a carousel of \(cards.count) cards: send a carousel component with them",
                 limit: "\(cards.count)", actual: "0")
            return
        }
        let sentCards = c.cards ?? []
        let cp = path.index(i).key("cards")
        if sentCards.count != cards.count {
            fail(cp, TemplateCheck.MetaCode.parameterFormat, "the template's carousel has \(cards.count) cards; send every one of them, no more",
                 limit: "\(cards.count)", actual: "\(sentCards.count)")
        }
        for (k, card) in sentCards.enumerated() {
            // A card is the template's card at its card_index (its position when it has none).
            let n = card.cardIndex?.intValue ?? k
            guard n >= 0, n < cards.count else {
                if sentCards.count == cards.count {
                    fail(cp.index(k).key("card_index"), TemplateCheck.MetaCode.parameterFormat, "the template's cards are 0…\(cards.count - 1)",
                         limit: "0…\(cards.count - 1)", actual: "\(n)")
                }
                continue
            }
            components(card.components, against: cards[n].components, at: cp.index(k).key("components"), bodyLimit: nil, where: " of card \(n)")
        }
    }

    mutating func offer(_ sent: (Int, TemplateComponent)?, _ defined: TemplateDefinitionComponent?, at path: FieldPath) {
        guard let defined else {
            if let (i, _) = sent {
                fail(path.index(i), TemplateCheck.MetaCode.parameterCount, "the template has no limited-time offer")
            }
            return
        }
        // Plausible: an offer that expires needs its expiration_time_ms (Meta's send example
        // always gives it); one without an expiry takes nothing.
        guard defined.offerHasExpiration else { return }
        guard let (i, c) = sent, let first = c.parameters?.first else {
            fail(sent.map { path.index($0.0).key("parameters") } ?? path, TemplateCheck.MetaCode.parameterCount,
                 "the template's limited-time offer expires: send a limited_time_offer component with its expiration_time_ms",
                 limit: "1", actual: "0")
            return
        }
        if first.type.lowercased() != "limited_time_offer" {
            fail(path.index(i).key("parameters").index(0).key("type"), TemplateCheck.MetaCode.parameterFormat,
                 "a limited-time offer takes a limited_time_offer parameter", limit: "limited_time_offer", actual: TemplateCheck.quoted(first.type))
        }
    }
}
