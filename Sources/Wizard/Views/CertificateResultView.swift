/// Mechanism 4's result: the key and its picture, the proof through the agent, the line to log in
/// with, where the ring and the public key are; z opens the z/OS artifacts.
enum CertificateResultView {
    static func draw(_ result: CertificateResult, reserving reserved: Int = 0, into frame: inout Frame) {
        let proved = result.agentSocket != nil
        frame.header(proved ? "Done: login through the ssh-agent works" : "Done: the key is installed", detail: "done")
        // As for a key pair: the picture beside the text on a tall screen; on a short one the text
        // takes the width, so that it and the commands that repeat the set-up show whole.
        let showsArt = frame.size.rows >= 30
        let artColumn = frame.size.columns - 21
        if showsArt {
            for (offset, line) in result.randomart.split(separator: "\n").enumerated() {
                frame.buffer.put(String(line), row: 3 + offset, column: artColumn)
            }
        }
        let width = showsArt ? artColumn - 4 : frame.size.columns - 4
        // The last `reserved` body rows belong to the commands that repeat the set-up.
        let last = frame.bodyRows.upperBound - reserved - (reserved > 0 ? 1 : 0)
        frame.buffer.put("Key \(result.fingerprint)", row: 3, column: 2, style: .title, limit: width)
        var row: Int
        if let socket = result.agentSocket {
            row = frame.paragraph("The key of '\(result.label)' is installed for \(result.targetName), loaded into the ssh-agent at \(socket), and ssh logged in through the agent with it.",
                                  row: 4, style: .good, width: width, last: last)
        } else {
            row = frame.paragraph("The key of '\(result.label)' is installed for \(result.targetName). No ssh-agent was running (SSH_AUTH_SOCK was not set), so the key was not loaded and the login not proved: start one in your shell with eval \"$(ssh-agent)\", then load the key with: sshauth ring agent \(result.ringPath):\(result.label)",
                                  row: 4, style: .warning, width: width, last: last)
        }
        row = frame.paragraph("Log in with: \(result.loginCommand)", row: row + 1, width: width, last: last)
        row = frame.paragraph("Ring \(result.ringPath), label '\(result.label)', not after \(result.certificate.notAfter). Public key \(result.publicKeyPath).",
                              row: row + 1, width: width, last: last)
        frame.paragraph("The private key stays in the ring (and the agent's memory); no file holds it. An agent forgets it when it ends: load it again with 'sshauth ring agent'.",
                        row: showsArt ? max(row + 1, 15) : row + 1, style: .dim, last: last)
        frame.footer("z z/OS jobs and lines   Enter or q quit   F1 help")
    }
}
