"""Colours shared by maps and exports, so a system looks the same in Leaflet and in Google Earth."""

__all__ = ["PALETTE", "colours_for"]

#: Okabe–Ito colours (colour-blind safe), in the order systems get them.
PALETTE = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]


def colours_for(system_ids) -> dict[str, str]:
    """A colour per system id, in order of first appearance."""
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(dict.fromkeys(system_ids))}
