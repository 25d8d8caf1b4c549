"""Phone numbers an SMS can go to: Kazakhstan mobile numbers, written +7XXXXXXXXXX."""

from __future__ import annotations

import re

# The mobile operators' codes after +7 (700–708, 747, 750–751, 760–764, 771, 775–778 and their neighbours);
# 71x–73x are city numbers (Taraz is +7 7262 …), which take no SMS.
_MOBILE = re.compile(r"^7(?:0\d|4\d|5\d|6\d|7\d|8\d)\d{7}$")


def normalize_mobile(phone: str) -> str:
    """``+7XXXXXXXXXX`` for a Kazakhstan mobile number however it was typed ("8 701 123-45-67",
    "+7 (701) 123 45 67", "7011234567"); "" when it is not one (a city number, too short, letters)."""
    text = (phone or "").strip()
    if not text or re.search(r"[^\d\s()+\-.]", text):
        return ""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits[0] == "8" and not text.startswith("+"):
        digits = "7" + digits[1:]
    elif len(digits) == 10:
        digits = "7" + digits
    return f"+{digits}" if len(digits) == 11 and _MOBILE.match(digits[1:]) else ""
