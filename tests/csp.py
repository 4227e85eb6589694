"""Find markup a Content-Security-Policy without 'unsafe-inline' would block."""

import re

INLINE_PATTERNS = {
    "inline <script>": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
    ),
    "<style> element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.I),
    "event-handler attribute": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}


def inline_code(html: str) -> list[str]:
    """Return a description of every piece of inline script or style in ``html``."""
    return [
        f"{name}: {match.group(0)[:80]}"
        for name, pattern in INLINE_PATTERNS.items()
        for match in pattern.finditer(html)
    ]
