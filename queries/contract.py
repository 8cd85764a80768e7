"""The canonical tables of docs/data-contract.md: names, column types, what is required.

This is the single description of the data contract; the loader casts and checks against it and
the staging views read the tables it produces.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | date | quarter | number | integer
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    optional: bool = False
    references_partners: bool = True
    # Tables without a unique key: what a load that adds to the table matches rows on. Rows
    # that share these values are one group, and a load's group replaces the loaded one.
    natural_key: tuple[str, ...] = ()
    # Required columns a row may leave empty, by the value of another of its columns:
    # (column, deciding column, the values that exempt it).
    required_unless: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    # Date columns in order, by pairs (earlier, later): a row whose later date comes first is
    # refused, as there is no telling which of the two is wrong.
    ordered: tuple[tuple[str, str], ...] = ()
    # Columns naming a row of another table by its key (column, table); partner_id has its own
    # rule (references_partners).
    references: tuple[tuple[str, str], ...] = ()

    def exempt(self, column: str) -> tuple[str, tuple[str, ...]] | None:
        """The deciding column and exempting values for `column`, if it has any."""
        return next(((by, values) for c, by, values in self.required_unless if c == column), None)

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def merge_key(self) -> tuple[str, ...]:
        """The columns a load in "add or update" mode matches existing rows on."""
        return self.key or self.natural_key


def _cols(spec: str) -> tuple[Column, ...]:
    """Parse 'name:kind' pairs; a trailing '!' marks a required column."""
    out = []
    for item in spec.split():
        name, kind = item.split(":")
        out.append(Column(name, kind.rstrip("!"), kind.endswith("!")))
    return tuple(out)


DEAL_STATUSES = ("submitted", "approved", "rejected", "expired", "won", "lost")
OPEN_DEAL_STATUSES = ("submitted", "approved")
CLAIM_STATUSES = ("requested", "approved", "rejected", "claimed", "paid")
# Who found a deal: the partner, the vendor (a lead passed on), or both together. Empty: unknown.
DEAL_ORIGINS = ("partner", "vendor", "co-sell")
INCENTIVE_KINDS = ("rebate", "spiff")
# The closed vocabularies of the contract, by (table, column): a canonical file holds these
# values only (any case); the import maps what exports write onto them.
VOCABULARIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("deal_registrations", "status"): DEAL_STATUSES,
    ("deal_registrations", "origin"): DEAL_ORIGINS,
    ("mdf_claims", "status"): CLAIM_STATUSES,
    ("incentive_programs", "kind"): INCENTIVE_KINDS,
}
# Number columns with a fixed range, by (table, column): (lowest, highest), both allowed.
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("partner_surveys", "score"): (0, 10),
}

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "partners",
            _cols(
                "partner_id:text! partner_name:text! tier:text! enrolled_on:date! "
                "partner_type:text region:text country:text state:text city:text "
                "latitude:number longitude:number terminated_on:date cam_id:text"
            ),
            key=("partner_id",),
            references_partners=False,
        ),
        Table(
            "cams",
            _cols("cam_id:text! cam_name:text! region:text annual_cost:number"),
            key=("cam_id",),
            optional=True,
            references_partners=False,
        ),
        Table(
            "deal_registrations",
            _cols(
                "deal_id:text! partner_id:text! registered_on:date! status:text! amount:number! "
                "approved_on:date expected_close_on:date closed_on:date customer_name:text "
                "customer_country:text customer_state:text product_line:text mdf_claim_id:text "
                "origin:text"
            ),
            key=("deal_id",),
            # An open registration often has no value yet: it counts, with an unknown amount.
            required_unless=(("amount", "status", OPEN_DEAL_STATUSES),),
        ),
        Table(
            "forecasts",
            _cols("partner_id:text! period:quarter! forecast_amount:number! submitted_on:date!"),
            optional=True,
            natural_key=("partner_id", "period", "submitted_on"),
        ),
        Table(
            "mdf_allocations",
            _cols("partner_id:text! period:quarter! allocated_amount:number!"),
            optional=True,
            natural_key=("partner_id", "period"),
        ),
        Table(
            "mdf_claims",
            _cols(
                "claim_id:text! partner_id:text! period:quarter! status:text! "
                "requested_amount:number approved_amount:number claimed_amount:number "
                "paid_amount:number activity_type:text requested_on:date approved_on:date "
                "paid_on:date"
            ),
            key=("claim_id",),
            optional=True,
        ),
        Table(
            "certifications",
            _cols(
                "partner_id:text! certification:text! completed_on:date! expires_on:date "
                "person:text"
            ),
            optional=True,
            natural_key=("partner_id", "certification", "completed_on"),
        ),
        Table(
            "qbrs",
            _cols("partner_id:text! period:quarter! held_on:date"),
            optional=True,
            natural_key=("partner_id", "period"),
        ),
        Table(
            "market_potential",
            _cols("geo_level:text! geo_code:text! potential:number!"),
            key=("geo_level", "geo_code"),
            optional=True,
            references_partners=False,
        ),
        Table(
            "program_tiers",
            _cols(
                "tier:text! rank:integer discount_pct:number target_share:number "
                "revenue_threshold:number min_certifications:integer qbr_every_quarters:integer"
            ),
            key=("tier",),
            optional=True,
            references_partners=False,
        ),
        Table(
            "partner_targets",
            _cols("partner_id:text! period:quarter! target_amount:number!"),
            optional=True,
            natural_key=("partner_id", "period"),
        ),
        Table(
            "incentive_programs",
            _cols(
                "program_id:text! name:text! kind:text! product_line:text starts_on:date! "
                "ends_on:date!"
            ),
            key=("program_id",),
            optional=True,
            references_partners=False,
            ordered=(("starts_on", "ends_on"),),
        ),
        Table(
            "incentive_payments",
            _cols(
                "payment_id:text! program_id:text! partner_id:text! earned_on:date! "
                "amount:number! paid_on:date"
            ),
            key=("payment_id",),
            optional=True,
            references=(("program_id", "incentive_programs"),),
        ),
        Table(
            "partner_surveys",
            _cols("partner_id:text! responded_on:date! score:integer!"),
            optional=True,
            natural_key=("partner_id", "responded_on"),
        ),
    )
}
