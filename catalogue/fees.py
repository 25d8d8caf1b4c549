"""What each service costs the applicant, as data: the fee per service and kind, in monthly calculation
indices (МРП / АЕК), and the value of the index per year.

The acts of the catalogue do not state an amount (DOMAIN §6 item 16); the rates below are a **[proposal]**
taken from the Tax Code of the Republic of Kazakhstan (licence fee, лицензиялық алым, for "other kinds of
activity"; re-issue 10 % of the issue rate, duplicate 100 %) and the index from the republican budget laws.
docs/decisions.md ("Fee") records the source; change the rates here and the index in ``MRP_BY_YEAR`` (or the
setting ``RECORDS_MRP_BY_YEAR``, which records.payments reads on top of it).  A service or kind not listed
is free.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

CURRENCY = "KZT"

# The monthly calculation index in tenge, by calendar year (laws on the republican budget).
MRP_BY_YEAR: dict[int, Decimal] = {
    2023: Decimal("3450"),
    2024: Decimal("3692"),
    2025: Decimal("3932"),
    2026: Decimal("4325"),
}


@dataclass(frozen=True)
class FeeRate:
    """A fee of ``mrp`` monthly calculation indices, paid through the e-government payment gateway."""

    mrp: Decimal
    name: str  # what the payment is, as the gateway's purpose of payment names it
    basis: str  # where the rate comes from


_TAX_CODE = "Tax Code of the Republic of Kazakhstan, licence fee rates [proposal: DOMAIN §6 item 16]"
_LICENCE_FEE = "лицензиялық алым"

# service code → kind → rate.  Service 6's "issue" covers a licence and an annex alike.
FEES: dict[str, dict[str, FeeRate]] = {
    "licence": {
        "issue": FeeRate(Decimal("10"), _LICENCE_FEE, _TAX_CODE),
        "reissue": FeeRate(Decimal("1"), _LICENCE_FEE, _TAX_CODE),  # 10 % of the issue rate
        "duplicate": FeeRate(Decimal("10"), _LICENCE_FEE, _TAX_CODE),  # 100 % of the issue rate
    },
}


def fee_rate(service_code: str, kind: str = "") -> FeeRate | None:
    """The rate of a service's kind (``kind`` "" = the service's first listed), None when it is free."""
    rates = FEES.get(service_code, {})
    if not kind and rates:
        kind = next(iter(rates))
    return rates.get(kind)
