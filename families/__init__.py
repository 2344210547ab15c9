"""The family table: one module per CMS family, collected here.

Every layer reads this table and nothing else for family knowledge: the registry
validation (which names a site may use), the spiders (one spider class per crawler
family, derived in spiders/families/listing.py), the cleaner (layouts and detection),
the probe, the site farm and the benches. docs/adding-a-family.md says how to add one.
"""

from __future__ import annotations

import importlib
import pkgutil

from families.spec import FIELDS, Crawl, Detection, Family, Layout

__all__ = [
    "FAMILIES",
    "FIELDS",
    "Crawl",
    "Detection",
    "Family",
    "Layout",
    "crawler_names",
    "layout_names",
    "get",
]

_NOT_FAMILIES = {"spec"}


def _collect() -> dict[str, Family]:
    found: list[Family] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name in _NOT_FAMILIES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        fam = getattr(module, "FAMILY", None)
        if not isinstance(fam, Family):
            raise TypeError(f"families/{info.name}.py defines no FAMILY")
        if fam.name.replace("-", "_") != info.name:
            raise TypeError(f"families/{info.name}.py defines family {fam.name!r}")
        found.append(fam)
    found.sort(key=lambda f: (f.precedence, f.name))
    return {f.name: f for f in found}


# In precedence order: detection of equal strength prefers the earlier family.
FAMILIES: dict[str, Family] = _collect()


def get(name: str | None) -> Family | None:
    return FAMILIES.get(name) if name else None


def crawler_names() -> tuple[str, ...]:
    """Families a registry entry may name as its `family` (each has a spider)."""
    return tuple(n for n, f in FAMILIES.items() if f.is_crawler)


def layout_names() -> tuple[str, ...]:
    """Families a registry entry may name as its `layout` (each knows page fields)."""
    return tuple(n for n, f in FAMILIES.items() if f.is_layout)
