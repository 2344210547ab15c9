# ruff: noqa: E501  (long Vietnamese titles, URLs and HTML fixtures are data)
"""Small pages built around the seed texts, in the layouts their sites are believed to use.

The seeds are page texts only (no HTML), so the markup here is ours; the text,
the date/counter strings and the byline shapes are the seeds' own.
"""

from html import escape

import pytest
from conftest import seed_text

from cleaning.extract import extract_article


def lines_of(prefix: str) -> list[str]:
    return [ln.strip() for ln in seed_text(prefix).splitlines() if ln.strip()]


def page(head: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    )


# --------------------------------------------------------------------------- seed 002


def seed002_html(glued_markup: bool) -> str:
    ls = lines_of("002")
    category, title, dateline = ls[0], ls[1], ls[2]
    story = ls[3:]
    last = story[-1]
    if glued_markup:
        # The CMS renders the byline and the comment header as inline spans.
        head, _ = last.split("Hoài Trọng")
        last_html = f"<p>{escape(head)}<span class='Author'>Hoài Trọng</span><span class='CommentTitle'>Các ý kiến của bạn đọc</span></p>"
    else:
        last_html = f"<p>{escape(last)}</p>"
    paras = []
    for ln in story[:-1]:
        if ln == "20.12.2019 b.png":
            paras.append(
                "<p style='text-align:center'><img src='/Uploads/2019/20.12.2019%20b.png'></p>"
            )
        elif ln == "Quang cảnh buổi hội thảo":
            paras.append(f"<p style='text-align:center'><em>{escape(ln)}</em></p>")
        else:
            paras.append(f"<p>{escape(ln)}</p>")
    body = (
        "<div id='menu'><a href='/'>Trang chủ</a> <a href='/tin-tuc'>Tin tức</a></div>"
        f"<div class='CategoryName'>{escape(category)}</div>"
        f"<div class='ArticleHeader'>{escape(title)}</div>"
        f"<div class='PostDate'>{escape(dateline)}</div>"
        f"<div class='ArticleContent'>{''.join(paras)}{last_html}</div>"
        "<div class='OtherNews'><b>Các tin khác</b><ul><li><a href='/a'>Hội nghị sơ kết</a></li></ul></div>"
    )
    return page(f"<title>{escape(title)} - Thành ủy Ngã Bảy</title>", body)


@pytest.mark.parametrize("glued_markup", [False, True], ids=["glued-text", "inline-spans"])
def test_seed002_postdate_articlecontent(glued_markup):
    r = extract_article(
        seed002_html(glued_markup), "https://ngabay.haugiang.dcs.vn/tin-tuc/ghi-nhan-21-tham-luan"
    )
    assert r["family"] == "provincial-platform"
    assert r["title"] == "Ghi nhận 21 tham luận tại hội thảo khoa học"
    assert r["layers"]["title"] == "family:provincial-platform"
    assert r["published_at"] == "2019-12-23"
    assert r["views"] == 1357
    assert r["author"] == "Hoài Trọng"
    assert r["body"].startswith("Ngày 18/12/2019, Trường Chính trị tỉnh Hậu Giang phối hợp")
    assert r["body"].endswith("hoàn thiện những giải pháp khoa học của đề tài.")
    assert "Quang cảnh buổi hội thảo" not in r["body"]
    assert "Các ý kiến" not in r["body"] and "Các tin khác" not in r["body"]
    assert r["images"] == [
        {
            "src": "https://ngabay.haugiang.dcs.vn/Uploads/2019/20.12.2019%20b.png",
            "caption": "Quang cảnh buổi hội thảo",
        }
    ]
    assert r["event_date"] == "2019-12-18"
    assert r["provinces"] == ["Cần Thơ"]  # Hậu Giang merged into Cần Thơ


# --------------------------------------------------------------------------- seed 003


def seed003_html() -> str:
    ls = lines_of("003")
    title, dateline = ls[0], ls[1]
    end = ls.index("Các tin khác")
    story, related = ls[2:end], ls[end + 1 : ls.index("Liên kết website")]
    counter = ls[ls.index("Số lượt truy cập") :]
    html_story = []
    captions = {"Các đồng chí chủ trì Hội thảo", "Các đại biểu tham dự Hội thảo"}
    i = 0
    while i < len(story):
        ln = story[i]
        if ln in captions:
            html_story.append(
                f"<p><img src='/images/hoithao{i}.jpg'></p><p style='text-align:center'><em>{escape(ln)}</em></p>"
            )
        elif (
            ln.startswith("TS. Lương Trọng Thành - TUV, Hiệu trưởng Trường Chính trị")
            and len(ln) < 80
        ):
            html_story.append(
                f"<p><img src='/images/ketluan.jpg'></p><p style='text-align:center'><em>{escape(ln)}<br>{escape(story[i + 1])}</em></p>"
            )
            i += 2  # the seed repeats the caption's second line
        elif ln == "TS. Phạm Thị Hoài Thu":
            html_story.append(
                f"<p style='text-align:right'><strong>{escape(ln)}</strong><br>{escape(story[i + 1])}</p>"
            )
            i += 2
        else:
            html_story.append(f"<p>{escape(ln)}</p>")
        i += 1
    related_html = "".join(
        f"<li><a href='/tin/{n}'>{escape(t.lstrip('- '))}</a></li>" for n, t in enumerate(related)
    )
    counter_html = "".join(f"<div>{escape(c)}</div>" for c in counter)
    body = (
        "<div id='banner'><a href='/'>TRƯỜNG CHÍNH TRỊ TỈNH THANH HÓA</a></div>"
        "<div class='main'><div class='col-main'>"
        f"<h1 class='news-title'>{escape(title)}</h1>"
        f"<div class='news-info'>{escape(dateline)}</div>"
        f"<div class='news-content'>{''.join(html_story)}</div>"
        f"<div class='other-news'><h3>Các tin khác</h3><ul>{related_html}</ul></div>"
        "</div><div class='col-right'><div class='weblinks'><h3>Liên kết website</h3></div>"
        f"<div class='visitor-counter'>{counter_html}</div></div></div>"
    )
    return page(f"<title>{escape(title)}</title>", body)


def test_seed003_generic_layout_glued_counter_and_visitor_counter():
    r = extract_article(
        seed003_html(), "https://truongchinhtri.thanhhoa.gov.vn/tin-tuc/hoi-thao-bim-son-123.html"
    )
    assert r["family"] is None
    assert r["title"].startswith("Hội thảo khoa học “Tổng kết thực tiễn thực hiện nhất thể hóa")
    assert r["published_at"] == "2022-07-22T16:21:07+07:00"
    assert r["views"] == 404
    assert r["author"] == "TS. Phạm Thị Hoài Thu"
    assert r["layers"]["body"] == "generic"
    body = r["body"]
    assert body.startswith("Tham dự Hội thảo, về phía Tỉnh ủy Thanh Hóa có đồng chí Phạm Mai Anh")
    assert body.endswith("ở Thị xã Bỉm Sơn nói riêng trong thời gian tới./.")
    for junk in ("Các tin khác", "Số lượt truy cập", "Hôm nay", "3.669.415", "lượt xem", "Phó Trưởng khoa Nhà nước",
                 "Các đồng chí chủ trì Hội thảo", "Liên kết website"):  # fmt: skip
        assert junk not in body
    assert any(p["name"] == "Lương Trọng Thành" and p["titles"] == ["TS."] for p in r["persons"])
    assert "Thanh Hóa" in r["provinces"]
    assert any(i["caption"] == "Các đồng chí chủ trì Hội thảo" for i in r["images"])


# --------------------------------------------------------------------------- seed 004


def seed004_html() -> str:
    ls = lines_of("004")
    title, dateline, lead, caption = ls[0], ls[1], ls[2], ls[3]
    story = ls[4:-1]
    body = (
        "<div class='header'><a href='/'>Báo Hải Dương</a></div><div class='detail'>"
        f"<h1 class='detail-title'>{escape(title)}</h1>"
        f"<div class='detail-time'>{escape(dateline)}</div>"
        f"<h2 class='detail-sapo'>{escape(lead)}</h2>"
        "<div class='detail-content'>"
        "<table class='image center'><tbody><tr><td><img src='https://baohaiduong.vn/upload/2021/4/hoi-thao.jpg'></td></tr>"
        f"<tr><td class='image_desc'>{escape(caption)}</td></tr></tbody></table>"
        + "".join(f"<p>{escape(p)}</p>" for p in story)
        + f"<p><strong>{escape(ls[-1])}</strong></p></div>"
        "<div class='share'>Chia sẻ Facebook Zalo</div></div>"
    )
    return page(f"<title>{escape(title)}</title>", body)


def test_seed004_upper_case_weekday_and_capitals_byline():
    r = extract_article(
        seed004_html(),
        "https://tab.baohaiduong.vn/chinh-tri/de-xuat-nhung-giai-phap-dot-pha-163400",
    )
    assert (
        r["title"] == "Đề xuất những giải pháp đột phá để xây dựng đội ngũ cán bộ lãnh đạo, quản lý"
    )
    assert r["published_at"] == "2021-04-01T18:14:15+07:00"
    assert r["author"] == "HOÀNG BIÊN"
    assert "HOÀNG BIÊN" not in r["body"]
    assert r["body"].endswith("có các bộ chỉ tiêu cụ thể để đánh giá cán bộ...")
    assert (
        "Chiều 1.4, đồng chí Lê Văn Hiệu, Phó Bí thư Thường trực Tỉnh ủy chủ trì hội thảo"
        in r["body"]
    )
    assert "phát biểu kết luận hội thảo\n" not in r["body"]
    assert r["images"] == [
        {
            "src": "https://baohaiduong.vn/upload/2021/4/hoi-thao.jpg",
            "caption": "Đồng chí Lê Văn Hiệu, Phó Bí thư Thường trực Tỉnh ủy phát biểu kết luận hội thảo",
        }
    ]
    assert r["event_date"] == "2021-04-01"  # "Chiều 1.4", year from the posting date
    assert r["views"] is None


# --------------------------------------------------------------------------- seed 000


def seed000_html() -> str:
    ls = lines_of("000")
    title = ls[0]
    story = ls[1 : ls.index("Tin bài: Phòng NN-TH và TT-TV")]
    parts, i = [], 0
    while i < len(story):
        ln = story[i]
        if ln.lower().startswith("hinh "):
            # "Hinh 4-5Ông Dương Thành Đức…": the file name glued to its caption in the seed.
            name, _, cap = ln.partition(" ")[2].partition(ln.split(" ")[1][:3])
            cap = ln[len("Hinh ") + 3 :] if not cap and len(ln) > 12 else story[i + 1]
            slug = ln.split(" ")[1][:3]
            parts.append(
                f"<div class='wp-caption aligncenter'><img src='/hcm/wp-content/uploads/2022/03/Hinh-{slug}.jpg'>"
                f"<p class='wp-caption-text'>{escape(cap)}</p></div>"
            )
            i += 1 if len(ln) > 12 else 2
            continue
        parts.append(f"<p>{escape(ln)}</p>")
        i += 1
    body = (
        "<div id='page'><header class='site-header'><a href='/hcm/'>Phân viện Học viện Hành chính Quốc gia</a></header>"
        "<article class='post type-post'><header class='entry-header'>"
        f"<h1 class='entry-title'>{escape(title)}</h1>"
        "<div class='entry-meta'><span class='posted-on'><time class='entry-date published' "
        "datetime='2022-03-21T08:30:00+07:00'>21/03/2022</time></span></div></header>"
        f"<div class='entry-content'>{''.join(parts)}"
        "<p style='text-align:right'><strong>Tin bài: Phòng NN-TH và TT-TV</strong></p><p>&nbsp;</p><p>&nbsp;</p></div>"
        "</article><div id='comments' class='comments-area'><p class='no-comments'>Comments are closed.</p></div></div>"
    )
    head = f"<title>{escape(title)} – Phân viện HCM</title><meta name='generator' content='WordPress 5.9.3'>"
    return page(head, body)


def test_seed000_wordpress_tin_bai_and_comments_closed():
    r = extract_article(seed000_html(), "https://www1.napa.vn/hcm/hoi-thao-khoa-hoc-hau-giang.htm")
    assert r["family"] == "wordpress"
    assert r["title"].startswith(
        "Hội thảo khoa học “Thực trạng và giải pháp nâng cao chất lượng cán bộ"
    )
    assert r["published_at"] == "2022-03-21T08:30:00+07:00"
    assert r["author"] == "Phòng NN-TH và TT-TV"
    body = r["body"]
    assert body.startswith("Sáng ngày 18/3/2022, Sở Nội vụ tỉnh Hậu Giang phối hợp")
    assert body.endswith("Một số hình ảnh tại Hội thảo")
    assert "Comments are closed" not in body and "Tin bài" not in body
    assert "Đại biểu tham dự Hội thảo trực tuyến" not in body  # a caption
    assert r["event_date"] == "2022-03-18"
    assert r["provinces"][0] == "Cần Thơ"
    persons = {p["name"]: p["titles"] for p in r["persons"]}
    assert persons["Phan Hoàng Ngoan"] == ["ThS."]
    assert persons["Huỳnh Văn Thới"] == ["PGS.", "TS."]
    assert persons["Nguyễn Ngọc Toán"] == ["ThS.", "GVC."]
    assert len(r["images"]) >= 15


# --------------------------------------------------------------------------- seed 001


def test_seed001_counter_and_date_at_the_foot():
    ls = lines_of("001")
    body = (
        f"<div class='news_column'><h1 class='title'>{escape(ls[0])}</h1>"
        "<div id='news-bodyhtml' class='bodytext'>"
        + "".join(f"<p>{escape(p)}</p>" for p in ls[2:-1])
        + f"<p>{escape(ls[-1])}</p></div></div>"
    )
    r = extract_article(
        page("<title>x</title>", body),
        "https://truongdaihocnoivu.edu.vn/vi/news/tin-tuc/doan-can-bo-1.html",
    )
    assert r["family"] == "nukeviet"
    assert r["title"] == ls[0]
    assert r["published_at"] == "2020-07-21"
    assert r["views"] == 0
    assert r["body"].startswith("Từ ngày 22/6 đến ngày 03/7/2020")
    assert "lượt đọc" not in r["body"]
    assert r["event_date"] == "2020-06-22"
