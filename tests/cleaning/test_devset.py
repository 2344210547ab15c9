# ruff: noqa: E501  (long Vietnamese titles, URLs and HTML fixtures are data)
"""Pinned extraction results for the 7 real article pages of the devset.

Convention (docs/internals.md, "Field conventions"): a lead/sapo printed outside the
body container is the first paragraph of `body`, so nothing the article says is lost.
"""

import json

import pytest

from cleaning.extract import RESULT_KEYS, extract_article

# file, url, title, published_at, author, body start, body end, family
DEVSET = [
    (
        "vnexpress_article_20251022.html",
        "https://vnexpress.net/dau-bung-keo-dai-phat-hien-ung-thu-lymphoma-ruot-non-4954454.html",
        "Đau bụng kéo dài, phát hiện ung thư lymphoma ruột non",
        "2025-10-22T19:25:52+07:00",
        "Lê Phương",
        "Người đàn ông 63 tuổi đau bụng kéo dài, bác sĩ chẩn đoán",  # p.description lead
        "có thể phẫu thuật, hóa trị hoặc xạ trị.",
        "vnexpress",
    ),
    (
        "baocantho_article_20260108.html",
        "https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html",
        "Tập trung triển khai các đợt thanh tra, kiểm tra có trọng tâm, trọng điểm nhất là các lĩnh vực có nguy cơ",
        "2026-01-08T18:21:00+07:00",
        "P.Y",
        "(CTO) - Ngày 8-1, Phó Thủ tướng Thường trực Nguyễn Hòa Bình",
        "thực sự trong sạch, liêm chính đáp ứng yêu cầu nhiệm vụ của ngành.",
        "content-fck",
    ),
    (
        "baolaocai_article_20250617.html",
        "https://baolaocai.vn/song-dep-tu-nhung-dieu-gian-di-post404649.html",
        "Sống đẹp từ những điều giản dị",
        "2025-06-17T13:43:02+07:00",
        "Anh Dũng",
        "Không ồn ào, không phô trương thành tích",  # .cms-desc lead
        "lặng lẽ góp sức bằng những việc làm ý nghĩa.",
        "cms-zce",
    ),
    (
        "vtcnews_article_20251224.html",
        "https://vtcnews.vn/mo-rong-duong-hon-2-000-ty-dong-giai-cuu-ket-xe-o-cua-ngo-phia-dong-tp-hcm-ar994669.html",
        "Mở rộng đường hơn 2.000 tỷ đồng 'giải cứu' kẹt xe ở cửa ngõ phía Đông TP.HCM",
        "2025-12-24T09:30:00+07:00",
        "Lương Ý",
        "Sau 8 tháng khởi công, dự án mở rộng đường Nguyễn Thị Định",  # h2.inline-nb lead
        "cải thiện diện mạo đô thị khu Đông TP.HCM.",
        "vtcnews",
    ),
    (
        "znews_article_20251223.html",
        "https://znews.vn/gia-vang-the-gioi-cao-nhat-moi-thoi-dai-post1613516.html",
        "Giá vàng thế giới cao nhất mọi thời đại",
        "2025-12-23T09:02:07+07:00",
        "Anh Nguyễn",
        "Giá vàng thế giới lập kỷ lục mới trên 4.400 USD/ounce",  # p.the-article-summary
        "và cũng chạm mức cao nhất trong gần 3 năm.",
        "znews",
    ),
    (
        "laodong_article_20200103.html",
        "https://laodong.vn/phap-luat/vu-vu-nhom-cuu-chu-tich-da-nang-noi-co-5-khau-sung-do-dac-thu-cong-tac-776332.ldo",
        'Vụ Vũ "Nhôm": Cựu Chủ tịch Đà Nẵng nói có 5 khẩu súng "do đặc thù công tác"',
        "2020-01-03T19:27:15+07:00",  # JSON-LD seconds refine the visible 19:27
        "Việt Dũng",
        "Trong khi bị cáo Văn Hữu Chiến khai việc ký các văn bản",  # p.abs lead
        "Ngày 4.1, Tòa tiếp tục phần thẩm vấn.",
        "laodong",
    ),
    (
        "thanhnien_article_20191215.html",
        "https://thanhnien.vn/cong-nghe/thuc-trang-am-dam-cua-cac-mang-xa-hoi-viet-nam-1159593.html",
        "Thực trạng ảm đạm của các mạng xã hội Việt Nam",
        "2019-12-15T09:37:46+07:00",
        "Thành Luân, Hữu Thắng",
        "Sau một thời gian ồn ào với những màn công bố hào nhoáng",  # sapo lead
        "một viễn cảnh đã được dự báo từ trước.",
        "cms-zce",
    ),
]


@pytest.fixture(scope="module")
def results(pages_dir):
    return {
        row[0]: extract_article((pages_dir / row[0]).read_text(encoding="utf-8"), row[1])
        for row in DEVSET
    }


@pytest.mark.parametrize("row", DEVSET, ids=[r[0].split("_")[0] for r in DEVSET])
def test_devset_fields(results, row):
    name, url, title, published_at, author, start, end, family = row
    r = results[name]
    assert set(r) == set(RESULT_KEYS)
    assert r["url"] == url
    assert r["title"] == title
    assert r["published_at"] == published_at
    assert r["author"] == author
    assert r["body"].startswith(start)
    assert r["body"].endswith(end)
    assert r["family"] == family
    # Paragraphs are separated by exactly one blank line, with no empty paragraphs.
    assert "\n\n\n" not in r["body"] and all(p.strip() for p in r["body"].split("\n\n"))
    assert title not in r["body"].split("\n\n")[0]
    for bad in ("Tin liên quan", "Tin cùng chuyên mục", "Chia sẻ", "BÌNH LUẬN", "adsvtc"):
        assert bad not in r["body"]
    if author:
        assert not r["body"].endswith(author)


def test_vnexpress_matches_fundus_expectations(results, pages_dir):
    exp = json.loads((pages_dir / "vnexpress_article_20251022.expected.json").read_text("utf-8"))
    r = results["vnexpress_article_20251022.html"]
    for key in ("title", "published_at", "author"):
        assert r[key] == exp[key]
    # Fundus keeps the lead apart ("summary"); ours is the first body paragraph. Fundus
    # counts the photo caption as a body paragraph; our contract puts it in images.
    caption = "Y bác sĩ nội soi cho bệnh nhân. Ảnh: Bệnh viện cung cấp"
    fundus = [exp["summary"], *exp["body"].split("\n\n")]
    expected_body = "\n\n".join(p for p in fundus if p != caption)
    assert r["body"] == expected_body
    assert [i["caption"] for i in r["images"]] == [caption]
    assert r["images"][0]["src"].startswith("https://vcdn1-suckhoe.vnecdn.net/")


def test_captions_leave_the_body(results):
    cantho = results["baocantho_article_20260108.html"]
    caption = "Chủ tịch UBND TP Cần Thơ Trương Cảnh Tuyên, cùng lãnh đạo Thanh tra thành phố tham dự hội nghị."
    assert cantho["images"] == [
        {
            "src": "https://baocantho.com.vn/image/fckeditor/upload/2026/20260108/images/web-8-1-2026-16.webp",
            "caption": caption,
        }
    ]
    assert caption not in cantho["body"]
    zn = results["znews_article_20251223.html"]
    assert zn["images"][0]["caption"].endswith("Ảnh: Reuters.")
    assert "Ảnh: Reuters" not in zn["body"]
    assert "Kỷ lục mới của giá vàng" not in zn["body"]  # related table.article
    assert "Tủ sách kiến thức kinh tế" not in zn["body"]  # promo notebox
    tn = results["thanhnien_article_20191215.html"]
    assert len(tn["images"]) == 2 and "Ảnh chụp màn hình" not in tn["body"]
    vtc = results["vtcnews_article_20251224.html"]
    assert all(i["src"].startswith("https://cdn-i.vtcnews.vn/") for i in vtc["images"])


def test_leads_are_not_repeated_in_body(results):
    # p.for-reading-mode repeats the lead inside laodong's body: it must appear once.
    ld = results["laodong_article_20200103.html"]
    assert ld["body"].count("Trong khi bị cáo Văn Hữu Chiến khai") == 1
    for r in results.values():
        paras = r["body"].split("\n\n")
        assert len(set(paras[:3])) == len(paras[:3])
    assert "Nghĩ đất thuê còn đó, khi cần thì thu hồi nên cho thuê 50 năm" in ld["body"]


def test_layers_and_enrichment(results):
    cantho = results["baocantho_article_20260108.html"]
    assert cantho["layers"]["title"] == "family:content-fck"
    assert cantho["layers"]["body"] == "family:content-fck"
    assert cantho["event_date"] == "2026-01-08"
    assert cantho["provinces"][0] == "Cần Thơ"
    assert "Phú Thọ" not in cantho["provinces"]  # "Nguyễn Hòa Bình" is a person
    vne = results["vnexpress_article_20251022.html"]
    assert [(p["name"], p["titles"]) for p in vne["persons"]] == [("Cao Thị Hồng", ["BS.CK2"])]
    assert results["laodong_article_20200103.html"]["provinces"][0] == "Đà Nẵng"
    assert results["vtcnews_article_20251224.html"]["provinces"] == ["Hồ Chí Minh"]


def test_family_argument_is_honoured_and_feed_family_falls_back(pages_dir):
    html = (pages_dir / "baocantho_article_20260108.html").read_text(encoding="utf-8")
    url = DEVSET[1][1]
    assert extract_article(html, url, family="feed")["family"] == "content-fck"
    assert extract_article(html, url, family="content-fck")["family"] == "content-fck"


def test_site_selectors_take_precedence(pages_dir):
    html = (pages_dir / "baocantho_article_20260108.html").read_text(encoding="utf-8")
    r = extract_article(
        html, DEVSET[1][1], {"title": "div.titlecate h1 a", "drop": ["p:last-child"]}
    )
    assert r["title"] == "THỜI SỰ"
    assert r["layers"]["title"] == "site"
    assert r["layers"]["body"] == "family:content-fck"


def test_listing_and_garbage_do_not_crash(pages_dir):
    html = (pages_dir / "thanhnien_latest_fragment_20191216.html").read_text(encoding="utf-8")
    r = extract_article(html, "https://thanhnien.vn/latest.html")
    assert set(r) == set(RESULT_KEYS)
    for junk in (
        "",
        "   ",
        "<?xml version='1.0' encoding='utf-8'?><html><body>x</body></html>",
        "not html",
    ):
        assert set(extract_article(junk, "https://x.vn/a")) == set(RESULT_KEYS)
