-- Partner status counts at each of the last eight quarter ends and on as_of.
select *
from partner_status_rollup(
    window_start($as_of, 24), $as_of, $window_months, $grace_days,
    $tiers, $regions, $cams, $partner_types, 'all'
)
order by snapshot_on
