import AuthSetup
import Foundation
import TestSupport
import Testing
@testable import WizardEffects
@testable import Wizard

/// The wizard's z/OS artifact save writes nowhere other users could change.
@Suite struct ArtifactSaveTrustTests {
    static let files = [ArtifactFile(name: "RACDCERT.jcl", text: "//JOB\n"), ArtifactFile(name: "PERMITS.jcl", text: "//JOB\n")]

    @Test("into a 0777 directory, or a new one made inside it: refused with the directory named, nothing saved",
          arguments: ["open", "open/zos"])
    func refused(_ target: String) throws {
        let directory = try TemporaryDirectory()
        let scratch = directory.path
        #expect(mkdir(scratch + "/open", 0o700) == 0 && chmod(scratch + "/open", 0o777) == 0)
        let result = CertificateSetup.save(Self.files, into: scratch + "/" + target)
        guard case .failed(let sentence) = result else {
            Issue.record("saved: \(result)")
            return
        }
        #expect(sentence.hasPrefix("The z/OS artifacts were not saved: Refusing to write"), "\(sentence)")
        #expect(sentence.contains("the directory \(scratch)/open is owned by") && sentence.contains("mode 0777"), "\(sentence)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch + "/open") == [])
    }

    @Test("into a new directory of one's own: both files saved")
    func saved() throws {
        let directory = try TemporaryDirectory()
        let scratch = directory.path
        let result = CertificateSetup.save(Self.files, into: scratch + "/zos")
        #expect(result == .artifactsSaved(directory: scratch + "/zos", files: ["RACDCERT.jcl", "PERMITS.jcl"]))
    }
}
