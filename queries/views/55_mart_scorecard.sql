-- One row per partner with the figures of its scorecard, on as_of; the scorecard sets a partner
-- against the median of its tier.
create or replace macro partner_scorecards(as_of, window_months, grace_days, lead_days) as table
with
snapshot as (
    select * from partner_snapshot(as_of, window_months, grace_days)
),

registrations as (
    select
        partner_id,
        count(*) filter (
            where registered_on > window_start(as_of, window_months)
                and registered_on <= cast(as_of as date)
        ) as registrations,
        sum(amount) filter (
            where status in ('submitted', 'approved') and registered_on <= cast(as_of as date)
        ) as open_pipeline,
    from int_registrations
    group by partner_id
),

forecast as (
    select
        partner_id,
        forecast_amount,
        actual_amount,
        forecast_accuracy(forecast_amount, actual_amount) as forecast_accuracy,
    from forecast_vs_actual(lead_days)
    where quarter_start = last_complete_quarter(as_of)
),

qbrs as (
    select partner_id, count(distinct date_trunc('quarter', held_on)) as qbrs_last_year,
    from stg_qbrs
    where held_on > cast(as_of as date) - interval 12 month and held_on <= cast(as_of as date)
    group by partner_id
),

final as (
    select
        -- A table the program did not load is "no data", not zero.
        snapshot.* replace (
            case when has.mdf then snapshot.mdf_allocated end as mdf_allocated,
            case when has.certifications then snapshot.current_certifications end
                as current_certifications
        ),
        coalesce(cams.cam_name, 'Unassigned') as cam_name,
        coalesce(registrations.registrations, 0) as registrations,
        coalesce(registrations.open_pipeline, 0) as open_pipeline,
        ratio(snapshot.won_deals, snapshot.won_deals + snapshot.lost_deals) as win_rate,
        ratio(snapshot.mdf_claimed, snapshot.mdf_allocated) as mdf_utilization,
        ratio(snapshot.revenue - snapshot.prior_revenue, snapshot.prior_revenue)
            as revenue_change,
        forecast.forecast_amount,
        forecast.actual_amount as forecast_actual,
        forecast.forecast_accuracy,
        case when has.qbrs then coalesce(qbrs.qbrs_last_year, 0) end as qbrs_last_year,
    from snapshot
    cross join program_has as has
    left join stg_cams as cams using (cam_id)
    left join registrations using (partner_id)
    left join forecast using (partner_id)
    left join qbrs using (partner_id)
)

select * from final;
