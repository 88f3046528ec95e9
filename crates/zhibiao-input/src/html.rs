//! Web pages: the article body of a page as government sites publish it.
//!
//! A report's page holds far more than the report: a header, navigation, a search box, a
//! 【字号：大 中 小】 bar, share buttons, related links, a footer with 版权所有 / ICP备案 and phone
//! numbers, scripts. Only the article counts; the rest would add false facts.
//!
//! How the article is found, on the tree html5ever builds (the `scraper` crate):
//!
//! 1. scripts, styles, forms' controls and other non-text elements are dropped, and so are
//!    elements that are page furniture by tag (`nav`, `header`, `footer`, `aside`) or by
//!    `id`/`class` (nav, menu, footer, share, crumb, related, copyright, fontsize, info (the
//!    date and source line) …) — unless such an element holds half the page's text or more
//!    and at least 500 characters (a wrapper wrongly named);
//! 2. each element gets its text length without link text, and its *direct paragraph text*:
//!    the text of its own text nodes, of its inline children and of its `<p>` and leaf block
//!    children;
//! 3. the element with the most direct paragraph text is the *dense* candidate; an element
//!    whose `id`/`class` names content (TRS_Editor, Custom_UnionStyle, pages_content, zoom,
//!    article, content, detail, text, main, zhengwen …) is a *marked* candidate. The marked
//!    candidate with the most text is taken, then the innermost marked candidate inside it that
//!    keeps 80% of its text; unless it has less than half the dense candidate's paragraph text,
//!    in which case the dense candidate is taken;
//! 4. the chosen element is written out one block a line (`<p>`, `<div>`, `<br>`, list items,
//!    table rows, headings), white space collapsed (a line break between two CJK characters is
//!    dropped, as in print), each line trimmed; leftover furniture lines (【字号…】, 分享到…,
//!    【打印】 【关闭】) are dropped;
//! 5. the page's title (`<meta name="ArticleTitle">`, else the first `<h1>`, else `<title>` up
//!    to its `_` site suffix) is put first when the article does not start with it.
//!
//! A page with fewer than 20 characters of article text has no article. A page whose elements
//! nest more than 10,000 deep is refused before it is parsed (html5ever's time grows with the
//! square of the depth).
//!
//! Bytes are decoded with the charset a `<meta>` declares (a `GB2312` page is read as GBK, the
//! way browsers do), falling back to the core decoder's detection when there is no
//! declaration or the declared UTF-8 is not UTF-8.

use crate::{Document, Format, InputError};
use ego_tree::iter::Edge;
use ego_tree::NodeId;
use encoding_rs::Encoding;
use scraper::{Html, Node};
use std::collections::{HashMap, HashSet};

/// Least article text (characters that are not white space) for a page to have an article.
const MIN_ARTICLE_CHARS: usize = 20;

/// Deepest nesting of elements read: html5ever takes time in the square of the depth (a page
/// of 100,000 nested `<div>` takes half a minute), and real pages nest a few dozen deep.
const MAX_NESTING: usize = 10_000;

/// Elements whose end tag may be left out, and void elements: not counted by [`nesting`].
const UNCOUNTED_TAGS: &[&str] = &[
    "p", "li", "td", "th", "tr", "dd", "dt", "option", "optgroup", "rb", "rt", "rp", "tbody",
    "thead", "tfoot", "colgroup", "caption", "html", "head", "body", "br", "img", "meta", "link",
    "input", "hr", "area", "base", "col", "embed", "param", "source", "track", "wbr", "frame",
];

/// The deepest nesting of elements a quick scan of the tags finds: `<x` opens, `</x` closes,
/// `/>` and the elements of [`UNCOUNTED_TAGS`] do neither.
fn nesting(page: &str) -> usize {
    let bytes = page.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        i += at + 1;
        let close = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(close);
        let len = bytes[start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = page[start..start + len].to_ascii_lowercase();
        if UNCOUNTED_TAGS.contains(&name.as_str()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else {
            let end = bytes[start..].iter().position(|&b| b == b'>');
            let self_closing = end.is_some_and(|e| e > 0 && bytes[start + e - 1] == b'/');
            if !self_closing {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
    }
    deepest
}

/// Elements whose content is never text to read.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "canvas", "button", "select", "option", "textarea", "input", "head", "title", "map", "audio",
    "video", "img", "picture",
];

/// Elements that are page furniture by their tag.
const FURNITURE_TAGS: &[&str] = &["nav", "header", "footer", "aside", "menu"];

/// `id`/`class` words of page furniture: a word of the attribute that starts with one of these
/// (`navbar`, `footer2`, `share_box`).
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "menu",
    "foot",
    "header",
    "share",
    "crumb",
    "breadcrumb",
    "position",
    "location",
    "sidebar",
    "side",
    "related",
    "relate",
    "xgwz",
    "xglj",
    "copyright",
    "banquan",
    "fontsize",
    "zihao",
    "print",
    "close",
    "toolbar",
    "tools",
    "search",
    "login",
    "topbar",
    "top",
    "bottom",
    "comment",
    "pinglun",
    "pager",
    "pagination",
    "qrcode",
    "erweima",
    "ewm",
    "logo",
    "link",
    "links",
    "friend",
    "advert",
    "banner",
    "info",
    "meta",
    "source",
    "author",
    "fbsj",
    "laiyuan",
];

/// Substrings of `id`/`class` that mark furniture wherever they stand (`bdsharebuttonbox`).
const FURNITURE_PARTS: &[&str] = &["bdshare", "share-", "_share", "copyright", "fontsize"];

/// Substrings of `id`/`class` that mark the article's container.
const CONTENT_PARTS: &[&str] = &[
    "trs_editor",
    "trs_ueditor",
    "custom_unionstyle",
    "pages_content",
    "pages-content",
    "zoom",
    "article",
    "content",
    "detail",
    "text",
    "main",
    "zhengwen",
    "news_con",
    "newscon",
    "con_txt",
    "wzxq",
];

/// Block elements: each starts a new line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "center",
    "address",
    "figure",
    "figcaption",
    "hr",
    "form",
    "fieldset",
    "body",
    "html",
];

/// Lines that are page furniture left inside an article container (no spaces, a prefix).
const FURNITURE_LINES: &[&str] = &[
    "【字号",
    "字号：",
    "字号:",
    "【字体",
    "字体：",
    "分享到",
    "【打印",
    "【关闭",
    "打印本页",
    "关闭窗口",
    "【收藏",
    "【我要纠错",
    "扫一扫在手机",
    "【返回顶部",
    "【下载",
    "版权所有",
    "主办单位",
    "承办单位",
    "网站标识码",
    "技术支持：",
];

fn is_block(tag: &str) -> bool {
    BLOCK_TAGS.contains(&tag)
}

/// Reads a page from its bytes: decodes them, then finds the article.
pub(crate) fn read_bytes(bytes: &[u8]) -> Result<Document, InputError> {
    let (text, encoding) = decode(bytes)?;
    read_text(&text, Some(encoding))
}

/// Finds the article of a decoded page.
pub(crate) fn read_text(page: &str, encoding: Option<String>) -> Result<Document, InputError> {
    if nesting(page) > MAX_NESTING {
        return Err(InputError::TooDeep(MAX_NESTING));
    }
    let text = article_text(page).ok_or(InputError::NoArticle)?;
    Ok(Document {
        text,
        format: Format::Html,
        encoding,
        warnings: Vec::new(),
    })
}

/// Whether bytes start like a web page: after a UTF-8 BOM and white space, `<!doctype html`,
/// `<html`, `<head`, `<meta`, `<body`, `<title`, `<?xml` then `<html` (XHTML), or a comment
/// then one of these.
pub(crate) fn looks_like_html_bytes(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    looks_like_html_text(&text)
}

/// [`looks_like_html_bytes`] on decoded text.
pub(crate) fn looks_like_html_text(text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    // Skip an XML declaration and comments before the first tag.
    for _ in 0..8 {
        let lower: String = rest
            .chars()
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        if lower.starts_with("<?xml") {
            match rest.find("?>") {
                Some(i) => rest = rest[i + 2..].trim_start(),
                None => return false,
            }
        } else if lower.starts_with("<!--") {
            match rest.find("-->") {
                Some(i) => rest = rest[i + 3..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let lower: String = rest
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<meta",
        "<body",
        "<title",
    ]
    .iter()
    .any(|t| {
        lower.starts_with(t)
            && lower[t.len()..]
                .chars()
                .next()
                .is_none_or(|c| c == '>' || c.is_ascii_whitespace() || c == '/')
    })
}

/// Decodes a page: declared charset first (as a browser would), else the core's detection.
fn decode(bytes: &[u8]) -> Result<(String, String), InputError> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        let d = zhibiao_core::decode::decode(bytes)?;
        return Ok((d.text, d.encoding.to_string()));
    }
    let declared = declared_charset(bytes).map(|e| {
        // A page cannot declare UTF-16 in its own bytes: browsers read UTF-8 then.
        if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            e
        }
    });
    let utf8 = std::str::from_utf8(bytes).ok();
    let cjk_legacy = |e: &'static Encoding| {
        e == encoding_rs::GBK
            || e == encoding_rs::GB18030
            || e == encoding_rs::BIG5
            || e == encoding_rs::EUC_JP
            || e == encoding_rs::SHIFT_JIS
            || e == encoding_rs::EUC_KR
    };
    match (declared, utf8) {
        // Valid UTF-8 that is not plain ASCII is UTF-8, whatever the page says.
        (_, Some(s)) if declared.is_none_or(|e| e == encoding_rs::UTF_8) || !s.is_ascii() => {
            Ok((s.replace("\r\n", "\n"), "UTF-8".to_string()))
        }
        (Some(e), _) if cjk_legacy(e) => {
            let (text, _) = e.decode_without_bom_handling(bytes);
            let name = if e == encoding_rs::GB18030 {
                "GB18030"
            } else {
                e.name()
            };
            Ok((text.into_owned(), name.to_string()))
        }
        (Some(e), Some(s)) if e.is_ascii_compatible() => Ok((s.to_string(), e.name().to_string())),
        _ => {
            let d = zhibiao_core::decode::decode(bytes)?;
            Ok((d.text, d.encoding.to_string()))
        }
    }
}

/// The charset a `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…;
/// charset=…">` declares in the first 4 KiB.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = find(&lower[at..], b"<meta") {
        let start = at + i;
        let end = find(&lower[start..], b">").map_or(lower.len(), |j| start + j);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let mut rest = &tag[c + b"charset".len()..];
            rest = trim_ascii_start(rest);
            if let Some(r) = rest.strip_prefix(b"=") {
                let r = trim_ascii_start(r);
                let r = r
                    .strip_prefix(b"\"")
                    .or_else(|| r.strip_prefix(b"'"))
                    .unwrap_or(r);
                let len = r
                    .iter()
                    .position(|&b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(&b)))
                    .unwrap_or(r.len());
                if let Some(e) = Encoding::for_label(&r[..len]) {
                    return Some(e);
                }
            }
        }
        at = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// Counts of an element's text (characters that are not white space).
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    /// All text below the element (furniture left out).
    text: usize,
    /// The part of `text` inside links.
    link: usize,
    /// Text of its own text nodes and of its inline, `<p>` and leaf block children, links left
    /// out.
    direct: usize,
}

impl Stats {
    fn content(&self) -> usize {
        self.text - self.link
    }
}

fn non_ws(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// The words of an element's `id` and `class`, lower-cased.
fn id_class(el: &scraper::node::Element) -> String {
    let mut s = String::new();
    if let Some(id) = el.attr("id") {
        s.push_str(id);
    }
    if let Some(class) = el.attr("class") {
        s.push(' ');
        s.push_str(class);
    }
    s.to_lowercase()
}

fn is_furniture_name(names: &str) -> bool {
    if FURNITURE_PARTS.iter().any(|p| names.contains(p)) {
        return true;
    }
    names
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .any(|w| {
            FURNITURE_WORDS.iter().any(|f| {
                // A word that starts with one (`navbar`, `footer`); short ones only whole or
                // with digits or `bar` after them (`top1`, `topbar`, not `topic`).
                w.starts_with(f)
                    && (f.len() > 3
                        || *f == "nav"
                        || w[f.len()..].chars().all(|c| c.is_ascii_digit())
                        || w.ends_with("bar"))
            })
        })
}

fn is_content_name(names: &str) -> bool {
    CONTENT_PARTS.iter().any(|p| names.contains(p))
}

/// The text of an article in a web page, one block a line, or `None` when the page has no
/// article (see the module documentation for how it is found).
pub fn article_text(page: &str) -> Option<String> {
    let doc = Html::parse_document(page);
    let root = doc.tree.root();

    // Pass 1: text below each element, only non-text elements left out.
    let mut raw: HashMap<NodeId, usize> = HashMap::new();
    {
        let mut stack: Vec<(NodeId, usize)> = Vec::new();
        let mut skip = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => {
                        if skip > 0 || DROPPED_TAGS.contains(&el.name()) {
                            skip += 1;
                        } else {
                            stack.push((node.id(), 0));
                        }
                    }
                    Node::Text(t) if skip == 0 => {
                        if let Some(top) = stack.last_mut() {
                            top.1 += non_ws(t);
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if node.value().is_element() {
                        if skip > 0 {
                            skip -= 1;
                        } else if let Some((id, n)) = stack.pop() {
                            raw.insert(id, n);
                            if let Some(parent) = stack.last_mut() {
                                parent.1 += n;
                            }
                        }
                    }
                }
            }
        }
    }
    let total = doc.root_element().id();
    let total = raw.get(&total).copied().unwrap_or(0);

    // Furniture: by tag or name, unless it holds half the page's text (and 500 chars).
    let mut furniture: HashSet<NodeId> = HashSet::new();
    for node in root.descendants() {
        if let Node::Element(el) = node.value() {
            let name = el.name();
            if name == "html" || name == "body" {
                continue;
            }
            let marked = FURNITURE_TAGS.contains(&name) || is_furniture_name(&id_class(el));
            let n = raw.get(&node.id()).copied().unwrap_or(0);
            if marked && (n * 2 <= total || n < 500) {
                furniture.insert(node.id());
            }
        }
    }
    let skipped = |el: &scraper::node::Element, id: NodeId| {
        DROPPED_TAGS.contains(&el.name()) || furniture.contains(&id)
    };

    // Pass 2: text, link text and direct paragraph text of each element.
    let mut stats: HashMap<NodeId, Stats> = HashMap::new();
    {
        struct Frame {
            id: NodeId,
            block: bool,
            has_block_child: bool,
            link: bool,
            paragraph: bool,
            stats: Stats,
        }
        let mut stack: Vec<Frame> = Vec::new();
        let mut skip = 0usize;
        let mut in_link = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => {
                        if skip > 0 || skipped(el, node.id()) {
                            skip += 1;
                            continue;
                        }
                        let link = el.name() == "a";
                        in_link += usize::from(link);
                        stack.push(Frame {
                            id: node.id(),
                            block: is_block(el.name()),
                            has_block_child: false,
                            link,
                            paragraph: el.name() == "p",
                            stats: Stats::default(),
                        });
                    }
                    Node::Text(t) if skip == 0 => {
                        let n = non_ws(t);
                        if let Some(top) = stack.last_mut() {
                            top.stats.text += n;
                            if in_link > 0 {
                                top.stats.link += n;
                            } else {
                                top.stats.direct += n;
                            }
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if !node.value().is_element() {
                        continue;
                    }
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    let Some(f) = stack.pop() else { continue };
                    in_link -= usize::from(f.link);
                    stats.insert(f.id, f.stats);
                    if let Some(parent) = stack.last_mut() {
                        parent.stats.text += f.stats.text;
                        parent.stats.link += f.stats.link;
                        parent.has_block_child |= f.block;
                        // Paragraph-like children add their text to the parent's paragraphs.
                        if !f.block || f.paragraph || !f.has_block_child {
                            parent.stats.direct += f.stats.content();
                        }
                    }
                }
            }
        }
    }

    // The dense candidate and the marked candidates.
    let mut dense: Option<(NodeId, usize)> = None;
    let mut marked: Vec<(NodeId, usize)> = Vec::new();
    for node in root.descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let Some(s) = stats.get(&node.id()) else {
            continue;
        };
        if dense.is_none_or(|(_, d)| s.direct > d) {
            dense = Some((node.id(), s.direct));
        }
        if is_content_name(&id_class(el)) && s.content() > 0 {
            marked.push((node.id(), s.content()));
        }
    }
    let (dense_id, dense_direct) = dense?;
    let mut chosen = dense_id;
    if let Some(&(best, best_content)) = marked.iter().max_by_key(|(_, c)| *c) {
        // The innermost marked element inside the best that keeps 80% of its text.
        let mut inner = (best, best_content);
        for &(id, c) in &marked {
            if c * 5 >= best_content * 4 && c <= inner.1 && is_ancestor(&doc, inner.0, id) {
                inner = (id, c);
            }
        }
        if inner.1 * 2 >= dense_direct {
            chosen = inner.0;
        }
    }

    let node = doc.tree.get(chosen)?;
    let mut lines = render(node, &skipped);
    lines.retain(|l| !is_furniture_line(l));
    let body_chars: usize = lines.iter().map(|l| non_ws(l)).sum();
    if body_chars < MIN_ARTICLE_CHARS {
        return None;
    }
    if let Some(title) = title(&doc, &furniture) {
        let bare: String = title.chars().filter(|c| !c.is_whitespace()).collect();
        let present = lines.iter().take(3).any(|l| {
            let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            l.contains(&bare)
        });
        if !present && !bare.is_empty() {
            lines.insert(0, title);
        }
    }
    Some(lines.join("\n"))
}

/// Whether `a` is `b` or an ancestor of `b`.
fn is_ancestor(doc: &Html, a: NodeId, b: NodeId) -> bool {
    let Some(node) = doc.tree.get(b) else {
        return false;
    };
    node.id() == a || node.ancestors().any(|n| n.id() == a)
}

fn is_furniture_line(line: &str) -> bool {
    let bare: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    FURNITURE_LINES.iter().any(|p| bare.starts_with(p))
}

/// The page's title: `<meta name="ArticleTitle">`, the first `<h1>` outside furniture, or
/// `<title>` up to its site suffix (`政府工作报告_江门市人民政府门户网站`).
fn title(doc: &Html, furniture: &HashSet<NodeId>) -> Option<String> {
    let mut h1 = None;
    let mut head_title = None;
    for node in doc.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "meta"
                if el
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("articletitle")) =>
            {
                if let Some(c) = el.attr("content").map(clean_title) {
                    if !c.is_empty() {
                        return Some(c);
                    }
                }
            }
            "h1" if h1.is_none() => {
                let outside = !node.ancestors().any(|a| furniture.contains(&a.id()))
                    && !furniture.contains(&node.id());
                if outside {
                    let text: String = node
                        .descendants()
                        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                        .collect();
                    let text = clean_title(&text);
                    if !text.is_empty() {
                        h1 = Some(text);
                    }
                }
            }
            "title" if head_title.is_none() => {
                let text: String = node
                    .descendants()
                    .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                    .collect();
                let first = text.split(['_', '|']).next().unwrap_or("");
                let first = clean_title(first.split(" - ").next().unwrap_or(""));
                if !first.is_empty() {
                    head_title = Some(first);
                }
            }
            _ => {}
        }
    }
    h1.or(head_title)
}

fn clean_title(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{3ffff}')
}

/// White space met between two pieces of text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    None,
    Space,
    /// White space holding a line break: dropped between CJK characters.
    Break,
}

/// Lines of text of one element.
struct Lines {
    lines: Vec<String>,
    line: String,
    gap: Gap,
}

impl Lines {
    fn push_text(&mut self, text: &str, pre: bool) {
        for c in text.chars() {
            if pre && c == '\n' {
                self.flush();
                continue;
            }
            if c.is_ascii_whitespace() || c == '\u{a0}' || c == '\u{200b}' {
                if c == '\n' || c == '\r' {
                    if self.gap != Gap::Space {
                        self.gap = Gap::Break;
                    }
                } else if self.gap == Gap::None {
                    self.gap = Gap::Space;
                }
                if c == '\u{200b}' && self.gap == Gap::Space {
                    self.gap = Gap::Break;
                }
                continue;
            }
            if c.is_control() {
                continue;
            }
            match self.gap {
                Gap::Space if !self.line.is_empty() => self.line.push(' '),
                Gap::Break => {
                    let before = self.line.chars().next_back();
                    if before.is_some_and(|b| !is_cjk(b)) && !is_cjk(c) {
                        self.line.push(' ');
                    }
                }
                _ => {}
            }
            self.gap = Gap::None;
            self.line.push(c);
        }
    }

    fn flush(&mut self) {
        let trimmed = self.line.trim();
        if !trimmed.is_empty() {
            self.lines.push(trimmed.to_string());
        }
        self.line.clear();
        self.gap = Gap::None;
    }
}

/// Writes an element out one block a line.
fn render(
    node: ego_tree::NodeRef<'_, Node>,
    skipped: &dyn Fn(&scraper::node::Element, NodeId) -> bool,
) -> Vec<String> {
    let mut out = Lines {
        lines: Vec::new(),
        line: String::new(),
        gap: Gap::None,
    };
    let mut skip = 0usize;
    let mut pre = 0usize;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(el) => {
                    if skip > 0 || skipped(el, n.id()) {
                        skip += 1;
                        continue;
                    }
                    let name = el.name();
                    if name == "br" || is_block(name) {
                        out.flush();
                    } else if matches!(name, "td" | "th") && !out.line.is_empty() {
                        out.gap = Gap::Space;
                    }
                    pre += usize::from(name == "pre");
                }
                Node::Text(t) if skip == 0 => out.push_text(t, pre > 0),
                _ => {}
            },
            Edge::Close(n) => {
                if let Node::Element(el) = n.value() {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    let name = el.name();
                    if is_block(name) {
                        out.flush();
                    } else if matches!(name, "td" | "th") {
                        out.gap = Gap::Space;
                    }
                    pre -= usize::from(name == "pre");
                }
            }
        }
    }
    out.flush();
    out.lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府工作报告_某市人民政府</title>
<script>var n = "增长99%";</script><style>p { color: red }</style></head>
<body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li></ul></div>
<div class="main">
  <h1>政府工作报告</h1>
  <div class="info">发布时间：2023-02-20 <span class="fontsize">【字号：<a>大</a> <a>中</a> <a>小</a>】</span></div>
  <div class="TRS_Editor">
    <p>过去一年，实现地区生产总值
       3773.41亿元，增长3.3%。</p>
    <p>　　今年主要预期目标是：地区生产总值增长6%左右。<br>城镇新增就业3万人以上。</p>
    <div>一般公共预算收入增长 5%。</div>
  </div>
  <div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a></div>
</div>
<div class="footer"><p>版权所有：某市人民政府 粤ICP备05001234号 电话：0750-1234567</p></div>
</body></html>"#;

    #[test]
    fn finds_the_article_only() {
        let text = article_text(PAGE).unwrap();
        assert_eq!(
            text,
            "政府工作报告\n\
             过去一年，实现地区生产总值3773.41亿元，增长3.3%。\n\
             今年主要预期目标是：地区生产总值增长6%左右。\n\
             城镇新增就业3万人以上。\n\
             一般公共预算收入增长 5%。"
        );
    }

    #[test]
    fn density_without_markers() {
        let page = "<html><body><div id=a><a href=x>链接一</a> <a href=y>链接二</a></div>\
            <div id=b><div><p>第一段，增长5%。</p><p>第二段，下降2%。</p><p>第三段，持平。</p></div>\
            <div>短</div></div></body></html>";
        assert_eq!(
            article_text(page).unwrap(),
            "第一段，增长5%。\n第二段，下降2%。\n第三段，持平。"
        );
    }

    #[test]
    fn old_table_layout_with_br_lines() {
        let page = r##"<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>2015年政府工作报告 - 某区人民政府</title></head><body>
<table width="1000"><tr><td class="top"><a href="/">网站首页</a> | <a href="/zw">政务公开</a></td></tr>
<tr><td width="200" class="left"><a href="/1">通知公告</a><br><a href="/2">工作动态</a></td>
<td width="800">
  <table><tr><td class="title">2015年政府工作报告</td></tr>
  <tr><td>来源：区政府办 时间：2015-02-10 【<a href="#">打印</a>】</td></tr>
  <tr><td><div id="zoom"><font size="3">　　各位代表：<br>
　　2014年，全区地区生产总值完成274.4亿元，同比增长9.1%。<br>
　　2015年，地区生产总值增长8%左右。<br></font></div></td></tr></table>
</td></tr>
<tr><td colspan="2" class="bottom">主办：某区人民政府 电话：0470-8888888</td></tr></table>
</body></html>"##;
        assert_eq!(
            article_text(page).unwrap(),
            "2015年政府工作报告\n\
             各位代表：\n\
             2014年，全区地区生产总值完成274.4亿元，同比增长9.1%。\n\
             2015年，地区生产总值增长8%左右。"
        );
    }

    #[test]
    fn no_article() {
        let page = "<html><body><div class=nav><a href=/>首页</a><a href=/a>政务公开</a></div>\
            <div class=footer>版权所有：某市人民政府 电话 0750-1234567</div>\
            <script>document.write('增长8%')</script></body></html>";
        assert_eq!(article_text(page), None);
        let err = read_text(page, None).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("an HTML page with no article text"));
    }

    #[test]
    fn white_space_between_cjk_and_latin() {
        let page =
            "<html><body><p>全社会R&amp;D投入\n增长 15%，\nGDP\ngrowth above 5%</p></body></html>";
        assert_eq!(
            article_text(page).unwrap(),
            "全社会R&D投入增长 15%，GDP growth above 5%"
        );
    }

    #[test]
    fn sniffs_pages() {
        assert!(looks_like_html_text(
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD\">"
        ));
        assert!(looks_like_html_text("\u{feff}\n <html>"));
        assert!(looks_like_html_text("<!-- saved from url -->\n<html>"));
        assert!(looks_like_html_text(
            "<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"
        ));
        assert!(looks_like_html_text("<meta charset=gbk><p>x"));
        assert!(!looks_like_html_text("<htmlx>"));
        assert!(!looks_like_html_text("政府工作报告 <html>"));
    }

    #[test]
    fn declared_charsets() {
        let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>".to_vec();
        page.extend(gbk("过去一年，实现地区生产总值3773.41亿元，增长3.3%。"));
        page.extend(b"</p></body></html>");
        let doc = read_bytes(&page).unwrap();
        assert_eq!(
            doc.text,
            "过去一年，实现地区生产总值3773.41亿元，增长3.3%。"
        );
        assert_eq!(doc.encoding.as_deref(), Some("GBK"));
        // No declaration: the core's detection finds GB18030.
        let page = [
            b"<html><body><p>".to_vec(),
            gbk("过去一年，实现地区生产总值3773.41亿元，增长3.3%。"),
            b"</p></body></html>".to_vec(),
        ]
        .concat();
        let doc = read_bytes(&page).unwrap();
        assert_eq!(
            doc.text,
            "过去一年，实现地区生产总值3773.41亿元，增长3.3%。"
        );
        assert_eq!(doc.encoding.as_deref(), Some("GB18030"));
        // Declared GBK, but UTF-8: UTF-8.
        let page = "<html><meta charset=gbk><p>过去一年，实现地区生产总值3773.41亿元，增长3.3%。</p></html>";
        let doc = read_bytes(page.as_bytes()).unwrap();
        assert_eq!(doc.encoding.as_deref(), Some("UTF-8"));
    }

    #[test]
    fn nesting_depth() {
        assert_eq!(nesting(PAGE), 4);
        assert_eq!(nesting("<p>a<p>b<br><img src=x/><div/><x-y>"), 1);
        let deep = format!("<html><body>{}x", "<div>".repeat(MAX_NESTING + 1));
        let e = read_text(&deep, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "an HTML page nested more than 10000 elements deep: refused"
        );
    }

    #[test]
    fn furniture_names() {
        assert!(is_furniture_name("navbar"));
        assert!(is_furniture_name("main-nav"));
        assert!(is_furniture_name("bdsharebuttonbox"));
        assert!(is_furniture_name("footer2"));
        assert!(!is_furniture_name("canvas"));
        assert!(!is_furniture_name("topic"));
        assert!(!is_furniture_name("trs_editor"));
        assert!(!is_furniture_name("article-content"));
    }
}
