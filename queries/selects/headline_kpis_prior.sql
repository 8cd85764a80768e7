-- The headline KPIs whose change the pages show, one window before as_of (headline_change_kpis).
select 'prior' as period, *
from headline_change_kpis(
    window_start($as_of, $window_months), $window_months, $grace_days, $lead_days,
    $tiers, $regions, $cams, $partner_types
)
