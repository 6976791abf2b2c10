import ArgumentParser
import AuthSetup

/// The JOB statement a generated job starts with.
struct JobCardOption: ParsableArguments {
    @Option(name: .customLong("jobcard"), help: ArgumentHelp(
        "Your site's JOB statement, e.g. \"//MYJOB JOB (ACCT),'NAME',CLASS=A\"; a long one is continued after a comma. Several lines may be separated by line breaks.",
        valueName: "text"))
    var text: String?

    /// The statement given, checked, or the default one.
    func jobCard() throws(ZOSInputError) -> JobCard {
        guard let text else { return .standard }
        return try JobCard(text)
    }
}
