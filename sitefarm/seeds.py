"""The five real seed texts, turned into structured articles for their sites.

Each seed is page *text* (no HTML), so each gets a small hand-written reading that
says which lines are the title, the date line, captions, the byline and chrome.
Mapping (cms_families.md A12): 000 napa-hcm, 001 dhnv, 002 thanhuy-ngabay,
003 tct-thanhhoa, 004 baohaiduong.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

from .model import VN_TZ, Article, Block, Image, norm_ws

SEEDS_DIR = Path(__file__).resolve().parent / "corpus" / "seeds"

SEED_SITE = {
    "000": "napa-hcm",
    "001": "dhnv",
    "002": "thanhuy-ngabay",
    "003": "tct-thanhhoa",
    "004": "baohaiduong",
}


def slugify(text: str, max_words: int = 14) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:max_words])


def _read(num: str) -> list[str]:
    (path,) = SEEDS_DIR.glob(f"{num}_*.txt")
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return text.splitlines()


def _nonempty(lines: list[str]) -> list[str]:
    return [ln for ln in lines if norm_ws(ln)]


def seed_000() -> dict:
    """napa-hcm (WordPress): 'Hinh N-M' image lines followed by captions, 'Tin bài:' byline."""
    lines = _nonempty(_read("000"))
    title = norm_ws(lines[0])
    blocks: list[Block] = []
    author = None
    seen: dict[str, int] = {}
    i = 1
    while i < len(lines):
        ln = norm_ws(lines[i])
        m = re.match(r"^([Hh]inh \d+-\d+)(.*)$", ln)
        if m:
            name = m.group(1).replace(" ", "-").capitalize()
            n = seen.get(name, 0)
            seen[name] = n + 1
            fname = name + (f"-{n}" if n else "")
            src = f"https://www1.napa.vn/hcm/wp-content/uploads/2022/03/{fname}.jpg"
            caption = norm_ws(m.group(2))
            if not caption:
                i += 1
                caption = norm_ws(lines[i])
            blocks.append(Block(image=Image(src, caption)))
        elif ln.startswith("Tin bài:"):
            author = norm_ws(ln.split(":", 1)[1])
        elif ln == "Comments are closed.":
            pass
        else:
            blocks.append(Block(text=ln))
        i += 1
    return dict(
        title=title,
        published=datetime(2022, 3, 21, 9, 12, 45, tzinfo=VN_TZ),
        author=author,
        views=None,
        blocks=blocks,
        article_id=4127,
    )


def seed_001() -> dict:
    """dhnv (NukeViet): hometext repeats the title; no captions; '0 lượt đọc 21/07/2020'."""
    lines = _nonempty(_read("001"))
    title = norm_ws(lines[0])
    hometext = norm_ws(lines[1])
    blocks = []
    views = None
    day = None
    for ln in lines[2:]:
        m = re.match(r"^\s*(\d+) lượt đọc\s+(\d\d)/(\d\d)/(\d{4})\s*$", ln)
        if m:
            views = int(m.group(1))
            day = date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
            continue
        blocks.append(Block(text=norm_ws(ln)))
    for k in range(1, 4):
        src = f"https://truongdaihocnoivu.edu.vn/uploads/news/2020_07/khao-sat-{k}.jpg"
        blocks.append(Block(image=Image(src, None)))
    return dict(
        title=title,
        lead=hometext,
        published=day,
        author=None,
        views=views,
        blocks=blocks,
        article_id=1786,
    )


def seed_002() -> dict:
    """thanhuy-ngabay (PostDate/ArticleContent): author glued after the last paragraph."""
    lines = _nonempty(_read("002"))
    assert norm_ws(lines[0]) == "TIN TỨC THÀNH ỦY NGÃ BẢY"
    title = norm_ws(lines[1])
    m = re.search(r"\((\d\d)/(\d\d)/(\d{4})\).*Số lần xem: (\d+)", lines[2])
    day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    views = int(m.group(4))
    blocks: list[Block] = []
    author = None
    i = 3
    while i < len(lines):
        ln = norm_ws(lines[i])
        if re.match(r"^[\d.]+ \w+\.png$", ln):
            src = "https://ngabay.haugiang.dcs.vn/Uploads/Images/2019/12/20.12.2019%20b.png"
            blocks.append(Block(image=Image(src, norm_ws(lines[i + 1]))))
            i += 2
            continue
        g = re.match(r"^(.*\.)(Hoài Trọng)(Các ý kiến của bạn đọc)$", ln)
        if g:
            blocks.append(Block(text=g.group(1)))
            author = g.group(2)
        else:
            blocks.append(Block(text=ln))
        i += 1
    return dict(
        title=title, published=day, author=author, views=views, blocks=blocks, article_id=2571
    )


_CAPTIONS_003 = {
    "Các đồng chí chủ trì Hội thảo": "chu-tri.jpg",
    "Các đại biểu tham dự Hội thảo": "dai-bieu.jpg",
}


def seed_003() -> dict:
    """tct-thanhhoa (Liferay): captions, a 3-line table caption, signature + role, chrome."""
    lines = _nonempty(_read("003"))
    title = norm_ws(lines[0])
    m = re.search(r"(\d\d):(\d\d):(\d\d) (\d\d)/(\d\d)/(\d{4}) \(GMT\+7\)(\d+) lượt xem", lines[1])
    hh, mm, ss, d, mo, y, views = (int(x) for x in m.groups())
    published = datetime(y, mo, d, hh, mm, ss, tzinfo=VN_TZ)
    base = "https://truongchinhtri.thanhhoa.gov.vn/documents/20182/0/"
    blocks: list[Block] = []
    i = 2
    author = role = None
    while i < len(lines):
        ln = norm_ws(lines[i])
        if ln in _CAPTIONS_003:
            blocks.append(Block(image=Image(base + _CAPTIONS_003[ln], ln)))
        elif (
            ln.startswith("TS. Lương Trọng Thành - TUV, Hiệu trưởng Trường Chính trị")
            and len(ln) < 80
        ):
            cap = ln + " " + norm_ws(lines[i + 1])
            blocks.append(Block(image=Image(base + "ket-luan.jpg", cap)))
            i += 3  # the second caption line is printed twice
            continue
        elif ln == "TS. Phạm Thị Hoài Thu":
            author = ln
            role = norm_ws(lines[i + 1])
            break
        else:
            blocks.append(Block(text=ln))
        i += 1
    others = []
    k = lines.index("Các tin khác")
    for ln in lines[k + 1 :]:
        if not ln.startswith("- "):
            break
        others.append(norm_ws(ln[2:]))
    return dict(
        title=title,
        published=published,
        author=author,
        role=role,
        views=views,
        blocks=blocks,
        article_id=3187021,
        extra={"other_titles": others},
    )


def seed_004() -> dict:
    """baohaiduong (newspaper): upper-case weekday date, lead, one caption, capitals byline."""
    lines = _nonempty(_read("004"))
    title = norm_ws(lines[0])
    m = re.search(r"(\d\d)/(\d\d)/(\d{4}) (\d\d):(\d\d):(\d\d)", lines[1])
    d, mo, y, hh, mm, ss = (int(x) for x in m.groups())
    lead = norm_ws(lines[2])
    cap = norm_ws(lines[3])
    src = "https://tab.baohaiduong.vn/upload/images/2021-2-1/le-van-hieu-ket-luan.jpg"
    blocks = [Block(image=Image(src, cap))]
    author = None
    for ln in lines[4:]:
        ln = norm_ws(ln)
        if ln == "HOÀNG BIÊN":
            author = ln
            continue
        blocks.append(Block(text=ln))
    return dict(
        title=title,
        lead=lead,
        published=datetime(y, mo, d, hh, mm, ss, tzinfo=VN_TZ),
        author=author,
        views=None,
        blocks=blocks,
        article_id=163400,
    )


_READERS = {"000": seed_000, "001": seed_001, "002": seed_002, "003": seed_003, "004": seed_004}


def seed_article(site_id: str) -> dict | None:
    """Fields for the seed article of a site (no url yet), or None."""
    for num, sid in SEED_SITE.items():
        if sid == site_id:
            fields = _READERS[num]()
            fields["extra"] = {**fields.get("extra", {}), "seed": num}
            return fields
    return None


def paragraph_pool() -> list[str]:
    """Long body paragraphs of all seeds, for synthetic articles."""
    pool = []
    for num in sorted(_READERS):
        for b in _READERS[num]()["blocks"]:
            if b.text and len(b.text) > 160:
                pool.append(b.text)
    return pool


def make_article(site_id: str, url: str, fields: dict, synthetic: bool) -> Article:
    fields = dict(fields)
    return Article(site_id=site_id, url=url, synthetic=synthetic, **fields)
