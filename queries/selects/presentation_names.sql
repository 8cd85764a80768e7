-- Every name presentation mode hides from a partner audience: each partner's (with its id, so
-- the presented partner can be kept by id) and each customer's, among those the viewer may see.
select 'partner' as kind, partner_id, partner_name as name,
from stg_partners
where partner_name is not null and in_filter($scope_cams, cam_id)
union all
select distinct 'customer' as kind, null as partner_id, deals.customer_name as name,
from stg_deal_registrations as deals
join stg_partners as partners using (partner_id)
where deals.customer_name is not null and in_filter($scope_cams, partners.cam_id)
