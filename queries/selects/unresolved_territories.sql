-- Locations that resolve to no territory, counted over the partners the viewer may see.
select unresolved.*
from unresolved_territories as unresolved
where unresolved.what like 'market potential%'
union all
select 'partner country', coalesce(territories.raw_country, '(empty)'), count(*),
from int_partner_territories as territories
join stg_partners as partners using (partner_id)
where territories.country_code is null and in_filter($scope_cams, partners.cam_id)
group by all
union all
select 'partner state (United States)', coalesce(territories.raw_state, '(empty)'), count(*),
from int_partner_territories as territories
join stg_partners as partners using (partner_id)
where territories.country_code = 'US' and territories.state_code is null
    and in_filter($scope_cams, partners.cam_id)
group by all
order by rows desc, what, value
