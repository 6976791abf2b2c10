import COpenSSL

extension SSHKeyError {
    /// An error carrying OpenSSL's own reason for the most recent failure, read from its error queue
    /// in this one place; the queue is cleared so later calls start clean.
    static func openSSL(_ operation: String) -> SSHKeyError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return SSHKeyError(.library, operation) }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let reason = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return SSHKeyError(.library, "\(operation) (\(reason))")
    }
}
