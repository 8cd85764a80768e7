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

-- Each partner's last registration day on or before each quarter end, from the quarter of the
-- first registration to that of the last (after it, the last quarter end's). Stored as a table
-- at load (queries/loader.py): the status history reads quarter ends from it instead of an as-of
-- join over every registration day, which cost over a second per read at 100,000 partners.
create or replace view int_partner_quarter_registrations as
with
quarterly as (
    select
        partner_id,
        quarter_end(cast(date_trunc('quarter', registered_on) as date)) as quarter_end,
        max(registered_on) as last_in_quarter,
    from int_registration_days
    group by all
),

quarter_ends as (
    select quarter_end(cast(quarter_start as date)) as quarter_end
    from (select min(quarter_end) as first_end, max(quarter_end) as last_end from quarterly),
        range(
            cast(date_trunc('quarter', first_end) as timestamp),
            cast(last_end as timestamp),
            interval 3 month
        ) as quarters(quarter_start)
),

final as (
    select
        partners.partner_id,
        quarter_ends.quarter_end,
        max(quarterly.last_in_quarter) over (
            partition by partners.partner_id
            order by quarter_ends.quarter_end
            rows between unbounded preceding and current row
        ) as last_registered_on,
    from (select distinct partner_id from quarterly) as partners
    cross join quarter_ends
    left join quarterly
        on quarterly.partner_id = partners.partner_id
        and quarterly.quarter_end = quarter_ends.quarter_end
)

-- In quarter order, so a read of some quarters skips the others' row groups.
select * from final order by quarter_end, partner_id;

-- Partner status per snapshot date (docs/metrics.md): enrolled, onboarding, active, dark,
-- at risk. Snapshots are the quarter ends from `from_date` up to `as_of`, and `as_of` itself.
-- The statuses of the partners in a selection (empty lists: everyone).
create or replace macro partner_status_history_of(
    from_date, as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
partners as (
    select *
    from stg_partners
    where in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
),

-- On the quarter ends before as_of: stored per quarter end (a quarter end after the last
-- registration's reads that quarter's, before the first's finds none).
last_stored_quarter_end as (
    select max(quarter_end) as quarter_end from int_partner_quarter_registrations
),

-- The last quarter end on or before as_of.
as_of_quarter_end as (
    select cast(date_trunc('quarter', cast(as_of as date) + 1) as date) - 1 as quarter_end
),

-- The last registration on as_of: the one stored on the last quarter end by as_of, or a
-- registration day after that quarter end; a pass over every registration day's partners
-- and dates cost most of a status history at 100,000 partners.
last_on_as_of as (
    select partner_id, max(last_registered_on) as last_registered_on,
    from (
        select stored.partner_id, stored.last_registered_on,
        from int_partner_quarter_registrations as stored
        where stored.quarter_end = least(
            (select quarter_end from as_of_quarter_end),
            (select quarter_end from last_stored_quarter_end)
        )
        union all
        select partner_id, registered_on as last_registered_on,
        from int_registration_days
        where registered_on > cast(date_trunc('quarter', cast(as_of as date) + 1) as date) - 1
            and registered_on <= cast(as_of as date)
    ) as candidates
    semi join partners using (partner_id)
    group by partner_id
),

last_on_quarter_ends as (
    select stored.*
    from int_partner_quarter_registrations as stored
    cross join last_stored_quarter_end as last_stored
    where stored.quarter_end < cast(as_of as date)
        and (
            stored.quarter_end >= cast(from_date as date)
            or stored.quarter_end = last_stored.quarter_end
        )
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
        case
            when partner_snapshots.snapshot_on = cast(as_of as date)
                then last_on_as_of.last_registered_on
            else last_on_quarter_ends.last_registered_on
        end as last_registered_on,
    from partner_snapshots
    cross join last_stored_quarter_end
    left join last_on_as_of
        on partner_snapshots.snapshot_on = cast(as_of as date)
        and last_on_as_of.partner_id = partner_snapshots.partner_id
    left join last_on_quarter_ends
        on partner_snapshots.snapshot_on < cast(as_of as date)
        and last_on_quarter_ends.partner_id = partner_snapshots.partner_id
        and last_on_quarter_ends.quarter_end
            = least(partner_snapshots.snapshot_on, last_stored_quarter_end.quarter_end)
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
