import csv
import unicodedata
from pathlib import Path

import pytest

from cleaning.enrich import ENRICH_KEYS, enrich
from cleaning.events import find_event, find_event_date, find_event_dates
from cleaning.persons import find_persons
from cleaning.provinces import find_province_mentions, find_provinces
from cleaning.text import strip_diacritics
from cleaning.topics import find_topics, topic_scores

VN_ADMIN = Path(__file__).resolve().parents[2] / "cleaning" / "data" / "vn_admin"


def _old63() -> list[dict]:
    with (VN_ADMIN / "provinces_63_old.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_former_provinces_map_to_current_units():
    assert find_provinces("Hội thảo tại tỉnh Hậu Giang") == ["Cần Thơ"]
    assert find_provinces("Báo Hải Dương đưa tin") == ["Hải Phòng"]
    assert find_provinces("Khánh Hoà và Khánh Hòa, Thanh Hoá") == ["Khánh Hòa", "Thanh Hóa"]
    assert find_provinces("tinh Hau Giang") == ["Cần Thơ"]
    assert find_provinces("TP.HCM và Bình Dương") == ["Hồ Chí Minh"]


@pytest.mark.parametrize("row", _old63(), ids=lambda r: r["name_ascii"])
def test_merger_mapping_for_every_former_province(row):
    """Every one of the 63 pre-merger units, written several ways, maps to its current unit."""
    name, new = row["name"], row["new_name"]
    prefix = "thành phố" if row["kind"] == "thanh_pho" else "tỉnh"
    old_tone = name.replace("òa", "oà").replace("óa", "oá")
    forms = [f"{prefix} {name}", f"Lãnh đạo {name} dự", f"{prefix.capitalize()} {name}",
             f"Lãnh đạo {old_tone} dự", f"{prefix} {name}".upper(),
             f"Doan {strip_diacritics(prefix)} {row['name_ascii']} den",
             unicodedata.normalize("NFD", f"{prefix} {name}")]  # fmt: skip
    if name == "Hồ Chí Minh":  # bare, it is the President: only the city forms count
        forms = [f for f in forms if "Lãnh đạo" not in f] + ["Lãnh đạo TP.HCM dự"]
    if name == "Hòa Bình":  # also "peace": the upper-case form does not count
        forms.remove(f"{prefix} {name}".upper())
    for text in forms:
        (m,) = find_province_mentions(text, published_at="2024-05-01")
        assert m["current_name"] == new, text
        assert m["current_code"] == row["new_code"], text
        changed = (
            row["new_code"] != row["old_code"]
            or name != new
            or sum(r["new_code"] == row["new_code"] for r in _old63()) > 1
        )
        if changed:
            assert (m["former_code"], m["former_name"]) == (row["old_code"], name), text
        else:
            assert m["former_code"] is None, text


def test_former_unit_depends_on_the_posting_date_for_names_still_in_use():
    before = find_province_mentions("Hội nghị tại TP Cần Thơ", "2024-03-01")
    after = find_province_mentions("Hội nghị tại TP Cần Thơ", "2026-01-08")
    assert before[0]["former_name"] == "Cần Thơ" and before[0]["former_code"] == "92"
    assert after[0]["former_name"] is None
    # An old-only name always keeps its former unit; "(cũ)" marks one after the merger.
    assert find_province_mentions("tỉnh Hậu Giang", "2026-01-01")[0]["former_code"] == "93"
    assert find_province_mentions("Cần Thơ (cũ)", "2026-01-01")[0]["former_code"] == "92"
    # Unchanged units have no former unit, whatever the date.
    assert find_province_mentions("tỉnh Lai Châu", "2020-01-01")[0]["former_code"] is None


def test_province_mentions_keep_the_name_as_written_and_count():
    text = "Sở Nội vụ tỉnh Hậu Giang, Báo Hậu Giang và Trường Chính trị tỉnh Hậu Giang; TP.HCM"
    ms = find_province_mentions(text, "2022-03-18")
    assert [(m["as_written"], m["count"]) for m in ms] == [
        ("tỉnh Hậu Giang", 2), ("Hậu Giang", 1), ("TP.HCM", 1)
    ]  # fmt: skip
    assert ms[0] | {"count": 2} == {
        "as_written": "tỉnh Hậu Giang", "current_code": "92", "current_name": "Cần Thơ",
        "former_code": "93", "former_name": "Hậu Giang", "count": 2,
    }  # fmt: skip


def test_city_prefixes_and_nicknames():
    for text in ("TP.HCM", "TP. HCM", "TP HCM", "Tp.HCM", "TPHCM", "thành phố Hồ Chí Minh",
                 "Thành phố Hồ Chí Minh", "Sài Gòn", "TP. Hồ Chí Minh", "Bà Rịa - Vũng Tàu",
                 "tỉnh Bình Dương"):  # fmt: skip
        assert find_provinces(f"Đoàn công tác {text} dự") == ["Hồ Chí Minh"], text
    assert find_provinces("TP.Đà Nẵng, TP Hải Phòng, Thủ đô Hà Nội, tỉnh Thừa Thiên Huế") == [
        "Đà Nẵng", "Hải Phòng", "Hà Nội", "Huế"
    ]  # fmt: skip


def test_province_matching_avoids_common_nouns_people_and_longer_names():
    assert find_provinces("vì hòa bình và ổn định") == []
    assert find_provinces("VÌ HÒA BÌNH VÀ ỔN ĐỊNH") == []
    assert find_provinces("Phó Thủ tướng Nguyễn Hòa Bình") == []
    assert find_provinces("Thái Bình Dương, chiến thắng Điện Biên Phủ") == []
    assert find_provinces("học tập tư tưởng Hồ Chí Minh, Học viện CTQG HCM") == []
    assert find_provinces("Hà Nộiiii") == []
    # "Nam" alone is a direction or part of "Việt Nam", never a province.
    assert find_provinces("Trường Cao đẳng Luật miền Nam, Việt Nam, phía Nam") == []


def test_wards_and_communes_named_like_old_provinces_are_not_provinces():
    assert find_provinces("UBND phường Hòa Bình, xã Thái Nguyên, phường Vĩnh Phúc") == []
    assert find_provinces("huyện Quảng Ninh, thị xã Quảng Trị, đường Hà Nội") == []
    assert find_provinces("phường Sài Gòn, TP.HCM") == ["Hồ Chí Minh"]


def test_organisation_names_carry_their_province():
    assert find_provinces("Trường Đại học Nội vụ Hà Nội khảo sát") == ["Hà Nội"]
    assert find_provinces("Đại học Quốc gia TP.HCM") == ["Hồ Chí Minh"]


def test_enrich_masks_people_before_matching_provinces():
    r = enrich("Ông Lê Long An, Phó Giám đốc Sở Nội vụ tỉnh Hậu Giang phát biểu.", "", "2022-01-01")
    assert r["provinces"] == ["Cần Thơ"]
    assert [p["name"] for p in r["persons"]] == ["Lê Long An"]


def test_persons_with_academic_titles():
    text = (
        "Chủ tọa gồm ThS. Phan Hoàng Ngoan, Phó Giám đốc; "
        "PGS.TS. Huỳnh Văn Thới và ThS.GVC. Nguyễn Ngọc Toán; PGS. TS. Lê Văn A; CN. Trần Thị B."
    )
    got = {p["name"]: p["titles"] for p in find_persons(text)}
    assert got == {
        "Phan Hoàng Ngoan": ["ThS."],
        "Huỳnh Văn Thới": ["PGS.", "TS."],
        "Nguyễn Ngọc Toán": ["ThS.", "GVC."],
        "Lê Văn A": ["PGS.", "TS."],
        "Trần Thị B": ["CN."],
    }


def test_person_roles_and_organisations():
    (p,) = find_persons(
        "PGS.TS. Huỳnh Văn Thới, Phó Giám đốc Phụ trách Phân viện Học viện Hành chính Quốc gia "
        "tại TP. HCM phát biểu."
    )
    assert p == {"name": "Huỳnh Văn Thới", "titles": ["PGS.", "TS."],
                 "role": "Phó Giám đốc Phụ trách",
                 "organisation": "Phân viện Học viện Hành chính Quốc gia tại TP. HCM",
                 "mentions": 1}  # fmt: skip
    (p,) = find_persons("Chiều 1.4, đồng chí Lê Văn Hiệu, Phó Bí thư Thường trực Tỉnh ủy chủ trì")
    assert (p["role"], p["organisation"]) == ("Phó Bí thư Thường trực", "Tỉnh ủy")
    (p,) = find_persons("Đồng chí Phó Bí thư Thường trực Tỉnh ủy Lê Văn Hiệu đề nghị")
    assert (p["name"], p["role"], p["organisation"]) == (
        "Lê Văn Hiệu", "Phó Bí thư Thường trực", "Tỉnh ủy"
    )  # fmt: skip
    (p,) = find_persons("Ông Nguyễn Văn A – Phó Giám đốc Sở Nội vụ phát biểu")
    assert (p["role"], p["organisation"]) == ("Phó Giám đốc", "Sở Nội vụ")
    (p,) = find_persons("Chủ tịch UBND TP Cần Thơ Trương Cảnh Tuyên dự")
    assert (p["name"], p["role"], p["organisation"]) == (
        "Trương Cảnh Tuyên", "Chủ tịch", "UBND TP Cần Thơ"
    )  # fmt: skip
    people = find_persons(
        "Các đồng chí Uỷ viên Ban Thường vụ Tỉnh ủy: Nguyễn Hồng Sơn, Trưởng Ban Tổ chức Tỉnh ủy; "
        "Nguyễn Văn Phú, Trưởng Ban Dân vận Tỉnh ủy dự hội thảo."
    )
    assert [(p["name"], p["role"]) for p in people] == [
        ("Nguyễn Hồng Sơn", "Trưởng Ban Tổ chức"), ("Nguyễn Văn Phú", "Trưởng Ban Dân vận")
    ]  # fmt: skip


def test_one_person_mentioned_several_ways_is_one_person():
    text = (
        "Về phía Trường Chính trị có các đồng chí: TS. Lương Trọng - TUV, Hiệu trưởng. "
        "Chủ tọa: TS. Lương Trọng Thành - TUV, Hiệu trưởng Trường Chính trị tỉnh. "
        "Kết luận, TS. Lương Trọng Thành đánh giá cao. Thiếu tá Đoàn Thị Hạnh chia sẻ; chị Hạnh "
        "và chị Hạnh. Bà Phạm Thị Thuỳ Dung và bà Phạm Thị Thùy Dung."
    )
    people = {p["name"]: p for p in find_persons(text)}
    assert set(people) == {"Lương Trọng Thành", "Đoàn Thị Hạnh", "Phạm Thị Thuỳ Dung"}
    assert people["Lương Trọng Thành"]["mentions"] == 3
    assert people["Đoàn Thị Hạnh"]["mentions"] == 3
    assert people["Phạm Thị Thuỳ Dung"]["mentions"] == 2


def test_no_person_without_a_person_context():
    assert find_persons("Ban Chấp hành Đoàn Thanh niên, đường Lê Lợi, huyện Châu Thành A") == []
    assert find_persons("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh") == []
    assert find_persons("Trường Đại học Nội vụ Hà Nội, Chủ nhiệm dự án") == []


def test_event_dates():
    assert find_event_date("Sáng ngày 18/3/2022, Sở Nội vụ") == "2022-03-18"
    assert find_event_date("Ngày 18/12/2019, Trường Chính trị") == "2019-12-18"
    assert find_event_date("Chiều 1.4, đồng chí", "2021-04-01T18:14:15+07:00") == "2021-04-01"
    assert find_event_date("(CTO) - Ngày 8-1, Phó Thủ tướng", "2026-01-08") == "2026-01-08"
    # Without a year, an event after the posting date belongs to the previous year.
    assert find_event_date("Tối 30/12, hội nghị", "2026-01-02") == "2025-12-30"
    assert find_event_date("Kết luận số 94-KL/TU ngày 30/6/2017 của Ban Thường vụ") is None
    assert find_event_date("Công văn số 1555-CV/TU, ngày 14/01/2020 của BTV") is None
    assert find_event_date("Không có ngày") is None
    # The forms press and portal pages print besides: a day word and the date in brackets,
    # the month as a word, "hôm nay".
    for text in ("Sáng nay (12/5), hội nghị", "Sáng thứ Hai (12/5), hội nghị",
                 "Ngày 12 tháng 5, Hội", "Sáng ngày 12 tháng 5 năm 2025, Hội",
                 "Hôm nay 12/5, Hội"):  # fmt: skip
        assert find_event_date(text, "2025-05-14") == "2025-05-12", text
    assert find_event_date("Chiều qua (11/5), UBND", "2025-05-12") == "2025-05-11"
    assert find_event_date("Quyết định số 12 ngày 3 tháng 4 năm 2024 của UBND") is None


def test_event_date_ranges():
    assert find_event_dates("Từ ngày 22/6 đến ngày 03/7/2020, Đoàn cán bộ") == (
        "2020-06-22", "2020-07-03"
    )  # fmt: skip
    assert find_event_dates("Từ ngày 28/12 đến ngày 3/1/2021, lớp học") == (
        "2020-12-28", "2021-01-03"
    )  # fmt: skip
    assert find_event_dates("Từ ngày 5/5/2023 đến 7/5/2023") == ("2023-05-05", "2023-05-07")
    # The start's day alone: its month and year are the end's.
    assert find_event_dates("Từ ngày 15 đến ngày 17/4/2025, Đoàn công tác") == (
        "2025-04-15", "2025-04-17"
    )  # fmt: skip
    assert find_event_dates("Trong 2 ngày 15 - 16/10, lớp học", "2025-10-20") == (
        "2025-10-15", "2025-10-16"
    )  # fmt: skip
    for text in ("Trong hai ngày 12 và 13/5, Hội", "Trong 2 ngày (12 - 13/5), Hội"):
        assert find_event_dates(text, "2025-05-14") == ("2025-05-12", "2025-05-13"), text


def test_event_structure():
    body = (
        "Sáng ngày 18/3/2022, Sở Nội vụ tỉnh Hậu Giang phối hợp với Phân viện Học viện Hành chính "
        "Quốc gia tại Thành phố Hồ Chí Minh tổ chức Hội thảo khoa học theo hình thức trực tiếp kết "
        "hợp trực tuyến.\n\nBan Tổ chức đã nhận được 20 bài tham luận. Có trên 80 khách mời và "
        "05 ý kiến thảo luận."
    )
    caption = "Đại biểu tham dự Hội thảo tại Trường Cao đẳng Luật Miền Nam, tỉnh Hậu Giang"
    title = "Hội thảo khoa học “Chất lượng cán bộ cấp cơ sở”"
    ev = find_event(body, title, "2022-03-21", [caption])
    assert ev == {
        "type": "hội thảo khoa học", "date": "2022-03-18", "date_end": None,
        "topic": "Chất lượng cán bộ cấp cơ sở",
        "organisers": ["Sở Nội vụ tỉnh Hậu Giang"],
        "co_organisers": ["Phân viện Học viện Hành chính Quốc gia tại Thành phố Hồ Chí Minh"],
        "place": "Trường Cao đẳng Luật Miền Nam, tỉnh Hậu Giang", "format": "hybrid",
        "counts": {"guests": 80, "papers": 20, "opinions": 5},
    }  # fmt: skip


def test_event_types_and_formats():
    def kind(title, body=""):
        ev = find_event(body, title)
        return ev and ev["type"]

    assert kind("Toạ đàm khoa học “Văn hóa công vụ”") == "tọa đàm"
    assert kind("Hội thảo cấp trường “X”") == "hội thảo"
    assert kind("Khai mạc lớp bồi dưỡng kiến thức quốc phòng") == "lớp bồi dưỡng"
    assert kind("Tin tức", "Ngày 8-1, Phó Thủ tướng chủ trì hội nghị tổng kết.") == "hội nghị"
    assert kind("Sống đẹp từ những điều giản dị", "chị tổ chức các hội thi kỹ thuật") is None
    ev = find_event("Hội nghị được tổ chức theo hình thức trực tuyến.", "Hội nghị X")
    assert ev["format"] == "online"
    assert find_event("Hội nghị tổ chức theo hình thức trực tiếp.", "Hội nghị X")["format"] == (
        "in_person"
    )  # fmt: skip
    # "nghe trực tiếp" (heard in person) says nothing about the format.
    assert find_event("các đại biểu được nghe trực tiếp 08 bài", "Hội thảo X")["format"] is None


def test_topics_rule_set():
    text = "nâng cao chất lượng đội ngũ cán bộ, công chức cấp xã; cải cách thủ tục hành chính"
    scores = topic_scores(text, "Hội thảo “Cán bộ, công chức cấp xã”")
    assert scores["cadre_quality"] >= 2 and scores["grassroots_government"] >= 2
    assert find_topics(text, "Hội thảo “Cán bộ, công chức cấp xã”")[:2] == [
        "cadre_quality", "grassroots_government"
    ]  # fmt: skip
    assert find_topics("ngày hội văn hóa thể thao", "Tin vui") == []


def test_enrich_returns_exactly_the_contract_keys():
    r = enrich("Sáng ngày 18/3/2022, Sở Nội vụ tỉnh Hậu Giang tổ chức hội thảo.", "Hội thảo", None)
    assert tuple(r) == ENRICH_KEYS
    assert r["event_date"] == r["event"]["date"] == "2022-03-18"
    empty = enrich(None)
    assert empty == {"provinces": [], "province_mentions": [], "persons": [], "event": None,
                     "event_date": None, "topics": []}  # fmt: skip


# How provincial-platform, party-committee and school-of-politics (NukeViet) pages print
# people (issue 16 b): titles without dots or spelled out, names in capitals after an
# honorific, family names of the mountain provinces, a role whose organisation ends in "tỉnh".
@pytest.mark.parametrize(
    "text, name, titles, role",
    [
        ("Hội thảo do PGS,TS Nguyễn Văn Hải, Hiệu trưởng chủ trì.", "Nguyễn Văn Hải",
         ["PGS.", "TS."], "Hiệu trưởng"),
        ("PGS.TS Đoàn Minh Huấn phát biểu.", "Đoàn Minh Huấn", ["PGS.", "TS."], None),
        ("ThS Lê Văn Cường phát biểu.", "Lê Văn Cường", ["ThS."], None),
        ("Ths. Phạm Thị Thu trình bày.", "Phạm Thị Thu", ["ThS."], None),
        ("Phó Giáo sư, Tiến sĩ Vũ Văn Phúc phát biểu.", "Vũ Văn Phúc", ["PGS.", "TS."], None),
        ("Dự hội nghị có đồng chí NGUYỄN VĂN HÙNG, Bí thư Tỉnh ủy.", "Nguyễn Văn Hùng", [],
         "Bí thư"),
        ("Đồng chí Giàng Seo Phử, Phó Bí thư Tỉnh ủy phát biểu.", "Giàng Seo Phử", [],
         "Phó Bí thư"),
        ("Hiệu trưởng Trường Chính trị tỉnh Nguyễn Văn Tám phát biểu.", "Nguyễn Văn Tám", [],
         "Hiệu trưởng"),
    ],
)  # fmt: skip
def test_people_as_provincial_sites_print_them(text, name, titles, role):
    (p,) = find_persons(text)
    assert (p["name"], p["titles"], p["role"]) == (name, titles, role)


@pytest.mark.parametrize(
    "text", ["Phó Chủ tịch UBND huyện Châu Thành A phát biểu.", "TIN TỨC THÀNH ỦY NGÃ BẢY"]
)
def test_places_and_headings_are_not_people(text):
    assert find_persons(text) == []


@pytest.mark.parametrize(
    ("title", "body", "etype"),
    [
        ("Lễ kỷ niệm 95 năm Ngày thành lập Đảng", "", "lễ kỷ niệm"),
        ("Trường THPT A tổ chức Lễ khai giảng năm học 2025-2026", "", "lễ khai giảng"),
        ("Lễ bế giảng lớp bồi dưỡng kiến thức quốc phòng", "", "lễ bế giảng"),
        ("Lễ trao giải cuộc thi ảnh “Quê hương”", "", "lễ trao giải"),
        ("Lễ phát động Tháng hành động vì bình đẳng giới", "", "lễ phát động"),
        ("Lễ ký kết chương trình phối hợp giai đoạn 2025-2030", "", "lễ ký kết"),
        ("Lễ khánh thành cầu Bến Súc", "", "lễ khánh thành"),
        ("Lễ khởi công dự án đường ven biển", "", "lễ khởi công"),
        # A ceremony no list names: "lễ" and the two words that say what is done.
        ("Lễ dâng hương tưởng niệm các Vua Hùng", "", "lễ dâng hương"),
        ("Lễ giỗ Tổ Hùng Vương năm 2025", "", "lễ giỗ tổ"),
        # A headline verb that names a ceremony on its own.
        ("Xã Phước Hưng ra mắt mô hình “Camera an ninh”", "", "lễ ra mắt"),
        ("Khánh thành trường mầm non xã Tân Lập", "", "lễ khánh thành"),
        ("Tỉnh long trọng kỷ niệm Ngày thành lập Đảng", "", "lễ kỷ niệm"),
        ("Đại hội Đảng bộ xã lần thứ I, nhiệm kỳ 2025-2030", "", "đại hội"),
        ("Diễn đàn doanh nghiệp trẻ năm 2025", "", "diễn đàn"),
        ("Toạ đàm “Phụ nữ với chuyển đổi số”", "", "tọa đàm"),
        ("Kì họp thứ 10 HĐND tỉnh khóa XVI", "", "kỳ họp"),
        ("Hội thi Bí thư chi bộ giỏi", "", "hội thi"),
        ("Đoàn công tác của tỉnh thăm và làm việc tại tỉnh Vân Nam (Trung Quốc)", "",
         "làm việc"),
        ("Phó Chủ tịch UBND tỉnh làm việc với huyện Bát Xát", "", "làm việc"),
        # In a body, only after a verb of holding.
        ("Tin địa phương", "Sáng 2/10, UBND tỉnh long trọng tổ chức Lễ đón nhận Huân chương.",
         "lễ đón nhận"),
        ("Tin địa phương", "Huyện đã tổ chức thành công Đại hội Thể dục thể thao lần thứ X.",
         "đại hội"),
    ],
)  # fmt: skip
def test_ceremonies_and_other_gatherings_are_events(title, body, etype):
    ev = find_event(body, title, "2025-10-05")
    assert ev is not None and ev["type"] == etype


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Tin địa phương", "Trong dịp lễ, Tết, người dân đi lại đông."),
        ("Nghỉ lễ Quốc khánh 2/9 năm 2025 kéo dài 4 ngày", ""),
        ("Giáo dục học sinh lễ phép với thầy cô", ""),
        ("Triển khai Nghị quyết Đại hội XIII của Đảng", ""),
        ("Kỷ niệm chương vì sự nghiệp Dân vận cho 12 cá nhân", ""),
        ("Những kỷ niệm đẹp thời áo lính", ""),
        ("Sống đẹp từ những điều giản dị", "chị tổ chức các hội thi kỹ thuật"),
        ("Tin địa phương", "Đại hội XIII của Đảng đã xác định mục tiêu."),
        # In a body a working visit is no event word: every report has someone at work.
        ("Tin địa phương", "Cán bộ xã đến làm việc với từng hộ gia đình."),
    ],
)  # fmt: skip
def test_holidays_manners_and_references_are_not_events(title, body):
    assert find_event(body, title, "2025-10-05") is None


def test_a_ceremony_gives_its_event_date():
    body = "Sáng 3/2, Tỉnh ủy tổ chức Lễ kỷ niệm 95 năm Ngày thành lập Đảng (3/2/1930 - 3/2/2025)."
    assert enrich(body, "Lễ kỷ niệm 95 năm", "2025-02-03")["event_date"] == "2025-02-03"
    body = "Ngày 14/11, xã tổ chức ra mắt mô hình “Camera an ninh” tại ấp Phước Lộc."
    ev = find_event(body, "Tin địa phương", "2025-11-14T16:05:00+07:00")
    assert (ev["type"], ev["date"], ev["topic"]) == ("lễ ra mắt", "2025-11-14", "Camera an ninh")


@pytest.mark.parametrize(
    ("text", "role", "org"),
    [
        ("Ông Nguyễn Đức Minh, Giám đốc Chi nhánh Ngân hàng Chính sách xã hội tỉnh cho biết.",
         "Giám đốc", "Chi nhánh Ngân hàng Chính sách xã hội tỉnh"),
        ("Bà Lê Thị Hoa, Giám đốc Bệnh viện Đa khoa tỉnh phát biểu.",
         "Giám đốc", "Bệnh viện Đa khoa tỉnh"),
        ("Ông Trần Văn Nam, Giám đốc Kho bạc Nhà nước huyện báo cáo.",
         "Giám đốc", "Kho bạc Nhà nước huyện"),
    ],
)  # fmt: skip
def test_banks_hospitals_and_treasuries_are_organisations(text, role, org):
    (p,) = find_persons(text)
    assert (p["role"], p["organisation"]) == (role, org)


@pytest.mark.parametrize(
    ("text", "name", "role", "org"),
    [
        # Elected to a post: "bầu đồng chí X giữ chức …"; the term is not part of the unit.
        ("Ban Chấp hành đã bầu đồng chí Ma Seo Lử giữ chức Phó Bí thư Thường trực Đảng ủy xã "
         "nhiệm kỳ 2025 - 2030.", "Ma Seo Lử", "Phó Bí thư Thường trực", "Đảng ủy xã"),
        # A rank, then the post after the name.
        ("Thượng tá Thào A Sình, Chỉ huy trưởng Ban Chỉ huy Quân sự huyện cùng 150 đại biểu.",
         "Thào A Sình", "Thượng tá, Chỉ huy trưởng", "Ban Chỉ huy Quân sự huyện"),
        ("Ông Vừ A Páo - Trưởng thôn Sả Lủng cho biết.", "Vừ A Páo", "Trưởng thôn Sả Lủng", None),
        ("Đồng chí Lê Văn Hải (Bí thư Huyện ủy) phát biểu.", "Lê Văn Hải", "Bí thư", "Huyện ủy"),
        ("Đồng chí Vì Văn Tùng, Bí thư Chi bộ thôn Nà Hẩu.", "Vì Văn Tùng", "Bí thư",
         "Chi bộ thôn Nà Hẩu"),
        ("Đ/c Lò Văn Pọm, Chủ tịch UBMTTQ xã phát biểu.", "Lò Văn Pọm", "Chủ tịch", "UBMTTQ xã"),
        # A clause after the post is not part of it.
        ("Theo ông Lục Văn Tiến, Trưởng phòng Kinh tế huyện, giai đoạn 2026 - 2030 huyện "
         "phấn đấu có 12.000 ha quế.", "Lục Văn Tiến", "Trưởng phòng Kinh tế huyện", None),
    ],
)  # fmt: skip
def test_persons_of_mountain_party_committee_pages(text, name, role, org):
    (p,) = find_persons(text)
    assert (p["name"], p["role"], p["organisation"]) == (name, role, org)


def test_find_topics_tags_what_topic_scores_reaches():
    # find_topics reads the body only as far as it needs; the tags must be topic_scores'.
    from cleaning.topics import load_rules

    _, _, rules = load_rules()
    phrases = ["chất lượng cán bộ", "đội ngũ cán bộ", "cải cách hành chính", "chuyển đổi số",
               "bồi dưỡng", "chi bộ", "xã", "lớp", "không liên quan"]  # fmt: skip
    for i in range(len(phrases)):
        for j in range(4):
            body = ", ".join(phrases[i:] * j)
            for title in ("", phrases[i], f"{phrases[i]} và {phrases[-1 - i]}"):
                scores = topic_scores(body, title)
                expected = [t["id"] for t in rules if scores[t["id"]] >= t["min_score"]]
                assert find_topics(body, title) == expected
