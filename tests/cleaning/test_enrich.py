from cleaning.events import find_event_date
from cleaning.persons import find_persons
from cleaning.provinces import find_provinces


def test_former_provinces_map_to_current_units():
    assert find_provinces("Hội thảo tại tỉnh Hậu Giang") == ["Cần Thơ"]
    assert find_provinces("Báo Hải Dương đưa tin") == ["Hải Phòng"]
    assert find_provinces("Khánh Hoà và Khánh Hòa, Thanh Hoá") == ["Khánh Hòa", "Thanh Hóa"]
    assert find_provinces("tinh Hau Giang") == ["Cần Thơ"]
    assert find_provinces("TP.HCM và Bình Dương") == ["Hồ Chí Minh"]


def test_province_matching_avoids_common_nouns_people_and_longer_names():
    assert find_provinces("vì hòa bình và ổn định") == []
    assert find_provinces("Phó Thủ tướng Nguyễn Hòa Bình") == []
    assert find_provinces("Thái Bình Dương, chiến thắng Điện Biên Phủ") == []
    assert find_provinces("học tập tư tưởng Hồ Chí Minh") == []
    assert find_provinces("Hà Nộiiii") == []


def test_persons_with_academic_titles():
    text = (
        "Chủ tọa gồm ThS. Phan Hoàng Ngoan, Phó Giám đốc; "
        "PGS.TS. Huỳnh Văn Thới và ThS.GVC. Nguyễn Ngọc Toán."
    )
    assert find_persons(text) == [
        {"name": "Phan Hoàng Ngoan", "title": "ThS."},
        {"name": "Huỳnh Văn Thới", "title": "PGS.TS."},
        {"name": "Nguyễn Ngọc Toán", "title": "ThS.GVC."},
    ]
    assert find_persons("TS. Lương Trọng Thành - TUV, Hiệu trưởng") == [
        {"name": "Lương Trọng Thành", "title": "TS."}
    ]


def test_event_dates():
    assert find_event_date("Sáng ngày 18/3/2022, Sở Nội vụ") == "2022-03-18"
    assert find_event_date("Ngày 18/12/2019, Trường Chính trị") == "2019-12-18"
    assert find_event_date("Chiều 1.4, đồng chí", "2021-04-01T18:14:15+07:00") == "2021-04-01"
    # Without a year, an event after the posting date belongs to the previous year.
    assert find_event_date("Tối 30/12, hội nghị", "2026-01-02") == "2025-12-30"
    assert find_event_date("Kết luận số 94-KL/TU ngày 30/6/2017 của Ban Thường vụ") is None
    assert find_event_date("Không có ngày") is None
