"""Local site farm: a loopback HTTP server impersonating every registry site."""

from .server import Farm, start_farm

__all__ = ["Farm", "start_farm"]
