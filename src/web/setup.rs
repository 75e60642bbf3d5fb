//! Setting up an iPad (no login: these carry only public things, the
//! address and the setting's public certificate). `/setup` is the page to
//! print or open on the iPad: the address as a QR code, the certificate's
//! fingerprint to compare, and the Settings steps; `/setup/ca.crt` and
//! `/setup/ipad.mobileconfig` give the certificate (the profile also puts
//! consentgate on the home screen).

use super::{pages, tls, AppState};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use maud::{html, PreEscaped};
use std::sync::Arc;

/// The address as a QR code (SVG, drawn in the page).
fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .dark_color(qrcode::render::svg::Color("#000000"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .build()
            // drawn inside the page: no XML declaration
            .split_once("?>")
            .map_or_else(String::new, |(_, svg)| svg.trim_start().to_string()),
    )
}

pub async fn page(State(st): State<Arc<AppState>>) -> Response {
    let ca = tls::ca_pem(&st.config);
    let fingerprint = ca.as_deref().and_then(tls::fingerprint);
    let qr = qr_svg(&st.url).unwrap_or_default();
    pages::public(
        "Set up an iPad",
        html! {
            div.card.setup {
                h2 { "1. Open this address on the iPad" }
                p.address { a href=(st.url) { (st.url) } }
                div.qr role="img" aria-label={ "QR code of " (st.url) } { (PreEscaped(qr)) }
                p.muted { "Point the iPad's camera at the code, or type the address into Safari." }
                @if !st.tls {
                    p.bad { "This consentgate is only reachable on this computer (it listens on "
                        (st.url) "). To reach it from the iPads, set " code { "bind = \"0.0.0.0:8443\"" }
                        " under [web] in consentgate.toml and restart it." }
                }
            }
            @if st.tls {
                div.card.setup {
                    @if let Some(fp) = &fingerprint {
                        h2 { "2. Trust the setting's certificate (once per iPad)" }
                        ol {
                            li { "On the iPad, in Safari, open the address above. The first time, Safari warns that the \
                                  connection is not private: tap " b { "Show Details" } ", then " b { "visit this website" } "." }
                            li { "Come back to this page on the iPad and tap " a href="/setup/ipad.mobileconfig" { "Install the certificate" }
                                 ". Tap " b { "Allow" } ", then " b { "Close" } "." }
                            li { "Open " b { "Settings" } ", tap " b { "Profile Downloaded" } ", then " b { "Install" }
                                 " (enter the iPad's passcode) and " b { "Install" } " again, then " b { "Done" } "." }
                            li { "Open " b { "Settings → General → About → Certificate Trust Settings" }
                                 ", turn on " b { "consentgate setting authority" } " and tap " b { "Continue" } "." }
                            li { "Close Safari's tab and open the address again: no warning now. The profile also put a "
                                 b { "consentgate" } " icon on the home screen." }
                        }
                        p { "Before step 4, check that the certificate is this setting's: under "
                            b { "Settings → General → VPN & Device Management → consentgate" }
                            " → More Details, the SHA-256 fingerprint must read:" }
                        p.fingerprint { code { (fp) } }
                        p { a href="/setup/ca.crt" { "The certificate alone" } " (for a Mac or a Windows laptop)." }
                    } @else {
                        h2 { "2. The certificate" }
                        p { "This consentgate uses the setting's own certificate (web.cert): nothing to install on the iPads \
                             if they already trust it." }
                    }
                }
            }
            div.card.setup {
                h2 { "3. Send photos in" }
                p { "Log in, open " b { "Upload photos" } " (linked from the tagging queue), choose the iPad and pick the photos. \
                     They are checked and encrypted like the camera's; then tag the children in them." }
            }
        },
    )
    .into_response()
}

pub async fn ca_crt(State(st): State<Arc<AppState>>) -> Response {
    match tls::ca_pem(&st.config) {
        Some(pem) => (
            [
                (header::CONTENT_TYPE, "application/x-x509-ca-cert"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"consentgate-setting-ca.crt\""),
            ],
            pem,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "this consentgate uses a certificate the setting already has").into_response(),
    }
}

/// A UUID made from bytes (the certificate's digest), so the same
/// certificate always gives the same profile.
fn uuid_from(bytes: &[u8]) -> String {
    let h = hex::encode_upper(&bytes[..16]);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An Apple configuration profile with the setting's CA (to be trusted in
/// Settings) and a home-screen icon for the address.
pub fn mobileconfig(ca_pem: &str, url: &str) -> Option<String> {
    use sha2::Digest;
    let der = tls::der(ca_pem)?;
    let digest = sha2::Sha256::digest(&der);
    let (ca_uuid, clip_uuid, profile_uuid) =
        (uuid_from(&digest[..16]), uuid_from(&digest[8..24]), uuid_from(&digest[16..32]));
    let data = base64::engine::general_purpose::STANDARD.encode(&der);
    let url = xml_escape(url);
    Some(format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadCertificateFileName</key>
			<string>consentgate-setting-ca.cer</string>
			<key>PayloadContent</key>
			<data>{data}</data>
			<key>PayloadDescription</key>
			<string>The setting's own certificate authority, so that the iPad can reach consentgate over HTTPS.</string>
			<key>PayloadDisplayName</key>
			<string>consentgate setting authority</string>
			<key>PayloadIdentifier</key>
			<string>org.consentgate.ca.{ca_uuid}</string>
			<key>PayloadType</key>
			<string>com.apple.security.root</string>
			<key>PayloadUUID</key>
			<string>{ca_uuid}</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
		<dict>
			<key>FullScreen</key>
			<false/>
			<key>IsRemovable</key>
			<true/>
			<key>Label</key>
			<string>consentgate</string>
			<key>PayloadDisplayName</key>
			<string>consentgate on the home screen</string>
			<key>PayloadIdentifier</key>
			<string>org.consentgate.webclip.{clip_uuid}</string>
			<key>PayloadType</key>
			<string>com.apple.webClip.managed</string>
			<key>PayloadUUID</key>
			<string>{clip_uuid}</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
			<key>URL</key>
			<string>{url}</string>
		</dict>
	</array>
	<key>PayloadDescription</key>
	<string>Lets this iPad reach the setting's consentgate over HTTPS.</string>
	<key>PayloadDisplayName</key>
	<string>consentgate</string>
	<key>PayloadIdentifier</key>
	<string>org.consentgate.profile.{profile_uuid}</string>
	<key>PayloadRemovalDisallowed</key>
	<false/>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>{profile_uuid}</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
"#
    ))
}

pub async fn ipad_profile(State(st): State<Arc<AppState>>) -> Response {
    match tls::ca_pem(&st.config).and_then(|pem| mobileconfig(&pem, &st.url)) {
        Some(profile) => (
            [
                (header::CONTENT_TYPE, "application/x-apple-aspen-config"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"consentgate.mobileconfig\""),
            ],
            profile,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "this consentgate uses a certificate the setting already has").into_response(),
    }
}
