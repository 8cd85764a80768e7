-- The channel's forecast against actual for each complete quarter of the last two years.
select quarter_start, forecast_amount, actual_amount, forecast_accuracy, forecast_bias,
    within_10_pct, partner_wape, forecasting_partners,
from forecast_by_segment(
    $lead_days, window_start($as_of, 24), $as_of, $tiers, $regions, $cams, $partner_types, 'all'
)
order by quarter_start
