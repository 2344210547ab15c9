from datetime import UTC, datetime, timedelta, timezone

import pytest

from cleaning.dates import find_posting_date, parse_vn_datetime

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=timezone(timedelta(hours=7)))

CASES = [
    # the brief's literals
    ("Thứ Năm, 20/11/2025 - 09:15", "2025-11-20T09:15:00+07:00"),
    ("20-11-2025 09:15", "2025-11-20T09:15:00+07:00"),
    ("Ngày 20 tháng 11 năm 2025", "2025-11-20"),
    ("20.11.2025", "2025-11-20"),
    ("Cập nhật: 20/11/2025", "2025-11-20"),
    ("16:21:07 22/07/2022 (GMT+7)", "2022-07-22T16:21:07+07:00"),
    ("Đăng lúc: 16:21:07 22/07/2022 (GMT+7)404 lượt xem", "2022-07-22T16:21:07+07:00"),
    ("THỨ NĂM, 01/04/2021 18:14:15", "2021-04-01T18:14:15+07:00"),
    ("[ Cập nhật vào ngày (23/12/2019) ]", "2019-12-23"),
    ("[ Cập nhật vào ngày (23/12/2019) ] - [ Số lần xem: 1357 ]", "2019-12-23"),
    ("0 lượt đọc 21/07/2020", "2020-07-21"),
    ("08/01/2026 - 18:21", "2026-01-08T18:21:00+07:00"),
    ("09:37 - 15/12/2019", "2019-12-15T09:37:00+07:00"),
    ("03/01/2020 | 19:27", "2020-01-03T19:27:00+07:00"),
    ("Chủ nhật, 26 Tháng 11 2023 15:06", "2023-11-26T15:06:00+07:00"),
    # cms_families.md Part C
    ("17/06/2025 13:43", "2025-06-17T13:43:00+07:00"),
    ("2025-06-17T13:43:02+0700", "2025-06-17T13:43:02+07:00"),
    ("Thứ Tư, 24/12/2025 09:30:00 +07:00", "2025-12-24T09:30:00+07:00"),
    ("Thứ ba, 23/12/2025 09:02 (GMT+7)", "2025-12-23T09:02:00+07:00"),
    ("22/09/2022 15:15", "2022-09-22T15:15:00+07:00"),
    ("Lượt xem: 7370 | Gửi lúc: 05/12/2013 15:42:27", "2013-12-05T15:42:27+07:00"),
    ("04:35 15/03/2016", "2016-03-15T04:35:00+07:00"),
    ("08:17 10/05/2017", "2017-05-10T08:17:00+07:00"),
    ("09:15 ngày 20-11-2025", "2025-11-20T09:15:00+07:00"),
    ("ngày 20 tháng 11 , 2025", "2025-11-20"),
    ("NGÀY 20 THÁNG 11, 2025 | 10:00", "2025-11-20T10:00:00+07:00"),
    ("20/11/2025 02:30 PM", "2025-11-20T14:30:00+07:00"),
    ("Thứ tư, 22/10/2025, 19:25 (GMT+7)", "2025-10-22T19:25:00+07:00"),
    # ISO forms
    ("2025-10-22T19:25:52+07:00", "2025-10-22T19:25:52+07:00"),
    ("2025-12-23T09:02:07.000+07:00", "2025-12-23T09:02:07+07:00"),
    ("2019-12-15T02:37:46Z", "2019-12-15T09:37:46+07:00"),
    ("2025-12-24T09:30:00", "2025-12-24T09:30:00+07:00"),
    ("2025-12-24T03:30:00+01:00", "2025-12-24T09:30:00+07:00"),
    ("2026-01-08", "2026-01-08"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_parse_vn_datetime(text, expected):
    assert parse_vn_datetime(text, now=NOW) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hôm qua",
        "không có ngày",
        "01/01/1990",
        "31/02/2020",
        "15/03/2026",
        "2026-02-02T08:00:00+07:00",
    ],
)
def test_rejects_missing_impossible_old_and_future(text):
    assert parse_vn_datetime(text, now=NOW) is None


def test_default_year_for_day_month_only():
    assert parse_vn_datetime("Sáng ngày 18/3", default_year=2022, now=NOW) == "2022-03-18"
    assert parse_vn_datetime("Chiều 1.4", default_year=2021, now=NOW) == "2021-04-01"
    assert parse_vn_datetime("Chiều 1.4", now=NOW) is None


def test_future_is_relative_to_now():
    assert parse_vn_datetime("20/11/2025", now=datetime(2025, 11, 19, tzinfo=UTC)) is None
    assert parse_vn_datetime("20/11/2025", now=datetime(2025, 11, 21, tzinfo=UTC)) == "2025-11-20"


def test_find_posting_date_prefers_labelled_over_event_dates():
    header = (
        "Sáng ngày 18/3/2022, Sở Nội vụ tổ chức hội thảo.\nĐăng lúc: 16:21:07 22/07/2022 (GMT+7)"
    )
    assert find_posting_date(header, now=NOW) == "2022-07-22T16:21:07+07:00"
    assert find_posting_date("Sáng ngày 18/3/2022, Sở Nội vụ tổ chức", now=NOW) is None


# Posting lines of pages the project had not seen (issue 16 b): weekday prefixes, labels
# before a time and "ngày", SA/CH and Sáng/Chiều, two-digit years, dotted and dashed dates,
# "giờ … phút", and a date alone on its line.
@pytest.mark.parametrize(
    "line, want",
    [
        ("Thứ Hai, 12/5/2025 - 8:30 SA", "2025-05-12T08:30:00+07:00"),
        ("Thứ hai - 12/05/2025 08:30", "2025-05-12T08:30:00+07:00"),
        ("Cập nhật lúc 08:30, ngày 12/05/2025", "2025-05-12T08:30:00+07:00"),
        ("Đăng lúc 9:15 CH ngày 12.05.2025", "2025-05-12T21:15:00+07:00"),
        ("2:30 Chiều 12/05/2025", "2025-05-12T14:30:00+07:00"),
        ("08:30 sáng ngày 12/5/2025", "2025-05-12T08:30:00+07:00"),
        ("Ngày đăng: 12-05-25", "2025-05-12"),
        ("12/05/25 08:30", "2025-05-12T08:30:00+07:00"),
        ("Thứ Năm, ngày 01 tháng 4 năm 2021", "2021-04-01"),
        ("Ngày 12.5.2025", "2025-05-12"),
        ("10 giờ 20 phút, ngày 12/5/2025", "2025-05-12T10:20:00+07:00"),
        ("08h30' 12/5/2025", "2025-05-12T08:30:00+07:00"),
        ("Ngày xuất bản: 12/05/2025 08:30:15 AM", "2025-05-12T08:30:15+07:00"),
    ],
)
def test_posting_lines_of_unknown_layouts(line, want):
    assert find_posting_date(line, now=NOW) == want
    assert find_posting_date(f"Tiêu đề bài viết\n{line}\nSáng ngày 3/4/2025, …", now=NOW) == want


def test_a_block_boundary_ends_an_event_phrase():
    # Issue 20: a headline ending in "… 95 năm" is no event phrase for the date below it.
    assert find_posting_date("Kỷ niệm 95 năm\n15/12/2025", now=NOW) == "2025-12-15"
    assert find_posting_date("trong 95 năm 15/12/2025 qua", now=NOW) is None


def test_footer_text_takes_only_posting_lines():
    footer = "Tin liên quan\nHội nghị tổng kết năm 2024 (12/05/2025)\nNgày đăng: 10/05/2025"
    assert find_posting_date(footer, now=NOW, posting_lines_only=True) == "2025-05-10"
    assert find_posting_date(footer.rsplit("\n", 1)[0], now=NOW, posting_lines_only=True) is None


@pytest.mark.parametrize(
    "line, want",
    [
        # A label, the time, then the date, on a line a counter makes too long to be a
        # posting line by its words alone.
        ("Cập nhật lúc 14:05 ngày 29.05.25 | Số lần xem: 89", "2025-05-29T14:05:00+07:00"),
        ("Đăng lúc 9:20 Sáng ngày 16.06.2025 | Lượt xem: 12 | In bài",
         "2025-06-16T09:20:00+07:00"),
    ],
)  # fmt: skip
def test_a_label_before_the_time_labels_the_date_after_it(line, want):
    assert find_posting_date(line, now=NOW, posting_lines_only=True) == want
