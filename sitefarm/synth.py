"""Deterministic synthetic articles (random.Random seeded by the site id)."""

from __future__ import annotations

import random
from datetime import datetime

from .model import VN_TZ, Block, Image
from .seeds import paragraph_pool

TOPICS = [
    "Nâng cao chất lượng đội ngũ cán bộ, công chức cấp xã trong giai đoạn mới",
    "Đổi mới công tác đánh giá cán bộ theo kết quả, sản phẩm cụ thể",
    "Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng",
    "Chuyển đổi số trong đào tạo, bồi dưỡng cán bộ, công chức",
    "Xây dựng đội ngũ cán bộ chủ chốt cấp cơ sở đáp ứng yêu cầu nhiệm vụ",
    "Giải pháp nâng cao chất lượng bồi dưỡng lý luận chính trị",
    "Văn hóa công vụ và đạo đức công chức trong thực thi nhiệm vụ",
    "Thu hút, trọng dụng người có tài năng vào khu vực công",
    "Đổi mới phương pháp giảng dạy lý luận chính trị cho cán bộ cơ sở",
    "Nâng cao hiệu quả công tác quy hoạch, luân chuyển cán bộ",
]
KINDS = [
    ("Hội thảo khoa học", "hội thảo"),
    ("Tọa đàm khoa học", "tọa đàm"),
    ("Hội nghị tập huấn", "hội nghị"),
    ("Hội thảo cấp trường", "hội thảo"),
]
ORGS = [
    "Ban Tổ chức Tỉnh ủy",
    "Sở Nội vụ",
    "Trường Chính trị tỉnh",
    "Ban Tuyên giáo Tỉnh ủy",
    "Khoa Xây dựng Đảng",
]
BYLINES = [
    "Minh Thư",
    "Thanh Hà",
    "Ngọc Lan",
    "Quốc Việt",
    "Hồng Nhung",
    "Văn Tâm",
    "Trần Hữu Phước",
    "Lê Thị Mai",
    "Phòng Quản lý đào tạo",
]
ROLES = ["Phòng Quản lý đào tạo và NCKH", "Khoa Lý luận cơ sở", "Văn phòng Trường"]


def synthetic_fields(site_id: str, n: int, image_base: str, views: bool) -> list[dict]:
    """Fields for n synthetic articles of a site (title, date, byline, blocks, ...)."""
    rng = random.Random(site_id)
    pool = paragraph_pool()
    combos = [(t, k) for t in TOPICS for k in KINDS]
    rng.shuffle(combos)
    out = []
    for i in range(n):
        topic, (kind_title, kind_word) = combos[i % len(combos)]
        title = f"{kind_title} “{topic}”"
        if i >= len(combos):  # more articles than combinations: number the series
            title = f"Kỳ {i // len(combos) + 1}: {title}"
        dt = datetime(
            rng.randint(2019, 2025),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(7, 17),
            rng.randint(0, 59),
            rng.randint(0, 59),
            tzinfo=VN_TZ,
        )
        org = rng.choice(ORGS)
        guests = rng.randint(40, 220)
        first = (
            f"Ngày {dt.day}/{dt.month}/{dt.year}, {org} tổ chức {kind_word} “{topic}” "
            f"với sự tham dự của {guests} đại biểu là lãnh đạo các sở, ban, ngành, "
            "cán bộ, giảng viên và học viên."
        )
        paras = rng.sample(pool, rng.randint(2, 3))
        blocks = [Block(text=first)]
        blocks.append(
            Block(
                image=Image(
                    f"{image_base}{dt.year}/{dt.month:02d}/anh-{i + 1}-{dt.day:02d}.jpg",
                    f"Quang cảnh {kind_word}",
                )
            )
        )
        blocks += [Block(text=p) for p in paras]
        if rng.random() < 0.5:
            blocks.append(
                Block(
                    image=Image(
                        f"{image_base}{dt.year}/{dt.month:02d}/phat-bieu-{i + 1}.jpg",
                        f"Đại biểu phát biểu tại {kind_word}",
                    )
                )
            )
        blocks.append(
            Block(
                text=f"Kết thúc {kind_word}, Ban Tổ chức tiếp thu ý kiến của các đại biểu "
                "để hoàn thiện báo cáo tổng hợp, kiến nghị cấp có thẩm quyền."
            )
        )
        out.append(
            dict(
                title=title,
                published=dt,
                author=rng.choice(BYLINES),
                role=rng.choice(ROLES),
                views=rng.randint(120, 4800) if views else None,
                blocks=blocks,
                article_id=rng.randint(1000, 9999),
                teaser=first,
            )
        )
    return out
