"""Compare two XML documents modulo whitespace between elements and attribute order.

Both sides go through Canonical XML 2.0 (``xml.etree.ElementTree.canonicalize``) with text
stripping: attributes are sorted, empty elements written out in full, blank text dropped, so two
documents compare equal exactly when they hold the same elements, attributes and values. Only
for the trusted files of this test suite (the stdlib parser is not hardened).
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as ET

__all__ = ["assert_same_xml", "canonical"]

_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)[\"']")


def canonical(data: bytes) -> str:
    """The C14N 2.0 form of ``data`` (ISO-8859-1 unless the declaration names an encoding)."""
    declared = _DECLARED.search(data[:200])
    text = data.decode(declared.group(1).decode() if declared else "iso-8859-1")
    return ET.canonicalize(xml_data=text, strip_text=True)


def assert_same_xml(actual: bytes, expected: bytes) -> None:
    """Fail with a line diff of the canonical forms if the documents differ."""
    left, right = canonical(actual), canonical(expected)
    if left != right:
        diff = difflib.unified_diff(
            _lines(right), _lines(left), "expected", "actual", lineterm="", n=2
        )
        raise AssertionError("XML differs:\n" + "\n".join(diff))


def _lines(text: str) -> list[str]:
    """One line per tag, so the diff points at the element that differs."""
    return text.replace("><", ">\n<").split("\n")
