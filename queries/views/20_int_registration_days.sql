-- One row per partner and day with at least one registration: the rhythm of each partner.
-- Stored as a table at load (queries/loader.py): it depends on no parameter, and every status
-- query reads it.
create or replace view int_registration_days as
with
registrations as (
    select * from stg_deal_registrations
),

final as (
    select distinct
        partner_id,
        registered_on,
    from registrations
)

select * from final order by partner_id, registered_on;

-- The gap since the partner's previous registration day; filtering it on as_of later is exact,
-- as a day's previous day always comes before it.
create or replace view int_registration_gaps as
select
    partner_id,
    registered_on,
    registered_on - lag(registered_on) over (
        partition by partner_id order by registered_on
    ) as gap_days,
from int_registration_days;

-- The usual rhythm on each registration day: the median gap between registration days over the
-- year before it (gaps registered after the day 365 days earlier, up to the day) and how many
-- gaps that is (null for none). Read on a partner's last registration day on or before a date,
-- it is the rhythm the early warning reads on that date; stored at load, so the backtest reads
-- it at every quarter end instead of gathering each quarter's year of gaps again.
create or replace view int_registration_rhythm as
select
    partner_id,
    registered_on,
    median(gap_days) over last_year as usual_gap_days,
    nullif(count(gap_days) over last_year, 0) as gaps_seen,
from int_registration_gaps
window last_year as (
    partition by partner_id
    order by registered_on
    range between interval 364 days preceding and current row
);

create or replace view data_extent as
with
registrations as (
    select * from stg_deal_registrations
),

final as (
    select
        -- The default as_of: the latest registration or close anywhere in the data, so the
        -- sample never ages and filters never move it; never a date after today, so a close
        -- typed as 9999-12-31 cannot move every page into the future.
        greatest(
            max(registered_on) filter (where registered_on <= current_date),
            max(closed_on) filter (where closed_on <= current_date)
        ) as default_as_of,
        least(min(registered_on), min(closed_on)) as first_activity_on,
        count(*) as registrations,
    from registrations
)

select * from final;
