import AuthSetup
import SSHKeys

/// The z/OS side of a certificate set up here: the RACDCERT job that makes the same certificate
/// in RACF, its renewal job, the PERMITs its user needs, and the export/cozsftp/COZCFG lines, all
/// from the existing generators with the certificate's own values.
public struct ZOSArtifacts: Sendable, Equatable {
    /// One artifact: the file it is saved as, and its text or why it could not be made.
    public struct Artifact: Sendable, Equatable {
        public let title: String
        public let fileName: String
        public let text: Result<String, ZOSInputError>
    }

    public let artifacts: [Artifact]
    /// Things to know about the values used.
    public let notes: [String]

    /// The artifacts for `result`'s certificate, owned by the form's user ID in its ring.
    public init(_ result: CertificateResult, form: ZOSForm, today: CertificateDate) {
        let entry = result.certificate
        var notes: [String] = []
        let rsaSize: RSAKeySize
        if entry.keyAlgorithm == .rsa, let bits = entry.keyBits, let size = try? RSAKeySize(bits: bits) {
            rsaSize = size
        } else {
            rsaSize = .bits2048
            notes.append("The certificate here has a \(entry.key ?? "non-RSA") key; the RACDCERT job makes an RSA 2048 key, the kind z/OS OpenSSH key rings are known to take.")
        }
        let racfToday = Self.racfDate(today)
        func creation() throws(ZOSInputError) -> String {
            let owner = try ZOSUserID(form.userID)
            let subject = try RACFSubject(commonName: entry.commonName ?? "", organizationalUnit: entry.organizationalUnit,
                                          organization: entry.organization, country: entry.country)
            return try CertificateCreationJob(owner: owner, ring: try KeyRingName(form.ring), label: try RACFLabel(result.label),
                                              subject: subject, notAfter: try RACFDate(entry.notAfter), today: racfToday,
                                              keySize: rsaSize).jcl()
        }
        // The renewal's new end: a year after the current one, or after today when that is already past.
        let renewedUntil = Self.racfDate(max(today, (try? CertificateDate(parsing: entry.notAfter)) ?? today).adding(years: 1))
        func renewal() throws(ZOSInputError) -> String {
            try CertificateRenewalJob(owner: try ZOSUserID(form.userID), label: try RACFLabel(result.label), notAfter: renewedUntil,
                                      today: racfToday).jcl()
        }
        func permits() throws(ZOSInputError) -> String {
            try KeyRingPermits(user: try ZOSUserID(form.userID), ring: try KeyRingName(form.ring), ringSpecific: false, icsf: false).jcl()
        }
        func usage() throws(ZOSInputError) -> String {
            let target = TargetAddress(user: result.targetUser, host: result.targetHost, port: result.targetPort == 22 ? nil : result.targetPort)
            return try KeyRingUsage(ring: try KeyRingName(form.ring), label: try RACFLabel(result.label), target: target).text()
        }
        artifacts = [
            Artifact(title: "RACDCERT job: the certificate and its ring in RACF", fileName: "racdcert.jcl", text: Result(catching: creation)),
            Artifact(title: "Renewal job (same key, until \(renewedUntil))", fileName: "renew.jcl", text: Result(catching: renewal)),
            Artifact(title: "PERMIT job: what \(form.userID) needs to use the ring", fileName: "permits.jcl", text: Result(catching: permits)),
            Artifact(title: "Export, cozsftp and COZCFG lines", fileName: "cozsftp.txt", text: Result(catching: usage)),
        ]
        self.notes = notes
    }

    /// Mechanism 3's z/OS batch variant as it is shown (an introduction, a blank line, the jobs):
    /// the introduction as notes, the jobs as one file to save.
    public init(askpassVariant lines: [String]) {
        let blank = lines.firstIndex(of: "") ?? lines.count
        var jobs = Array(lines.dropFirst(blank + 1))
        while jobs.last == "" { jobs.removeLast() }
        if jobs.contains(where: { $0.hasPrefix("//") }) {
            notes = Array(lines.prefix(blank))
            artifacts = [Artifact(title: "Batch jobs: the password in a dataset, and a run with it", fileName: "askpass-zos.jcl",
                                  text: .success(jobs.joined(separator: "\n") + "\n"))]
        } else {
            notes = lines
            artifacts = []
        }
    }

    /// Every artifact under a heading, as the screen shows them.
    public var lines: [String] {
        var lines = notes
        for artifact in artifacts {
            if !lines.isEmpty { lines.append("") }
            lines.append("# \(artifact.title) (\(artifact.fileName))")
            switch artifact.text {
            case .success(let text):
                var body = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if body.last == "" { body.removeLast() }
                lines += body
            case .failure(let error): lines.append("Not made: \(error.description)")
            }
        }
        return lines
    }

    /// The files to save: the artifacts that could be made.
    public var files: [ArtifactFile] {
        artifacts.compactMap { artifact in
            guard case .success(let text) = artifact.text else { return nil }
            return ArtifactFile(name: artifact.fileName, text: text)
        }
    }

    private static func racfDate(_ date: CertificateDate) -> RACFDate {
        (try? RACFDate(date.description)) ?? RACFDate.today()
    }
}

/// A file of text to be written, new, into a directory the user names.
public struct ArtifactFile: Sendable, Equatable {
    public let name: String
    public let text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}
