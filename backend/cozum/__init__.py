"""Çözüm: citizen requests for municipalities."""
