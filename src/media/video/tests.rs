use super::*;

#[test]
fn a_creation_time_out_of_range_is_no_time_not_a_panic() {
    // Found by the `video` fuzz target: a version-1 mvhd whose 64-bit
    // creation time is beyond what a date can hold.
    assert_eq!(from_1904(u64::MAX), None);
    assert_eq!(from_1904(0x5d5d_5d5d_5d5d_5d5d), None);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz_mvhd_huge_time.mov");
    let bytes = std::fs::read(path).expect("fixture");
    let facts = read(&mut std::io::Cursor::new(&bytes));
    assert_eq!(facts.created, None);
}

fn bx(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut v = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(payload);
    v
}

/// A small MOV: mvhd (created 2020-11-20 14:04:36, 3.5 s), one track of
/// 1280x720, ©xyz, ©mak, and QuickTime metadata keys.
fn sample() -> Vec<u8> {
    let created = NaiveDate::from_ymd_opt(2020, 11, 20).and_then(|d| d.and_hms_opt(14, 4, 36)).expect("date")
        - NaiveDate::from_ymd_opt(1904, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("epoch");
    let mut mvhd = vec![0u8; 100];
    mvhd[4..8].copy_from_slice(&(created.num_seconds() as u32).to_be_bytes());
    mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes());
    mvhd[16..20].copy_from_slice(&3500u32.to_be_bytes());
    let mut tkhd = vec![0u8; 84];
    tkhd[76..80].copy_from_slice(&(1280u32 << 16).to_be_bytes());
    tkhd[80..84].copy_from_slice(&(720u32 << 16).to_be_bytes());
    let trak = bx(b"trak", &bx(b"tkhd", &tkhd));
    let text = |s: &str| {
        let mut v = (s.len() as u16).to_be_bytes().to_vec();
        v.extend_from_slice(&[0x15, 0xC7]);
        v.extend_from_slice(s.as_bytes());
        v
    };
    let mut udta = bx(&[0xA9, b'x', b'y', b'z'], &text("+52.3693+006.6761/"));
    udta.extend(bx(&[0xA9, b'm', b'a', b'k'], &text("Apple")));
    let key = |name: &str| {
        let mut v = ((name.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(b"mdta");
        v.extend_from_slice(name.as_bytes());
        v
    };
    let mut keys = vec![0, 0, 0, 0, 0, 0, 0, 3];
    keys.extend(key("com.apple.quicktime.model"));
    keys.extend(key("com.apple.quicktime.location.ISO6709"));
    keys.extend(key("com.apple.quicktime.description"));
    let item = |i: u32, value: &str| {
        let mut data = vec![0, 0, 0, 1, 0, 0, 0, 0];
        data.extend_from_slice(value.as_bytes());
        bx(&i.to_be_bytes(), &bx(b"data", &data))
    };
    let mut ilst = item(1, "iPad (9th generation)");
    ilst.extend(item(2, "+52.3693+006.6761/"));
    ilst.extend(item(3, "Sports day with Millie"));
    let mut meta = bx(b"hdlr", &[0u8; 25]);
    meta.extend(bx(b"keys", &keys));
    meta.extend(bx(b"ilst", &ilst));
    let mut moov = bx(b"mvhd", &mvhd);
    moov.extend(trak);
    moov.extend(bx(b"udta", &udta));
    moov.extend(bx(b"meta", &meta));
    let mut file = bx(b"ftyp", b"qt  \0\0\0\0qt  ");
    file.extend(bx(b"mdat", &[7u8; 64]));
    file.extend(bx(b"moov", &moov));
    file
}

#[test]
fn reads_time_duration_size_camera_location_and_captions() {
    let f = read(&mut std::io::Cursor::new(sample()));
    assert_eq!(f.created.map(|t| t.to_string()).as_deref(), Some("2020-11-20 14:04:36"));
    assert_eq!(f.duration_secs, Some(3.5));
    assert_eq!((f.width, f.height), (Some(1280), Some(720)));
    assert_eq!(f.make.as_deref(), Some("Apple"));
    assert_eq!(f.model.as_deref(), Some("iPad (9th generation)"));
    assert!(f.gps);
    assert_eq!(f.captions, vec!["Sports day with Millie".to_string()]);
}

#[test]
fn neutralising_removes_location_and_text_but_keeps_every_offset() {
    let original = sample();
    let mut moov = original.clone();
    let (at, size) = locate_moov(&mut std::io::Cursor::new(&original)).expect("read").expect("moov");
    assert!(neutralise_moov(&mut moov[at as usize..(at + size) as usize]) >= 4);
    // read through in small pieces, across the start and end of moov
    let mut reader = neutralised(std::io::Cursor::new(original.clone())).expect("neutralised");
    let mut after = Vec::new();
    let mut piece = [0u8; 7];
    loop {
        let n = reader.read(&mut piece).expect("read");
        if n == 0 {
            break;
        }
        after.extend_from_slice(&piece[..n]);
    }
    assert_eq!(after, moov, "the same bytes as neutralising in place");
    // and again after seeking back, as the export's check does
    reader.seek(SeekFrom::Start(3)).expect("seek");
    let mut again = Vec::new();
    reader.read_to_end(&mut again).expect("read");
    assert_eq!(again, &moov[3..]);
    assert!(reader.seek(SeekFrom::Current(-(moov.len() as i64) - 1)).is_err(), "no seeking before the start");
    assert_eq!(after.len(), original.len(), "no size changes");
    assert_eq!(&after[..100], &original[..100], "ftyp and mdat untouched");
    let f = read(&mut std::io::Cursor::new(&after));
    assert!(!f.gps, "no location left");
    assert!(f.captions.is_empty() && f.make.is_none() && f.model.is_none());
    assert_eq!(f.duration_secs, Some(3.5), "the timing boxes remain");
    for needle in [&b"+52.3693"[..], b"Millie", b"iPad"] {
        assert!(!after.windows(needle.len()).any(|w| w == needle));
    }
}

#[test]
fn garbage_and_truncated_boxes_are_no_facts_not_a_crash() {
    for bytes in [vec![], b"\0\0\0\x08moov".to_vec(), b"\0\0\0\xffmoov\0\0".to_vec(), vec![0xFF; 64]] {
        assert_eq!(read(&mut std::io::Cursor::new(bytes)), VideoFacts::default());
    }
    let mut cut = sample();
    cut.truncate(cut.len() - 10);
    let _ = read(&mut std::io::Cursor::new(cut));
}

/// Regenerates `fixtures/generated_ipad_gps.mov`
/// (`cargo test -- --ignored regenerate`).
#[test]
#[ignore]
fn regenerate_generated_video_fixture() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    std::fs::write(dir.join("generated_ipad_gps.mov"), sample()).expect("write");
}

#[test]
fn corpus_videos_give_their_facts() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/video");
    if !dir.is_dir() {
        crate::media::tests::skip("corpus not found (../shared/corpus)");
        return;
    }
    let facts = |name: &str| read(&mut std::fs::File::open(dir.join(name)).expect("open"));
    let f = facts("mei_Issue_515.mp4");
    assert_eq!(f.created.map(|t| t.to_string()).as_deref(), Some("2020-11-20 14:04:36"));
    assert_eq!((f.width, f.height), (Some(1280), Some(720)));
    assert!(f.gps);
    assert!((f.duration_secs.unwrap_or(0.0) - 3.63).abs() < 0.02);
    let f = facts("exiftool_QuickTime_Pentax.mov");
    assert_eq!(f.created.map(|t| t.to_string()).as_deref(), Some("2005-08-11 14:03:54"));
    assert_eq!((f.width, f.height), (Some(320), Some(240)));
    let f = facts("exiv2_small_video.mp4");
    assert_eq!(f.created, None, "a zero creation time is no time");
    assert_eq!((f.width, f.height), (Some(216), Some(384)));
    let f = facts("mei_3gp5_brand_ftyp3gp5.mp4");
    assert_eq!(f.created.map(|t| t.to_string()).as_deref(), Some("2020-10-23 20:27:29"));
    assert!(f.gps, "a 0,0 location still counts");
    let f = facts("mei_xmp480qt.mov");
    assert_eq!((f.width, f.height), (Some(640), Some(360)));
}
