//! The setting's own certificate authority and the server certificate it
//! signs: made once, read afterwards, renewed before it runs out or when a
//! name is missing.

use super::{host_name, Files, RENEW_DAYS};
use crate::error::Context;
use std::net::IpAddr;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::CertificateDer;

/// The CA lives ten years; a server certificate 397 days (what browsers
/// accept from any authority).
const CA_DAYS: i64 = 3650;
pub(super) const SERVER_DAYS: i64 = 397;

/// The day `days_from_now` days from today (UTC), as rcgen takes it.
fn offset(days_from_now: i64) -> time::OffsetDateTime {
    use chrono::Datelike;
    let d = crate::clock::now().date_naive() + chrono::Duration::days(days_from_now);
    rcgen::date_time_ymd(d.year(), d.month() as u8, d.day() as u8)
}

/// The setting's authority: made on first use, read afterwards.
fn authority(files: &Files) -> crate::error::Result<(String, rcgen::KeyPair)> {
    if files.ca_cert().exists() && files.ca_key().exists() {
        let cert = std::fs::read_to_string(files.ca_cert())?;
        let key = rcgen::KeyPair::from_pem(&std::fs::read_to_string(files.ca_key())?)
            .with_context(|| format!("{}: not a private key", files.ca_key().display()))?;
        return Ok((cert, key));
    }
    crate::vault::private_dir(&files.dir)?;
    let key = rcgen::KeyPair::generate()?;
    let mut params = rcgen::CertificateParams::default();
    let mut dn = rcgen::DistinguishedName::new();
    let who = host_name().unwrap_or_else(|| "consentgate".into());
    dn.push(rcgen::DnType::CommonName, format!("consentgate setting authority ({who})"));
    dn.push(rcgen::DnType::OrganizationName, "consentgate");
    params.distinguished_name = dn;
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Constrained(0));
    params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
    params.not_before = offset(-1);
    params.not_after = offset(CA_DAYS);
    let cert = params.self_signed(&key)?;
    crate::vault::write_private(&files.ca_key(), key.serialize_pem().as_bytes())?;
    crate::vault::write_private(&files.ca_cert(), cert.pem().as_bytes())?;
    tracing::info!("made the setting's certificate authority in {}", files.dir.display());
    Ok((cert.pem(), key))
}

/// When a PEM certificate runs out, and the names it carries.
pub fn expiry_and_names(pem: &str) -> crate::error::Result<(chrono::DateTime<chrono::Utc>, Vec<String>)> {
    let der = CertificateDer::from_pem_slice(pem.as_bytes()).context("not a PEM certificate")?;
    let (_, cert) = x509_parser::parse_x509_certificate(&der).map_err(|e| crate::error::err!("certificate: {e}"))?;
    let until = chrono::DateTime::from_timestamp(cert.validity().not_after.timestamp(), 0).unwrap_or_default();
    let mut names = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for n in &san.value.general_names {
            match n {
                x509_parser::extensions::GeneralName::DNSName(d) => names.push(d.to_string()),
                x509_parser::extensions::GeneralName::IPAddress(b) => match b.len() {
                    4 => names.push(IpAddr::from(<[u8; 4]>::try_from(*b).unwrap_or_default()).to_string()),
                    16 => names.push(IpAddr::from(<[u8; 16]>::try_from(*b).unwrap_or_default()).to_string()),
                    _ => {}
                },
                _ => {}
            }
        }
    }
    Ok((until, names))
}

/// What [`ensure_server_cert`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Made {
    Kept,
    Made,
}

/// A server certificate for `names`, signed by the setting's authority:
/// kept while it has more than [`RENEW_DAYS`] left and carries every name,
/// else made anew.
pub fn ensure_server_cert(files: &Files, names: &[String]) -> crate::error::Result<Made> {
    let (ca_pem, ca_key) = authority(files)?;
    if let (Ok(pem), true) = (std::fs::read_to_string(files.server_cert()), files.server_key().exists()) {
        if let Ok((until, has)) = expiry_and_names(&pem) {
            let left = until - crate::clock::now();
            let covers = names.iter().all(|n| has.iter().any(|h| h.eq_ignore_ascii_case(n)));
            if left > chrono::Duration::days(RENEW_DAYS) && covers {
                return Ok(Made::Kept);
            }
        }
    }
    let issuer = rcgen::Issuer::from_ca_cert_pem(&ca_pem, &ca_key)
        .with_context(|| format!("{}: not a certificate", files.ca_cert().display()))?;
    let key = rcgen::KeyPair::generate()?;
    let mut params = rcgen::CertificateParams::new(names.to_vec())?;
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CommonName, names.first().cloned().unwrap_or_else(|| "consentgate".into()));
    params.distinguished_name = dn;
    params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature, rcgen::KeyUsagePurpose::KeyEncipherment];
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = offset(-1);
    params.not_after = offset(SERVER_DAYS);
    let cert = params.signed_by(&key, &issuer)?;
    crate::vault::write_private(&files.server_key(), key.serialize_pem().as_bytes())?;
    crate::vault::write_private(&files.server_cert(), format!("{}{}", cert.pem(), ca_pem).as_bytes())?;
    tracing::info!(names = ?names, "made a server certificate for {} days", SERVER_DAYS);
    Ok(Made::Made)
}
