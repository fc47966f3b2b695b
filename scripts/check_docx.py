#!/usr/bin/env python3
"""Checks a 法治政府建设年度报告 .docx as a reader's tools see it (issue 17): python-docx opens it and finds
the 公文 layout of GB/T 9704 (A4, margins 37/35/28/26 mm, title 方正小标宋 二号, body 仿宋 三号, the five
parts in order, page numbers in odd and even footers); LibreOffice converts it to PDF headless, and the
PDF embeds a CJK font (so the Chinese is really there, not boxes).

    scripts/check_docx.py FILE.docx [--year 2025]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.shared import Mm, Pt


def fail(message):
    print("docx check: FAILED: " + message)
    sys.exit(1)


def main():
    if len(sys.argv) < 2:
        fail("usage: check_docx.py FILE.docx [--year Y]")
    path = sys.argv[1]
    year = int(sys.argv[sys.argv.index("--year") + 1]) if "--year" in sys.argv else None
    doc = Document(path)
    section = doc.sections[0]

    def near(a, b):
        return abs(a - b) <= Mm(0.5)

    if not (near(section.page_width, Mm(210)) and near(section.page_height, Mm(297))):
        fail("page is not A4: %s × %s" % (section.page_width, section.page_height))
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    if not all(near(m, Mm(v)) for m, v in zip(margins, (37, 35, 28, 26))):
        fail("margins are not 37/35/28/26 mm: %s" % [round(m.mm, 1) for m in margins])
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    title = paragraphs[0]
    run = title.runs[0]
    east = run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    if east != "方正小标宋简体" or run.font.size != Pt(22):
        fail("title is not 方正小标宋 二号: %s %s" % (east, run.font.size))
    if not title.text.endswith("法治政府建设情况报告"):
        fail("title: " + title.text)
    body = [p for p in paragraphs if p.runs and p.runs[0].font.size == Pt(16)]
    fonts = {p.runs[0]._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") for p in body}
    if "仿宋_GB2312" not in fonts or "黑体" not in fonts:
        fail("body fonts: %s" % fonts)
    headings = [p.text for p in paragraphs if re.match(r"^[一二三四五]、", p.text)]
    expected = ["一、", "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、", "五、其他需要报告的情况"]
    if len(headings) != 5 or not all(h.startswith(e) for h, e in zip(headings, expected)):
        fail("the five parts: %s" % headings)
    if year and not (str(year) in headings[0] and str(year + 1) in headings[3]):
        fail("years in the headings: %s" % headings)
    if not doc.settings.odd_and_even_pages_header_footer:
        fail("odd and even footers are not set")
    footers = [section.footer, section.even_page_footer]
    for footer, side in zip(footers, ("right", "left")):
        xml = footer._element.xml
        if "PAGE" not in xml or "—" not in xml:
            fail("the %s footer has no page number between dashes" % side)
    if not doc.tables:
        fail("part one has no table of figures")

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        fail("LibreOffice (soffice) is not installed")
    out = tempfile.mkdtemp()
    profile = tempfile.mkdtemp()
    subprocess.run(
        [soffice, "-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "pdf", "--outdir", out, path],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    pdf = os.path.join(out, os.path.splitext(os.path.basename(path))[0] + ".pdf")
    if not os.path.exists(pdf) or os.path.getsize(pdf) < 1000:
        fail("LibreOffice made no PDF")
    listing = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout if shutil.which("pdffonts") else open(pdf, "rb").read().decode("latin-1")
    if not re.search(r"CJK|Noto|Song|Hei|Fang|Kai", listing):
        fail("the PDF embeds no CJK font:\n" + listing)
    pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
    count = re.search(r"Pages:\s+(\d+)", pages)
    print("docx check: ok — %s: A4, GB/T 9704 margins, 小标宋 title, 仿宋 body, five parts, odd/even page numbers; "
          "LibreOffice PDF %s page(s), %d bytes, CJK fonts embedded" % (os.path.basename(path), count.group(1) if count else "?", os.path.getsize(pdf)))
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
