//! Faces and regions: which detected face a region someone drew (or a
//! photo tool wrote) is, and which face of a copy is which face of the
//! original. Pure functions over boxes `[x, y, w, h]` as fractions of the
//! upright image.

use super::overlap;

fn centre(b: [f64; 4]) -> (f64, f64) {
    (b[0] + b[2] / 2.0, b[1] + b[3] / 2.0)
}

fn contains(r: [f64; 4], p: (f64, f64)) -> bool {
    p.0 >= r[0] && p.0 <= r[0] + r[2] && p.1 >= r[1] && p.1 <= r[1] + r[3]
}

/// The least overlap a region must have with the face it names: a hand
/// drawn around a head covers the face box and some hair, not the room.
const REGION_OVERLAP: f64 = 0.1;

/// For each face in `faces`, the one region of `regions` that names it, by
/// its index in `regions`. A region names a face when the face's centre
/// lies inside it, no other face's centre does, and it overlaps the face
/// at least a little. A face two regions name is nobody's (it cannot be
/// both); a region that names no face leaves its child present with the
/// face unlocated.
pub fn assign(faces: &[[f64; 4]], regions: &[[f64; 4]]) -> Vec<Option<usize>> {
    let mut claims: Vec<Vec<usize>> = vec![Vec::new(); faces.len()];
    for (r, region) in regions.iter().enumerate() {
        let inside: Vec<usize> = (0..faces.len()).filter(|&f| contains(*region, centre(faces[f]))).collect();
        if let [f] = inside.as_slice() {
            if overlap(*region, faces[*f]) >= REGION_OVERLAP {
                claims[*f].push(r);
            }
        }
    }
    claims.into_iter().map(|c| if let [r] = c.as_slice() { Some(*r) } else { None }).collect()
}

/// The least overlap of two boxes that are the same face in two copies of
/// one picture (a re-encoding, another part pixelated).
const SAME_FACE: f64 = 0.4;

/// Which face of the original (`before`) each face found in a copy
/// (`after`) is: the one it overlaps most, when that is enough to be the
/// same face; `None` for a face the original's ledger has no line for.
pub fn match_copy(before: &[[f64; 4]], after: &[[f64; 4]]) -> Vec<Option<usize>> {
    after
        .iter()
        .map(|a| {
            before
                .iter()
                .enumerate()
                .map(|(i, b)| (i, overlap(*a, *b)))
                .filter(|(_, o)| *o >= SAME_FACE)
                .max_by(|x, y| x.1.total_cmp(&y.1))
                .map(|(i, _)| i)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: [f64; 4] = [0.10, 0.10, 0.10, 0.15];
    const B: [f64; 4] = [0.60, 0.20, 0.10, 0.15];

    #[test]
    fn a_region_around_one_face_names_it() {
        let around_a = [0.05, 0.02, 0.2, 0.3];
        assert_eq!(assign(&[A, B], &[around_a]), vec![Some(0), None]);
        // the box itself
        assert_eq!(assign(&[A, B], &[B]), vec![None, Some(0)]);
    }

    #[test]
    fn a_region_that_misses_every_face_names_none() {
        assert_eq!(assign(&[A, B], &[[0.85, 0.8, 0.1, 0.1]]), vec![None, None]);
    }

    #[test]
    fn a_region_over_two_faces_names_neither() {
        assert_eq!(assign(&[A, B], &[[0.0, 0.0, 1.0, 1.0]]), vec![None, None]);
    }

    #[test]
    fn a_face_two_regions_name_is_nobodys() {
        assert_eq!(assign(&[A, B], &[A, [0.08, 0.08, 0.14, 0.2]]), vec![None, None]);
    }

    #[test]
    fn a_huge_region_barely_overlapping_is_not_the_face() {
        // the face's centre inside, but the region is most of the photo's left half
        assert_eq!(assign(&[[0.1, 0.1, 0.02, 0.02]], &[[0.0, 0.0, 0.5, 1.0]]), vec![None]);
    }

    #[test]
    fn copies_match_by_overlap() {
        let shifted = [0.105, 0.1, 0.1, 0.15];
        assert_eq!(match_copy(&[A, B], &[B, shifted, [0.4, 0.4, 0.1, 0.1]]), vec![Some(1), Some(0), None]);
    }
}
