-- The headline KPIs on as_of alone: what `python -m queries kpis` prints (no change to show).
select *
from headline_kpis(
    $as_of, $window_months, $grace_days, $lead_days, $tiers, $regions, $cams, $partner_types
)
