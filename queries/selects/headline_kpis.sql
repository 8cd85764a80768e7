-- The headline KPIs on as_of and, for the change, one window earlier: of the prior window only
-- the KPIs whose change the page shows (headline_change_kpis); its other columns are null.
select 'current' as period, *
from headline_kpis(
    $as_of, $window_months, $grace_days, $lead_days, $tiers, $regions, $cams, $partner_types
)
union all by name
select 'prior' as period, *
from headline_change_kpis(
    window_start($as_of, $window_months), $window_months, $grace_days, $lead_days,
    $tiers, $regions, $cams, $partner_types
)
