//! Every audit action: its code (written in the log, shown under
//! "Details") and its meaning in plain words, for the people who read the
//! log on the web. Writers name an [`Action`], so an action without words,
//! or a code spelled two ways, does not compile.

/// Declares [`Action`] from one table: variant, code, words.
macro_rules! actions {
    ($($variant:ident = $code:literal => $words:literal,)*) => {
        /// What an audit entry records was done.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($variant,)* }

        impl Action {
            /// Every action, in the table's order.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The code the log stores.
            pub fn code(self) -> &'static str {
                match self { $(Action::$variant => $code,)* }
            }

            /// What it means, in words.
            pub fn words(self) -> &'static str {
                match self { $(Action::$variant => $words,)* }
            }
        }
    };
}

actions! {
    SetupInit = "setup.init" => "set the setting up",
    AuditKeyed = "audit.keyed" => "sealed the audit log with its key",
    Login = "login" => "logged in",
    LoginFailed = "login.failed" => "failed to log in",
    ServiceUnlock = "service.unlock" => "unlocked the service",
    ServiceUnlockFailed = "service.unlock.failed" => "failed to unlock the service",
    UserAdd = "user.add" => "added a staff login",
    UserRemove = "user.remove" => "removed a staff login",
    UserPassword = "user.password" => "changed a password",
    UserDisable = "user.disable" => "disabled a staff login",
    UserEnable = "user.enable" => "enabled a staff login",
    ChildAdd = "child.add" => "added a child to the register",
    ChildUpdate = "child.update" => "changed a child's details",
    ChildLeave = "child.leave" => "recorded the day a child leaves",
    GuardianAdd = "guardian.add" => "added a parent or carer",
    GuardianUpdate = "guardian.update" => "changed a parent or carer's link to a child",
    ConsentGrant = "consent.grant" => "recorded a consent given",
    ConsentRefuse = "consent.refuse" => "recorded a consent refused",
    ConsentWithdraw = "consent.withdraw" => "recorded a consent withdrawn",
    DeviceAdd = "device.add" => "registered a device",
    DeviceRestore = "device.restore" => "registered a removed device again",
    DeviceRemove = "device.remove" => "removed a device",
    DeviceRetire = "device.retire" => "retired a device",
    DeviceAttested = "device.attested" => "said which device took a photo",
    DeviceRecheck = "device.recheck" => "checked photos again after a device change",
    Upload = "upload" => "uploaded photos from an iPad",
    IngestStored = "ingest.stored" => "a photo arrived and was stored",
    IngestQuarantined = "ingest.quarantined" => "a photo arrived and was held for the manager",
    IngestAwaitingTags = "ingest.awaiting_tags" => "a photo arrived and waits to be tagged",
    IngestDuplicate = "ingest.duplicate" => "a copy of a photo already here arrived",
    SidecarTaggedBy = "sidecar.tagged_by" => "a tagging app's file named who tagged a photo",
    SidecarRejected = "sidecar.rejected" => "a tagging app's file was refused",
    Tag = "tag" => "tagged a photo",
    TagSidecar = "tag.sidecar" => "a tagging app's file tagged a photo",
    TagUndo = "tag.undo" => "took back their own tagging of a photo",
    Report = "report" => "reported a concern about a photo",
    IncidentOpen = "incident.open" => "opened an incident",
    IncidentClose = "incident.close" => "closed an incident",
    IncidentBreach = "incident.breach" => "marked an incident a possible breach",
    IncidentBreachDecision = "incident.breach_decision" => "decided whether an incident is a breach",
    QuarantineRelease = "quarantine.release" => "released a photo from the quarantine",
    QuarantineSendBack = "quarantine.send_back" => "sent a photo back for tagging",
    QuarantineDelete = "quarantine.delete" => "deleted a photo",
    QuarantineRedact = "quarantine.redact" => "blurred children in a photo",
    PhotoDelete = "photo.delete" => "deleted a stored photo",
    Redact = "redact" => "blurred children in a photo",
    RedactStored = "redact.stored" => "a blurred copy was stored",
    RedactQuarantined = "redact.quarantined" => "a blurred copy was held for the manager",
    RedactAwaitingTags = "redact.awaiting_tags" => "a blurred copy waits to be tagged",
    Reevaluate = "reevaluate" => "a photo was checked again after a register change",
    RetentionAnnounce = "retention.announce" => "announced photos retention will delete",
    RetentionDelete = "retention.delete" => "retention deleted a photo",
    RetentionKeep = "retention.keep" => "kept a photo from retention",
    PictureSet = "picture.set" => "chose a child's picture",
    PictureRemove = "picture.remove" => "removed a child's picture",
    ExportChild = "export.child" => "downloaded a child's learning journey",
    ExportPurpose = "export.purpose" => "exported photos for a purpose",
    Disclosure = "disclosure" => "recorded photos given out",
    TakedownOpen = "takedown.open" => "asked for photos to be taken down",
    TakedownDone = "takedown.done" => "recorded photos taken down",
    RequestSar = "request.sar" => "received a subject access request",
    RequestSarAnswered = "request.sar.answered" => "answered a subject access request",
    EraseChild = "erase.child" => "erased a child's photos",
    EraseDelete = "erase.delete" => "deleted a photo to erase a child",
}

impl Action {
    /// The action a stored code names (`None` for one this version does not
    /// know, from a newer version or a test).
    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.code() == code)
    }

    /// How a photo's arrival is recorded: by `ingest` or as a blurred copy
    /// (`redact`), and what the gate decided for it.
    pub fn arrived(origin: Origin, verdict: crate::policy::Verdict) -> Action {
        use crate::policy::Verdict::*;
        match (origin, verdict) {
            (Origin::Ingest, Store) => Action::IngestStored,
            (Origin::Ingest, Quarantine) => Action::IngestQuarantined,
            (Origin::Ingest, AwaitTags) => Action::IngestAwaitingTags,
            (Origin::Redact, Store) => Action::RedactStored,
            (Origin::Redact, Quarantine) => Action::RedactQuarantined,
            (Origin::Redact, AwaitTags) => Action::RedactAwaitingTags,
        }
    }

    /// How a consent event is recorded.
    pub fn consent(action: crate::model::ConsentAction) -> Action {
        match action {
            crate::model::ConsentAction::Grant => Action::ConsentGrant,
            crate::model::ConsentAction::Refuse => Action::ConsentRefuse,
            crate::model::ConsentAction::Withdraw => Action::ConsentWithdraw,
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a new photo on the register came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// From the inbox.
    Ingest,
    /// A blurred copy of a photo already here.
    Redact,
}

/// What an audit action's code means, in words ("" for an action this
/// version does not know: the page then shows its code).
pub fn describe(action: &str) -> &'static str {
    Action::parse(action).map_or("", Action::words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_every_action_has_words() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.code()), "{} twice", a.code());
            assert!(!a.words().is_empty(), "{a:?} has no words");
            assert_eq!(Action::parse(a.code()), Some(*a));
            assert_eq!(describe(a.code()), a.words());
        }
        assert_eq!(describe("something.new"), "");
    }

    #[test]
    fn arrivals_and_consents_have_their_own_codes() {
        use crate::model::ConsentAction;
        use crate::policy::Verdict;
        assert_eq!(Action::arrived(Origin::Ingest, Verdict::Quarantine).code(), "ingest.quarantined");
        assert_eq!(Action::arrived(Origin::Redact, Verdict::AwaitTags).code(), "redact.awaiting_tags");
        assert_eq!(Action::consent(ConsentAction::Withdraw).code(), "consent.withdraw");
    }
}
