"""Legend texts of the style spec: ``"zh en"`` without repeating the Chinese."""

from __future__ import annotations

__all__ = ["clean_label"]


def clean_label(zh: str, en: str) -> str:
    """``"zh en"`` without an English text that repeats the Chinese (``proposed (谋划)``)."""
    en = en.replace(f"({zh})", "").replace(f"（{zh}）", "").strip()
    return f"{zh} {en}".strip() if en and en != zh else zh
