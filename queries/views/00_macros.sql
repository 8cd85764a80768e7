-- Scalar helpers shared by every layer.

-- A quarter in any accepted spelling ("2026-Q1", "2026Q1", "2026 Q1", "Q1 2026", "Q1-2026", or a
-- date inside it) becomes the quarter's first day; anything else becomes null.
create or replace macro parse_quarter(raw) as (
    case
        when regexp_matches(trim(raw), '^\d{4}\s*-?\s*[Qq][1-4]$')
            then make_date(
                cast(left(trim(raw), 4) as integer),
                3 * cast(right(trim(raw), 1) as integer) - 2,
                1
            )
        when regexp_matches(trim(raw), '^[Qq][1-4]\s*-?\s*\d{4}$')
            then make_date(
                cast(right(trim(raw), 4) as integer),
                3 * cast(substr(trim(raw), 2, 1) as integer) - 2,
                1
            )
        else cast(date_trunc('quarter', try_cast(trim(raw) as date)) as date)
    end
);

-- An empty selection means "all": filters travel as bound lists, never as pasted text.
create or replace macro in_filter(selected, value) as (
    len(selected) = 0 or list_contains(selected, value)
);

-- A partner is in the selection when it passes all four global filters.
create or replace macro in_selection(
    tiers, regions, cams, partner_types, tier, region, cam_id, partner_type
) as (
    in_filter(tiers, tier)
    and in_filter(regions, region)
    and in_filter(cams, cam_id)
    and in_filter(partner_types, partner_type)
);

-- Ratios are Σa ÷ Σb; a zero denominator is "no data", never 0.
create or replace macro ratio(numerator, denominator) as (
    numerator / nullif(denominator, 0)
);

create or replace macro quarter_end(quarter_start) as (
    cast(quarter_start + interval 3 month - interval 1 day as date)
);

-- The window is (as_of - W calendar months, as_of]; this is its exclusive lower bound.
create or replace macro window_start(as_of, window_months) as (
    cast(cast(as_of as date) - to_months(cast(window_months as integer)) as date)
);

-- A certification expiring within 90 days: held on as_of (completed on or before it) and ending
-- in (as_of, as_of + 90]. Counted for enrolled partners only, wherever it is shown.
create or replace macro expires_within_90_days(completed_on, expires_on, as_of) as (
    completed_on <= cast(as_of as date)
    and expires_on > cast(as_of as date)
    and expires_on <= cast(as_of as date) + 90
);
