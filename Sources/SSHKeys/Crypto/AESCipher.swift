import COpenSSL

/// The ciphers openssh-key-v1 files use for their private section, through OpenSSL EVP.
enum PrivateKeyCipher: String, Sendable {
    case none = "none"
    case aes256ctr = "aes256-ctr"
    case aes256cbc = "aes256-cbc"

    var blockSize: Int { self == .none ? 8 : 16 }
    var keyLength: Int { self == .none ? 0 : 32 }
    var ivLength: Int { self == .none ? 0 : 16 }

    /// Encrypts or decrypts `input` (a whole number of blocks) with the key and IV derived for the file.
    func apply(_ input: [UInt8], keyAndIV: SecretBytes, encrypt: Bool) throws(SSHKeyError) -> [UInt8] {
        guard self != .none else { return input }
        guard input.count % blockSize == 0 else {
            throw SSHKeyError(.malformed, "the encrypted section is not a whole number of cipher blocks")
        }
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSL("creating a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        let cipher = self == .aes256ctr ? EVP_aes_256_ctr() : EVP_aes_256_cbc()
        let ok = keyAndIV.withBytes { material in
            EVP_CipherInit_ex2(context, cipher, material.baseAddress, material.baseAddress! + keyLength, encrypt ? 1 : 0, nil)
        }
        guard ok == 1 else { throw .openSSL("setting up \(rawValue)") }
        // The section is already padded to the block size; OpenSSL must not add or strip PKCS#7 padding.
        EVP_CIPHER_CTX_set_padding(context, 0)
        var output = [UInt8](repeating: 0, count: input.count + blockSize)
        var written: Int32 = 0
        var final: Int32 = 0
        let updated = EVP_CipherUpdate(context, &output, &written, input, Int32(input.count))
        let finished = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress! + Int(written), &final)
        }
        guard updated == 1, finished == 1 else {
            wipe(&output)
            throw .openSSL("running \(rawValue)")
        }
        output.removeLast(output.count - Int(written + final))
        return output
    }
}
