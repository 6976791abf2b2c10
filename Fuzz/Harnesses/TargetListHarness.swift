import AuthSetup

extension Harness {
    /// `--hosts` lists and inventories: any bytes are refused with a FILE:LINE sentence or give
    /// targets, never a trap; every target given is one a typed target could be, and none twice.
    static let targetList = Harness(name: "target-list") { input in
        let targets: [FleetTarget]
        do throws(TargetListError) {
            targets = try TargetList.parse(Array(input), file: "fuzz.hosts")
        } catch {
            guard error.description.hasPrefix("fuzz.hosts") else {
                violated("a refusal names the file", error.description)
            }
            return
        }
        guard !targets.isEmpty, targets.count <= TargetList.maximumTargets else { violated("between 1 and the maximum targets", "\(targets.count)") }
        for target in targets {
            guard (try? TargetAddress(parsing: target.address.displayName)) == target.address else {
                violated("a target's address parses back to itself", target.address.displayName)
            }
        }
    }
}
