/// The z/OS batch variant of the askpass mechanism: a password kept in a RACF-protected dataset
/// and handed to ssh by Co:Z's helper script, for Co:Z SFTP running under COZBATCH.
///
/// The text holds two jobs. The first, run once by someone with the authority, protects the
/// dataset with a profile that lets only the job's user ID read it. The second is the transfer
/// job: it exports what the helper and ssh need and calls cozsftp with BatchMode switched back
/// on for passwords, because `-b` alone switches password logins off.
public struct AskpassBatchJob: Sendable {
    /// Where Co:Z is installed when nothing else is said.
    public static let defaultCozHome = "/usr/lpp/coz"
    /// Co:Z's helper that prints the password read from the dataset named in PASSWD_DSN.
    public static let helperName = "read_passwd_dsn.sh"

    public let passwordDataset: DatasetName
    /// The user ID the transfer job runs as, the only one allowed to read the dataset.
    public let user: ZOSUserID
    public let cozHome: String
    public let target: TargetAddress
    public let jobCard: JobCard

    /// Without `user`, the dataset's first qualifier is taken, as that is usually the owner.
    /// `cozHome` must be an absolute z/OS UNIX path; a trailing `/` is dropped.
    public init(passwordDataset: DatasetName, user: ZOSUserID? = nil, cozHome: String = defaultCozHome,
                target: TargetAddress, jobCard: JobCard = .standard) throws(ZOSInputError) {
        if let user {
            self.user = user
        } else {
            do {
                self.user = try ZOSUserID(passwordDataset.highLevelQualifier)
            } catch {
                throw ZOSInputError(.datasetName, .unusable(reason: "its first qualifier is not a user ID, so the user ID of the job must be named"), input: passwordDataset.fullName)
            }
        }
        self.cozHome = try Self.checkCozHome(cozHome)
        self.passwordDataset = passwordDataset
        self.target = target
        self.jobCard = jobCard
    }

    /// Both jobs as text.
    public func jcl() throws(ZOSInputError) -> String {
        try protectionJob() + transferJob()
    }

    private func protectionJob() throws(ZOSInputError) -> String {
        var job = JCLBuilder(jobCard: jobCard)
        let profile = "'\(passwordDataset.name)'"
        job.commentBlock([
            "Job 1 of 2: protects the password dataset \(passwordDataset.name) so that no one but \(user) can read it. Submit it once, as a user with authority over the dataset profiles of \(passwordDataset.highLevelQualifier) (usually a security administrator).",
            passwordDataset.member == nil
                ? "The dataset holds one line, the password from column 1, without sequence numbers (ISPF: NUM OFF)."
                : "RACF protects datasets, not members: every member of \(passwordDataset.name) is covered. The member holds one line, the password from column 1, without sequence numbers (ISPF: NUM OFF).",
            "LISTDSD shows the access list: check that nobody else who should not see the password is on it.",
        ])
        try job.tsoStep(named: "PROTECT", [
            .comment("A profile for exactly this dataset, no access by default"),
            .command(TSOCommand(["ADDSD", profile, "GENERIC", "UACC(NONE)"])),
            .command(TSOCommand(["PERMIT", profile, "GENERIC", "ID(\(user))", "ACCESS(READ)"])),
            .command(TSOCommand(["SETROPTS", "GENERIC(DATASET)", "REFRESH"])),
            .blank,
            .comment("Show the profile and its access list"),
            .command(TSOCommand(["LISTDSD", "DATASET(\(profile))", "GENERIC", "ALL"])),
        ])
        return job.text
    }

    private func transferJob() throws(ZOSInputError) -> String {
        var job = JCLBuilder(jobCard: jobCard)
        job.commentBlock([
            "Job 2 of 2: Co:Z SFTP to \(target.displayName), logging in with the password in \(passwordDataset.fullName). Runs as \(user).",
            "The target's host key must already be in \(user)'s known_hosts: in batch nobody can confirm a new one.",
            "Put the sftp commands between the cozsftp line and EOB.",
        ])
        try job.statement("//RUNSFTP  EXEC COZBATCH")
        var script = [
            "# Co:Z's helper prints the password from the dataset in PASSWD_DSN",
            "coz_bin=\(ShellQuoting.quote(cozHome + "/bin"))",
            "PASSWD_DSN='\(passwordDataset.fullName)'",
            "export PASSWD_DSN",
            "export SSH_ASKPASS=$coz_bin/\(Self.helperName)",
            "# Without a terminal ssh asks SSH_ASKPASS once DISPLAY is set;",
            "# OpenSSH 8.4 and later also honour SSH_ASKPASS_REQUIRE=force",
            "export DISPLAY=none",
            "export SSH_ASKPASS_REQUIRE=force",
            "# An unknown host key fails instead of asking; one password",
            "# attempt per run spares the target's lockout count",
            "ssh_opts=\"-oStrictHostKeyChecking=yes -oNumberOfPasswordPrompts=1\"",
        ]
        if let port = target.port { script.append("ssh_opts=\"$ssh_opts -oPort=\(port)\"") }
        script += [
            "target=\(ShellQuoting.quote(TargetAddress(user: target.user, host: target.host).displayName))",
            "# -b turns BatchMode on, which disables passwords: -oBatchMode=no",
            "# must come before it",
            "$coz_bin/cozsftp -oBatchMode=no $ssh_opts -b- \"$target\" <<EOB",
            "pwd",
            "EOB",
        ]
        try job.inStreamData(dd: "//CMD.SYSUT1 DD DATA,DLM=\(JCLBuilder.delimiter)", script)
        return job.text
    }

    private static func checkCozHome(_ path: String) throws(ZOSInputError) -> String {
        guard !path.isEmpty else { throw ZOSInputError(.cozHome, .empty, input: path) }
        let allowed: Set<Character> = ["/", ".", "_", "-", "+", "@", "#"]
        if let bad = path.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) && !allowed.contains($0) }) {
            throw ZOSInputError(.cozHome, .badCharacter(bad, part: ""), input: path)
        }
        guard path.hasPrefix("/") else {
            throw ZOSInputError(.cozHome, .unusable(reason: "it must be an absolute path, starting with /"), input: path)
        }
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return trimmed == "/" ? "" : String(trimmed)
    }
}
