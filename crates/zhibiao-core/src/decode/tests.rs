use super::*;
use encoding_rs::GBK;

const SEED: &str = include_str!("../../../../tests/data/jiangmen-2023.txt");

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xff, 0xfe]
    } else {
        vec![0xfe, 0xff]
    };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

fn binary_what(bytes: &[u8]) -> String {
    match decode(bytes) {
        Err(Error::Binary { what }) => what,
        other => panic!("expected Error::Binary, got {other:?}"),
    }
}

#[test]
fn utf8_seed_reads_as_is() {
    let d = decode(SEED.as_bytes()).unwrap();
    assert_eq!(d.text, SEED);
    assert_eq!(d.encoding, "UTF-8");
    assert!(!d.bom);
}

#[test]
fn utf8_bom_is_stripped() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(SEED.as_bytes());
    let d = decode(&bytes).unwrap();
    assert_eq!(d.text, SEED);
    assert_eq!((d.encoding, d.bom), ("UTF-8", true));
}

#[test]
fn gb18030_seed_decodes_to_identical_text() {
    let (bytes, _, had_errors) = GB18030.encode(SEED);
    assert!(!had_errors);
    assert!(std::str::from_utf8(&bytes).is_err());
    let d = decode(&bytes).unwrap();
    assert_eq!(d.encoding, "GB18030");
    assert_eq!(d.text, SEED);
}

#[test]
fn gbk_seed_with_crlf_decodes_to_identical_text() {
    let crlf = SEED.replace('\n', "\r\n");
    let (bytes, _, had_errors) = GBK.encode(&crlf);
    assert!(!had_errors);
    assert_eq!(decode(&bytes).unwrap().text, SEED);
}

#[test]
fn utf16_with_bom_decodes_to_identical_text() {
    for little in [true, false] {
        let d = decode(&utf16(SEED, little)).unwrap();
        assert_eq!(d.text, SEED);
        assert!(d.bom);
        assert_eq!(d.encoding, if little { "UTF-16LE" } else { "UTF-16BE" });
    }
}

#[test]
fn utf16_without_bom_is_recognised() {
    for little in [true, false] {
        let bytes = utf16(SEED, little);
        let d = decode(&bytes[2..]).unwrap();
        assert_eq!(d.text, SEED);
        assert!(!d.bom);
        assert_eq!(d.encoding, if little { "UTF-16LE" } else { "UTF-16BE" });
    }
}

#[test]
fn line_ends_are_normalised() {
    let d = decode(SEED.replace('\n', "\r\n").as_bytes()).unwrap();
    assert_eq!(d.text, SEED);
    let d = decode(SEED.replace('\n', "\r").as_bytes()).unwrap();
    assert_eq!(d.text, SEED);
    let d = decode("一\r\n二\r三\n\r四\r\r\n".as_bytes()).unwrap();
    assert_eq!(d.text, "一\n二\n三\n\n四\n\n");
    let d = decode(&utf16("甲\r\n乙", true)).unwrap();
    assert_eq!(d.text, "甲\n乙");
}

#[test]
fn short_gbk_sentence() {
    for text in [
        "地区生产总值增长6%以上",
        "增长6%",
        "新征土地1.5万亩；城镇新增就业4万人以上。",
    ] {
        let (bytes, _, _) = GBK.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "GB18030");
    }
}

#[test]
fn empty_and_blank_inputs() {
    for bytes in [
        &b""[..],
        b"   ",
        b" \r\n\t\n",
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf \n",
        "\u{3000}\n\u{3000}".as_bytes(),
        b"\xff\xfe",
        b"\xfe\xff\x00 \x00\n",
    ] {
        assert_eq!(decode(bytes), Err(Error::Empty), "{bytes:?}");
    }
}

#[test]
fn known_magic_numbers_are_named() {
    assert_eq!(binary_what(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "a PDF file");
    assert_eq!(binary_what(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "a PNG image");
    assert_eq!(binary_what(b"\xff\xd8\xff\xe0\0\x10JFIF"), "a JPEG image");
    assert_eq!(binary_what(b"GIF89a\x01\0\x01\0"), "a GIF image");
    assert_eq!(binary_what(b"\x7fELF\x02\x01\x01\0"), "an ELF executable");
    assert_eq!(
        binary_what(b"PK\x03\x04\x14\0\x06\0\x08\0[Content_Types].xml word/document.xml"),
        "a DOCX (Word) file"
    );
    assert_eq!(binary_what(b"PK\x03\x04\x14\0\0\0abc.txt"), "a ZIP archive");
    assert_eq!(
        binary_what(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0"),
        "a legacy Office file (DOC/XLS/PPT)"
    );
    assert_eq!(binary_what(b"\x1f\x8b\x08\0"), "a gzip archive");
}

#[test]
fn nul_bytes_and_control_characters_are_binary() {
    let what = binary_what(b"\x01\x02\x03\x00\x00\x00\x05\x00\x07\x00\x00");
    assert!(what.contains("NUL byte"), "{what}");
    let mut bytes = SEED.as_bytes().to_vec();
    bytes.insert(100, 0);
    assert!(binary_what(&bytes).contains("NUL byte at byte 100"));
    let controls: Vec<u8> = (0..200u8)
        .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
        .collect();
    assert!(binary_what(&controls).contains("control characters"));
    let what = binary_what(&utf16("a\u{0}b\u{1}\u{2}\u{3}", true));
    assert!(what.contains("NUL character"), "{what}");
    // A few stray controls (a DOS end-of-file mark, form feeds) are fine.
    let text = format!("{SEED}\x0c\x1a");
    assert!(decode(text.as_bytes()).is_ok());
}

#[test]
fn utf8_with_a_few_bad_bytes_is_undecodable_at_the_bad_byte() {
    let mut bytes = SEED.as_bytes().to_vec();
    let at = SEED.char_indices().nth(300).unwrap().0;
    bytes.insert(at, 0xff);
    assert_eq!(
        decode(&bytes),
        Err(Error::Undecodable {
            encoding: "UTF-8".into(),
            offset: at
        })
    );
    // Cut in the middle of the last character.
    let cut = &SEED.as_bytes()[..SEED.trim_end().len() - 1];
    assert!(matches!(decode(cut), Err(Error::Undecodable { .. })));
}

#[test]
fn garbage_is_undecodable_with_an_offset() {
    let err = decode(b"abc\xff\xffdef").unwrap_err();
    let expected = Error::Undecodable {
        encoding: "GB18030".into(),
        offset: 3,
    };
    assert_eq!(err, expected);
    assert!(err.to_string().contains("byte 3"), "{err}");
    let err = decode(b"\x81\x30\x81\x30\xb5\xd8ok\x80\xff").unwrap_err();
    let expected = Error::Undecodable {
        encoding: "GB18030".into(),
        offset: 9,
    };
    assert_eq!(err, expected);
}

#[test]
fn big_input_is_fine() {
    let mut big = String::with_capacity(SEED.len() * 500);
    while big.len() < 16 * 1024 * 1024 {
        big.push_str(SEED);
    }
    let d = decode(big.as_bytes()).unwrap();
    assert_eq!(d.text.len(), big.len());
}

proptest::proptest! {
    #[test]
    fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
        if let Ok(d) = decode(&bytes) {
            proptest::prop_assert!(!d.text.contains('\r'));
            proptest::prop_assert!(!d.text.trim().is_empty());
        }
    }

    #[test]
    fn any_text_round_trips(text in "\\PC{0,200}") {
        if let Ok(d) = decode(text.as_bytes()) {
            proptest::prop_assert_eq!(d.text, text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }
}
