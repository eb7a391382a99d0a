"""The price table: every AWS price and free allowance the course uses, region us-east-1.

Each entry says what it costs, per how many of which unit, which pricing tier it is, the date
it was last checked against its public source, and that source. Amounts are `Decimal`, never
`float`, so `0.0000166667` stays exactly what the pricing page says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from modules.i18n import Text
from modules.pricing.errors import UnknownEntry

REGION = "us-east-1"

# The day every entry below was compared with its source page.
CHECKED = date(2026, 11, 28)
SNAPSTART_CHECKED = date(2026, 12, 7)
COGNITO_CHECKED = date(2026, 12, 7)

LAMBDA_PRICING = "https://aws.amazon.com/lambda/pricing/"
DYNAMODB_PRICING = "https://aws.amazon.com/dynamodb/pricing/on-demand/"
S3_PRICING = "https://aws.amazon.com/s3/pricing/"
API_GATEWAY_PRICING = "https://aws.amazon.com/api-gateway/pricing/"
CLOUDWATCH_PRICING = "https://aws.amazon.com/cloudwatch/pricing/"
DATA_TRANSFER_PRICING = "https://aws.amazon.com/ec2/pricing/on-demand/"
FREE_TIER = "https://aws.amazon.com/free/"
COGNITO_PRICING = "https://aws.amazon.com/cognito/pricing/"

# Accounts created from this day on get credits and a free plan instead of 12-month offers.
FREE_PLAN_START = date(2025, 7, 15)


class Service(StrEnum):
    """An AWS service (or the account itself, for account-wide offers)."""

    LAMBDA = "lambda"
    DYNAMODB = "dynamodb"
    S3 = "s3"
    API_GATEWAY = "api_gateway"
    CLOUDWATCH_LOGS = "cloudwatch_logs"
    DATA_TRANSFER = "data_transfer"
    COGNITO = "cognito"
    ACCOUNT = "account"


class Unit(StrEnum):
    """What a price or an allowance is counted in."""

    REQUEST = "request"
    GB_SECOND = "GB-second"
    WRITE_REQUEST_UNIT = "write request unit"
    READ_REQUEST_UNIT = "read request unit"
    WRITE_CAPACITY_UNIT = "write capacity unit"
    READ_CAPACITY_UNIT = "read capacity unit"
    GB_MONTH = "GB-month"
    GB = "GB"
    MAU = "monthly active user"
    USD = "USD"


class AllowanceKind(StrEnum):
    """How long a free allowance lasts, and for whom."""

    ALWAYS_FREE = "always-free"
    TWELVE_MONTHS = "12-months"
    CREDITS = "credits"


@dataclass(frozen=True)
class Price:
    """A list price: `usd` dollars for every `per` units, in one pricing tier."""

    key: str
    service: Service
    label: Text
    usd: Decimal
    per: int
    unit: Unit
    tier: Text
    checked: date
    source: str
    # When AWS started charging this price, where it matters to the course (e.g. a price cut).
    since: date | None = None

    @property
    def per_unit(self) -> Decimal:
        """Return the price of one unit, in USD."""
        return self.usd / self.per

    def cost(self, quantity: Decimal) -> Decimal:
        """Return the cost of quantity units, in USD, unrounded."""
        return quantity * self.usd / self.per


@dataclass(frozen=True)
class Allowance:
    """A free allowance: `quantity` units, renewed every month when `monthly`."""

    key: str
    service: Service
    label: Text
    quantity: Decimal
    unit: Unit
    kind: AllowanceKind
    monthly: bool
    conditions: Text
    checked: date
    source: str


PRICES: tuple[Price, ...] = (
    Price(
        key="lambda_requests",
        service=Service.LAMBDA,
        label=Text(es="Invocaciones", en="Invocations"),
        usd=Decimal("0.20"),
        per=1_000_000,
        unit=Unit.REQUEST,
        tier=Text(es="sin tramos, ambas arquitecturas", en="no tiers, both architectures"),
        checked=CHECKED,
        source=LAMBDA_PRICING,
    ),
    Price(
        key="lambda_duration_x86_64",
        service=Service.LAMBDA,
        label=Text(es="Cómputo x86_64", en="Compute x86_64"),
        usd=Decimal("0.0000166667"),
        per=1,
        unit=Unit.GB_SECOND,
        tier=Text(es="primeros 6000 millones de GB-s al mes", en="first 6 billion GB-s a month"),
        checked=CHECKED,
        source=LAMBDA_PRICING,
    ),
    Price(
        key="lambda_duration_arm64",
        service=Service.LAMBDA,
        label=Text(es="Cómputo arm64", en="Compute arm64"),
        usd=Decimal("0.0000133334"),
        per=1,
        unit=Unit.GB_SECOND,
        tier=Text(es="primeros 7500 millones de GB-s al mes", en="first 7.5 billion GB-s a month"),
        checked=CHECKED,
        source=LAMBDA_PRICING,
        since=date(2021, 9, 29),
    ),
    # SnapStart for Python and .NET bills a cached snapshot per published version and
    # each environment restored from it (Java's SnapStart has no such charge).
    Price(
        key="lambda_snapstart_cache",
        service=Service.LAMBDA,
        label=Text(es="SnapStart: caché de la instantánea", en="SnapStart: snapshot cache"),
        usd=Decimal("0.0000015046"),
        per=1,
        unit=Unit.GB_SECOND,
        tier=Text(
            es="Python y .NET, por versión publicada con SnapStart",
            en="Python and .NET, per version published with SnapStart",
        ),
        checked=SNAPSTART_CHECKED,
        source=LAMBDA_PRICING,
    ),
    Price(
        key="lambda_snapstart_restore",
        service=Service.LAMBDA,
        label=Text(es="SnapStart: restauración", en="SnapStart: restore"),
        usd=Decimal("0.0001397998"),
        per=1,
        unit=Unit.GB,
        tier=Text(
            es="Python y .NET, por entorno restaurado (GB de memoria)",
            en="Python and .NET, per environment restored (GB of memory)",
        ),
        checked=SNAPSTART_CHECKED,
        source=LAMBDA_PRICING,
    ),
    Price(
        key="dynamodb_write_request_units",
        service=Service.DYNAMODB,
        label=Text(es="Escrituras bajo demanda", en="On-demand writes"),
        usd=Decimal("0.625"),
        per=1_000_000,
        unit=Unit.WRITE_REQUEST_UNIT,
        tier=Text(es="clase Standard", en="Standard table class"),
        checked=CHECKED,
        source=DYNAMODB_PRICING,
        since=date(2024, 11, 1),
    ),
    Price(
        key="dynamodb_read_request_units",
        service=Service.DYNAMODB,
        label=Text(es="Lecturas bajo demanda", en="On-demand reads"),
        usd=Decimal("0.125"),
        per=1_000_000,
        unit=Unit.READ_REQUEST_UNIT,
        tier=Text(es="clase Standard", en="Standard table class"),
        checked=CHECKED,
        source=DYNAMODB_PRICING,
        since=date(2024, 11, 1),
    ),
    Price(
        key="dynamodb_storage",
        service=Service.DYNAMODB,
        label=Text(es="Almacenamiento", en="Storage"),
        usd=Decimal("0.25"),
        per=1,
        unit=Unit.GB_MONTH,
        tier=Text(es="a partir de los primeros 25 GB", en="beyond the first 25 GB"),
        checked=CHECKED,
        source=DYNAMODB_PRICING,
    ),
    Price(
        key="s3_standard_storage",
        service=Service.S3,
        label=Text(es="Almacenamiento S3 Standard", en="S3 Standard storage"),
        usd=Decimal("0.023"),
        per=1,
        unit=Unit.GB_MONTH,
        tier=Text(es="primeros 50 TB al mes", en="first 50 TB a month"),
        checked=CHECKED,
        source=S3_PRICING,
    ),
    Price(
        key="s3_put_requests",
        service=Service.S3,
        label=Text(es="Peticiones PUT, COPY, POST, LIST", en="PUT, COPY, POST, LIST requests"),
        usd=Decimal("0.005"),
        per=1_000,
        unit=Unit.REQUEST,
        tier=Text(es="S3 Standard", en="S3 Standard"),
        checked=CHECKED,
        source=S3_PRICING,
    ),
    Price(
        key="s3_get_requests",
        service=Service.S3,
        label=Text(es="Peticiones GET", en="GET requests"),
        usd=Decimal("0.0004"),
        per=1_000,
        unit=Unit.REQUEST,
        tier=Text(es="S3 Standard", en="S3 Standard"),
        checked=CHECKED,
        source=S3_PRICING,
    ),
    Price(
        key="api_gateway_rest_requests",
        service=Service.API_GATEWAY,
        label=Text(es="Llamadas a una API REST", en="REST API calls"),
        usd=Decimal("3.50"),
        per=1_000_000,
        unit=Unit.REQUEST,
        tier=Text(es="primeros 333 millones al mes", en="first 333 million a month"),
        checked=CHECKED,
        source=API_GATEWAY_PRICING,
    ),
    Price(
        key="api_gateway_http_requests",
        service=Service.API_GATEWAY,
        label=Text(es="Llamadas a una API HTTP", en="HTTP API calls"),
        usd=Decimal("1.00"),
        per=1_000_000,
        unit=Unit.REQUEST,
        tier=Text(es="primeros 300 millones al mes", en="first 300 million a month"),
        checked=CHECKED,
        source=API_GATEWAY_PRICING,
    ),
    Price(
        key="cloudwatch_logs_ingestion",
        service=Service.CLOUDWATCH_LOGS,
        label=Text(es="Ingesta de logs", en="Log ingestion"),
        usd=Decimal("0.50"),
        per=1,
        unit=Unit.GB,
        tier=Text(es="clase Standard, primer tramo", en="Standard class, first tier"),
        checked=CHECKED,
        source=CLOUDWATCH_PRICING,
    ),
    Price(
        key="cloudwatch_logs_storage",
        service=Service.CLOUDWATCH_LOGS,
        label=Text(es="Almacenamiento de logs", en="Log storage"),
        usd=Decimal("0.03"),
        per=1,
        unit=Unit.GB_MONTH,
        tier=Text(es="comprimido, según la retención", en="compressed, kept per retention"),
        checked=CHECKED,
        source=CLOUDWATCH_PRICING,
    ),
    # User pools bill per monthly active user (MAU): a user with any identity operation in the
    # calendar month (sign-up, sign-in, token refresh, an admin create or update).
    Price(
        key="cognito_lite_mau",
        service=Service.COGNITO,
        label=Text(es="User pool, plan Lite", en="User pool, Lite plan"),
        usd=Decimal("0.0055"),
        per=1,
        unit=Unit.MAU,
        tier=Text(
            es="primer tramo por encima de la capa gratuita; más allá, tramos más baratos",
            en="first tier above the free tier; cheaper tiers beyond it",
        ),
        checked=COGNITO_CHECKED,
        source=COGNITO_PRICING,
    ),
    Price(
        key="cognito_essentials_mau",
        service=Service.COGNITO,
        label=Text(es="User pool, plan Essentials", en="User pool, Essentials plan"),
        usd=Decimal("0.015"),
        per=1,
        unit=Unit.MAU,
        tier=Text(
            es="por encima de la capa gratuita; el plan por defecto de un pool nuevo",
            en="above the free tier; the default plan of a new pool",
        ),
        checked=COGNITO_CHECKED,
        source=COGNITO_PRICING,
    ),
    Price(
        key="cognito_plus_mau",
        service=Service.COGNITO,
        label=Text(es="User pool, plan Plus", en="User pool, Plus plan"),
        usd=Decimal("0.020"),
        per=1,
        unit=Unit.MAU,
        tier=Text(
            es="desde el primer usuario: sin capa gratuita", en="from the first user: no free tier"
        ),
        checked=COGNITO_CHECKED,
        source=COGNITO_PRICING,
    ),
    Price(
        key="data_transfer_out_internet",
        service=Service.DATA_TRANSFER,
        label=Text(es="Salida a internet", en="Out to the internet"),
        usd=Decimal("0.09"),
        per=1,
        unit=Unit.GB,
        tier=Text(
            es="tras los primeros 100 GB, hasta 10 TB al mes",
            en="after the first 100 GB, up to 10 TB a month",
        ),
        checked=CHECKED,
        source=DATA_TRANSFER_PRICING,
    ),
)

ALLOWANCES: tuple[Allowance, ...] = (
    Allowance(
        key="lambda_requests",
        service=Service.LAMBDA,
        label=Text(es="Invocaciones", en="Invocations"),
        quantity=Decimal(1_000_000),
        unit=Unit.REQUEST,
        kind=AllowanceKind.ALWAYS_FREE,
        monthly=True,
        conditions=Text(
            es="todas las funciones de la cuenta, ambas arquitecturas",
            en="every function in the account, both architectures",
        ),
        checked=CHECKED,
        source=LAMBDA_PRICING,
    ),
    Allowance(
        key="lambda_compute",
        service=Service.LAMBDA,
        label=Text(es="Cómputo", en="Compute"),
        quantity=Decimal(400_000),
        unit=Unit.GB_SECOND,
        kind=AllowanceKind.ALWAYS_FREE,
        monthly=True,
        conditions=Text(es="compartido entre x86_64 y arm64", en="shared between x86_64 and arm64"),
        checked=CHECKED,
        source=LAMBDA_PRICING,
    ),
    Allowance(
        key="dynamodb_storage",
        service=Service.DYNAMODB,
        label=Text(es="Almacenamiento", en="Storage"),
        quantity=Decimal(25),
        unit=Unit.GB,
        kind=AllowanceKind.ALWAYS_FREE,
        monthly=True,
        conditions=Text(es="todas las tablas de la región", en="every table in the Region"),
        checked=CHECKED,
        source=DYNAMODB_PRICING,
    ),
    Allowance(
        key="dynamodb_provisioned_writes",
        service=Service.DYNAMODB,
        label=Text(es="Capacidad de escritura aprovisionada", en="Provisioned write capacity"),
        quantity=Decimal(25),
        unit=Unit.WRITE_CAPACITY_UNIT,
        kind=AllowanceKind.ALWAYS_FREE,
        monthly=False,
        conditions=Text(
            es="solo modo aprovisionado: no cubre las tablas bajo demanda como la del curso",
            en="provisioned mode only: it does not cover on-demand tables like the course's",
        ),
        checked=CHECKED,
        source=DYNAMODB_PRICING,
    ),
    Allowance(
        key="dynamodb_provisioned_reads",
        service=Service.DYNAMODB,
        label=Text(es="Capacidad de lectura aprovisionada", en="Provisioned read capacity"),
        quantity=Decimal(25),
        unit=Unit.READ_CAPACITY_UNIT,
        kind=AllowanceKind.ALWAYS_FREE,
        monthly=False,
        conditions=Text(
            es="solo modo aprovisionado: no cubre las tablas bajo demanda como la del curso",
            en="provisioned mode only: it does not cover on-demand tables like the course's",
        ),
        checked=CHECKED,
        source=DYNAMODB_PRICING,
    ),
    Allowance(
        key="cloudwatch_logs",
        service=Service.CLOUDWATCH_LOGS,
        label=Text(es="Datos de logs", en="Log data"),
        quantity=Decimal(5),
        unit=Unit.GB,
        kind=AllowanceKind.ALWAYS_FREE,
        monthly=True,
        conditions=Text(
            es="ingesta, almacenamiento y consultas de Logs Insights, sumados",
            en="ingestion, storage and Logs Insights scans, added together",
        ),
        checked=CHECKED,
        source=CLOUDWATCH_PRICING,
    ),
    Allowance(
        key="data_transfer_out",
        service=Service.DATA_TRANSFER,
        label=Text(es="Salida a internet", en="Out to the internet"),
        quantity=Decimal(100),
        unit=Unit.GB,
        kind=AllowanceKind.ALWAYS_FREE,
        monthly=True,
        conditions=Text(
            es="sumando todos los servicios y regiones de la cuenta",
            en="added up over every service and Region of the account",
        ),
        checked=CHECKED,
        source=DATA_TRANSFER_PRICING,
    ),
    Allowance(
        key="api_gateway_rest_calls",
        service=Service.API_GATEWAY,
        label=Text(es="Llamadas a una API REST", en="REST API calls"),
        quantity=Decimal(1_000_000),
        unit=Unit.REQUEST,
        kind=AllowanceKind.TWELVE_MONTHS,
        monthly=True,
        conditions=Text(
            es="cuentas creadas antes del 15 de julio de 2025, sus primeros 12 meses",
            en="accounts created before 15 July 2025, for their first 12 months",
        ),
        checked=CHECKED,
        source=API_GATEWAY_PRICING,
    ),
    Allowance(
        key="cognito_mau",
        service=Service.COGNITO,
        label=Text(es="Usuarios activos de un user pool", en="User pool active users"),
        quantity=Decimal(10_000),
        unit=Unit.MAU,
        kind=AllowanceKind.ALWAYS_FREE,
        monthly=True,
        conditions=Text(
            es="planes Lite y Essentials, usuarios que inician sesión en el pool; Plus no tiene",
            en="Lite and Essentials plans, users who sign in to the pool; Plus has none",
        ),
        checked=COGNITO_CHECKED,
        source=COGNITO_PRICING,
    ),
    Allowance(
        key="s3_standard_storage",
        service=Service.S3,
        label=Text(es="Almacenamiento S3 Standard", en="S3 Standard storage"),
        quantity=Decimal(5),
        unit=Unit.GB,
        kind=AllowanceKind.TWELVE_MONTHS,
        monthly=True,
        conditions=Text(
            es="cuentas creadas antes del 15 de julio de 2025, sus primeros 12 meses",
            en="accounts created before 15 July 2025, for their first 12 months",
        ),
        checked=CHECKED,
        source=FREE_TIER,
    ),
    Allowance(
        key="new_account_credits",
        service=Service.ACCOUNT,
        label=Text(es="Créditos de cuenta nueva, como máximo", en="New-account credits, at most"),
        quantity=Decimal(200),
        unit=Unit.USD,
        kind=AllowanceKind.CREDITS,
        monthly=False,
        conditions=Text(
            es=(
                "cuentas creadas desde el 15 de julio de 2025: una parte al registrarte y el "
                "resto al completar actividades; el plan gratuito dura hasta 6 meses"
            ),
            en=(
                "accounts created from 15 July 2025: part at sign-up, the rest for "
                "completing activities; the free plan lasts up to 6 months"
            ),
        ),
        checked=CHECKED,
        source=FREE_TIER,
    ),
)

_PRICES = {p.key: p for p in PRICES}
_ALLOWANCES = {a.key: a for a in ALLOWANCES}


def price(key: str) -> Price:
    """Return the price with this key; raise UnknownEntry naming the known keys."""
    try:
        return _PRICES[key]
    except KeyError:
        raise UnknownEntry(f"no price {key!r}; known prices: {', '.join(_PRICES)}") from None


def allowance(key: str) -> Allowance:
    """Return the free allowance with this key; raise UnknownEntry naming the known keys."""
    try:
        return _ALLOWANCES[key]
    except KeyError:
        raise UnknownEntry(
            f"no allowance {key!r}; known allowances: {', '.join(_ALLOWANCES)}"
        ) from None
