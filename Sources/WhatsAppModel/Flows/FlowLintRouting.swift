// The linter's routing checks: each action (its name, where it sits, its target and payload),
// then the routes across screens (the routing model, the entry screen, a way to a terminal
// screen).

/// The actions Flow JSON knows, where each may sit, and the keys that hold component lists.
enum FlowLintTable {
    static let actions: Set<String> = ["navigate", "complete", "data_exchange", "update_data", "open_url"]

    /// The actions an action key of a component (or of its options and items) may carry; nil
    /// where Meta's pages say nothing (those are left alone). Links and opt-ins may exchange data
    /// too, as Meta's component pages allow it there.
    static func actions(on type: String, key: String) -> [String]? {
        if key == "on-select-action" || key == "on-unselect-action" {
            // Meta: a date picker's select action only exchanges data.
            if type == "DatePicker" || type == "CalendarPicker" { return ["data_exchange"] }
            return ["data_exchange", "update_data"]
        }
        guard key == "on-click-action" else { return nil }
        switch type {
        case "Footer": return ["navigate", "complete", "data_exchange"]
        case "EmbeddedLink", "OptIn": return ["navigate", "data_exchange", "open_url"]
        case "NavigationList": return ["navigate", "data_exchange"]
        default: return nil
        }
    }
    /// Keys whose values are lists of child components (the model reads them as `children`).
    static let containerKeys: Set<String> = ["children", "then", "else", "cases"]
}

extension FlowLintRun {
    // MARK: Actions

    /// One action: its name, where it sits, its members, and what it does to the routes.
    /// `trigger` is the key that holds it (`on-click-action` …).
    mutating func action(_ step: FlowStep, trigger key: String, screen i: Int) {
        let s = doc.screens[i]
        let p = step.path
        let name = step.name
        let type = step.component
        guard FlowLintTable.actions.contains(name) else {
            add(.actionName, p.key("name"), step.json["name"] == nil ? "an action needs a name" : "unknown action",
                limit: FlowLintTable.actions.sorted().joined(separator: ", "), actual: step.json["name"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
            return
        }
        if let allowed = FlowLintTable.actions(on: type, key: key), !allowed.contains(name) {
            add(.actionPlacement, p.key("name"), "\(name) is not an action of a \(type)'s \(key)", limit: allowed.joined(separator: ", "), actual: Self.quoted(name))
            return
        }
        if let schema = FlowComponentSchema.actions[name] {
            members(step.json, schema, at: p, site: Site(type: type, screen: i))
        }
        switch name {
        case "navigate":
            guard step.json["next"]?.objectValue != nil else {
                add(.navigateTarget, p.key("next"), "navigate needs next: {\"type\": \"screen\", \"name\": <screen id>}")
                return
            }
            if step.nextType != "screen" {
                add(.navigateTarget, p.key("next").key("type"), "next.type must be \"screen\"", limit: "\"screen\"",
                    actual: step.json["next"]?["type"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
            }
            guard let target = step.nextScreen else {
                add(.navigateTarget, p.key("next").key("name"), "navigate needs next.name, the id of the next screen")
                return
            }
            guard let t = index[target] else {
                add(.navigateTarget, p.key("next").key("name"), "navigate goes to \"\(target)\", which is not a screen of this Flow",
                    limit: screenIDs(), actual: Self.quoted(target))
                return
            }
            if target == s.id {
                add(.navigateSelf, p.key("next").key("name"), "a screen cannot navigate to itself", actual: Self.quoted(target))
                return
            }
            if s.terminal, type == "Footer" {
                add(.navigateOnTerminal, p.key("name"), "a terminal screen's Footer ends the Flow with complete; it cannot navigate", limit: "complete", actual: "\"navigate\"")
            }
            navigates.append((i, t, step))
            navigatePayload(step, to: t)
        case "complete":
            if (!s.terminal && anyTerminal) || type != "Footer" {
                add(.completePlacement, p.key("name"), "complete ends the Flow and belongs on a terminal screen's Footer",
                    actual: s.terminal ? type : "screen \(s.id) is not terminal")
            }
        case "data_exchange":
            exchangesData = true
            if !hasEndpoint {
                add(.dataExchangeEndpoint, p.key("name"), "data_exchange needs a Flow with a data endpoint (data_api_version and routing_model)")
            }
        default:
            // update_data and open_url came with Flow JSON 6.0. A ChipsSelector updates data from
            // 7.1: plausible, undocumented by Meta's pages (its changelog "updated" the component
            // in 7.1; a third-party SDK dates it).
            if version < .v6_0 {
                add(.versionFeature, p.key("name"), "\(name) needs Flow JSON 6.0 or later", limit: "6.0", actual: version.description)
            } else if name == "update_data", type == "ChipsSelector", version < .v7_1 {
                add(.versionFeature, p.key("name"), "a ChipsSelector's update_data needs Flow JSON 7.1 or later", limit: "7.1", actual: version.description)
            }
        }
    }

    /// A navigate payload becomes the next screen's `${data.…}`: its keys should be declared there.
    mutating func navigatePayload(_ step: FlowStep, to t: Int) {
        guard let payload = step.payload else { return }
        let target = doc.screens[t]
        for (key, value) in payload {
            passedKeys[t].insert(key)
            guard let field = declared[t][key] else {
                add(.navigatePayload, step.path.key("payload").key(key), "\"\(key)\" is not declared in screen \(target.id)'s data, so that screen cannot read it",
                    limit: target.data.map(\.name).joined(separator: ", "))
                continue
            }
            if case .string(let s) = value, FlowReference.scan(s).isDynamic { continue }
            if let m = FlowDataType.mismatch(value, field.schema) {
                add(.navigatePayload, step.path.key("payload").key(key), "\"\(key)\" does not match its type in screen \(target.id): \(m)", limit: field.type, actual: value.typeName)
            }
        }
    }

    // MARK: Across screens

    mutating func crossScreen() {
        let n = doc.screens.count
        guard n > 0 else { return }
        if !anyTerminal {
            add(.terminalScreen, "screens", "a Flow needs at least one screen with \"terminal\": true")
        }
        // Meta asks for data_api_version once a Flow exchanges data with its endpoint. (Without
        // a routing model either, data-exchange-endpoint has already said so.)
        if exchangesData, doc.json["data_api_version"] == nil, doc.json["routing_model"] != nil {
            add(.dataAPIVersion, "data_api_version", "a Flow that exchanges data with its endpoint must declare data_api_version",
                limit: FlowComponentSchema.dataAPIVersions.joined(separator: ", "))
        }
        // Navigate payloads fill the data of non-entry screens; in endpoint Flows the endpoint does.
        if !hasEndpoint {
            var inbound = Array(repeating: false, count: n)
            for e in navigates { inbound[e.to] = true }
            for (t, s) in doc.screens.enumerated() where inbound[t] {
                for f in s.data where !passedKeys[t].contains(f.name) {
                    add(.navigatePayload, f.path, "screen \(s.id) declares \"\(f.name)\" but no navigate into it passes it; it stays empty")
                }
            }
        }
        // The routing model, whenever the Flow has one (at every version: Meta's own 2.1-era
        // examples route through it); else the navigate actions.
        var routes = Routes(count: n)
        if doc.json["routing_model"] != nil {
            routingModel(&routes)
        } else {
            if doc.json["data_api_version"] != nil || (doc.json["data_channel_uri"] != nil && version < .v3_0) {
                add(.routingModel, "routing_model", "a Flow with a data endpoint needs a routing_model listing every screen and where it can go")
            }
            for e in navigates { routes.add(e.from, e.to) }
        }
        // Entry: a screen no route leads to.
        var inbound = Array(repeating: false, count: n)
        for targets in routes.edges { for t in targets { inbound[t] = true } }
        if !inbound.contains(false) {
            add(.entryScreen, doc.json["routing_model"] != nil ? "routing_model" : "screens",
                "every screen has a route into it, so the Flow has no entry screen")
        }
        // From every entry screen some terminal screen must be reachable. A dead end that is not
        // terminal is fine (a terms screen: the customer goes back, as every edge allows). One
        // walk back from the terminal screens finds every screen that reaches one.
        guard anyTerminal else { return }
        var into = Array(repeating: [Int](), count: n)
        for (from, targets) in routes.edges.enumerated() { for t in targets { into[t].append(from) } }
        var reaches = doc.screens.map(\.terminal)
        var queue = reaches.indices.filter { reaches[$0] }
        while let k = queue.popLast() {
            for f in into[k] where !reaches[f] { reaches[f] = true; queue.append(f) }
        }
        for (e, s) in doc.screens.enumerated() where !inbound[e] && !reaches[e] && !s.id.isEmpty {
            add(.routingModel, s.path.key("id"), "no route from entry screen \(s.id) reaches a terminal screen", actual: Self.quoted(s.id))
        }
    }

    /// Routes between screens (by index), each edge once.
    struct Routes {
        var edges: [[Int]]
        var seen: Set<Int> = []
        let count: Int

        init(count: Int) {
            self.count = count
            edges = Array(repeating: [], count: count)
        }

        func has(_ from: Int, _ to: Int) -> Bool { seen.contains(from * count + to) }

        mutating func add(_ from: Int, _ to: Int) {
            if seen.insert(from * count + to).inserted { edges[from].append(to) }
        }
    }

    /// The explicit routing model.
    mutating func routingModel(_ routes: inout Routes) {
        let rmPath = FieldPath("routing_model")
        guard case .object(let rm)? = doc.json["routing_model"] else {
            add(.routingModel, rmPath, "routing_model must be an object {screen id: [screen ids]}", actual: doc.json["routing_model"]?.typeName)
            for e in navigates { routes.add(e.from, e.to) }
            return
        }
        // A screen is listed as a source or as a target (Meta's own examples leave screens
        // without forward routes out as keys).
        var listed = Array(repeating: false, count: doc.screens.count)
        var branches = 0
        for (key, value) in rm {
            let kp = rmPath.key(key)
            guard let from = index[key] else {
                add(.routingModel, kp, "routing_model names \"\(key)\", which is not a screen of this Flow", actual: Self.quoted(key))
                continue
            }
            listed[from] = true
            guard case .array(let targets) = value else {
                add(.routingModel, kp, "the routes of \(key) must be an array of screen ids", actual: value.typeName)
                continue
            }
            for (k, tv) in targets.enumerated() {
                guard let t = tv.stringValue, let to = index[t] else {
                    add(.routingModel, kp.index(k), "route to \(tv.stringValue.map(Self.quoted) ?? tv.typeName), which is not a screen of this Flow",
                        limit: screenIDs())
                    continue
                }
                if to == from {
                    add(.routingModel, kp.index(k), "a screen cannot route to itself", actual: Self.quoted(t))
                    continue
                }
                listed[to] = true
                branches += 1
                routes.add(from, to)
            }
        }
        if branches > 10 {
            add(.routingModel, rmPath, "a routing model has at most 10 branches in total", limit: "10", actual: "\(branches)")
        }
        // A single screen has nothing to route: Meta's own one-screen examples carry `{}`.
        if doc.screens.count > 1 {
            for s in doc.screens where !s.id.isEmpty && index[s.id].map({ !listed[$0] }) ?? false {
                add(.routingModel, s.path.key("id"), "screen \(s.id) is missing from routing_model (Meta: INVALID_ROUTING_MODEL)", actual: Self.quoted(s.id))
            }
        }
        // A navigate is a client-side move the routing model must allow (either direction, as
        // an edge A→B implies going back from B to A).
        for e in navigates where !routes.has(e.from, e.to) && !routes.has(e.to, e.from) {
            add(.routingModel, e.step.path.key("next").key("name"),
                "routing_model has no route between \(doc.screens[e.from].id) and \(doc.screens[e.to].id) for this navigate",
                actual: Self.quoted(doc.screens[e.to].id))
        }
    }
}
