/// What a template message's own shape says about its template, for the rules that depend on the
/// template's category when wacon does not have the template's definition.
extension TemplateContent {
    /// True for the shape Meta documents for sending an authentication template: one body text
    /// parameter (the one-time code) and a `url` button whose one text parameter is that same
    /// code (copy-code and one-tap buttons are sent so). A utility template that repeats one
    /// value in its body and its URL button would match too; that is rare enough to accept
    /// (plausible: the category itself is not in the message).
    public var looksLikeAuthentication: Bool {
        guard let components else { return false }
        let bodies = components.filter { $0.type.lowercased() == "body" }
        guard bodies.count == 1, let bodyParams = bodies[0].parameters, bodyParams.count == 1,
              bodyParams[0].type == "text", let code = bodyParams[0].text, !code.isEmpty else { return false }
        return components.contains { c in
            c.type.lowercased() == "button" && c.subType?.lowercased() == "url"
                && c.parameters?.count == 1 && c.parameters?.first?.type == "text" && c.parameters?.first?.text == code
        }
    }
}
