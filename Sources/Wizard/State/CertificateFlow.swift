import AuthSetup
/// Mechanism 4's own screens: the ring, the certificate list, a new certificate, the result and
/// the z/OS artifacts. The target, host key, password, review and apply screens are shared with
/// mechanism 2.
extension WizardState {
    /// Screens of the certificate flow before the target (work started from them is ring work).
    static func isCertificateScreen(_ screen: Screen) -> Bool {
        switch screen {
        case .ring, .certificates, .newCertificate, .certificateInstalled, .zosForm, .zosArtifacts: true
        default: false
        }
    }

    mutating func handleRing(_ key: WizardEvent.Key, _ form: inout RingForm) -> [WizardEffect] {
        switch key {
        case .escape:
            back()
        case .enter:
            guard form.problem == nil else { return [] }
            open(.working("Opening the key ring \(form.path)..."))
            return [.openRing(path: form.path, password: form.password, confirmation: form.confirmation)]
        default:
            if form.edit(key) { screen = .ring(form) }
        }
        return []
    }

    mutating func handleCertificates(_ key: WizardEvent.Key, _ choice: inout CertificateChoice) -> [WizardEffect] {
        if choice.confirmingExpired {
            switch key {
            case .character("y"), .character("Y"):
                return certificateChosen(choice)
            case .escape, .character("n"), .character("N"):
                choice.confirmingExpired = false
                screen = .certificates(choice)
                return []
            default:
                return []
            }
        }
        if let moved = ListSelection.moved(key, from: choice.highlighted, count: choice.rowCount, page: max((size.rows - 10) / 2, 1)) {
            choice.move(by: moved - choice.highlighted)
            screen = .certificates(choice)
            return []
        }
        switch key {
        case .escape:
            back()
            return [.closeRing]
        case .enter:
            guard let entry = choice.highlightedEntry else {
                open(.newCertificate(NewCertificateForm(takenLabels: Set(choice.listing.entries.map(\.label)), today: environment.today,
                                                        commonName: environment.localUser)))
                return []
            }
            if let reason = entry.unusableReason {
                choice.notice = reason
            } else if entry.isExpired {
                choice.confirmingExpired = true
            } else {
                return certificateChosen(choice)
            }
        default:
            return []
        }
        screen = .certificates(choice)
        return []
    }

    private mutating func certificateChosen(_ choice: CertificateChoice) -> [WizardEffect] {
        guard let entry = choice.highlightedEntry else { return [] }
        var settled = choice
        settled.confirmingExpired = false
        screen = .certificates(settled)
        open(.target(.certificate, prefilledTarget))
        flow = .certificate(CertificateAnswers(certificate: .existing(ring: choice.listing.path, label: entry.label)))
        return []
    }

    mutating func handleNewCertificate(_ key: WizardEvent.Key, _ form: inout NewCertificateForm) -> [WizardEffect] {
        switch key {
        case .escape:
            back()
        case .enter:
            guard form.values != nil, case .certificates(let choice)? = visits.last?.screen else { return [] }
            open(.target(.certificate, prefilledTarget))
            flow = .certificate(CertificateAnswers(certificate: .new(ring: choice.listing.path, form)))
        default:
            if form.edit(key) { screen = .newCertificate(form) }
        }
        return []
    }

    mutating func handleCertificateInstalled(_ key: WizardEvent.Key, _ result: CertificateResult) -> [WizardEffect] {
        switch key {
        case .enter, .character("q"):
            return [.disconnect, .closeRing, .quit]
        case .character("z"), .character("Z"):
            open(.zosForm(result, ZOSForm(localUser: environment.localUser, ringPath: result.ringPath)))
        default:
            break
        }
        return []
    }

    mutating func handleZOSForm(_ key: WizardEvent.Key, _ result: CertificateResult, _ form: inout ZOSForm) -> [WizardEffect] {
        switch key {
        case .escape:
            back()
        case .enter:
            guard form.problem == nil else { return [] }
            open(.zosArtifacts(ZOSArtifactsScreen(ZOSArtifacts(result, form: form, today: environment.today))))
        default:
            if form.edit(key) { screen = .zosForm(result, form) }
        }
        return []
    }

    mutating func handleZOSArtifacts(_ key: WizardEvent.Key, _ artifacts: inout ZOSArtifactsScreen) -> [WizardEffect] {
        if artifacts.savePath != nil {
            switch key {
            case .escape:
                artifacts.savePath = nil
            case .enter:
                guard let typed = artifacts.savePath, !typed.isEmpty else { return [] }
                let directory = TypedPath.expand(typed, home: environment.home)
                artifacts.savePath = nil
                artifacts.notice = .saving(directory)
                screen = .zosArtifacts(artifacts)
                return [.saveArtifacts(directory: directory, files: artifacts.artifacts.files)]
            default:
                guard artifacts.editPath(key) else { return [] }
            }
            screen = .zosArtifacts(artifacts)
            return []
        }
        if artifacts.scroll(key, area: ZOSArtifactsScreen.textArea(for: size)) {
            screen = .zosArtifacts(artifacts)
            return []
        }
        switch key {
        case .enter, .character("s"):
            artifacts.savePath = environment.home + "/sshauth-zos"
            artifacts.notice = nil
            screen = .zosArtifacts(artifacts)
        case .escape:
            back()
        case .character("q"):
            return [.disconnect, .closeRing, .quit]
        default:
            break
        }
        return []
    }
}
