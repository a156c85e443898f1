// A Flow message against the Flow it opens: the screen, its declared data, the endpoint.

extension FlowLinter {
    /// Checks a Flow message's `flow_action_payload` against the Flow it opens: the screen
    /// exists, the data matches the screen's declared `data`, `data_exchange` only with an
    /// endpoint. Paths are those of the message (`interactive.action.parameters.…`).
    public static func checkMessage(_ action: FlowAction, against doc: FlowDocument) -> [Finding] {
        let params = FieldPath("interactive.action.parameters")
        let payloadPath = params.key("flow_action_payload")
        var out: [Finding] = []
        if action.flowAction == "data_exchange" {
            if !doc.hasEndpoint {
                out.append(Finding(.error, params.key("flow_action"), .notAllowed,
                                   "data_exchange needs a Flow with a data endpoint; this Flow declares neither data_api_version nor routing_model",
                                   actual: "\"data_exchange\""))
            }
            // The endpoint chooses the first screen and its data; nothing more to compare.
            return out
        }
        let ids = doc.screens.map(\.id)
        // Without a screen, Meta opens the entry screen (newer API versions).
        guard let screenID = action.screen ?? doc.entryScreenID else { return out }
        guard let screen = doc.screen(screenID) else {
            out.append(Finding(.error, payloadPath.key("screen"), .allowedValues, "screen \"\(screenID)\" is not a screen of this Flow",
                               limit: ids.joined(separator: ", "), actual: "\"\(screenID)\""))
            return out
        }
        let sent = action.data?.objectValue ?? [:]
        let dataPath = payloadPath.key("data")
        for (key, value) in sent {
            guard let field = screen.dataField(key) else {
                out.append(Finding(.error, dataPath.key(key), .unknownField,
                                   "\"\(key)\" is not declared in screen \(screen.id)'s data, so the screen cannot read it",
                                   limit: screen.data.map(\.name).joined(separator: ", ")))
                continue
            }
            if let problem = FlowDataType.mismatch(value, field.schema) {
                out.append(Finding(.error, dataPath.key(key), .format, "\"\(key)\" does not match its declared type: \(problem)",
                                   limit: field.type, actual: value.typeName))
            }
        }
        for field in screen.data where sent[field.name] == nil {
            out.append(Finding(.warning, dataPath.key(field.name), .required,
                               "screen \(screen.id) declares \"\(field.name)\" but the message does not send it; the screen shows it empty",
                               limit: field.type))
        }
        return out
    }
}
