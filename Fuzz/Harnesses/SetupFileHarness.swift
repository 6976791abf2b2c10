import AuthSetup

extension Harness {
    /// Set-up files: any text is refused with a sentence or read into a set-up, never a trap; and a
    /// set-up read from the file is written back as text that reads as the very same set-up.
    static let setupFile = Harness(name: "setup-file") { input in
        let text = String(decoding: input, as: UTF8.self)
        guard let setup = try? SetupFile.parse(text, file: "fuzz.setup") else { return }
        let rendered = SetupFile.render(setup)
        let again: Setup
        do {
            again = try SetupFile.parse(rendered, file: "rendered.setup")
        } catch {
            violated("a rendered set-up parses", "\(error)\n\(rendered)")
        }
        guard again == setup else { violated("render then parse gives the same set-up", rendered) }
        guard SetupFile.render(again) == rendered else { violated("rendering is stable", rendered) }
    }
}
