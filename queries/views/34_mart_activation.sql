-- Each partner's first registration day, whatever its status: its earliest on or before any
-- as_of is this day when the day is on or before as_of, and there is none otherwise. Stored at
-- load (queries/loader.py), so a first deal reads a row per partner, not every registration day.
create or replace view int_partner_first_registration as
select partner_id, min(registered_on) as first_registered_on,
from int_registration_days
group by partner_id;

-- Time to first deal and activation by enrollment cohort (docs/metrics.md). The first
-- registration is the partner's earliest registered_on on or before as_of; one before enrolling
-- counts as day 0 or negative, as it falls.
create or replace macro partner_first_deal(as_of) as table
with
partners as (
    select * from stg_partners
),

first_registration as (
    select partner_id, first_registered_on,
    from int_partner_first_registration
    where first_registered_on <= cast(as_of as date)
),

final as (
    select
        partners.partner_id,
        partners.tier,
        partners.region,
        partners.cam_id,
        partners.partner_type,
        partners.enrolled_on,
        partners.terminated_on,
        cast(date_trunc('quarter', partners.enrolled_on) as date) as cohort_quarter,
        first_registration.first_registered_on,
        first_registration.first_registered_on - partners.enrolled_on as days_to_first_deal,
        coalesce(
            first_registration.first_registered_on <= partners.enrolled_on + 90, false
        ) as activated_within_90_days,
        -- A partner's 90 days have not all passed yet: its activation is still open.
        partners.enrolled_on + 90 > cast(as_of as date) as is_maturing,
    from partners
    left join first_registration using (partner_id)
    where partners.enrolled_on <= cast(as_of as date)
)

select * from final;

-- Activation per enrollment quarter: the share of the cohort with a first registration within
-- 90 days of enrolling, and the median days to first deal of those who have one.
create or replace macro cohort_activation(as_of, tiers, regions, cams, partner_types) as table
with
first_deals as (
    select *
    from partner_first_deal(as_of)
    where in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
),

final as (
    select
        cohort_quarter,
        count(*) as cohort_partners,
        count(*) filter (where activated_within_90_days) as activated_partners,
        ratio(count(*) filter (where activated_within_90_days), count(*)) as activation_rate,
        count(first_registered_on) as partners_with_a_deal,
        median(days_to_first_deal) as median_days_to_first_deal,
        bool_or(is_maturing) as is_maturing,
    from first_deals
    group by cohort_quarter
)

select * from final order by cohort_quarter;
