"""Prices, allowances and cost breakdowns as Markdown, in the page's language."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import urlsplit

from modules.i18n import Text, check_language
from modules.pricing.errors import InvalidInput
from modules.pricing.formulas import CostBreakdown, Period
from modules.pricing.money import format_number, format_usd
from modules.pricing.table import (
    ALLOWANCES,
    PRICES,
    Allowance,
    AllowanceKind,
    Price,
    Service,
    Unit,
    price,
)

SERVICES = {
    Service.LAMBDA: Text(es="AWS Lambda", en="AWS Lambda"),
    Service.DYNAMODB: Text(es="Amazon DynamoDB", en="Amazon DynamoDB"),
    Service.S3: Text(es="Amazon S3", en="Amazon S3"),
    Service.API_GATEWAY: Text(es="Amazon API Gateway", en="Amazon API Gateway"),
    Service.CLOUDWATCH_LOGS: Text(es="Amazon CloudWatch Logs", en="Amazon CloudWatch Logs"),
    Service.DATA_TRANSFER: Text(es="Transferencia de datos", en="Data transfer"),
    Service.COGNITO: Text(es="Amazon Cognito", en="Amazon Cognito"),
    Service.ACCOUNT: Text(es="Cuenta de AWS", en="AWS account"),
}

# (singular, plural)
UNITS: dict[Unit, dict[str, tuple[str, str]]] = {
    Unit.REQUEST: {"es": ("petición", "peticiones"), "en": ("request", "requests")},
    Unit.GB_SECOND: {"es": ("GB-s", "GB-s"), "en": ("GB-s", "GB-s")},
    Unit.WRITE_REQUEST_UNIT: {
        "es": ("unidad de escritura (WRU)", "unidades de escritura (WRU)"),
        "en": ("write request unit (WRU)", "write request units (WRU)"),
    },
    Unit.READ_REQUEST_UNIT: {
        "es": ("unidad de lectura (RRU)", "unidades de lectura (RRU)"),
        "en": ("read request unit (RRU)", "read request units (RRU)"),
    },
    Unit.WRITE_CAPACITY_UNIT: {"es": ("WCU", "WCU"), "en": ("WCU", "WCU")},
    Unit.READ_CAPACITY_UNIT: {"es": ("RCU", "RCU"), "en": ("RCU", "RCU")},
    Unit.GB_MONTH: {"es": ("GB-mes", "GB-mes"), "en": ("GB-month", "GB-months")},
    Unit.GB: {"es": ("GB", "GB"), "en": ("GB", "GB")},
    Unit.MAU: {
        "es": ("usuario activo al mes", "usuarios activos al mes"),
        "en": ("monthly active user", "monthly active users"),
    },
    Unit.USD: {"es": ("en créditos", "en créditos"), "en": ("in credits", "in credits")},
}

KINDS = {
    AllowanceKind.ALWAYS_FREE: Text(es="Siempre gratis", en="Always free"),
    AllowanceKind.TWELVE_MONTHS: Text(
        es="12 meses (cuentas antiguas)", en="12 months (older accounts)"
    ),
    AllowanceKind.CREDITS: Text(es="Créditos (cuentas nuevas)", en="Credits (new accounts)"),
}

LABELS = {
    "es": {
        "service": "Servicio",
        "item": "Concepto",
        "price": "Precio",
        "unit": "Unidad",
        "tier": "Tramo",
        "checked": "Comprobado",
        "source": "Fuente",
        "quantity": "Cantidad",
        "kind": "Tipo",
        "conditions": "Condiciones",
        "usage": "Uso",
        "cost": "Coste",
        "per": "por",
        "per_each": "por cada",
        "per_million": "por millón de",
        "a_month": "al mes",
        Period.DAY: "Total al día",
        Period.MONTH: "Total al mes",
    },
    "en": {
        "service": "Service",
        "item": "Item",
        "price": "Price",
        "unit": "Unit",
        "tier": "Tier",
        "checked": "Checked",
        "source": "Source",
        "quantity": "Amount",
        "kind": "Kind",
        "conditions": "Conditions",
        "usage": "Usage",
        "cost": "Cost",
        "per": "per",
        "per_each": "per",
        "per_million": "per million",
        "a_month": "a month",
        Period.DAY: "Total per day",
        Period.MONTH: "Total per month",
    },
}


def unit_name(unit: Unit, how_many: Decimal | int, lang: str) -> str:
    """Return the name of unit in lang, singular for exactly one."""
    singular, plural = UNITS[unit][check_language(lang, InvalidInput)]
    return singular if how_many == 1 else plural


def per_unit(entry: Price, lang: str) -> str:
    """Return what a price is per, in lang: `per million requests`, `por GB-s`."""
    words = LABELS[check_language(lang, InvalidInput)]
    if entry.per == 1:
        return f"{words['per']} {unit_name(entry.unit, 1, lang)}"
    plural = unit_name(entry.unit, entry.per, lang)
    if entry.per == 1_000_000:
        return f"{words['per_million']} {plural}"
    return f"{words['per_each']} {format_number(entry.per, lang)} {plural}"


def price_phrase(key: str, lang: str) -> str:
    """Return a price with its unit, in lang: `$0.20 per million requests`."""
    entry = price(key)
    return f"{format_usd(entry.usd, lang, exact=True)} {per_unit(entry, lang)}"


def allowance_amount(entry: Allowance, lang: str) -> str:
    """Return an allowance's amount with its unit, in lang: `1,000,000 requests a month`."""
    name = unit_name(entry.unit, entry.quantity, lang)
    if entry.unit is Unit.USD:
        text = f"{format_usd(entry.quantity, lang, exact=True)} {name}"
    else:
        text = f"{format_number(entry.quantity, lang)} {name}"
    return f"{text} {LABELS[lang]['a_month']}" if entry.monthly else text


def _link(url: str) -> str:
    parts = urlsplit(url)
    return f"[{parts.netloc}{parts.path.rstrip('/')}]({url})"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|",
    ]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def price_table(lang: str) -> str:
    """Return every price as a Markdown table: amount, unit, tier, check date and source."""
    words = LABELS[check_language(lang, InvalidInput)]
    header = [words[k] for k in ("service", "item", "price", "unit", "tier", "checked", "source")]
    rows = (
        [
            SERVICES[p.service].in_(lang),
            p.label.in_(lang),
            format_usd(p.usd, lang, exact=True),
            per_unit(p, lang),
            p.tier.in_(lang),
            p.checked.isoformat(),
            _link(p.source),
        ]
        for p in PRICES
    )
    return _table(header, rows, "llrllll")


def free_tier_table(lang: str) -> str:
    """Return every free allowance as a Markdown table, always-free ones first."""
    words = LABELS[check_language(lang, InvalidInput)]
    header = [words[k] for k in ("service", "item", "quantity", "kind", "conditions", "source")]
    order = list(AllowanceKind)
    rows = (
        [
            SERVICES[a.service].in_(lang),
            a.label.in_(lang),
            allowance_amount(a, lang),
            KINDS[a.kind].in_(lang),
            a.conditions.in_(lang),
            _link(a.source),
        ]
        for a in sorted(ALLOWANCES, key=lambda a: order.index(a.kind))
    )
    return _table(header, rows, "llrlll")


def cost_table(breakdown: CostBreakdown, period: Period, lang: str) -> str:
    """Return a breakdown as a Markdown table: one row per charge, then the total."""
    words = LABELS[check_language(lang, InvalidInput)]
    header = [words[k] for k in ("service", "item", "usage", "cost")]
    rows: list[list[str]] = [
        [
            SERVICES[line.service].in_(lang),
            price(line.price_key).label.in_(lang),
            f"{format_number(line.quantity, lang)} {unit_name(line.unit, line.quantity, lang)}",
            format_usd(line.amount, lang),
        ]
        for line in breakdown.lines
    ]
    rows.append([f"**{words[period]}**", "", "", f"**{format_usd(breakdown.total, lang)}**"])
    return _table(header, rows, "lllr")
