-- The last complete quarter's forecast KPIs for a forecast cut-off (headline_forecast).
select *
from headline_forecast(
    $as_of, $window_months, $grace_days, $lead_days, $tiers, $regions, $cams, $partner_types
)
