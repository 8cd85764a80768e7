-- The page passes the three headline KPIs it already read (components/maturity.criteria_inputs).
select *
from maturity_criteria_of(
    $dark_partner_rate, $mdf_utilization, $forecast_accuracy,
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types
)
