-- Registrations in the window that collide with another partner's claim on the same customer:
-- the latest 500, with the total in every row.
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
    count(*) over () as conflicts_in_window,
from int_registrations as later
join stg_partners as earlier_partner on earlier_partner.partner_id = later.conflicting_partner_id
where later.is_conflict
    and later.registered_on > window_start($as_of, $window_months)
    and later.registered_on <= $as_of
    and in_selection(
        $tiers, $regions, $cams, $partner_types,
        later.tier, later.region, later.cam_id, later.partner_type
    )
order by later.registered_on desc, later.deal_id
limit 500
