import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// .ppk files made by puttygen 0.78 (`puttygen -t TYPE -C COMMENT -O private --ppk-param ...`), each
/// with the public key `puttygen FILE -O public-openssh` printed for it. The encrypted ones use the
/// passphrase "correct horse" and, to keep the tests quick, small Argon2 settings (64 KiB, one or two
/// passes), except `ecdsa256-v3-default`, which has PuTTYgen's default 8 MiB.
enum PuTTYFixtures {
    struct Fixture: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let publicLine: String
        var isEncrypted: Bool { text.contains("Encryption: aes256-cbc") }
        var testDescription: String { name }
    }

    static let passphrase = "correct horse"

    static let all: [Fixture] = [
        Fixture(name: "ecdsa256-v2", text: """
            PuTTY-User-Key-File-2: ecdsa-sha2-nistp256
            Encryption: none
            Comment: fixture ecdsa256-v2
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDjW0DQVc/2x
            SmddGgso40ASqZOiq2GYH6ihPJ0RDGE0heKhmXlYrN2bXDCE3gjtcAy52ux0+T5+
            nWLWc5mPiag=
            Private-Lines: 1
            AAAAIQC283ladb0VyJT16OFIXS9Rr3okmBgWXQz63poYK+Iy5A==
            Private-MAC: 1bb39d609fbc9e4e08c4779acd580c1d019ec7a9

            """,
                publicLine: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDjW0DQVc/2xSmddGgso40ASqZOiq2GYH6ihPJ0RDGE0heKhmXlYrN2bXDCE3gjtcAy52ux0+T5+nWLWc5mPiag= fixture ecdsa256-v2"),
        Fixture(name: "ecdsa256-v2-enc", text: """
            PuTTY-User-Key-File-2: ecdsa-sha2-nistp256
            Encryption: aes256-cbc
            Comment: fixture ecdsa256-v2-enc
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBN05+wYapaHc
            JQyXoGmlP49pNawKXeUAewzP32Xrh0kFMf4NkPMGvmV4V2csQPuwdMaOvYA11rwB
            NdCb7KQiq+A=
            Private-Lines: 1
            XHKGLPOMqhrKKKPwXUPZm5PPw+fyfIFcC7mIxGYGWOYJoBPznwLVUhdcJYKraxtz
            Private-MAC: 976040c04e06fdd7a33c6b26f3aa9ac536eae1c6

            """,
                publicLine: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBN05+wYapaHcJQyXoGmlP49pNawKXeUAewzP32Xrh0kFMf4NkPMGvmV4V2csQPuwdMaOvYA11rwBNdCb7KQiq+A= fixture ecdsa256-v2-enc"),
        Fixture(name: "ecdsa256-v3", text: """
            PuTTY-User-Key-File-3: ecdsa-sha2-nistp256
            Encryption: none
            Comment: fixture ecdsa256-v3
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOW5kULrgmuC
            s68PL8fLnRK4vMsJZ/3vSZkZCZZ0Bq0JTGSCU2976Dyj+jF0NEiHn9JnQY+zyiCj
            yQHWlP4hq54=
            Private-Lines: 1
            AAAAIQCReKWXfhSe23ZBgMLptLDKHw5HPz+tKDxKsbCaLIrSPg==
            Private-MAC: 9f84b8ffa105243bb41546d60968ef0c0bdb149643594d975dbbf0021abf7992

            """,
                publicLine: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOW5kULrgmuCs68PL8fLnRK4vMsJZ/3vSZkZCZZ0Bq0JTGSCU2976Dyj+jF0NEiHn9JnQY+zyiCjyQHWlP4hq54= fixture ecdsa256-v3"),
        Fixture(name: "ecdsa256-v3-default", text: """
            PuTTY-User-Key-File-3: ecdsa-sha2-nistp256
            Encryption: aes256-cbc
            Comment: fixture ecdsa256-v3-default
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIkB7YYPHLT5
            9l+xverOcyhh4AmCgjL8xmVpxVYsTyzR6eMjXAQR0FoEKfbygUVuwdGQLnyfynRZ
            5y6axCFd4gY=
            Key-Derivation: Argon2id
            Argon2-Memory: 8192
            Argon2-Passes: 1
            Argon2-Parallelism: 1
            Argon2-Salt: 39d41add71541f15b1da34056c40088f
            Private-Lines: 1
            DkbzZi5wsi5ImncZXrPKiAr4pKppN5Ch9kTmnFUXcllM9UdY8cgnYLAx/C3NDxZp
            Private-MAC: a533aebd1be55d1d5e91fe712661739c6fceabfe6cedc85e05890bea9f6594b1

            """,
                publicLine: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIkB7YYPHLT59l+xverOcyhh4AmCgjL8xmVpxVYsTyzR6eMjXAQR0FoEKfbygUVuwdGQLnyfynRZ5y6axCFd4gY= fixture ecdsa256-v3-default"),
        Fixture(name: "ecdsa256-v3-enc", text: """
            PuTTY-User-Key-File-3: ecdsa-sha2-nistp256
            Encryption: aes256-cbc
            Comment: fixture ecdsa256-v3-enc
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKvoKEa2xgWH
            2K6pCl2yzCkc0KG1gPSpwmFyPphwmQkB6W5/52b8JlMV+Fpd4a+DetWzmmViI65H
            MsO3wyYB/Ek=
            Key-Derivation: Argon2id
            Argon2-Memory: 64
            Argon2-Passes: 1
            Argon2-Parallelism: 1
            Argon2-Salt: 5e67a131953dd1ef0db9130f7fc08142
            Private-Lines: 1
            ezWfLwnUhsr4GAOHFsKW3CVxGmyLp6I9aDaZnNbGvYAzVkoHs/2nSFzlSJgRPdlf
            Private-MAC: 368ab2224c86d8a47cab5cfae2e5702e2c9923e1b2e97ae38b040de4a926d9de

            """,
                publicLine: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKvoKEa2xgWH2K6pCl2yzCkc0KG1gPSpwmFyPphwmQkB6W5/52b8JlMV+Fpd4a+DetWzmmViI65HMsO3wyYB/Ek= fixture ecdsa256-v3-enc"),
        Fixture(name: "ecdsa384-v2", text: """
            PuTTY-User-Key-File-2: ecdsa-sha2-nistp384
            Encryption: none
            Comment: fixture ecdsa384-v2
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBC2v653PMcX5
            yaQQW4bTN8WuNJZF6fa1zUhlEi4uXP9FbD1py24r6a4Qd4yan+gIMVOKCatMpAeu
            z0BL4Vy0QQmcCGm9/uex9GZBOnpoSXDm8YhJJYrP3tX4kchW2jMX/A==
            Private-Lines: 2
            AAAAMQDohjXzHjOdBqZRaOtSbK8UyqWqwCJniu78wKvzypy3jnv0d1DvS0DxX63B
            usDyAmM=
            Private-MAC: 546708310e37265b44641ef8d586c4b5d36fbaf6

            """,
                publicLine: "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBC2v653PMcX5yaQQW4bTN8WuNJZF6fa1zUhlEi4uXP9FbD1py24r6a4Qd4yan+gIMVOKCatMpAeuz0BL4Vy0QQmcCGm9/uex9GZBOnpoSXDm8YhJJYrP3tX4kchW2jMX/A== fixture ecdsa384-v2"),
        Fixture(name: "ecdsa384-v2-enc", text: """
            PuTTY-User-Key-File-2: ecdsa-sha2-nistp384
            Encryption: aes256-cbc
            Comment: fixture ecdsa384-v2-enc
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBAAkxcCgQRi5
            kTL5kupogSuBmcEC7U55ZhD2GTbMlS7Kw4HDOxQPXlcFd6Sxvr3xKq31m2rusrHG
            oWjWRO1m4ACiy2QVlB3mVuHYB9C7hzIBNGcROogjXSeIbeH9QROaAA==
            Private-Lines: 2
            NBys1o/c1Aw9Z6k5JenL+yfG96/j2sLqeEGwc22KZBkr/8c5HoQ5lcUws+ZaD4ar
            +usABmct7u/HKzHz9yrd4w==
            Private-MAC: 80bb6fa170f53dbb1bf6bc1bda7eadb7f4c7f1e4

            """,
                publicLine: "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBAAkxcCgQRi5kTL5kupogSuBmcEC7U55ZhD2GTbMlS7Kw4HDOxQPXlcFd6Sxvr3xKq31m2rusrHGoWjWRO1m4ACiy2QVlB3mVuHYB9C7hzIBNGcROogjXSeIbeH9QROaAA== fixture ecdsa384-v2-enc"),
        Fixture(name: "ecdsa384-v3", text: """
            PuTTY-User-Key-File-3: ecdsa-sha2-nistp384
            Encryption: none
            Comment: fixture ecdsa384-v3
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBCX8HLD0YIzq
            krPHQmAXU4wE1JgwXRW7kUVnL3cuZzSL2qTHe2VVZOfv3OVLU1oNjGrIomECqXnd
            4a7i2SUjnHiX/GyE/qtRYvuEC+BsAneY1+78EdHYjc/PkEzkgmkEmw==
            Private-Lines: 2
            AAAAMQDzHJFUdpjSzbOQohJV/5Zylf38IWFjR3jfS+95ov/PmbbcNng1cDQynjGp
            psRaX0w=
            Private-MAC: 6d3122a26f70a4a879339760a2c5852609509f56b1d143303e664c203b18e3c4

            """,
                publicLine: "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBCX8HLD0YIzqkrPHQmAXU4wE1JgwXRW7kUVnL3cuZzSL2qTHe2VVZOfv3OVLU1oNjGrIomECqXnd4a7i2SUjnHiX/GyE/qtRYvuEC+BsAneY1+78EdHYjc/PkEzkgmkEmw== fixture ecdsa384-v3"),
        Fixture(name: "ecdsa384-v3-enc", text: """
            PuTTY-User-Key-File-3: ecdsa-sha2-nistp384
            Encryption: aes256-cbc
            Comment: fixture ecdsa384-v3-enc
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBBk3fUopHtA+
            1PuHUPJ1LtYrggevNoGQOrbaAxCbiIGzWBE0aj4Zhu5WEpjppruyNqooB2mlMjuH
            tXyRES2sMs32qg7RdL8TY/LPHD6gci6QuuSZRyI77BkkF+Gy0gG1Bw==
            Key-Derivation: Argon2id
            Argon2-Memory: 64
            Argon2-Passes: 1
            Argon2-Parallelism: 1
            Argon2-Salt: 0c345f157f68761ae972955c6cd8fad8
            Private-Lines: 2
            AEywiLzU3uyTfavJzobIx5/gYnmf35fBLcRBwczpN8JfuC7sA6pUYHen48QwwQTx
            54zsXhxblJZoreH7Z1QGKQ==
            Private-MAC: 62da8665a7e7d791f06b6f00a339c92a08cf57d0b867e8f10588044c0c73ffb8

            """,
                publicLine: "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBBk3fUopHtA+1PuHUPJ1LtYrggevNoGQOrbaAxCbiIGzWBE0aj4Zhu5WEpjppruyNqooB2mlMjuHtXyRES2sMs32qg7RdL8TY/LPHD6gci6QuuSZRyI77BkkF+Gy0gG1Bw== fixture ecdsa384-v3-enc"),
        Fixture(name: "ecdsa521-v2", text: """
            PuTTY-User-Key-File-2: ecdsa-sha2-nistp521
            Encryption: none
            Comment: fixture ecdsa521-v2
            Public-Lines: 4
            AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAAU7YKLM5rn
            jG0HJaaWsGA8H2vqvFyD1Do/XF9RenvjBSNC84s31+uae39fdT2wmhiGCFt+1ZEe
            qM9R0I364myYpQGlot0KSsfQpP2n6aZ/MQCtRw3cf8HnRL/8FvjlmVpTGNzwDNqM
            kOI56eet0AuLW4zEMVCi8W/gM0oMwp3jBS3v1Q==
            Private-Lines: 2
            AAAAQREzDV0Tqyua3G1B9pg523poUMD9Cmb4OALbp9ete6fTAcK6WJNfSyToQ6tS
            j8vBKeCjQ1A2sZKNOu8wOu8mL4QE
            Private-MAC: dbdc39555ec4f5a891420790104791b268a74c57

            """,
                publicLine: "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAAU7YKLM5rnjG0HJaaWsGA8H2vqvFyD1Do/XF9RenvjBSNC84s31+uae39fdT2wmhiGCFt+1ZEeqM9R0I364myYpQGlot0KSsfQpP2n6aZ/MQCtRw3cf8HnRL/8FvjlmVpTGNzwDNqMkOI56eet0AuLW4zEMVCi8W/gM0oMwp3jBS3v1Q== fixture ecdsa521-v2"),
        Fixture(name: "ecdsa521-v2-enc", text: """
            PuTTY-User-Key-File-2: ecdsa-sha2-nistp521
            Encryption: aes256-cbc
            Comment: fixture ecdsa521-v2-enc
            Public-Lines: 4
            AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAH8bNKOd+e/
            0MX16+1AufGspEz7hDV6W/U+ak/adhMs6ot+1hvPa+vErioFkdTt94QX9nAeCCPQ
            +LAsjOmcKb9/swEcmKirBZLDclnBHyE5IqFMo0XPxma+qszEWVGTQnPkCfqsAstU
            n0EiDAM5iP9dEWbkS9DTFRtJdv6ldzoHJnKFZA==
            Private-Lines: 2
            DsByBpehHN8EanLNCrwER6XQ729o2wZf2FCDRIpOwlbopy31kNTKV8e5gUdAFDeL
            ypGM+rbNJ+ZDlD5iWKcoxxU6cAAMgG5hR+cQhv+/IME=
            Private-MAC: d150fc53b952372ff8199838728d64e216bc8796

            """,
                publicLine: "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAH8bNKOd+e/0MX16+1AufGspEz7hDV6W/U+ak/adhMs6ot+1hvPa+vErioFkdTt94QX9nAeCCPQ+LAsjOmcKb9/swEcmKirBZLDclnBHyE5IqFMo0XPxma+qszEWVGTQnPkCfqsAstUn0EiDAM5iP9dEWbkS9DTFRtJdv6ldzoHJnKFZA== fixture ecdsa521-v2-enc"),
        Fixture(name: "ecdsa521-v3", text: """
            PuTTY-User-Key-File-3: ecdsa-sha2-nistp521
            Encryption: none
            Comment: fixture ecdsa521-v3
            Public-Lines: 4
            AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAAL/2sbJi/9
            ugpInBY7N+/YBhFlOMlt/LAyMyWkT9ft24kAsRUkYFx2XMeaAWsBg4KRaVXS4paY
            U4rfo0ORRmRGVABTKdl5aoyt6FoKJSbR9UScI1seXkPbAeke+e2GJVKWAS3zaIn3
            AEmDv6I6uO7Qo2rRsPqOjZKfb3YQZzkT8QkHSw==
            Private-Lines: 2
            AAAAQgCWSyOGavUni9gCwvWwg0w1Kn/WcigiPs7ACF9AnVhpzHoAjby5uIDj4aQM
            mVqy/BGjQuxbClmyIm9A5UriWxbKCA==
            Private-MAC: 11bd675807525437af29cedfb47bc1921c7d37a28eb145a6e092b487148d4c83

            """,
                publicLine: "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAAL/2sbJi/9ugpInBY7N+/YBhFlOMlt/LAyMyWkT9ft24kAsRUkYFx2XMeaAWsBg4KRaVXS4paYU4rfo0ORRmRGVABTKdl5aoyt6FoKJSbR9UScI1seXkPbAeke+e2GJVKWAS3zaIn3AEmDv6I6uO7Qo2rRsPqOjZKfb3YQZzkT8QkHSw== fixture ecdsa521-v3"),
        Fixture(name: "ecdsa521-v3-enc", text: """
            PuTTY-User-Key-File-3: ecdsa-sha2-nistp521
            Encryption: aes256-cbc
            Comment: fixture ecdsa521-v3-enc
            Public-Lines: 4
            AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAGCxdFDu/+n
            myQDjzIGaDpDvmR92S1/qUH9/OuT+pXqKxZCYW9cc+t3PV+nhXuVtOCeS3ShqJN7
            TtwueVRILf+tSAAWeaDVcasYlB4Xnp7NZf7wd9xZwZSdR/+Mt38iQmq9qBq+lb4g
            DClfyjDVi7JHgGyZdXgiA+MfqfI1ScpizxnyPQ==
            Key-Derivation: Argon2id
            Argon2-Memory: 64
            Argon2-Passes: 1
            Argon2-Parallelism: 1
            Argon2-Salt: 45211b50eaf60bdb401372587071a5f4
            Private-Lines: 2
            DNHeCKY+sNAEjusKjzrRCmW6Au1Kq/6s2r48grjiVaPmgLxuBvyCcejynmrBMEh1
            tg6tclKVhUeECzAjkuCo5IV7WYNM3lttXBIIVGokHV8=
            Private-MAC: 7dbec80a138be8f8b60afd045da8e637e71163b7832d9dd452a20e17cc4e003c

            """,
                publicLine: "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAGCxdFDu/+nmyQDjzIGaDpDvmR92S1/qUH9/OuT+pXqKxZCYW9cc+t3PV+nhXuVtOCeS3ShqJN7TtwueVRILf+tSAAWeaDVcasYlB4Xnp7NZf7wd9xZwZSdR/+Mt38iQmq9qBq+lb4gDClfyjDVi7JHgGyZdXgiA+MfqfI1ScpizxnyPQ== fixture ecdsa521-v3-enc"),
        Fixture(name: "ed25519-v2", text: """
            PuTTY-User-Key-File-2: ssh-ed25519
            Encryption: none
            Comment: fixture ed25519-v2
            Public-Lines: 2
            AAAAC3NzaC1lZDI1NTE5AAAAIKbQSTMn7/bAmgejn2OSMISij5lgcVXJE5cwFdlc
            LhPo
            Private-Lines: 1
            AAAAIAPLu4n5aqoGND1tfOA5FIGHQ44oQ/FwUGl0FPHg2pNX
            Private-MAC: 4243522e70edbbf377c41bc5dac68cce594a2322

            """,
                publicLine: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKbQSTMn7/bAmgejn2OSMISij5lgcVXJE5cwFdlcLhPo fixture ed25519-v2"),
        Fixture(name: "ed25519-v2-enc", text: """
            PuTTY-User-Key-File-2: ssh-ed25519
            Encryption: aes256-cbc
            Comment: fixture ed25519-v2-enc
            Public-Lines: 2
            AAAAC3NzaC1lZDI1NTE5AAAAIDhzMHAZLjeTOswC61QF846i1X3QFiVmPX6y8mAU
            69bg
            Private-Lines: 1
            0fgD7nuehDOmpcE8xBxy1MlzgonoqrEqto9pgeR37E+NKyO+bBb2FZJX9AGWlBvb
            Private-MAC: 878b579a0d25cff187c8daf34155321e50463713

            """,
                publicLine: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDhzMHAZLjeTOswC61QF846i1X3QFiVmPX6y8mAU69bg fixture ed25519-v2-enc"),
        Fixture(name: "ed25519-v3", text: """
            PuTTY-User-Key-File-3: ssh-ed25519
            Encryption: none
            Comment: fixture ed25519-v3
            Public-Lines: 2
            AAAAC3NzaC1lZDI1NTE5AAAAIMl9+Zuj4AnqTuuhjwNMu1KxmJDeLG3yUYQj4pCb
            sqTs
            Private-Lines: 1
            AAAAIFXjlJCdyZrppZYfgojzhc/VnipXNmKkbLacNzON3QRe
            Private-MAC: 7218150e2573e2b613f75bd8d3949bac8b28b59fe23417b2df425d1003d79988

            """,
                publicLine: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMl9+Zuj4AnqTuuhjwNMu1KxmJDeLG3yUYQj4pCbsqTs fixture ed25519-v3"),
        Fixture(name: "ed25519-v3-argon2d", text: """
            PuTTY-User-Key-File-3: ssh-ed25519
            Encryption: aes256-cbc
            Comment: fixture ed25519-v3-argon2d
            Public-Lines: 2
            AAAAC3NzaC1lZDI1NTE5AAAAIGAIa1DZabuckCq9yNHym/xZz9M+5W0WDKKVVatt
            LrU6
            Key-Derivation: Argon2d
            Argon2-Memory: 64
            Argon2-Passes: 2
            Argon2-Parallelism: 2
            Argon2-Salt: 8752e5027e236174918df9a01e0bc600
            Private-Lines: 1
            Hq/lTWcUvk56gM41XqG8Gp4vjEDcPgowkj124CYmihwbTL7X/J1Se40qGzvr03C1
            Private-MAC: 0a03157334c113952c4003074864309db3e13d8e24404f6ecd1ca388051eef44

            """,
                publicLine: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGAIa1DZabuckCq9yNHym/xZz9M+5W0WDKKVVattLrU6 fixture ed25519-v3-argon2d"),
        Fixture(name: "ed25519-v3-argon2i", text: """
            PuTTY-User-Key-File-3: ssh-ed25519
            Encryption: aes256-cbc
            Comment: fixture ed25519-v3-argon2i
            Public-Lines: 2
            AAAAC3NzaC1lZDI1NTE5AAAAIOEYv482CpXVYqNRF2ybs6XuvBx0Cn29djH5WKfZ
            wU/9
            Key-Derivation: Argon2i
            Argon2-Memory: 64
            Argon2-Passes: 2
            Argon2-Parallelism: 2
            Argon2-Salt: ac60a46c93266ef15cf345604a445236
            Private-Lines: 1
            NgkyhNps0eShWv4E+pemQXhoIlJr07Nro4nwQjxICINs0craufQkARD5Qt7ONGg+
            Private-MAC: e881d9676f6ee403970c8c4067e1b5573922f45c4e61ea48354da115f2c2ea19

            """,
                publicLine: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOEYv482CpXVYqNRF2ybs6XuvBx0Cn29djH5WKfZwU/9 fixture ed25519-v3-argon2i"),
        Fixture(name: "ed25519-v3-enc", text: """
            PuTTY-User-Key-File-3: ssh-ed25519
            Encryption: aes256-cbc
            Comment: fixture ed25519-v3-enc
            Public-Lines: 2
            AAAAC3NzaC1lZDI1NTE5AAAAIBHlfoFWVDSRwDbUCXfmO/y9dtcszmjLuRY/6rZ1
            +HWp
            Key-Derivation: Argon2id
            Argon2-Memory: 64
            Argon2-Passes: 1
            Argon2-Parallelism: 1
            Argon2-Salt: 3c8c7de691b2ae6889c692d11301fcec
            Private-Lines: 1
            wyBD1lrNhPSA/yUkWCDDa9Eda6CqGjxfFusAKEpTAQiDTb1HeV7nRPWmgvDzzaYx
            Private-MAC: b381f6b9d1fb6d731276d60f1677a58145b78be5907119b28e756be329781b60

            """,
                publicLine: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBHlfoFWVDSRwDbUCXfmO/y9dtcszmjLuRY/6rZ1+HWp fixture ed25519-v3-enc"),
        Fixture(name: "rsa-v2", text: """
            PuTTY-User-Key-File-2: ssh-rsa
            Encryption: none
            Comment: fixture rsa-v2
            Public-Lines: 4
            AAAAB3NzaC1yc2EAAAADAQABAAAAgQCBI6whk1mJQB2INz3O5nudfKSLVqB9aRmK
            +c52ir5YFOLPLAMwi+kUAWfcBjPwc9r08MVKkJdhnimk42bda8eHQLSI3VMW5YWx
            fg07BYSXpaL8Yop8Cby54oy5KCnGiko4sWetHvdULwJfLh7YoUz8VwTxx/38raOp
            aazdsyoBZQ==
            Private-Lines: 8
            AAAAgC1jVkpuuZdtu3N2xviDNYtClaqLhdjOKbYY2qH7Xa8jmBvsgip74i2v2MsS
            OwsWDSztusncS/h5WHWlny/Pg87b7DJSO8uFf8JqgfQ0Dnj2Cya+1bzeyxsOk9AX
            2pQwzstXHWd0J3F1QHy7q5V+ss5wtVZxbi2NS77gpYQATIY5AAAAQQC6MoWE0eL/
            7AuhGRMfMm7sfyzqB+wCYoGoSGMLnHPssvt65k4L3Ib6B+wHoD/SaaBy9sLHX/PF
            S0aChMZQpHtfAAAAQQCxjUH6vuNfZTw13JYVdYM1K8Jg67RSN3Tp4Xsf97pLOZzz
            MM+No0N/J19usATgqsxZBYvczRSgqvByUmJRSf27AAAAQQC14nTo7DuCjU4m2j3L
            0TV3/q0ZPHP64XTv+YboaIgL7j/+FxAhwrKVv7ICdrZ7z60a9nyl9g3+YPSXutzO
            eJDU
            Private-MAC: e70f482f38e6be200059c861d7939fd280b0e061

            """,
                publicLine: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCBI6whk1mJQB2INz3O5nudfKSLVqB9aRmK+c52ir5YFOLPLAMwi+kUAWfcBjPwc9r08MVKkJdhnimk42bda8eHQLSI3VMW5YWxfg07BYSXpaL8Yop8Cby54oy5KCnGiko4sWetHvdULwJfLh7YoUz8VwTxx/38raOpaazdsyoBZQ== fixture rsa-v2"),
        Fixture(name: "rsa-v2-enc", text: """
            PuTTY-User-Key-File-2: ssh-rsa
            Encryption: aes256-cbc
            Comment: fixture rsa-v2-enc
            Public-Lines: 4
            AAAAB3NzaC1yc2EAAAADAQABAAAAgQDSvjytLLBFk/EM3y5qxBP0mW9QKsLsUzUK
            XOka1k+3AFmizabK3uuvN7AwNUxIh7Q22ND4m5jcABI4zunW8y6ICa0mSXJjDcrp
            gMiq/sMP1+SZqzYOUho07LDvOk4SYebOHa26brT8tMn4CNgUqHeXZPQn77VMxyxl
            ycEcHNxm6w==
            Private-Lines: 8
            u0YPerkSpQ23cWek3vRUUeHHt63Qx+qu3NDR/qr+g3/PBbCJsAX3szAQ648RL4Lc
            nZdRRZ6sybmuPQEExUCVoF35ine+WiYI9J6FPmdLvRQabxnZ6Lu/xPqJkozRTVFh
            c7yJQ5vvZEwukSoOPE9zC1cKtOq9MYaEsVE60D5BK450N04HILCOqrwxs3BsD7Pr
            DQ59xb/u0pRUCCV0R6Ylqggtjo1S/2GpTUH/n3xiMwV78ywt55pIof/RVQUPRb3L
            wADig470bU2tl6Ua2nqzDv2aO0AXnc1P8NvKWJfSjrCVMxAiEzr5EAPjb95usW6c
            Fwzi1SNgwKS/TPSEqKiPRO//n1Xqs3aiCUoF8+OMP09A/qsoGoCM9ayKmnBOtpig
            R3n4RYh4bSer+ZgWkVHG8mjCEd+8UTZHhq2LlNPqmeNsx0qCSi7kt05BnF1bZmbu
            hUpkPOCwq+puA4pNNlyNiQ==
            Private-MAC: ae4b787f6f9f4e22da0a4ba7e83c45ab90b1ee72

            """,
                publicLine: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDSvjytLLBFk/EM3y5qxBP0mW9QKsLsUzUKXOka1k+3AFmizabK3uuvN7AwNUxIh7Q22ND4m5jcABI4zunW8y6ICa0mSXJjDcrpgMiq/sMP1+SZqzYOUho07LDvOk4SYebOHa26brT8tMn4CNgUqHeXZPQn77VMxyxlycEcHNxm6w== fixture rsa-v2-enc"),
        Fixture(name: "rsa-v3", text: """
            PuTTY-User-Key-File-3: ssh-rsa
            Encryption: none
            Comment: fixture rsa-v3
            Public-Lines: 4
            AAAAB3NzaC1yc2EAAAADAQABAAAAgQCXhSG8PKUFlv4dExoFtqr4df98uz8Jr1ry
            97+YaCnpDqx+8iVgzQ8X/Ou+C6tIG+nrOkaCQUdzI763C8kr1tJNpaTJnseGqjwO
            XGOT24k0ALu3DEHSEqLJnFZBsXwlQsS27f61yQo/P0ZHWitLswq40WKT87GZ5bEV
            nD8ohc7cEw==
            Private-Lines: 8
            AAAAgGpys4KlMGI+9APFGbEN5gtsCrO8cMsDEOhFOat+8oKzNmhxAeWB6qq1m4EG
            fazJP4tsg4CbD/FKGYBLnWdZIqElu2McMFt9I0B9DdG/sezIbnW1FvCcJIMtYVVY
            aCxQO196M9eZ2agl70wRlSm5KP2mCquJ0RAvYHLT3Src33DhAAAAQQDopt3cX93N
            lbCQXE98jzef5BJ1hv97Rn4QpXiYkNqr9J/Amsy8dgZBs1VrXGlox+5aWiQG9LjA
            3c3/KO+9OEu5AAAAQQCmueHjDplc8MCFabMIGHbBSBn/zT1Oe6tQaqgxoYx8U3pw
            deG+rKdlG15feNP0STmbP/w/tskZb0NGZKNTpUQrAAAAQQDGExt1JaPArbnhsjPm
            OItOV3KOu1V9wUU9VyfChlnouKylQChBijZi7TK1ra8rEm14/O3XfA+JpcdSea3a
            RSCW
            Private-MAC: 668d66b2d0287c40e182aa327772a99e9682cd4c6d3868ce2397018f134f50ba

            """,
                publicLine: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCXhSG8PKUFlv4dExoFtqr4df98uz8Jr1ry97+YaCnpDqx+8iVgzQ8X/Ou+C6tIG+nrOkaCQUdzI763C8kr1tJNpaTJnseGqjwOXGOT24k0ALu3DEHSEqLJnFZBsXwlQsS27f61yQo/P0ZHWitLswq40WKT87GZ5bEVnD8ohc7cEw== fixture rsa-v3"),
        Fixture(name: "rsa-v3-enc", text: """
            PuTTY-User-Key-File-3: ssh-rsa
            Encryption: aes256-cbc
            Comment: fixture rsa-v3-enc
            Public-Lines: 4
            AAAAB3NzaC1yc2EAAAADAQABAAAAgQCxeySbQLhuagVew2w+FJXBho02c9tkO0CB
            JuCYOOOC82eYQcty3dDMbQgsy22Kw5AYqp7T7pHr1+s1hCiKDJpA6nsB2cmOd+st
            YAsl5gmtLTgUmLkpALiA3OUjLPV1NFX0RXsgJyo0C2Xt41srhST+XNBKEpzWE2/d
            /ARlxkdYqQ==
            Key-Derivation: Argon2id
            Argon2-Memory: 64
            Argon2-Passes: 1
            Argon2-Parallelism: 1
            Argon2-Salt: c3114cde092745526edec68d518e8b0b
            Private-Lines: 8
            EIoyBfaYsneA7Um951764FbMeZm/eMgYl+Y0oRG+4fmcWnQq2zbxzE/4reIz5+fh
            OjjLScsUnmH17XdjR1BUbPvu3noMRWP3BfstHHsPOwxZF20x8Oy4CbbCJiUVI2KJ
            9JHwpKX9DSen9oVeaKr11CpLRdqiKuuwGQMMX8z1SV8sfJmd420hoEuUcFznrZTh
            NVqCmZkfgtMZUWvE7fU3D2hz0j1iY36uyzc7e6CSzO8P0y0R2jy1DMQv2SQezZyz
            D/ND7LE5yLdNI9y7PMCMiDQZUav2JmSlHsNrqQ/aJEPzUI5VJT2rLY2agRo5M0G3
            ru7wFM+41VfUECP924/coZur4lOzfeIvqAQQSUqW+jsCq005CaL9K7nTqA9EaQhN
            3Fmzbmg9tT78XBs9IRrMUYw0LcSoiT+w8+qCJv5G/xDB6H7wG1h40Xs7SK+rw7fG
            PFZqCX7gZka0Nr+zBqzIPA==
            Private-MAC: 9d02cf1e7f768a986545b4636c3264b4e125f48eb476ca18b6fe915399421c26

            """,
                publicLine: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCxeySbQLhuagVew2w+FJXBho02c9tkO0CBJuCYOOOC82eYQcty3dDMbQgsy22Kw5AYqp7T7pHr1+s1hCiKDJpA6nsB2cmOd+stYAsl5gmtLTgUmLkpALiA3OUjLPV1NFX0RXsgJyo0C2Xt41srhST+XNBKEpzWE2/d/ARlxkdYqQ== fixture rsa-v3-enc"),
    ]

    static func named(_ name: String) -> Fixture { all.first { $0.name == name }! }
}

/// Every puttygen fixture reads as puttygen reads it, and the key sshauth gets from it signs what
/// its public key verifies, judged by the real ssh-keygen.
@Suite("PuTTYKeyFileFixtures")
struct PuTTYKeyFileFixtureTests {
    static let passphrase = SecretBytes(Array(PuTTYFixtures.passphrase.utf8))

    static func publicLine(_ fixture: PuTTYFixtures.Fixture) throws -> PublicKeyLine {
        try PublicKeyLine(parsing: fixture.publicLine)
    }

    @Test("the public half, the comment and whether it is encrypted, without the passphrase", arguments: PuTTYFixtures.all)
    func publicHalf(_ fixture: PuTTYFixtures.Fixture) throws {
        let expected = try Self.publicLine(fixture)
        let (key, comment, isEncrypted) = try PuTTYKeyFile.publicHalf(Array(fixture.text.utf8))
        #expect(key == expected.key)
        #expect(comment == "fixture \(fixture.name)")
        #expect(isEncrypted == fixture.isEncrypted)
        #expect(PuTTYKeyFile.looksLikeOne(Array(fixture.text.utf8)))
        #expect(try PrivateKeyFile.isEncrypted(Array(fixture.text.utf8)) == fixture.isEncrypted)
        let half = try PrivateKeyFile.publicHalf(Array(fixture.text.utf8))
        #expect(half.key == expected.key && half.comment == comment)
    }

    @Test("the private key, checked against its public half, signs what ssh-keygen verifies with puttygen's public key", arguments: PuTTYFixtures.all)
    func privateKey(_ fixture: PuTTYFixtures.Fixture) throws {
        let key = try PrivateKeyFile.read(Array(fixture.text.utf8), passphrase: fixture.isEncrypted ? Self.passphrase : nil)
        #expect(key.publicKey == (try Self.publicLine(fixture)).key)
        #expect(key.comment == "fixture \(fixture.name)")

        let scratch = try TemporaryDirectory()
        let written = try OpenSSHPrivateKeyFile.encode(key, passphrase: nil)
        let keyPath = try scratch.write("key", written.withBytes { Array($0) })
        try scratch.write("message", "signed by a key read from a .ppk\n")
        try scratch.write("allowed", "someone \(fixture.publicLine)\n")
        let sign = try ExternalTool.run(["ssh-keygen", "-q", "-Y", "sign", "-f", keyPath, "-n", "file", scratch.file("message")])
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try ExternalTool.run(["ssh-keygen", "-Y", "verify", "-f", scratch.file("allowed"), "-I", "someone", "-n", "file",
                                           "-s", scratch.file("message.sig")], stdin: Array("signed by a key read from a .ppk\n".utf8))
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("an encrypted fixture: no passphrase is passphraseRequired, a wrong one wrongPassphrase", arguments: PuTTYFixtures.all.filter(\.isEncrypted))
    func wrongPassphrase(_ fixture: PuTTYFixtures.Fixture) {
        let text = Array(fixture.text.utf8)
        #expect(throws: SSHKeyError(.passphraseRequired)) { try PuTTYKeyFile.read(text, passphrase: nil) }
        #expect(throws: SSHKeyError(.passphraseRequired)) { try PuTTYKeyFile.read(text, passphrase: SecretBytes([])) }
        #expect(throws: SSHKeyError(.wrongPassphrase)) { try PuTTYKeyFile.read(text, passphrase: SecretBytes(Array("correct horsE".utf8))) }
    }

    @Test("CRLF and CR line endings read as LF ones do, as PuTTY reads them")
    func lineEndings() throws {
        for name in ["rsa-v3-enc", "ecdsa521-v2"] {
            let fixture = PuTTYFixtures.named(name)
            let passphrase = fixture.isEncrypted ? Self.passphrase : nil
            let expected = try PuTTYKeyFile.read(Array(fixture.text.utf8), passphrase: passphrase)
            for ending in ["\r\n", "\r"] {
                let text = Array(fixture.text.replacingOccurrences(of: "\n", with: ending).utf8)
                let key = try PuTTYKeyFile.read(text, passphrase: passphrase)
                #expect(key.publicKey == expected.publicKey && key.comment == expected.comment)
                #expect(key.privateFields == expected.privateFields)
            }
        }
    }

    @Test("announcesPrivateKey: a .ppk file is a private key file, as a .pub line is not")
    func announces() {
        #expect(PrivateKeyFile.announcesPrivateKey(Array(PuTTYFixtures.named("ed25519-v3").text.utf8)))
        #expect(!PrivateKeyFile.announcesPrivateKey(Array(PuTTYFixtures.named("ed25519-v3").publicLine.utf8)))
        #expect(!PuTTYKeyFile.looksLikeOne(Array("PuTTY-User-Key-Fil".utf8)))
    }
}
