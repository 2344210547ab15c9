"""Bylines and view counts as provincial and press pages print them (issue 16 b)."""

import pytest

from cleaning.bylines import (
    byline_name,
    clean_author,
    header_byline,
    labelled_author,
    split_byline,
)
from cleaning.views import parse_views

BODY = ["Đoạn mở đầu của bài viết về hội nghị tổng kết.", "Đoạn thứ hai của bài viết."]


@pytest.mark.parametrize(
    "lines, want",
    [
        (["Tác giả: Phòng Quản lý đào tạo", "Nguồn tin: Trường Chính trị tỉnh"],
         "Phòng Quản lý đào tạo"),  # NukeViet: the author line, not the source line
        (["Nguồn tin: Báo Lào Cai"], "Báo Lào Cai"),  # a source when there is no author
        (["Tác giả: Lê Hồng Nhung | Lượt xem: 2.045"], "Lê Hồng Nhung"),  # DotNetNuke footer
        (["Tác giả", "Ngọc Lan"], "Ngọc Lan"),  # Drupal: the label in its own cell
        (["Theo Báo Nhân Dân"], "Báo Nhân Dân"),
    ],
)  # fmt: skip
def test_labelled_author(lines, want):
    assert labelled_author(lines, []) == want


@pytest.mark.parametrize(
    "lines, want",
    [(["Vàng Thị Mai - Ban Dân vận Huyện ủy"], "Vàng Thị Mai"), (["Nhóm PV"], "Nhóm PV"),
     (["Minh Tuấn - 12/05/2025"], "Minh Tuấn"),  # the date after the name
     (["HOÀNG BIÊN"], "HOÀNG BIÊN"), (["Twitter"], None), (["Cổng thông tin điện tử"], None)],
)  # fmt: skip
def test_byline_block(lines, want):
    assert byline_name(lines, []) == want


@pytest.mark.parametrize(
    "last, author",
    [("Tin, ảnh: Minh Tuấn", "Minh Tuấn"), ("Theo Báo Nhân Dân", "Báo Nhân Dân"), ("PV", "PV"),
     ("Nhóm PV", "Nhóm PV"), ("Vàng Thị Mai - Ban Dân vận Huyện ủy", "Vàng Thị Mai"),
     ("Trần Thị Lan (Văn phòng HĐND-UBND xã)", "Trần Thị Lan"),  # the unit in brackets
     ("Bài, ảnh: Ngọc Hà - Trung tâm Truyền thông", "Ngọc Hà"),  # a label, a name, a unit
     ("Trần Thị Lan (Chủ tịch UBND xã)", None),  # a sentence's subject, no unit
     ("Theo baochinhphu.vn", "baochinhphu.vn"),  # a source named by its domain
     ("Minh Tuấn - 12/05/2025", "Minh Tuấn"),  # the date after the name is not the name
     ("Tin: Hoàng Yến; Ảnh: Minh Tú", "Hoàng Yến"),  # the photographer's credit is not it
     ("Twitter", None), ("Theo kế hoạch.", None)],
)  # fmt: skip
def test_byline_at_the_end_of_the_body(last, author):
    rest, got = split_byline([*BODY, last])
    assert got == author
    assert rest == (BODY if author else [*BODY, last])


@pytest.mark.parametrize("source", ["Nguồn tin: Báo Hà Tĩnh", "(Theo Báo Hà Tĩnh)"])
def test_an_author_line_above_a_source_line_ends_the_body(source):
    rest, got = split_byline([*BODY, "Tác giả: Lê Hồng Nhung", source])
    assert (rest, got) == (BODY, "Lê Hồng Nhung")


def test_the_site_is_not_its_own_author():
    assert clean_author("Cổng TTĐT tỉnh Lào Cai", ["cong ttdt tinh lao cai"]) is None


@pytest.mark.parametrize(
    "text, want",
    [("404 lượt xem", 404), ("Số lần xem: 1357", 1357), ("Lượt xem: 7.370", 7370),
     ("Số lượt xem: 1.057", 1057), ("Đã xem: 12", 12), ("0 lượt đọc 21/07/2020", 0),
     ("Số lượt truy cập: 2.345.678", None), ("Tổng lượt truy cập 356.781", None),
     ("(1234 lần đọc)", 1234), ("Số lần đọc: 45", 45), ("Lần xem: 12", 12), ("Xem: 1234", 1234),
     ("Xem 12 ảnh", None), ("reviews 5", None)],
)  # fmt: skip
def test_view_counts_but_never_the_site_counter(text, want):
    assert parse_views(text) == want


@pytest.mark.parametrize(
    "line, want",
    [("Tác giả: Minh Anh | Ngày đăng: 12/05/2025", "Minh Anh"),
     ("Ngày đăng: 13/05/2025 | Lượt xem: 45 | Tác giả: Quốc Việt", "Quốc Việt"),
     ("Đăng bởi: Quốc Việt - 13/05/2025", "Quốc Việt"),
     ("Viết bởi Quốc Việt lúc 13/05/2025 08:30", "Quốc Việt"),
     ("Ngày đăng: 12/05/2025 | Người đăng: admin", None),  # the CMS account, no author
     ("Tin tức - Sự kiện | 12/05/2025", None)],
)  # fmt: skip
def test_a_byline_on_the_posting_line_under_the_headline(line, want):
    assert header_byline(line, []) == want
