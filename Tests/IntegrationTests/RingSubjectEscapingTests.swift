import Foundation
import TestSupport
import Testing

/// `ring list` prints subjects with RFC 4514 escaping, as openssl prints them with the same separators.
@Suite struct RingSubjectEscapingTests {
    @Test("a CN holding ', O=Evil/CN=root' and other special characters is listed escaped, as openssl x509 escapes it",
          arguments: ["/C=DE/O=Els\\+where/CN=x, O=Evil\\/CN=root", "/O= spaced /CN=#hash;<a>\"q\"\\\\ ="])
    func evilCommonNameEscaped(_ subject: String) throws {
        let fixture = try RingFixture()
        let keyFile = fixture.scratch.file("key.pem"), certificateFile = fixture.scratch.file("cert.pem")
        let made = try ExternalTool.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                         "-keyout", keyFile, "-out", certificateFile, "-subj", subject, "-days", "100"])
        try #require(made.status == 0, "\(made.stderr)")
        let exported = try ExternalTool.run(["openssl", "pkcs12", "-export", "-in", certificateFile, "-inkey", keyFile, "-name", "EVIL",
                                             "-out", fixture.ring, "-passout", "file:" + fixture.passwordFile])
        try #require(exported.status == 0, "\(exported.stderr)")
        let printed = try ExternalTool.run(["openssl", "x509", "-in", certificateFile, "-noout", "-subject",
                                            "-nameopt", "esc_2253,esc_ctrl,utf8,dn_rev,sname,sep_comma_plus_space"])
        let expected = try #require(printed.stdout.split(separator: "\n").first?.dropFirst("subject=".count))
        let listed = try fixture.sshauth(["ring", "list", "--ring", fixture.ring, "--ring-password-file", fixture.passwordFile])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("subject:     \(expected)\n"), "expected \(expected) in:\n\(listed.stdout)")
        let json = try fixture.sshauth(["ring", "list", "--ring", fixture.ring, "--ring-password-file", fixture.passwordFile, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.first?["subject"] as? String == String(expected), "\(json.stdout)")
    }
}
