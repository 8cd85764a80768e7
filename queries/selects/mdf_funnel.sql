-- Allocated → requested → approved → claimed → paid over the window's quarters.
with
totals as (
    select *
    from mdf_utilization_by(
        window_start($as_of, $window_months), $as_of, $tiers, $regions, $cams, $partner_types,
        'all'
    )
)

-- Five stages always, with "no data" amounts when the selection holds no MDF in the window.
select stage_order, stage, amount, ratio(amount, allocated_amount) as share_of_allocation,
from (
    values
        (1, 'Allocated'), (2, 'Requested'), (3, 'Approved'), (4, 'Claimed'), (5, 'Paid')
) as stages(stage_order, stage)
left join totals on true
cross join lateral (
    select case stage_order
        when 1 then totals.allocated_amount
        when 2 then totals.requested_amount
        when 3 then totals.approved_amount
        when 4 then totals.claimed_amount
        else totals.paid_amount
    end as amount
)
order by stage_order
