//! What calamine does not read from a workbook: one file of its package, and the fill colour
//! of a cell (through the cell's style, the style's fill, the fill's colour). Shared by the
//! exporter's unit tests and the browser test.

#![allow(dead_code)]

use std::io::Read;

/// One file of the workbook's package, as text, line breaks removed.
pub fn entry(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut s = String::new();
    z.by_name(name)
        .expect("the entry")
        .read_to_string(&mut s)
        .expect("UTF-8 XML");
    s.retain(|c| c != '\n' && c != '\r');
    s
}

/// The value of attribute `name` in the start tag `tag` (`<c r="J2" s="3">`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    tag[i..].split('"').next()
}

/// The start tags `<NAME …>` inside the first `<SECTION …>…</SECTION>` of `xml`, in order.
fn tags<'a>(xml: &'a str, section: &str, name: &str) -> Vec<&'a str> {
    let Some(s) = xml.find(&format!("<{section}")) else {
        return Vec::new();
    };
    let e = xml[s..]
        .find(&format!("</{section}>"))
        .map_or(xml.len(), |e| s + e);
    let body = &xml[s..e];
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = body[at..].find(&open) {
        let start = at + i;
        let after = body[start + open.len()..].chars().next();
        let end = body[start..]
            .find('>')
            .map_or(body.len(), |e| start + e + 1);
        if matches!(after, Some(' ' | '>' | '/')) {
            out.push(&body[start..end]);
        }
        at = end;
    }
    out
}

/// The solid fill colour (`RRGGBB`) of a cell of the first sheet, e.g. `fill(&bytes, "J2")`.
pub fn fill(bytes: &[u8], cell: &str) -> Option<String> {
    let sheet = entry(bytes, "xl/worksheets/sheet1.xml");
    let key = format!("<c r=\"{cell}\"");
    let i = sheet.find(&key)?;
    let tag = &sheet[i..i + sheet[i..].find('>')?];
    let style: usize = attr(tag, "s")?.parse().ok()?;
    let styles = entry(bytes, "xl/styles.xml");
    let xf = *tags(&styles, "cellXfs", "xf").get(style)?;
    let fill_id: usize = attr(xf, "fillId")?.parse().ok()?;
    let fills = &styles[styles.find("<fills")?..];
    let fill = fills.split("<fill>").nth(fill_id + 1)?;
    let fg = &fill[fill.find("<fgColor")?..];
    let rgb = attr(fg, "rgb")?;
    // ARGB: the alpha byte first.
    rgb.get(2..).filter(|_| rgb.len() == 8).map(str::to_string)
}
