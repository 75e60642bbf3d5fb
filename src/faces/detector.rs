//! The face check as the setting configured it: YuNet (see the parent
//! module), or, in the test build only, a stand-in a test installs for the
//! whole process (the gate's model-based test draws its "faces" as a
//! pattern it can place, pixelate and find again, thousands of times a
//! second).

use super::{detect_owned, Face, Settings};
use image::DynamicImage;

/// Something that finds faces in an upright image; `original_side` is the
/// longer side of the photo as taken (the image may be decoded smaller).
pub trait Detector: Send + Sync {
    fn detect(&self, img: DynamicImage, original_side: u32) -> Result<Vec<Face>, super::FaceError>;
}

struct YuNet(Settings);

impl Detector for YuNet {
    fn detect(&self, img: DynamicImage, original_side: u32) -> Result<Vec<Face>, super::FaceError> {
        detect_owned(img, original_side, &self.0)
    }
}

#[cfg(feature = "failpoints")]
static INSTALLED: std::sync::OnceLock<std::sync::Arc<dyn Detector>> = std::sync::OnceLock::new();

/// Test build only: every face check of this process runs `detector`
/// instead of YuNet (the first one installed stays).
#[cfg(feature = "failpoints")]
pub fn install_for_tests(detector: std::sync::Arc<dyn Detector>) {
    let _ = INSTALLED.set(detector);
}

/// Runs the face check on `img` as `config` says: `None` when the check is
/// off; an error (never "no faces") when the detector failed or panicked.
pub fn check(
    config: &crate::config::Faces,
    img: DynamicImage,
    original_side: u32,
) -> Option<Result<Vec<Face>, super::FaceError>> {
    if !config.enabled {
        return None;
    }
    if crate::failpoint::fault_injected("face_check") {
        return Some(Err(super::FaceError("the face detector failed (injected fault)".into())));
    }
    #[cfg(feature = "failpoints")]
    if let Some(d) = INSTALLED.get() {
        let d = d.clone();
        return Some(guarded(move || d.detect(img, original_side)));
    }
    let yunet = YuNet(Settings::from(config));
    Some(guarded(move || yunet.detect(img, original_side)))
}

/// A detector that panics has failed: it never counts as "no faces".
fn guarded(run: impl FnOnce() -> Result<Vec<Face>, super::FaceError>) -> Result<Vec<Face>, super::FaceError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(r) => r.inspect_err(|e| tracing::error!("face check failed: {e}")),
        Err(_) => {
            tracing::error!("face check failed: the face detector panicked");
            Err(super::FaceError("the face detector panicked".into()))
        }
    }
}
