/// Mechanism 4's result: the key and its picture, the proof through the agent, the line to log in
/// with, where the ring and the public key are; z opens the z/OS artifacts.
enum CertificateResultView {
    static func draw(_ result: CertificateResult, into frame: inout Frame) {
        let proved = result.agentSocket != nil
        frame.header(proved ? "Done: login through the ssh-agent works" : "Done: the key is installed", detail: "done")
        let artColumn = frame.size.columns - 21
        for (offset, line) in result.randomart.split(separator: "\n").enumerated() {
            frame.buffer.put(String(line), row: 3 + offset, column: artColumn)
        }
        let width = artColumn - 4
        frame.buffer.put("Key \(result.fingerprint)", row: 3, column: 2, style: .title, limit: width)
        var row: Int
        if let socket = result.agentSocket {
            row = frame.paragraph("The key of '\(result.label)' is installed for \(result.targetName), loaded into the ssh-agent at \(socket), and ssh logged in through the agent with it.",
                                  row: 4, style: .good, width: width)
        } else {
            row = frame.paragraph("The key of '\(result.label)' is installed for \(result.targetName). No ssh-agent was running (SSH_AUTH_SOCK was not set), so the key was not loaded and the login not proved: start one in your shell with eval \"$(ssh-agent)\", then load the key with: sshauth ring agent \(result.ringPath):\(result.label)",
                                  row: 4, style: .warning, width: width)
        }
        row = frame.paragraph("Log in with: \(result.loginCommand)", row: row + 1, width: width)
        row = frame.paragraph("Ring \(result.ringPath), label '\(result.label)', not after \(result.certificate.notAfter). Public key \(result.publicKeyPath).",
                              row: row + 1, width: width)
        frame.paragraph("The private key stays in the ring (and the agent's memory); no file holds it. An agent forgets it when it ends: load it again with 'sshauth ring agent'.",
                        row: max(row + 1, 15), style: .dim)
        frame.footer("z z/OS jobs and lines   Enter or q quit   F1 help")
    }
}
