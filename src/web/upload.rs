//! Photos from the iPad's browser. `GET /upload` lets any logged-in member
//! of staff choose the device the photos come from (one with an inbox
//! folder) and pick photos and videos from the library; `POST /upload`
//! (multipart: `csrf`, `device`, one or more `photos`) writes each file
//! into that device's inbox folder and does nothing else: under a hidden
//! temporary name (which the watcher skips), synced, then linked to its own
//! name without ever replacing a file. The watcher takes them through the
//! one ingest path, like a camera's import. Files are streamed to disk,
//! never held whole in memory; one over `limits.max_image_bytes` (a photo)
//! or `max_video_bytes` (a video) is refused with 413, and one that is not
//! a photo or video with 415.

use super::auth::User;
use super::{blocking, pages, AppError, AppState};
use crate::audit::Action;
use crate::media::{sniff, Format};
use crate::model::Device;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

/// Devices a photo may be uploaded as: the setting's, in use, with a folder.
fn upload_devices(devices: Vec<Device>) -> Vec<Device> {
    devices
        .into_iter()
        .filter(|d| d.retired_on.is_none() && d.folder.as_deref().is_some_and(|f| !f.is_empty()))
        .collect()
}

pub async fn page(State(st): State<Arc<AppState>>, user: User) -> Result<Response, AppError> {
    let st2 = st.clone();
    let devices = blocking(move || Ok(upload_devices(st2.register()?.devices()?))).await?;
    Ok(form(&st, &user, &devices, None).into_response())
}

fn form(st: &AppState, user: &User, devices: &[Device], problem: Option<&str>) -> maud::Markup {
    let mib = |b: u64| b / (1 << 20);
    pages::page(
        user,
        "/upload",
        "Upload photos",
        html! {
            @if let Some(p) = problem { p.bad role="alert" { (p) } }
            @if devices.is_empty() {
                div.card {
                    p { "No device can take uploads yet: a manager registers the iPad on the Devices page and gives it an inbox folder." }
                }
            } @else {
                form.card method="post" action="/upload" enctype="multipart/form-data" {
                    (pages::csrf(user))
                    p {
                        label for="device" { "The photos were taken with " }
                        select #device name="device" required {
                            @for d in devices {
                                option value=(d.id) { (d.label) }
                            }
                        }
                    }
                    p {
                        label for="photos" { "Photos and videos " }
                        input #photos type="file" name="photos" accept="image/*,video/*" multiple required;
                    }
                    p.muted { "Each photo up to " (mib(st.config.limits.max_image_bytes)) " MB, each video up to "
                        (mib(st.config.limits.max_video_bytes)) " MB. They are checked and encrypted like the camera's; then tag the children in them." }
                    button.primary type="submit" { "Upload" }
                }
            }
            p { a href="/tag" { "Back to the photos to tag" } }
        },
    )
}

/// A file name from a browser made safe for the inbox: its last part, no
/// control characters, no leading dot (a hidden name would be skipped),
/// at most 120 characters, and an extension that says what it is.
pub fn safe_name(given: &str, format: Format) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    name = name.trim().trim_start_matches(['.', '~']).to_string();
    if name.chars().count() > 120 {
        let ext: String = name.rsplit_once('.').map(|(_, e)| e.chars().take(8).collect()).unwrap_or_default();
        name = name.chars().take(100).collect::<String>() + if ext.is_empty() { "" } else { "." } + &ext;
    }
    if name.is_empty() || !name.contains('.') {
        let ext = match format {
            Format::Jpeg => "jpg",
            other => other.as_str(),
        };
        name = format!("{}.{ext}", if name.is_empty() { "upload" } else { &name });
    }
    name
}

/// Why an upload stopped.
enum Stop {
    TooBig(String),
    NotAPhoto(String),
    Bad(String),
}

/// Links the synced temporary file to `name` in `folder`, or `name (2)`…
/// if that is taken: an upload never replaces a file.
fn place(tmp: &Path, folder: &Path, name: &str) -> std::io::Result<PathBuf> {
    let (stem, ext) = name.rsplit_once('.').map_or((name, ""), |(s, e)| (s, e));
    for n in 1..1000 {
        let candidate = if n == 1 { name.to_string() } else { format!("{stem} ({n}).{ext}") };
        let to = folder.join(&candidate);
        match std::fs::hard_link(tmp, &to) {
            Ok(()) => {
                std::fs::remove_file(tmp)?;
                std::fs::File::open(folder)?.sync_all()?;
                return Ok(to);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!("{name}: a thousand files of that name already wait in the inbox")))
}

/// Streams one file field into a hidden temporary file in `folder`, checks
/// what it is and how big, and places it. Returns the name it got.
async fn receive(
    field: &mut axum::extract::multipart::Field<'_>,
    folder: &Path,
    limits: &crate::config::Limits,
) -> Result<String, Stop> {
    let given = field.file_name().unwrap_or("").to_string();
    let shown = crate::limits::bounded(crate::limits::Field::Short, &given).to_string();
    let tmp = folder.join(format!("{}upload-{}", crate::vault::TEMP_PREFIX, super::auth::random_token()));
    let result = async {
        let mut file = tokio::fs::File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .await
            .map_err(|e| Stop::Bad(format!("the inbox folder cannot be written: {e}")))?;
        let mut head: Vec<u8> = Vec::new();
        let mut format = None;
        let mut size: u64 = 0;
        while let Some(chunk) =
            field.chunk().await.map_err(|e| Stop::Bad(format!("{shown}: the upload broke off ({e})")))?
        {
            if format.is_none() {
                head.extend_from_slice(&chunk[..chunk.len().min(64 - head.len().min(64))]);
                if head.len() >= 32 {
                    format = Some(sniff(&head));
                }
            }
            size += chunk.len() as u64;
            let limit = match format {
                Some(f) if f.is_video() => limits.max_video_bytes,
                Some(_) => limits.max_image_bytes,
                None => limits.max_image_bytes.max(limits.max_video_bytes),
            };
            if size > limit {
                return Err(Stop::TooBig(format!(
                    "{shown} is too big: {} MB, and a {} may be at most {} MB",
                    size.div_ceil(1 << 20),
                    if format.is_some_and(Format::is_video) { "video" } else { "photo" },
                    limit / (1 << 20)
                )));
            }
            file.write_all(&chunk).await.map_err(|e| Stop::Bad(format!("writing {shown}: {e}")))?;
        }
        let format = format.unwrap_or_else(|| sniff(&head));
        if format == Format::Unknown {
            return Err(Stop::NotAPhoto(format!(
                "{} is not a photo or a video consentgate takes (JPEG, HEIC, PNG, TIFF, WebP, AVIF, MP4, MOV)",
                if shown.is_empty() { "the file" } else { &shown }
            )));
        }
        file.sync_all().await.map_err(|e| Stop::Bad(format!("writing {shown}: {e}")))?;
        drop(file);
        let (tmp2, folder2, name) = (tmp.clone(), folder.to_path_buf(), safe_name(&given, format));
        let placed = tokio::task::spawn_blocking(move || place(&tmp2, &folder2, &name))
            .await
            .map_err(|e| Stop::Bad(e.to_string()))?
            .map_err(|e| Stop::Bad(format!("placing {shown} in the inbox: {e}")))?;
        Ok(placed.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default())
    }
    .await;
    if result.is_err() {
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    result
}

pub async fn upload(
    State(st): State<Arc<AppState>>,
    user: User,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let st2 = st.clone();
    let devices = blocking(move || Ok(upload_devices(st2.register()?.devices()?))).await?;
    let mut token = None;
    let mut device: Option<Device> = None;
    let mut placed: Vec<String> = Vec::new();
    let mut stop = None;
    // A refusal is answered after the rest of the request is read (and
    // thrown away): a browser still sending would otherwise see the
    // connection drop instead of the reason.
    let mut refused: Option<AppError> = None;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                stop = Some(Stop::Bad(format!("the upload broke off: {e}")));
                break;
            }
        };
        if refused.is_some() || stop.is_some() {
            while let Ok(Some(_)) = field.chunk().await {}
            continue;
        }
        match field.name().unwrap_or("") {
            "csrf" => {
                let t = field.text().await.map_err(|e| AppError::BadInput(e.to_string()))?;
                match user.check_csrf(&t) {
                    Ok(()) => token = Some(t),
                    Err(e) => refused = Some(e),
                }
            }
            "device" => {
                let id = field.text().await.map_err(|e| AppError::BadInput(e.to_string()))?;
                match devices.iter().find(|d| d.id == id) {
                    Some(d) => device = Some(d.clone()),
                    None => {
                        refused =
                            Some(AppError::BadInput("choose one of the setting's devices that takes uploads".into()))
                    }
                }
            }
            "photos" => {
                if token.is_none() {
                    refused = Some(AppError::Forbidden(
                        "the form has expired or did not come from this site: reload the page".into(),
                    ));
                    while let Ok(Some(_)) = field.chunk().await {}
                    continue;
                }
                let Some(d) = &device else {
                    refused = Some(AppError::BadInput("choose the device the photos were taken with first".into()));
                    while let Ok(Some(_)) = field.chunk().await {}
                    continue;
                };
                if field.file_name().is_none_or(str::is_empty) {
                    continue; // the browser's empty file entry
                }
                let folder = st.config.paths.inbox.join(d.folder.as_deref().unwrap_or_default());
                if let Err(e) = tokio::fs::create_dir_all(&folder).await {
                    stop = Some(Stop::Bad(format!("the inbox folder cannot be made: {e}")));
                    break;
                }
                match receive(&mut field, &folder, &st.config.limits).await {
                    Ok(name) => placed.push(name),
                    Err(s) => {
                        while let Ok(Some(_)) = field.chunk().await {}
                        stop = Some(s);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(e) = refused {
        return Err(e);
    }
    if token.is_none() {
        return Err(AppError::Forbidden("the form has expired or did not come from this site: reload the page".into()));
    }
    let Some(device) = device else {
        return Err(AppError::BadInput("choose the device the photos were taken with".into()));
    };
    if !placed.is_empty() {
        let (st2, who, dev, n) = (st.clone(), user.name.clone(), device.id.clone(), placed.len());
        blocking(move || {
            let mut reg = st2.register()?;
            reg.audit(
                &crate::audit::Entry::new(&who, Action::Upload)
                    .detail(serde_json::json!({ "device": dev, "files": n })),
            )?;
            Ok(())
        })
        .await?;
    }
    let got = match placed.len() {
        0 => String::new(),
        1 => format!("1 file from {} is in: ", device.label),
        n => format!("{n} files from {} are in: ", device.label),
    };
    if let Some(stop) = stop {
        let (status, msg) = match stop {
            Stop::TooBig(m) => (StatusCode::PAYLOAD_TOO_LARGE, m),
            Stop::NotAPhoto(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, m),
            Stop::Bad(m) => (StatusCode::BAD_REQUEST, m),
        };
        let msg = if placed.is_empty() {
            format!("{msg}. Nothing was uploaded.")
        } else {
            format!("{got}{}. Then it stopped: {msg}.", placed.join(", "))
        };
        return Ok((status, form(&st, &user, &devices, Some(&msg))).into_response());
    }
    if placed.is_empty() {
        return Ok(
            (StatusCode::BAD_REQUEST, form(&st, &user, &devices, Some("Pick at least one photo."))).into_response()
        );
    }
    let line = html! {
        p.notice role="status" { (got) (placed.join(", ")) ". They are being checked now and appear here within a minute; then tag the children in them." }
    };
    st.sessions().set_notice(&user.token, line.into_string());
    Ok(Redirect::to("/tag").into_response())
}

/// The body an upload may carry, from `web.max_upload_mib`.
pub fn body_limit(config: &crate::config::Config) -> usize {
    usize::try_from(config.web.max_upload_mib.saturating_mul(1 << 20)).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_browsers_are_made_safe() {
        assert_eq!(safe_name("IMG_0001.JPG", Format::Jpeg), "IMG_0001.JPG");
        assert_eq!(safe_name("../../etc/passwd", Format::Jpeg), "passwd.jpg");
        assert_eq!(safe_name("C:\\Users\\x\\photo.heic", Format::Heic), "photo.heic");
        assert_eq!(safe_name(".hidden.jpg", Format::Jpeg), "hidden.jpg");
        assert_eq!(safe_name("", Format::Mov), "upload.mov");
        assert_eq!(safe_name("a\u{0}b\nc.png", Format::Png), "abc.png");
        let long = format!("{}.jpeg", "x".repeat(300));
        let s = safe_name(&long, Format::Jpeg);
        assert!(s.chars().count() <= 120 && s.ends_with(".jpeg"), "{s}");
    }

    #[test]
    fn an_upload_never_replaces_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("IMG_1.jpg"), b"first").expect("write");
        let tmp = dir.path().join(".cg-tmp-upload-1");
        std::fs::write(&tmp, b"second").expect("write");
        let to = place(&tmp, dir.path(), "IMG_1.jpg").expect("placed");
        assert_eq!(to.file_name().and_then(|n| n.to_str()), Some("IMG_1 (2).jpg"));
        assert_eq!(std::fs::read(dir.path().join("IMG_1.jpg")).expect("read"), b"first");
        assert!(!tmp.exists());
    }
}
