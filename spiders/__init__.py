"""provnews spiders: one Scrapy spider per CMS family; sites are registry data."""

__version__ = "0.1.0"
