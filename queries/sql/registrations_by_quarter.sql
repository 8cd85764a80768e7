-- Registrations per quarter of registration and wins per quarter of close, last eight quarters.
select
    coalesce(registered.registered_quarter, closed.closed_quarter) as quarter_start,
    coalesce(registered.registrations, 0) as registrations,
    coalesce(registered.registered_amount, 0) as registered_amount,
    registered.approval_rate,
    registered.median_days_to_approve,
    coalesce(registered.conflicts, 0) as conflicts,
    registered.conflict_rate,
    coalesce(closed.won_deals, 0) as won_deals,
    coalesce(closed.lost_deals, 0) as lost_deals,
    coalesce(closed.won_amount, 0) as won_amount,
    closed.win_rate,
from registrations_by_quarter(
    window_start($as_of, 24), $as_of, $tiers, $regions, $cams, $partner_types
) as registered
full outer join win_rate_by_quarter(
    window_start($as_of, 24), $as_of, $tiers, $regions, $cams, $partner_types
) as closed on registered.registered_quarter = closed.closed_quarter
order by quarter_start
