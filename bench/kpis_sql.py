"""The floor for `python -m queries kpis --data DIR`: the same headline KPIs in plain DuckDB SQL.

What an analyst fluent in SQL would write against the CSV folder: no validation, no views, no
snapshot cache; one statement over read_csv with DuckDB's own type detection, for the default
as-of date (the latest registration or close), a 12-month window, 90 days of onboarding grace and
no filters. It prints the same JSON object as the command line (bench/run.py checks that the
two agree) and reads the definitions of docs/metrics.md directly.

    .venv/bin/python bench/kpis_sql.py DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

# Periods are written as 2026-Q1 in these files.
QUARTER = """
create macro quarter_of(period) as
    make_date(cast(left(period, 4) as integer), 3 * cast(right(period, 1) as integer) - 2, 1)
"""

KPIS = """
with
partners as (select * from read_csv($partners)),
deals as (
    select
        *,
        lower(status) as state,
        nullif(trim(regexp_replace(lower(customer_name), '[^a-z0-9]+', ' ', 'g')), '')
            as customer_key,
    from read_csv($deals)
),
tiers as (select * from read_csv($tiers)),
certifications as (select * from read_csv($certifications)),
qbrs as (select * from read_csv($qbrs)),
allocations as (select * from read_csv($allocations)),
claims as (select * from read_csv($claims)),
forecasts as (select * from read_csv($forecasts)),

latest as (
    -- The latest registration or close, never a date after today.
    select
        greatest(
            max(registered_on) filter (where registered_on <= current_date),
            max(closed_on) filter (where closed_on <= current_date)
        ) as as_of,
    from deals
),
dates as (
    select
        as_of,
        cast(as_of - interval 12 month as date) as ws,
        cast(date_trunc('quarter', as_of + 1) - interval 3 month as date) as fq,
    from latest
),

-- Registration days, the gap since the previous one, and each partner's last one.
days as (
    select
        partner_id,
        registered_on,
        registered_on - lag(registered_on) over (partition by partner_id order by registered_on)
            as gap,
    from (select distinct partner_id, registered_on from deals, dates where registered_on <= as_of)
),
last_day as (select partner_id, max(registered_on) as last_on from days group by partner_id),
rhythm as (
    select days.partner_id, median(gap) as usual_gap, count(gap) as gaps,
    from days join last_day using (partner_id)
    where gap is not null and registered_on > last_on - 365
    group by days.partner_id
),
revenue as (
    select
        partner_id,
        coalesce(sum(amount) filter (where state = 'won' and closed_on > ws), 0) as revenue,
        coalesce(sum(amount) filter (
            where state = 'won' and closed_on <= ws
                and closed_on > cast(ws - interval 12 month as date)
        ), 0) as prior_revenue,
        count(*) filter (where state = 'won' and closed_on > ws) as won,
        count(*) filter (where state = 'lost' and closed_on > ws) as lost,
    from deals, dates
    where closed_on <= as_of
    group by partner_id
),
current_certifications as (
    select
        partner_id,
        count(*) filter (
            where completed_on <= as_of and (expires_on is null or expires_on > as_of)
        ) as current,
        count(*) filter (
            where completed_on <= as_of and expires_on > as_of and expires_on <= as_of + 90
        ) as expiring,
    from certifications, dates
    group by partner_id
),
status as (
    select
        p.partner_id,
        p.enrolled_on <= as_of and (p.terminated_on is null or p.terminated_on > as_of)
            as enrolled,
        enrolled and p.enrolled_on > as_of - 90 as onboarding,
        enrolled and coalesce(l.last_on > ws, false) as active,
        as_of - l.last_on as silent_days,
        active and l.last_on <= as_of - 90 as silent_90d,
        enrolled and not onboarding and not active as dark,
        coalesce(r.revenue, 0) as revenue,
        coalesce(r.prior_revenue, 0) as prior_revenue,
        coalesce(r.won, 0) as won,
        coalesce(r.lost, 0) as lost,
        silent_90d
            or (active and h.gaps >= 2 and silent_days >= 30 and silent_days >= 3 * h.usual_gap)
            or (active and prior_revenue > 0 and revenue <= 0.5 * prior_revenue) as warning,
        coalesce(c.current, 0) as current_certs,
        coalesce(c.expiring, 0) as expiring_certs,
    from partners as p
    cross join dates
    left join last_day as l using (partner_id)
    left join rhythm as h using (partner_id)
    left join revenue as r using (partner_id)
    left join current_certifications as c using (partner_id)
),

window_deals as (
    select deals.* from deals, dates where registered_on > ws and registered_on <= as_of
),
conflicts as (
    select count(*) as n
    from window_deals as later
    where exists (
        select 1
        from deals as earlier
        where earlier.customer_key = later.customer_key
            and earlier.partner_id <> later.partner_id
            and earlier.registered_on between later.registered_on - 90 and later.registered_on
            and (earlier.registered_on < later.registered_on or earlier.deal_id < later.deal_id)
    )
),
first_deal as (
    select median(first_on - p.enrolled_on) as median_days,
    from partners as p
    cross join dates
    join (select partner_id, min(registered_on) as first_on from deals group by partner_id)
        using (partner_id)
    where first_on <= as_of and p.enrolled_on <= as_of
        and (p.terminated_on is null or p.terminated_on > as_of)
),

held as (
    select distinct partner_id, cast(date_trunc('quarter', held_on) as date) as quarter,
    from qbrs, dates
    where held_on <= as_of
),
due as (
    select p.partner_id, fq,
    from partners as p
    join tiers using (tier)
    cross join dates
    where tiers.qbr_every_quarters > 0
        and p.enrolled_on <= cast(fq + interval 3 month - interval 1 day as date)
        and (p.terminated_on is null
            or p.terminated_on > cast(fq + interval 3 month - interval 1 day as date))
        and not exists (
            select 1 from held
            where held.partner_id = p.partner_id and held.quarter < fq
                and held.quarter >= cast(fq - to_months(3 * (tiers.qbr_every_quarters - 1)) as date)
        )
),
qbr as (
    select count(held.partner_id) / nullif(count(*), 0) as rate,
    from due
    left join held on held.partner_id = due.partner_id and held.quarter = due.fq
),
retention as (
    select
        count(*) filter (where terminated_on is null or terminated_on > as_of)
            / nullif(count(*), 0) as rate,
    from partners, dates
    where enrolled_on <= ws and (terminated_on is null or terminated_on > ws)
),
mdf as (
    select
        (select sum(allocated_amount) from allocations, dates
            where quarter_of(period) > ws and quarter_of(period) <= as_of) as allocated,
        (select coalesce(sum(claimed_amount), 0) from claims, dates
            where lower(status) in ('claimed', 'paid')
                and quarter_of(period) > ws and quarter_of(period) <= as_of) as claimed,
),
forecast as (
    select
        (select sum(amount) from (
            select arg_max(forecast_amount, submitted_on) as amount
            from forecasts, dates
            where quarter_of(period) = fq and submitted_on <= fq
            group by partner_id
        )) as f,
        (select sum(amount) from deals, dates
            where state = 'won' and cast(date_trunc('quarter', closed_on) as date) = fq) as a,
)

select
    as_of,
    count(*) filter (where enrolled) as enrolled_partners,
    count(*) filter (where onboarding) as onboarding_partners,
    count(*) filter (where active) as active_partners,
    count(*) filter (where dark) as dark_partners,
    count(*) filter (where silent_90d) as silent_90d_partners,
    count(*) filter (where warning) as early_warning_partners,
    dark_partners / nullif(enrolled_partners - onboarding_partners, 0) as dark_partner_rate,
    active_partners / nullif(enrolled_partners, 0) as active_partner_rate,
    sum(revenue) as partner_revenue,
    sum(won) / nullif(sum(won) + sum(lost), 0) as win_rate,
    any_value(first_deal.median_days) as median_days_to_first_deal,
    (select count(*) filter (where state in ('approved', 'won', 'lost', 'expired'))
        / nullif(count(*) filter (where state <> 'submitted'), 0)
        from window_deals) as approval_rate,
    any_value(conflicts.n) / (select nullif(count(*), 0) from window_deals) as conflict_rate,
    count(*) filter (where enrolled and current_certs > 0) / nullif(enrolled_partners, 0)
        as certified_partner_rate,
    sum(expiring_certs) filter (where enrolled) as certifications_expiring_90d,
    any_value(qbr.rate) as qbr_completion_rate,
    any_value(retention.rate) as partner_retention_rate,
    any_value(mdf.allocated) as mdf_allocated,
    any_value(mdf.claimed) as mdf_claimed,
    any_value(mdf.claimed) / nullif(any_value(mdf.allocated), 0) as mdf_utilization,
    fq as forecast_quarter,
    any_value(forecast.f) as forecast_amount,
    coalesce(any_value(forecast.a), 0) as actual_amount,
    greatest(0, 1 - abs(any_value(forecast.f) - any_value(forecast.a))
        / nullif(any_value(forecast.a), 0)) as forecast_accuracy,
    (any_value(forecast.f) - any_value(forecast.a)) / nullif(any_value(forecast.a), 0)
        as forecast_bias,
from status, dates, first_deal, conflicts, qbr, retention, mdf, forecast
group by as_of, fq
"""

FILES = {
    "partners": "partners",
    "deals": "deal_registrations",
    "tiers": "program_tiers",
    "certifications": "certifications",
    "qbrs": "qbrs",
    "allocations": "mdf_allocations",
    "claims": "mdf_claims",
    "forecasts": "forecasts",
}


def headline_kpis(folder: Path) -> dict[str, object]:
    con = duckdb.connect()
    con.execute(QUARTER)
    cursor = con.execute(KPIS, {key: str(folder / f"{name}.csv") for key, name in FILES.items()})
    row = cursor.fetchone()
    names = [column[0] for column in cursor.description]
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in zip(names, row, strict=True)
    }


if __name__ == "__main__":
    print(json.dumps(headline_kpis(Path(sys.argv[1])), indent=2, default=float))
