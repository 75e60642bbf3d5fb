//! How a HEIF photo is decoded: by libheif whole, a grid a tile at a time
//! (`grid.rs`), or one coded HEVC picture by libde265 into a reduced copy
//! (`hevc.rs`); and what each way's failure means.

use super::heif;
use super::DecodeError;
use image::DynamicImage;

/// How a HEIF photo is decoded.
pub(super) enum Way<'a> {
    /// By libheif, whole.
    Whole,
    /// A grid, a tile at a time.
    Tiles(super::grid::Grid<'a>),
    /// One coded HEVC picture, by libde265 into a reduced copy.
    #[cfg(not(feature = "heif-embedded"))]
    Picture(super::grid::Single<'a>),
}

impl Way<'_> {
    /// Bytes a decode to at most `side` holds, unless it is libheif's.
    pub(super) fn bytes(&self, side: u32) -> Option<u64> {
        match self {
            Way::Whole => None,
            Way::Tiles(g) => Some(g.decode_bytes(side)),
            #[cfg(not(feature = "heif-embedded"))]
            Way::Picture(p) => Some(super::hevc::decode_bytes(p, side)),
        }
    }
}

/// The way a HEIF photo's primary image is decoded with less memory than
/// libheif's whole decode, if it has one: a grid (how cameras and phones
/// store large photos) or one coded HEVC picture, that reads as libheif
/// reads it (the same size after its turn as `size`).
pub(super) fn way_of(bytes: &[u8], size: impl FnOnce() -> Option<(u32, u32)>) -> Way<'_> {
    if let Some(g) = super::grid::Grid::parse(bytes) {
        return if Some(g.size()) == size() { Way::Tiles(g) } else { Way::Whole };
    }
    #[cfg(not(feature = "heif-embedded"))]
    if let Some(p) = super::grid::Single::parse(bytes).filter(|p| p.turns.is_some()) {
        return if Some(p.size()) == size() { Way::Picture(p) } else { Way::Whole };
    }
    Way::Whole
}

/// Why a HEIF photo was not decoded.
#[cfg_attr(feature = "heif-embedded", allow(dead_code))]
pub(super) enum Unread {
    /// It does not decode (the decoder's words).
    Bad(String),
    /// libde265 was not given it to decode here (why): libheif decodes it.
    Elsewhere(String),
}

impl From<DecodeError> for Unread {
    fn from(e: DecodeError) -> Unread {
        Unread::Bad(e.0)
    }
}

/// A HEIF photo decoded upright, at most `side` on its longer side, the
/// `way` it was given.
pub(super) fn heif_within(bytes: &[u8], way: &Way<'_>, max_pixels: u64, side: u32) -> Result<DynamicImage, Unread> {
    let over = |(w, h): (u32, u32)| {
        (u64::from(w) * u64::from(h) > max_pixels).then(|| Unread::Bad(format!("{w}x{h} is over the pixel limit")))
    };
    match way {
        Way::Tiles(g) => {
            if let Some(over) = over(g.size()) {
                return Err(over);
            }
            Ok(g.decode_within(side, |tile| heif::decode(tile, max_pixels))?)
        }
        #[cfg(not(feature = "heif-embedded"))]
        Way::Picture(p) => {
            if let Some(over) = over(p.size()) {
                return Err(over);
            }
            let (w, h) = p.size();
            let img = super::hevc::decode_within(p, side).map_err(Unread::from)?;
            let by = super::hevc::decoder_name();
            tracing::debug!("a {w}x{h} HEIF picture decoded by {by} into a {:?} copy", img.dimensions());
            Ok(DynamicImage::ImageRgb8(img))
        }
        Way::Whole => {
            #[cfg(not(feature = "heif-embedded"))]
            if let Some(why) = damaged_picture(bytes) {
                return Err(Unread::Bad(why));
            }
            Ok(heif::decode_within(bytes, max_pixels, side)?)
        }
    }
}

/// Why a photo stored as one HEVC picture is damaged, if its coded stream
/// describes a larger picture than its container: such a stream is given
/// to no decoder (libheif checks only the container, and libde265
/// allocates what the stream describes).
#[cfg(not(feature = "heif-embedded"))]
fn damaged_picture(bytes: &[u8]) -> Option<String> {
    super::hevc::oversized(&super::grid::Single::parse(bytes)?)
}

#[cfg(not(feature = "heif-embedded"))]
impl From<super::hevc::Refused> for Unread {
    fn from(r: super::hevc::Refused) -> Unread {
        match r {
            super::hevc::Refused::Damaged(why) => Unread::Bad(why),
            super::hevc::Refused::Elsewhere(why) => Unread::Elsewhere(why),
        }
    }
}
