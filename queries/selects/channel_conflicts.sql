-- Registrations in the window that collide with another partner's claim on the same customer:
-- the latest 500, with the total in every row. The total is counted on its own and the earlier
-- partner looked up for the 500 alone: a count over the window's rows (millions at 100,000
-- partners) carried every row's columns to the sort.
with
-- Read twice, each reading scanning the columns it needs: shared, every conflict in the window
-- was held with every column (4.4 million at 100,000 partners).
in_window as not materialized (
    select deal_id, registered_on,
    from int_registrations
    where is_window_conflict(
            is_conflict, registered_on, conflicting_partner_id, $as_of, $window_months
        )
        and in_selection(
            $tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type
        )
),

latest_deals as (
    select deal_id,
    from in_window
    order by registered_on desc, deal_id
    limit 500
),

-- The shown columns for those 500 alone.
latest as (
    select
        deal_id,
        registered_on,
        customer_name,
        partner_name,
        amount,
        status,
        conflicting_partner_id,
        conflicting_registered_on,
    from int_registrations
    semi join latest_deals using (deal_id)
    -- (again, so the scan reads the shown columns of the selection's conflicts alone)
    where is_window_conflict(
            is_conflict, registered_on, conflicting_partner_id, $as_of, $window_months
        )
        and in_selection(
            $tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type
        )
),

total as (
    select count(*) as conflicts_in_window,
    from in_window
)

select
    later.registered_on,
    later.customer_name,
    later.partner_name,
    later.amount,
    later.status,
    later.conflicting_registered_on as earlier_registered_on,
    case
        when in_filter($scope_cams, earlier_partner.cam_id) then earlier_partner.partner_name
        else 'another CAM''s partner'
    end as earlier_partner_name,
    later.registered_on - later.conflicting_registered_on as days_apart,
    total.conflicts_in_window,
from latest as later
join stg_partners as earlier_partner on earlier_partner.partner_id = later.conflicting_partner_id
cross join total
order by later.registered_on desc, later.deal_id
