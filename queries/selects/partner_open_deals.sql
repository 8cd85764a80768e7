-- The chosen partner's open registrations (submitted or approved), largest first.
select deal_id, customer_name, product_line, registered_on, status, amount, expected_close_on,
from stg_deal_registrations
where partner_id in (
        select partner_id from stg_partners
        where partner_id = $partner_id and in_filter($scope_cams, cam_id)
    )
    and status in ('submitted', 'approved')
    and registered_on <= $as_of
order by amount desc
limit 50
