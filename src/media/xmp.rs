//! XMP packets: who is in the image (IPTC `PersonInImage`, MWG face-region
//! names and areas), captions (`dc:description`, `dc:title`) and
//! orientation. kamadak-exif reads no XMP, so the packet is found by its
//! `<x:xmpmeta` wrapper wherever the container put it (JPEG APP1, PNG iTXt,
//! WebP `XMP ` chunk, HEIF item) and parsed with quick-xml by local names.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// What an XMP packet says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Xmp {
    pub people: Vec<String>,
    pub regions: Vec<(String, [f64; 4])>,
    pub captions: Vec<String>,
    pub orientation: Option<u16>,
}

/// The largest packet read; anything bigger is not a photo's metadata.
const MAX_PACKET: usize = 4 << 20;

/// Finds and parses the XMP packets in a file's bytes.
pub fn read(bytes: &[u8]) -> Xmp {
    let mut out = Xmp::default();
    let mut from = 0;
    while let Some(start) = super::find_bytes(&bytes[from..], b"<x:xmpmeta").map(|i| i + from) {
        let window = &bytes[start..bytes.len().min(start + MAX_PACKET)];
        let Some(end) = super::find_bytes(window, b"</x:xmpmeta>") else { break };
        let packet = &window[..end + b"</x:xmpmeta>".len()];
        if let Ok(text) = std::str::from_utf8(packet) {
            parse_into(text, &mut out);
        }
        from = start + end;
    }
    out
}

#[derive(Default)]
struct Region {
    name: Option<String>,
    area: [Option<f64>; 4],
}

fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

fn push_unique(list: &mut Vec<String>, s: &str) {
    let s = s.trim();
    if !s.is_empty() && !list.iter().any(|x| x == s) {
        list.push(s.to_string());
    }
}

fn area_index(name: &str) -> Option<usize> {
    match name {
        "x" => Some(0),
        "y" => Some(1),
        "w" => Some(2),
        "h" => Some(3),
        _ => None,
    }
}

/// Parses one packet into `out`. Malformed XML stops the parse quietly: XMP
/// is a hint, never a reason to fail a photo.
pub fn parse_into(text: &str, out: &mut Xmp) {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<String> = Vec::new();
    let mut region: Option<Region> = None;
    let mut region_depth = 0usize;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => {
                let name = local(&e);
                open(&e, &name, &stack, &mut region, &mut region_depth, out);
                stack.push(name);
            }
            Event::Empty(e) => {
                let name = local(&e);
                open(&e, &name, &stack, &mut region, &mut region_depth, out);
                stack.push(name);
                close(&mut stack, &mut region, region_depth, out);
            }
            Event::End(_) => close(&mut stack, &mut region, region_depth, out),
            Event::Text(t) => {
                let Ok(value) = t.unescape() else { continue };
                let within = |n: &str| stack.iter().any(|s| s == n);
                let top = stack.last().map(String::as_str).unwrap_or("");
                if top == "li" && within("PersonInImage") {
                    push_unique(&mut out.people, &value);
                } else if top == "li" && (within("description") || within("title")) {
                    push_unique(&mut out.captions, &value);
                } else if top == "Orientation" {
                    out.orientation = value.trim().parse().ok().filter(|o| (1..=8).contains(o));
                } else if let Some(r) = region.as_mut() {
                    if top == "Name" {
                        r.name = Some(value.trim().to_string());
                    } else if let Some(i) = area_index(top).filter(|_| within("Area")) {
                        r.area[i] = value.trim().parse().ok();
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
}

fn open(
    e: &BytesStart<'_>,
    name: &str,
    stack: &[String],
    region: &mut Option<Region>,
    region_depth: &mut usize,
    out: &mut Xmp,
) {
    let in_region_list = stack.iter().any(|s| s == "RegionList");
    // A region is the first rdf:li (or Description) under mwg-rs:RegionList.
    if in_region_list && region.is_none() && (name == "li" || name == "Description") {
        *region = Some(Region::default());
        *region_depth = stack.len() + 1;
    }
    for attr in e.attributes().flatten() {
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
        let Ok(value) = attr.unescape_value() else { continue };
        if key == "Orientation" {
            out.orientation = value.trim().parse().ok().filter(|o| (1..=8).contains(o));
        }
        if let Some(r) = region.as_mut() {
            if key == "Name" {
                r.name = Some(value.trim().to_string());
            } else if name == "Area" {
                if let Some(i) = area_index(&key) {
                    r.area[i] = value.trim().parse().ok();
                }
            }
        }
    }
}

fn close(stack: &mut Vec<String>, region: &mut Option<Region>, region_depth: usize, out: &mut Xmp) {
    if region.is_some() && stack.len() == region_depth {
        if let Some(r) = region.take() {
            finish_region(r, out);
        }
    }
    stack.pop();
}

fn finish_region(r: Region, out: &mut Xmp) {
    let Some(name) = r.name.filter(|n| !n.is_empty()) else { return };
    push_unique(&mut out.people, &name);
    if let [Some(cx), Some(cy), Some(w), Some(h)] = r.area {
        // MWG areas are centred; regions here are top-left based.
        let rect =
            [(cx - w / 2.0).clamp(0.0, 1.0), (cy - h / 2.0).clamp(0.0, 1.0), w.clamp(0.0, 1.0), h.clamp(0.0, 1.0)];
        if rect.iter().all(|v| v.is_finite()) && !out.regions.iter().any(|(n, _)| n == &name) {
            out.regions.push((name, rect));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKET: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
     xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
     tiff:Orientation="6">
   <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Amelia Rose</rdf:li><rdf:li>Ben &amp; co</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Water play with Chloe</rdf:li></rdf:Alt></dc:description>
   <mwg-rs:Regions rdf:parseType="Resource">
    <mwg-rs:RegionList><rdf:Bag>
     <rdf:li><rdf:Description mwg-rs:Name="Millie" mwg-rs:Type="Face">
       <mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.2" stArea:h="0.4" stArea:unit="normalized"/>
     </rdf:Description></rdf:li>
     <rdf:li rdf:parseType="Resource"><mwg-rs:Name>Ben Ade</mwg-rs:Name>
       <mwg-rs:Area rdf:parseType="Resource"><stArea:x>0.25</stArea:x><stArea:y>0.3</stArea:y><stArea:w>0.1</stArea:w><stArea:h>0.2</stArea:h></mwg-rs:Area>
     </rdf:li>
    </rdf:Bag></mwg-rs:RegionList>
   </mwg-rs:Regions>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#;

    #[test]
    fn reads_people_regions_captions_and_orientation() {
        let mut bytes = b"\xff\xd8\xff\xe1junk http://ns.adobe.com/xap/1.0/\0".to_vec();
        bytes.extend_from_slice(PACKET.as_bytes());
        let x = read(&bytes);
        assert_eq!(x.people, vec!["Amelia Rose", "Ben & co", "Millie", "Ben Ade"]);
        assert_eq!(x.captions, vec!["Water play with Chloe"]);
        assert_eq!(x.orientation, Some(6));
        assert_eq!(x.regions.len(), 2);
        let (name, r) = &x.regions[0];
        assert_eq!(name, "Millie");
        assert!((r[0] - 0.4).abs() < 1e-9 && (r[1] - 0.3).abs() < 1e-9, "{r:?}");
        assert_eq!(x.regions[1].0, "Ben Ade");
    }

    #[test]
    fn no_packet_or_broken_xml_is_nothing() {
        assert_eq!(read(b"plain bytes"), Xmp::default());
        let broken = b"<x:xmpmeta><rdf:li>unclosed </x:xmpmeta>";
        let x = read(broken);
        assert!(x.people.is_empty());
    }
}
