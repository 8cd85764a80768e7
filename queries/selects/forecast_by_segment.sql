-- Per CAM, region or tier over the complete quarters of the window: summed forecast against
-- summed actual (accuracy, bias) and the share of quarters that landed within 10%.
with
quarters as (
    select *
    from forecast_by_segment(
        $lead_days, window_start($as_of, $window_months), $as_of,
        $tiers, $regions, $cams, $partner_types, $dimension
    )
),

final as (
    select
        segment,
        count(within_10_pct) as quarters_with_data,
        ratio(count(*) filter (where within_10_pct), count(within_10_pct)) as share_within_10_pct,
        -- Only quarters with both a forecast and actuals are summed, as in the quarterly view.
        sum(forecast_amount) filter (where within_10_pct is not null) as forecast_amount,
        sum(actual_amount) filter (where within_10_pct is not null) as actual_amount,
    from quarters
    group by segment
)

select
    final.*,
    forecast_accuracy(final.forecast_amount, final.actual_amount) as forecast_accuracy,
    forecast_bias(final.forecast_amount, final.actual_amount) as forecast_bias,
    coalesce(cams.cam_name, final.segment) as segment_label,
    case
        when forecast_bias(final.forecast_amount, final.actual_amount) < -0.10 then 'sandbags'
        when forecast_bias(final.forecast_amount, final.actual_amount) > 0.10 then 'over-commits'
        when final.forecast_amount is not null then 'calls it'
    end as habit,
from final
left join stg_cams as cams on $dimension = 'cam' and cams.cam_id = final.segment
where final.quarters_with_data > 0
order by forecast_bias
