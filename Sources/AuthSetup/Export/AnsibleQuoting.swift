/// How values from the user (host names, key comments, paths) are written into the exported
/// files so that neither YAML, nor the INI inventory, nor Ansible's templating reads more into
/// them than the value itself.
enum AnsibleQuoting {
    /// A YAML double-quoted scalar tagged `!unsafe`: YAML reads exactly `text` back (every quote,
    /// backslash, control and non-ASCII character escaped), and the tag stops Ansible from
    /// evaluating `{{ }}` or `{% %}` in it.
    static func unsafeYAML(_ text: String) -> String {
        "!unsafe " + yamlString(text)
    }

    /// A YAML double-quoted scalar holding exactly `text`. Only printable ASCII goes in as it is,
    /// so a line separator or an invisible character cannot end the line or hide in it.
    static func yamlString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                if scalar.value <= 0xFF {
                    out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                }
            }
        }
        return out + "\""
    }

    /// A value for `name=value` on an inventory host line. Ansible splits the line as a shell
    /// would and then reads each value as a Python literal, so `123` would become a number and
    /// `True` a boolean: a value that is plainly text (a name starting with a letter, an IPv4
    /// address) is written as it is, anything else as a quoted Python string inside shell quotes.
    /// The value must hold no quote, brace or control character (``AnsibleExport`` checks).
    static func inventoryValue(_ text: String) -> String {
        if isPlainInventoryText(text) { return text }
        var python = "\""
        for character in text {
            if character == "\\" { python += "\\\\" } else { python.append(character) }
        }
        python += "\""
        return "'" + python + "'"
    }

    private static func isPlainInventoryText(_ text: String) -> Bool {
        guard !["True", "False", "None"].contains(text), let first = text.unicodeScalars.first else { return false }
        let nameCharacters = text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_") }
        if first.isASCII, first.properties.isAlphabetic, nameCharacters { return true }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// Whether `name` can stand as an inventory host name as it is: letters, digits, `.`, `_`
    /// and `-`, starting with a letter or digit, and not a name Ansible takes for this machine
    /// (the proof task runs on `localhost`, which must not be one of the targets).
    static func isPlainHostAlias(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first),
              !["localhost", "127.0.0.1"].contains(name.lowercased()) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_") }
    }
}
