import Testing
@testable import SSHKeys

/// Subject values printed so that no value can pass for another field (RFC 4514 section 2.4).
@Suite struct DistinguishedNameEscapingTests {
    @Test("special characters, leading # or space, trailing space and control bytes are escaped; the rest is kept",
          arguments: [
              ("x, O=Evil/CN=root", "x\\, O=Evil/CN=root"),
              ("a+b;c<d>e\"f\\g", "a\\+b\\;c\\<d\\>e\\\"f\\\\g"),
              ("#lead", "\\#lead"),
              ("mid#dle", "mid#dle"),
              (" both ", "\\ both\\ "),
              (" ", "\\ "),
              ("in side", "in side"),
              ("tab\there", "tab\\09here"),
              ("nul\u{0}x", "nul\\00x"),
              ("del\u{7f}", "del\\7F"),
              ("Müller=Ü", "Müller=Ü"),
              ("", ""),
          ])
    func escaping(_ sample: (String, String)) {
        #expect(X509Certificate.escapedDistinguishedNameValue(sample.0) == sample.1)
    }
}
