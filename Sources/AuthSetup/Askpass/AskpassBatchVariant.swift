/// The z/OS batch variant offered next to a local askpass set-up (the wizard's `z`).
extension AskpassBatchJob {
    /// The z/OS batch variant for the same target, with a dataset name made from the user and
    /// the set-up's name (the command `sshauth askpass zos --dsn` takes any other).
    public static func suggestedLines(for request: AskpassRequest, localUser: String) -> [String] {
        func qualifier(_ text: String, fallback: String) -> String {
            let letters = text.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
            let trimmed = String(letters.drop { $0.isNumber }.prefix(8))
            return trimmed.isEmpty ? fallback : trimmed
        }
        let dataset = "\(qualifier(localUser, fallback: "USERID")).SSHAUTH.PASSWD(\(qualifier(request.name, fallback: "TARGET")))"
        let intro = [
            "The jobs below read the password from the dataset '\(dataset)' instead of a file. For another dataset, make them with:",
            "  sshauth askpass zos --dsn 'HLQ.PASSWD(MEMBER)' -p \(request.port) \(request.user)@\(request.host)",
            "",
        ]
        do {
            let job = try AskpassBatchJob(passwordDataset: try DatasetName(dataset),
                                          target: TargetAddress(user: request.user, host: request.host, port: request.port))
            return intro + (try job.jcl()).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        } catch {
            return intro + ["The z/OS variant could not be made: \(error.description)"]
        }
    }
}
