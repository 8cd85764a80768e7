-- MDF claims with the partner's attributes, and the figures of the MDF page. Utilization is
-- Σ claimed (status claimed or paid) ÷ Σ allocated over the same partners and quarters.
create or replace view int_mdf_claims as
with
claims as (
    select * from stg_mdf_claims
),

partners as (
    select partner_id, tier, region, cam_id, partner_type from stg_partners
),

final as (
    select
        claims.*,
        partners.tier,
        partners.region,
        partners.cam_id,
        partners.partner_type,
        claims.status in ('approved', 'claimed', 'paid') as is_approved,
        claims.status in ('claimed', 'paid') as is_claimed,
        claims.status = 'paid' as is_paid,
        -- The quarter-end rush: requested in the last 14 days of the claim's quarter.
        claims.requested_on > quarter_end(claims.quarter_start) - 14
            and claims.requested_on <= quarter_end(claims.quarter_start) as requested_in_last_two_weeks,
        claims.approved_on - claims.requested_on as days_to_approve,
        claims.paid_on - claims.approved_on as days_to_pay,
    from claims
    join partners using (partner_id)
)

select * from final;

-- Allocated, requested, approved, claimed and paid per partner and quarter between two dates
-- (quarters whose first day lies in (from_date, to_date]), with the partner's attributes.
create or replace macro mdf_partner_quarters(from_date, to_date, tiers, regions, cams, partner_types)
as table
select
    mdf.*,
    partners.partner_name,
    partners.tier,
    partners.region,
    partners.cam_id,
    partners.partner_type,
from mart_mdf_partner_quarter as mdf
join stg_partners as partners using (partner_id)
where mdf.quarter_start > cast(from_date as date)
    and mdf.quarter_start <= cast(to_date as date)
    and in_selection(
        tiers, regions, cams, partner_types,
        partners.tier, partners.region, partners.cam_id, partners.partner_type
    );

-- MDF yield: pipeline (all linked registrations) and won revenue per paid MDF dollar, by the
-- activity type of the claim the registrations are attributed to.
create or replace macro mdf_yield(from_date, to_date, tiers, regions, cams, partner_types)
as table
with
claims as (
    select *
    from int_mdf_claims
    where quarter_start > cast(from_date as date)
        and quarter_start <= cast(to_date as date)
        and in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
),

attributed as (
    select * from int_mdf_claim_registrations
),

final as (
    select
        claims.activity_type,
        sum(claims.paid_amount) filter (where claims.is_paid) as paid_amount,
        coalesce(sum(attributed.pipeline_amount), 0) as pipeline_amount,
        coalesce(sum(attributed.won_amount), 0) as won_amount,
        coalesce(sum(attributed.registrations), 0) as registrations,
        ratio(sum(attributed.pipeline_amount), sum(claims.paid_amount) filter (where claims.is_paid))
            as pipeline_per_mdf_dollar,
        ratio(sum(attributed.won_amount), sum(claims.paid_amount) filter (where claims.is_paid))
            as won_per_mdf_dollar,
    from claims
    left join attributed using (claim_id)
    group by rollup (claims.activity_type)
)

select coalesce(activity_type, 'All activities') as activity_type, * exclude (activity_type)
from final;

-- MDF utilization per segment of one dimension (tier, region, cam, partner_type, quarter,
-- partner) between two dates; the activity type has its own query (claims carry it,
-- allocations do not).
create or replace macro mdf_utilization_by(
    from_date, to_date, tiers, regions, cams, partner_types, dimension
) as table
with
rows as (
    select *
    from mdf_partner_quarters(from_date, to_date, tiers, regions, cams, partner_types)
),

segmented as (
    select
        *,
        case dimension
            when 'tier' then tier
            when 'region' then region
            when 'cam' then coalesce(cam_id, 'Unassigned')
            when 'partner_type' then partner_type
            when 'quarter' then strftime(quarter_start, '%Y-%m-%d')
            when 'partner' then partner_id
            else 'All partners'
        end as segment,
    from rows
),

final as (
    select
        segment,
        case when dimension = 'partner' then any_value(partner_name) end as partner_name,
        sum(allocated_amount) as allocated_amount,
        sum(requested_amount) as requested_amount,
        sum(approved_amount) as approved_amount,
        sum(claimed_amount) as claimed_amount,
        sum(paid_amount) as paid_amount,
        ratio(sum(claimed_amount), sum(allocated_amount)) as mdf_utilization,
    from segmented
    group by segment
)

select * from final;
