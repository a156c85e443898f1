import Import
import Providers

// Curl import as the front ends use it: the console's import prompt and `wacon import curl`
// both come through here. The value types are Import's, named here so a front end needs only
// `import Session`.

public typealias ImportedRequest = Import.ImportedRequest
public typealias ImportedProfileFacts = Import.ImportedProfileFacts
public typealias ImportDifference = Import.ImportDifference
public typealias CurlImportError = Import.CurlImportError

extension WaconSession {
    /// Reads the first curl command in `command` into wacon's terms: gateway, profile facts,
    /// message and vendor options, the differences from what wacon would send, and the
    /// gateway's findings. Nothing is sent, run or read from disk.
    ///
    /// - Parameter gateway: reads the URL as this gateway's even when its host is not the
    ///   documented one (a proxy); what precedes the endpoint becomes the profile's base URL.
    public static func importCurl(_ command: String, gateway: GatewayID? = nil) throws(CurlImportError) -> ImportedRequest {
        try CurlImport.parse(command, gateway: gateway)
    }
}
