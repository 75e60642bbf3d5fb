//! libde265's picture rows, converted to RGB and shrunk into the reduced
//! copy: all at once from a decoded picture, or as the built-in decoder
//! hands each row out (`de265_set_rows_callback`, `vendor/libde265`), so
//! that the picture is never whole in memory.

use super::{special_matrix, Api, Colour, Img, Refused};
use crate::media::grid::Single;
use crate::media::shrink::Shrink;
use std::cell::RefCell;
use std::ffi::{c_int, c_void};

/// Rows of one picture, in order from the top, into the reduced copy.
pub(super) struct Converter {
    shrink: Shrink,
    colour: Colour,
    wide: bool,
    shift: (usize, usize),
    size: (usize, usize),
    /// The next row expected.
    next: usize,
    rgb: Vec<u8>,
}

impl Converter {
    /// A converter for libde265's picture `img` of `picture`, shrunk to at
    /// most `side`, if its size and format are the ones declared.
    ///
    /// # Safety
    /// `img` is a live picture of `api`'s decoder.
    pub(super) unsafe fn new(
        api: &Api,
        img: *const Img,
        picture: &Single<'_>,
        side: u32,
    ) -> Result<Converter, Refused> {
        let (w, h) = ((api.width)(img, 0), (api.height)(img, 0));
        if (u32::try_from(w), u32::try_from(h)) != (Ok(picture.width), Ok(picture.height)) {
            return Err(
                format!("its picture is {w}x{h}, not the {}x{} it declares", picture.width, picture.height).into()
            );
        }
        let (w, h) = (picture.width as usize, picture.height as usize);
        // de265_chroma: 0 mono, 1 4:2:0, 2 4:2:2, 3 4:4:4.
        let shift = match (api.chroma)(img) {
            1 => (1, 1),
            2 => (1, 0),
            3 => (0, 0),
            c => return Err(format!("its chroma format is {c}").into()),
        };
        let bits = (api.bits)(img, 0);
        if !(8..=16).contains(&bits) || (1..3).any(|c| (api.bits)(img, c) != bits) {
            return Err("its planes differ in bit depth".into());
        }
        let (matrix, full) =
            picture.nclx.unwrap_or_else(|| (u16::try_from((api.matrix)(img)).unwrap_or(2), (api.full_range)(img) != 0));
        if let Some(why) = special_matrix(matrix) {
            return Err(why.into());
        }
        let converter = Converter {
            shrink: Shrink::new(
                (picture.width, picture.height),
                super::super::fit_within(picture.width, picture.height, side),
            ),
            colour: Colour::new(matrix, full, bits as u32),
            wide: bits > 8,
            shift,
            size: (w, h),
            next: 0,
            rgb: vec![0u8; w * 3],
        };
        converter.planes(api, img)?;
        Ok(converter)
    }

    /// Each plane's first row and its stride in bytes, checked against the
    /// sizes the format gives.
    ///
    /// # Safety
    /// `img` is a live picture of `api`'s decoder.
    unsafe fn planes(&self, api: &Api, img: *const Img) -> Result<[(*const u8, usize); 3], Refused> {
        let (w, h) = self.size;
        let (sx, sy) = self.shift;
        let mut planes = [(std::ptr::null::<u8>(), 0usize); 3];
        for (c, plane) in planes.iter_mut().enumerate() {
            let mut stride: c_int = 0;
            let p = (api.plane)(img, c as c_int, &mut stride);
            let (cw, ch) = ((api.width)(img, c as c_int), (api.height)(img, c as c_int));
            let want = if c == 0 { (w, h) } else { ((w + sx) >> sx, (h + sy) >> sy) };
            let stride = usize::try_from(stride).unwrap_or(0);
            if p.is_null()
                || (usize::try_from(cw), usize::try_from(ch)) != (Ok(want.0), Ok(want.1))
                || stride < want.0 << usize::from(self.wide)
            {
                return Err("its planes are not the sizes their format gives".into());
            }
            *plane = (p, stride);
        }
        Ok(planes)
    }

    /// Rows `first..first + count` of `img`, the next ones.
    ///
    /// # Safety
    /// `img` is the live picture this converter was made for, and holds
    /// these rows (and the chroma rows they cover).
    pub(super) unsafe fn rows(
        &mut self,
        api: &Api,
        img: *const Img,
        first: usize,
        count: usize,
    ) -> Result<(), Refused> {
        let (w, h) = self.size;
        if first != self.next || count > h - first {
            return Err(format!("libde265 gave rows {first} to {} after row {}", first + count, self.next).into());
        }
        let planes = self.planes(api, img)?;
        let wide = usize::from(self.wide);
        let row = |c: usize, y: usize, n: usize| -> &[u8] {
            let (p, stride) = planes[c];
            // SAFETY: `y` is within the plane's height and its row holds
            // `n` samples (`planes`); the caller says the row is there.
            unsafe { std::slice::from_raw_parts(p.add(y * stride), n << wide) }
        };
        let sample = |bytes: &[u8], i: usize| -> i32 {
            if wide == 1 {
                i32::from(u16::from_ne_bytes([bytes[2 * i], bytes[2 * i + 1]]))
            } else {
                i32::from(bytes[i])
            }
        };
        let (sx, sy) = self.shift;
        let cw = (w + sx) >> sx;
        for y in first..first + count {
            let (luma, cb, cr) = (row(0, y, w), row(1, y >> sy, cw), row(2, y >> sy, cw));
            for (x, px) in self.rgb.chunks_exact_mut(3).enumerate() {
                let cx = x >> sx;
                px.copy_from_slice(&self.colour.rgb(sample(luma, x), sample(cb, cx), sample(cr, cx)));
            }
            self.shrink.push(&self.rgb);
        }
        self.next = first + count;
        Ok(())
    }

    /// The reduced copy, once every row is in.
    pub(super) fn finish(self) -> Result<image::RgbImage, Refused> {
        if self.next != self.size.1 {
            return Err(format!("libde265 gave {} of its {} rows", self.next, self.size.1).into());
        }
        Ok(self.shrink.finish())
    }
}

/// Where the built-in decoder hands rows out: the converter, made at the
/// first rows, or why the picture is left to libheif.
pub(super) struct Sink<'a> {
    api: &'a Api,
    picture: &'a Single<'a>,
    side: u32,
    state: RefCell<Result<Option<Converter>, Refused>>,
}

impl<'a> Sink<'a> {
    pub(super) fn new(api: &'a Api, picture: &'a Single<'a>, side: u32) -> Sink<'a> {
        Sink { api, picture, side, state: RefCell::new(Ok(None)) }
    }

    /// The reduced copy, once the picture is out.
    pub(super) fn finish(&self) -> Result<image::RgbImage, Refused> {
        match self.state.replace(Err("its picture was handed out twice".into())) {
            Ok(Some(converter)) => converter.finish(),
            Ok(None) => Err("libde265 gave none of its rows".into()),
            Err(why) => Err(why),
        }
    }

    /// # Safety
    /// As [`Converter::rows`].
    unsafe fn take(&self, img: *const Img, first: c_int, count: c_int) {
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        let Ok(converter) = state.as_mut() else { return };
        let (Ok(first), Ok(count)) = (usize::try_from(first), usize::try_from(count)) else {
            *state = Err("its blocks are not in the order they are decoded in".into());
            return;
        };
        let made = match converter {
            Some(c) => Ok(c),
            None => Converter::new(self.api, img, self.picture, self.side).map(|c| converter.insert(c)),
        };
        if let Err(why) = made.and_then(|c| c.rows(self.api, img, first, count)) {
            *state = Err(why);
        }
    }

    /// The pointer [`on_rows`] is given.
    pub(super) fn user(&self) -> *mut c_void {
        std::ptr::from_ref(self).cast_mut().cast()
    }
}

/// de265.h's `de265_rows_callback`.
pub(super) type RowsCallback = unsafe extern "C" fn(*mut c_void, *const Img, c_int, c_int);

/// The callback given to the built-in decoder, with a [`Sink`] as `user`.
///
/// # Safety
/// `user` is [`Sink::user`] of a sink that outlives the decoder, and `img`
/// a live picture holding the rows handed out.
pub(super) unsafe extern "C" fn on_rows(user: *mut c_void, img: *const Img, first: c_int, count: c_int) {
    // SAFETY: as the caller says; the sink is only read through `&`.
    let sink = unsafe { &*(user as *const Sink<'_>) };
    // A panic must not unwind into C++: it leaves the picture to libheif.
    let taken = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| unsafe { sink.take(img, first, count) }));
    if taken.is_err() {
        if let Ok(mut state) = sink.state.try_borrow_mut() {
            *state = Err("its rows could not be read".into());
        }
    }
}
