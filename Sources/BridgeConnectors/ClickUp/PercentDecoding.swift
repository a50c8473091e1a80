/// Percent-decoding for the in-process fakes of `BridgeTesting`, which read request URLs the
/// way a server does. `package` access: not public API.
package enum PercentDecoding {
    /// `text` with `%XX` escapes decoded (and `+` read as a space, as in form-encoded queries);
    /// malformed escapes are kept as written.
    package static func decode(_ text: String) -> String {
        Redaction.percentDecoded(text)
    }
}
