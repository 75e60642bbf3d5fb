//! Every audit action in plain words, for the people who read the log on
//! the web (the codes stay in the log, and under "Details"). A test reads
//! the source for every action it writes and fails on one without words.

/// What an audit action means, in words ("" for an action this version
/// does not know: the page then shows its code).
pub fn describe(action: &str) -> &'static str {
    match action {
        "setup.init" => "set the setting up",
        "audit.keyed" => "sealed the audit log with its key",
        "login" => "logged in",
        "login.failed" => "failed to log in",
        "service.unlock" => "unlocked the service",
        "service.unlock.failed" => "failed to unlock the service",
        "user.add" => "added a staff login",
        "user.remove" => "removed a staff login",
        "user.password" => "changed a password",
        "user.disable" => "disabled a staff login",
        "user.enable" => "enabled a staff login",
        "child.add" => "added a child to the register",
        "child.update" => "changed a child's details",
        "child.leave" => "recorded the day a child leaves",
        "guardian.add" => "added a parent or carer",
        "guardian.update" => "changed a parent or carer's link to a child",
        "consent.grant" => "recorded a consent given",
        "consent.refuse" => "recorded a consent refused",
        "consent.withdraw" => "recorded a consent withdrawn",
        "device.add" => "registered a device",
        "device.restore" => "registered a removed device again",
        "device.remove" => "removed a device",
        "device.retire" => "retired a device",
        "device.attested" => "said which device took a photo",
        "device.recheck" => "checked photos again after a device change",
        "upload" => "uploaded photos from an iPad",
        "ingest.stored" => "a photo arrived and was stored",
        "ingest.quarantined" => "a photo arrived and was held for the manager",
        "ingest.awaiting_tags" => "a photo arrived and waits to be tagged",
        "ingest.duplicate" => "a copy of a photo already here arrived",
        "sidecar.tagged_by" => "a tagging app's file named who tagged a photo",
        "sidecar.rejected" => "a tagging app's file was refused",
        "tag" => "tagged a photo",
        "tag.sidecar" => "a tagging app's file tagged a photo",
        "tag.undo" => "took back their own tagging of a photo",
        "report" => "reported a concern about a photo",
        "incident.open" => "opened an incident",
        "incident.close" => "closed an incident",
        "incident.breach" => "marked an incident a possible breach",
        "incident.breach_decision" => "decided whether an incident is a breach",
        "quarantine.release" => "released a photo from the quarantine",
        "quarantine.send_back" => "sent a photo back for tagging",
        "quarantine.delete" => "deleted a photo",
        "quarantine.redact" => "blurred children in a photo",
        "photo.delete" => "deleted a stored photo",
        "redact" => "blurred children in a photo",
        "redact.stored" => "a blurred copy was stored",
        "redact.quarantined" => "a blurred copy was held for the manager",
        "redact.awaiting_tags" => "a blurred copy waits to be tagged",
        "reevaluate" => "a photo was checked again after a register change",
        "retention.announce" => "announced photos retention will delete",
        "retention.delete" => "retention deleted a photo",
        "retention.keep" => "kept a photo from retention",
        "picture.set" => "chose a child's picture",
        "picture.remove" => "removed a child's picture",
        "export.child" => "downloaded a child's learning journey",
        "export.purpose" => "exported photos for a purpose",
        "disclosure" => "recorded photos given out",
        "takedown.open" => "asked for photos to be taken down",
        "takedown.done" => "recorded photos taken down",
        "request.sar" => "received a subject access request",
        "request.sar.answered" => "answered a subject access request",
        "erase.child" => "erased a child's photos",
        "erase.delete" => "deleted a photo to erase a child",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    /// Every action literal the library writes has words.
    #[test]
    fn every_action_written_has_words() {
        let mut missing = Vec::new();
        let mut seen = 0;
        for (path, text) in crate::source_files() {
            if path.ends_with("words.rs") || path.file_name().is_some_and(|n| n.to_string_lossy().contains("test")) {
                continue;
            }
            // The library's own code, not its tests (whose actors are names).
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            for marker in ["Change::new(", "Entry::new(", "let action = if ", ", action) in ["] {
                for (at, _) in text.match_indices(marker) {
                    let line = text[at..].lines().next().unwrap_or_default();
                    // A call's own arguments (to its first `)`); for the
                    // others every literal on the line (both arms of an `if`).
                    let line = if marker.ends_with('(') { &line[..line.find(')').unwrap_or(line.len())] } else { line };
                    for lit in line.split('"').skip(1).step_by(2) {
                        if lit.is_empty() || !lit.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.') {
                            continue;
                        }
                        seen += 1;
                        if describe(lit).is_empty() {
                            missing.push(format!("{}: {lit}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 30, "the scan found only {seen} actions: the markers no longer match the source");
        assert!(missing.is_empty(), "audit actions without words (add them to audit/words.rs): {missing:#?}");
    }

    #[test]
    fn outcomes_of_ingest_and_redaction_have_words() {
        for state in ["stored", "quarantined", "awaiting_tags"] {
            assert!(!describe(&format!("ingest.{state}")).is_empty());
            assert!(!describe(&format!("redact.{state}")).is_empty());
        }
        for a in ["grant", "refuse", "withdraw"] {
            assert!(!describe(&format!("consent.{a}")).is_empty());
        }
    }
}
