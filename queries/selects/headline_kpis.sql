-- The headline KPIs on as_of and, for the change, one window earlier.
select 'current' as period, *
from headline_kpis(
    $as_of, $window_months, $grace_days, $lead_days, $tiers, $regions, $cams, $partner_types
)
union all
select 'prior' as period, *
from headline_kpis(
    window_start($as_of, $window_months), $window_months, $grace_days, $lead_days,
    $tiers, $regions, $cams, $partner_types
)
