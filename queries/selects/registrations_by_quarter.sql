-- Registrations per quarter of registration and wins per quarter of close, last eight quarters.
select
    coalesce(registered.registered_quarter, closed.closed_quarter) as quarter_start,
    coalesce(registered.registrations, 0) as registrations,
    -- No registration in the quarter: $0; registrations none of which has a value: unknown.
    coalesce(
        registered.registered_amount, case when registered.registrations is null then 0 end
    ) as registered_amount,
    coalesce(registered.registrations_without_amount, 0) as registrations_without_amount,
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
