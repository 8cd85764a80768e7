-- The chosen partner's last eight quarters: registrations, won revenue, MDF, forecast.
with
chosen as (
    select partner_id from stg_partners
    where partner_id = $partner_id and in_filter($scope_cams, cam_id)
),

quarters as (
    select cast(quarter_start as date) as quarter_start,
    from range(
        cast(date_trunc('quarter', window_start($as_of, 21)) as timestamp),
        cast($as_of as timestamp) + interval 1 day,
        interval 3 month
    ) as quarters(quarter_start)
),

registrations as (
    select registered_quarter as quarter_start, count(*) as registrations,
        sum(amount) as registered_amount, count(*) filter (where is_conflict) as conflicts,
    from int_registrations
    where partner_id in (select partner_id from chosen) and registered_on <= $as_of
    group by all
),

won as (
    select cast(date_trunc('quarter', closed_on) as date) as quarter_start,
        sum(amount) as won_revenue,
    from stg_deal_registrations
    where partner_id in (select partner_id from chosen) and status = 'won' and closed_on <= $as_of
    group by all
),

mdf as (
    select quarter_start, allocated_amount, claimed_amount,
    from mart_mdf_partner_quarter
    where partner_id in (select partner_id from chosen)
),

forecast as (
    select quarter_start, forecast_amount,
    from forecast_vs_actual($lead_days)
    where partner_id in (select partner_id from chosen)
)

select
    quarters.quarter_start,
    coalesce(registrations.registrations, 0) as registrations,
    coalesce(registrations.registered_amount, 0) as registered_amount,
    coalesce(registrations.conflicts, 0) as conflicts,
    coalesce(won.won_revenue, 0) as won_revenue,
    coalesce(mdf.allocated_amount, 0) as mdf_allocated,
    coalesce(mdf.claimed_amount, 0) as mdf_claimed,
    forecast.forecast_amount,
from quarters
left join registrations using (quarter_start)
left join won using (quarter_start)
left join mdf using (quarter_start)
left join forecast using (quarter_start)
order by quarters.quarter_start
