import Foundation
import TestSupport
import Testing
import SSHKeys
@testable import AuthSetup

/// The ring's read-modify-write: locked, re-read under the lock, compared right before the rename,
/// and written through a symbolic link to the file it points to.
@Suite("RingFile")
struct RingFileTests {
    static let password = SecretBytes(Array("correct horse".utf8))

    static func certificate(_ label: String) throws -> RingCertificate {
        try SelfSignedCertificate.issue(label: RingLabel(label), subject: CertificateSubject(commonName: label),
                                        key: RingKeySpec(parsing: "ecdsa:256"), notAfter: time(nil) + 86_400)
    }

    static func labels(_ path: String) throws -> [String] {
        let ring = try KeyRing(pkcs12: TemporaryDirectory.read(path: path), password: password, name: path)
        return ring.certificates.compactMap { $0.label?.text }
    }

    @Test("update adds to the ring as the file holds it under the lock, and says whether the file was new")
    func updateAddsToTheCurrentRing() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("ring.p12")
        let first = try Self.certificate("FIRST"), second = try Self.certificate("SECOND")
        var seen: [([UInt8]?, Int)] = []
        let createdFirst = try RingFile.update(path, password: Self.password) { (current, ring) throws(RingFileError) in
            seen.append((current, ring.certificates.count))
            do throws(KeyRingError) { try ring.add(first) } catch { throw .ring(error) }
        }
        let createdSecond = try RingFile.update(path, password: Self.password) { (current, ring) throws(RingFileError) in
            seen.append((current, ring.certificates.count))
            do throws(KeyRingError) { try ring.add(second) } catch { throw .ring(error) }
        }
        #expect(createdFirst && !createdSecond)
        #expect(seen.count == 2 && seen[0].0 == nil && seen[0].1 == 0 && seen[1].0 != nil && seen[1].1 == 1)
        #expect(try Self.labels(path) == ["FIRST", "SECOND"])
        #expect(permissions(path) == 0o600)
        #expect(try scratch.list() == ["ring.p12"], "a temporary or lock file was left behind")
    }

    @Test("a ring changed after update read it (by a program that takes no lock) is left as that program wrote it")
    func changeBeforeTheRenameIsKept() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("ring.p12")
        let first = try Self.certificate("FIRST")
        try RingFile.update(path, password: Self.password) { (_, ring) throws(RingFileError) in
            do throws(KeyRingError) { try ring.add(first) } catch { throw .ring(error) }
        }
        let other = Array("written by someone else\n".utf8)
        let late = try Self.certificate("LATE")
        #expect(throws: RingFileError.file(LocalFileError(.changedMeanwhile, path: path))) {
            try RingFile.update(path, password: Self.password) { (_, ring) throws(RingFileError) in
                do throws(KeyRingError) { try ring.add(late) } catch { throw .ring(error) }
                // Another writer replaces the file between the read and the rename.
                try? Data(other).write(to: URL(fileURLWithPath: path))
            }
        }
        #expect(try scratch.read("ring.p12") == other)
        #expect(try scratch.list() == ["ring.p12"])
    }

    @Test("a ring created by someone else after update found none is not replaced")
    func fileCreatedMeanwhileIsKept() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("ring.p12")
        let first = try Self.certificate("FIRST")
        #expect(throws: RingFileError.self) {
            try RingFile.update(path, password: Self.password) { (_, ring) throws(RingFileError) in
                do throws(KeyRingError) { try ring.add(first) } catch { throw .ring(error) }
                try? Data("theirs".utf8).write(to: URL(fileURLWithPath: path))
            }
        }
        #expect(try scratch.read("ring.p12") == Array("theirs".utf8))
        #expect(try scratch.list() == ["ring.p12"])
    }

    @Test("a ring path that is a symbolic link updates the file it points to; the link stays a link")
    func symlinkUpdatesItsTarget() throws {
        let scratch = try TemporaryDirectory()
        #expect(mkdir(scratch.file("rings"), 0o700) == 0)
        let target = scratch.file("rings/real.p12")
        #expect(symlink("rings/real.p12", scratch.file("link.p12")) == 0)
        let first = try Self.certificate("FIRST"), second = try Self.certificate("SECOND")
        for (path, certificate) in [(target, first), (scratch.file("link.p12"), second)] {
            try RingFile.update(path, password: Self.password) { (_, ring) throws(RingFileError) in
                do throws(KeyRingError) { try ring.add(certificate) } catch { throw .ring(error) }
            }
        }
        #expect(fileStatus(scratch.file("link.p12")).map { $0.st_mode & S_IFMT == S_IFLNK } == true)
        #expect(try Self.labels(target) == ["FIRST", "SECOND"])
        #expect(try Self.labels(scratch.file("link.p12")) == ["FIRST", "SECOND"])
    }

    @Test("a link to a missing file is refused with a sentence; nothing is created")
    func danglingLinkRefused() throws {
        let scratch = try TemporaryDirectory()
        #expect(symlink(scratch.file("nowhere/ring.p12"), scratch.file("link.p12")) == 0)
        #expect(throws: RingFileError.file(LocalFileError(.danglingLink, path: scratch.file("link.p12")))) {
            try RingFile.update(scratch.file("link.p12"), password: Self.password) { (_, _) throws(RingFileError) in }
        }
        #expect(try scratch.list() == ["link.p12"])
    }

    @Test("while another process holds the lock, an update waits, then gives up with a sentence after its limit")
    func lockIsExclusive() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("ring.p12")
        do {
            // flock locks belong to the open file description, so a second open in this process conflicts like another process.
            let held = try FileLock(guarding: path)
            let started = Date()
            do throws(LocalFileError) {
                _ = try FileLock(guarding: path, waitingAtMost: 1)
                Issue.record("a second lock was granted while the first was held")
            } catch {
                #expect(error == LocalFileError(.locked(directory: scratch.path, seconds: 1), path: path))
                #expect(error.description == "Cannot update \(path): another process has held the lock on \(scratch.path) for 1 seconds; try again when it has finished.")
            }
            let waited = Date().timeIntervalSince(started)
            #expect(waited >= 0.9 && waited < 3, "\(waited)")
            withExtendedLifetime(held) {}
        }
        // Released with the first: the next one is granted at once.
        _ = try FileLock(guarding: path, waitingAtMost: 0)
    }
}
