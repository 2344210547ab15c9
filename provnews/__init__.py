"""Project-wide pieces every layer may import (spiders, cleaning, warehouse, flows): the
settings. Imports nothing from the layers, so it never creates a cycle."""
