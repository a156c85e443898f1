// The linter's data and expression checks: declared `data`, every `${…}` reference in the
// strings of a component or screen, and `null` anywhere.

extension FlowLintRun {
    /// Declared `data`: an object of properties, each with a known type and a matching example.
    mutating func dataDeclarations(_ s: FlowScreen) {
        guard let raw = s.json["data"] else { return }
        guard raw.objectValue != nil else {
            add(.dataDeclaration, s.path.key("data"), "data must be an object of property declarations", actual: raw.typeName)
            return
        }
        for f in s.data {
            guard f.schema.objectValue != nil else {
                add(.dataDeclaration, f.path, "data property \"\(f.name)\" must be a declaration object {\"type\": …, \"__example__\": …}", actual: f.schema.typeName)
                continue
            }
            if let t = f.type {
                if !FlowDataType.types.contains(t) {
                    add(.dataDeclaration, f.path.key("type"), "unknown type for \"\(f.name)\"", limit: FlowDataType.types.sorted().joined(separator: ", "), actual: Self.quoted(t))
                }
            } else {
                add(.dataDeclaration, f.path.key("type"), "data property \"\(f.name)\" needs a type", limit: FlowDataType.types.sorted().joined(separator: ", "))
            }
            if let example = f.example {
                if FlowDataType.types.contains(f.type ?? ""), example != .null, let m = FlowDataType.mismatch(example, f.schema) {
                    add(.dataDeclaration, f.path.key("__example__"), "__example__ of \"\(f.name)\" does not match its type: \(m)", limit: f.type, actual: example.typeName)
                }
            } else {
                add(.dataDeclaration, f.path.key("__example__"), "data property \"\(f.name)\" needs an __example__ (Meta requires one)")
            }
        }
    }

    // MARK: Strings

    /// Walks the strings of a property of `base` (a component or a screen): references,
    /// static/dynamic mixing, blank text.
    mutating func strings(_ v: JSONValue, key: String, base: FieldPath, screen i: Int) {
        walkBase = base
        trail.removeAll(keepingCapacity: true)
        trail.append(.key(key))
        walk(v, key: key, screen: i)
    }

    mutating func walk(_ v: JSONValue, key: String, screen i: Int) {
        switch v {
        case .string(let s):
            string(s, key: key, screen: i)
        case .array(let items):
            for (k, item) in items.enumerated() where item.isContainerOrString {
                trail.append(.index(k))
                walk(item, key: key, screen: i)
                trail.removeLast()
            }
        case .object(let o):
            for (k, item) in o where item.isContainerOrString {
                trail.append(.key(k))
                walk(item, key: k, screen: i)
                trail.removeLast()
            }
        default: break
        }
    }

    mutating func string(_ s: String, key: String, screen i: Int) {
        if version >= .v6_0, TextLength.isBlank(s) {
            add(.blankString, walkPath(), "from Flow JSON 6.0, string properties cannot be empty or blank; leave the property out instead",
                actual: Self.quoted(s))
            return
        }
        let scan = FlowReference.scan(s)
        guard scan.isDynamic else { return }
        if scan.unterminated {
            add(.referenceSyntax, walkPath(), "a ${ is never closed with }", actual: Self.quoted(s))
        }
        if !scan.isSingle, !scan.unterminated {
            if FlowReference.isBackticked(s) {
                // A nested expression (`…${data.x}…`) mixes text and references on purpose (v6.0+).
                if version < .v6_0 {
                    add(.versionFeature, walkPath(), "nested expressions between backticks need Flow JSON 6.0 or later", limit: "6.0", actual: version.description)
                }
            } else if key != "condition" {
                // An If condition is an expression by definition; any other property is either
                // static text or exactly one reference.
                add(.staticDynamicMix, walkPath(), "a property is static text or exactly one ${…} reference, not both (use a backtick expression from v6.0)",
                    actual: Self.quoted(s))
            }
        }
        let screen = doc.screens[i]
        for ref in scan.references {
            switch ref.kind {
            case .invalid:
                add(.referenceSyntax, walkPath(), "not a reference: use ${data.x}, ${form.x}, ${screen.ID.data.x} or ${screen.ID.form.x}", actual: "\"${\(ref.name)}\"")
            case .data:
                if declared[i][ref.name] == nil {
                    add(.dataUndeclared, walkPath(), "${data.\(ref.name)} is not declared in screen \(screen.id)'s data",
                        limit: screen.data.map(\.name).joined(separator: ", "), actual: "\"\(ref.name)\"")
                }
            case .form:
                if !inputNames[i].contains(ref.name) {
                    add(.formReference, walkPath(), "${form.\(ref.name)} names no input on screen \(screen.id)",
                        limit: inputNames[i].sorted().joined(separator: ", "), actual: "\"\(ref.name)\"")
                }
            case .screenData(let id), .screenForm(let id):
                let isData = ref.kind == .screenData(id)
                let rule: Rule = isData ? .dataUndeclared : .formReference
                let text = "${screen.\(id).\(isData ? "data" : "form").\(ref.name)}"
                if version < .v4_0 {
                    add(.versionFeature, walkPath(), "\(text) needs Flow JSON 4.0 or later", limit: "4.0", actual: version.description)
                } else if let t = index[id] {
                    let known = isData ? declared[t][ref.name] != nil : inputNames[t].contains(ref.name)
                    if !known {
                        add(rule, walkPath(), "\(text): screen \(id) has no \(isData ? "declared data" : "input") named \"\(ref.name)\"", actual: "\"\(ref.name)\"")
                    }
                } else {
                    add(rule, walkPath(), "\(text): \(id) is not a screen of this Flow", limit: screenIDs(), actual: Self.quoted(id))
                }
            }
        }
    }

    // MARK: Nulls

    /// `null` is invalid anywhere in Flow JSON (leave the property out). Paths are built only
    /// for the nulls found.
    mutating func nulls(_ root: JSONValue) {
        var trail: [FieldPath.Step] = []
        var found: [FieldPath] = []
        func walk(_ v: JSONValue) {
            switch v {
            case .null:
                found.append(FieldPath(steps: trail))
            case .array(let items):
                for (i, item) in items.enumerated() where item.mayHoldNull {
                    trail.append(.index(i)); walk(item); trail.removeLast()
                }
            case .object(let o):
                for (k, item) in o where item.mayHoldNull {
                    trail.append(.key(k)); walk(item); trail.removeLast()
                }
            default: break
            }
        }
        walk(root)
        for p in found { add(.nullValue, p, "null is not a valid Flow JSON value; leave the property out instead") }
    }
}

// MARK: - Declared data types

/// The type check for declared `data` (JSON-Schema-like `type`, `items`, `properties`), shared
/// by the linter (`__example__`, navigate payloads) and the message cross-check.
enum FlowDataType {
    static let types: Set<String> = ["string", "number", "integer", "boolean", "object", "array"]

    /// Why `value` does not fit `schema`, or nil when it does (or the schema says too little).
    static func mismatch(_ value: JSONValue, _ schema: JSONValue, depth: Int = 0) -> String? {
        guard depth < 32, let type = schema["type"]?.stringValue else { return nil }
        switch (type, value) {
        case ("string", .string), ("number", .number), ("boolean", .bool): return nil
        case ("integer", .number(let n)): return n.intValue == nil ? "expected a whole number, found \(n)" : nil
        case ("array", .array(let items)):
            guard let itemSchema = schema["items"] else { return nil }
            for (i, item) in items.enumerated() {
                if let m = mismatch(item, itemSchema, depth: depth + 1) { return "item \(i): \(m)" }
            }
            return nil
        case ("object", .object(let o)):
            guard let props = schema["properties"]?.objectValue else { return nil }
            for (k, v) in o {
                if let s = props[k], let m = mismatch(v, s, depth: depth + 1) { return "\"\(k)\": \(m)" }
            }
            return nil
        default:
            return "expected \(type), found \(value.typeName)"
        }
    }
}

private extension JSONValue {
    var isContainerOrString: Bool {
        switch self {
        case .string, .array, .object: return true
        default: return false
        }
    }

    var mayHoldNull: Bool {
        switch self {
        case .null, .array, .object: return true
        default: return false
        }
    }
}
