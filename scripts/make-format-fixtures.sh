#!/usr/bin/env bash
# Makes the input-format fixtures in tests/data/formats/ from the bundled text reports.
#
# Run once, from anywhere in the repository; its outputs are committed, so tests and CI never
# need LibreOffice. Needs python3, LibreOffice Writer, Noto CJK fonts, poppler-utils and qpdf:
# on Debian, run as root, it installs what is missing (apt-get).
#
# For jiangmen-2023 and hailar-2015 it writes:
#   NAME.html        a government web page: nav, 【字号】 bar, share buttons, the article in
#                    <div class="TRS_Editor"> one <p> a paragraph, a footer, scripts (UTF-8)
#   NAME.docx        Word, one paragraph a paragraph (LibreOffice from a flat ODT)
#   NAME.pdf         PDF with a text layer (LibreOffice, Noto Serif CJK SC: ToUnicode maps)
# and, for jiangmen-2023 only:
#   jiangmen-2023-2col.pdf   the same report set in two columns a page
#   jiangmen-2023-gbk.html   the page encoded as GB18030, declared <meta charset="gb2312">
# plus bad inputs:
#   no-text-layer.pdf  one page rasterised to a grey image, no text (a scan)
#   corrupt.docx       the first half of jiangmen-2023.docx (no central directory)
#   zip-bomb.docx      a ~80 KB zip whose word/document.xml inflates to 80 MiB
#   no-article.html    a page of navigation, share buttons and footer, no article
#   encrypted.pdf      the first paragraphs of jiangmen-2023, opened only with a password
#   owner-only.pdf     the same with an owner password only (opens without one: readable)
#
# The paragraphs come from the text: jiangmen-2023 is a newspaper layout, hard-wrapped every ~18
# characters, so its lines are joined up to a blank line, an indented line or after a short
# line; hailar-2015 has one indented paragraph a line.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/tests/data/formats"
mkdir -p "$out"

have_font() { fc-list 2>/dev/null | grep "Noto Serif CJK SC" >/dev/null; }
if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null \
    || ! command -v qpdf >/dev/null || ! have_font; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libreoffice-writer-nogui fonts-noto-cjk poppler-utils qpdf
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$root" "$work" "$out" <<'PY'
import html, io, os, sys, zipfile

root, work, out = sys.argv[1:4]


def paragraphs(path):
    """Paragraphs of a text report. A line starts a paragraph after a blank line (unless the
    line before it is a hard-wrapped line that ends mid-sentence), when it is indented, or
    when the line before it is short (a title, a heading); any other line continues the
    paragraph before it (a hard wrap)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    lengths = sorted(len(l.strip()) for l in lines if l.strip())
    median = lengths[len(lengths) // 2]
    full = median * 0.75
    paras, cur, prev = [], None, ""
    for raw in lines:
        if not raw.strip():
            # A blank line ends the paragraph, unless it stands inside a word ("工\n\n程"):
            # after a hard-wrapped line (about the median length) that ends mid-sentence.
            if not full <= len(prev) <= median * 1.25 or prev[-1:] in "。！？：；”）":
                cur = None
            continue
        indented = raw[:1] in (" ", "\u3000", "\t")
        if cur is None or indented or len(prev) < full:
            cur = [raw.strip()]
            paras.append(cur)
        else:
            cur.append(raw.strip())
        prev = raw.strip()
    return ["".join(p) for p in paras]


PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="{region}人民政府门户网站">
<meta name="ArticleTitle" content="{title}">
<title>{title}_{region}人民政府门户网站</title>
<link rel="stylesheet" href="/css/common.css">
<style>
body {{ font-family: "Microsoft YaHei", sans-serif; }}
.TRS_Editor p {{ text-indent: 2em; line-height: 2; }}
</style>
<script src="/js/jquery.min.js"></script>
<script>
var _hmt = _hmt || []; // 统计代码：访问量 12345 次
(function() {{ var hm = document.createElement("script"); hm.src = "https://hm.example/hm.js?0750"; }})();
</script>
</head>
<body>
<div class="top-bar"><div class="w1200">
  <span>今天是2023年2月20日 星期一</span>
  <a href="/wza/">无障碍</a> | <a href="/en/">English</a> | <a href="/big5/">繁体</a>
</div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="{region}人民政府门户网站"></div>
  <div class="search"><form action="/search"><input type="text" name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
</div>
<div class="nav"><ul>
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
  <li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li>
  <li><a href="/zjjm/">走进{region}</a></li><li><a href="/zfgzbg/">政府工作报告</a></li>
</ul></div>
<div class="main w1200">
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zfgzbg/">政府工作报告</a></div>
  <div class="article">
    <h1 class="article-title">{title}</h1>
    <div class="article-info">
      <span>发布日期：{published}</span><span>来源：{region}人民政府办公室</span><span>浏览次数：3086</span>
      <span class="fontsize">【字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span>
      <span class="print">【<a href="javascript:window.print()">打印</a>】</span>
    </div>
    <div class="article-content">
      <div class="TRS_Editor">
{body}
      </div>
    </div>
    <div class="bdsharebuttonbox share">分享到：<a class="bds_weixin" title="分享到微信">微信</a><a class="bds_tsina" title="分享到新浪微博">微博</a><a class="bds_qzone">QQ空间</a></div>
    <div class="article-tools">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>
    <div class="related"><h3>相关链接</h3><ul>
      <li><a href="/zfgzbg/2022.html">2022年政府工作报告</a><span>2022-02-18</span></li>
      <li><a href="/zfgzbg/2021.html">2021年政府工作报告（全文）增长8%</a><span>2021-02-20</span></li>
      <li><a href="/tjsj/">2022年国民经济和社会发展统计公报：地区生产总值增长3.3%</a></li>
    </ul></div>
  </div>
</div>
<div class="footer">
  <p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sybz/">使用帮助</a></p>
  <p>主办单位：{region}人民政府办公室　版权所有：{region}人民政府　网站标识码：4407000001</p>
  <p>地址：{region}建设三路139号　邮编：529000　电话：0750-1234567　传真：0750-7654321</p>
  <p><a href="https://beian.miit.gov.cn/">粤ICP备05001234号-1</a>　<img src="/images/ga.png" alt="">粤公网安备 44070302000123号</p>
</div>
<script>
function doZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
window._bd_share_config = {{ "common": {{ "bdSnsKey": {{}}, "bdText": "", "bdMini": "2", "bdPic": "", "bdStyle": "0", "bdSize": "16" }} }};
</script>
</body>
</html>
"""

NO_ARTICLE = PAGE.replace("{body}", "").replace(
    '<h1 class="article-title">{title}</h1>', "")


def page(paras, region, published, charset="utf-8", body=True):
    title = paras[0].replace(" ", "")
    lines = []
    for p in paras[1:]:
        lines.append("        <p>" + html.escape(p, quote=False) + "</p>")
    template = PAGE if body else NO_ARTICLE
    return template.format(charset=charset, region=region, title=title, published=published,
                           body="\n".join(lines))


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'"/>
</office:font-face-decls>
<office:styles>
 <style:style style:name="Standard" style:family="paragraph">
  <style:paragraph-properties fo:text-indent="0.85cm" fo:margin-top="0cm" fo:margin-bottom="0.12cm" fo:line-height="130%" fo:text-align="justify"/>
  <style:text-properties style:font-name="Noto Serif CJK SC" fo:font-size="12pt" style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="12pt" fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-indent="0cm" fo:text-align="center" fo:margin-bottom="0.4cm"/>
  <style:text-properties fo:font-size="20pt" style:font-size-asian="20pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2.2cm" fo:margin-bottom="2.2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm">{columns}</style:page-layout-properties>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1"/>
</office:master-styles>
<office:body><office:text>
"""
TWO_COLUMNS = '<style:columns fo:column-count="2" fo:column-gap="0.8cm"/>'


def fodt(paras, columns=""):
    x = io.StringIO()
    x.write(FODT_HEAD.format(columns=columns))
    for i, p in enumerate(paras):
        style = "Title" if i == 0 else "Standard"
        x.write('<text:p text:style-name="%s">%s</text:p>\n' % (style, html.escape(p, quote=False)))
    x.write("</office:text></office:body></office:document>\n")
    return x.getvalue()


reports = {
    "jiangmen-2023": ("江门市", "2023-02-20"),
    "hailar-2015": ("海拉尔区", "2015-02-10"),
}
for name, (region, published) in reports.items():
    paras = paragraphs(os.path.join(root, "tests/data", name + ".txt"))
    with open(os.path.join(out, name + ".html"), "w", encoding="utf-8") as f:
        f.write(page(paras, region, published))
    with open(os.path.join(work, name + ".fodt"), "w", encoding="utf-8") as f:
        f.write(fodt(paras))
    if name == "jiangmen-2023":
        with open(os.path.join(out, name + "-gbk.html"), "wb") as f:
            f.write(page(paras, region, published, charset="gb2312").encode("gb18030"))
        with open(os.path.join(work, name + "-2col.fodt"), "w", encoding="utf-8") as f:
            f.write(fodt(paras, TWO_COLUMNS))
        with open(os.path.join(out, "no-article.html"), "w", encoding="utf-8") as f:
            f.write(page(paras, region, published, body=False))
        with open(os.path.join(work, "short.fodt"), "w", encoding="utf-8") as f:
            f.write(fodt(paras[:3]))

# A zip bomb dressed as a Word file: a valid start, then 80 MiB of one repeated byte.
bomb = io.BytesIO()
with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    head = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>').encode()
    size = 80 << 20
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        f.write(head)
        chunk = b"A" * (1 << 20)
        for _ in range(size >> 20):
            f.write(chunk)
        f.write(b"</w:t></w:r></w:p></w:body></w:document>")
with open(os.path.join(out, "zip-bomb.docx"), "wb") as f:
    f.write(bomb.getvalue())
PY

# LibreOffice: flat ODT → DOCX and PDF (fonts embedded as subsets, with ToUnicode maps).
lo=(soffice --headless --norestore "-env:UserInstallation=file://$work/lo-profile")
for f in "$work"/jiangmen-2023.fodt "$work"/hailar-2015.fodt; do
    "${lo[@]}" --convert-to docx:"MS Word 2007 XML" --outdir "$out" "$f" >/dev/null
done
for f in "$work"/jiangmen-2023.fodt "$work"/hailar-2015.fodt "$work"/jiangmen-2023-2col.fodt; do
    "${lo[@]}" --convert-to pdf:writer_pdf_Export --outdir "$out" "$f" >/dev/null
done
"${lo[@]}" --convert-to pdf:writer_pdf_Export --outdir "$work" "$work/short.fodt" >/dev/null
qpdf --encrypt secret owner 256 -- "$work/short.pdf" "$out/encrypted.pdf"
qpdf --encrypt "" owner 256 -- "$work/short.pdf" "$out/owner-only.pdf"

# A scan: page 1 of the PDF as a grey image at 50 dpi, in a PDF with no text at all.
pdftoppm -gray -r 50 -f 1 -l 1 "$out/jiangmen-2023.pdf" "$work/page"
python3 - "$work" "$out" <<'PY'
import glob, os, sys, zlib

work, out = sys.argv[1:3]
pgm = open(sorted(glob.glob(os.path.join(work, "page*.pgm")))[0], "rb").read()
# Binary PGM: P5 <w> <h> <max> then the pixels.
parts = pgm.split(maxsplit=4)
assert parts[0] == b"P5", parts[0]
w, h = int(parts[1]), int(parts[2])
pixels = parts[4][: w * h]
image = zlib.compress(pixels, 9)
content = b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (595, 842)
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
    b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(image)) + image + b"\nendstream",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
]
pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for i, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % i + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
for off in offsets:
    pdf += b"%010d 00000 n \n" % off
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
open(os.path.join(out, "no-text-layer.pdf"), "wb").write(pdf)

# A DOCX cut in half: the local headers survive, the central directory is gone.
docx = open(os.path.join(out, "jiangmen-2023.docx"), "rb").read()
open(os.path.join(out, "corrupt.docx"), "wb").write(docx[: len(docx) // 2])
PY

ls -l "$out"
du -sh "$out"
