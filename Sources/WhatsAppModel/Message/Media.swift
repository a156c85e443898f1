/// The five media kinds.
public enum MediaKind: String, Sendable, Hashable, CaseIterable {
    case image, video, audio, document, sticker

    public var messageKind: MessageKind {
        switch self {
        case .image: return .image
        case .video: return .video
        case .audio: return .audio
        case .document: return .document
        case .sticker: return .sticker
        }
    }

    /// Meta accepts a caption on image, video and document only.
    public var takesCaption: Bool { self == .image || self == .video || self == .document }

    /// File extensions Meta's "Supported media types" lists for this kind.
    public var extensions: [String] {
        switch self {
        case .audio: return ["aac", "amr", "mp3", "m4a", "ogg", "opus"]
        case .document: return ["txt", "xls", "xlsx", "doc", "docx", "ppt", "pptx", "pdf"]
        case .image: return ["jpeg", "jpg", "png"]
        case .video: return ["3gp", "mp4"]
        case .sticker: return ["webp"]
        }
    }

    /// Meta's size cap for this kind, in bytes (sticker: animated; static stickers are 100 KB).
    public var maxBytes: Int {
        switch self {
        case .audio, .video: return 16 * 1_048_576
        case .document: return 100 * 1_048_576
        case .image: return 5 * 1_048_576
        case .sticker: return 500 * 1024
        }
    }
}

/// A media object: uploaded media `id` or a public `link` (exactly one), with a caption for image,
/// video and document and a filename for documents. Also used for interactive headers and
/// template media parameters.
public struct MediaObject: Sendable, Hashable {
    public var id: String?
    public var link: String?
    public var caption: String?
    public var filename: String?
    /// Audio only: `true` sends the audio as a voice note.
    public var voice: Bool?
    public var unknownFields: JSONObject = [:]

    public init(id: String? = nil, link: String? = nil, caption: String? = nil, filename: String? = nil) {
        self.id = id
        self.link = link
        self.caption = caption
        self.filename = filename
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        id = try r.string("id")
        link = try r.string("link")
        caption = try r.string("caption")
        filename = try r.string("filename")
        voice = try r.bool("voice")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("id", id.map(JSONValue.string))
        o.set("link", link.map(JSONValue.string))
        o.set("caption", caption.map(JSONValue.string))
        o.set("filename", filename.map(JSONValue.string))
        o.set("voice", voice.map(JSONValue.bool))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}
