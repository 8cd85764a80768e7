-- The two portfolio rates, defined once and used wherever statuses are counted.
create or replace macro dark_partner_rate(dark, enrolled, onboarding) as (
    ratio(dark, enrolled - onboarding)
);

create or replace macro active_partner_rate(active, enrolled) as (
    ratio(active, enrolled)
);

-- The segment a partner falls in for a breakdown by tier, region, cam or partner_type (any other
-- dimension: the whole portfolio).
create or replace macro segment_of(dimension, tier, region, cam_id, partner_type) as (
    case dimension
        when 'tier' then tier
        when 'region' then region
        when 'cam' then coalesce(cam_id, 'Unassigned')
        when 'partner_type' then partner_type
        else 'All partners'
    end
);

-- Partner status per snapshot date (docs/metrics.md): enrolled, onboarding, active, dark,
-- at risk. Snapshots are the quarter ends from `from_date` up to `as_of`, and `as_of` itself.
-- The statuses of the partners in a selection (empty lists: everyone). The registrations are
-- narrowed to the selection before the as-of join, which sorts what it reads.
create or replace macro partner_status_history_of(
    from_date, as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
partners as (
    select *
    from stg_partners
    where in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
),

registration_days as (
    select *
    from int_registration_days
    semi join partners using (partner_id)
),

quarter_ends as (
    select quarter_end(cast(quarter_start as date)) as snapshot_on
    from range(
        cast(date_trunc('quarter', cast(from_date as date)) as timestamp),
        cast(as_of as timestamp),
        interval 3 month
    ) as quarters(quarter_start)
),

snapshots as (
    select cast(as_of as date) as snapshot_on
    union
    select snapshot_on
    from quarter_ends
    where snapshot_on >= cast(from_date as date) and snapshot_on < cast(as_of as date)
),

partner_snapshots as (
    select snapshots.snapshot_on, partners.*
    from snapshots
    cross join partners
),

with_last_registration as (
    select
        partner_snapshots.*,
        registration_days.registered_on as last_registered_on,
    from partner_snapshots
    asof left join registration_days
        on partner_snapshots.partner_id = registration_days.partner_id
        and partner_snapshots.snapshot_on >= registration_days.registered_on
),

final as (
    select
        snapshot_on,
        partner_id,
        partner_name,
        tier,
        partner_type,
        region,
        cam_id,
        country,
        state,
        enrolled_on,
        terminated_on,
        last_registered_on,
        snapshot_on - last_registered_on as days_silent,
        enrolled_on <= snapshot_on
            and (terminated_on is null or terminated_on > snapshot_on) as is_enrolled,
        is_enrolled
            and enrolled_on > snapshot_on - cast(grace_days as integer) as is_onboarding,
        is_enrolled
            and coalesce(last_registered_on > window_start(snapshot_on, window_months), false)
            as is_active,
        is_active and last_registered_on <= snapshot_on - 90 as is_silent_90d,
        is_enrolled and not is_onboarding and not is_active as is_dark,
        case
            when enrolled_on > snapshot_on then 'not yet enrolled'
            when not is_enrolled then 'terminated'
            when is_silent_90d then 'silent 90+ days'
            when is_active then 'active'
            when is_onboarding then 'onboarding'
            else 'dark'
        end as partner_status,
    from with_last_registration
)

select * from final;

create or replace macro partner_status_history(from_date, as_of, window_months, grace_days) as table
select *
from partner_status_history_of(from_date, as_of, window_months, grace_days, [], [], [], []);

create or replace macro partner_status(as_of, window_months, grace_days) as table
select * exclude (snapshot_on)
from partner_status_history(as_of, as_of, window_months, grace_days);

-- Counts and rates per snapshot and segment; `dimension` picks the segment column from a fixed
-- list (tier, region, cam, partner_type, or anything else for the whole portfolio).
create or replace macro partner_status_rollup(
    from_date, as_of, window_months, grace_days, tiers, regions, cams, partner_types, dimension
) as table
with
statuses as (
    select *
    from partner_status_history_of(
        from_date, as_of, window_months, grace_days, tiers, regions, cams, partner_types
    )
),

segmented as (
    select
        *,
        segment_of(dimension, tier, region, cam_id, partner_type) as segment,
    from statuses
),

counts as (
    select
        snapshot_on,
        segment,
        count(*) filter (where is_enrolled) as enrolled_partners,
        count(*) filter (where is_onboarding) as onboarding_partners,
        count(*) filter (where is_active) as active_partners,
        count(*) filter (where is_dark) as dark_partners,
        count(*) filter (where is_silent_90d) as silent_90d_partners,
    from segmented
    group by snapshot_on, segment
),

final as (
    select
        *,
        dark_partner_rate(dark_partners, enrolled_partners, onboarding_partners)
            as dark_partner_rate,
        active_partner_rate(active_partners, enrolled_partners) as active_partner_rate,
    from counts
)

select * from final;
