-- Every name presentation mode hides from a partner audience: each partner's (with its id, so
-- the presented partner can be kept by id) and each customer's.
select 'partner' as kind, partner_id, partner_name as name,
from stg_partners
where partner_name is not null
union all
select distinct 'customer' as kind, null as partner_id, customer_name as name,
from stg_deal_registrations
where customer_name is not null
