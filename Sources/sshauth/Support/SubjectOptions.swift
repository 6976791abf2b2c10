import ArgumentParser

/// A certificate's subject name, as RACDCERT's SUBJECTSDN takes it: the same options for a ring
/// certificate made here (`ring create`) and for the z/OS job that makes one (`zos racdcert`).
struct SubjectOptions: ParsableArguments {
    @Option(name: .customLong("cn"), help: ArgumentHelp("Common name (CN), e.g. the person or batch job, up to 64 characters; required.", valueName: "name"))
    var commonName: String

    @Option(name: .customLong("o"), help: ArgumentHelp("Organization (O), up to 64 characters.", valueName: "org"))
    var organization: String?

    @Option(name: .customLong("ou"), help: ArgumentHelp("Organizational unit (OU), up to 64 characters.", valueName: "unit"))
    var organizationalUnit: String?

    @Option(name: .customLong("c"), help: ArgumentHelp("Country (C): two letters such as US.", valueName: "cc"))
    var country: String?

    @Option(name: .customLong("l"), help: ArgumentHelp("Locality (L), up to 128 characters.", valueName: "locality"))
    var locality: String?

    @Option(name: .customLong("sp"), help: ArgumentHelp("State or province (SP), up to 128 characters.", valueName: "state"))
    var stateOrProvince: String?

    @Option(name: .customLong("t"), help: ArgumentHelp("Title (T), up to 64 characters.", valueName: "title"))
    var title: String?
}
