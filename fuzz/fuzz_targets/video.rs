//! The video box walker: finding `moov`, reading facts from it, and
//! neutralising its metadata (which must never change the box's length).
#![no_main]

use consentgate::media::video;
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;

fuzz_target!(|data: &[u8]| {
    let _ = video::read(&mut Cursor::new(data));
    if let Ok(Some(moov)) = video::read_moov(&mut Cursor::new(data)) {
        let _ = video::facts_from_moov(&moov);
    }
    let mut copy = data.to_vec();
    let _ = video::facts_from_moov(&copy);
    video::neutralise_moov(&mut copy);
    assert_eq!(copy.len(), data.len());
});
