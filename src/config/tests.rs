use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("test.toml"), &[])
}

#[test]
fn the_shipped_default_parses_to_the_typed_defaults_apart_from_paths() {
    let shipped = parse(DEFAULT_TOML).expect("shipped config parses");
    let defaults = Config { paths: shipped.paths.clone(), ..Config::default() };
    assert_eq!(shipped, defaults);
    assert_eq!(shipped.paths.inbox, PathBuf::from("../inbox"));
}

#[test]
fn an_empty_file_is_all_defaults() {
    assert_eq!(parse("").expect("empty parses"), Config::default());
}

#[test]
fn unknown_keys_are_named() {
    let err = parse("[retention]\nmax_age_dayz = 3\n").expect_err("unknown key").to_string();
    assert!(err.contains("max_age_dayz"), "{err}");
    let err = parse("[retentoin]\n").expect_err("unknown section").to_string();
    assert!(err.contains("retentoin"), "{err}");
}

#[test]
fn wrong_types_name_the_key_and_line() {
    let err = parse("[retention]\n\nmax_age_days = \"long\"\n").expect_err("bad type").to_string();
    assert!(err.contains("max_age_days") && err.contains("line 3"), "{err}");
}

#[test]
fn semantic_errors_name_the_key() {
    for (text, key) in [
        ("[purposes]\nforbidden = [\"tiktok\"]", "purposes.forbidden"),
        ("[purposes]\ndefault = [\"social_media\"]", "purposes.default"),
        ("[purposes]\ndefault = []", "purposes.default"),
        ("[purposes]\nknown = [\"Bad Name\"]", "purposes.known"),
        ("[retention]\nquarantine_days = 0", "retention.quarantine_days"),
        ("[web]\nbind = \"localhost\"", "web.bind"),
        ("[keys]\nrecipients = [\"age1nope\"]", "keys.recipients"),
        ("[limits]\nmax_pixels = 0", "limits.max_pixels"),
        ("[limits]\nworking_memory_mb = 8", "limits.working_memory_mb"),
        ("[paths]\ninbox = \"\"", "paths.inbox"),
        ("[offsite]\nbucket = \"b\"", "offsite.endpoint"),
        ("[offsite]\nendpoint = \"s3.example.org\"\nbucket = \"bkt\"\nprefix = \"a\"", "offsite.endpoint"),
        ("[offsite]\nendpoint = \"http://127.0.0.1:9000\"\nbucket = \"bkt\"\nprefix = \"a\"", "offsite.endpoint"),
        ("[offsite]\nendpoint = \"https://s3.example.org\"\nbucket = \"B\"\nprefix = \"a\"", "offsite.bucket"),
        ("[offsite]\nendpoint = \"https://s3.example.org\"\nbucket = \"bkt\"", "offsite.prefix"),
        ("[offsite]\nendpoint = \"https://s3.example.org\"\nbucket = \"bkt\"\nprefix = \"a/../b\"", "offsite.prefix"),
        ("[offsite]\nendpoint = \"https://s3.example.org\"\nbucket = \"bkt\"\nprefix = \"/a\"", "offsite.prefix"),
    ] {
        let err = parse(text).expect_err(text).to_string();
        assert!(err.contains(&format!("`{key}`")), "{text}: {err}");
    }
}

#[test]
fn environment_overrides_single_keys() {
    let env = vec![
        ("CONSENTGATE__RETENTION__MAX_AGE_DAYS".to_string(), "400".to_string()),
        ("CONSENTGATE__WEB__BIND".to_string(), "0.0.0.0:9000".to_string()),
        ("CONSENTGATE__PURPOSES__FORBIDDEN".to_string(), "[\"press\"]".to_string()),
    ];
    let cfg = Config::parse("", Path::new("t.toml"), &env).expect("parses");
    assert_eq!(cfg.retention.max_age_days, 400);
    assert_eq!(cfg.web.bind, "0.0.0.0:9000");
    assert_eq!(cfg.purposes.forbidden, vec!["press".to_string()]);
    let bad = vec![("CONSENTGATE__RETENTION__MAX_AGE_DAYS".to_string(), "soon".to_string())];
    let err = Config::parse("", Path::new("t.toml"), &bad).expect_err("bad env").to_string();
    assert!(err.contains("max_age_days"), "{err}");
    let bad = vec![("CONSENTGATE__NOSECTION".to_string(), "1".to_string())];
    assert!(Config::parse("", Path::new("t.toml"), &bad).is_err());
}

#[test]
fn relative_paths_resolve_against_the_config_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("consentgate.toml");
    std::fs::write(&file, "[paths]\ninbox = \"in\"\ndata = \"/abs/data\"\n").expect("write");
    let cfg = Config::load(&file).expect("loads");
    assert_eq!(cfg.paths.inbox, dir.path().join("in"));
    assert_eq!(cfg.paths.data, PathBuf::from("/abs/data"));
    assert_eq!(cfg.database_path(), PathBuf::from("/abs/data/consentgate.db"));
}

#[test]
fn rules_follow_the_config() {
    let cfg =
        parse("[purposes]\nforbidden = [\"press\"]\nconsent_review_days = 90\n[retention]\nawaiting_tags_days = 3")
            .expect("parses");
    let rules = cfg.rules();
    assert!(rules.forbidden_purposes.contains("press"));
    assert_eq!(rules.consent_review_days, 90);
    assert_eq!(rules.awaiting_tags_days, 3);
}
