-- Enablement, tier compliance, QBR cadence and retention (issue 10; docs/metrics.md).

-- Tier requirements against each enrolled partner's standing on as_of: current certifications
-- against the tier's minimum, window revenue against its threshold.
create or replace macro tier_compliance(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
select
    partner_id,
    partner_name,
    tier,
    region,
    cam_id,
    current_certifications,
    required_certifications,
    revenue,
    revenue_threshold,
    greatest(required_certifications - current_certifications, 0) as certifications_missing,
    greatest(revenue_threshold - revenue, 0) as revenue_shortfall,
    certifications_missing = 0 and revenue_shortfall = 0 as is_compliant,
    -- Read under the header "What it lacks": "1 certification, $529,100 revenue".
    concat_ws(
        ', ',
        case
            when certifications_missing > 0
                then certifications_missing || ' certification'
                    || case when certifications_missing = 1 then '' else 's' end
        end,
        case
            when revenue_shortfall > 0
                then '$' || format('{:,.0f}', revenue_shortfall) || ' revenue'
        end
    ) as lacks,
from partner_snapshot(as_of, window_months, grace_days)
where is_enrolled
    and in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type);

-- Certified against uncertified partners (enrolled, past onboarding) over the window, and the
-- median days to first deal of each group. An association, not a cause.
create or replace macro certification_impact(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
partners as (
    select
        snapshot.*,
        first_deal.days_to_first_deal,
        case when snapshot.current_certifications > 0 then 'certified' else 'uncertified' end
            as certification_group,
    from partner_snapshot(as_of, window_months, grace_days) as snapshot
    left join partner_first_deal(as_of) as first_deal using (partner_id)
    where snapshot.is_enrolled
        and not snapshot.is_onboarding
        and in_selection(
            tiers, regions, cams, partner_types,
            snapshot.tier, snapshot.region, snapshot.cam_id, snapshot.partner_type
        )
)

select
    certification_group,
    count(*) as partners,
    ratio(sum(revenue), count(*)) as revenue_per_partner,
    ratio(sum(won_deals), sum(won_deals) + sum(lost_deals)) as win_rate,
    median(days_to_first_deal) as median_days_to_first_deal,
    ratio(count(*) filter (where is_active), count(*)) as active_partner_rate,
from partners
group by certification_group
order by certification_group;

-- Won revenue in the 180 days before and after each partner's first certification, for partners
-- enrolled at least 180 days before it and certified at least 180 days before as_of.
create or replace macro certification_before_after(as_of, tiers, regions, cams, partner_types)
as table
with
first_certification as (
    select partner_id, min(completed_on) as certified_on,
    from stg_certifications
    where completed_on <= cast(as_of as date)
    group by partner_id
),

eligible as (
    select partners.partner_id, first_certification.certified_on,
    from stg_partners as partners
    join first_certification using (partner_id)
    where first_certification.certified_on >= partners.enrolled_on + 180
        and first_certification.certified_on <= cast(as_of as date) - 180
        and in_selection(
            tiers, regions, cams, partner_types,
            partners.tier, partners.region, partners.cam_id, partners.partner_type
        )
),

revenue as (
    select
        eligible.partner_id,
        coalesce(sum(deals.amount) filter (
            where deals.closed_on > eligible.certified_on - 180
                and deals.closed_on <= eligible.certified_on
        ), 0) as revenue_before,
        coalesce(sum(deals.amount) filter (
            where deals.closed_on > eligible.certified_on
                and deals.closed_on <= eligible.certified_on + 180
        ), 0) as revenue_after,
    from eligible
    -- The stored won deals (a fraction of the registrations) rather than every registration.
    left join int_won_deals as deals on deals.partner_id = eligible.partner_id
    group by eligible.partner_id
)

select
    count(*) as partners,
    avg(revenue_before) as revenue_before_per_partner,
    avg(revenue_after) as revenue_after_per_partner,
    ratio(sum(revenue_after) - sum(revenue_before), sum(revenue_before)) as change,
from revenue;

-- QBR completion per quarter: partners with a QBR held in the quarter ÷ partners due one. A
-- partner is due in a quarter when enrolled at its end, its tier has a cadence of k quarters, and
-- it held no QBR in the k − 1 quarters before. A QBR counts for the quarter it was held in.
create or replace macro qbr_completion(from_date, as_of, tiers, regions, cams, partner_types)
as table
with
quarters as (
    select cast(quarter_start as date) as quarter_start,
    from range(
        cast(date_trunc('quarter', cast(from_date as date)) as timestamp),
        cast(last_complete_quarter(as_of) as timestamp) + interval 1 day,
        interval 3 month
    ) as quarters(quarter_start)
),

held as (
    select distinct partner_id, cast(date_trunc('quarter', held_on) as date) as quarter_start,
    from stg_qbrs
    where held_on is not null and held_on <= cast(as_of as date)
),

partners as (
    select partners.*, coalesce(program.qbr_every_quarters, 0) as cadence,
    from stg_partners as partners
    left join stg_program_tiers as program using (tier)
    where in_selection(
        tiers, regions, cams, partner_types,
        partners.tier, partners.region, partners.cam_id, partners.partner_type
    )
),

due as (
    select partners.partner_id, partners.cam_id, partners.tier, quarters.quarter_start,
    from partners
    cross join quarters
    where partners.cadence > 0
        and partners.enrolled_on <= quarter_end(quarters.quarter_start)
        and (partners.terminated_on is null
            or partners.terminated_on > quarter_end(quarters.quarter_start))
        and not exists (
            select 1 from held
            where held.partner_id = partners.partner_id
                and held.quarter_start < quarters.quarter_start
                and held.quarter_start >= cast(
                    quarters.quarter_start - to_months(3 * (partners.cadence - 1)) as date
                )
        )
)

select
    due.quarter_start,
    due.partner_id,
    due.cam_id,
    due.tier,
    held.partner_id is not null as held_qbr,
from due
left join held using (partner_id, quarter_start);

-- Retention over the window: partners enrolled on its start (as_of − W) and still enrolled on
-- as_of, ÷ partners enrolled on its start.
create or replace macro partner_retention(
    as_of, window_months, tiers, regions, cams, partner_types
) as table
with
bounds as (
    select window_start(as_of, window_months) as window_start, cast(as_of as date) as window_end,
),

partners as (
    select partners.*,
    from stg_partners as partners
    cross join bounds
    where partners.enrolled_on <= bounds.window_start
        and (partners.terminated_on is null or partners.terminated_on > bounds.window_start)
        and in_selection(
            tiers, regions, cams, partner_types,
            partners.tier, partners.region, partners.cam_id, partners.partner_type
        )
),

final as (
    select
        partners.*,
        partners.terminated_on is null or partners.terminated_on > bounds.window_end
            as retained,
        cast(date_trunc('year', partners.enrolled_on) as date) as cohort_year,
    from partners
    cross join bounds
)

select * from final;

-- Revenue of partners who left in the window, in the twelve months before they left.
create or replace macro churned_partner_revenue(
    as_of, window_months, tiers, regions, cams, partner_types
) as table
select
    partners.partner_id,
    partners.partner_name,
    partners.tier,
    partners.terminated_on,
    coalesce(sum(deals.amount) filter (
        where deals.closed_on > cast(partners.terminated_on - interval 12 month as date)
            and deals.closed_on <= partners.terminated_on
    ), 0) as revenue_last_12_months,
from stg_partners as partners
-- The stored won deals (a fraction of the registrations) rather than every registration.
left join int_won_deals as deals using (partner_id)
where partners.terminated_on > window_start(as_of, window_months)
    and partners.terminated_on <= cast(as_of as date)
    and in_selection(
        tiers, regions, cams, partner_types,
        partners.tier, partners.region, partners.cam_id, partners.partner_type
    )
group by all;
