"""The municipality's area, as the box its locations must fall in."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bounds:
    south: float
    west: float
    north: float
    east: float

    @classmethod
    def parse(cls, text: str) -> "Bounds | None":
        """From "south,west,north,east"; None for an empty setting (anywhere is accepted)."""
        if not text.strip():
            return None
        south, west, north, east = (float(part) for part in text.split(","))
        return cls(south, west, north, east)

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east
